"""How much a template may make: text, lists and numbers, checked before they are made."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from jinja2.exceptions import TemplateRuntimeError, UndefinedError

# A handout's longest text is a few thousand characters; these leave room a hundred times
# over and still stop a template long before it can hurt the machine.
MAX_TEXT = 100_000  # characters (or list items) one value or one rendering may hold
MAX_NUMBER_BITS = 1_000  # about 300 digits
MAX_WIDTH = 1_000  # a width, length or count given to a filter or a text method

PERCENT_WIDTH = re.compile(r"%[-+ #0]*(\d*)(?:\.(\d*))?")


class LimitError(TemplateRuntimeError):
    """A template tried to make too much (text, a number, loops); the message says what."""


def too_long(size: int) -> LimitError:
    return LimitError(f"too much text: a template may make at most {MAX_TEXT:,} characters "
                      f"(this would make {size:,})")


def weight(value: Any, seen: dict[int, int] | None = None) -> int:
    """About how many characters the value prints as (lists and mappings summed up)."""
    if isinstance(value, str):
        return len(value)
    if not isinstance(value, list | tuple | Mapping):
        return 8
    seen = {} if seen is None else seen
    if id(value) in seen:
        if seen[id(value)] < 0:
            raise LimitError("not allowed in a template (a list inside itself)")
        return seen[id(value)]
    seen[id(value)] = -1
    items = [*value.keys(), *value.values()] if isinstance(value, Mapping) else value
    total = 2
    for item in items:
        total += weight(item, seen) + 2
        if total > MAX_TEXT:
            raise too_long(total)
    seen[id(value)] = total
    return total


def checked(value: Any) -> Any:
    weight(value)
    return value


def join_bounded(parts: Iterable[Any]) -> str:
    out, size = [], 0
    for part in parts:
        text = str(checked(part))
        size += len(text)
        if size > MAX_TEXT:
            raise too_long(size)
        out.append(text)
    return "".join(out)


def printable_value(value: Any) -> Any:
    """How a value prints: a list (an address) as one line, never as Python's list syntax."""
    if isinstance(value, list | tuple):
        return join_with(", ", [str(item) for item in value])
    if isinstance(value, Mapping):
        raise LimitError("a group of values cannot be printed; use one of them, like "
                         "clinic.name")
    if value is None:
        raise UndefinedError("a variable that is not set")
    return checked(value)


def join_with(separator: str, items: list[Any]) -> str:
    size = len(separator) * max(len(items) - 1, 0) + sum(weight(i) for i in items)
    if size > MAX_TEXT:
        raise too_long(size)
    return separator.join(str(i) for i in items)


def is_number(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def number_too_large() -> LimitError:
    return LimitError("number too large: a template may use numbers of up to about 300 digits")


def check_number(value: int) -> int:
    if value.bit_length() > MAX_NUMBER_BITS:
        raise number_too_large()
    return value


def _power(left: Any, right: Any) -> Any:
    if (is_number(left) and is_number(right) and right > 0 and abs(left) > 1
            and right * math.log2(abs(left)) > MAX_NUMBER_BITS):
        raise number_too_large()
    return left**right


def _times(left: Any, right: Any) -> Any:
    if is_number(left) and is_number(right):
        if left.bit_length() + right.bit_length() > MAX_NUMBER_BITS + 1:
            raise number_too_large()
        return left * right
    count, thing = (right, left) if is_number(right) else (left, right)
    if is_number(count) and isinstance(thing, str | list | tuple):
        size = weight(thing) * max(count, 0)
        if size > MAX_TEXT:
            raise too_long(size)
    return left * right


def _plus(left: Any, right: Any) -> Any:
    if isinstance(left, str | list | tuple) and isinstance(right, str | list | tuple):
        size = weight(left) + weight(right)
        if size > MAX_TEXT:
            raise too_long(size)
    return left + right


def percent(text: Any, args: Any) -> Any:
    """`'%5d' % 3` and the `format` filter: with widths a page can hold."""
    if not isinstance(text, str):
        return text % args
    for width, precision in PERCENT_WIDTH.findall(text):
        if int(width or 0) > MAX_WIDTH or int(precision or 0) > MAX_WIDTH:
            raise LimitError(f"a width in a template may be at most {MAX_WIDTH:,}")
    for arg in args if isinstance(args, tuple) else (args,):
        if is_number(arg) and abs(arg) > MAX_WIDTH:
            raise LimitError(f"a width in a template may be at most {MAX_WIDTH:,}")
    return checked(text % args)


BINOPS: dict[str, Callable[[Any, Any], Any]] = {
    "**": _power, "*": _times, "+": _plus, "%": percent,
}


def check_text_call(text: str, name: str, args: tuple[Any, ...]) -> None:
    """Refuse a text method that would make more text than a page holds."""
    if name in ("center", "ljust", "rjust", "zfill") and args and is_number(args[0]) \
            and args[0] > MAX_WIDTH:
        raise LimitError(f"a width in a template may be at most {MAX_WIDTH:,}")
    if name == "replace" and len(args) >= 2:
        old, new = str(args[0]), str(args[1])
        size = len(text) + text.count(old) * len(new) if old else (len(text) + 1) * len(new)
        if size > MAX_TEXT:
            raise too_long(size)
    if name == "join" and args:
        join_with(text, list(checked(args[0])))

"""The Jinja2 sandbox: read-only values, the documented variables only, and bounded work."""

from __future__ import annotations

import math
import re
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextvars import ContextVar
from types import MappingProxyType
from typing import Any

from jinja2 import nodes
from jinja2.exceptions import TemplateRuntimeError, TemplateSyntaxError, UndefinedError
from jinja2.runtime import LoopContext
from jinja2.sandbox import SandboxedEnvironment
from jinja2.visitor import NodeTransformer

# A handout's longest text is a few thousand characters; these leave room a hundred times
# over and still stop a template long before it can hurt the machine.
MAX_TEXT = 100_000  # characters (or list items) one value or one rendering may hold
MAX_STEPS = 100_000  # loop turns, calls, filters and includes in one rendering
MAX_SECONDS = 2.0  # one rendering; a safety net behind MAX_STEPS
MAX_NUMBER_BITS = 1_000  # about 300 digits
MAX_WIDTH = 1_000  # a width, length or count given to a filter or a text method

# The methods a template may call, by the type of the value; everything else is refused.
_TEXT_METHODS = frozenset({
    "lower", "upper", "title", "capitalize", "casefold", "swapcase", "strip", "lstrip",
    "rstrip", "startswith", "endswith", "split", "rsplit", "splitlines", "partition",
    "rpartition", "find", "rfind", "count", "isalpha", "isdigit", "isalnum", "isspace",
    "islower", "isupper", "istitle", "isnumeric", "isdecimal", "removeprefix",
    "removesuffix", "replace", "center", "ljust", "rjust", "zfill", "join",
})
_READ_METHODS = frozenset({"get", "items", "keys", "values", "count", "index"})
_METHODS: dict[type, frozenset[str]] = {
    str: _TEXT_METHODS,
    dict: _READ_METHODS,
    MappingProxyType: _READ_METHODS,
    tuple: _READ_METHODS,
    # A list the template made itself may grow (the built-in card.j2 does); content's are
    # tuples, so nothing a template is given can change.
    list: _READ_METHODS | {"append"},
    LoopContext: frozenset({"cycle", "changed"}),
}
_PERCENT_WIDTH = re.compile(r"%[-+ #0]*(\d*)(?:\.(\d*))?")


class LimitError(TemplateRuntimeError):
    """A template tried to make too much (text, a number, loops); the message says what."""


class _Budget:
    def __init__(self) -> None:
        self.steps = 0
        self.deadline = time.monotonic() + MAX_SECONDS


_BUDGET: ContextVar[_Budget | None] = ContextVar("pdfgen_template_budget", default=None)


def _step() -> None:
    budget = _BUDGET.get()
    if budget is None:
        return
    budget.steps += 1
    if budget.steps > MAX_STEPS:
        raise LimitError(f"too much work: more than {MAX_STEPS:,} loop turns or calls")
    if budget.steps % 256 == 0 and time.monotonic() > budget.deadline:
        raise LimitError(f"too much work: rendering took more than {MAX_SECONDS:g} seconds")


def render_bounded(chunks: Callable[[], Iterable[str]]) -> str:
    """The text of one rendering, stopped once it does or makes more than the limits."""
    token = _BUDGET.set(_Budget())
    try:
        return _join(chunks())
    finally:
        _BUDGET.reset(token)


def freeze(value: Any) -> Any:
    """A read-only copy: mappings as read-only views, lists as tuples."""
    if isinstance(value, Mapping):
        return MappingProxyType({key: freeze(item) for key, item in value.items()})
    if isinstance(value, list | tuple):
        return tuple(freeze(item) for item in value)
    return value


def _too_long(size: int) -> LimitError:
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
            raise _too_long(total)
    seen[id(value)] = total
    return total


def _check(value: Any) -> Any:
    weight(value)
    return value


def _join(parts: Iterable[Any]) -> str:
    out, size = [], 0
    for part in parts:
        text = str(_check(part))
        size += len(text)
        if size > MAX_TEXT:
            raise _too_long(size)
        out.append(text)
    return "".join(out)


def printable_value(value: Any) -> Any:
    """How a value prints: a list (an address) as one line, never as Python's list syntax."""
    if isinstance(value, list | tuple):
        return _join_with(", ", [str(item) for item in value])
    if isinstance(value, Mapping):
        raise LimitError("a group of values cannot be printed; use one of them, like "
                         "clinic.name")
    if value is None:
        raise UndefinedError("a variable that is not set")
    return _check(value)


def _join_with(separator: str, items: list[Any]) -> str:
    size = len(separator) * max(len(items) - 1, 0) + sum(weight(i) for i in items)
    if size > MAX_TEXT:
        raise _too_long(size)
    return separator.join(str(i) for i in items)


def _number(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _number_too_large() -> LimitError:
    return LimitError("number too large: a template may use numbers of up to about 300 digits")


def _check_number(value: int) -> int:
    if value.bit_length() > MAX_NUMBER_BITS:
        raise _number_too_large()
    return value


def _power(left: Any, right: Any) -> Any:
    if (_number(left) and _number(right) and right > 0 and abs(left) > 1
            and right * math.log2(abs(left)) > MAX_NUMBER_BITS):
        raise _number_too_large()
    return left**right


def _times(left: Any, right: Any) -> Any:
    if _number(left) and _number(right):
        if left.bit_length() + right.bit_length() > MAX_NUMBER_BITS + 1:
            raise _number_too_large()
        return left * right
    count, thing = (right, left) if _number(right) else (left, right)
    if _number(count) and isinstance(thing, str | list | tuple):
        size = weight(thing) * max(count, 0)
        if size > MAX_TEXT:
            raise _too_long(size)
    return left * right


def _plus(left: Any, right: Any) -> Any:
    if isinstance(left, str | list | tuple) and isinstance(right, str | list | tuple):
        size = weight(left) + weight(right)
        if size > MAX_TEXT:
            raise _too_long(size)
    return left + right


def _percent(text: Any, args: Any) -> Any:
    """`'%5d' % 3` and the `format` filter: with widths a page can hold."""
    if not isinstance(text, str):
        return text % args
    for width, precision in _PERCENT_WIDTH.findall(text):
        if int(width or 0) > MAX_WIDTH or int(precision or 0) > MAX_WIDTH:
            raise LimitError(f"a width in a template may be at most {MAX_WIDTH:,}")
    for arg in args if isinstance(args, tuple) else (args,):
        if _number(arg) and abs(arg) > MAX_WIDTH:
            raise LimitError(f"a width in a template may be at most {MAX_WIDTH:,}")
    return _check(text % args)


_BINOPS: dict[str, Callable[[Any, Any], Any]] = {
    "**": _power, "*": _times, "+": _plus, "%": _percent,
}


def _bounded_text_call(text: str, name: str, args: tuple[Any, ...]) -> None:
    """Refuse a text method that would make more text than a page holds."""
    if name in ("center", "ljust", "rjust", "zfill") and args and _number(args[0]) \
            and args[0] > MAX_WIDTH:
        raise LimitError(f"a width in a template may be at most {MAX_WIDTH:,}")
    if name == "replace" and len(args) >= 2:
        old, new = str(args[0]), str(args[1])
        size = len(text) + text.count(old) * len(new) if old else (len(text) + 1) * len(new)
        if size > MAX_TEXT:
            raise _too_long(size)
    if name == "join" and args:
        _join_with(text, list(_check(args[0])))


def _turns(iterable: Any) -> Iterator[Any]:
    """Every loop's items, each counted against the rendering's budget."""
    for item in iterable:
        _step()
        yield item


def _concat(parts: tuple[Any, ...]) -> str:
    return _join(parts)


_WIDTH_FILTERS = frozenset({"center", "indent", "wordwrap", "truncate", "batch", "slice"})


def _bounded_filter(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    passes = 1 if getattr(function, "jinja_pass_arg", None) else 0  # context or environment

    def bounded(*args: Any, **kwargs: Any) -> Any:
        _step()
        first, *rest = args[passes:] or (None,)
        if name == "join" and not isinstance(first, str | list | tuple):
            first = list(first)  # `map(...)` gives an iterator: count it, then join it
            args = (*args[:passes], first, *rest)
        weight(first)
        if name in _WIDTH_FILTERS and any(_number(a) and abs(a) > MAX_WIDTH
                                          for a in (*rest, *kwargs.values())):
            raise LimitError(f"{name}: a number given to a filter may be at most {MAX_WIDTH:,}")
        if name == "replace" and len(rest) >= 2:
            _bounded_text_call(str(first), "replace", tuple(rest[:2]))
        if name == "join":
            _join_with(str(rest[0] if rest else kwargs.get("d", "")), list(first))
        if name == "format":
            return _percent(first, tuple(rest) or kwargs)
        return _check(function(*args, **kwargs))

    bounded.__name__ = name
    if passes:
        bounded.jinja_pass_arg = function.jinja_pass_arg  # type: ignore[attr-defined]
    return bounded


class _Bounder(NodeTransformer):
    """Routes every loop and every `~` through the budget before the template is compiled."""

    def visit_For(self, node: nodes.For) -> nodes.Node:
        if node.recursive:
            raise TemplateSyntaxError("recursive loops are not allowed", node.lineno)
        node = self.generic_visit(node)
        node.iter = nodes.Filter(node.iter, "_pdfgen_turns", [], [], None, None,
                                 lineno=node.lineno)
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
        node = self.generic_visit(node)
        return nodes.Filter(nodes.Tuple(node.nodes, "load", lineno=node.lineno),
                            "_pdfgen_concat", [], [], None, None, lineno=node.lineno)


class BoundedSandbox(SandboxedEnvironment):
    """Jinja2's sandbox, with nothing a template is given changeable and all work bounded.

    Values are read-only (mappings as views, lists as tuples: see `freeze`), only the
    methods in `_METHODS` may be called, and the globals are the documented variables
    only (no `range`, `lipsum`, `namespace`...).
    """

    intercepted_binops = frozenset(_BINOPS)
    concat = staticmethod(_join)  # block captures, macros, filter blocks

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.globals.clear()
        self.filters = {name: _bounded_filter(name, f) for name, f in self.filters.items()}
        self.filters["_pdfgen_turns"] = _turns
        self.filters["_pdfgen_concat"] = _concat

    def _generate(self, source: nodes.Template, name: str | None, filename: str | None,
                  defer_init: bool = False) -> str:
        return super()._generate(_Bounder().visit(source), name, filename,
                                 defer_init=defer_init)

    def wrap_str_format(self, value: Any) -> None:
        return None  # str.format and format_map: widths without bound; not for templates

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if not super().is_safe_attribute(obj, attr, value):
            return False
        if not callable(value):
            return True
        allowed = next((m for kind, m in _METHODS.items() if type(obj) is kind), None)
        return allowed is not None and attr in allowed

    def call_binop(self, context: Any, operator_: str, left: Any, right: Any) -> Any:
        _step()
        return _BINOPS[operator_](left, right)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        _step()
        for arg in (*args, *kwargs.values()):
            if _number(arg):
                _check_number(arg)
        owner, name = getattr(__obj, "__self__", None), getattr(__obj, "__name__", "")
        if isinstance(owner, str):
            _bounded_text_call(owner, name, args)
        if isinstance(owner, list) and name == "append":
            if len(owner) >= MAX_TEXT:
                raise _too_long(len(owner) + 1)
            if any(arg is owner for arg in args):
                raise LimitError("not allowed in a template (a list inside itself)")
        return super().call(__context, __obj, *args, **kwargs)

    def get_template(self, *args: Any, **kwargs: Any) -> Any:
        _step()  # an include or import inside a rendering counts as work too
        return super().get_template(*args, **kwargs)



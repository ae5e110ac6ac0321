"""The Jinja2 sandbox: read-only values, the documented variables only, and bounded work.

Also the loader of a clinic's own templates (ConfinedLoader): none a link out of the clinic
folder, none that is not UTF-8 text.
"""

from __future__ import annotations

import functools
import hashlib
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextvars import ContextVar
from pathlib import Path
from types import MappingProxyType
from typing import Any

from jinja2 import FileSystemLoader, nodes
from jinja2.exceptions import TemplateSyntaxError
from jinja2.runtime import LoopContext
from jinja2.sandbox import SandboxedEnvironment
from jinja2.visitor import NodeTransformer

from pdfgen.content.confine import OutsideError, confined
from pdfgen.errors import ContentError
from pdfgen.text.limits import (
    BINOPS,
    MAX_TEXT,
    MAX_WIDTH,
    LimitError,
    check_number,
    check_text_call,
    checked,
    is_number,
    join_bounded,
    join_with,
    percent,
    too_long,
    weight,
)

MAX_STEPS = 100_000  # loop turns, calls, filters and includes in one rendering
MAX_SECONDS = 2.0  # one rendering; a safety net behind MAX_STEPS

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
        return join_bounded(chunks())
    finally:
        _BUDGET.reset(token)


_AS_THEY_ARE = frozenset({str, int, float, bool, type(None), MappingProxyType})


def freeze(value: Any) -> Any:
    """A read-only copy: mappings as read-only views, lists as tuples."""
    if type(value) in _AS_THEY_ARE:
        return value  # (a read-only view was made here: read-only all the way down)
    if isinstance(value, Mapping):
        return MappingProxyType({key: freeze(item) for key, item in value.items()})
    if isinstance(value, list | tuple):
        return tuple(freeze(item) for item in value)
    return value


def _turns(iterable: Any) -> Iterator[Any]:
    """Every loop's items, each counted against the rendering's budget."""
    for item in iterable:
        _step()
        yield item


def _concat(parts: tuple[Any, ...]) -> str:
    return join_bounded(parts)


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
        if name in _WIDTH_FILTERS and any(is_number(a) and abs(a) > MAX_WIDTH
                                          for a in (*rest, *kwargs.values())):
            raise LimitError(f"{name}: a number given to a filter may be at most {MAX_WIDTH:,}")
        if name == "replace" and len(rest) >= 2:
            check_text_call(str(first), "replace", tuple(rest[:2]))
        if name == "join":
            join_with(str(rest[0] if rest else kwargs.get("d", "")), list(first))
        if name == "format":
            return percent(first, tuple(rest) or kwargs)
        return checked(function(*args, **kwargs))

    bounded.__name__ = name
    if passes:  # (Jinja's mark on a function, which no function type declares)
        bounded.jinja_pass_arg = function.jinja_pass_arg  # type: ignore[attr-defined]
    return bounded


class _Bounder(NodeTransformer):
    """Routes every loop and every `~` through the budget before the template is compiled."""

    def visit_For(self, node: nodes.For) -> nodes.Node:
        if node.recursive:
            raise TemplateSyntaxError("recursive loops are not allowed", node.lineno)
        self.generic_visit(node)  # (in place: the same node, its children visited)
        node.iter = nodes.Filter(node.iter, "_pdfgen_turns", [], [], None, None,
                                 lineno=node.lineno)
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
        self.generic_visit(node)  # (in place: the same node, its children visited)
        return nodes.Filter(nodes.Tuple(node.nodes, "load", lineno=node.lineno),
                            "_pdfgen_concat", [], [], None, None, lineno=node.lineno)


class BoundedSandbox(SandboxedEnvironment):
    """Jinja2's sandbox, with nothing a template is given changeable and all work bounded.

    Values are read-only (mappings as views, lists as tuples: see `freeze`), only the
    methods in `_METHODS` may be called, and the globals are the documented variables
    only (no `range`, `lipsum`, `namespace`...).
    """

    intercepted_binops = frozenset(BINOPS)
    concat = staticmethod(join_bounded)  # block captures, macros, filter blocks

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
        return BINOPS[operator_](left, right)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        _step()
        for arg in (*args, *kwargs.values()):
            if is_number(arg):
                check_number(arg)
        owner, name = getattr(__obj, "__self__", None), getattr(__obj, "__name__", "")
        if isinstance(owner, str):
            check_text_call(owner, name, args)
        if isinstance(owner, list) and name == "append":
            if len(owner) >= MAX_TEXT:
                raise too_long(len(owner) + 1)
            if any(arg is owner for arg in args):
                raise LimitError("not allowed in a template (a list inside itself)")
        return super().call(__context, __obj, *args, **kwargs)

    def get_template(self, *args: Any, **kwargs: Any) -> Any:
        _step()  # an include or import inside a rendering counts as work too
        return super().get_template(*args, **kwargs)


@functools.cache
def compiler_id() -> str:
    """What identifies the rewriting templates get as they compile (this module and its
    limits): compiled code is cached under it, so another version's is never used."""
    here = Path(__file__)
    return hashlib.sha256(here.read_bytes() + here.with_name("limits.py").read_bytes()
                          ).hexdigest()[:16]


class ConfinedLoader(FileSystemLoader):
    """The clinic's templates/ folder, none of its templates a link out of the clinic."""

    def get_source(self, environment: Any, template: str) -> Any:
        path = Path(self.searchpath[0]) / template
        try:
            source, filename, uptodate = super().get_source(environment, template)
            confined(Path(filename))
        except UnicodeDecodeError as exc:  # saved as Latin-1 or Windows-1252, say
            raise ContentError(path, "", f"not UTF-8 text (byte {exc.start}); save it as UTF-8",
                               exc.object[:exc.start].count(b"\n") + 1) from None
        except OutsideError as exc:
            raise ContentError(path, "", str(exc)) from None
        return source, filename, uptodate

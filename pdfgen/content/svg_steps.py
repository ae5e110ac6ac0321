"""An SVG's art as plain data: its size and the drawing steps that make it, and the check
that every step is one pdfgen could have written (for steps that come back from the
cache)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

MAX_COORDINATE = 1e6  # points (350 m): anything beyond is a broken or hostile file
MAX_STEPS = 200_000
STANDARD_FONTS = frozenset({
    "Courier", "Courier-Bold", "Courier-Oblique", "Courier-BoldOblique", "Helvetica",
    "Helvetica-Bold", "Helvetica-Oblique", "Helvetica-BoldOblique", "Times-Roman",
    "Times-Bold", "Times-Italic", "Times-BoldItalic", "Symbol", "ZapfDingbats"})
# A path's operations and how many numbers each takes.
PATH_OPS = {"moveTo": (2,), "lineTo": (2,), "curveTo": (6,), "close": (0,), "rect": (4,),
            "roundRect": (5,), "circle": (3,), "ellipse": (4,), "arc": (4, 5, 6),
            "arcTo": (4, 5, 6)}


@dataclass(frozen=True)
class SvgArt:
    """An SVG trimmed to what it draws: its size, and the steps that draw it."""

    width: float
    height: float
    steps: tuple[tuple[Any, ...], ...]


def _number(value: object, low: float = -MAX_COORDINATE, high: float = MAX_COORDINATE) -> bool:
    return (isinstance(value, int | float) and not isinstance(value, bool)
            and math.isfinite(value) and low <= value <= high)


def _numbers(values: list[Any] | tuple[Any, ...], low: float = -MAX_COORDINATE,
             high: float = MAX_COORDINATE) -> bool:
    # A handout's figures and drawings come back with hundreds of numbers each: a plain
    # float or int is checked by its range alone (NaN and the infinities fail any comparison
    # with finite bounds), anything else as _number checks it.
    for value in values:
        kind = type(value)
        if kind is float or kind is int:
            if not low <= value <= high:
                return False
        elif not _number(value, low, high):
            return False
    return True


def _valid_step(step: Any) -> bool:
    if not isinstance(step, list | tuple) or not step or not isinstance(step[0], str):
        return False
    name, args = step[0], list(step[1:])
    if name in ("save", "restore"):
        return not args
    if name == "transform":
        return len(args) == 6 and _numbers(args)
    if name in ("line_width", "fill_alpha", "stroke_alpha"):
        high = 1 if name.endswith("alpha") else MAX_COORDINATE
        return len(args) == 1 and _number(args[0], 0, high)
    if name in ("line_cap", "line_join"):
        return args in ([0], [1], [2])
    if name in ("fill_overprint", "stroke_overprint", "overprint_mask"):
        return args in ([0], [1])
    if name == "dash":
        return (len(args) == 2 and isinstance(args[0], list) and len(args[0]) <= 16
                and _numbers(args[0], 0) and _number(args[1]))
    if name in ("fill_color", "stroke_color"):
        return len(args) == 4 and _numbers(args, 0, 1)
    if name == "font":
        return len(args) == 2 and args[0] in STANDARD_FONTS and _number(args[1], 0)
    if name == "text":
        return (len(args) == 4 and _numbers(args[:2]) and isinstance(args[2], str)
                and len(args[2]) <= 2000 and args[3] in range(8))
    if name in ("path", "clip"):
        return (len(args) == 4 and isinstance(args[0], list)
                and all(_valid_op(op) for op in args[0])
                and args[1] in (0, 1) and args[2] in (0, 1) and args[3] in (0, 1))
    return False


def _valid_op(op: Any) -> bool:
    return (isinstance(op, list | tuple) and bool(op) and op[0] in PATH_OPS
            and len(op) - 1 in PATH_OPS[op[0]] and _numbers(op[1:]))


def invalid(art: SvgArt) -> str | None:
    """What is wrong with a drawing's steps, or None when every step can be drawn."""
    if not _numbers([art.width, art.height], 0) or not art.width or not art.height:
        return "has no usable size"
    if len(art.steps) > MAX_STEPS:
        return f"has more than {MAX_STEPS} drawing steps: simplify the drawing"
    if not all(_valid_step(step) for step in art.steps):
        return ("has a size, position or colour that is not a usable number "
                "(such as 'nan' or an endless value)")
    return None

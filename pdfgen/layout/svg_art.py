"""SVG drawings: read once with svglib, kept as a list of drawing steps (plain data, checked
whenever it comes back from the cache), and drawn through ReportLab's public canvas calls.

svglib takes a while to read a file and its drawings have hundreds of nodes that ReportLab
would walk on every handout; the steps are the same every time, so they are worked out
once. They are replayed through the canvas's own methods (never as raw PDF operators), so
what a step needs, such as a transparency state, is registered in the handout itself.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pdfgen.errors import display_path

# The steps' format (3: trimmed to the strokes' ink): a change makes every cached drawing
# stale.
FORMAT = 3
MAX_COORDINATE = 1e6  # points (350 m): anything beyond is a broken or hostile file
MAX_STEPS = 200_000
MAX_SVG_BYTES = 5 * 1024 * 1024
STANDARD_FONTS = frozenset({
    "Courier", "Courier-Bold", "Courier-Oblique", "Courier-BoldOblique", "Helvetica",
    "Helvetica-Bold", "Helvetica-Oblique", "Helvetica-BoldOblique", "Times-Roman",
    "Times-Bold", "Times-Italic", "Times-BoldItalic", "Symbol", "ZapfDingbats"})
# A path's operations and how many numbers each takes.
PATH_OPS = {"moveTo": (2,), "lineTo": (2,), "curveTo": (6,), "close": (0,), "rect": (4,),
            "roundRect": (5,), "circle": (3,), "ellipse": (4,), "arc": (4, 5, 6),
            "arcTo": (4, 5, 6)}
_XLINK = "{http://www.w3.org/1999/xlink}href"
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")


class PictureError(ValueError):
    """A picture file that cannot be used; the message names the file and why."""


class UnsupportedStep(Exception):
    """svglib asked the canvas for something the steps cannot hold."""


@dataclass(frozen=True)
class SvgArt:
    """An SVG trimmed to what it draws: its size, and the steps that draw it."""

    width: float
    height: float
    steps: tuple[tuple[Any, ...], ...]


def load_art(path: Path, root: Path) -> SvgArt:
    """The drawing of an SVG file whose references stay inside `root`; PictureError if not."""
    from pdfgen.cache import Cache

    seen = _SEEN.get((path, root))
    if seen is not None and seen[0] == _stats([path, *seen[1]]):
        return seen[2]  # not changed since it was read in this process
    data = _read(path)
    referenced = references(path, data, root)
    key = _key(data, referenced)
    files = [root.resolve() / name for name, _ in referenced]
    if key in _ART:
        _SEEN[path, root] = (_stats([path, *files]), files, _ART[key])
        return _ART[key]
    cache = Cache("svg")
    art = _from_json(cache.get(key))
    if art is None:
        art = _convert(path, root)
        cache.put(key, json.dumps([art.width, art.height, art.steps]).encode())
    _ART[key] = art
    _SEEN[path, root] = (_stats([path, *files]), files, art)
    return art


_ART: dict[str, SvgArt] = {}
# Each file read in this process, with what its file (and the files it refers to) looked
# like then: a batch reads each drawing once, and a changed file is read again.
_SEEN: dict[tuple[Path, Path], tuple[list[tuple[int, int, int]], list[Path], SvgArt]] = {}


def _stats(paths: list[Path]) -> list[tuple[int, int, int]]:
    out = []
    for path in paths:
        try:
            stat = path.stat()
        except OSError:
            return []  # gone: read it again, and say so
        out.append((stat.st_ino, stat.st_size, stat.st_mtime_ns))
    return out


def _read(path: Path) -> bytes:
    try:
        with path.open("rb") as file:
            data = file.read(MAX_SVG_BYTES + 1)
    except OSError:
        raise PictureError(f"cannot read the SVG file {display_path(path)}") from None
    if len(data) > MAX_SVG_BYTES:
        raise PictureError(f"{display_path(path)} is larger than "
                           f"{MAX_SVG_BYTES // 2**20} MB: simplify the drawing")
    return data


def references(path: Path, data: bytes, root: Path) -> list[tuple[str, bytes]]:
    """The other files the SVG draws from (with their bytes), each checked to lie in `root`."""
    seen: dict[Path, bytes] = {}
    _scan(path, data, root.resolve(), seen, depth=0)
    return [(p.relative_to(root.resolve()).as_posix(), b) for p, b in sorted(seen.items())]


def _scan(path: Path, data: bytes, root: Path, seen: dict[Path, bytes], depth: int) -> None:
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False)
    try:
        tree = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        raise PictureError(f"cannot read the SVG file {display_path(path)}") from None
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        tag = etree.QName(element).localname
        if tag == "image":
            raise PictureError(
                f"{display_path(path)} holds an <image>: pdfgen draws SVG shapes only; name "
                "the photo itself in 'pictures', or turn it into shapes")
        href = (element.get(_XLINK) or element.get("href") or "").strip()
        if not href or href.startswith("#"):
            continue
        target = href.split("#", 1)[0]
        if _SCHEME.match(target) or target.startswith(("/", "\\")):
            raise PictureError(
                f"{display_path(path)}: <{tag}> refers to '{href}': an SVG may only use "
                "files inside the clinic folder, by a relative path")
        referenced = (path.parent / target).resolve()
        if not referenced.is_relative_to(root):
            raise PictureError(
                f"{display_path(path)}: <{tag}> refers to '{href}', which is outside the "
                "clinic folder")
        if referenced in seen:
            continue
        if depth > 8 or not referenced.is_file():
            raise PictureError(f"{display_path(path)}: <{tag}> refers to '{href}', which "
                               "is missing")
        seen[referenced] = _read(referenced)
        _scan(referenced, seen[referenced], root, seen, depth + 1)


def _key(data: bytes, referenced: list[tuple[str, bytes]]) -> str:
    import reportlab

    from pdfgen import __version__

    digest = hashlib.sha256()
    versions = f"{FORMAT} {__version__} {reportlab.Version} {_svglib_version()}"
    for part in (versions.encode(), data, *(x for name, body in referenced
                                            for x in (name.encode(), body))):
        digest.update(len(part).to_bytes(8, "big") + part)
    return digest.hexdigest()


@functools.cache
def _svglib_version() -> str:
    """What identifies the installed svglib: a digest of its converter's source. Found
    without importing svglib (and lxml's CSS reader with it), which would cost a warm build
    ~50 ms for drawings already cached; one per process, as the install does not change."""
    from importlib.util import find_spec

    spec = find_spec("svglib")
    folder = spec.submodule_search_locations[0] if spec and spec.submodule_search_locations \
        else None
    if folder is None:
        return "unknown"
    return hashlib.sha256((Path(folder) / "svglib.py").read_bytes()).hexdigest()[:16]


def _convert(path: Path, root: Path) -> SvgArt:
    """Read the SVG with svglib, trim it to what it draws, and record its steps."""
    from reportlab.graphics import renderPDF
    from svglib.svglib import svg2rlg

    name = display_path(path)
    # svglib logs and returns None for a broken file; pdfgen reports it itself.
    logging.getLogger("svglib").setLevel(logging.CRITICAL)
    try:
        drawing = svg2rlg(str(path), external_reference_root=str(root))
    except Exception:
        drawing = None
    if drawing is None:
        raise PictureError(f"cannot read the SVG file {name}")
    if not _finite_positive(drawing.width, drawing.height):
        raise PictureError(f"{name} has no usable size (its width and height must be "
                           "numbers greater than 0)")
    try:
        x1, y1, x2, y2 = ink_bounds(drawing)
    except Exception:  # svglib gives an empty drawing no bounds
        raise PictureError(f"{name} draws nothing") from None
    if not _finite_positive(x2 - x1, y2 - y1) or not all(
            abs(v) <= MAX_COORDINATE for v in (x1, y1, x2, y2)):
        raise PictureError(f"{name} draws nothing that can be printed (a shape of no size, "
                           "or of endless size)")
    # Trim the canvas to what is drawn: a figure lying on a mat fills the width of its
    # picture instead of sitting small at the bottom of an empty square.
    margin = 0.02 * max(x2 - x1, y2 - y1)
    x1, y1, x2, y2 = x1 - margin, y1 - margin, x2 + margin, y2 + margin
    drawing.translate(-x1, -y1)
    drawing.width, drawing.height = x2 - x1, y2 - y1
    recorder = Recorder()
    try:
        renderPDF.draw(drawing, recorder, 0, 0, showBoundary=False)
    except UnsupportedStep as step:
        raise PictureError(f"{name} uses {step}, which pdfgen cannot print; simplify "
                           "the drawing") from None
    art = SvgArt(drawing.width, drawing.height, tuple(tuple(s) for s in recorder.steps))
    problem = invalid(art)
    if problem:
        raise PictureError(f"{name} {problem}")
    return art


def ink_bounds(drawing: Any) -> tuple[float, float, float, float]:
    """The box that a drawing inks, its strokes' width included: ReportLab's own bounds run
    through a line's middle, and half of a thick limb or a round cap would stick out of the
    picture's box, over the caption or the text beside it."""
    from reportlab.graphics.shapes import Group, mmult

    boxes: list[tuple[float, float, float, float]] = []

    def walk(node: Any, matrix: tuple[float, ...]) -> None:
        if isinstance(node, Group):
            inner = mmult(matrix, tuple(node.transform))
            for child in node.contents:
                walk(child, inner)
            return
        x1, y1, x2, y2 = node.getBounds()
        if getattr(node, "strokeColor", None) is not None:
            half = (getattr(node, "strokeWidth", 0) or 0) / 2
            x1, y1, x2, y2 = x1 - half, y1 - half, x2 + half, y2 + half
        corners = [(matrix[0] * x + matrix[2] * y + matrix[4],
                    matrix[1] * x + matrix[3] * y + matrix[5])
                   for x, y in ((x1, y1), (x1, y2), (x2, y1), (x2, y2))]
        xs, ys = [c[0] for c in corners], [c[1] for c in corners]
        boxes.append((min(xs), min(ys), max(xs), max(ys)))

    for node in drawing.contents:
        walk(node, (1, 0, 0, 1, 0, 0))
    if not boxes:
        raise ValueError("nothing drawn")
    return (min(b[0] for b in boxes), min(b[1] for b in boxes),
            max(b[2] for b in boxes), max(b[3] for b in boxes))


def _finite_positive(*values: object) -> bool:
    return all(isinstance(v, int | float) and math.isfinite(v) and v > 0 for v in values)


class PathSteps:
    """Stands in for a canvas path: remembers its operations."""

    def __init__(self) -> None:
        self.ops: list[list[Any]] = []

    def __getattr__(self, name: str) -> Any:
        if name not in PATH_OPS:
            raise UnsupportedStep(f"a path operation '{name}'")
        return lambda *args: self.ops.append([name, *args])


class Recorder:
    """Stands in for a canvas while ReportLab draws an SVG: remembers each call as data."""

    def __init__(self) -> None:
        self.steps: list[list[Any]] = []
        self._fontname, self._fontsize = "Helvetica", 12.0
        self.fill_modes = [0]  # the canvas keeps the fill rule: saved and restored with it

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        raise UnsupportedStep(f"'{name}'")

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "_fillMode":  # ReportLab sets the fill rule on the canvas directly
            self.fill_modes[-1] = int(value)
        else:
            object.__setattr__(self, name, value)

    def saveState(self) -> None:  # ReportLab's canvas names, camel case
        self.fill_modes.append(self.fill_modes[-1])
        self.steps.append(["save"])

    def restoreState(self) -> None:
        if len(self.fill_modes) > 1:
            self.fill_modes.pop()
        self.steps.append(["restore"])

    def transform(self, *matrix: float) -> None:
        self.steps.append(["transform", *matrix])

    def translate(self, x: float, y: float) -> None:
        self.steps.append(["transform", 1, 0, 0, 1, x, y])

    def setLineWidth(self, width: float) -> None:
        self.steps.append(["line_width", width])

    def setLineCap(self, cap: int) -> None:
        self.steps.append(["line_cap", cap])

    def setLineJoin(self, join: int) -> None:
        self.steps.append(["line_join", join])

    def setDash(self, array: Any = (), phase: float = 0) -> None:
        array = list(array) if isinstance(array, list | tuple) else [array]
        self.steps.append(["dash", array, phase])

    def setFillColor(self, color: Any) -> None:
        self.steps.append(["fill_color", *_rgba(color)])

    def setStrokeColor(self, color: Any) -> None:
        self.steps.append(["stroke_color", *_rgba(color)])

    def setFillAlpha(self, alpha: float) -> None:
        self.steps.append(["fill_alpha", alpha])

    def setStrokeAlpha(self, alpha: float) -> None:
        self.steps.append(["stroke_alpha", alpha])

    def setFillOverprint(self, value: Any) -> None:
        self.steps.append(["fill_overprint", int(bool(value))])

    def setStrokeOverprint(self, value: Any) -> None:
        self.steps.append(["stroke_overprint", int(bool(value))])

    def setOverprintMask(self, value: Any) -> None:
        self.steps.append(["overprint_mask", int(bool(value))])

    def setFont(self, name: str, size: float, leading: float | None = None) -> None:
        if name not in STANDARD_FONTS:
            raise UnsupportedStep(f"text in the font '{name}'")
        self._fontname, self._fontsize = name, size
        self.steps.append(["font", name, size])

    def drawString(self, x: float, y: float, text: str, mode: int | None = None,
                   **_: Any) -> None:
        self.steps.append(["text", x, y, text, mode or 0])

    def beginPath(self) -> PathSteps:
        return PathSteps()

    def drawPath(self, path: PathSteps, stroke: int = 1, fill: int = 0,
                 fillMode: int | None = None) -> None:
        mode = self.fill_modes[-1] if fillMode is None else int(fillMode)
        self.steps.append(["path", path.ops, int(bool(stroke)), int(bool(fill)), mode])

    def clipPath(self, path: PathSteps, stroke: int = 1, fill: int = 0,
                 fillMode: int | None = None) -> None:
        mode = self.fill_modes[-1] if fillMode is None else int(fillMode)
        self.steps.append(["clip", path.ops, int(bool(stroke)), int(bool(fill)), mode])

    def _shape(self, op: str, args: tuple[float, ...], stroke: int, fill: int) -> None:
        path = PathSteps()
        path.ops.append([op, *args])
        self.drawPath(path, stroke, fill)

    def rect(self, x: float, y: float, w: float, h: float, stroke: int = 1,
             fill: int = 0) -> None:
        self._shape("rect", (x, y, w, h), stroke, fill)

    def roundRect(self, x: float, y: float, w: float, h: float, r: float,
                  stroke: int = 1, fill: int = 0) -> None:
        self._shape("roundRect", (x, y, w, h, r), stroke, fill)

    def circle(self, x: float, y: float, r: float, stroke: int = 1, fill: int = 0) -> None:
        self._shape("circle", (x, y, r), stroke, fill)

    def ellipse(self, x1: float, y1: float, x2: float, y2: float, stroke: int = 1,
                fill: int = 0) -> None:
        self._shape("ellipse", (x1, y1, x2, y2), stroke, fill)

    def line(self, x1: float, y1: float, x2: float, y2: float) -> None:
        path = PathSteps()
        path.ops += [["moveTo", x1, y1], ["lineTo", x2, y2]]
        self.drawPath(path, 1, 0)


def _rgba(color: Any) -> list[float]:
    from reportlab.lib.colors import CMYKColor, Color

    if not isinstance(color, Color) or isinstance(color, CMYKColor):
        raise UnsupportedStep(f"the colour {type(color).__name__}")
    alpha = getattr(color, "alpha", None)
    return [color.red, color.green, color.blue, 1 if alpha is None else alpha]


def _number(value: object, low: float = -MAX_COORDINATE, high: float = MAX_COORDINATE) -> bool:
    return (isinstance(value, int | float) and not isinstance(value, bool)
            and math.isfinite(value) and low <= value <= high)


def _numbers(values: list[Any] | tuple[Any, ...], low: float = -MAX_COORDINATE,
             high: float = MAX_COORDINATE) -> bool:
    return all(_number(v, low, high) for v in values)


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


def _from_json(data: bytes | None) -> SvgArt | None:
    """A cached drawing, only if every step is one pdfgen could have written."""
    if data is None:
        return None
    try:
        width, height, steps = json.loads(data)
        art = SvgArt(width, height, tuple(tuple(step) for step in steps))
    except (ValueError, TypeError):
        return None
    return art if invalid(art) is None else None

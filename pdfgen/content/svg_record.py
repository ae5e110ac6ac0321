"""Reading an SVG with svglib into steps: a stand-in canvas that records each call ReportLab
makes while it draws the SVG, and the box the drawing inks (its strokes included)."""

from __future__ import annotations

from typing import Any

from pdfgen.content.svg_steps import PATH_OPS, STANDARD_FONTS
from pdfgen.layout.reportlab_door import CanvasStandIn


class UnsupportedStep(Exception):
    """svglib asked the canvas for something the steps cannot hold."""


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


class PathSteps:
    """Stands in for a canvas path: remembers its operations."""

    def __init__(self) -> None:
        self.ops: list[list[Any]] = []

    def __getattr__(self, name: str) -> Any:
        if name not in PATH_OPS:
            raise UnsupportedStep(f"a path operation '{name}'")
        return lambda *args: self.ops.append([name, *args])


class Recorder(CanvasStandIn):
    """Stands in for a canvas while ReportLab draws an SVG: remembers each call as data."""

    def __init__(self) -> None:
        super().__init__()
        self.steps: list[list[Any]] = []
        self.fill_modes = [0]  # the canvas keeps the fill rule: saved and restored with it

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        raise UnsupportedStep(f"'{name}'")

    def fill_rule(self) -> int:
        return self.fill_modes[-1]

    def fill_rule_set(self, value: int) -> None:
        self.fill_modes[-1] = value

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
        self.font_set(name, size)
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

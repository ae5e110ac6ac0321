"""A figure's scene (pdfgen.content.figures) as drawing steps, the same steps an SVG's art is
replayed from (pdfgen.layout.svg_draw): worked out once a process for each scene."""

from __future__ import annotations

from typing import Any

from pdfgen.caches import current
from pdfgen.content.figures.scene import Scene
from pdfgen.content.svg_steps import SvgArt, invalid

_MOST = 256  # by the scene's identity; the scene is kept with it


def figure_art(scene: Scene) -> SvgArt:
    """The scene's drawing steps; a ValueError if any could not be drawn (a damaged cache)."""
    memory = current().map("figure_art", _MOST)
    known = memory.get(id(scene))
    if known is None or known[0] is not scene:
        art = SvgArt(scene.width, scene.height, tuple(_steps(scene)))
        problem = invalid(art)
        if problem:
            raise ValueError(f"a figure {problem}")
        known = memory.put(id(scene), (scene, art))
    art_: SvgArt = known[1]
    return art_


def _grey(name: str, grey: float) -> tuple[Any, ...]:
    return (name, grey, grey, grey, 1)


def _steps(scene: Scene) -> list[tuple[Any, ...]]:
    steps: list[tuple[Any, ...]] = [("save",), ("line_cap", 1), ("line_join", 1)]
    for shape in scene.shapes:
        kind = shape[0]
        if kind == "poly":
            _, points, width, grey, filled = shape
            ops = [["moveTo", *points[0]], *(["lineTo", *p] for p in points[1:])]
            if filled:
                ops.append(["close"])
                steps.append(_grey("fill_color", grey))
            steps += [_grey("stroke_color", grey), ("line_width", width),
                      ("path", ops, 1, int(bool(filled)), 0)]
        elif kind == "circle":
            _, x, y, r, fill, stroke, stroke_width = shape
            if fill >= 0:
                steps.append(_grey("fill_color", fill))
            if stroke >= 0:
                steps += [_grey("stroke_color", stroke), ("line_width", stroke_width)]
            steps.append(("path", [["circle", x, y, r]], int(stroke >= 0), int(fill >= 0), 0))
        elif kind == "rect":
            _, x, y, w, h, radius, fill, stroke, stroke_width = shape
            op = ["roundRect", x, y, w, h, radius] if radius else ["rect", x, y, w, h]
            steps += [_grey("fill_color", fill), _grey("stroke_color", stroke),
                      ("line_width", stroke_width), ("path", [op], 1, 1, 0)]
        else:
            _, ops, width, grey = shape
            steps += [_grey("stroke_color", grey), ("line_width", width),
                      ("path", [list(op) for op in ops], 1, 0, 0)]
    steps.append(("restore",))
    return steps

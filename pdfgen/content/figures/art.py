"""An exercise's figures posed, checked and framed: a start and end pair drawn in one frame
with its movement mark (or overlaid), each kept in the private cache by what it is."""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from pdfgen.caches import current
from pdfgen.content.figures.body import Point, ink
from pdfgen.content.figures.movement import arrow, mover, path, placed, stepped
from pdfgen.content.figures.poses import BASE_POSES, FigureProblem, posed
from pdfgen.content.figures.scene import (
    FLOOR_INK,
    MAT_H,
    STEP_H,
    WALL_W,
    Drawn,
    Scene,
    Shape,
    draw,
    framed,
    moved,
)
from pdfgen.content.figures.spec import Figure
from pdfgen.errors import ContentError

FORMAT = 1  # the scenes' format: a change makes every cached figure stale
# The most a figure may take, in the body's units (its stature is 140): an upright body
# with its arms overhead fits, a lying one with a leg raised.
FRAME = {False: (300.0, 200.0), True: (330.0, 140.0)}
_MOST = 256  # figures kept in a process, by what they are


class FigureError(ValueError):
    """A figure of an exercise that cannot be drawn: which picture, where in it, and why."""

    def __init__(self, index: int, where: str, problem: str) -> None:
        super().__init__(problem)
        self.index, self.where = index, where


@dataclass(frozen=True)
class Posed:
    figure: Figure
    angles: dict[str, float]
    drawn: Drawn


def figure_scenes(figures: dict[int, Figure], movement: str) -> dict[int, Scene]:
    """Each picture's scene, by its index; the first two pictures, when both are figures,
    are the start and the end (with `overlay`, the start's scene holds both and the end
    has none). FigureError for the first figure that cannot be drawn."""
    from pdfgen import __version__
    from pdfgen.disk_cache import Cache

    text = json.dumps([FORMAT, __version__, _drawer(), movement,
                       [[i, f.key()] for i, f in sorted(figures.items())]])
    key = hashlib.sha256(text.encode()).hexdigest()
    memory = current().map("figures", _MOST)
    known: dict[int, Scene] | None = memory.get(key)
    if known is not None:
        return known
    cache = Cache("figures")
    scenes = _from_json(cache.get(key))
    if scenes is None:
        scenes = _made(figures, movement)
        cache.put(key, json.dumps([[i, s.width, s.height, list(s.shapes), s.lying]
                                   for i, s in sorted(scenes.items())]).encode())
    return memory.put(key, scenes)


@functools.cache
def _drawer() -> str:
    """What identifies the code that draws figures: a digest of its source, so that a
    changed pose or style never comes back from the cache (once a process)."""
    digest = hashlib.sha256()
    for source in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(source.read_bytes())
    return digest.hexdigest()[:16]


def _made(figures: dict[int, Figure], movement: str) -> dict[int, Scene]:
    posed_ = {i: _posed(i, f) for i, f in figures.items()}
    pair = (0 in posed_ and 1 in posed_ and movement != "none"
            and posed_[0].figure.facing == posed_[1].figure.facing)
    scenes: dict[int, Scene] = {}
    for i, p in posed_.items():
        if not (pair and i in (0, 1)):
            scenes[i] = framed([[*p.drawn.behind, *p.drawn.body]], _lying(p),
                               p.figure.facing == "right")[0]
    if pair:
        scenes |= _pair(figures[0], figures[1], posed_[0], posed_[1], movement)
    return scenes


def _lying(p: Posed) -> bool:
    return BASE_POSES[p.figure.pose].lying


def _posed(index: int, figure: Figure) -> Posed:
    try:
        angles = posed(figure.pose, {str(k): v for k, v in figure.joints.items()})
    except FigureProblem as problem:
        raise FigureError(index, problem.where, str(problem)) from None
    base = BASE_POSES[figure.pose]
    drawn = draw(angles, base, figure.props)
    _inside(index, drawn, base.lying)
    return Posed(figure, angles, drawn)


def _inside(index: int, drawn: Drawn, lying: bool) -> None:
    """FigureError when the body leaves its frame: too tall, too wide."""
    width, height = FRAME[lying]
    body = {n: p for n, p in drawn.points.items() if n != "bell"}
    top = max(body, key=lambda n: body[n][1] + ink(n))
    if body[top][1] + ink(top) > height:
        raise FigureError(index, "joints", f"the {_words(top)} reaches "
                          f"{body[top][1] + ink(top):.0f} above the floor, out of the "
                          f"figure's frame (at most {height:.0f}; the body is 140 tall)")
    left = min(body, key=lambda n: body[n][0] - ink(n))
    right = max(body, key=lambda n: body[n][0] + ink(n))
    if body[right][0] - body[left][0] + ink(left) + ink(right) > width:
        raise FigureError(index, "joints", f"from the {_words(left)} to the {_words(right)} "
                          f"the figure is wider than its frame (at most {width:.0f}; the "
                          "body is 140 tall)")


def _words(point: str) -> str:
    name, _, side = point.partition("_")
    return f"{name} ({side})" if side else name


def _pair(first: Figure, second: Figure, start: Posed, end: Posed,
          movement: str) -> dict[int, Scene]:
    """The start and end drawn in one frame, the end's anchor where the start's is."""
    base = BASE_POSES[second.pose]
    anchor = base.anchor
    start_angles, end_angles = start.angles, end.angles
    support = _support(second)
    bell = "kettlebell" in second.props and "kettlebell" in first.props
    at_x = start.drawn.points[anchor][0]
    shift = at_x - end.drawn.points[anchor][0]
    end_behind, end_body = moved(end.drawn.behind, shift, 0), moved(end.drawn.body, shift, 0)
    mirror, lying = first.facing == "right", _lying(start)
    if movement == "overlay":
        faint = draw(start_angles, BASE_POSES[first.pose], first.props,
                     lambda g: round(0.45 + g * 0.3, 3))
        return {0: framed([[*faint.behind, *end_behind, *faint.body, *end_body]], lying,
                          mirror)[0]}
    a = placed(start_angles, anchor, at_x, support, bell)
    b = placed(end_angles, anchor, at_x, support, bell)
    part = mover(a, b, lying)
    # Never over the body, nor through a wall, a chair or a step (the floor line may pass).
    solid = [_beyond(s, at_x) for s in [*start.drawn.behind, *end_behind]
             if s[0] != "poly" or s[3] != FLOOR_INK]
    track = path(start_angles, end_angles, part, anchor, at_x, support, bell, lying)
    mark = arrow(track, [start.drawn.body, end_body, solid], part.startswith("elbow")) or []
    # The same arrow in both pictures: in the start it leaves the part that will move, in
    # the end it reaches where the part went. After a step (a lunge) the start's body
    # stands elsewhere: its arrow is the same drop beside its own hips.
    opening = mark
    if mark and not lying and stepped(a, b) and part != "bell":
        back = a[part][0] - b[part][0]
        opening = arrow([(x + back, y) for x, y in track], [start.drawn.body, solid]) or []
    one = framed([[*start.drawn.behind, *start.drawn.body, *opening],
                  [*end_behind, *end_body, *mark]], lying, mirror)
    return {0: one[0], 1: one[1]}


def _beyond(shape: Shape, feet: float) -> Shape:
    """A wall as all that lies past it, seen from the body (`feet`, where it stands): an
    arrow on its far side would point at nothing."""
    if shape[0] == "rect" and shape[2] == 0.0 and shape[3] == WALL_W:
        if shape[1] > feet:  # a wall in front
            return ("rect", shape[1], 0.0, 1e4, 1e4, *shape[5:])
        return ("rect", shape[1] - 1e4, 0.0, 1e4 + shape[3], 1e4, *shape[5:])
    return shape


def _support(figure: Figure) -> float:
    return STEP_H if "step" in figure.props else MAT_H if "mat" in figure.props else 0.0


def figure_problem(path: Path, error: FigureError) -> ContentError:
    """A figure that cannot be drawn as the exercise file's error: one line naming the file
    (and its line), the picture and the joint."""
    from pdfgen.content.parsing import source_line

    loc: tuple[int | str, ...] = ("pictures", error.index, "figure", *error.where.split("."))
    field = f"pictures[{error.index + 1}].figure.{error.where}"
    return ContentError(path, field, str(error), source_line(path, loc))


def arrow_of(scenes: dict[int, Scene]) -> list[Shape]:
    """The arrow drawn in a pair's end picture (its black shapes: shaft and head)."""
    return [s for s in scenes[1 if 1 in scenes else 0].shapes
            if s[0] == "poly" and s[3] == 0.0]


def _from_json(data: bytes | None) -> dict[int, Scene] | None:
    if data is None:
        return None
    try:
        return {int(i): Scene(float(w), float(h), tuple(tuple(s) for s in shapes), bool(lying))
                for i, w, h, shapes, lying in json.loads(data)}
    except (ValueError, TypeError):
        return None


__all__ = ["FigureError", "Point", "arrow_of", "figure_problem", "figure_scenes"]

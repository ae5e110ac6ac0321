"""A posed body drawn as plain shapes (in the figure's units, y up, the floor at 0) with its
props, and shapes framed into a scene: what layout draws, and what `pdfgen check` measures."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from pdfgen.content.figures.body import (
    BODY_INK,
    FAR,
    HALO,
    HEAD_R,
    NEAR,
    PROP,
    W_ARM,
    W_FOOT,
    W_FOREARM,
    W_NECK,
    W_SHANK,
    W_THIGH,
    W_TRUNK,
    Angles,
    Point,
    ink,
    joints,
    step,
)
from pdfgen.content.figures.poses import BasePose

# A shape is plain data (it is cached as JSON): ("poly", points, width, grey, filled),
# ("circle", x, y, r, fill, stroke, stroke width), ("rect", x, y, w, h, radius, fill,
# stroke, stroke width) or ("curve", path operations, width, grey); a grey of -1 is none.
Shape = tuple[Any, ...]
Stroke = tuple[list[Point], float, bool]  # a limb's segment: points, width, filled
MAT_H, STEP_H, FLOOR_PAD, MAT_PAD = 5.0, 22.0, 10.0, 6.0
FLOOR_INK, FLOOR_W, MARGIN = 0.47, 2.0, 3.0
SEAT, CHAIR_BACK, CHAIR_DEPTH, WALL_W = 4.0, 42.0, 40.0, 9.0
BAND_W = 6.5  # the band's strip, its two dark edges 1.5 wide


@dataclass(frozen=True)
class Drawn:
    """One posed figure drawn: the ground and furniture behind it, the body with what it
    holds, and where its points (and a kettlebell) are."""

    behind: list[Shape]
    body: list[Shape]
    points: dict[str, Point]


@dataclass(frozen=True)
class Scene:
    """A figure's picture: its frame's size in the figure's units and the shapes in it."""

    width: float
    height: float
    shapes: tuple[Shape, ...]
    lying: bool


def poly(points: Iterable[Point], grey: float, width: float, filled: bool = False) -> Shape:
    return ("poly", [[round(x, 2), round(y, 2)] for x, y in points], width, grey, filled)


def bell_grip(points: dict[str, Point]) -> tuple[Point, float]:
    """Where a held kettlebell's handle is and which way its bell hangs (0 = down): straight
    down from low hands, out along the arms as they swing up (smoothly in between)."""
    (wx, wy), hand = points["wrist_near"], points["hand_near"]
    arm = math.degrees(math.atan2(hand[0] - wx, wy - hand[1]))
    return hand, arm * min(1.0, abs(arm) / 45)


def bell_centre(points: dict[str, Point]) -> Point:
    grip, toward = bell_grip(points)
    return step(grip, toward, 19.0)


def draw(angles: Angles, base: BasePose, props: Iterable[str],
         tone: Callable[[float], float] = lambda g: g) -> Drawn:
    """The body posed by `angles`, resting on the floor (or the mat, or the step)."""
    props = set(props)
    at = joints(angles)
    support = STEP_H if "step" in props else MAT_H if "mat" in props else 0.0
    low = min(y - ink(n) for n, (x, y) in at.items())
    at = {n: (x, y - low + support) for n, (x, y) in at.items()}
    if "kettlebell" in props:
        at["bell"] = bell_centre(at)
    left = min(x - ink(n) for n, (x, _) in at.items() if n != "bell")
    right = max(x + ink(n) for n, (x, _) in at.items() if n != "bell")
    if "bell" in at:
        left, right = min(left, at["bell"][0] - 10), max(right, at["bell"][0] + 10)
    behind: list[Shape] = []
    top = max(max(y for _, y in at.values()) + 20, 60.0 if base.lying else 165.0)
    if "wall" in props:  # as tall as a standing body, whatever the pose
        behind.append(("rect", left - WALL_W, 0.0, WALL_W, top, 0.0, tone(0.85), tone(PROP),
                       1.0))
    if "wall-in-front" in props:  # where the hands push on it, or the foremost point
        behind.append(("rect", right, 0.0, WALL_W, top, 0.0, tone(0.85), tone(PROP), 1.0))
    behind.append(poly([(left - FLOOR_PAD, 0.0), (right + FLOOR_PAD, 0.0)], tone(FLOOR_INK),
                       FLOOR_W))
    if "mat" in props:
        behind.append(("rect", left - MAT_PAD, 0.0, right - left + 2 * MAT_PAD, MAT_H, 2.5,
                       tone(0.91), tone(FAR), 1.0))
    if "step" in props:
        feet = [at[f"{p}_{s}"][0] for p in ("heel", "toe") for s in ("near", "far")]
        behind.append(("rect", min(feet) - 8, 0.0, max(feet) - min(feet) + 16, STEP_H, 2.0,
                       tone(0.85), tone(PROP), 1.5))
    if "chair" in props or base.sits:
        behind += _chair(at, base.sits, tone)
    front = _bell(at, tone) if "bell" in at else []
    if "band" in props:
        front += _band(at, tone)
    # Back to front: far limbs, trunk, near leg, prop, near arm. A kettlebell really hangs
    # between the legs, but behind the near leg it would vanish, so it is drawn in front.
    far_leg, far_arm = _limbs(at, "far", tone(FAR), None)
    near_leg, near_arm = _limbs(at, "near", tone(NEAR), 1.0)
    hx, hy = at["head"]
    # A straight trunk stays one segment (the same shapes as before the waist existed).
    waist = [at["waist"]] if _off_line(at["hip"], at["waist"], at["shoulder"]) else []
    trunk = [poly([at["hip"], *waist, at["shoulder"]], tone(BODY_INK), W_TRUNK),
             poly([at["shoulder"], at["head"]], tone(BODY_INK), W_NECK),
             ("circle", round(hx, 2), round(hy, 2), HEAD_R, tone(BODY_INK), -1, 0.0)]
    return Drawn(behind, [*far_arm, *far_leg, *trunk, *near_leg, *near_arm[:2], *front,
                          *near_arm[2:]], at)


def _off_line(a: Point, m: Point, b: Point) -> bool:
    """Whether m stands more than a hair off the line from a to b."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    return abs((m[0] - a[0]) * dy - (m[1] - a[1]) * dx) / (math.hypot(dx, dy) or 1.0) > 0.05


def _limbs(at: dict[str, Point], side: str, grey: float, halo: float | None
           ) -> tuple[list[Shape], list[Shape]]:
    """The leg and the arm of one side; with a halo, white outlines first."""
    j = {name.removesuffix(f"_{side}"): p for name, p in at.items()}
    leg: list[Stroke] = [
        ([j["hip"], j["knee"]], W_THIGH, False), ([j["knee"], j["ankle"]], W_SHANK, False),
        # The foot is a filled wedge (ankle, heel, ball) so it reads as a foot.
        ([j["ankle"], j["heel"], j["ball"], j["ankle"]], W_FOOT, True),
        ([j["ball"], j["toe"]], W_FOOT, False)]
    arm: list[Stroke] = [([j["shoulder"], j["elbow"]], W_ARM, False),
                         ([j["elbow"], j["wrist"], j["hand"]], W_FOREARM, False)]

    def layer(strokes: list[Stroke]) -> list[Shape]:
        # All the white outlines go down first, so the limb's own segments join seamlessly
        # and the outline only separates the limb from what lies behind it.
        out = [poly(p, halo, w + 2 * HALO, f) for p, w, f in strokes] if halo else []
        return out + [poly(p, grey, w, f) for p, w, f in strokes]

    return layer(leg), layer(arm)


def _bell(at: dict[str, Point], tone: Callable[[float], float]) -> list[Shape]:
    """A kettlebell held by its handle: the familiar loop, as seen from the front."""
    grip, toward = bell_grip(at)
    (ux, uy), (vx, vy) = step((0, 0), toward, 1), step((0, 0), toward + 90, 1)

    def p(u: float, v: float) -> list[float]:
        return [round(grip[0] + ux * u + vx * v, 2), round(grip[1] + uy * u + vy * v, 2)]

    handle = [["moveTo", *p(12, -6.5)], ["lineTo", *p(3, -6.5)],
              ["curveTo", *p(1, -6.5), *p(0, -5.5), *p(0, -3.5)], ["lineTo", *p(0, 3.5)],
              ["curveTo", *p(0, 5.5), *p(1, 6.5), *p(3, 6.5)], ["lineTo", *p(12, 6.5)]]
    cx, cy = p(19, 0)
    return [("curve", handle, 6.0, 1.0), ("curve", handle, 3.0, tone(NEAR)),
            ("circle", cx, cy, 9.5, tone(PROP), 1.0, 1.5)]


def _band(at: dict[str, Point], tone: Callable[[float], float]) -> list[Shape]:
    """An elastic band from the near hand down under the near foot's sole: a flat strip, two
    dark edges with a pale middle, so that it reads as a band and not a string or a stick
    on a black-and-white print."""
    hand, ball, heel = at["hand_near"], at["ball_near"], at["heel_near"]
    sole = min(ball[1], heel[1]) - W_FOOT / 2
    strip = [hand, (ball[0] + 3, sole), (heel[0], sole)]
    return [poly(strip, tone(0.15), BAND_W), poly(strip, tone(0.93), BAND_W - 3)]


def _chair(at: dict[str, Point], sits: bool, tone: Callable[[float], float]) -> list[Shape]:
    """A side-view chair: under the hips when sitting, else in front, its back to the body."""
    if sits:
        seat_y, back_x = at["hip"][1] - ink("hip"), at["hip"][0] - 12
        front_x = back_x + CHAIR_DEPTH
    else:
        reach = max(x for n, (x, _) in at.items() if n != "bell")
        # Under the higher hand reaching forward: the other may hang (a pendulum).
        hands = [at[h] for h in ("hand_near", "hand_far")
                 if at[h][0] > at["hip"][0] + 10 and at[h][1] > 60]
        back_x = max(hands, key=lambda p: p[1])[0] if hands else reach + 12
        seat_y, front_x = 43.0, back_x + CHAIR_DEPTH
    # Standing, the chair is turned away from the body: its back is nearest the hands.
    grey, out = tone(PROP), 3.5
    return [poly([(back_x, 0.0), (back_x, seat_y + CHAIR_BACK)], grey, out),
            poly([(back_x, seat_y), (front_x, seat_y)], grey, SEAT),
            poly([(front_x, seat_y), (front_x, 0.0)], grey, out)]


def bounds(shapes: Iterable[Shape]) -> tuple[float, float, float, float]:
    """The box the shapes ink, their strokes' width included."""
    boxes = []
    for s in shapes:
        if s[0] == "poly":
            half = s[2] / 2
            xs, ys = [p[0] for p in s[1]], [p[1] for p in s[1]]
        elif s[0] == "circle":
            half, xs, ys = s[3] + s[6] / 2, [s[1]], [s[2]]
        elif s[0] == "rect":
            half, xs, ys = s[8] / 2, [s[1], s[1] + s[3]], [s[2], s[2] + s[4]]
        else:
            half = s[2] / 2
            xs = [v for op in s[1] for v in op[1::2]]
            ys = [v for op in s[1] for v in op[2::2]]
        boxes.append((min(xs) - half, min(ys) - half, max(xs) + half, max(ys) + half))
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes),
            max(b[3] for b in boxes))


def moved(shapes: Iterable[Shape], dx: float, dy: float, mirror: bool = False) -> list[Shape]:
    """The shapes shifted (and first mirrored left to right, for a figure facing left)."""
    k = -1.0 if mirror else 1.0

    def x(v: float) -> float:
        return round(k * v + dx, 2)

    out: list[Shape] = []
    for s in shapes:
        if s[0] == "poly":
            out.append(("poly", [[x(p[0]), round(p[1] + dy, 2)] for p in s[1]], *s[2:]))
        elif s[0] == "circle":
            out.append(("circle", x(s[1]), round(s[2] + dy, 2), *s[3:]))
        elif s[0] == "rect":
            left = x(s[1] + s[3]) if mirror else x(s[1])
            out.append(("rect", left, round(s[2] + dy, 2), *s[3:]))
        else:
            ops = [[op[0], *[x(v) if i % 2 == 0 else round(v + dy, 2)
                             for i, v in enumerate(op[1:])]] for op in s[1]]
            out.append(("curve", ops, *s[2:]))
    return out


def framed(pictures: list[list[Shape]], lying: bool, mirror: bool) -> list[Scene]:
    """Pictures drawn in one frame (a pair's share it, so the body stays in place): one
    height and floor for all, each only as wide as what it draws."""
    _, y1, _, y2 = bounds(s for shapes in pictures for s in shapes)
    height = y2 - y1 + 2 * MARGIN
    scenes = []
    for shapes in pictures:
        x1, _, x2, _ = bounds(shapes)
        dx = (x2 + MARGIN) if mirror else (MARGIN - x1)
        scenes.append(Scene(round(x2 - x1 + 2 * MARGIN, 2), round(height, 2),
                            tuple(moved(shapes, dx, MARGIN - y1, mirror)), lying))
    return scenes

"""Movement marks from a start and an end pose: which joints move and how far, the part
that travels furthest, and an arrow along its path, beside the body and never over it."""

from __future__ import annotations

import itertools
import math

from pdfgen.content.figures.body import ANGLES, Angles, Point, ink, joints
from pdfgen.content.figures.scene import Shape, bell_centre, poly

# How much a point's travel counts when choosing the part that moves most: the trunk and
# a held weight carry the movement; hands and feet often only follow it (arms swung
# forward for balance in a squat travel further than the hips, yet the hips are the move).
WEIGHT = {"hip": 1.3, "waist": 0.0, "shoulder": 1.0, "head": 0.8, "knee": 0.8, "ankle": 0.7,
          "heel": 0.7, "ball": 0.7, "toe": 0.7, "elbow": 0.4, "wrist": 0.5, "hand": 0.6,
          "bell": 2.0}
# A pelvic tilt moves the low back a few units only, yet it is the whole exercise.
ARCH_WEIGHT = 4.0
SLIDE = 1.5  # how much more a point sliding along the floor counts
STEPS = 24  # points along a path
ARROW_W, HEAD_LEN, HEAD_HALF, CLEAR, MIN_LEN = 3.5, 12.0, 7.0, 4.0, 30.0
ARROW_INK = 0.0  # black: an arrow reads on any printer


def moves(start: Angles, end: Angles, least: float = 3.0) -> dict[str, float]:
    """The joints whose angle changes by more than `least` degrees, and by how much."""
    return {n: round(end[n] - start[n], 1) for n in ANGLES if abs(end[n] - start[n]) > least}


def placed(angles: Angles, anchor: str, at_x: float, support: float,
           bell: bool) -> dict[str, Point]:
    """The body's points resting on the support, the anchor at `at_x`."""
    at = joints(angles)
    low = min(y - ink(n) for n, (_, y) in at.items())
    dx = at_x - at[anchor][0]
    at = {n: (x + dx, y - low + support) for n, (x, y) in at.items()}
    if bell:
        at["bell"] = bell_centre(at)
    return at


def mover(start: dict[str, Point], end: dict[str, Point], lying: bool = False) -> str:
    """The point that travels furthest, by its weight (lying, a point sliding along the
    floor counts more)."""
    def travel(name: str) -> float:
        (x1, y1), (x2, y2) = start[name], end[name]
        if name == "waist":  # only its arch counts: carried by the trunk it is the hips'
            return abs(_arch(end) - _arch(start)) * ARCH_WEIGHT
        # A heel slid along the floor is what the exercise moves, though the knee it bends
        # travels about as far. Standing, a foot on the floor at both ends has stepped.
        slides = SLIDE if lying and _slides(start, end, name) else 1.0
        return math.hypot(x2 - x1, y2 - y1) * WEIGHT[name.split("_")[0]] * slides
    return _elbow_back(start, end) or _tiptoe(start, end) or max(sorted(start), key=travel)


def _tiptoe(start: dict[str, Point], end: dict[str, Point]) -> str | None:
    """The near heel, when the body is only lifted whole (a heel raise): the hips rise as
    far as the head, yet what the patient does is lift the heels."""
    lift = [(end[n][0] - start[n][0], end[n][1] - start[n][1])
            for n in ("hip", "shoulder", "head", "knee_near", "knee_far")]
    same = all(math.dist(v, lift[0]) < 0.5 for v in lift)
    heel = end["heel_near"][1] - start["heel_near"][1]
    return "heel_near" if same and lift[0][1] > 2 and heel > lift[0][1] else None


def _elbow_back(start: dict[str, Point], end: dict[str, Point]) -> str | None:
    """The elbow, near one first, when only the arms move and it goes back: in a row or a
    squeeze the elbows drive back and the hands only follow (further, but not the move)."""
    if any(math.dist(start[n], end[n]) > 3 for n in start
           if n.split("_")[0] not in ("elbow", "wrist", "hand", "bell")):
        return None
    return next((f"elbow_{side}" for side in ("near", "far")
                 if end[f"elbow_{side}"][0] < start[f"elbow_{side}"][0] - 5), None)


def _on_floor(at: dict[str, Point], name: str) -> bool:
    low = min(y - ink(n) for n, (_, y) in at.items() if n != "bell")
    return at[name][1] - ink(name) - low < 1.5


def _slides(start: dict[str, Point], end: dict[str, Point], name: str) -> bool:
    """Whether the point rests on the floor at the start and the end, somewhere else."""
    return (name != "bell" and _on_floor(start, name) and _on_floor(end, name)
            and math.dist(start[name], end[name]) > 8)


def _arch(at: dict[str, Point]) -> float:
    """How far the waist stands off the hip-to-shoulder line (the low back's hollow)."""
    (ax, ay), (bx, by), (mx, my) = at["hip"], at["shoulder"], at["waist"]
    return abs((mx - ax) * (by - ay) - (my - ay) * (bx - ax)) / (math.hypot(bx - ax, by - ay)
                                                                 or 1.0)


def path(start: Angles, end: Angles, part: str, anchor: str, at_x: float, support: float,
         bell: bool, lying: bool = False) -> list[Point]:
    """Where the part goes as the body moves from start to end (the angles in step; lying,
    a point on the floor at both ends slides along it)."""
    out = []
    for i in range(STEPS + 1):
        t = i / STEPS
        angles = {n: start[n] + (end[n] - start[n]) * t for n in ANGLES}
        out.append(placed(angles, anchor, at_x, support, bell)[part])
    first, last = (placed(a, anchor, at_x, support, bell) for a in (start, end))
    # A heel slid along the floor, a head slid straight back over the shoulders (a chin
    # tuck: only the neck moves, its eyes level): straight, where the angles in step would
    # swing it on an arc.
    tuck = part == "head" and set(moves(start, end)) == {"neck"}
    # Standing, a foot on the floor at both ends has stepped (a lunge): the pictures' feet
    # show the step; the arrow shows what the part does over the new stance, straight up
    # or down where it ends (the hips dropping, not the body swept forward over the head).
    over = not lying and stepped(first, last) and part != "bell"
    if (lying and _slides(first, last, part)) or tuck or over:
        (x1, y1), (x2, y2) = out[0], out[-1]
        y1, x1 = (y2 if tuck else y1), (x2 if over else x1)
        return [(x1 + (x2 - x1) * i / STEPS, y1 + (y2 - y1) * i / STEPS)
                for i in range(STEPS + 1)]
    return out


def stepped(start: dict[str, Point], end: dict[str, Point]) -> bool:
    """Whether a foot rests on the floor at the start and the end, somewhere else (a step)."""
    return any(_slides(start, end, f"ball_{side}") for side in ("near", "far"))


def arrow(track: list[Point], bodies: list[list[Shape]], ahead_first: bool = False
          ) -> list[Shape] | None:
    """An arrow along the track, moved off it until it clears the bodies (None when the part
    hardly moves): beside the path, away from the body first, else ahead of where it ends."""
    (x1, y1), (x2, y2) = track[0], track[-1]
    length = math.hypot(x2 - x1, y2 - y1)
    if length < 8:
        return None
    line = _lengthened(_trimmed(track, 0.06), MIN_LEN)
    # Stretched about its middle, a short path from the floor up (heels lifted) would dip
    # under the floor: it starts on the floor line's top instead.
    under = ARROW_W + 3 - min(y for _, y in line)
    if under > 0 and y2 > y1 and abs(x2 - x1) < 0.3 * length:
        line = [(x, y + under) for x, y in line]
    ink_points = _ink_points(bodies)
    cx = sum(x for x, _ in ink_points) / len(ink_points)
    cy = sum(y for _, y in ink_points) / len(ink_points)
    nx, ny = -(y2 - y1) / length, (x2 - x1) / length
    mx, my = track[len(track) // 2]
    if (mx - cx) * nx + (my - cy) * ny < 0:  # the side away from the body's middle first
        nx, ny = -nx, -ny
    # Ahead of where the part ends, straight on in the way it last went (hips lifted in a
    # bridge: above them, pointing up).
    (ax, ay), (bx, by) = track[-2], track[-1]
    last = math.hypot(bx - ax, by - ay) or 1.0
    ex, ey = (bx - ax) / last, (by - ay) / last
    def beside(offset: float, side: float = 1.0) -> list[Point]:
        return [(x + side * nx * offset, y + side * ny * offset) for x, y in line]

    def ahead(offset: float, ux: float = ex, uy: float = ey) -> list[Point]:
        return [(bx + ux * (offset + MIN_LEN * t / 8), by + uy * (offset + MIN_LEN * t / 8))
                for t in range(9)]

    # Beside the path, away from the body, while it stays near; else ahead of the part;
    # else on the body's side of the path; else further away.
    near, far = range(8, 32, 3), range(32, 100, 3)
    # An elbow driven back (a row, a squeeze): first straight on behind it, the way it went
    # overall, at its height; beside its arc (or along the arc's last turn, up) the arrow
    # would stand over the shoulders and read as "lean back".
    first = [ahead(d, (x2 - x1) / length, (y2 - y1) / length) for d in near] \
        if ahead_first else []
    tries = [*first, *(beside(d) for d in near), *(ahead(d) for d in [*near, *far]),
             *(beside(d, -1.0) for d in near), *(beside(d) for d in far),
             *(beside(d, -1.0) for d in far),
             # Last, the path moved straight forward, back or up, clear of everything.
             *([(x + wx * d, y + wy * d) for x, y in line]
               for d in far for wx, wy in ((1.0, 0.0), (-1.0, 0.0), (0.0, 1.0)))]
    for candidate in tries:
        if min(y for _, y in candidate) > ARROW_W + 2 and _clear(candidate, bodies):
            return _drawn(candidate)
    return None


def _lengthened(line: list[Point], least: float) -> list[Point]:
    """The line stretched about its middle to at least `least` long (a short path still
    needs an arrow the eye finds)."""
    (x1, y1), (x2, y2) = line[0], line[-1]
    length = math.hypot(x2 - x1, y2 - y1)
    if length >= least or length == 0:
        return line
    k = least / length
    mx, my = (x1 + x2) / 2, (y1 + y2) / 2
    return [(mx + (x - mx) * k, my + (y - my) * k) for x, y in line]


def _trimmed(track: list[Point], part: float) -> list[Point]:
    lengths = [0.0]
    for (ax, ay), (bx, by) in itertools.pairwise(track):
        lengths.append(lengths[-1] + math.hypot(bx - ax, by - ay))
    total = lengths[-1]
    return [p for p, s in zip(track, lengths, strict=True)
            if part * total <= s <= (1 - part) * total]


def _ink_points(bodies: list[list[Shape]]) -> list[Point]:
    return [(p[0], p[1]) for shapes in bodies for s in shapes if s[0] == "poly" for p in s[1]]


def _clear(line: list[Point], bodies: list[list[Shape]]) -> bool:
    """Whether every point of the line stays CLEAR units off every stroke and circle."""
    reach = ARROW_W / 2 + CLEAR
    for shapes in bodies:
        for s in shapes:
            if s[0] == "poly":
                pts = s[1] if len(s[1]) > 1 else s[1] * 2
                for a, b in itertools.pairwise(pts):
                    if any(_to_segment(p, a, b) < s[2] / 2 + reach for p in line):
                        return False
            elif s[0] == "rect":  # a wall or a step: kept clear of its whole box
                x0, y0, x1, y1 = s[1], s[2], s[1] + s[3], s[2] + s[4]
                if any(x0 - reach < p[0] < x1 + reach and y0 - reach < p[1] < y1 + reach
                       for p in line):
                    return False
            elif s[0] == "circle":
                if any(math.hypot(p[0] - s[1], p[1] - s[2]) < s[3] + reach for p in line):
                    return False
            elif s[0] == "curve":
                ends = [(op[-2], op[-1]) for op in s[1]]
                if any(math.hypot(p[0] - e[0], p[1] - e[1]) < 8 + reach
                       for p in line for e in ends):
                    return False
    return True


def _to_segment(p: Point, a: list[float] | Point, b: list[float] | Point) -> float:
    ax, ay = a[0], a[1]
    dx, dy = b[0] - ax, b[1] - ay
    span = dx * dx + dy * dy
    t = 0.0 if span == 0 else max(0.0, min(1.0, ((p[0] - ax) * dx + (p[1] - ay) * dy) / span))
    return math.hypot(p[0] - ax - t * dx, p[1] - ay - t * dy)


def _drawn(line: list[Point]) -> list[Shape]:
    """The arrow: a shaft with a white outline, and a filled head at the end."""
    tip = line[-1]
    shaft = [p for p in line if math.hypot(p[0] - tip[0], p[1] - tip[1]) > HEAD_LEN]
    (ax, ay) = shaft[-1] if shaft else line[0]
    k = math.hypot(tip[0] - ax, tip[1] - ay) or 1.0
    ux, uy = (tip[0] - ax) / k, (tip[1] - ay) / k
    base = (tip[0] - ux * HEAD_LEN, tip[1] - uy * HEAD_LEN)
    head = [tip, (base[0] - uy * HEAD_HALF, base[1] + ux * HEAD_HALF),
            (base[0] + uy * HEAD_HALF, base[1] - ux * HEAD_HALF), tip]
    shaft = [*shaft, (base[0] + ux, base[1] + uy)]
    return [poly(shaft, 1.0, ARROW_W + 3), poly(head, 1.0, 3.0, True),
            poly(shaft, ARROW_INK, ARROW_W), poly(head, ARROW_INK, 1.0, True)]

"""Draw the exercise figures: side-view line art of one jointed body, written as plain SVG.

Every drawing comes from the same body (fixed proportions, stroke widths and scale), posed by
joint angles, so the twelve pictures in content/images/exercises/ look like one set. The SVG
uses only elements and presentation attributes that svglib understands, and numbers are
written with one decimal so the files are byte-for-byte reproducible.

    python tools/figures.py          # (re)write every figure
    python tools/figures.py --check  # write nothing; exit 1 if a committed figure is stale
"""

from __future__ import annotations

import argparse
import math
import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import NamedTuple

OUT = Path(__file__).resolve().parents[1] / "content" / "images" / "exercises"

# One body for every drawing, so a standing and a lying figure share one scale. Segment
# lengths are the usual fractions of stature (Drillis & Contini).
WIDTH, HEIGHT, FLOOR, BODY = 240, 200, 172.0, 140.0
TRUNK, NECK, HEAD_R = 0.288 * BODY, 0.05 * BODY, 0.068 * BODY
THIGH, SHANK, ANKLE_H, FOOT = 0.245 * BODY, 0.246 * BODY, 0.039 * BODY, 0.152 * BODY
UPPER_ARM, FOREARM, HAND = 0.186 * BODY, 0.146 * BODY, 0.06 * BODY
# Stroke widths in canvas units: thick enough to survive a poor black-and-white printer.
W_TRUNK, W_NECK, W_THIGH, W_SHANK, W_FOOT, W_ARM, W_FOREARM = 20, 9, 12, 10, 6, 8, 7
HALO = 3.0  # white outline around near-side parts, so they stay distinct where they overlap
# Greys only: near limbs darkest, trunk and head a step lighter, far limbs light. Three
# distinct tones read the same on a colour or a black-and-white printer.
NEAR, BODY_INK, FAR, PROP = "#1a1a1a", "#474747", "#9a9a9a", "#666666"
MAT_H = 5.0

Point = tuple[float, float]


@dataclass(frozen=True)
class Pose:
    """Joint angles in degrees for a figure facing right (+x).

    trunk: lean of hip-to-shoulder from vertical, + forward (90 = face down, -90 = face up).
    neck: head flexion from the trunk line. hip, shoulder: flexion from the trunk line (0 =
    limb along the trunk toward the feet). knee, elbow, wrist: flexion (0 = straight). ankle:
    dorsiflexion (0 = foot square to the shin). toes: bent up from the sole, as on tiptoe.
    """

    trunk: float = 0.0
    neck: float = 0.0
    hip_near: float = 0.0
    knee_near: float = 0.0
    ankle_near: float = 0.0
    toes_near: float = 0.0
    hip_far: float = 0.0
    knee_far: float = 0.0
    ankle_far: float = 0.0
    toes_far: float = 0.0
    shoulder_near: float = 0.0
    elbow_near: float = 0.0
    wrist_near: float = 0.0
    shoulder_far: float = 0.0
    elbow_far: float = 0.0
    wrist_far: float = 0.0


def step(p: Point, angle: float, length: float) -> Point:
    # Angle 0 points straight down and positive angles swing toward the face (+x): the same
    # sense as flexion, so a joint angle simply adds to its parent segment's angle.
    rad = math.radians(angle)
    return p[0] + math.sin(rad) * length, p[1] - math.cos(rad) * length


def joints(pose: Pose) -> dict[str, Point]:
    """Forward kinematics: every joint's position, hip at the origin, y up."""
    base = -pose.trunk  # the direction of shoulder-to-hip, which limbs at angle 0 follow
    hip = (0.0, 0.0)
    shoulder = step(hip, base + 180, TRUNK)
    head = base + 180 - pose.neck
    at = {"hip": hip, "shoulder": shoulder, "head": step(shoulder, head, NECK + HEAD_R)}
    for side in ("near", "far"):
        angle = {j: getattr(pose, f"{j}_{side}") for j in
                 ("hip", "knee", "ankle", "toes", "shoulder", "elbow", "wrist")}
        thigh = base + angle["hip"]
        shin = thigh - angle["knee"]
        foot = shin + 90 + angle["ankle"]
        knee = step(hip, thigh, THIGH)
        ankle = step(knee, shin, SHANK)
        # The sole lies below the ankle joint; the heel sticks out a little behind it.
        sole = step(ankle, foot - 90, ANKLE_H - W_FOOT / 2)
        ball = step(sole, foot, 0.5 * FOOT)
        upper = base + angle["shoulder"]
        lower = upper + angle["elbow"]
        elbow = step(shoulder, upper, UPPER_ARM)
        wrist = step(elbow, lower, FOREARM)
        at |= {f"{name}_{side}": p for name, p in {
            "knee": knee, "ankle": ankle, "heel": step(sole, foot, -0.22 * FOOT), "ball": ball,
            "toe": step(ball, foot + angle["toes"], 0.28 * FOOT), "elbow": elbow,
            "wrist": wrist, "hand": step(wrist, lower + angle["wrist"], HAND)}.items()}
    return at


# The widest stroke through each joint: how far its ink reaches around it.
INK_WIDTH = {"hip": W_TRUNK, "shoulder": W_TRUNK, "head": 2 * HEAD_R, "knee": W_THIGH,
             "ankle": W_SHANK, "heel": W_FOOT, "ball": W_FOOT, "toe": W_FOOT, "elbow": W_ARM,
             "wrist": W_FOREARM, "hand": W_FOREARM}


def bottom(at: dict[str, Point], name: str) -> float:
    return at[name][1] - INK_WIDTH[name.split("_")[0]] / 2


class Rule(NamedTuple):
    """Turn the `gains` joints together until `lower` and `upper` rest at the same height."""

    gains: dict[str, float]
    lower: str
    upper: str
    span: float = 60.0  # search this many degrees either side of the given angles


def settle(pose: Pose, rule: Rule) -> Pose:
    # Floor contacts are solved, not guessed, so a heel, toe or forearm really touches the
    # floor instead of floating above it or sinking into it.
    def moved(delta: float) -> Pose:
        return replace(pose, **{k: getattr(pose, k) + g * delta for k, g in rule.gains.items()})

    def gap(delta: float) -> float:
        at = joints(moved(delta))
        return bottom(at, rule.lower) - bottom(at, rule.upper)

    lo, hi = -rule.span, rule.span
    above = gap(lo) > 0
    for _ in range(40):  # bisection: plain arithmetic, the same result on every run
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if (gap(mid) > 0) == above else (lo, mid)
    if abs(gap(lo)) > 0.5:  # no solution in range: the starting pose needs fixing
        raise ValueError(f"cannot rest {rule.lower} level with {rule.upper}: {pose}")
    return moved(round((lo + hi) / 2, 2))


def solve(pose: Pose, *rules: Rule) -> Pose:
    # Rules interact (a knee moves the heel, the heel turns the foot): three rounds converge.
    for _ in range(3):
        for rule in rules:
            pose = settle(pose, rule)
    return pose


def both(joint: str) -> dict[str, float]:
    return {f"{joint}_near": 1.0, f"{joint}_far": 1.0}


def flat(side: str) -> Rule:
    return Rule({f"ankle_{side}": 1.0}, f"heel_{side}", f"ball_{side}")


def toes_down(side: str) -> Rule:
    # Searched around a bent start (toes = 60) so the toes land pointing forward, not back.
    return Rule({f"toes_{side}": 1.0}, f"toe_{side}", f"ball_{side}", span=45.0)


def fmt(value: float) -> str:
    text = f"{value:.1f}"
    return "0.0" if text == "-0.0" else text


def element(tag: str, **attrs: str | float) -> str:
    """One SVG element; keyword_names become attribute-names, floats get one decimal."""
    text = " ".join(f'{k.replace("_", "-")}="{fmt(v) if isinstance(v, float) else v}"'
                    for k, v in attrs.items())
    return f"<{tag} {text}/>"


ROUND = {"stroke_linecap": "round", "stroke_linejoin": "round"}
Stroke = tuple[list[Point], float, bool]  # points, width, filled
Layer = tuple[list[str], list[str]]  # white outlines, then ink


def polyline(points: list[Point], ink: str, width: float, filled: bool = False) -> str:
    coords = " ".join(f"{fmt(x)},{fmt(y)}" for x, y in points)
    return element("polyline", points=coords, fill=ink if filled else "none", stroke=ink,
                   stroke_width=float(width), **ROUND)


def limbs(at: dict[str, Point], side: str, ink: str, halo: bool) -> tuple[Layer, Layer]:
    """The leg and the arm of one side."""
    j = {name.removesuffix(f"_{side}"): p for name, p in at.items()}
    leg: list[Stroke] = [
        ([j["hip"], j["knee"]], W_THIGH, False),
        ([j["knee"], j["ankle"]], W_SHANK, False),
        # The foot is a filled wedge (ankle, heel, ball) so it reads as a foot, not a stick.
        ([j["ankle"], j["heel"], j["ball"], j["ankle"]], W_FOOT, True),
        ([j["ball"], j["toe"]], W_FOOT, False)]
    arm: list[Stroke] = [
        ([j["shoulder"], j["elbow"]], W_ARM, False),
        ([j["elbow"], j["wrist"], j["hand"]], W_FOREARM, False)]

    def layer(strokes: list[Stroke]) -> Layer:
        # All the white outlines go down first, so the limb's own segments join seamlessly
        # and the outline only separates the limb from what lies behind it.
        out = [polyline(p, "#ffffff", w + 2 * HALO, f) for p, w, f in strokes] if halo else []
        return out, [polyline(p, ink, w, f) for p, w, f in strokes]

    return layer(leg), layer(arm)


def kettlebell(grip: Point, toward: float) -> list[str]:
    """A kettlebell held by its handle at `grip`, the bell along angle `toward` (0 = up)."""
    (ux, uy), (vx, vy) = step((0, 0), toward, 1), step((0, 0), toward + 90, 1)

    def at(u: float, v: float) -> str:
        return f"{fmt(grip[0] + ux * u + vx * v)},{fmt(grip[1] + uy * u + vy * v)}"

    # From the side the handle would be edge-on; it is drawn as the familiar loop (as seen
    # from the front) because that is how patients recognise a kettlebell.
    handle = (f"M{at(12, -6.5)} L{at(3, -6.5)} Q{at(0, -6.5)} {at(0, -3.5)} L{at(0, 3.5)} "
              f"Q{at(0, 6.5)} {at(3, 6.5)} L{at(12, 6.5)}")
    cx, cy = at(19, 0).split(",")
    return [element("path", d=handle, fill="none", stroke="#ffffff", stroke_width=6.0, **ROUND),
            element("path", d=handle, fill="none", stroke=NEAR, stroke_width=3.0, **ROUND),
            element("circle", cx=cx, cy=cy, r=9.5, fill=PROP, stroke="#ffffff",
                    stroke_width=1.5)]


@dataclass(frozen=True)
class Exercise:
    start: Pose
    end: Pose
    anchor: str  # this joint keeps its place from start to end (a planted foot, the hips)
    on_mat: bool = False
    kettlebell: bool = False


def anchor_x(ex: Exercise) -> float:
    """Where the anchor goes so that start and end, laid over each other, are centred."""
    pad = 30.0 if ex.kettlebell else 0.0  # room for a bell swung out beyond the hands
    lo = hi = 0.0
    for pose in (ex.start, ex.end):
        at = joints(pose)
        ax = at[ex.anchor][0]
        reach = [(x - ax, INK_WIDTH[n.split("_")[0]] / 2 + pad) for n, (x, _) in at.items()]
        lo, hi = min(lo, *(x - r for x, r in reach)), max(hi, *(x + r for x, r in reach))
    return WIDTH / 2 - (lo + hi) / 2


FLOOR_PAD, MAT_PAD = 10.0, 6.0  # how far the floor line and the mat reach past the body
BELL_REACH = 30.0  # a kettlebell's handle and bell beyond the hand


def reach(at: dict[str, Point], bell: bool) -> tuple[float, float]:
    """The leftmost and rightmost ink of a posed body, its kettlebell included."""
    lo = min(x - INK_WIDTH[n.split("_")[0]] / 2 for n, (x, _) in at.items())
    hi = max(x + INK_WIDTH[n.split("_")[0]] / 2 for n, (x, _) in at.items())
    if bell:
        hand = at["hand_near"][0]
        lo, hi = min(lo, hand - BELL_REACH), max(hi, hand + BELL_REACH)
    return lo, hi


def render(ex: Exercise, pose: Pose) -> str:
    at = joints(pose)
    ground = FLOOR - (MAT_H if ex.on_mat else 0.0)
    low = min(bottom(at, n) for n in at)
    dx = anchor_x(ex) - at[ex.anchor][0]
    # Flip y (SVG grows downward) and sit the lowest ink on the floor or the mat.
    at = {n: (x + dx, ground - (y - low)) for n, (x, y) in at.items()}
    far_leg, far_arm = limbs(at, "far", FAR, halo=False)
    near_leg, near_arm = limbs(at, "near", NEAR, halo=True)
    hx, hy = at["head"]
    body = [polyline([at["hip"], at["shoulder"]], BODY_INK, W_TRUNK),
            polyline([at["shoulder"], at["head"]], BODY_INK, W_NECK),
            element("circle", cx=hx, cy=hy, r=HEAD_R, fill=BODY_INK)]
    # The floor and the mat reach a little past the body, no further: a standing figure
    # makes a narrow picture, so that start and end can stand side by side beside the steps.
    left, right = reach(at, ex.kettlebell)
    scene = [element("line", x1=left - FLOOR_PAD, y1=FLOOR, x2=right + FLOOR_PAD, y2=FLOOR,
                     stroke="#777777", stroke_width=2.0, stroke_linecap="round")]
    if ex.on_mat:  # an exercise mat: a thin rounded slab on the floor
        scene.append(element("rect", x=left - MAT_PAD, y=ground,
                             width=right - left + 2 * MAT_PAD, height=MAT_H, rx=2.5,
                             fill="#e8e8e8", stroke="#9a9a9a", stroke_width=1.0))
    props: list[str] = []
    if ex.kettlebell:
        (wx, wy), (hx, hy) = at["wrist_near"], at["hand_near"]
        toward = math.degrees(math.atan2(hx - wx, wy - hy)) % 360
        # Held low, the bell hangs straight down from the hands; swung up toward shoulder
        # height it floats out in line with the straight arms.
        props = kettlebell((hx, hy), 180.0 if abs(toward - 180) < 45 else toward)
    # Back to front: far limbs, trunk, near leg, prop, near arm. The bell really hangs between
    # the legs, but behind the near leg it would vanish, so it is drawn in front; it goes over
    # the arm's white outline so that the hand closes on an unbroken handle.
    parts = [*scene, *far_arm[1], *far_leg[1], *body, *near_leg[0], *near_leg[1],
             *near_arm[0], *props, *near_arm[1]]
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
            f'width="{WIDTH}" height="{HEIGHT}">\n  <g>\n    ' + "\n    ".join(parts)
            + "\n  </g>\n</svg>\n")


# Arms hang with a soft elbow, the far arm a touch behind so that it peeks out.
STANDING = Pose(shoulder_near=4, elbow_near=12, shoulder_far=-6, elbow_far=10)


def plank(bird_dog: bool = False) -> Pose:
    """Forearm plank (upper arms vertical, body straight, toes tucked), or the bird dog."""
    pose = Pose(trunk=82, shoulder_near=82, elbow_near=90, shoulder_far=82, elbow_far=90,
                ankle_near=10, ankle_far=10, toes_near=60, toes_far=60)
    if bird_dog:  # far arm reaches forward; near (opposite) leg lifts just above level
        pose = replace(pose, hip_near=-13, ankle_near=-40, toes_near=0, shoulder_far=174,
                       elbow_far=0)
    # Tip the straight body until the far toes and near forearm both touch the floor. The
    # arms and a lifted leg turn back with it, so they keep their angle to the floor.
    tip = {"trunk": 1.0, "shoulder_near": 1.0, "shoulder_far": 1.0, "hip_near": float(bird_dog)}
    toes = [toes_down("far")] if bird_dog else [toes_down("far"), toes_down("near")]
    return solve(pose, Rule(tip, "ball_far", "elbow_near"), *toes)


def lying(contact: str) -> list[Rule]:
    """Face down: thighs, toes and hands rest on the floor."""
    # The pointed foot props the shin up a little (knee slightly bent), as it does lying down.
    return [Rule(both("hip"), "knee_near", contact), Rule(both("knee"), "toe_near", contact),
            Rule(both("shoulder"), "hand_near", contact)]


def hook_lying(contact: str) -> list[Rule]:
    """On the back, knees bent: feet flat, arms and head resting on the floor."""
    return [Rule(both("knee"), "heel_near", contact), flat("near"), flat("far"),
            Rule(both("shoulder"), "hand_near", contact), Rule({"neck": 1.0}, "head", contact)]


def exercises() -> dict[str, Exercise]:
    return {
        "squat": Exercise(
            start=STANDING,
            # Hips back, thighs just above parallel, shins leaning so the knees stay about
            # over the toes, back straight and inclined, heels down, arms forward to balance.
            end=solve(Pose(trunk=40, hip_near=110, knee_near=95, hip_far=110, knee_far=95,
                           shoulder_near=125, shoulder_far=125), flat("near"), flat("far")),
            anchor="ankle_near"),
        "lunge": Exercise(
            start=STANDING,
            # Near leg steps forward (shin vertical), back knee drops toward the floor, both
            # knees about a right angle, trunk upright. The back foot stands on its ball,
            # heel up, toes flat on the floor.
            end=solve(Pose(trunk=2, hip_near=86, knee_near=86, hip_far=-8, knee_far=82,
                           ankle_far=12, toes_far=60, elbow_near=10, shoulder_far=-4,
                           elbow_far=10),
                      flat("near"), Rule({"knee_far": 1.0}, "ball_far", "heel_near", 20.0),
                      toes_down("far")),
            anchor="ankle_far"),
        "kettlebell-swing": Exercise(
            # Hip hinge: straight back well forward, soft knees, bell between the knees.
            start=solve(Pose(trunk=50, hip_near=80, knee_near=30, hip_far=80, knee_far=30,
                             shoulder_near=28, shoulder_far=28), flat("near"), flat("far")),
            # Standing tall, hips locked out, straight arms, bell about chest height.
            end=Pose(shoulder_near=80, shoulder_far=80),
            anchor="ankle_near", kettlebell=True),
        "plank-bird-dog": Exercise(
            start=plank(), end=plank(bird_dog=True), anchor="toe_far", on_mat=True),
        "back-extension": Exercise(
            start=solve(Pose(trunk=90, ankle_near=-68, ankle_far=-68), *lying("hip")),
            # Chest up a few inches by the low back alone: head in line, arms slack at the
            # sides, hands resting by the hips (not under the shoulders, pushing).
            end=solve(Pose(trunk=64, ankle_near=-68, ankle_far=-68), *lying("hip")),
            anchor="hip", on_mat=True),
        "glute-bridge": Exercise(
            start=solve(Pose(trunk=-90, hip_near=42, knee_near=100, hip_far=42, knee_far=100),
                        *hook_lying("hip")),
            # Hips up until knees, hips and shoulders make one straight line (hip angle 0);
            # the feet stay where they were.
            end=solve(Pose(trunk=-110, knee_near=100, knee_far=100), *hook_lying("shoulder")),
            anchor="heel_near", on_mat=True),
    }


def figures() -> dict[Path, str]:
    """Every figure file and the SVG text it should hold."""
    out = {}
    for slug, ex in exercises().items():
        out[OUT / f"{slug}-start.svg"] = render(ex, ex.start)
        out[OUT / f"{slug}-end.svg"] = render(ex, ex.end)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 if a committed figure is missing or stale")
    check = parser.parse_args(argv).check
    wanted = figures()
    stale = [path for path, svg in wanted.items()
             if not path.exists() or path.read_text(encoding="utf-8") != svg]
    for path in stale:
        if not check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(wanted[path], encoding="utf-8", newline="\n")
        print(f"{'stale' if check else 'wrote'}: {path.relative_to(OUT.parents[2])}")
    return 1 if check and stale else 0


if __name__ == "__main__":
    sys.exit(main())

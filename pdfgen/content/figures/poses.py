"""The base poses a figure starts from, the range of every joint, and the contacts a pose
keeps with the floor, solved after the clinic's angles are set."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from pdfgen.content.figures.body import ANGLES, LIMB_JOINTS, SIDES, Angles, joints, lowest


class FigureProblem(ValueError):
    """A pose the body cannot take: `where` names the joint (`joints.knee`) or the figure."""

    def __init__(self, where: str, problem: str) -> None:
        super().__init__(problem)
        self.where = where


# Each joint's range in degrees: (least, most, what the range is in words).
RANGES: dict[str, tuple[float, float, str]] = {
    "trunk": (-180, 180, "the trunk tilts from -180 to 180"),
    "neck": (-60, 70, "a neck bends from -60 (head back) to 70 (chin to chest)"),
    "hip": (-30, 140, "a hip goes from -30 (thigh behind) to 140 (thigh to the chest)"),
    "knee": (0, 160, "a knee bends from 0 (straight) to 160"),
    "ankle": (-75, 40, "an ankle goes from -75 (pointed) to 40 (toes pulled up)"),
    "toes": (-10, 90, "toes bend from -10 to 90 (as on tiptoe)"),
    "shoulder": (-60, 180, "a shoulder goes from -60 (arm behind) to 180 (overhead)"),
    "elbow": (0, 150, "an elbow bends from 0 (straight) to 150"),
    "wrist": (-90, 90, "a wrist bends from -90 to 90"),
    "lift": (0, 60, "the top leg lifts from 0 to 60"),
    "pelvis": (-20, 0, "the pelvis tips from -20 (forward, low back arched) to 0 (low back "
               "flat)"),
}
BACKWARDS = {"knee", "elbow"}  # below their range they bend the wrong way
TOLERANCE = 0.5  # degrees a solved contact may take a joint past its range (rounding)


class Rule(NamedTuple):
    """Turn the `gains` joints together until the lowest of `lower` rests level with the
    lowest of `upper` (both on the floor)."""

    gains: dict[str, float]
    lower: tuple[str, ...]
    upper: tuple[str, ...]
    span: float = 60.0  # search this many degrees either side of the angles set


@dataclass(frozen=True)
class BasePose:
    """A named starting position: its angles, the contacts it keeps, the point that stays
    put between an exercise's start and end, and whether it counts as lying."""

    angles: dict[str, float]
    rules: tuple[Rule, ...] = ()
    anchor: str = "ankle_near"
    lying: bool = False
    sits: bool = False


def both(joint: str, gain: float = 1.0) -> dict[str, float]:
    return {f"{joint}_{side}": gain for side in SIDES}


def flat(side: str) -> Rule:
    return Rule({f"ankle_{side}": 1.0}, (f"heel_{side}",), (f"ball_{side}",))


def toes_down(side: str) -> Rule:
    return Rule({f"toes_{side}": 1.0}, (f"toe_{side}",), (f"ball_{side}",), span=45.0)


BACK = ("hip", "shoulder")  # whichever of the two rests on the floor, lying on the back
ARMS = {"shoulder_near": 4.0, "elbow_near": 12.0, "shoulder_far": -6.0, "elbow_far": 10.0}
TIP = {"trunk": 1.0, **both("shoulder")}  # a straight body tipped, its arms kept vertical
FEET = ("ball_near", "ball_far")
FOREARMS = ("elbow_near", "elbow_far")

BASE_POSES: dict[str, BasePose] = {
    "standing": BasePose(ARMS, (flat("near"), flat("far"))),
    "split-stance": BasePose(
        {**ARMS, "hip_near": 30, "knee_near": 20, "hip_far": -12, "knee_far": 20,
         "ankle_far": 12, "toes_far": 50},
        (flat("near"), Rule({"knee_far": 1.0}, ("ball_far",), ("heel_near",), 90.0),
         toes_down("far")), anchor="ball_far"),
    "sitting": BasePose(
        {"hip_near": 90, "hip_far": 90, "knee_near": 90, "knee_far": 90, "shoulder_near": 20,
         "elbow_near": 60, "shoulder_far": 14, "elbow_far": 64},
        (flat("near"), flat("far")), anchor="hip", sits=True),
    "lying-on-back": BasePose(
        {"trunk": -90, "ankle_near": -30, "ankle_far": -30, "shoulder_near": 4,
         "shoulder_far": 4},
        (Rule(both("hip"), ("heel_near",), BACK), Rule(both("shoulder"), ("hand_near",), BACK),
         Rule({"neck": 1.0}, ("head",), BACK)), anchor="hip", lying=True),
    "lying-on-back-knees-bent": BasePose(
        {"trunk": -90, "hip_near": 42, "knee_near": 100, "hip_far": 42, "knee_far": 100},
        (Rule(both("knee"), ("heel_near", "ball_near"), BACK, 30.0), flat("near"), flat("far"),
         Rule(both("shoulder"), ("hand_near",), BACK), Rule({"neck": 1.0}, ("head",), BACK)),
        anchor="heel_near", lying=True),
    "lying-face-down": BasePose(
        {"trunk": 90, "ankle_near": -68, "ankle_far": -68},
        (Rule(both("hip"), ("knee_near",), BACK), Rule(both("knee"), ("toe_near",), BACK),
         Rule(both("shoulder"), ("hand_near",), BACK)), anchor="hip", lying=True),
    "hands-and-knees": BasePose(
        {"trunk": 90, **both("hip", 90), **both("knee", 90), **both("shoulder", 90),
         **both("wrist", 90), **both("ankle", -70)},
        (Rule({"trunk": 1.0, **both("hip"), **both("shoulder")},
              ("hand_near", "hand_far"), ("knee_near", "knee_far")),), anchor="knee_far"),
    "forearm-plank": BasePose(
        {"trunk": 82, **both("shoulder", 82), **both("elbow", 90), **both("ankle", 10),
         **both("toes", 60)},
        (Rule(TIP, FEET, FOREARMS), toes_down("near"), toes_down("far")),
        anchor="toe_far", lying=True),
    "plank": BasePose(
        {"trunk": 70, **both("shoulder", 70), **both("wrist", 90), **both("ankle", 10),
         **both("toes", 60)},
        (Rule(TIP, FEET, ("hand_near", "hand_far")), toes_down("near"), toes_down("far")),
        anchor="toe_far", lying=True),
    # The head raised onto the lower hand (its arm along the floor past the head, the forearm
    # up), the top hand on the floor in front of the belly: the arms tell a side from a back.
    "side-lying": BasePose(
        {"trunk": -90, **both("hip", 8), **both("knee", 12), **both("ankle", -30),
         "shoulder_far": 180, "elbow_far": -100, "neck": 60, "shoulder_near": 45,
         "elbow_near": -105}, anchor="hip", lying=True),
    "half-kneeling": BasePose(
        {"hip_near": 90, "knee_near": 90, "hip_far": -8, "knee_far": 90, "ankle_far": 10,
         "toes_far": 60, **ARMS},
        (flat("near"), Rule({"knee_near": 1.0}, ("heel_near",), ("knee_far",)),
         toes_down("far")), anchor="knee_far"),
    "kneeling": BasePose(
        {**both("knee", 90), **both("ankle", -60), **ARMS}, anchor="knee_far"),
}


def side_names(name: str) -> list[str]:
    """The angles a joint name of the vocabulary sets: `knee` both knees, `knee_near` one."""
    return [f"{name}_{side}" for side in SIDES] if name in LIMB_JOINTS else [name]


def check_range(name: str, value: float, solved: bool = False) -> None:
    """FigureProblem when a joint's angle is past its range."""
    joint = name.removesuffix("_near").removesuffix("_far")
    least, most, words = RANGES[joint]
    slack = TOLERANCE if solved else 0.0
    if least - slack <= value <= most + slack:
        return
    shown = f"{value:g}" if not solved else f"{value:.0f}"
    what = (f"bends the {joint} backwards" if joint in BACKWARDS and value < least
            else f"is past the {joint}'s range")
    told = f"keeping the body on the floor would take {name} to {shown}, which {what}" \
        if solved else f"{shown} {what}"
    raise FigureProblem(f"joints.{name}", f"{told}: {words}")


def posed(pose: str, given: dict[str, float]) -> Angles:
    """The angles of a base pose changed by the clinic's, its contacts then solved; a
    FigureProblem for a joint past its range or contacts no angle can keep."""
    base = BASE_POSES[pose]
    for name, value in given.items():
        check_range(name, value)
    angles: Angles = dict.fromkeys(ANGLES, 0.0) | base.angles
    mine = {n for name in given for n in side_names(name)}
    for name, value in given.items():
        for n in side_names(name):
            angles[n] = float(value)
    rules = [Rule({k: g for k, g in r.gains.items() if k not in mine}, *r[1:]) for r in base.rules]
    rules = [r for r in rules if r.gains]
    for _ in range(3):  # rules interact (a knee moves the heel): three rounds converge
        for rule in rules:
            angles = _settle(angles, rule)
    # Only what was solved is checked: a base pose's own angles are ours, and side-lying's
    # arms are seen from the front (its propped arm bends past what a side view allows).
    for name in {k for r in rules for k in r.gains}:
        check_range(name, angles[name], solved=True)
    return angles


def _settle(angles: Angles, rule: Rule) -> Angles:
    # Floor contacts are solved, not guessed, so a heel, toe or forearm really touches the
    # floor instead of floating above it or sinking into it.
    def moved(delta: float) -> Angles:
        return angles | {k: angles[k] + g * delta for k, g in rule.gains.items()}

    def gap(delta: float) -> float:
        at = joints(moved(delta))
        return lowest(at, rule.lower) - lowest(at, rule.upper)

    # The contact nearest the angles set: the gap is sampled across the span, and the sign
    # change closest to no turn at all is narrowed down by bisection (plain arithmetic, the
    # same result on every run).
    samples = [rule.span * (i / 12 - 1) for i in range(25)]
    gaps = [gap(d) for d in samples]
    changes = [(abs(a + b), a, b) for a, b, ga, gb in zip(samples, samples[1:], gaps, gaps[1:],
                                                          strict=False) if (ga > 0) != (gb > 0)]
    lo, hi = (min(changes)[1:] if changes else (0.0, 0.0))
    above = gap(lo) > 0
    for _ in range(30):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if (gap(mid) > 0) == above else (lo, mid)
    if abs(gap(lo)) > 0.5:
        joint = next(iter(rule.gains))
        raise FigureProblem(f"joints.{joint.removesuffix('_near').removesuffix('_far')}",
                            f"no angle of {', '.join(rule.gains)} keeps {rule.lower[0]} on "
                            "the floor with these angles: change them")
    return moved(round((lo + hi) / 2, 2))

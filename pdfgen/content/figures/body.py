"""The one body every figure is drawn with: its proportions, stroke widths and greys, and
where each joint lands for a set of joint angles (forward kinematics)."""

from __future__ import annotations

import math

Point = tuple[float, float]
Angles = dict[str, float]

# One body for every drawing, so that figures share one scale. Segment lengths are the usual
# fractions of stature (Drillis & Contini), in the figure's units.
BODY = 140.0
TRUNK, NECK, HEAD_R = 0.288 * BODY, 0.05 * BODY, 0.068 * BODY
THIGH, SHANK, ANKLE_H, FOOT = 0.245 * BODY, 0.246 * BODY, 0.039 * BODY, 0.152 * BODY
UPPER_ARM, FOREARM, HAND = 0.186 * BODY, 0.146 * BODY, 0.06 * BODY
# Stroke widths: thick enough to survive a poor black-and-white printer.
W_TRUNK, W_NECK, W_THIGH, W_SHANK, W_FOOT, W_ARM, W_FOREARM = 20, 9, 12, 10, 6, 8, 7
HALO = 3.0  # white outline around near-side parts, so they stay distinct where they overlap
# Greys only (0 black, 1 white): near limbs darkest, trunk and head a step lighter, far
# limbs lighter still. Three distinct tones read the same on a colour or a black-and-white
# printer. (Far limbs at 0.60 printed as faint dots on a cheap laser printer, and a far limb
# is often the one that moves: the bird dog's reaching arm.)
NEAR, BODY_INK, FAR, PROP = 0.10, 0.28, 0.48, 0.40

SIDES = ("near", "far")
LIMB_JOINTS = ("hip", "knee", "ankle", "toes", "shoulder", "elbow", "wrist")
# Every angle a body has: the trunk's tilt, the neck, each side's limb joints, the top
# leg's lift (side-lying only, drawn as a raise of the near leg) and the pelvis's tilt.
ANGLES = ("trunk", "neck", *(f"{j}_{s}" for s in SIDES for j in LIMB_JOINTS), "lift", "pelvis")
# The pelvis tipped forward (negative) arches the low back: the waist stands this far off the
# hip-to-shoulder line per degree. The thighs keep their angle to the trunk (the hip joint
# takes up the tip: feet flat on the floor stay there). The arch is drawn larger than life
# (about 10 units at -15): a real one is a finger's width, too small to see.
ARCH = 0.7
WAIST = 0.4  # where the low back's curve is, as a share of the trunk from the hip

# The widest stroke through each point: how far its ink reaches around it.
INK_WIDTH = {"hip": W_TRUNK, "waist": W_TRUNK, "shoulder": W_TRUNK, "head": 2 * HEAD_R,
             "knee": W_THIGH, "ankle": W_SHANK, "heel": W_FOOT, "ball": W_FOOT, "toe": W_FOOT,
             "elbow": W_ARM, "wrist": W_FOREARM, "hand": W_FOREARM}


def ink(name: str) -> float:
    """Half the widest stroke through a point (`knee_near` → the knee's)."""
    return INK_WIDTH[name.split("_")[0]] / 2


def step(p: Point, angle: float, length: float) -> Point:
    # Angle 0 points straight down and positive angles swing toward the face (+x): the same
    # sense as flexion, so a joint angle simply adds to its parent segment's angle.
    rad = math.radians(angle)
    return p[0] + math.sin(rad) * length, p[1] - math.cos(rad) * length


def joints(a: Angles) -> dict[str, Point]:
    """Every point of the body for the angles, hip at the origin, y up, facing +x."""
    base = -a["trunk"]  # the direction of shoulder-to-hip, which limbs at angle 0 follow
    hip = (0.0, 0.0)
    shoulder = step(hip, base + 180, TRUNK)
    head = base + 180 - a["neck"]
    # The waist bows toward the front (a hollow under the low back) when the pelvis is tipped
    # forward: at 0 the low back is flat, the trunk one straight piece.
    mid = step(hip, base + 180, WAIST * TRUNK)
    waist = step(mid, base + 90, ARCH * max(0.0, -a.get("pelvis", 0.0)))
    at = {"hip": hip, "waist": waist, "shoulder": shoulder,
          "head": step(shoulder, head, NECK + HEAD_R)}
    for side in SIDES:
        angle = {j: a[f"{j}_{side}"] for j in LIMB_JOINTS}
        thigh = base + angle["hip"] + (a["lift"] if side == "near" else 0.0)
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


def bottom(at: dict[str, Point], name: str) -> float:
    """The lowest ink around a point."""
    return at[name][1] - ink(name)


def lowest(at: dict[str, Point], names: tuple[str, ...]) -> float:
    """The lowest ink of any of the points."""
    return min(bottom(at, n) for n in names)

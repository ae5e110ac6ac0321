"""A figure as an exercise file writes it (`figure:` of a picture): its base pose, joint
angles, props and the side turned toward the reader (docs/figures.md)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, Field

from pdfgen.content.fields import StrictModel

PoseName = Literal["standing", "split-stance", "sitting", "lying-on-back",
                   "lying-on-back-knees-bent", "lying-face-down", "hands-and-knees",
                   "forearm-plank", "plank", "side-lying", "half-kneeling", "kneeling"]
PropName = Literal["chair", "mat", "wall", "wall-in-front", "kettlebell", "band",
                   "step"]
JointName = Literal[
    "trunk", "neck", "lift", "pelvis", "hip", "knee", "ankle", "toes", "shoulder", "elbow", "wrist",
    "hip_near", "knee_near", "ankle_near", "toes_near", "shoulder_near", "elbow_near",
    "wrist_near", "hip_far", "knee_far", "ankle_far", "toes_far", "shoulder_far", "elbow_far",
    "wrist_far"]
Degrees = Annotated[float, Field(allow_inf_nan=False, ge=-360, le=360)]
Movement = Literal["arrows", "overlay", "none"]


def _once(props: list[str]) -> list[str]:
    doubled = sorted({p for p in props if props.count(p) > 1})
    if doubled:
        raise ValueError(f"'{doubled[0]}' is named twice")
    if {"wall", "wall-in-front"} <= set(props):
        # One wall is drawn, behind the heels or at the hands: two would box the body in.
        raise ValueError("'wall' and 'wall-in-front' are both named: give one, 'wall' "
                         "(behind the body) or 'wall-in-front' (at the hands)")
    return props


class Figure(StrictModel):
    pose: PoseName = Field(description=(
        "The base pose the figure starts from (docs/figures.md shows each): 'standing', "
        "'lying-on-back-knees-bent'..."))
    joints: dict[JointName, Degrees] = Field({}, description=(
        "Joint angles in degrees that change the base pose: `knee: 90` both knees, "
        "`knee_near` the one toward the reader. 0 is straight; positive bends the usual "
        "way."))
    props: Annotated[list[PropName], AfterValidator(_once)] = Field([], description=(
        "Things drawn with the body: chair, mat, wall (behind the body), wall-in-front "
        "(at its foremost point: the hands of a wall push-up), kettlebell, band, step."))
    facing: Literal["left", "right"] = Field("left", description=(
        "The side of the body turned toward the reader: left (the figure looks to the right "
        "of the page) or right."))

    def key(self) -> str:
        """The figure as text, the same for the same figure (for caches)."""
        return self.model_dump_json()

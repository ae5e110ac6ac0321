"""Typed models of the clinic folder's content: Exercise and Routine (YAML) and Plan; the
clinic's own (clinic.toml) are in clinic_settings and shared field types in fields."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    StringConstraints,
    Tag,
    ValidationInfo,
    field_validator,
    model_validator,
)

from pdfgen.content.choices import Layout
from pdfgen.content.fields import (
    Count,
    Name,
    Paragraphs,
    ShortParagraphs,
    ShortText,
    Slug,
    Text,
    Title,
    Url,
)
from pdfgen.content.fields import StrictModel as _Model
from pdfgen.content.figures.spec import Figure, Movement

# The most exercises a handout holds (a card each: about 20 pages), far past the 2 to 4 that
# patients keep up with; a longer list is a mistake, and checking it would hold pdfgen up.
MOST_EXERCISES = 20


class Dose(_Model):
    name: Name | None = Field(None, description=(
        "Which part of the exercise this dose is for, when it has a dose for each of its "
        "parts (a list of doses): 'Plank', 'Bird dog'."))
    sets: Count | None = None
    reps: Count | None = None
    hold_seconds: Count | None = None
    times: Count | None = None
    per: Literal["day", "week"] | None = None
    side: Literal["each", "left", "right", "both"] | None = None

    @model_validator(mode="before")
    @classmethod
    def _once_per(cls, data: object) -> object:
        # `per: day` alone is once a day (and `per: week` once a week): without a count the
        # handout printed "every day" with no boxes to tick on page 1 and no frequency on
        # the card.
        if isinstance(data, dict) and data.get("per") is not None and data.get("times") is None:
            return {**data, "times": 1}
        return data

    @model_validator(mode="after")
    def _how_often(self) -> Dose:
        if self.times is not None and self.per is None:
            raise ValueError("'times' needs 'per' (day or week): 3 times a day, or a week?")
        if self.per == "week" and self.times is not None and self.times > 7:
            raise ValueError(f"{self.times} days a week: a week has 7 days (use per: day)")
        return self


def _named_parts(doses: list[Dose]) -> list[Dose]:
    if any(d.name is None for d in doses):
        raise ValueError("each dose of a list needs a 'name': the part of the exercise it "
                         "is for (e.g. name: Plank)")
    names = [d.name.casefold() for d in doses if d.name]
    if len(set(names)) < len(names):
        raise ValueError("two doses of the list have the same name")
    return doses


# One dose, or a dose for each part of an exercise that has parts (a plank, then a bird
# dog): each named, so that the card and page 1 say which is which.
# The branch is chosen by the value's shape, so that a mistake in one dose is reported as
# that, not also as "expected a list".
Doses = Annotated[
    Annotated[Dose, Tag("tagged-one")]
    | Annotated[list[Dose], Field(min_length=2, max_length=4), AfterValidator(_named_parts),
                Tag("tagged-list")],
    Discriminator(lambda value: "tagged-list" if isinstance(value, list) else "tagged-one"),
]


def dose_list(dose: Dose | list[Dose] | None) -> list[Dose]:
    """Every part's dose, one or more; none for an exercise without a dose."""
    if dose is None:
        return []
    return dose if isinstance(dose, list) else [dose]


def _finished(caption: str) -> str:
    # `pdfgen new exercise` writes "Start: ..." to be filled in: left so, it would print.
    if not caption.rstrip(" .…").rstrip() or caption.rstrip(" .…").endswith(":"):
        raise ValueError(f"{caption!r} is still to be written: say what the picture shows "
                         "(for example 'Down: knees bent to a square corner.')")
    return caption


class Picture(_Model):
    file: Text | None = Field(None, description=(
        "The picture, from content/: an SVG, PNG or JPEG file (or give a `figure`)."))
    figure: Figure | None = Field(None, description=(
        "A figure pdfgen draws: a base pose, joint angles, props (docs/figures.md)."))
    caption: Annotated[Text, AfterValidator(_finished)] = Field(
        description="A short caption, also the picture's description.")
    alt: Text | None = Field(None, description=(
        "What the picture shows, for a patient who cannot see it (a screen reader reads it "
        "out); the caption when left out."))

    @model_validator(mode="after")
    def _file_or_figure(self) -> Picture:
        if (self.file is None) == (self.figure is None):
            raise ValueError("a picture has either a 'file' or a 'figure' (not both, not "
                             "neither)")
        return self


class Exercise(_Model):
    name: Name = Field(description="Short name, the heading of the card.")
    summary: Text = Field(description="One or two sentences: what it is and what it works.")
    why: Paragraphs = Field([], description="Why it helps, in short paragraphs.")
    steps: Annotated[list[Text], Field(min_length=1)] = Field(
        description="The steps in order, one action each, addressed to 'you'.")
    tips: list[Text] = Field([], description="Key points to remember.")
    safety: list[Text] = Field([], description=(
        "What keeps the patient safe doing it (\"clear space all around you before you "
        "swing\"): led by 'Take care:' after the tips, on the card and on the one-page "
        "sheet, which has no room for the tips."))
    easier: Text | None = Field(None, description="An easier way to do it.")
    harder: Text | None = Field(None, description="A harder way to do it.")
    dose: Doses | None = Field(None, description=(
        "How much and how often; or a list of doses, one for each part of the exercise, "
        "each with a name."))
    video: Url | None = Field(None, description="A video of the exercise (https://...).")
    pictures: Annotated[list[Picture], Field(max_length=4)] = Field(
        [], description="Pictures, usually the start and the end position, with captions.")
    movement: Movement = Field("arrows", description=(
        "How the first two pictures, when both are figures, show the movement: 'arrows' "
        "(an arrow along the path of the part that moves most), 'overlay' (one picture, "
        "the start a lighter grey and the end dark) or 'none'."))
    origin: Literal["clinic", "starter"] = Field("clinic", description=(
        "Where the exercise comes from. 'clinic' (the default): the clinic's own. 'starter': "
        "one of pdfgen's starter library, written from general knowledge, not from the "
        "clinic: a clinician reviews it before it is given to a patient, then deletes the "
        "line. `pdfgen list` and `pdfgen check` mark it until then."))

    @field_validator("pictures")
    @classmethod
    def _a_movement_shown(cls, pictures: list[Picture]) -> list[Picture]:
        if len(pictures) > 1 and pictures[0].figure is not None \
                and pictures[0].figure == pictures[1].figure:
            raise ValueError("the first two figures are the same pose, so they show no "
                             "movement: change the second one's joints, for example "
                             "{knee: 45, hip: 60} (pdfgen preview shows them)")
        return pictures


class RoutineItem(_Model):
    slug: Slug
    dose: Doses | None = None


def _slug_or_item(value: object) -> object:
    return {"slug": value} if isinstance(value, str) else value


class PainBand(_Model):
    """One band of the 0-10 pain score: what a score in it means and what to do."""

    # `from` is a Python keyword: the YAML's name is the alias.
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
    low: Annotated[int, Field(strict=True, ge=0, le=10)] = Field(
        alias="from", description="The lowest score of the band (0 to 10).")
    high: Annotated[int, Field(strict=True, ge=0, le=10)] = Field(
        alias="to", description="The highest score of the band (0 to 10).")
    label: Annotated[Name, StringConstraints(max_length=24)] = Field(
        description="A word or two for the band, heading the log's pain column: 'Safe'.")
    meaning: Text = Field(description="What a score in the band means and what to do.")

    @model_validator(mode="after")
    def _in_order(self) -> PainBand:
        if self.low > self.high:
            raise ValueError(f"from {self.low} is above to {self.high}")
        return self


def _whole_scale(bands: list[PainBand]) -> list[PainBand]:
    """The bands cover 0 to 10 in order, each score in one band only."""
    expected = 0
    for band in bands:
        if band.low != expected:
            raise ValueError(f"expected bands from 0 to 10 in order, each starting one above "
                             f"the last (a band from {expected}), got one from {band.low}")
        expected = band.high + 1
    if expected != 11:
        raise ValueError(f"expected the last band to end at 10, got {expected - 1}")
    return bands


# The sheet's pain rule in short: about a line of its pain box (a 60-character rule keeps
# the demo's Level 1 sheet, which has no line to spare, to its one page on Letter and A4).
PAIN_RULE_SHORT = 60


class Routine(_Model):
    title: Title = Field(description="The handout's title.")
    level: Annotated[int, Field(strict=True, ge=1, le=99)] = Field(
        description="The level; the same number as in the file name.")
    intro: Paragraphs = Field([], description="Short paragraphs before the exercises.")
    exercises: Annotated[
        list[Annotated[RoutineItem, BeforeValidator(_slug_or_item)]],
        Field(min_length=1, max_length=MOST_EXERCISES)
    ] = Field(description="Exercise slugs in order (file names in content/exercises/).")
    conclusion: Paragraphs = Field([], description="Short paragraphs after the exercises.")
    stop_if: list[Text] = Field(
        [], description="Warning signs, printed in a 'Stop and call us if' box on page 1.")
    stop_if_emergency: Annotated[bool, Field(strict=True)] = Field(
        False, description=("Whether the signs in stop_if need emergency care now (as the "
                            "signs of nerve damage in the low back do): the box then tells "
                            "the patient to call the emergency number or go to the "
                            "emergency room, and to let the clinic know after, rather than "
                            "to call the clinic first."))
    pain_rule: Text | None = Field(None, description=(
        "How much pain is all right during and after the exercises, in a sentence or two; "
        "printed on page 1."))
    pain_scale: Annotated[list[PainBand], Field(min_length=2, max_length=5),
                          AfterValidator(_whole_scale)] | None = Field(
        None, description=("What each band of the 0-10 pain score means and what to do: a "
                           "list of {from, to, label, meaning}, from 0 to 10; printed on "
                           "page 1 and over the log's pain column."))
    pain_rule_short: Annotated[Text, StringConstraints(max_length=PAIN_RULE_SHORT)] | None = (
        Field(None, description=(
            "The pain rule in a few words (at most 60 characters), under the pain scale's "
            "bands on the one-page sheet (--layout compact), which has no room for "
            "pain_rule: what to do when pain lasts. 'Still sore the next morning? Call us.'")))
    version: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1,
                                              max_length=20)] | None = Field(
        None, description="The handout's version, printed on the last page: '2'.")
    reviewed: dt.date | None = Field(
        None, description="When the clinic last reviewed the handout, YYYY-MM-DD.")
    reviewed_by: Name | None = Field(None, description="Who reviewed it: 'Dr. Mike Sebastian, DC'.")
    review_every: Annotated[int, Field(strict=True, ge=1, le=60)] = Field(
        12, description="Months between reviews (default 12); `pdfgen check` warns when one "
                        "is overdue.")

    @field_validator("pain_rule_short")
    @classmethod
    def _under_a_scale(cls, rule: str | None, info: ValidationInfo) -> str | None:
        # (A scale given but wrong is not in info.data: its own error says so, not this one.)
        if rule is not None and "pain_scale" in info.data and not info.data["pain_scale"]:
            raise ValueError("it prints under pain_scale's bands on the one-page sheet: give "
                             "pain_scale too")
        return rule


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (the month's last day when it has fewer days)."""
    import calendar

    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    if year > dt.MAXYEAR:  # a review due after the year 9999: as late as a date can be
        return dt.date.max
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def next_review(routine: Routine) -> dt.date | None:
    """When the routine's handout is due for its next review (None: never reviewed)."""
    return add_months(routine.reviewed, routine.review_every) if routine.reviewed else None


class PlanItem(_Model):
    # A plan's models are made (their validators built) when a plan is first read: a
    # handout of a routine level never does (~3 ms of every such command).
    model_config = ConfigDict(defer_build=True)

    slug: Slug = Field(description="An exercise: a file name in content/exercises/.")
    dose: Doses | None = Field(None, description=(
        "This patient's dose (replaces the default): one, or a named one for each part."))
    note: Annotated[Text, StringConstraints(max_length=500)] | None = Field(
        None, description="A note for this patient on this exercise (at most 500 characters).")


class Plan(_Model):
    """One patient's plan: who, when, which exercises and how much."""

    model_config = ConfigDict(defer_build=True)

    patient: Name | None = Field(None, description="The patient's name, printed on page 1.")
    date: dt.date | None = Field(None, description="The date of the handout, YYYY-MM-DD.")
    routine: Text | None = Field(None, description="The routine topic, e.g. back-pain.")
    level: Annotated[int, Field(strict=True, ge=1, le=99)] | None = Field(
        None, description="The routine level.")
    title: Title | None = Field(None, description="A title instead of the routine's.")
    intro: ShortParagraphs | None = Field(None, description=(
        "An introduction instead of the routine's (e.g. for other exercises): at most 10 "
        "paragraphs of 1,500 characters."))
    exercises: Annotated[list[Annotated[PlanItem, BeforeValidator(_slug_or_item)]],
                         Field(max_length=MOST_EXERCISES)] | None = Field(
        None, description="The exercises in order (instead of the routine's), with doses.")
    note: ShortText | None = Field(None, description=(
        "A note to the patient, on page 1 (at most 1,500 characters)."))
    follow_up: dt.date | None = Field(None, description="The next visit, YYYY-MM-DD.")
    log_weeks: Annotated[int, Field(strict=True, ge=0, le=12)] = Field(
        0, description="Weeks of exercise log to print (0 to 12).")
    large_print: bool = Field(False, description="Print in large type (18 pt and up).")
    layout: Layout = Field("detailed", description=(
        "detailed: the whole handout; compact: every exercise on a one-page sheet."))
    language: Text | None = Field(None, description=(
        "The language the plan's own words (notes, title, introduction) are written in, "
        "e.g. es; clinic.toml's when left out. A handout in another language is refused: "
        "it never mixes two."))

    @model_validator(mode="after")
    def _something_to_print(self) -> Plan:
        if self.level is None and not self.exercises:
            raise ValueError("a plan needs a 'level' (of a routine) or a list of 'exercises'")
        if self.layout == "compact" and self.large_print:
            raise ValueError("layout: compact and large_print: true: the one-page sheet is in "
                             "normal print only; choose one (large print is the detailed "
                             "handout)")
        return self

    @field_validator("follow_up")
    @classmethod
    def _after_the_date(cls, follow_up: dt.date | None, info: ValidationInfo) -> dt.date | None:
        day = info.data.get("date")
        if follow_up and day and follow_up < day:
            raise ValueError(f"{follow_up} is before the plan's date {day}")
        return follow_up

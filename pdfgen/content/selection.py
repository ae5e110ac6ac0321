"""What goes in one patient's handout: the plan file and the command line, merged."""

from __future__ import annotations

import datetime as dt
import difflib
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from pdfgen.content.choices import Layout
from pdfgen.content.loading import (
    Loaded,
    choose_topic,
    exercise_problems,
    load_exercise,
    load_routine,
    read_model,
    routine_files,
)
from pdfgen.content.models import Dose, Exercise, Plan, Routine
from pdfgen.content.parsing import yaml_line
from pdfgen.content.project import Project
from pdfgen.errors import ContentError, SelectionError, display_path

MAX_PATIENT = 80  # the name prints on page 1 and atop every other page
MAX_LOG_WEEKS = 12


@dataclass(frozen=True)
class Chosen:
    """One exercise of the handout, with this patient's dose and note."""

    exercise: Loaded[Exercise]
    dose: Dose | list[Dose] | None
    note: str | None
    source: tuple[Path, tuple[str | int, ...]] | None = None  # where the note was written
    # Where `dose` was written (a plan's or a routine's); None: the exercise's own.
    dose_at: tuple[Path, tuple[str | int, ...]] | None = None


@dataclass(frozen=True)
class Selection:
    """Everything chosen for one handout, before any text is rendered."""

    topic: str | None
    routine: Loaded[Routine]
    items: list[Chosen]
    patient: str | None
    day: dt.date
    follow_up: dt.date | None
    note: tuple[str, Path] | None
    log_weeks: int
    large_print: bool
    # The plan's own title and introduction, with its file (for error messages).
    title: tuple[str, Path] | None = None
    intro: tuple[list[str], Path] | None = None
    # The plan's own words and the language they are in (None: the clinic's), when it has
    # any: a handout in another language would mix two.
    own_words: tuple[str | None, Path] | None = None
    topic_name: str | None = None  # the topic's name in the handout's language
    layout: Layout = "detailed"  # or "compact": the one-page sheet
    # The plan file and line that named the patient (None: --patient, or no name).
    patient_from: tuple[Path, int | None] | None = None


def load_plan(project: Project, path: Path) -> Loaded[Plan]:
    """A plan file, validated and checked against the clinic's exercises and routines."""
    plan = read_model(Plan, path)
    if "patient" in plan.model_fields_set and plan.patient is None:
        # `patient:` with nothing after it: a name was meant, and an anonymous handout would
        # replace the one without a name in out/.
        raise ContentError(path, "patient", "expected text, got an empty value; write the "
                           "patient's name, or leave out the patient line",
                           yaml_line(path, ("patient",)))
    problems = exercise_problems(project, path, [i.slug for i in plan.exercises or []])
    if problems:  # (an exercise twice printed two cards of one name, with two doses)
        raise problems[0]
    routines = routine_files(project)
    if plan.routine is not None and plan.routine not in routines:
        known = ", ".join(sorted(routines)) or "none"
        close = difflib.get_close_matches(plan.routine, list(routines), n=1)
        hint = f"did you mean {close[0]}? " if close else ""
        raise ContentError(path, "routine", f"unknown topic '{plan.routine}' ({hint}known: "
                           f"{known})", yaml_line(path, ("routine",)))
    topic = plan.routine or (next(iter(routines)) if len(routines) == 1 else None)
    if plan.level is not None and topic and plan.level not in routines[topic]:
        known = ", ".join(str(n) for n in sorted(routines[topic]))
        raise ContentError(path, "level", f"no level {plan.level} for {topic} (known: {known})",
                           yaml_line(path, ("level",)))
    return Loaded(plan, path)


def select(project: Project, *, level: int | None, topic: str | None, patient: str | None,
           day: dt.date | None, plan_path: Path | None, log_weeks: int | None,
           large_print: bool | None, layout: Layout | None = None) -> Selection:
    """Merge the plan (if any) with the command line, whose options win."""
    plan = load_plan(project, plan_path) if plan_path is not None else None
    p = plan.model if plan else None
    level = level if level is not None else (p.level if p else None)
    topic = topic if topic is not None else (p.routine if p else None)
    # Where the name was written, for its errors: the plan's patient line, or --patient.
    named_in: tuple[Path, int | None] | None = None
    if patient is None and p and p.patient is not None and plan:
        named_in = (plan.path, yaml_line(plan.path, ("patient",)))
    patient = checked_patient(patient if patient is not None else (p.patient if p else None))
    weeks = checked_weeks(log_weeks if log_weeks is not None else (p.log_weeks if p else 0))
    large = bool(large_print) if large_print is not None else bool(p and p.large_print)
    chosen_layout = layout or (p.layout if p else None) or "detailed"
    if chosen_layout == "compact" and large:
        raise SelectionError(no_large_sheet(layout, large_print, plan_path))
    if level is None and not (p and p.exercises):
        raise SelectionError("--level is needed (or a --plan that names a level or exercises)")

    if level is not None:
        topic = choose_topic(project, topic)
        routine = load_routine(project, topic, level)
    else:
        # A plan of chosen exercises only: a routine without intro or conclusion of its own.
        assert plan is not None and p is not None
        routine = Loaded(Routine.model_construct(
            title=p.title or "Your exercise plan", level=0, intro=[], exercises=[],
            conclusion=[], stop_if=[]), plan.path)
        topic = None

    if plan and p and p.exercises:
        items = [Chosen(load_exercise(project, i.slug), i.dose, i.note,
                        (plan.path, ("exercises", n, "note")),
                        (plan.path, ("exercises", n, "dose")) if i.dose is not None else None)
                 for n, i in enumerate(p.exercises)]
    else:
        items = [Chosen(load_exercise(project, i.slug), i.dose, None, None,
                        (routine.path, ("exercises", n, "dose")) if i.dose is not None else None)
                 for n, i in enumerate(routine.model.exercises)]
    handout_day = day or (p.date if p and p.date else None) or dt.date.today()
    if p and p.follow_up and day and day > p.follow_up:  # the plan's own date is checked
        raise SelectionError(f"--date {day.isoformat()}: after the plan's next visit "
                             f"(follow_up: {p.follow_up.isoformat()}); give an earlier date, "
                             "or change follow_up in the plan")
    return Selection(
        topic=topic, routine=routine, items=items, patient=patient, patient_from=named_in,
        day=handout_day,
        follow_up=p.follow_up if p else None,
        note=(p.note, plan.path) if p and p.note and plan else None,
        log_weeks=weeks,
        large_print=large,
        layout=chosen_layout,
        title=(p.title, plan.path) if p and p.title and plan else None,
        intro=(p.intro, plan.path) if p and p.intro is not None and plan else None,
        own_words=(p.language, plan.path) if p and plan and _has_words(p) else None,
    )


def checked_patient(patient: str | None) -> str | None:
    """The name as it prints: its spaces as one, composed (NFC: a Vietnamese or Korean name
    typed as letters and marks prints as the letters the fonts hold); blank or too long, a
    SelectionError."""
    if patient is not None and not patient.split():
        # A blank name would make an anonymous handout and replace out/TOPIC-level-N.pdf.
        raise SelectionError("--patient: blank; give the patient's name, or leave out "
                             "--patient")
    patient = unicodedata.normalize("NFC", " ".join(patient.split())) if patient else None
    if patient is not None and len(patient) > MAX_PATIENT:  # (a plan's: its Name type)
        raise SelectionError(f"--patient: expected at most {MAX_PATIENT} characters, "
                             f"got {len(patient)}")
    return patient


def checked_weeks(weeks: int) -> int:
    """The weeks of log asked for, from 0 to MAX_LOG_WEEKS, else a SelectionError."""
    if not 0 <= weeks <= MAX_LOG_WEEKS:
        raise SelectionError(f"--log {weeks}: expected a number of weeks from 0 to "
                             f"{MAX_LOG_WEEKS}")
    return weeks


def no_large_sheet(layout: Layout | None, large_print: bool | None, plan: Path | None) -> str:
    """Why the one-page sheet cannot be in large print, naming where each came from: 18 pt
    type and 2 in pictures never fit every exercise on one page."""
    def in_plan(setting: str) -> str:
        assert plan is not None  # not from the command line: from the plan
        return f"{display_path(plan)}: {setting}"

    sheet = "--layout compact" if layout else in_plan("layout: compact")
    large = "--large-print" if large_print else in_plan("large_print: true")
    return (f"{sheet} and {large}: the one-page sheet is in normal print only; choose one "
            "(large print is the detailed handout)")


def _has_words(plan: Plan) -> bool:
    """Whether a plan prints words of its own (not only slugs and numbers)."""
    named = any(isinstance(i.dose, list) for i in plan.exercises or [])
    return bool(plan.note or plan.title or plan.intro or named
                or any(i.note for i in plan.exercises or []))

"""`pdfgen check` renders every string as a handout would (and its e-mail, and every
translation): variables, templates and characters, and rates the routines' reading level."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from pdfgen.content.clinic_settings import Clinic
from pdfgen.content.loading import Loaded
from pdfgen.content.models import Exercise, Routine, RoutineItem
from pdfgen.content.project import Project
from pdfgen.content.selection import Chosen, Selection, select
from pdfgen.errors import ContentError, PdfgenError

if TYPE_CHECKING:
    from pdfgen.clinic.check import Report
    from pdfgen.text.handout_text import HandoutText

MAX_GRADE = 8.0  # NIH: below 8th grade; the average US adult reads at 7th-8th grade
SAMPLE_PATIENT = "Sample Patient"


def check_text(project: Project, report: Report, clinic: Loaded[Clinic],
                routines: list[Loaded[Routine]], exercises: dict[str, Loaded[Exercise]],
                plans: list[Path]) -> None:
    """Render every string as a handout would: variables, templates and characters."""
    from pdfgen.build import text_tools
    from pdfgen.text.resolve_handout import resolve_handout

    fonts, engine = text_tools(project, clinic)
    jobs: list[tuple[Loaded[Routine], str | None]] = [(r, r.path.parent.name)
                                                       for r in routines]
    # Exercises that no sound routine holds are still checked, inside a stand-in routine.
    covered = {item.slug for r in routines for item in r.model.exercises}
    jobs += [(Loaded(Routine(title="Check", level=1, exercises=[RoutineItem(slug=slug)]),
                     exercises[slug].path), None)
             for slug in sorted(set(exercises) - covered)]
    for routine, topic in jobs:
        chosen = Selection(
            topic=topic, routine=routine,
            items=[Chosen(exercises[i.slug], i.dose, None) for i in routine.model.exercises],
            patient=SAMPLE_PATIENT, day=dt.date.today(), follow_up=dt.date.today(),
            note=None, log_weeks=1, large_print=False)
        problems: list[ContentError] = []
        try:
            text = resolve_handout(clinic, chosen, engine=engine, fonts=fonts,
                                   problems=problems, with_email=True)
            # Templates may test for a patient, a follow-up or a log: try them without too.
            bare = dataclasses.replace(chosen, patient=None, follow_up=None, log_weeks=0)
            resolve_handout(clinic, bare, engine=engine, fonts=fonts, problems=problems)
        except ContentError as error:  # a template no handout can read (not UTF-8): listed
            problems.append(error)      # with the rest, once (Report.add), not the end
            text = None
        for problem in problems:
            report.add("error", problem)
        if topic is not None and not problems and text is not None:
            _grade(routine, text, report)
    for path in plans:
        problems = []
        try:
            chosen = select(project, level=None, topic=None, patient=None, day=None,
                            plan_path=path, log_weeks=None, large_print=None)
            resolve_handout(clinic, chosen, engine=engine, fonts=fonts, problems=problems)
        except PdfgenError as error:  # already reported when the plan was read
            del error
        for problem in problems:
            report.add("error", problem)


def check_languages(project: Project, report: Report, clinic: Loaded[Clinic],
                     routines: list[Loaded[Routine]], exercises: dict[str, Loaded[Exercise]]
                     ) -> None:
    from pdfgen.build import text_tools
    from pdfgen.clinic.translation_check import check_translations

    fonts, _ = text_tools(project, clinic)
    try:
        report.files += check_translations(
            project, report.add, clinic, exercises, routines,
            lambda labels: text_tools(project, clinic, labels)[1], fonts)
    except ContentError as error:  # (as in check_text: a template no handout can read)
        report.add("error", error)


def _grade(routine: Loaded[Routine], text: HandoutText, report: Report) -> None:
    from pdfgen.text.readability import grade_level, prose

    grade = grade_level(prose(text))
    message = f"reading grade {grade:.1f} (Flesch-Kincaid; aim for {MAX_GRADE:g} or lower)"
    report.add("info", ContentError(routine.path, "", message))
    if grade > MAX_GRADE:
        report.add("warning", ContentError(
            routine.path, "", f"reading grade {grade:.1f} is above {MAX_GRADE:g}: use shorter "
            "sentences and everyday words"))

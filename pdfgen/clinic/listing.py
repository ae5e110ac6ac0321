"""What a clinic folder offers: its routine topics, levels and their exercises, and the
exercises no routine holds (for a plan), the starter library's marked for review."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pdfgen.content.loading import (
    exercise_path,
    exercise_slugs,
    load_exercise,
    load_routine,
    named_slugs,
    routine_files,
)
from pdfgen.content.project import Project
from pdfgen.errors import ContentError, PdfgenError
from pdfgen.languages import SOURCE

STARTER_MARK = "(starter: review before use)"


@dataclass(frozen=True)
class ExerciseSummary:
    slug: str
    name: str
    starter: bool = False  # origin: starter, not yet reviewed by the clinic
    problem: str = ""  # why this exercise cannot be printed now

    def line(self) -> str:
        """`Name (slug)`, marked when it is the starter library's."""
        if self.problem:
            return f"{self.slug}  (cannot be printed: {self.problem})"
        return f"{self.name} ({self.slug})" + (f" {STARTER_MARK}" if self.starter else "")


@dataclass(frozen=True)
class RoutineSummary:
    topic: str
    level: int
    title: str
    exercises: list[ExerciseSummary]
    problem: str = ""  # why this routine cannot be printed now
    languages: list[str] = field(default_factory=list)  # codes: en, es...


def _summary(project: Project, slug: str, code: str = SOURCE) -> ExerciseSummary:
    exercise = load_exercise(project, slug).model
    name = _in_language(exercise_path(project, slug), code, "name") or exercise.name
    return ExerciseSummary(slug, name, exercise.origin == "starter")


def _clinic_code(project: Project) -> str:
    """The code of the clinic's own language: its names and titles are listed in it (a
    clinic in Mexico chose exercises for its plans from English names)."""
    try:
        from pdfgen.content.loading import load_clinic
        from pdfgen.text.i18n import language

        return language(load_clinic(project).model.language, "language").code
    except PdfgenError:  # (said by check, and by the handout)
        return SOURCE


def _in_language(english: Path, code: str, field: str) -> str | None:
    """A text field of the English file's translation into `code`, when there is one."""
    if code == SOURCE:
        return None
    from pdfgen.content.parsing import parse_yaml
    from pdfgen.content.translations import translation_of

    path = translation_of(english, code)
    try:
        data = parse_yaml(path) if path.is_file() else None
    except ContentError:
        return None
    value = data.get(field) if isinstance(data, dict) else None
    return value.strip() if isinstance(value, str) and value.strip() else None


def list_routines(project: Project) -> list[RoutineSummary]:
    """Every routine of the clinic, validated, in topic and level order, its title and its
    exercises' names in the clinic's language where translated."""
    summaries, code = [], _clinic_code(project)
    for topic, levels in routine_files(project).items():
        for level in sorted(levels):
            # One unfinished routine should not hide the others: it is listed with its error.
            try:
                routine = load_routine(project, topic, level).model
                items = [_summary(project, i.slug, code) for i in routine.exercises]
            except ContentError as error:
                summaries.append(RoutineSummary(topic, level, "", [], error.message))
                continue
            from pdfgen.content.translations import languages_of

            spoken = languages_of(project, levels[level][0], [i.slug for i in items])
            title = _in_language(levels[level][0], code, "title") or routine.title
            summaries.append(RoutineSummary(topic, level, title, items, languages=spoken))
    return summaries


def list_other_exercises(project: Project, routines: list[RoutineSummary]
                         ) -> list[ExerciseSummary]:
    """The exercises that no listed routine holds, by slug: a plan can name them."""
    held, code = {item.slug for routine in routines for item in routine.exercises}, \
        _clinic_code(project)
    # (and those a routine that cannot be printed names: one of its own was listed here)
    held |= {str(slug) for levels in routine_files(project).values()
             for files in levels.values() for path in files for slug in named_slugs(path)}
    others = []
    for slug in exercise_slugs(project):
        if slug in held:
            continue
        try:
            others.append(_summary(project, slug, code))
        except ContentError as error:  # one broken file should not hide the others
            others.append(ExerciseSummary(slug, "", problem=error.message))
    return others

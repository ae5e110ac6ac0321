"""What a clinic folder offers: its routine topics, levels and their exercises."""

from __future__ import annotations

from dataclasses import dataclass, field

from pdfgen.content.loading import load_exercise, load_routine, routine_files
from pdfgen.content.project import Project
from pdfgen.errors import ContentError


@dataclass(frozen=True)
class RoutineSummary:
    topic: str
    level: int
    title: str
    exercises: list[tuple[str, str]]  # (slug, name)
    problem: str = ""  # why this routine cannot be printed now
    languages: list[str] = field(default_factory=list)  # codes: en, es...


def list_routines(project: Project) -> list[RoutineSummary]:
    """Every routine of the clinic, validated, in topic and level order."""
    summaries = []
    for topic, levels in routine_files(project).items():
        for level in sorted(levels):
            # One unfinished routine should not hide the others: it is listed with its error.
            try:
                routine = load_routine(project, topic, level).model
                names = [(i.slug, load_exercise(project, i.slug).model.name)
                         for i in routine.exercises]
            except ContentError as error:
                summaries.append(RoutineSummary(topic, level, "", [], error.message))
                continue
            from pdfgen.content.translations import languages_of

            spoken = languages_of(project, levels[level][0], [slug for slug, _ in names])
            summaries.append(RoutineSummary(topic, level, routine.title, names,
                                            languages=spoken))
    return summaries

"""Health literacy: a handout's reading level (Flesch-Kincaid, with textstat), and words that
are hard to read (long steps, capitals)."""

from __future__ import annotations

import re
from pathlib import Path

from pdfgen.content.models import Exercise
from pdfgen.content.parsing import yaml_line
from pdfgen.content.problems import field_name
from pdfgen.errors import ContentError
from pdfgen.text.handout_text import HandoutText

MAX_STEP_WORDS = 25
_CAPS = re.compile(r"\b[A-Z]{3,}\b")


def prose(text: HandoutText) -> str:
    """The words a patient reads, as sentences (list items without a full stop get one)."""
    parts = [text.title, *text.intro, text.disclaimer, *text.conclusion]
    for card in text.cards:
        parts += [card.name, card.summary, *card.why, *card.steps, *card.tips]
        parts += [p for p in (card.easier, card.harder) if p]
    return " ".join(p if p.rstrip().endswith((".", "!", "?", ":")) else f"{p}." for p in parts)


def grade_level(words: str) -> float:
    # textstat 0.7.8 counts syllables from data it ships (no download at run time).
    import textstat

    return float(textstat.flesch_kincaid_grade(words))


def wording_problems(exercise: Exercise, path: Path) -> list[ContentError]:
    """Health-literacy warnings on the words as written (before variables are filled in)."""
    problems = []
    for index, step in enumerate(exercise.steps):
        words = len(step.split())
        if words > MAX_STEP_WORDS:
            problems.append(ContentError(
                path, f"steps[{index + 1}]", f"{words} words: split it into shorter steps "
                f"(about {MAX_STEP_WORDS} words at most)", yaml_line(path, ("steps", index))))
    for loc, text in _texts(exercise):
        caps = _CAPS.findall(re.sub(r"\{\{.*?\}\}", "", text))
        if caps:
            problems.append(ContentError(
                path, field_name(loc), f"'{caps[0]}' is in capitals: write it in small letters "
                "(capitals are harder to read; use a tip to stress a point)", yaml_line(path, loc)))
    return problems


def _texts(exercise: Exercise) -> list[tuple[tuple[str | int, ...], str]]:
    out: list[tuple[tuple[str | int, ...], str]] = [(("name",), exercise.name),
                                                   (("summary",), exercise.summary)]
    for name in ("why", "steps", "tips"):
        out += [((name, i), t) for i, t in enumerate(getattr(exercise, name))]
    out += [((name,), getattr(exercise, name)) for name in ("easier", "harder")
            if getattr(exercise, name)]
    return out

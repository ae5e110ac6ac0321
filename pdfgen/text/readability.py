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
        parts += [card.name, card.summary, *card.why, *card.steps, *card.tips,
                  *card.safety]
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
    for name in ("why", "steps", "tips", "safety"):
        out += [((name, i), t) for i, t in enumerate(getattr(exercise, name))]
    out += [((name,), getattr(exercise, name)) for name in ("easier", "harder")
            if getattr(exercise, name)]
    return out


# Spanish: the Szigriszt-Pazos perspicuity index, read on the INFLESZ scale
# (Barrio-Cantalejo et al. 2008). 65 and up is "bastante fácil", what patients read best.
INFLESZ_BANDS = ((80, "muy fácil"), (65, "bastante fácil"), (55, "normal"),
                 (40, "algo difícil"), (float("-inf"), "muy difícil"))
MIN_INFLESZ = 55.0  # below: "algo difícil", as a grade over 8 is in English
_STRONG = set("aeoáéíóú")  # an accented i or u stands in its own syllable (hiatus)
_VOWELS = _STRONG | set("iuü")
_WORD = re.compile(r"[a-záéíóúüñ]+")


def spanish_syllables(word: str) -> int:
    """Syllables of a Spanish word by its vowel nuclei: two strong vowels side by side are
    two syllables (le-er), a weak one with another vowel one (cui-da-do); the u of que, qui,
    gue and gui is silent, and a final y is a vowel (hoy, muy)."""
    word = re.sub(r"([qg])u([eéií])", r"\1\2", word.lower())
    word = re.sub(r"y$", "i", word)
    count, previous = 0, ""
    for char in word:
        if char in _VOWELS:
            if not previous or (previous in _STRONG and char in _STRONG):
                count += 1
            previous = char
        else:
            previous = ""
    return max(count, 1)


def inflesz(words: str) -> float:
    """The Szigriszt-Pazos index of Spanish text: 206.835 - 62.3 syllables/words - words/
    sentences (higher is easier)."""
    found = _WORD.findall(words.lower())
    sentences = max(len(re.findall(r"[.!?]+(?:\s|$)", words)), 1)
    if not found:
        return 100.0
    syllables = sum(spanish_syllables(w) for w in found)
    return 206.835 - 62.3 * syllables / len(found) - len(found) / sentences


def inflesz_band(score: float) -> str:
    return next(name for floor, name in INFLESZ_BANDS if score >= floor)

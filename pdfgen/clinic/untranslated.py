"""`pdfgen check`'s warning of English left in a translation: a text the same as the
English file's, or one made of English words (a step copied over and not translated
printed on a Spanish handout, "all good" said of it)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pdfgen.content.parsing import source_line
from pdfgen.content.problems import field_name
from pdfgen.errors import ContentError

# Words of an exercise's English that are no words of the languages it is translated into
# (never Spanish "a", "in" or "me", Dutch "hand", "of", "over", "is", "lift", Swedish "under").
_ENGLISH = frozenset({
    "the", "your", "you", "and", "with", "each", "to", "it", "this", "that", "for", "from",
    "until", "when", "then", "into", "while", "keep", "hold", "push", "pull", "slowly",
    "straight", "both", "feet", "knees", "hips", "arms", "legs", "floor", "back", "before",
    "after", "yourself", "up", "down", "onto", "weight", "light"})
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


def left_in_english(english: dict[str, Any], translated: dict[str, Any], path: Path,
                    language: str) -> list[ContentError]:
    """A warning for each text of the translation that is still English."""
    problems = []
    for loc, source, text in _texts(english, translated, ()):
        words = _WORD.findall(re.sub(r"\{\{.*?\}\}|\{%.*?%\}", " ", text))
        same = text.strip() == source.strip() and len(words) > 1
        hits = [w for w in words if w.lower() in _ENGLISH]
        # Two of them at least, and almost a third of its words: a sentence of another
        # language may hold a word that looks English, never so many.
        if same or (len({w.lower() for w in hits}) > 1 and len(hits) >= 0.3 * len(words)):
            what = "the English file's text" if same else "in English"
            problems.append(ContentError(
                path, field_name(loc), f"{_short(text)} is {what}: translate it into {language} "
                "(a handout never mixes two languages)", source_line(path, loc)))
    return problems


def _texts(english: Any, translated: Any, loc: tuple[str | int, ...]
           ) -> Iterator[tuple[tuple[str | int, ...], str, str]]:
    """Each text of the translation with the English one in its place (the shapes match:
    check_shape said so)."""
    if isinstance(english, dict) and isinstance(translated, dict):
        for key, value in translated.items():
            if key in english:
                yield from _texts(english[key], value, (*loc, key))
    elif isinstance(english, list) and isinstance(translated, list):
        for index, (one, other) in enumerate(zip(english, translated, strict=False)):
            yield from _texts(one, other, (*loc, index))
    elif isinstance(english, str) and isinstance(translated, str):
        yield loc, english, translated


def _short(text: str) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= 60 else text[:57] + "...")

"""Find a card's labels and words where they are drawn on the page, in English or Spanish."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import pypdfium2 as pdfium
from conftest import REPO

ENGLISH = {"steps": "How to do it", "tips": "Tips", "easier": "Easier", "harder": "Harder",
           "why": "Why it helps"}
T = TypeVar("T")


def spanish_labels() -> dict[str, str]:
    """The Spanish card labels, as the catalog translates the English ones."""
    po = (REPO / "pdfgen" / "locale" / "es" / "LC_MESSAGES" / "pdfgen.po").read_text()
    pairs = dict(re.findall(r'msgid "([^"]+)"\nmsgstr "([^"]+)"', po))
    return {part: pairs[label] for part, label in ENGLISH.items()}


def read_where(pdf: Path, words: str, read: Callable[[Any, str, int], T]) -> T | None:
    """`read(text page, its text, where the words start)` on the first page that holds
    `words`; None when no page does."""
    document = pdfium.PdfDocument(pdf)
    try:
        for page in document:
            text = page.get_textpage()
            whole = text.get_text_range()
            at = whole.find(words)
            if at >= 0:
                return read(text, whole, at)
        return None
    finally:
        document.close()

"""Captions beside the steps, read back from the page: never squeezed to a word or two a
line where a wider picture column keeps every card on its page."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
import yaml
from pages_helpers import build

from pdfgen.layout.caption_room import SQUEEZED


def captions(root: Path, language: str) -> list[str]:
    """Every picture's caption of the clinic's exercises, in the language."""
    found = []
    for path in sorted((root / "content" / "exercises").glob("*.yaml")):
        suffix = path.name.split(".")[1:-1]
        if suffix != ([] if language == "en" else [language]):
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        found += [p["caption"] for p in data.get("pictures") or []
                  if isinstance(p, dict) and p.get("caption")]
    return found


def caption_lines(pdf: Path, texts: list[str]) -> dict[str, int]:
    """How many lines each caption found on the pages takes (the distinct lines its
    letters stand on; white space aside, as the PDF's text breaks lines where the page
    does)."""
    lines: dict[str, int] = {}
    document = pdfium.PdfDocument(pdf)
    try:
        for page in document:
            text = page.get_textpage()
            whole = text.get_text_range()
            kept = [i for i, ch in enumerate(whole) if not ch.isspace()]
            joined = "".join(whole[i] for i in kept)
            for caption in texts:
                key = "".join(caption.split())
                at = joined.find(key)
                if at >= 0:
                    lines[caption] = len({round(text.get_charbox(kept[at + k], loose=True)[1])
                                          for k in range(len(key))})
    finally:
        document.close()
    return lines


@pytest.mark.parametrize(("level", "paper", "language", "most"), [
    (2, "letter", "es", SQUEEZED), (2, "a4", "es", SQUEEZED),
    (2, "letter", "en", SQUEEZED), (1, "a4", "es", SQUEEZED - 1)])
def test_captions_beside_the_steps_are_not_squeezed(
        demo: Path, level: int, paper: str, language: str, most: int) -> None:
    """(Spanish Level 2 on Letter: the squat's captions in 5 and 6 lines, "suelo," alone
    on one, its picture column 1.2 in wide beside steps 4.3 in wide. On A4 the kettlebell
    swing's run to 5: a wider column would take its page's last line. On Letter too, since
    all its six steps stand in the column beside its pictures: side by side, the pictures
    take no more of the card, and the sixth step at the margin under them read as a list
    that jumped, tests/test_steps_column.py.)"""
    pdf = build(demo, "--level", str(level), "--paper", paper, "--language", language)
    lines = caption_lines(pdf, captions(demo, language))
    assert len(lines) == 6, lines  # every picture's caption found
    assert max(lines.values()) <= most, lines

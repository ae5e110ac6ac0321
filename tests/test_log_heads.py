"""The exercise log's table: every word of its head row whole in its column, in large print
and in Spanish too (the log set as more tables of fewer columns where one table cannot), and
its weeks split as evenly as the pages they take allow."""

from __future__ import annotations

import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from conftest import run

# Six exercises, one twice a day: in large print, one table's columns read "Sets / don / e".
SIX = """patient: Ana Ruiz
date: 2026-11-24
routine: back-pain
level: 2
exercises:
  - squat
  - lunge
  - pelvic-tilt
  - knee-to-chest
  - slug: prone-press-up
    dose: {sets: 1, reps: 5, times: 2, per: day}
  - sit-to-stand
log_weeks: 3
"""


def log_words(pdf: Path) -> list[str]:
    """The words of the pages from the log's heading on, as they are set, line by line."""
    document = pdfium.PdfDocument(pdf)
    lines = [line.strip() for page in document
             for line in page.get_textpage().get_text_range().splitlines()]
    start = next(i for i, line in enumerate(lines)
                 if line in ("Your exercise log", "Su registro de ejercicios"))
    return [word for line in lines[start:] for word in line.replace("\u00a0", " ").split()]


def made(demo: Path, *args: str) -> Path:
    out = demo / "out" / "log.pdf"
    out.parent.mkdir(exist_ok=True)
    result = run("handout", *args, "--output", str(out), cwd=demo)
    assert result.exit_code == 0, result.output
    return out


@pytest.mark.parametrize(("args", "heads"), [
    # (Spanish, large print: "Repeticion / es hechas", the pain's "6–10 Dem / asiado")
    (["--level", "1", "--large-print", "--language", "es", "--log", "4"],
     ["Repeticiones", "hechas", "Series", "Sin", "peligro", "Aceptable", "Demasiado"]),
    (["--level", "2", "--large-print", "--language", "es", "--log", "6"],
     ["Series", "hechas", "Aceptable", "Demasiado"]),
    (["--level", "2", "--large-print", "--log", "4"], ["Sets", "done", "Safe", "Too", "much"]),
])
def test_every_word_of_the_logs_head_is_whole(demo: Path, args: list[str],
                                              heads: list[str]) -> None:
    words = log_words(made(demo, *args))
    for word in heads:
        assert word in words, (word, words[:80])


def test_a_log_too_wide_for_its_words_is_two_tables_each_with_its_names(demo: Path) -> None:
    (demo / "content/plans/six.yaml").write_text(SIX, encoding="utf-8")
    words = log_words(made(demo, "--plan", "content/plans/six.yaml", "--large-print"))
    assert words.count("Sets") >= 6, words
    assert "don" not in words and "e" not in words  # ("Sets / don / e")
    # Two tables, each with every week and the names in its head (not numbers, with the
    # names listed over the table: the head then comes after them).
    assert words.index("Week") < words.index("Squat") and words.index("Week", 1) < words.index(
        "Stomach"), words
    assert words.count("Week") >= 2 * 3 + 2  # each table's head, and its three weeks


@pytest.mark.parametrize(("args", "pages"), [
    # (twelve weeks on A4 were nine and three, the last page two-thirds blank)
    (["--level", "2", "--log", "12", "--language", "es", "--paper", "a4"], 6),
    # (large print's four weeks were three and one)
    (["--level", "1", "--large-print", "--language", "es", "--log", "4"], 9),
    (["--level", "2", "--log", "12", "--large-print"], None)])
def test_a_logs_weeks_over_pages_are_split_evenly(demo: Path, args: list[str],
                                                  pages: int | None) -> None:
    document = pdfium.PdfDocument(made(demo, *args))
    # Each week's row: its days, "Tue Nov 24 –" over "Mon Nov 30" ("lun 7 dic –").
    per_page = [len(re.findall(r"(?m)^\w+\.? \w+\.? \w+\.? –\s*$",
                               page.get_textpage().get_text_range())) for page in document]
    held = [count for count in per_page if count]
    weeks = int(args[args.index("--log") + 1])
    assert sum(held) == weeks and len(held) >= 2, per_page
    assert max(held) - min(held) <= 1 or held[-1] >= held[0] - 1, per_page
    if pages is not None:  # (and no page more than before)
        assert len(document) == pages

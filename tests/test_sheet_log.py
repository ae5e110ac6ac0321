"""The compact sheet with a plan's log and notes, read back: the log on the back of the one
sheet, under the last rows when they run on to it; a note's label in bold."""

from __future__ import annotations

from pathlib import Path

import pypdf
from conftest import page_texts
from pages_helpers import build
from test_legibility import _fonts_of_words

PLAN = "content/plans/example.yaml"


def test_a_plan_running_on_to_the_back_has_its_log_under_its_last_row(demo: Path) -> None:
    """(The example plan took three pages: its kettlebell swing alone on page 2, 62 % of
    it blank, and the log on a page of its own.)"""
    pages = page_texts(build(demo, "--plan", PLAN, "--layout", "compact"))
    assert len(pages) == 2, [p[:60] for p in pages]
    assert "Your exercise log" not in pages[0]
    assert "Kettlebell Swing" in pages[1] and "Your exercise log" in pages[1]
    assert pages[1].index("Kettlebell Swing") < pages[1].index("Your exercise log")


def test_a_one_page_sheet_has_its_log_on_the_back(demo: Path) -> None:
    pages = page_texts(build(demo, "--level", "2", "--layout", "compact", "--log", "4",
                             "--patient", "Jane Example"))
    assert len(pages) == 2, [p[:60] for p in pages]
    assert "Your exercise log" not in pages[0] and "Kettlebell Swing" in pages[0]
    assert pages[1].count("Your exercise log") == 1 and "How to do it" not in pages[1]


def test_a_note_for_an_exercise_is_led_by_its_label_in_bold(demo: Path) -> None:
    """(It printed as a plain line after the steps: "Note for you: Start with the 8 kg
    kettlebell we used today.")"""
    pdf = build(demo, "--plan", PLAN, "--layout", "compact")
    label = _fonts_of_words(pdf, "Note for you:")
    assert label and all("Bold" in font for _, font, _ in label), label
    words = _fonts_of_words(pdf, "Start with the 8 kg")
    assert words and not any("Bold" in font for _, font, _ in words), words


def test_the_log_keeps_the_visit_s_date_whole_in_large_print(demo: Path) -> None:
    """(It read "Bring this to your next visit: December" over "8, 2026".)"""
    pdf = build(demo, "--plan", PLAN, "--log", "4", "--large-print")
    lines = [" ".join(line.split()) for line in
             pypdf.PdfReader(pdf).pages[-1].extract_text().splitlines()]
    assert any(line.endswith("December 8, 2026") for line in lines), lines

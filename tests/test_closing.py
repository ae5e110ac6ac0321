"""The end of the handout: lines for notes only where a page has room for two at the least."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import page_texts
from test_pages import build

from pdfgen.layout.blocks.closing import FEWEST_NOTE_LINES, NOTE_LINES, note_lines_in


def closing_height(lines: int) -> float:
    """A closing 200 pt tall without notes; the heading and the first line take 50 more,
    each line after it 28."""
    return 200.0 + (50 + 28 * (lines - 1) if lines else 0)


@pytest.mark.parametrize(("room", "lines"), [
    (200, 0), (250, 0), (277, 0), (278, 2), (306, 3), (1000, NOTE_LINES)])
def test_lines_for_notes_are_two_or_none(room: float, lines: int) -> None:
    """(The example plan's closing once had a heading "Notes" over a single line.)"""
    assert note_lines_in(closing_height, room, NOTE_LINES) == lines
    assert FEWEST_NOTE_LINES == 2


def test_the_example_plan_has_no_notes_heading_over_one_line(demo: Path) -> None:
    # Its last page holds the closing and the log: room for one line, so none.
    pages = page_texts(build(demo, "--plan", "content/plans/example.yaml", "--log", "4"))
    assert "Keep going" in pages[-1] and "Your exercise log" in pages[-1]
    assert not re.search(r"\bNotes\b", pages[-1]), pages[-1]


def test_a_page_with_room_keeps_its_lines_for_notes(demo: Path) -> None:
    # The check above must be able to fail: large print's Level 2 ends with room to write.
    pages = page_texts(build(demo, "--level", "2", "--large-print"))
    assert re.search(r"\bNotes\b", pages[-1]), pages[-1]

"""The one-page sheet's top: whom it is for and when, each part whole on a line."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
from conftest import resolved_demo
from pages_helpers import build

from pdfgen.layout.blocks.common import line_width
from pdfgen.layout.blocks.sheet_top import _lines

PARTS = ["Back pain · Level 1", "Prepared for Robert Garcia on December 7, 2026",
         "Your next visit: December 28, 2026"]


@pytest.mark.parametrize("width", [150, 200, 260, 300, 400, 700])
def test_a_part_is_never_broken_where_it_fits_a_line(width: float) -> None:
    """(Beside a wide logo: "Prepared for Robert / Garcia on December 7, 2026 · Your next /
    visit: …".)"""
    _, theme = resolved_demo(1)
    lines = _lines(PARTS, theme, width)
    style = theme["meta"]
    for part in PARTS:
        if line_width(part, style) <= width:
            assert any(part in line for line in lines), (part, lines)
    # As few lines as that allows: two parts share a line when both fit it.
    wide = _lines(PARTS, theme, 1000)
    assert wide == [" · ".join(PARTS)]
    # A part too long for a line keeps its end whole ("on December 7, 2026").
    if line_width(PARTS[1], style) > width >= line_width("on December 7, 2026", style):
        assert any("on\u00a0December\u00a07,\u00a02026" in line for line in lines), lines


def test_the_example_plans_sheet_says_whose_and_when_in_whole_lines(demo: Path) -> None:
    out = build(demo, "--plan", "content/plans/example.yaml", "--layout", "compact")
    text = pdfium.PdfDocument(out)[0].get_textpage().get_text_range()
    lines = [line.strip() for line in text.splitlines()]
    assert "Prepared for Jane Example on November 24, 2026" in lines, lines[:8]
    assert "Your next visit: December 8, 2026" in lines, lines[:8]

"""The exercise log's cells read back line by line: a date is never broken inside."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
from conftest import run


@pytest.mark.parametrize("large_print", [False, True])
def test_a_week_s_days_break_after_the_dash_and_never_inside_a_date(
        demo: Path, large_print: bool) -> None:
    """(Normal print's week cells read "Tue Nov 24 – Mon" over "Nov 30", and the visit
    "Next visit:" over "December 8," over "2026".)"""
    out = demo / "out" / "log.pdf"
    out.parent.mkdir(exist_ok=True)
    made = run("handout", "--plan", "content/plans/example.yaml", "--log", "4",
               *(["--large-print"] if large_print else []), "--output", str(out), cwd=demo)
    assert made.exit_code == 0, made.output
    document = pdfium.PdfDocument(out)
    lines = [line.strip().replace("\u00a0", " ") for page in document
             for line in page.get_textpage().get_text_range().splitlines()]
    at = lines.index("Week 1")
    assert lines[at + 1:at + 3] == ["Tue Nov 24 –", "Mon Nov 30"], lines[at:at + 4]
    at = lines.index("Week 2")
    assert lines[at + 1:at + 5] == ["Tue Dec 1 –", "Mon Dec 7", "Next visit:", "Tue Dec 8"], (
        lines[at:at + 6])

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


def test_the_log_s_boxes_stand_clearly_apart(demo: Path) -> None:
    """A number written in one box never reads as in the next: at least 5 pt of paper
    between two boxes of a row (their ink 3.75 pt apart once)."""
    import pypdfium2.raw as raw
    from test_words import _bounds

    out = demo / "out" / "log.pdf"
    out.parent.mkdir(exist_ok=True)
    made = run("handout", "--plan", "content/plans/example.yaml", "--log", "4",
               "--output", str(out), cwd=demo)
    assert made.exit_code == 0, made.output
    document = pdfium.PdfDocument(out)
    page = document[len(document) - 1]
    boxes = [_bounds(obj) for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_PATH],
                                                      max_depth=8)]
    boxes = [b for b in boxes if 18 < b[2] - b[0] < 22 and abs((b[2] - b[0]) - (b[3] - b[1])) < 1]
    rows: dict[int, list[tuple[float, ...]]] = {}
    for box in boxes:
        rows.setdefault(round(box[1]), []).append(box)
    gaps = [right[0] - left[2] for row in rows.values()
            for left, right in zip(sorted(row), sorted(row)[1:], strict=False)
            if right[0] - left[2] < 30]  # (boxes of one cell, not of the next column)
    assert len(gaps) >= 8, gaps  # 2 weeks: squat and lunge 2 gaps each, the swing 1
    assert min(gaps) >= 5, gaps

"""Nothing is drawn in the margins: the bars on the boxes' left edges (the warning box's,
the clinician's notes') stand inside them, their outer edge on the margin."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as raw
import pytest
from conftest import run
from test_words import _bounds

from pdfgen.layout.pages import MARGIN_X


def bars(pdf: Path) -> list[tuple[int, tuple[float, ...]]]:
    """Each page's upright bars (3 to 12 pt wide, taller than a line), with their page."""
    found = []
    for number, page in enumerate(pdfium.PdfDocument(pdf), start=1):
        for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_PATH], max_depth=8):
            box = _bounds(obj)
            if 3 <= box[2] - box[0] <= 12 and box[3] - box[1] > 20:
                found.append((number, box))
    return found


@pytest.mark.parametrize("args", [
    ("--level", "2"), ("--level", "2", "--language", "es", "--paper", "a4"),
    ("--level", "1", "--large-print"), ("--plan", "content/plans/example.yaml"),
    ("--plan", "content/plans/example.yaml", "--layout", "compact")])
def test_the_boxes_bars_stand_inside_the_margins(demo: Path, args: tuple[str, ...]) -> None:
    """(The warning box's 8 pt bar stood 4 pt out in the left margin, a note's 2.5 pt, past
    the edge of every other box.)"""
    out = demo / "out" / "margins.pdf"
    out.parent.mkdir(exist_ok=True)
    made = run("handout", *args, "--date", "2026-11-24", "--output", str(out), cwd=demo)
    assert made.exit_code == 0, made.output
    found = bars(out)
    assert found, "no bar found: the test no longer sees them"
    # The sheet's margin is its own (0.5 in); either way no bar starts left of it (a
    # border's stroke, drawn on its box's edge, may: half of 1.5 pt).
    margin = 36 if "compact" in args else MARGIN_X
    outside = [(page, round(box[0], 2)) for page, box in found if box[0] < margin - 1]
    assert outside == [], outside

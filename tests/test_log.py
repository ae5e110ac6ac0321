"""The exercise log's cells read back line by line: a date is never broken inside; its
boxes large enough to write in."""

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
    # (The row's, the last: the header's "Week" and a column's "1" may read as one line.)
    at = len(lines) - 1 - lines[::-1].index("Week 1")
    assert lines[at + 1:at + 3] == ["Tue Nov 24 –", "Mon Nov 30"], lines[at:at + 4]
    at = lines.index("Week 2")
    assert lines[at + 1:at + 5] == ["Tue Dec 1 –", "Mon Dec 7", "Next visit:", "Tue Dec 8"], (
        lines[at:at + 6])


def log_boxes(demo: Path, *args: str) -> list[tuple[float, ...]]:
    """The square boxes (their ink) on the example plan's last page, its log's page."""
    import pypdfium2.raw as raw
    from test_words import _bounds

    out = demo / "out" / "log.pdf"
    out.parent.mkdir(exist_ok=True)
    made = run("handout", "--plan", "content/plans/example.yaml", "--log", "4", *args,
               "--output", str(out), cwd=demo)
    assert made.exit_code == 0, made.output
    document = pdfium.PdfDocument(out)
    page = document[len(document) - 1]
    boxes = [_bounds(obj) for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_PATH],
                                                      max_depth=8)]
    return [b for b in boxes if 18 < b[2] - b[0] < 30 and abs((b[2] - b[0]) - (b[3] - b[1])) < 1]


def test_the_log_s_boxes_stand_clearly_apart(demo: Path) -> None:
    """A number written in one box never reads as in the next: at least 5 pt of paper
    between two boxes of a row (their ink 3.75 pt apart once)."""
    rows: dict[int, list[tuple[float, ...]]] = {}
    for box in log_boxes(demo):
        rows.setdefault(round(box[1]), []).append(box)
    gaps = [right[0] - left[2] for row in rows.values()
            for left, right in zip(sorted(row), sorted(row)[1:], strict=False)
            if right[0] - left[2] < 30]  # (boxes of one cell, not of the next column)
    assert len(gaps) >= 8, gaps  # 2 weeks: squat and lunge 2 gaps each, the swing 1
    assert min(gaps) >= 5, gaps


@pytest.mark.parametrize(("paper", "least"), [("letter", 24), ("a4", 22)])
def test_the_log_s_boxes_take_a_number_written_by_a_shaky_hand(
        demo: Path, paper: str, least: float) -> None:
    """As large as the columns hold with a week's boxes on one line, clear of the cell's
    rules: 24 pt on Letter, 22 on A4 (20 once: a reviewer's "hard to write a digit in").
    Each band of the pain column on one line ("6–10" over "Too much" once)."""
    boxes = log_boxes(demo, "--paper", paper)
    assert len(boxes) == 2 * (3 + 3 + 2 + 1), len(boxes)  # 2 weeks; the pain's box each
    assert min(b[2] - b[0] for b in boxes) >= least, sorted({round(b[2] - b[0], 1)
                                                             for b in boxes})
    document = pdfium.PdfDocument(demo / "out" / "log.pdf")
    text = document[len(document) - 1].get_textpage().get_text_range()
    lines = [" ".join(line.split()) for line in text.splitlines()]
    assert {"0–2 Safe", "3–5 OK", "6–10 Too much"} <= set(lines), lines



@pytest.mark.parametrize("large_print", [False, True])
def test_the_columns_numbers_stand_alike(demo: Path, large_print: bool) -> None:
    """Each column's number leads its name on its line ("1 Squat") or, where one column's
    cannot (in large print "3" stood alone over "Kettlebell" over "Swing", beside
    "1 Squat"), every number stands over its name alike."""
    out = demo / "out" / "log.pdf"
    out.parent.mkdir(exist_ok=True)
    made = run("handout", "--level", "2", "--log", "4", "--date", "2026-11-24",
               *(["--large-print"] if large_print else []), "--output", str(out), cwd=demo)
    assert made.exit_code == 0, made.output
    document = pdfium.PdfDocument(out)
    page = next(p for p in document if "Your exercise log" in p.get_textpage().get_text_range())
    text = page.get_textpage()
    read = text.get_text_range()
    over = []  # per column: whether its number stands on a line over its name
    for number, name in (("1", "Squat"), ("2", "Lunge"), ("3", "Kettlebell")):
        at = read.index(name, read.index("Your exercise log"))
        digit = read.rindex(number, 0, at)
        assert read[digit + 1:at].strip() == "", read[digit:at]
        over.append(text.get_charbox(digit)[1] - text.get_charbox(at)[1] > 5)
    assert over == [large_print] * 3, over


def test_a_log_of_exercises_done_twice_a_day_keeps_its_weeks_low(demo: Path) -> None:
    """The neck-and-shoulder plan (chin tuck and arm swing twice a day: 14 boxes a week):
    their columns wider than the others, three boxes across, so a week's row is 144 pt, not
    198 (two across, seven rows: the four weeks took two pages of their own, the plan 9).
    The log, taller than a page, starts under the closing, with its first week."""
    from test_starter import built, plan

    pdf = built(demo, plan(demo, "neck and shoulder"))
    document = pdfium.PdfDocument(pdf)
    assert len(document) == 8, len(document)
    texts = [page.get_textpage() for page in document]
    reads = [t.get_text_range() for t in texts]
    start = next(n for n, read in enumerate(reads) if "Your exercise log" in read)
    assert "Keep going" in reads[start] and "Week 1" in reads[start], reads[start]
    at = next(n for n, read in enumerate(reads) if "Week 2" in read and "Week 3" in read)
    # (Week 4's label is longer, "Next visit:" under its dates: it stands higher in its row.)
    second, third = (texts[at].get_charbox(reads[at].index(f"Week {w}"))[1] for w in (2, 3))
    assert 130 < second - third <= 150, second - third

"""A card's spacing, measured on what is drawn: the text under a dose box stands at least
6 pt under it, on a card made tighter to fit its page too."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from test_words import GAP, _bounds, build

LABELS = ("Reps", "Repeticiones")  # a dose box's label: the box is found by it


def _pages(pdf: Path) -> Iterator[tuple[int, Any, str, list[tuple[float, ...]],
                                          list[tuple[float, ...]]]]:
    """Each page's number, text page, text, drawn paths' bounds, and rules (paths at most
    4 pt high across most of the page)."""
    document = pdfium.PdfDocument(pdf)
    try:
        for number, page in enumerate(document, 1):
            text = page.get_textpage()
            paths = [_bounds(obj) for obj in page.get_objects(max_depth=8)
                     if obj.type == pdfium_c.FPDF_PAGEOBJ_PATH]
            rules = [p for p in paths
                     if p[3] - p[1] < 4 and p[2] - p[0] > page.get_width() * 0.8]
            yield number, text, text.get_text_range(), paths, rules
    finally:
        document.close()


def gaps_under_dose_boxes(pdf: Path) -> list[tuple[int, float]]:
    """(page, points) for each dose box standing on a line of its own (under the card's
    name, not beside it over the name's rule): the space from its bottom border to the top
    of the text line under it (the line's font ascent, not its ink: a line of small letters
    sits no closer to the box than a line of capitals)."""
    found = []
    for number, text, whole, paths, rules in _pages(pdf):
        borders = [p for p in paths if p[3] - p[1] < 3 and p[2] - p[0] > 40]
        tops = [text.get_charbox(i, loose=True) for i in range(text.count_chars())
                if not whole[i].isspace()]
        for label in LABELS:
            at = whole.find(label)
            while at >= 0:
                left, bottom, _, _ = text.get_charbox(at)
                under_label = [b for b in borders if b[0] <= left <= b[2]
                               and bottom - 90 < b[3] < bottom]
                if under_label:
                    edge = min(under_label, key=lambda b: b[1])  # the box's bottom border
                    below = [edge[1] - c[3] for c in tops if c[0] < edge[2] and c[2] > edge[0]
                             and edge[1] - 40 < c[3] < edge[1] + 2]
                    over_rule = any(r[1] <= edge[1] < r[3] + 12 for r in rules)
                    if below and not over_rule:
                        found.append((number, round(min(below), 2)))
                at = whole.find(label, at + 1)
    return sorted(set(found))


@pytest.mark.parametrize("args", [
    ("--level", "1"), ("--level", "1", "--paper", "a4"),
    ("--level", "1", "--language", "es"), ("--level", "1", "--language", "es", "--paper", "a4")])
def test_text_stands_6_pt_under_a_dose_box(demo: Path, args: tuple[str, ...]) -> None:
    """The plank and bird dog's doses, a table under its name: the card is a little too tall
    for its page and halves the space between its parts, but not the 6 pt under a box."""
    gaps = gaps_under_dose_boxes(build(demo, *args))
    assert gaps, "no dose box found under a card's name"
    assert min(gap for _, gap in gaps) >= GAP, gaps


def gaps_around_dose_strips(pdf: Path) -> list[tuple[int, str, float]]:
    """(page, "under" or "over", points) for each dose box beside a card's name: the space
    from its bottom border to the name's rule under it, and, for a page's first card, from
    its top border to the running line's rule over it (each measured when within 12 pt)."""
    found = []
    for number, text, whole, paths, rules in _pages(pdf):
        for label in LABELS:
            at = whole.find(label)
            while at >= 0:
                left, bottom, _, top = text.get_charbox(at)
                cells = [p for p in paths if p[0] - 1 <= left <= p[2] and p[1] <= bottom
                         and p[3] >= top and p[3] - p[1] < 60]
                # A label over its number: the box's bottom edge, the middle of its border
                # under the number's row (as a filled cell's edge is), not the label's row.
                lines = [((p[1] + p[3]) / 2,) * 4 for p in paths
                         if p[3] - p[1] < 3 and p[2] - p[0] > 40 and p[0] - 1 <= left <= p[2]
                         and bottom - 40 < p[3] < bottom and p not in rules]
                if cells and lines and not any(0 <= min(c[1] for c in cells) - r[3] < 12
                                               for r in rules):
                    cells.append(min(lines))
                if cells:
                    box = (min(c[1] for c in cells), max(c[3] for c in cells))
                    for rule in rules:
                        if 0 <= box[0] - rule[3] < 12:
                            found.append((number, "under", round(box[0] - rule[3], 2)))
                        if 0 <= rule[1] - box[1] < 12:
                            found.append((number, "over", round(rule[1] - box[1], 2)))
                at = whole.find(label, at + 1)
    return sorted(set(found))


@pytest.mark.parametrize("args", [
    ("--level", "2"), ("--level", "2", "--paper", "a4"), ("--level", "2", "--language", "es"),
    ("--level", "1", "--large-print")])
def test_a_dose_box_beside_the_name_stands_6_pt_clear_of_the_rules(
        demo: Path, args: tuple[str, ...]) -> None:
    gaps = gaps_around_dose_strips(build(demo, *args))
    # (In large print the strip stands under the name: only a page's first card is near a rule.)
    expected = {"over"} if "--large-print" in args else {"under", "over"}
    assert {where for _, where, _ in gaps} == expected, gaps
    assert min(gap for _, _, gap in gaps) >= GAP, gaps


def gaps_under_rules(pdf: Path) -> list[tuple[int, float]]:
    """(page, points) from each rule across the page (the running line's, a card's name's,
    a "(continued)" one's) to the top of the box nearest under it, within 20 pt."""
    found = []
    for number, _, _, paths, rules in _pages(pdf):
        boxes = [p for p in paths if p[2] - p[0] > 100 and p[3] - p[1] > 12]
        for rule in rules:
            under = [rule[1] - box[3] for box in boxes
                     if box[3] <= rule[1] + 0.5 and box[0] < rule[2] and box[2] > rule[0]]
            if under and min(under) < 20:
                found.append((number, round(min(under), 1)))
    return found


@pytest.mark.parametrize("args", [
    ("--level", "1", "--large-print"), ("--level", "2", "--large-print"),
    ("--level", "2", "--large-print", "--paper", "a4"),
    ("--level", "1", "--large-print", "--language", "es"),
    ("--level", "2", "--large-print", "--language", "es"),
    ("--plan", "content/plans/example.yaml", "--large-print", "--log", "0")])
def test_a_box_under_a_rule_stands_6_pt_clear_of_it(demo: Path, args: tuple[str, ...]
                                                    ) -> None:
    """The running line's rule over a box the opening moved to the top of page 2, a card's
    name's rule over its dose box, a "(continued)" rule over easier and harder: 6 pt of
    paper between them (3 to 5 pt once; 2.2 pt under the name of a card set tight, as the
    example plan's squat in large print)."""
    gaps = gaps_under_rules(build(demo, *args, "--patient", "Ana Ruiz", name="rules.pdf"))
    assert gaps, "no box under a rule"
    assert min(gap for _, gap in gaps) >= GAP - 0.3, gaps


def gap_over_signoff(pdf: Path) -> float:
    """Points from the bottom of what is drawn over the sign-off line (the contact box) to
    the top of its first line's type (the font's ascent)."""
    for _, text, whole, paths, _ in _pages(pdf):
        at = max(whole.find("Version "), whole.find("Versión "))
        if at < 0:
            continue
        top = max(text.get_charbox(i, loose=True)[3] for i in range(at, at + 7))
        over = [p[1] - top for p in paths if p[2] - p[0] > 300 and top - 0.5 <= p[1] < top + 30]
        assert over, "nothing drawn over the sign-off"
        return round(min(over), 2)
    raise AssertionError("no sign-off found")


@pytest.mark.parametrize("args", [
    ("--level", "2"), ("--level", "2", "--language", "es"), ("--level", "1"),
    ("--level", "2", "--paper", "a4")])
def test_the_signoff_stands_6_pt_clear_of_the_contact_box(demo: Path, args: tuple[str, ...]
                                                          ) -> None:
    """(4 pt once, in Level 2 on Letter: its closing is tightened to save a page.)"""
    assert gap_over_signoff(build(demo, *args, name="signoff.pdf")) >= GAP


def gap_under_captions(pdf: Path, step: str, captions: list[str]) -> float:
    """Points from the lowest ink of the captions' last words to the top of the step
    `step`'s type (white space aside: the PDF's text breaks lines where the page does)."""
    for _, text, whole, _, _ in _pages(pdf):
        kept = [i for i, ch in enumerate(whole) if not ch.isspace()]
        joined = "".join(whole[i] for i in kept)
        ends = ["".join(c.split())[-10:] for c in captions]
        at = joined.find("".join(step.split()))
        if at < 0 or any(end not in joined for end in ends):
            continue
        bottom = min(text.get_charbox(kept[joined.find(end) + k])[1]
                     for end in ends for k in range(len(end)))
        top = max(text.get_charbox(kept[at + k], loose=True)[3] for k in range(3))
        return round(bottom - top, 2)
    raise AssertionError(f"no page with '{step}' and its captions")


def test_a_step_going_on_under_the_pictures_stands_clear_of_their_captions(demo: Path
                                                                            ) -> None:
    """The kettlebell swing on Level 2's last page, with a clinic's phone photos on Letter:
    its last steps run across under the photos (there only: tests/test_steps_column.py),
    clear of their captions. (A card at its shortest has half its gaps: 6 pt over the
    steps, which stand at the margin, the end photo's caption centred under it at the
    right; a whole card keeps 12. On A4 the drawings' steps went on under them too, a
    caption's line and 12 pt under their ink: they now keep their column, the closing's
    heading leading its words.)"""
    import yaml
    from test_clinic_photos import phone_photos
    from test_steps_column import step_lefts

    phone_photos(demo)
    pdf = build(demo, "--level", "2", name="wrap.pdf")
    xs = step_lefts(pdf, ["kettlebell-swing"])["kettlebell-swing"]
    under = next(n for n, x in enumerate(xs) if x < min(xs[:2]) - 100)  # the first across
    data = yaml.safe_load((demo / "content" / "exercises" / "kettlebell-swing.yaml")
                          .read_text())
    captions = [p["caption"] for p in data["pictures"]]
    gap = gap_under_captions(pdf, data["steps"][under][:30], captions)
    assert gap >= GAP, gap  # (rule 4's 6 pt: 7.98 measured)


@pytest.mark.parametrize("args", [
    ("--level", "1", "--language", "es"), ("--level", "1", "--language", "es", "--paper", "a4"),
    ("--level", "2", "--language", "es"), ("--level", "1"), ("--level", "2", "--paper", "a4"),
])
def test_a_cards_name_beside_its_dose_takes_one_line_where_one_can_hold_it(
        demo: Path, args: tuple[str, ...]) -> None:
    """A name that one line holds beside the dose with each label over its number is never
    broken beside the dose in one strip ("Extensión / de espalda", "Puente / de glúteos":
    read as broken); every card of the handout then has that form, as one template."""
    import yaml
    from conftest import REPO
    from pages_helpers import routine

    document = pdfium.PdfDocument(build(demo, *args))
    lines = [line.strip() for page in list(document)[1:]
             for line in page.get_textpage().get_text_range().split("\r\n")]
    document.close()
    suffix = ".es.yaml" if "es" in args else ".yaml"
    names = [yaml.safe_load((REPO / "content" / "exercises" / f"{slug}{suffix}").read_text(
        encoding="utf-8"))["name"] for slug in routine(int(args[1]))]
    for number, name in enumerate(names, 1):
        if " " in name and not name.startswith(("Plank", "Plancha")):
            assert any(line.startswith(f"{number} {name}") for line in lines), (name, lines)

"""Page 1 is a checklist naming every exercise with its dose, and the whole warning box."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
import yaml
from conftest import has_dose, normalize, page_texts
from pages_helpers import build, exercise, routine


@pytest.mark.parametrize("args", [("--level", "1"), ("--level", "2"),
                                  ("--plan", "content/plans/example.yaml")])
def test_page_1_names_every_exercise_with_its_dose(demo: Path, args: tuple[str, ...]) -> None:
    first = page_texts(build(demo, *args))[0]
    assert "Your exercises" in first
    for slug in routine(int(args[1]) if args[0] == "--level" else 2):
        assert exercise(slug)["name"] in first
    assert first.count("days a week") >= 3  # a dose on each line
    assert "A set is" in first  # "a set" said once, in plain words


@pytest.mark.parametrize("args", [("--level", "1"), ("--level", "2"),
                                  ("--level", "1", "--paper", "a4")])
def test_page_1_holds_the_whole_warning_box_and_the_checklist(demo: Path,
                                                               args: tuple[str, ...]) -> None:
    """Never a warning sign, nor the line on whom to call, left to page 2 (large print:
    test_page_one, the box whole on page 1 or 2)."""
    routine_file = demo / "content" / "routines" / "back-pain" / f"level-{args[1]}.yaml"
    signs = yaml.safe_load(routine_file.read_text())["stop_if"]
    first = page_texts(build(demo, *args))[0]
    for sign in signs:
        assert normalize(sign) in first, sign
    assert "Call 911 now if you have:" in first
    assert "Your exercises" in first
    for slug in routine(int(args[1])):
        assert exercise(slug)["name"] in first.replace("\n", " ")


def test_every_exercise_has_its_own_dose_on_page_1_and_on_its_card(demo: Path) -> None:
    """Level 1's plank and bird dog are one card with a dose for each part (on page 1, the
    side with the count it is for: "hold 5 seconds · each side" read as "hold each side",
    and "repeat 5 times · each side ·" as one more thing to do)."""
    pages = page_texts(build(demo, "--level", "1"))
    first = pages[0].replace("\u00a0", " ")
    assert has_dose(first, "Plank: repeat 3 times · hold 30 seconds · 3 days a week"), first
    assert has_dose(first, "Bird dog: repeat 5 times each side · hold 5 seconds · 3 days a week")
    card = next(page for page in pages[1:] if "Plank and Bird Dog" in page)
    # The dose table: the labels over the columns, a row a part.
    assert "Reps Hold Days a week Plank 3 30 seconds 3 Bird dog 5 each side 5 seconds 3" in card


@pytest.mark.parametrize(("args", "dose"), [
    (("--level", "2"), "2 sets of 8 each side · 3 days a week"),
    (("--level", "2", "--large-print"), "2 sets of 8 each side"),
    (("--level", "2", "--language", "es"), "2 series de 8 en cada lado · 3 días por semana"),
], ids=["normal", "large-print", "es"])
def test_a_side_stands_with_its_count_not_as_a_part_of_its_own(
        demo: Path, args: tuple[str, ...], dose: str) -> None:
    """The list's lunge (page 1; 2 in large print) says "2 sets of 8 each side", as its card
    says "8 each side": a part of its own ("2 sets of 8 · each side · 3 days a week") read
    as one more thing to do."""
    listed = next(page for page in page_texts(build(demo, *args))
                  if "Your exercises" in page or "Sus ejercicios" in page).replace("\u00a0", " ")
    assert dose in listed, listed
    assert "· each side" not in listed and "· en cada lado" not in listed, listed


def tick_boxes(pdf: Path) -> tuple[list[int], str]:
    """The tops of page 1's tick boxes (15 pt squares, and their ink), and its text."""
    document = pdfium.PdfDocument(pdf)
    try:
        page = document[0]
        boxes = []
        for obj in page.get_objects():
            if obj.type == pdfium_c.FPDF_PAGEOBJ_PATH:
                left, bottom, right, top = obj.get_bounds()
                if 14 <= right - left <= 19 and 14 <= top - bottom <= 19:  # 15 pt and ink
                    boxes.append(round(top))
        return boxes, page.get_textpage().get_text_range().replace("\r\n", " ")
    finally:
        document.close()


def test_page_1_is_a_checklist_with_a_box_for_each_time_of_the_week(demo: Path) -> None:
    """PEMAT-P asks for a tool a patient can use: "Your exercises" ticks off each time."""
    boxes, text = tick_boxes(build(demo, "--level", "2"))
    rows: dict[int, int] = {}
    for top in boxes:
        rows[top] = rows.get(top, 0) + 1
    # Squat and lunge 3 days a week, the kettlebell swing 2: top to bottom.
    assert [count for _, count in sorted(rows.items(), reverse=True)] == [3, 3, 2]
    assert "Tick a box on each day you do an exercise." in text


@pytest.mark.parametrize(("per", "said", "boxes"), [("day", "once a day", 7),
                                                     ("week", "once a week", 1)])
def test_a_dose_per_day_or_week_without_times_is_once(demo: Path, per: str, said: str,
                                                      boxes: int) -> None:
    """`per: day` with no `times` (as `pdfgen new exercise`'s lines give, uncommented but
    for times) printed "every day" with no box to tick, and no frequency on its card."""
    path = demo / "content/exercises/kettlebell-swing.yaml"
    text = path.read_text(encoding="utf-8")
    assert "  times: 2\n  per: week\n" in text
    path.write_text(text.replace("  times: 2\n  per: week\n", f"  per: {per}\n"),
                    encoding="utf-8")
    pdf = build(demo, "--level", "2")
    tops, first = tick_boxes(pdf)
    rows: dict[int, int] = {}
    for top in tops:
        rows[top] = rows.get(top, 0) + 1
    assert [count for _, count in sorted(rows.items(), reverse=True)] == [3, 3, boxes]
    assert has_dose(first.replace("\u00a0", " "), f"2 sets of 10 · {said}"), first
    card = next(page for page in page_texts(pdf) if "Kettlebell Swing" in page
                and "How to do it" in page)
    assert ("Times a day 1" if per == "day" else "Days a week 1") in card, card


@pytest.mark.parametrize("language", ["en", "es"])
def test_with_a_log_page_1_sends_the_patient_to_it_and_has_no_boxes(demo: Path,
                                                                     language: str) -> None:
    """A handout with a log (the example plan's, Level 2's in Spanish): page 1 once said
    "Tick a box on each day" beside its boxes, and the log "write how many sets you did":
    two ways to keep count. The sets go in the log; page 1 says so, and has no boxes."""
    chosen = (("--level", "2", "--language", "es") if language == "es"
              else ("--plan", "content/plans/example.yaml"))
    boxes, text = tick_boxes(build(demo, *chosen, "--log", "2"))
    assert boxes == [], boxes
    said = {"en": "write how many sets you did in your log at the end",
            "es": "escriba cuántas series hizo en su registro del final"}[language]
    assert said in normalize(text), text
    assert "Tick a box" not in text and "Marque una casilla" not in text


@pytest.mark.parametrize("args", [("--level", "1", "--large-print"),
                                  ("--level", "2", "--large-print"),
                                  ("--level", "1", "--language", "es", "--paper", "a4")])
def test_no_line_of_a_dose_ends_or_starts_with_its_dot(demo: Path, args: tuple[str, ...]
                                                       ) -> None:
    """A dose's parts fill its lines whole, a dot between two of a line (large print read
    "Plank: repeat 3 times ·" over "hold 30 seconds · 3 days a week", and "2 sets of 8 ·
    each side ·" over "3 days a week")."""
    document = pdfium.PdfDocument(build(demo, *args))
    pages = [page.get_textpage().get_text_range() for page in document]
    listed = next(page for page in pages if "Your exercises" in page or "Sus ejercicios" in page)
    lines = [line.strip() for line in listed.splitlines()]
    assert not [line for line in lines if line.endswith("·") or line.startswith("·")], lines


@pytest.mark.parametrize(("args", "parts"), [
    (("--level", "1"), ("Plank:", "Bird dog:")),
    (("--level", "1", "--language", "es"), ("Plancha:", "Perro de caza:")),
    (("--level", "1", "--large-print"), ("Plank:", "Bird dog:")),
], ids=["level-1", "level-1-es", "large-print"])
def test_a_parts_dose_goes_on_indented_under_its_name(demo: Path, args: tuple[str, ...],
                                                      parts: tuple[str, str]) -> None:
    """An exercise in parts lists a dose a part, led by the part's name; a line it goes on
    to stands indented under it, so that it is not read as a part of its own ("3 days a
    week" alone at the margin, under "Bird dog: repeat 5 times · each side · hold 5
    seconds", as it read then)."""
    document = pdfium.PdfDocument(build(demo, *args))
    page = next(p for p in document if any(
        heading in p.get_textpage().get_text_range()
        for heading in ("Your exercises", "Sus ejercicios")))
    text = page.get_textpage()
    whole = text.get_text_range()
    lines, offset = [], 0  # (where each line of the page's text starts, the line)
    for line in whole.split("\r\n"):
        lines.append((offset, line))
        offset += len(line) + 2
    indented = 0
    for part in parts:
        index = next(i for i, (_, line) in enumerate(lines) if line.startswith(part))
        left = text.get_charbox(lines[index][0])[0]
        # The lines after the part's first, up to the next part's or the next row's (which
        # starts left of the doses, with its number or its name).
        for start, line in lines[index + 1:]:
            x = text.get_charbox(start)[0] if line else left
            if any(line.startswith(p) for p in parts) or x < left - 2:
                break
            assert x >= left + 10, (part, line, x, left)
            indented += 1
    assert indented, "no part's dose went on to a second line: nothing was measured"
    document.close()


LONG_PLAN = """patient: Maria-José Fernández-Castellanos
date: 2026-11-24
follow_up: 2027-01-12
routine: back-pain
level: 2
title: Your back and knee plan
intro:
  - Six exercises chosen for you. They make your back, hips and legs stronger and ease stiffness.
exercises: [squat, lunge, pelvic-tilt, knee-to-chest, prone-press-up, sit-to-stand]
note: >-
  You did well today. Go slowly, and stop if the pain gets sharp or spreads into your leg.
  Bring this handout and your log to your next visit. If you miss a day, do not double up
  the next day; just carry on. Walking for ten minutes twice a day also helps your back.
log_weeks: 4
"""


def test_what_a_set_is_apart_from_the_list_is_led_by_the_lists_heading(demo: Path) -> None:
    """A plan whose page 1 ends with the list: what a rep and a set are starts page 2, where
    it read as a stray line; it is led by the list's heading, as the introduction is."""
    (demo / "content/plans/long.yaml").write_text(LONG_PLAN, encoding="utf-8")
    pages = page_texts(build(demo, "--plan", "content/plans/long.yaml"))
    assert "A rep is one time through the move." not in pages[0]
    assert "Your exercises. A rep is one time through the move." in pages[1], pages[1][:300]


def test_the_longest_name_stands_clear_of_its_dose(demo: Path) -> None:
    """(A designer read "Kettlebell Swing 2 sets of 10" as one phrase: 14 pt between them.)"""
    pdf = pdfium.PdfDocument(build(demo, "--level", "2"))
    try:
        text = pdf[0].get_textpage()
        whole = text.get_text_range()
        end = whole.index("Kettlebell Swing") + len("Kettlebell Swing")
        dose = whole.index("2 sets of 10 · 2 days a week")
        # (the "n" and the "2" on the baseline; the "g" goes below it)
        name_box, base, dose_box = (text.get_charbox(end - 1), text.get_charbox(end - 2),
                                    text.get_charbox(dose))
    finally:
        pdf.close()
    assert abs(base[1] - dose_box[1]) < 1  # one line
    assert dose_box[0] - name_box[2] >= 18, (name_box, dose_box)  # points: 1.5 em and more


@pytest.mark.parametrize(("args", "least"), [
    (("--level", "2", "--language", "es"), 14), (("--level", "2"), 14),
    (("--level", "1"), 10), (("--level", "2", "--large-print"), 14)],
    ids=["es", "en", "level-1", "large-print"])
def test_every_dose_stands_clear_of_its_tick_boxes(demo: Path, args: tuple[str, ...],
                                                   least: float) -> None:
    """Spanish page 1's "… 3 días por semana" stood 12.5 pt from its first box: the name
    column was as wide as "Balanceo con pesa rusa" would need on one line, and it took two
    anyway. Level 1's plank dose stood 7 pt from them, large print's 12.8 (less than its
    18 pt "M"): the boxes now stand at the margin, the room after them before them."""
    document = pdfium.PdfDocument(build(demo, *args))
    try:
        for page in document:
            boxes = [obj.get_bounds() for obj in page.get_objects()
                     if obj.type == pdfium_c.FPDF_PAGEOBJ_PATH
                     and obj.get_bounds()[0] > page.get_width() / 2
                     and 13 <= obj.get_bounds()[2] - obj.get_bounds()[0] <= 25
                     and abs(obj.get_bounds()[2] - obj.get_bounds()[0]
                             - (obj.get_bounds()[3] - obj.get_bounds()[1])) < 1]
            if boxes:
                break
        left = min(box[0] for box in boxes)
        text = page.get_textpage()
        ends = [right for index in range(text.count_chars())
                if not text.get_text_range(index, 1).isspace()
                for x0, y0, right, y1 in [text.get_charbox(index)]
                if right < left and x0 > left - 300
                and any(b[1] - 12 < (y0 + y1) / 2 < b[3] + 12 for b in boxes)]
    finally:
        document.close()
    assert ends
    assert left - max(ends) >= least, (left, max(ends))  # points


def heading_gaps(pdf: Path, label: str = "Your exercises") -> tuple[float, float]:
    """The space between the drawing nearest above page 1's "Your exercises" (the box over
    it) and the heading's text, and between the heading and the drawing nearest under it
    (the first exercise's number disc), in points."""
    document = pdfium.PdfDocument(pdf)
    try:
        page = document[0]
        text = page.get_textpage()
        at = text.get_text_range().find(label)
        assert at >= 0, label
        boxes = [text.get_charbox(i) for i in range(at, at + len(label))]
        top, bottom = max(b[3] for b in boxes), min(b[1] for b in boxes)
        drawn = [o.get_bounds() for o in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH])]
        above = min(b - top for _, b, _, t in drawn if b > top)
        under = min(bottom - t for _, b, _, t in drawn if t < bottom)
        return above, under
    finally:
        document.close()


@pytest.mark.parametrize("args", [("--level", "2"), ("--level", "2", "--paper", "a4"),
                                  ("--plan", "content/plans/example.yaml")])
def test_your_exercises_stands_nearer_its_list_than_the_box_above(
        demo: Path, args: tuple[str, ...]) -> None:
    """A designer read "Your exercises" as the pain box's last line: 2.4 pt under the box,
    17.7 pt over its first exercise."""
    above, under = heading_gaps(build(demo, *args))
    assert above > under >= 6, (above, under)

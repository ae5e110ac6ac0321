"""The exercise log's cells read back line by line: a date is never broken inside; its
boxes large enough to write in."""

from __future__ import annotations

import re
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


def test_a_log_of_exercises_done_twice_a_day_keeps_a_day_a_line(demo: Path) -> None:
    """The neck-and-shoulder plan (chin tuck and arm swing twice a day: 14 boxes a week):
    their boxes two across, a day's two on each line, never a day parted at a line's end
    (three across read as 3-3-3-3-2, no day in it); 5 pt between the lines, so three weeks
    stand on a page (7 pt: 198 pt a week, two a page). The log, taller than a page, starts
    under the closing with its first week: the plan takes 8 pages (9, the log's two pages
    of its own after the closing's)."""
    import pypdfium2.raw as raw
    from test_starter import built, plan
    from test_words import _bounds

    pdf = built(demo, plan(demo, "neck and shoulder"))
    document = pdfium.PdfDocument(pdf)
    assert len(document) == 8, len(document)
    reads = [page.get_textpage().get_text_range() for page in document]
    start = next(n for n, read in enumerate(reads) if "Your exercise log" in read)
    assert "Keep going" in reads[start] and "Week 1" in reads[start], reads[start]
    assert all(f"Week {w}" in reads[start + 1] for w in (2, 3, 4)), reads[start + 1]
    page = document[start + 1]
    boxes = sorted(b for b in (_bounds(obj) for obj in page.get_objects(
        filter=[raw.FPDF_PAGEOBJ_PATH], max_depth=8))
        if 18 < b[2] - b[0] < 30 and abs((b[2] - b[0]) - (b[3] - b[1])) < 1)
    chin = [b for b in boxes if b[0] < boxes[0][0] + 40]  # the first exercise's column
    assert len(chin) == 3 * 14, len(chin)
    assert len({round(b[0]) for b in chin}) == 2, sorted({round(b[0]) for b in chin})
    lines = sorted({round(b[1], 1) for b in chin})
    gaps = {round(upper[1] - lower[3], 1) for lower, upper in zip(
        sorted(chin, key=lambda b: b[1]), sorted(chin, key=lambda b: b[1])[2:], strict=False)
        if 0 < upper[1] - lower[3] < 10}
    assert len(lines) == 3 * 7 and gaps == {5.0}, (len(lines), gaps)  # (of paper: the ink)
    # The shoulder blade squeeze, once a day beside them: a box a line, its lines the chin
    # tuck's, so that a week's seven lines are its days across the log (2-2-2-1 once).
    right = max(b[2] for b in chin)
    squeeze = [b for b in boxes if right + 10 < b[0] < right + 70]
    assert len(squeeze) == 3 * 7 and len({round(b[0]) for b in squeeze}) == 1, squeeze
    assert {round(b[1], 1) for b in squeeze} == set(lines)
    # The week's column as narrow as its dates, whole after their dash ("Tue Dec 15 –" over
    # "Mon Dec 21"): the names' columns wider, each "Sets done" on a line of its own ("Reps
    # done" for the arm swing and the calf stretch, which count no sets).
    read = [" ".join(line.split()) for line in reads[start + 1].splitlines()]
    assert "Tue Dec 15 –" in read and "Mon Dec 21" in read, read
    assert (read.count("Sets done"), read.count("Reps done")) == (3, 2), read


def test_a_log_of_daily_exercises_takes_the_fewest_lines_its_columns_allow(demo: Path
                                                                         ) -> None:
    """The back starter plan (four exercises, each every day: 7 boxes a week): the week's
    column as narrow as its dates, so each exercise's boxes stand three across in three
    lines (two across, in four, once: 27 pt more a week)."""
    import pypdfium2.raw as raw
    from test_starter import built, plan
    from test_words import _bounds

    pdf = built(demo, plan(demo, "back"))
    document = pdfium.PdfDocument(pdf)
    page = next(p for p in document if "Week 2" in p.get_textpage().get_text_range())
    boxes = sorted(b for b in (_bounds(obj) for obj in page.get_objects(
        filter=[raw.FPDF_PAGEOBJ_PATH], max_depth=8))
        if 18 < b[2] - b[0] < 30 and abs((b[2] - b[0]) - (b[3] - b[1])) < 1)
    first = [b for b in boxes if b[0] < boxes[0][0] + 70]  # the first exercise's column
    assert len({round(b[0]) for b in first}) == 3, sorted({round(b[0]) for b in first})
    weeks = len(first) // 7
    assert weeks >= 2 and len(first) == 7 * weeks, len(first)
    assert len({round(b[1]) for b in first}) == 3 * weeks


def test_a_log_a_day_a_line_names_each_day_level_with_its_boxes(demo: Path) -> None:
    """The example plan with every exercise done each day (the squat twice): its log stands
    a day a line, and a "Day" column names each line's day, from the plan's (a Tuesday) to
    the Monday, each level with its boxes (seven lines of unnamed boxes were counted down
    by the patient); the week's pain box on the Monday's line, where the week ends. With
    the lunge and the swing three and two days a week, their boxes in the middle of the
    row would read as Friday's: no day column then."""
    import re

    import pypdfium2.raw as raw
    from test_words import _bounds

    plan = demo / "content" / "plans" / "example.yaml"
    words = plan.read_text(encoding="utf-8").replace(
        "dose: {sets: 2, reps: 8, times: 3, per: week}",
        "dose: {sets: 2, reps: 8, times: 2, per: day}")
    for daily in (False, True):
        if daily:
            words = words.replace("times: 3, per: week}", "times: 1, per: day}").replace(
                "times: 2, per: week}", "times: 1, per: day}")
        plan.write_text(words, encoding="utf-8")
        out = demo / "out" / f"daily-{daily}.pdf"
        out.parent.mkdir(exist_ok=True)
        made = run("handout", "--plan", str(plan), "--output", str(out), cwd=demo)
        assert made.exit_code == 0, made.output
        document = pdfium.PdfDocument(out)
        page = document[len(document) - 1]
        text = page.get_textpage()
        read = text.get_text_range()
        assert "Your exercise log" in read and ("Day" in read) == daily, read
    boxes = [b for b in (_bounds(obj) for obj in page.get_objects(
        filter=[raw.FPDF_PAGEOBJ_PATH], max_depth=8))
        if 18 < b[2] - b[0] < 30 and abs((b[2] - b[0]) - (b[3] - b[1])) < 1]
    days = [(m.group(), text.get_charbox(m.start())) for m in re.finditer(
        r"\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun)\b(?! \w{3} \d)", read)]  # (not "Tue Nov 24")
    weeks = read.count("Week ") - 1  # (the column's heading "Week" too)
    assert [d for d, _ in days] == ["Tue", "Wed", "Thu", "Fri", "Sat", "Sun", "Mon"] * weeks
    for day, box in days:
        middle = (box[1] + box[3]) / 2  # of its capital
        level = min(abs((b[1] + b[3]) / 2 - middle) for b in boxes)
        assert level < 1.5, (day, level)
    pain = [b for b in boxes if b[0] > max(b[0] for b in boxes) - 1]  # the last column's
    mondays = sorted((box[1] + box[3]) / 2 for day, box in days if day == "Mon")
    assert len(pain) == weeks, pain
    assert all(min(abs((b[1] + b[3]) / 2 - m) for m in mondays) < 1.5 for b in pain), pain


@pytest.mark.parametrize(("language", "said"), [
    ("en", ("Reps done", "Sets done", "Tick when done",
            "fill in one of its boxes as its column says: the sets or reps you did, or a tick",
            "fill in its box in your log at the end")),
    ("es", ("Repeticiones hechas", "Series hechas", "Marque al hacerlo",
            "rellene una de sus casillas como dice su columna: las series o repeticiones que "
            "hizo, o una marca", "rellene su casilla en el registro del final"))])
def test_each_column_says_what_to_write_when_an_exercise_counts_no_sets(
        demo: Path, language: str, said: tuple[str, ...]) -> None:
    """Level 1's plank is 3 holds of 30 seconds, without sets: its column once said "Sets
    done" like the others, and a hold done 3 times a day had nothing to count but a tick.
    Each column says what its boxes hold, and the log and page 1 say to write what it says;
    a log of sets only keeps its words ("how many sets you did")."""
    bridge = demo / "content/exercises/glute-bridge.yaml"
    text = bridge.read_text(encoding="utf-8")
    assert "  sets: 2\n  reps: 10\n" in text
    bridge.write_text(text.replace("  sets: 2\n  reps: 10\n", "  hold_seconds: 15\n"),
                      encoding="utf-8")
    out = demo / "log.pdf"
    made = run("handout", "--level", "1", "--log", "1", "--language", language,
               "--output", str(out), cwd=demo)
    assert made.exit_code == 0, made.output
    pages = [" ".join(page.get_textpage().get_text_range().replace("\u00a0", " ").split())
             for page in pdfium.PdfDocument(out)]
    log = pages[-1]
    reps, sets, tick, intro, first = said
    # In the columns' order: the plank (reps), the back extension (sets), the bridge (a hold).
    assert log.index(reps) < log.index(sets) < log.index(tick), log
    assert (log.count(reps), log.count(sets), log.count(tick)) == (1, 1, 1), log
    assert intro in log, log
    assert first in pages[0], pages[0]
    made = run("handout", "--level", "2", "--log", "1", "--language", language,
               "--output", str(out), cwd=demo)
    assert made.exit_code == 0, made.output
    document = pdfium.PdfDocument(out)
    log = " ".join(document[len(document) - 1].get_textpage().get_text_range().split())
    assert log.count(sets) == 3 and reps not in log and tick not in log, log
    assert intro not in log, log


def many_exercises(demo: Path, weeks: int, twice_a_day: tuple[int, ...] = ()
                   ) -> pdfium.PdfDocument:
    """A plan of the first fourteen exercises (those at `twice_a_day` done twice a day), with
    `weeks` of log, built."""
    import yaml

    slugs = sorted(p.stem for p in (demo / "content/exercises").glob("*.yaml")
                   if "." not in p.stem)[:14]
    twice = {"sets": 1, "reps": 10, "times": 2, "per": "day"}
    exercises = [{"slug": s, **({"dose": dict(twice)} if i in twice_a_day else {})}
                 for i, s in enumerate(slugs)]
    plan = demo / "content/plans/many.yaml"
    plan.write_text(yaml.safe_dump({"patient": "Jane Example", "routine": "back-pain",
                                    "level": 2, "title": "Your exercises",
                                    "intro": ["Your exercises."], "exercises": exercises}))
    result = run("handout", "--plan", str(plan), "--log", str(weeks), "-o", "many.pdf",
                 cwd=demo)
    assert result.exit_code == 0, result.output
    return pdfium.PdfDocument(demo / "many.pdf")


def test_a_log_of_fourteen_exercises_is_two_tables_over_pages(demo: Path) -> None:
    """Fourteen exercises: the log's names and its table are taller than a page. Its Stack
    once moved itself from the top of a page to the next, where it met the same, and
    ReportLab stopped with a LayoutError (a traceback). And in one table, each column's
    "Sets done" broke into letters: two tables of seven, the week's pain in the second."""
    document = many_exercises(demo, 1)
    texts = [document[i].get_textpage().get_text_range() for i in range(len(document))]
    start = next(i for i, text in enumerate(texts) if "Your exercise log" in text)
    assert "14 Rock Back" in texts[start]  # the names, numbered, then the tables
    log = " ".join(" ".join(texts[start:]).split())
    assert len(re.findall(r"\w{3} \w{3} \d+ – \w{3} \w{3} \d+", log)) == 2  # each: the week
    assert log.count("Pain (0") == 1  # the last table: the week's pain
    assert len(re.findall(r"(Sets|Reps) done", log)) == 14  # each column's words whole


def test_a_visit_later_than_the_longest_log_is_named_in_no_week(demo: Path) -> None:
    """Twelve weeks at most: the visit in a hundred years once labelled the twelfth week
    "Next visit: Mon Nov 1", as if it were then."""
    plan = demo / "content/plans/example.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace(
        "follow_up: 2026-12-08", "follow_up: 2126-11-01"), encoding="utf-8")
    result = run("handout", "--plan", str(plan), "-o", "far.pdf", cwd=demo)
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[-1] == (
        "Log: 12 weeks printed, the most a log holds: the next visit is later, on 2126-11-01.")
    document = pdfium.PdfDocument(demo / "far.pdf")
    text = "".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    assert "Week 12" in text and "Next visit:" not in text
    assert "Your next visit: November 1, 2126" in text


def test_a_day_s_boxes_stand_inside_their_column_in_a_log_of_narrow_columns(
        demo: Path) -> None:
    """Fourteen exercises, three done twice a day: each of those columns holds a day's two
    boxes between its rules. (In the second table, its columns narrowed by the pain's, the
    two boxes once stood across the rules, into the next column's boxes.)"""
    import pypdfium2.raw as raw
    from test_words import _bounds

    document = many_exercises(demo, 2, twice_a_day=(3, 9, 10))
    checked = 0
    for page in document:
        if "Week" not in page.get_textpage().get_text_range():
            continue
        paths = [_bounds(o) for o in page.get_objects(filter=[raw.FPDF_PAGEOBJ_PATH],
                                                      max_depth=8)]
        boxes = [b for b in paths
                 if 18 < b[2] - b[0] < 30 and abs((b[2] - b[0]) - (b[3] - b[1])) < 1]
        rules = [b for b in paths if b[2] - b[0] < 2 and b[3] - b[1] > 30]  # upright
        for box in boxes:
            crossing = [r for r in rules if box[0] - 1 < (r[0] + r[2]) / 2 < box[2] + 1
                        and r[1] < box[3] and r[3] > box[1]]
            assert not crossing, (box, crossing)
        checked += len(boxes)
    # 2 weeks: 11 exercises of 7 boxes, 3 of 14, and the pain's 2 boxes a week (3 of the
    # plan's exercises are done 3 days a week, as their own dose says).
    assert checked > 2 * (11 * 3 + 3 * 14), checked


def test_the_logs_heading_never_starts_a_line_with_its_separator(demo: Path) -> None:
    """A long name broke the heading as "Maria … Villanueva" over "· Bring this to your next
    visit: …": the dot ends the first line."""
    name = "Maria Guadalupe Concepcion Fernandez Villanueva"
    made = run("handout", "--plan", "content/plans/example.yaml", "--patient", name,
               "-o", "long.pdf", cwd=demo)
    assert made.exit_code == 0, made.output
    document = pdfium.PdfDocument(demo / "long.pdf")
    text = document[len(document) - 1].get_textpage().get_text_range()
    lines = [line.strip() for line in text[text.index("Your exercise log"):].splitlines()]
    assert lines[1:3] == [f"{name} ·", "Bring this to your next visit: December 8, 2026"], (
        lines[:4])

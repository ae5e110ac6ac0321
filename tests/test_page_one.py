"""Page 1's compact design, read back from the PDF: large print keeps the warning signs and
"Your exercises" there, and normal print on Letter keeps the introduction too."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
import yaml
from conftest import REPO, normalize, page_texts, run


def build(demo: Path, *args: str) -> list[str]:
    out = demo / "out" / "page-1.pdf"
    out.parent.mkdir(exist_ok=True)
    result = run("handout", *args, "--patient", "Ana Ruiz", "--date", "2026-11-24",
                 "--output", str(out), cwd=demo)
    assert result.exit_code == 0, result.output
    assert result.exception is None
    return page_texts(out)


def routine(level: int) -> dict:
    path = REPO / "content" / "routines" / "back-pain" / f"level-{level}.yaml"
    return yaml.safe_load(path.read_text())


def names(level: int) -> list[str]:
    return [yaml.safe_load((REPO / "content" / "exercises" / f"{slug}.yaml").read_text())
            ["name"] for slug in routine(level)["exercises"]]


@pytest.mark.parametrize("paper", ["letter", "a4"])
@pytest.mark.parametrize("level", [1, 2])
def test_large_print_page_1_holds_every_warning_sign_and_every_exercise(
        demo: Path, level: int, paper: str) -> None:
    first = build(demo, "--level", str(level), "--large-print", "--paper", paper)[0]
    for sign in routine(level)["stop_if"]:
        assert normalize(sign) in first, sign
    assert "Call 911 now if you have:" in first
    assert "Your exercises" in first
    for name in names(level):
        assert name in first, name
    # What moved off page 1 follows "Your exercises", in reading order: the introduction.
    intro = normalize(routine(level)["intro"][0])
    assert intro not in first.split("Your exercises")[0]


@pytest.mark.parametrize(("level", "more"), [
    (1, ()), (2, ()), (1, ("--paper", "a4")), (2, ("--paper", "a4")),
    (2, ("--language", "es")), (1, ("--language", "es", "--paper", "a4"))])
def test_large_print_page_1_keeps_the_pain_scale_in_short(
        demo: Path, level: int, more: tuple[str, ...]) -> None:
    """The pain box moves on whole; page 1 keeps its scale in short in the warning box,
    each band's scores and label on one line. (Where even that line would push "Your
    exercises" off page 1, Spanish Level 1 on Letter or a patient's name on Level 1, the
    box after the exercises is all there is.)"""
    out = demo / "out" / "pain.pdf"
    out.parent.mkdir(exist_ok=True)
    result = run("handout", "--level", str(level), "--large-print", *more, "--date",
                 "2026-11-24", "--output", str(out), cwd=demo)
    assert result.exit_code == 0, result.output
    pages = page_texts(out)
    spanish = "es" in more
    heading = "Sus ejercicios" if spanish else "Your exercises"
    first = pages[0].split(heading)[0]
    folder = REPO / "content" / "routines" / "back-pain"
    scale = yaml.safe_load((folder / f"level-{level}.yaml").read_text())
    if spanish:  # a translation gives the words; the scores are the routine's
        words = yaml.safe_load((folder / f"level-{level}.es.yaml").read_text())
        scale["pain_rule"] = words["pain_rule"]
        for band, said in zip(scale["pain_scale"], words["pain_scale"], strict=True):
            band["label"] = said["label"]
    document = pdfium.PdfDocument(out)
    text = document[0].get_textpage()
    whole = text.get_text_range().replace("\u00a0", " ")
    for band in scale["pain_scale"]:
        words = f"{band['from']}–{band['to']} {band['label']}"
        assert words in first, band
        # One band, one line: its scores and its label read together.
        at = whole.find(words)
        assert at >= 0, band
        tops = {round(text.get_charbox(i, loose=True)[1]) for i in (at, at + len(words) - 1)}
        assert len(tops) == 1, (band, tops)
    document.close()
    # ... and the box itself on the next page, whole.
    assert normalize(scale["pain_rule"]) in normalize(pages[1])


@pytest.mark.parametrize("level", [1, 2])
@pytest.mark.parametrize("language", ["en", "es"])
def test_large_print_warning_signs_keep_a_gutter_between_their_columns(
        demo: Path, level: int, language: str) -> None:
    """Two columns of signs: no word of the left one within 10 pt of the right one's
    bullets (Spanish "adormecimiento" ran into them)."""
    out = demo / "out" / "signs.pdf"
    out.parent.mkdir(exist_ok=True)
    result = run("handout", "--level", str(level), "--large-print", "--language", language,
                 "--patient", "Ana Ruiz", "--date", "2026-11-24", "--output", str(out),
                 cwd=demo)
    assert result.exit_code == 0, result.output
    document = pdfium.PdfDocument(out)
    text = document[0].get_textpage()
    whole = text.get_text_range()
    start = whole.find(":")  # the signs, from the box's heading to what to do after them
    end = whole.find("Or go to" if language == "en" else "O vaya")
    boxes = [(whole[i], text.get_charbox(i)) for i in range(start + 1, end)
             if not whole[i].isspace()]
    document.close()
    bullets = sorted({round(box[0]) for char, box in boxes if char == "•"})
    assert len(bullets) == 2, bullets  # a column each
    right = bullets[1]
    left_words = [box[2] for char, box in boxes if char != "•" and box[0] < right]
    assert max(left_words) <= right - 10, (max(left_words), right)

@pytest.mark.parametrize("level", [1, 2])
def test_normal_print_letter_page_1_holds_the_introduction(demo: Path, level: int) -> None:
    first = build(demo, "--level", str(level), "--paper", "letter")[0]
    for paragraph in routine(level)["intro"]:
        assert normalize(paragraph) in first, paragraph
    # ... before the warning signs and the exercises, as page 1 reads.
    assert first.index(normalize(routine(level)["intro"][0])) < first.index("Your exercises")
    for name in names(level):
        assert name in first, name


@pytest.mark.parametrize("level", [1, 2])
def test_spanish_large_print_keeps_its_exercises_on_page_1(demo: Path, level: int) -> None:
    first = build(demo, "--level", str(level), "--large-print", "--language", "es")[0]
    assert "Sus ejercicios" in first


@pytest.mark.parametrize("level", [1, 2])
def test_a_box_moved_off_page_1_goes_on_whole(demo: Path, level: int) -> None:
    """Spanish large print moves "Antes de empezar" and the pain box after the exercises:
    each box goes to the next page whole rather than leave its heading behind."""
    pages = build(demo, "--level", str(level), "--large-print", "--language", "es")
    for start, end in [("Antes de empezar Si tiene dolor", "Incluso puede empeorar las cosas."),
                       ("Cuánto dolor es aceptable Puntúe", "la próxima vez haga menos.")]:
        holding = [i for i, page in enumerate(pages) if start in page]
        assert len(holding) == 1, (start, [p[:300] for p in pages[:4]])
        assert end in pages[holding[0]], (start, holding)


FIVE = ["squat", "lunge", "kettlebell-swing", "glute-bridge", "back-extension"]


def plan_of_five(demo: Path, note: str | None) -> Path:
    plan = demo / "content" / "plans" / "five.yaml"
    plan.write_text(yaml.safe_dump({
        "routine": "back-pain", "level": 2, "exercises": FIVE, "follow_up": "2026-12-22",
        "title": "Your five exercises", "intro": ["Five exercises to make your back stronger."],
        **({"note": note} if note else {})}))
    return plan


@pytest.mark.parametrize("paper", ["letter", "a4"])
@pytest.mark.parametrize("note", ["Five exercises this time. Take them slowly.", None])
def test_a_large_print_plan_of_five_leaves_little_blank_paper(
        demo: Path, paper: str, note: str | None) -> None:
    """With its own title and introduction (as `pdfgen check` asks of a plan whose routine
    counts three exercises), no page but the last more than 35 % blank."""
    from test_pages import BAND_LARGE, used_shares

    out = demo / "out" / "five.pdf"
    out.parent.mkdir(exist_ok=True)
    made = run("handout", "--plan", str(plan_of_five(demo, note)), "--large-print",
               "--paper", paper, "--date", "2026-11-24", "--output", str(out), cwd=demo)
    assert made.exit_code == 0, made.output
    shares = used_shares(out, BAND_LARGE)
    assert min(shares[:-1]) >= 0.65, shares


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_a_large_print_plan_of_five_with_a_note_keeps_its_checklist_on_page_1(
        demo: Path, paper: str) -> None:
    """Five exercises, a note and a next visit in large print: page 1 cannot hold the note
    and "Your exercises" both (43 pt too many on Letter). The checklist stays on page 1 and
    the note follows it, first thing on page 2, before anything else page 1 moved on (once
    "Your exercises" went to page 2 and left page 1 a third blank)."""
    slugs, note = FIVE, "Five exercises this time. Take them slowly."
    pages = build(demo, "--plan", str(plan_of_five(demo, note)), "--large-print",
                  "--paper", paper)
    first = pages[0]
    assert "Your exercises" in first
    for slug in slugs:
        name = yaml.safe_load((demo / "content" / "exercises" / f"{slug}.yaml").read_text())
        assert name["name"] in first.replace("\n", " "), slug
    holding = [n for n, page in enumerate(pages) if normalize(note) in page]
    assert holding in ([0], [1]), holding
    if holding == [1]:
        assert pages[1].index(normalize(note)) < pages[1].index("A rep is one time")
    else:
        assert first.index("Your exercises") < first.index(normalize(note))


def plan_of_four_with_a_daily_one(demo: Path) -> Path:
    """Level 1 and a heel raise, the back extension once a day, a note and a next visit (as
    a new clinic wrote it in a try-out)."""
    plan = demo / "content" / "plans" / "daily.yaml"
    plan.write_text(yaml.safe_dump({
        "routine": "back-pain", "level": 1, "follow_up": "2026-12-22",
        "title": "Your four back exercises", "intro": ["Four exercises for your back."],
        "exercises": ["plank-bird-dog",
                      {"slug": "back-extension",
                       "dose": {"sets": 1, "reps": 8, "times": 1, "per": "day"}},
                      "glute-bridge", "heel-raise"],
        "note": "You have done well this week. Walk 10 minutes a day as well."}))
    return plan


def test_a_day_s_seven_boxes_stand_in_two_rows_when_that_keeps_the_list_short(
        demo: Path) -> None:
    """Seven boxes in a row left the doses a column so narrow that the plank and bird dog's
    took seven lines of large print; four over three leave it wider."""
    import pypdfium2.raw as raw
    from test_pages import BAND_LARGE, used_shares

    out = demo / "out" / "daily.pdf"
    out.parent.mkdir(exist_ok=True)
    made = run("handout", "--plan", str(plan_of_four_with_a_daily_one(demo)), "--large-print",
               "--date", "2026-11-24", "--output", str(out), cwd=demo)
    assert made.exit_code == 0, made.output
    pages = page_texts(out)
    # "Your exercises" cannot stand on page 1 here (the dose in six lines, a note, a next
    # visit): it opens page 2, and page 1 reads as normal print's does up to the warning
    # signs, full rather than half blank (it once held the title and the signs alone).
    first = pages[0]
    order = ["Your four back exercises", "Four exercises for your back.", "Before you start",
             "Call 911 now", "How much pain is all right"]
    assert [first.find(part) for part in order] == sorted(first.find(p) for p in order)
    assert -1 not in [first.find(part) for part in order], first
    assert pages[1].startswith("Your exercises"), pages[1]
    assert used_shares(out, BAND_LARGE)[0] >= 0.8
    # The boxes: 3 + 7 + 3 + 3 = 16 squares, the seven in two rows (four, then three).
    document = pdfium.PdfDocument(out)
    page = document[1]
    squares = []
    for item in page.get_objects(filter=[raw.FPDF_PAGEOBJ_PATH]):
        left, bottom, right, top = item.get_bounds()
        if 20 < right - left < 26 and abs((right - left) - (top - bottom)) < 0.5:
            squares.append((round(top), round(left)))
    rows: dict[int, int] = {}
    for top, _ in squares:
        rows[top] = rows.get(top, 0) + 1
    assert sorted(rows.values()) == [3, 3, 3, 3, 4], rows


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("level", [1, 2])
def test_no_exercise_name_ends_with_a_word_alone_on_its_line(
        demo: Path, level: int, language: str) -> None:
    """("Plank and Bird / Dog", "Balanceo con pesa / rusa" in "Your exercises".)"""
    out = demo / "out" / "names.pdf"
    out.parent.mkdir(exist_ok=True)
    made = run("handout", "--level", str(level), "--language", language, "--date",
               "2026-11-24", "--output", str(out), cwd=demo)
    assert made.exit_code == 0, made.output
    lines = [line.strip() for line in
             pdfium.PdfDocument(out)[0].get_textpage().get_text_range().splitlines()]
    suffix = "" if language == "en" else ".es"
    for slug in routine(level)["exercises"]:
        name = yaml.safe_load((demo / "content" / "exercises" / f"{slug}{suffix}.yaml")
                              .read_text())["name"]
        last = name.split()[-1]
        if len(name.split()) > 1:
            assert last not in lines, (name, lines)


def test_no_rule_under_the_last_exercise_doubles_the_footer_s(demo: Path) -> None:
    """Large print's "Your exercises" ends at page 1's foot: a rule under its last row
    stood 4 pt over the footer's, a double rule. Rules stand between the rows only."""
    import pypdfium2.raw as raw

    out = demo / "out" / "page-1.pdf"
    build(demo, "--level", "1", "--large-print")
    page = pdfium.PdfDocument(out)[0]
    rules = sorted(bottom for left, bottom, right, top in
                   (obj.get_bounds() for obj in page.get_objects(
                       filter=[raw.FPDF_PAGEOBJ_PATH], max_depth=8))
                   if top - bottom < 3 and right - left > 0.5 * page.get_width())
    assert len(rules) >= 3, rules  # the footer's, and those between the exercises
    assert rules[1] - rules[0] > 20, rules


@pytest.mark.parametrize("large_print", [False, True])
def test_the_boxes_to_tick_stand_clearly_apart(demo: Path, large_print: bool) -> None:
    """A tick made with a shaky hand lands in one box, never read as its neighbour's: 4.5 pt
    of paper between two (their ink 2.75 pt apart once)."""
    import pypdfium2.raw as raw
    from test_words import _bounds

    out = demo / "out" / "page-1.pdf"
    build(demo, "--level", "2", *(["--large-print"] if large_print else []))
    page = pdfium.PdfDocument(out)[0]
    boxes = [b for b in (_bounds(obj) for obj in page.get_objects(
        filter=[raw.FPDF_PAGEOBJ_PATH], max_depth=8))
        if 12 < b[2] - b[0] < 24 and abs((b[2] - b[0]) - (b[3] - b[1])) < 1]
    rows: dict[int, list[tuple[float, ...]]] = {}
    for box in boxes:
        rows.setdefault(round(box[1]), []).append(box)
    gaps = [right[0] - left[2] for row in rows.values()
            for left, right in zip(sorted(row), sorted(row)[1:], strict=False)]
    assert len(gaps) == 2 + 2 + 1, gaps  # 3, 3 and 2 days a week
    assert min(gaps) >= 4.5, gaps

"""Page 1's design, read back from the PDF: normal print keeps the opening up to "Your
exercises" there (on Letter, the introduction too), and large print reads as normal print
does, on to page 2."""

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


def opening_order(level: int, spanish: bool = False) -> list[str]:
    """The opening's parts as normal print's page 1 reads them (Level 1 and 2's demo)."""
    if spanish:
        words = yaml.safe_load((REPO / "content" / "routines" / "back-pain"
                                / f"level-{level}.es.yaml").read_text())
        return [normalize(words["intro"][0]), "Antes de empezar", "Llame ya al 911",
                "Cuánto dolor es aceptable", "Sus ejercicios"]
    return [normalize(routine(level)["intro"][0]), "Before you start",
            "Call 911 now if you have:", "How much pain is all right", "Your exercises",
            *names(level)]


def in_order(text: str, parts: list[str]) -> None:
    """Every part in `text`, one after the other."""
    at = [text.find(part) for part in parts]
    assert -1 not in at and at == sorted(at), list(zip(parts, at, strict=True))


LARGE_SETS = [(1, ()), (2, ()), (1, ("--paper", "a4")), (2, ("--paper", "a4")),
              (1, ("--language", "es")), (2, ("--language", "es")),
              (1, ("--language", "es", "--paper", "a4"))]


@pytest.mark.parametrize(("level", "more"), LARGE_SETS)
def test_large_print_page_1_reads_as_normal_print_does(
        demo: Path, level: int, more: tuple[str, ...]) -> None:
    """Large print moves nothing after "Your exercises" (the introduction and "Before you
    start" once followed it): page 1 reads as normal print's does, title, introduction,
    "Before you start", the warning signs, how much pain is all right, and what it has no
    room for opens page 2 in the same order, each box whole on one page. "Your exercises"
    stands on page 2 (page 1 cannot hold it after all that: see docs/content.md). (In
    Spanish Level 2 on Letter, for Ana Ruiz, "Sus ejercicios" opened page 3: page 2 held
    the warning signs and the pain box. Its title a size smaller and "Antes de empezar"
    leading its words keep the warning signs on page 1.)"""
    pages = build(demo, "--level", str(level), "--large-print", *more)
    spanish = "es" in more
    order = opening_order(level, spanish)
    first, opening = pages[0], " ".join(pages[:3])
    in_order(first, order[:2])  # the introduction, then "Before you start", on page 1
    in_order(opening, order)
    assert order[4] in pages[1], pages[:3]
    # Each box whole: the warning signs with their heading, the pain scale with its rule.
    stop = next(page for page in pages[:3] if order[2] in page)
    for sign in yaml.safe_load((REPO / "content" / "routines" / "back-pain" /
                                f"level-{level}{'.es' if spanish else ''}.yaml"
                                ).read_text())["stop_if"]:
        assert normalize(sign) in stop, sign
    pain = next(page for page in pages[:3] if order[3] in page)
    for band in routine(level)["pain_scale"]:
        assert f"{band['from']}–{band['to']}" in pain, band
    # No short scale in the warning box: the pain box follows it, nothing between them.
    assert "0–2 Safe · 3–5 OK" not in opening and "0–2 Sin peligro · 3–5" not in opening


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
    heading = "Call 911" if language == "en" else "Llame ya"
    text = next(page.get_textpage() for page in document
                if heading in page.get_textpage().get_text_range())
    whole = text.get_text_range()
    start = whole.find(":", whole.find(heading))  # the signs, from the box's heading to
    # what to do after them
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


def words_of(slug: str) -> str:
    """An exercise's Spanish name."""
    path = REPO / "content" / "exercises" / f"{slug}.es.yaml"
    return yaml.safe_load(path.read_text())["name"]


@pytest.mark.parametrize("level", [1, 2])
def test_a_box_moved_off_page_1_goes_on_whole(demo: Path, level: int) -> None:
    """Spanish large print's page 1 has no room for the pain box: each box goes to the
    next page whole rather than leave its heading behind ("Antes de empezar" may lead its
    words, a line shorter)."""
    pages = build(demo, "--level", str(level), "--large-print", "--language", "es")
    for start, end in [("Antes de empezar", "Incluso puede empeorar las cosas."),
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
    from pages_helpers import BAND_LARGE, used_shares

    out = demo / "out" / "five.pdf"
    out.parent.mkdir(exist_ok=True)
    made = run("handout", "--plan", str(plan_of_five(demo, note)), "--large-print",
               "--paper", paper, "--date", "2026-11-24", "--output", str(out), cwd=demo)
    assert made.exit_code == 0, made.output
    shares = used_shares(out, BAND_LARGE)
    assert min(shares[:-1]) >= 0.65, shares


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_a_large_print_plan_of_five_with_a_note_reads_in_order(demo: Path, paper: str
                                                               ) -> None:
    """Five exercises, a note and a next visit in large print: the note stands where normal
    print has it, after the warning signs and before "Your exercises", and the checklist
    of five stands whole on one page, page 2 at the latest (what a set is may open page 3,
    over the first card, rather than leave page 2 a third blank)."""
    slugs, note = FIVE, "Five exercises this time. Take them slowly."
    pages = build(demo, "--plan", str(plan_of_five(demo, note)), "--large-print",
                  "--paper", paper)
    in_order(" ".join(pages[:3]), ["Five exercises to make your back stronger.",
                                        "Call 911 now", normalize(note), "Your exercises",
                                        "A rep is one time"])
    holding = next(page for page in pages[:2] if "Your exercises" in page)
    for slug in slugs:
        name = yaml.safe_load((demo / "content" / "exercises" / f"{slug}.yaml").read_text())
        assert name["name"] in holding, slug


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
    from pages_helpers import BAND_LARGE, used_shares

    out = demo / "out" / "daily.pdf"
    out.parent.mkdir(exist_ok=True)
    made = run("handout", "--plan", str(plan_of_four_with_a_daily_one(demo)), "--large-print",
               "--date", "2026-11-24", "--output", str(out), cwd=demo)
    assert made.exit_code == 0, made.output
    pages = page_texts(out)
    # Page 1 reads as normal print's does, full rather than half blank (it once held the
    # title and the warning signs alone), and the rest of the opening follows on page 2.
    order = ["Your four back exercises", "Four exercises for your back.", "Before you start",
             "Call 911 now"]
    in_order(pages[0], order)
    in_order(f"{pages[0]} {pages[1]}", [*order, "How much pain is all right",
                                        "You have done well this week.", "Your exercises"])
    assert "Your exercises" in pages[1], pages[1]
    assert used_shares(out, BAND_LARGE)[0] >= 0.65
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
    """Rules stand between the rows of "Your exercises" only: a rule under its last row
    stood 4 pt over the footer's when the list ended page 1 in large print, a double rule.
    Between the heading and what a set is, Level 1's three rows have two rules."""
    import pypdfium2.raw as raw

    out = demo / "out" / "page-1.pdf"
    build(demo, "--level", "1", "--large-print")
    document = pdfium.PdfDocument(out)
    page = next(page for page in document
                if "Your exercises" in page.get_textpage().get_text_range())
    text = page.get_textpage()
    whole = text.get_text_range()
    heading = text.get_charbox(whole.find("Your exercises"))[1]
    after = text.get_charbox(whole.find("A rep is"))[3]
    rules = [bottom for left, bottom, right, top in
             (obj.get_bounds() for obj in page.get_objects(
                 filter=[raw.FPDF_PAGEOBJ_PATH], max_depth=8))
             if top - bottom < 3 and right - left > 0.5 * page.get_width()
             and after < bottom < heading]
    assert len(rules) == 2, rules


@pytest.mark.parametrize("large_print", [False, True])
def test_the_boxes_to_tick_stand_clearly_apart(demo: Path, large_print: bool) -> None:
    """A tick made with a shaky hand lands in one box, never read as its neighbour's: 4.5 pt
    of paper between two (their ink 2.75 pt apart once)."""
    import pypdfium2.raw as raw
    from test_words import _bounds

    out = demo / "out" / "page-1.pdf"
    build(demo, "--level", "2", *(["--large-print"] if large_print else []))
    page = next(page for page in pdfium.PdfDocument(out)
                if "Your exercises" in page.get_textpage().get_text_range())
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

"""The printed page, read back from the PDF: page budgets, whole cards, blank paper, type."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pypdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
import yaml
from conftest import REPO, normalize, page_texts, pdf_fonts, photos_for, run

# The most pages each set may take with the demo content (issue 21): two sheets printed on
# both sides for a routine, one page more for a plan with its log, 8 and 10 in large print.
BUDGETS = {
    ("--level", "2"): 4,
    ("--level", "2", "--paper", "a4"): 4,
    ("--level", "1"): 4,
    ("--level", "1", "--paper", "a4"): 4,
    ("--plan", "content/plans/example.yaml", "--log", "4"): 5,
    ("--level", "2", "--large-print"): 8,
    ("--level", "2", "--large-print", "--paper", "a4"): 8,
    ("--level", "1", "--large-print"): 10,
}


def unmet(measured: str) -> pytest.MarkDecorator:
    """A rule the demo does not meet yet, and what was measured: the test fails the day it
    is met (strict), so that the mark goes."""
    return pytest.mark.xfail(strict=True, reason=measured)


BAND = 62  # points at the top and bottom of a page for the running line and the footer
BAND_LARGE = 72  # the same in large print, where they are 18 pt


def build(demo: Path, *args: str) -> Path:
    out = demo / "out" / "layout.pdf"
    out.parent.mkdir(exist_ok=True)
    result = run("handout", *args, "--date", "2026-11-24", "--output", str(out), cwd=demo)
    assert result.exit_code == 0, result.output
    assert result.exception is None
    return out


def exercise(slug: str, root: Path = REPO) -> dict:
    return yaml.safe_load((root / "content" / "exercises" / f"{slug}.yaml").read_text())


def routine(level: int) -> list[str]:
    path = REPO / "content" / "routines" / "back-pain" / f"level-{level}.yaml"
    return yaml.safe_load(path.read_text())["exercises"]


FIVE = ["squat", "lunge", "kettlebell-swing", "glute-bridge", "back-extension"]


def five_exercises(demo: Path) -> tuple[str, ...]:
    """A plan of five exercises, standing and lying, with a four-week log."""
    plan = demo / "content" / "plans" / "five.yaml"
    plan.write_text(yaml.safe_dump({
        "patient": "Pat Five", "date": "2026-11-24", "follow_up": "2026-12-22",
        "routine": "back-pain", "level": 2, "exercises": [{"slug": s} for s in FIVE],
        "note": "Five exercises this time. Take them slowly.", "log_weeks": 4}))
    return ("--plan", str(plan))


def own_photos(demo: Path) -> tuple[str, ...]:
    """The clinic's own photos for Level 2: a landscape and a portrait JPEG a card."""
    photos_for(demo, routine(2), {"start": (1200, 900), "end": (900, 1200)},
               keep_movement=True)
    return ("--level", "2")


# Each set of pages the issue names: what it builds from the demo, and the exercises in it.
SETS = {
    "level 1": (lambda demo: ("--level", "1"), routine(1)),
    "level 2": (lambda demo: ("--level", "2"), routine(2)),
    "level 1 a4": (lambda demo: ("--level", "1", "--paper", "a4"), routine(1)),
    "level 2 a4": (lambda demo: ("--level", "2", "--paper", "a4"), routine(2)),
    "plan with a log": (lambda demo: ("--plan", "content/plans/example.yaml", "--log", "4"),
                        routine(2)),
    "five exercises": (five_exercises, FIVE),
    "own photos": (own_photos, routine(2)),
}


def used_shares(pdf: Path, band: float = BAND) -> list[float]:
    """For each page, the share of its text area down to the last thing printed on it,
    measured on the rendered page (the blank paper under it is the rest)."""
    shares = []
    document = pdfium.PdfDocument(pdf)
    for page in document:
        image = page.render(scale=0.5, grayscale=True).to_pil().convert("L")
        pixels, width = image.tobytes(), image.width
        top, bottom = int(band * 0.5), image.height - int(band * 0.5)
        inked = [y for y in range(top, bottom) if min(pixels[y * width:(y + 1) * width]) < 200]
        shares.append((inked[-1] - top) / (bottom - top) if inked else 0.0)
    document.close()
    return shares


def glyph_sizes(pdf: Path) -> list[tuple[float, float, str]]:
    """(font size, height on the page, character) of every printed character."""
    out = []
    document = pdfium.PdfDocument(pdf)
    for page in document:
        text = page.get_textpage()
        for index in range(text.count_chars()):
            char = chr(pdfium_c.FPDFText_GetUnicode(text.raw, index))
            if char.isspace():
                continue
            box = text.get_charbox(index)
            out.append((round(pdfium_c.FPDFText_GetFontSize(text.raw, index), 1), box[1], char))
    document.close()
    return out


@pytest.mark.parametrize("args", [
    *BUDGETS,
    ("--level", "1", "--language", "es"),
    ("--level", "1", "--language", "es", "--paper", "a4"),
    ("--level", "2", "--language", "es"),
    ("--level", "2", "--language", "es", "--paper", "a4"),
], ids=lambda a: " ".join(a))
def test_page_budget(demo: Path, args: tuple[str, ...]) -> None:
    """The budgets hold in Spanish too (its words run about a fifth longer)."""
    budget = BUDGETS.get(args) or BUDGETS[tuple(a for a in args if a not in ("--language",
                                                                            "es"))]
    pages = len(pypdf.PdfReader(build(demo, *args)).pages)
    assert pages <= budget


@pytest.mark.parametrize("name", list(SETS))
def test_every_exercise_stands_whole_on_one_page(demo: Path, name: str) -> None:
    make, slugs = SETS[name]
    pages = page_texts(build(demo, *make(demo)))
    assert not any("(continued)" in page for page in pages)
    for slug in slugs:
        data = exercise(slug, demo)
        parts = [data["name"], *data["steps"], *data.get("tips", []), data.get("easier"),
                 data.get("harder"), *(p["caption"] for p in data.get("pictures", []))]
        parts = [normalize(p) for p in parts if p and "{{" not in p]
        holding = [n for n, page in enumerate(pages) if all(p in page for p in parts)]
        assert holding, f"{slug}: no page holds its name, steps, tips, options and captions"


@pytest.mark.parametrize("name", ["five exercises", "own photos"])
def test_a_plan_of_five_and_a_clinic_with_photos_keep_to_their_pages(demo: Path, name: str
                                                                     ) -> None:
    make, _ = SETS[name]
    # Five cards, the opening and the closing, and a page for the four-week log: 8. The
    # demo's Level 2 with photos in place of the drawings: no more pages than with them.
    most = 8 if name == "five exercises" else len(
        pypdf.PdfReader(build(demo, "--level", "2")).pages)
    pages = len(pypdf.PdfReader(build(demo, *make(demo))).pages)
    assert pages <= most


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
    """Level 1's plank and bird dog are one card with a dose for each part."""
    pages = page_texts(build(demo, "--level", "1"))
    first = pages[0].replace("\u00a0", " ")
    assert "Plank: repeat 3 times · hold 30 seconds · 3 days a week" in first
    assert "Bird dog: repeat 5 times · hold 5 seconds · each side · 3 days a week" in first
    card = next(page for page in pages[1:] if "Plank and Bird Dog" in page)
    # The dose table: the labels over the columns, a row a part.
    assert "Reps Hold Days a week Plank 3 30 seconds 3 Bird dog 5 each side 5 seconds 3" in card


# (On A4 page 1 also holds what a set is, so page 2, the introduction's end alone before a
# card too tall to join it, is half used there: the large-print set is on Letter.)
LARGE = {"large print": ("--level", "2", "--large-print")}


@pytest.mark.parametrize("name", [*SETS, *LARGE])
def test_little_blank_paper(demo: Path, name: str) -> None:
    if name in LARGE:
        shares = used_shares(build(demo, *LARGE[name]), BAND_LARGE)
    else:
        make, _ = SETS[name]
        shares = used_shares(build(demo, *make(demo)))
    before_last = shares[:-1]
    assert min(before_last) >= 0.55, shares  # no page but the last over 45 % empty
    assert sum(before_last) / len(before_last) >= 0.75, shares


def test_the_measure_of_blank_paper_can_tell_a_full_page_from_an_empty_one(
        demo: Path, tmp_path: Path) -> None:
    writer = pypdf.PdfWriter(clone_from=build(demo, "--level", "2"))
    writer.add_blank_page()
    both = tmp_path / "with-blank.pdf"
    writer.write(both)
    shares = used_shares(both)
    assert shares[0] > 0.8  # page 1 is full
    assert shares[-1] == 0.0


@pytest.mark.parametrize("args", [("--level", "2"), ("--level", "2", "--log", "2")])
def test_no_type_under_12_points_but_the_footer_and_running_line(
        demo: Path, args: tuple[str, ...]) -> None:
    sizes = glyph_sizes(build(demo, *args))
    height = pypdf.PdfReader(demo / "out" / "layout.pdf").pages[0].mediabox.height
    body = [size for size, y, _ in sizes if BAND < y < float(height) - BAND]
    edges = [size for size, y, _ in sizes if not BAND < y < float(height) - BAND]
    assert min(body) >= 12
    assert min(edges) >= 10


@pytest.mark.parametrize("args", [("--level", "2"), ("--level", "1", "--large-print")])
def test_every_font_is_embedded_and_none_is_helvetica(demo: Path, args: tuple[str, ...]) -> None:
    fonts = pdf_fonts(build(demo, *args))
    assert fonts and all(fonts.values()), fonts
    assert not any("Helvetica" in name for name in fonts)


def test_the_dose_is_labelled_numbers(demo: Path) -> None:
    pages = page_texts(build(demo, "--level", "2"))
    lunge = next(page for page in pages if "Lunge" in page and "Step one foot forward." in page)
    assert "Sets 2 Reps 8 each side Days a week 3" in lunge


def runts(pdf: Path) -> list[str]:
    """Lines that hold a single short word ending a sentence or a bracket ("worse.", "(DC)")."""
    found = []
    document = pdfium.PdfDocument(pdf)
    for page in document:
        text = page.get_textpage()
        for index in range(text.count_rects()):
            line = text.get_text_bounded(*text.get_rect(index)).strip()
            if re.fullmatch(r"\S{1,12}[.)!?]", line):
                found.append(line)
    document.close()
    return found


@pytest.mark.parametrize("args", [("--level", "1"), ("--level", "2"),
                                  ("--plan", "content/plans/example.yaml", "--log", "4"),
                                  ("--level", "2", "--large-print")])
def test_no_paragraph_ends_with_one_short_word_on_its_line(
        demo: Path, args: tuple[str, ...]) -> None:
    assert runts(build(demo, *args)) == []


def test_the_runt_finder_finds_a_runt(tmp_path: Path) -> None:
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    pdf = tmp_path / "runt.pdf"
    style = getSampleStyleSheet()["Normal"]
    SimpleDocTemplate(str(pdf)).build([Paragraph("word " * 17 + "worse.", style)])
    assert "worse." in runts(pdf)


def contrast(a: object, b: object) -> float:
    """WCAG contrast ratio of two ReportLab colours."""
    def luminance(color: object) -> float:
        def channel(c: float) -> float:
            return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
        r, g, b_ = (channel(getattr(color, n)) for n in ("red", "green", "blue"))
        return 0.2126 * r + 0.7152 * g + 0.0722 * b_
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("primary", ["#0F5257", "#767676", "#7A2E0E"])
def test_labels_on_their_tint_read_in_grey_at_7_to_1(primary: str) -> None:
    """Dose labels, options and headings of boxes are near-black on the brand's pale tint:
    7:1 or more however light a brand colour the clinic may choose (4.5:1 on white)."""
    from reportlab.lib.colors import HexColor

    from pdfgen.layout.theme import INK, tint

    assert contrast(INK, tint(HexColor(primary), 0.10)) >= 7
    assert contrast(INK, HexColor("#FFFFFF")) >= 15


def test_once_resolved_the_handout_is_laid_out_without_reading_a_file(demo: Path) -> None:
    """Everything that can be wrong with the pictures is found in resolve: layout draws
    from what resolve read (the logo too), so the pictures' files may even be gone by then."""
    import datetime as dt
    import shutil

    from pdfgen.build import HandoutRequest, resolve
    from pdfgen.content.pictures import load_logo
    from pdfgen.content.project import Project
    from pdfgen.layout.pages import render_pdf
    from pdfgen.layout.pictures import logo_flowable

    own_photos(demo)  # photos for Level 2, decoded in resolve
    done = resolve(Project(root=demo, out_dir=demo / "out"),
                   HandoutRequest(level=2, date=dt.date(2026, 11, 24)))
    logo = load_logo(demo / "content/images/logo.svg", done.clinic.path)
    shutil.rmtree(demo / "content" / "images")
    data, pages = render_pdf(done.text, done.theme, paper="letter", language="en",
                             logo=logo_flowable(logo, 36, 130),
                             logo_small=logo_flowable(logo, 72, 110))
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert pages == len(reader.pages) >= 4  # opening, three cards, the closing
    images = sum(1 for page in reader.pages
                 for name in (page["/Resources"].get("/XObject") or {}))
    assert images == 6  # every photo, drawn from memory


def test_page_1_is_a_checklist_with_a_box_for_each_time_of_the_week(demo: Path) -> None:
    """PEMAT-P asks for a tool a patient can use: "Your exercises" ticks off each time."""
    document = pdfium.PdfDocument(build(demo, "--level", "2"))
    try:
        page = document[0]
        boxes = []
        for obj in page.get_objects():
            if obj.type == pdfium_c.FPDF_PAGEOBJ_PATH:
                left, bottom, right, top = obj.get_bounds()
                if 14 <= right - left <= 19 and 14 <= top - bottom <= 19:  # 15 pt and ink
                    boxes.append(round(top))
        text = page.get_textpage().get_text_range()
    finally:
        document.close()
    rows: dict[int, int] = {}
    for top in boxes:
        rows[top] = rows.get(top, 0) + 1
    # Squat and lunge 3 days a week, the kettlebell swing 2: top to bottom.
    assert [count for _, count in sorted(rows.items(), reverse=True)] == [3, 3, 2]
    assert "Tick a box on each day you do an exercise." in text


def test_a_title_stays_with_the_name_it_belongs_to(demo: Path) -> None:
    """Never "tell Dr." at a line's end and "Mike Sebastian." on the next."""
    document = pdfium.PdfDocument(build(demo, "--level", "2"))
    lines = []
    try:
        for page in document:
            text = page.get_textpage()
            lines += [text.get_text_bounded(*text.get_rect(i)).strip()
                      for i in range(text.count_rects())]
    finally:
        document.close()
    assert any("Dr. Mike Sebastian" in line for line in lines)
    assert not any(re.search(r"\bDr\.$", line) for line in lines)


def test_the_conclusion_leads_with_its_heading_only_when_that_saves_a_page(demo: Path
                                                                           ) -> None:
    """Letter: "Keep going." leads its paragraph in bold, so that the closing shares the
    last card's page (4 pages, not 5); A4 has the room: the heading stands on its own."""
    def last_page(*args: str) -> tuple[str, list[str]]:
        pdf = build(demo, *args)
        lines = pypdf.PdfReader(pdf).pages[-1].extract_text().splitlines()
        return page_texts(pdf)[-1], [line.strip() for line in lines]

    letter, _ = last_page("--level", "2")
    assert "Keep going. Do each exercise" in letter
    assert "Kettlebell Swing" in letter  # the last card and the closing share the page
    bold = [name for size, name, char in _fonts_of_words(build(demo, "--level", "2"),
                                                         "Keep going.")]
    assert bold and all("Bold" in name for name in bold), bold
    a4, lines = last_page("--level", "2", "--paper", "a4")
    assert "Keep going" in lines  # a line of its own
    assert "Keep going. Do" not in a4


def _fonts_of_words(pdf: Path, words: str) -> list[tuple[float, str, str]]:
    """(size, font name, character) of each character of `words` where the last page
    prints them."""
    document = pdfium.PdfDocument(pdf)
    page = document[len(document) - 1]
    text = page.get_textpage()
    whole = text.get_text_range()
    at = whole.find(words)
    found = []
    for index in range(at, at + len(words)) if at >= 0 else ():
        char = whole[index]
        if char.isspace():
            continue
        buffer = (pdfium_c.c_char * 256)()  # type: ignore[attr-defined]
        flags = pdfium_c.c_int()  # type: ignore[attr-defined]
        pdfium_c.FPDFText_GetFontInfo(text.raw, index, buffer, 256, flags)
        found.append((pdfium_c.FPDFText_GetFontSize(text.raw, index),
                      bytes(buffer).split(b"\0")[0].decode(), char))
    document.close()
    return found



def test_the_phone_in_the_contact_block_is_never_broken(demo: Path) -> None:
    """A UK number on A4 beside a long web address: one line, the way a patient dials it."""
    toml = demo / "content" / "clinic.toml"
    text = toml.read_text(encoding="utf-8")
    text = re.sub(r'phone = "[^"]*"', 'phone = "+44 20 7946 0018"', text, count=1)
    text = re.sub(r'website = "[^"]*"', 'website = "https://thamesphysio.example.co.uk"', text)
    toml.write_text(text, encoding="utf-8")
    pages = page_texts(build(demo, "--level", "2", "--paper", "a4"))
    last = pypdf.PdfReader(demo / "out" / "layout.pdf").pages[-1].extract_text()
    assert "+44 20 7946 0018" in [line.strip() for line in last.splitlines()], last
    assert pages

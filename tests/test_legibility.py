"""The type reads well: 12 pt and up, embedded fonts, 7:1 contrast, no runts or orphans."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pypdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from conftest import page_texts, pdf_fonts
from pages_helpers import BAND, build


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

    from pdfgen.layout.theme import INK, TINT, tint

    assert contrast(INK, tint(HexColor(primary), TINT)) >= 7
    assert contrast(INK, HexColor("#FFFFFF")) >= 15


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
    """Level 2: "Keep going." leads its paragraph in bold, so that the closing shares the
    last card's page (4 pages, not 5; on A4, 4 pages with every step of the kettlebell
    swing in its column, rather than its sixth under its pictures); Level 1 has the room:
    the heading stands on its own."""
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
    # In the headings' colour, the brand's (in the text's near-black, under the last card's
    # "Why it helps", it read as that card's words).
    primary = tomllib.loads((demo / "content" / "clinic.toml").read_text())["brand"]["primary"]
    assert _colours_of_words(build(demo, "--level", "2"), "Keep going.") == {
        tuple(int(primary[i:i + 2], 16) for i in (1, 3, 5))}
    assert _colours_of_words(build(demo, "--level", "2"), "Do each") != {
        tuple(int(primary[i:i + 2], 16) for i in (1, 3, 5))}
    a4, _ = last_page("--level", "2", "--paper", "a4")
    assert "Keep going. Do each exercise" in a4
    level_1, lines = last_page("--level", "1")
    assert "Keep going" in lines  # a line of its own
    assert "Keep going. Do" not in level_1 and "Keep going. When" not in level_1


def _colours_of_words(pdf: Path, words: str) -> set[tuple[int, int, int]]:
    """The fill colours (red, green, blue) of `words`' characters on the last page."""
    import ctypes

    document = pdfium.PdfDocument(pdf)
    text = document[len(document) - 1].get_textpage()
    at = text.get_text_range().find(words)
    assert at >= 0, words
    found = set()
    for index in range(at, at + len(words)):
        if words[index - at].isspace():
            continue
        r, g, b, a = (ctypes.c_uint() for _ in range(4))
        assert pdfium_c.FPDFText_GetFillColor(text.raw, index, r, g, b, a)
        found.add((r.value, g.value, b.value))
    document.close()
    return found


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


def _rules_between(pdf: Path, above: str, below: str) -> list[tuple[float, float]]:
    """The (width, darkness 0 to 1) of each stroked line on page 1 lying between the
    line of `above` and the line of `below`, the two in one column."""
    import ctypes

    document = pdfium.PdfDocument(pdf)
    page = document[0]
    text = page.get_textpage()
    whole = text.get_text_range()
    tops = [text.get_charbox(whole.index(words)) for words in (above, below)]
    (left, _, _, low), (_, _, _, high) = tops  # (left, bottom, right, top) in points
    found = []
    for index in range(pdfium_c.FPDFPage_CountObjects(page.raw)):
        thing = pdfium_c.FPDFPage_GetObject(page.raw, index)
        if pdfium_c.FPDFPageObj_GetType(thing) != pdfium_c.FPDF_PAGEOBJ_PATH:
            continue
        box = [ctypes.c_float() for _ in range(4)]
        pdfium_c.FPDFPageObj_GetBounds(thing, *box)
        x0, y0, x1, y1 = (v.value for v in box)
        r, g, b, a = (ctypes.c_uint() for _ in range(4))
        width = ctypes.c_float()
        if not (high < y0 and y1 < low and x0 <= left + 1 and x1 - x0 > 100 and y1 - y0 < 3
                and pdfium_c.FPDFPageObj_GetStrokeColor(thing, r, g, b, a)
                and pdfium_c.FPDFPageObj_GetStrokeWidth(thing, width)):
            continue
        grey = 0.299 * r.value + 0.587 * g.value + 0.114 * b.value
        found.append((width.value, 1 - grey / 255))
    document.close()
    return found


@pytest.mark.parametrize("args", [("--level", "2"), ("--level", "1", "--paper", "a4")])
def test_the_rules_between_the_pain_bands_print_dark(demo: Path, args: tuple[str, ...]
                                                      ) -> None:
    """The rule between "0–2" and "3–5" prints on a black-and-white printer: 70 % dark or
    more on the box's tint (in the borders' pale tint it was grey 149 on 224, which a home
    laser printer screens into faint dots)."""
    rules = _rules_between(build(demo, *args), "0–2", "3–5")
    assert rules and all(width >= 0.75 and dark >= 0.7 for width, dark in rules), rules

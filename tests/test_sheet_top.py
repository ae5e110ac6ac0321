"""The one-page sheet's top: whom it is for and when, each part whole on a line; the warning
box clear of the rule over it and the first row under it."""

from __future__ import annotations

import itertools
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from conftest import resolved_demo
from pages_helpers import build

from pdfgen.layout.blocks.common import line_width
from pdfgen.layout.blocks.sheet_top import _lines

PARTS = ["Back pain · Level 1", "Prepared for Robert Garcia on December 7, 2026",
         "Your next visit: December 28, 2026"]


@pytest.mark.parametrize("width", [150, 200, 260, 300, 400, 700])
def test_a_part_is_never_broken_where_it_fits_a_line(width: float) -> None:
    """(Beside a wide logo: "Prepared for Robert / Garcia on December 7, 2026 · Your next /
    visit: …".)"""
    _, theme = resolved_demo(1)
    lines = _lines(PARTS, theme, width)
    style = theme["meta"]
    for part in PARTS:
        if line_width(part, style) <= width:
            assert any(part in line for line in lines), (part, lines)
    # As few lines as that allows: two parts share a line when both fit it.
    wide = _lines(PARTS, theme, 1000)
    assert wide == [" · ".join(PARTS)]
    # A part too long for a line keeps its end whole ("on December 7, 2026").
    if line_width(PARTS[1], style) > width >= line_width("on December 7, 2026", style):
        assert any("on\u00a0December\u00a07,\u00a02026" in line for line in lines), lines


def test_the_example_plans_sheet_says_whose_and_when_in_whole_lines(demo: Path) -> None:
    out = build(demo, "--plan", "content/plans/example.yaml", "--layout", "compact")
    text = pdfium.PdfDocument(out)[0].get_textpage().get_text_range()
    lines = [line.strip() for line in text.splitlines()]
    assert "Prepared for Jane Example on November 24, 2026" in lines, lines[:8]
    assert "Your next visit: December 8, 2026" in lines, lines[:8]


def gaps_around_the_warning_box(pdf: Path) -> tuple[float, float]:
    """Points of paper between the masthead's rule and the warning box's top border, and
    between its bottom border and what is drawn under it (inks, measured as drawn)."""
    import pypdfium2.raw as raw
    from test_words import _bounds

    page = pdfium.PdfDocument(pdf)[0]
    paths = [_bounds(o) for o in page.get_objects(filter=[raw.FPDF_PAGEOBJ_PATH],
                                                  max_depth=8)]
    across = sorted((p for p in paths if p[2] - p[0] > 300), key=lambda p: -p[3])
    rule, top = across[0], across[1]  # the masthead's rule, the box's top border
    # Its bottom border, level with the foot of its bar (the rule over the pain scale's band
    # crosses the box too).
    bar = next(p for p in paths if 4 < p[2] - p[0] < 7 and p[3] - p[1] > 40)
    bottom = next(p for p in across[2:] if p[3] - p[1] < 3 and abs(p[1] - bar[1]) < 3)
    under = max(p[3] for p in paths if bottom[1] - 30 < p[3] < bottom[1])
    return round(rule[1] - top[3], 2), round(bottom[1] - under, 2)


@pytest.mark.parametrize("args", [("--level", "1"), ("--level", "2"),
                                  ("--level", "2", "--paper", "a4", "--language", "es")])
def test_the_warning_box_stands_6_pt_clear_of_the_rule_and_the_first_row(
        demo: Path, args: tuple[str, ...]) -> None:
    """(4.5 pt of paper once, over and under it: 6 pt from the strokes' middles.)"""
    over, under = gaps_around_the_warning_box(build(demo, *args, "--layout", "compact"))
    assert over >= 5.9 and under >= 5.9, (over, under)


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_pain_bands_dots_stand_evenly_between_them(demo: Path, language: str) -> None:
    """"0–2 Safe · 3–5 OK · 6–10 Too much" in the warning box: the space on each side of a
    dot the same (in Spanish a no-break space once stood after the last one, 4 pt wider:
    "Aceptable ·  6–10")."""
    out = build(demo, "--level", "1", "--layout", "compact", "--language", language,
                "--paper", "a4")
    text = pdfium.PdfDocument(out)[0].get_textpage()
    read = text.get_text_range()
    start = read.index("0–2")
    dots = [at for at in range(start, read.index("6–10", start)) if read[at] == "·"]
    assert len(dots) == 2, read[start:start + 80]
    for at in dots:
        before = text.get_charbox(at)[0] - text.get_charbox(at - 2)[2]
        after = text.get_charbox(at + 2)[0] - text.get_charbox(at)[2]
        assert abs(before - after) < 1, (read[at - 8:at + 8], before, after)


@pytest.mark.parametrize(("words", "bound"), [
    ("Stop and do less next time.", "Stop and do less next\u00a0time."),
    ("Safe  ·  6–10", "Safe  ·\u00a06–10"),
    ("0–2\u00a0Safe · 6–10\u00a0Too\u00a0much", "0–2\u00a0Safe ·\u00a06–10\u00a0Too\u00a0much")])
def test_the_last_two_words_are_bound_once_whatever_the_spaces(words: str, bound: str) -> None:
    from pdfgen.layout.theme import no_runt

    assert no_runt(words) == bound


@pytest.mark.parametrize(("args", "own"), [
    (("--level", "1", "--paper", "a4"), True), (("--level", "1"), True),
    (("--level", "2"), True),
    (("--level", "1", "--language", "es"), True),
    (("--level", "2", "--paper", "a4", "--language", "es"), True),
    (("--level", "1", "--paper", "a4", "--language", "es", "--patient", "Ana Ruiz"), True),
    (("--plan", "content/plans/example.yaml"), True)])
def test_the_pain_scale_stands_apart_from_the_warning_signs(
        demo: Path, args: tuple[str, ...], own: bool) -> None:
    """How much pain is all right stands in a calm box of its own under the warning box
    (`own`), or, where the sheet has no room for one, in the warning box under a rule, on
    a pale band, its labels only: "Keep going" is never read as part of what to do in an
    emergency (it once followed "Or go to the nearest emergency room" in the same black
    box, and then "Llame ya al 911 si tiene" on its pale band). (Level 1 had it on the band
    on Letter and in Spanish until its lying figures' panels were no taller than they need:
    every demo sheet now has the box.)"""
    import pypdfium2.raw as raw
    from test_words import _bounds

    page = pdfium.PdfDocument(build(demo, *args, "--layout", "compact"))[0]
    paths = [_bounds(o) for o in page.get_objects(filter=[raw.FPDF_PAGEOBJ_PATH],
                                                  max_depth=8)]
    bar = next(p for p in paths if 4 < p[2] - p[0] < 7 and p[3] - p[1] > 40)
    rules = [p for p in paths if p[2] - p[0] > 300 and p[3] - p[1] < 1  # (borders: 1.5)
             and bar[1] < p[1] < bar[3]]  # across the box, inside it
    text = page.get_textpage()
    read = text.get_text_range()
    footer, heading = ("O vaya a", "Cuánto dolor") if "es" in args else ("Or go to",
                                                                          "How much pain")
    if own:  # under the warning box, 6 pt clear of its border's ink at the least
        assert not rules, rules
        under = bar[1] - text.get_charbox(read.index(heading))[3]
        assert under >= 6, under
    else:
        assert len(rules) == 1, rules
        assert text.get_charbox(read.index(footer))[1] > rules[0][3]
        assert text.get_charbox(read.index(heading))[3] < rules[0][1]
        keep = "Siga adelante" if "es" in args else "Keep going"
        assert keep not in read.replace("\u00a0", " ").replace("\r\n", " "), read[:800]
    image = page.render(scale=2, grayscale=True).to_pil().convert("L")
    left, bottom = text.get_charbox(read.index(heading))[:2]
    tint = image.getpixel((int((left - 4) * 2), int((page.get_height() - bottom) * 2)))
    assert 200 < tint < 250, tint  # the pale band, not white paper


@pytest.mark.parametrize("args", [("--level", "2"), ("--plan", "content/plans/example.yaml"),
                                  ("--level", "2", "--paper", "a4")])
def test_what_to_do_at_each_pain_band_takes_a_line_of_its_own(
        demo: Path, args: tuple[str, ...]) -> None:
    """On the sheet, each band of the pain scale with what to do at it on a line of its
    own, its scores in a column: never broken inside a band (the example plan's read "OK.
    Keep going if it settles by the" over "next morning", the bands one after another)."""
    page = pdfium.PdfDocument(build(demo, *args, "--layout", "compact"))[0]
    text = page.get_textpage()
    read = text.get_text_range().replace("\u00a0", " ")
    lines, lefts = [], []
    for scores in ("0–2", "3–5", "6–10"):
        at = read.index(scores)
        end = read.index(".", read.index(".", at) + 1)  # the label's, then the meaning's
        middles = [sum(text.get_charbox(i)[1::2]) / 2 for i in range(at, end)
                   if read[i].isalnum()]
        lines.append((min(middles), max(middles)))
        lefts.append(text.get_charbox(at)[0])
    # (Each band's characters about one middle height: a line apart is 12 pt and more.)
    assert all(high - low < 5 for low, high in lines), lines
    assert all(upper[0] - lower[1] > 10 for upper, lower in itertools.pairwise(lines)), lines
    assert max(lefts) - min(lefts) < 1.5, lefts  # (a glyph's side bearing: "3" or "6")


def test_the_back_of_the_sheet_starts_6_pt_under_the_running_line(demo: Path) -> None:
    """The example plan's sheet goes on to its back: the kettlebell swing's dose strip stood
    4 pt under the running line's rule there."""
    import pypdfium2.raw as raw
    from test_words import _bounds

    out = build(demo, "--plan", "content/plans/example.yaml", "--layout", "compact")
    document = pdfium.PdfDocument(out)
    assert len(document) == 2
    page = document[1]
    paths = [_bounds(o) for o in page.get_objects(filter=[raw.FPDF_PAGEOBJ_PATH],
                                                  max_depth=8)]
    rule = max((p for p in paths if p[2] - p[0] > 300 and p[3] - p[1] < 1),
               key=lambda p: p[3])
    text = page.get_textpage()
    inks = [p[3] for p in paths if p[3] < rule[1]] + [
        text.get_charbox(i)[3] for i in range(text.count_chars())
        if text.get_charbox(i)[3] < rule[1] and not text.get_text_range(i, 1).isspace()]
    assert rule[1] - max(inks) >= 5.9, rule[1] - max(inks)


def test_each_pain_bands_scores_are_bold_in_a_run_too(demo: Path) -> None:
    """Level 1's sheet on A4 has the bands one after another in their box (what to do at
    each would not fit): each band's scores in bold, a space after them (they ran into
    "Safe" once, and the dots lost their spaces)."""
    import pypdfium2.raw as pdfium_c

    page = pdfium.PdfDocument(build(demo, "--level", "1", "--paper", "a4", "--layout",
                                    "compact"))[0]
    text = page.get_textpage()
    read = text.get_text_range().replace("\u00a0", " ")
    assert "0–2 Safe · 3–5 OK · 6–10 Too much" in " ".join(read.split()), read[:600]
    for scores, label in (("0–2", "Safe"), ("3–5", "OK"), ("6–10", "Too")):
        fonts = []
        for index in (read.index(f"{scores} {label}"), read.index(f"{scores} {label}") + 5):
            buffer = (pdfium_c.c_char * 256)()  # type: ignore[attr-defined]
            flags = pdfium_c.c_int()  # type: ignore[attr-defined]
            pdfium_c.FPDFText_GetFontInfo(text.raw, index, buffer, 256, flags)
            fonts.append(bytes(buffer).split(b"\0")[0].decode())
        assert "Bold" in fonts[0] and "Bold" not in fonts[1], (scores, fonts)


@pytest.mark.parametrize(("level", "paper", "language"), [
    (level, paper, language) for level in (1, 2) for paper in ("letter", "a4")
    for language in ("en", "es")])
def test_a_long_name_keeps_the_sheet_to_one_page(demo: Path, level: int, paper: str,
                                                 language: str) -> None:
    """(Level 1 on Letter took two pages for "María José Fernández-Villanueva", in Spanish
    for "José Ñúñez-García": "Prepared for …" and its date took two lines under the routine
    and level.) The date then joins the routine and level, and the name has a line."""
    for name in ("María José Fernández-Villanueva", "José Ñúñez-García",
                 "Bartholomew Montgomery-Winchester"):
        out = build(demo, "--level", str(level), "--paper", paper, "--language", language,
                    "--patient", name, "--layout", "compact")
        document = pdfium.PdfDocument(out)
        assert len(document) == 1, (name, len(document))
        read = " ".join(document[0].get_textpage().get_text_range().replace(
            "\u00a0", " ").split())
        document.close()
        prepared = "Preparado para" if language == "es" else "Prepared for"
        date = "24 de noviembre de 2026" if language == "es" else "November 24, 2026"
        assert f"{prepared} {name}" in read and date in read, read[:300]

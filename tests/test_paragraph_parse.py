"""A plain text's fragment made without ReportLab's parser is the one the parser makes."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import reportlab
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

import pdfgen
from pdfgen.caches import Caches, using
from pdfgen.layout import paragraph_parse, theme

TEXTS = [
    "Keep your back flat.", "  spaces  around  ", "two\nlines\n  of text", "año · niño — ½",
    "Dr.\u00a0Mike Sebastian", "x", "Stop and call us if you have:", "a " * 200,
    "Tabs\tinside", "quote \" and ' marks", "9:30 am – 5 pm; 555-0100",
]


def fragments(frags: list[Any]) -> list[tuple[type, dict[str, Any]]]:
    return [(type(frag), dict(vars(frag))) for frag in frags]


def by_parser(markup: str, style: ParagraphStyle, bullet: str | None) -> tuple[Any, Any]:
    paragraph = Paragraph(markup, style, bulletText=bullet)
    return paragraph.frags, paragraph.bulletText


def same_as_parser(markup: str, style: ParagraphStyle, bullet: str | None = None) -> None:
    with using(Caches()):
        frags, kept_bullet = paragraph_parse.parsed(markup, style, bullet)
    expected, expected_bullet = by_parser(markup, style, bullet)
    if fragments(frags) != fragments(expected) or kept_bullet != expected_bullet:
        pytest.fail(f"ReportLab {reportlab.Version} parses {markup!r} in style {style.name} "
                    "otherwise than pdfgen.layout.paragraph_parse makes its fragment:\n"
                    f"{fragments(frags)}\n{fragments(expected)}")


def demo_styles() -> list[ParagraphStyle]:
    """Every style of the demo clinic's themes, normal and large print."""
    from pdfgen.content.loading import load_clinic
    from pdfgen.text.fonts import load_fonts

    project = pdfgen.open_clinic().project
    clinic = load_clinic(project)
    fonts = load_fonts(clinic.model.fonts, project.font_dirs, clinic.path)
    return [style for large in (False, True)
            for style in theme.make_theme(clinic.model.brand, fonts, large).styles.values()]


@pytest.mark.parametrize("text", TEXTS)
def test_a_plain_text_has_the_parsers_fragment_in_every_style(text: str) -> None:
    for style in demo_styles():
        same_as_parser(text, style)


def test_a_bullet_and_a_style_that_changes_case_are_kept_as_the_parser_keeps_them() -> None:
    same_as_parser("Breathe out as you lift.", ParagraphStyle("b", bulletText="•"))
    same_as_parser("Breathe out as you lift.", ParagraphStyle("b"), bullet="1.")
    same_as_parser("Breathe out as you lift.", ParagraphStyle("up", textTransform="uppercase"))


def test_markup_and_entities_still_go_through_the_parser() -> None:
    style = ParagraphStyle("p", fontName="Helvetica")
    for markup in ['<font name="Helvetica-Bold">Keep going.</font> Do it.', "Tom &amp; Ann",
                   "a &lt; b", "", "\n  \n"]:
        same_as_parser(markup, style)


def test_two_paragraphs_of_one_style_share_no_list() -> None:
    # (ReportLab appends to a fragment's links and lines as it lays a paragraph out.)
    style = ParagraphStyle("p")
    with using(Caches()):
        (first,), _ = paragraph_parse.parsed("One text.", style, None)
        (second,), _ = paragraph_parse.parsed("Another text.", style, None)
    assert first.link is not second.link and first.us_lines is not second.us_lines


def test_a_handout_is_the_same_with_every_text_through_the_parser(monkeypatch) -> None:
    clinic = pdfgen.open_clinic()
    day = dt.date(2026, 11, 24)
    made = [clinic.handout(level=2, date=day, patient="Ana Ruiz").pdf,
            clinic.handout(level=1, date=day, large_print=True, language="es").pdf]
    monkeypatch.setattr(paragraph_parse, "parsed", paragraph_parse.by_parser)
    monkeypatch.setattr(theme, "parsed", paragraph_parse.by_parser)
    with using(Caches()):
        parsed = [clinic.handout(level=2, date=day, patient="Ana Ruiz").pdf,
                  clinic.handout(level=1, date=day, large_print=True, language="es").pdf]
    assert parsed == made

"""Text: the Jinja2 sandbox, escaping into ReportLab markup, and font fallback runs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.platypus import Paragraph

from pdfgen.fonts import load_fonts
from pdfgen.models import Fonts
from pdfgen.project import bundled_root
from pdfgen.text import TextEngine, TextError, UnknownCharacterError, check_drawable, to_markup


@pytest.fixture(scope="module")
def fonts():
    return load_fonts(Fonts(), [bundled_root() / "fonts"], Path("content/clinic.toml"))


def plain(markup: str, fonts) -> str:
    """What a reader sees: the markup parsed back by ReportLab itself."""
    from reportlab.lib.styles import ParagraphStyle

    para = Paragraph(markup, ParagraphStyle("t", fontName=fonts.body))
    return "".join(frag.text for frag in para.frags)


@pytest.mark.parametrize(
    "text",
    ["0.1 <A", "J&C", 'She said "hi" & left', "a <b>bold</b> try", "&amp; stays literal",
     "<font name='x'>", "]]> <![CDATA[", "50% & 3 > 2"],
)
def test_markup_characters_come_out_literally(text: str, fonts) -> None:
    assert plain(to_markup(text, fonts), fonts) == text


def test_characters_the_body_font_lacks_are_drawn_in_the_fallback(fonts) -> None:
    markup = to_markup("Ελένη and Жанна", fonts)
    assert markup == (
        f'<font name="{fonts.fallback}">Ελένη</font> and <font name="{fonts.fallback}">Жанна</font>'
    )
    assert to_markup("Zoë Łódź-Müller", fonts) == "Zoë Łódź-Müller"  # Atkinson has these


def test_a_character_no_font_has_is_an_error_naming_it(fonts) -> None:
    with pytest.raises(UnknownCharacterError) as info:
        check_drawable("ok \U0001F3CB", fonts)
    assert str(info.value) == (
        "the character '\U0001F3CB' (U+1F3CB WEIGHT LIFTER) is in no bundled font; remove it"
    )
    with pytest.raises(UnknownCharacterError):
        to_markup("\U0001F3CB", fonts)


def test_white_space_collapses_but_no_break_spaces_stay(fonts) -> None:
    assert to_markup("a \n\t b", fonts) == "a b"
    assert to_markup("(813)\u00a0555", fonts) == "(813)\u00a0555"


def test_content_strings_render_variables() -> None:
    engine = TextEngine()
    assert engine.render_string("Call {{ clinic.phone }}", {"clinic": {"phone": "555"}}) == (
        "Call 555"
    )
    assert engine.render_string("no variables {", {}) == "no variables {"


@pytest.mark.parametrize(
    ("source", "reason"),
    [
        ("{{ clinic.fax }}", "unknown template variable 'fax'"),
        ("{{ nothing }}", "unknown template variable 'nothing'"),
        ("{{ oops", "template syntax error on line 1"),
        ("{{ ''.__class__.__mro__ }}", "not allowed in a template"),
        ("{{ clinic.__init__.__globals__ }}", "not allowed in a template"),
        ("{{ range(10**9) | list | length }}", "template error (Range too big"),
        ("{{ 1 / 0 }}", "template error (division by zero)"),
        ("{{ 'a' + 1 }}", "template error (can only concatenate"),
    ],
)
def test_templates_are_sandboxed_and_strict(source: str, reason: str) -> None:
    with pytest.raises(TextError) as info:
        TextEngine().render_string(source, {"clinic": {"phone": "555"}})
    assert str(info.value).startswith(reason)


def test_a_clinic_template_overrides_the_builtin_one(tmp_path: Path) -> None:
    (tmp_path / "footer.j2").write_text(
        "{% block left %}Custom {{ clinic.name }}{% endblock %}"
        "{% block right %}{{ page }}/{{ pages }}{% endblock %}"
    )
    engine = TextEngine(tmp_path)
    context = {"clinic": {"name": "Sol"}, "page": 2, "pages": 3}
    assert engine.render_block("footer.j2", "left", context) == "Custom Sol"
    assert engine.render_block("footer.j2", "right", context) == "2/3"
    assert engine.template_path("footer.j2") == str(tmp_path / "footer.j2")
    # Templates the clinic did not override still come from pdfgen.
    assert engine.render_block("disclaimer.j2", "heading", context) == "Before you start"


def test_a_missing_block_is_an_error_naming_it(tmp_path: Path) -> None:
    (tmp_path / "footer.j2").write_text("{% block left %}x{% endblock %}")
    with pytest.raises(TextError, match="the template has no block 'right'"):
        TextEngine(tmp_path).render_block("footer.j2", "right", {})


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60))
def test_any_drawable_text_survives_markup(fonts, text: str) -> None:
    # Property: for any string, either a character is refused by name, or what ReportLab
    # parses back from our markup is the string itself (white space collapsed).
    try:
        check_drawable(text, fonts)
    except UnknownCharacterError as error:
        assert error.char in text
        return
    # White space collapses to one space, except no-break spaces; the ends are trimmed.
    expected = re.sub(r"[^\S\u00a0]+", " ", text).strip()
    assert plain(to_markup(text, fonts), fonts) == expected

"""Text: the Jinja2 sandbox, escaping into ReportLab markup, and font fallback runs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from limited import render_limited
from reportlab.platypus import Paragraph

from pdfgen.content.clinic_settings import Fonts
from pdfgen.content.project import bundled_root
from pdfgen.text.engine import (
    TextEngine,
    TextError,
    UnknownCharacterError,
    check_drawable,
    to_markup,
)
from pdfgen.text.fonts import load_fonts


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
        ("{{ range(10) | list | length }}", "unknown template variable 'range'"),
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
    with pytest.raises(TextError, match=r"^not in the template \(pdfgen's blocks of "
                                        r"footer.j2: left, right\)$"):
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


@pytest.mark.parametrize("name", ["lipsum", "cycler", "joiner", "namespace", "range", "dict"])
def test_only_the_documented_variables_exist(name: str) -> None:
    # Jinja2's own globals print memory addresses ("<function generate_lorem_ipsum ...>").
    with pytest.raises(TextError) as info:
        TextEngine().render_string(f"{{{{ {name} }}}}", {"clinic": {"phone": "555"}})
    assert str(info.value) == (f"unknown template variable '{name}' "
                               "(misspelt, or not set in clinic.toml)")


@pytest.mark.parametrize("source", [
    "{{ clinic.update({'phone': '000'}) }}",
    "{{ clinic.__setitem__('phone', '000') }}",
    "{{ clinic.setdefault('fax', '000') }}",
    "{{ clinic.pop('phone') }}",
    "{{ clinic.address.append('000') }}",
    "{{ clinic.address.clear() }}",
    "{% set a = clinic.address %}{{ a.pop() }}",
    "{{ dose.update({'reps': 0}) }}",
])
def test_a_template_cannot_change_what_it_is_given(source: str) -> None:
    engine = TextEngine()
    context = {"clinic": {"phone": "555", "address": ["1 Main St"]}, "dose": {"reps": 3}}
    with pytest.raises(TextError):
        engine.render_string(source, context)
    assert context == {"clinic": {"phone": "555", "address": ["1 Main St"]},
                       "dose": {"reps": 3}}
    assert engine.render_string("{{ clinic.phone }} {{ clinic.address }}", context) == (
        "555 1 Main St")


def test_a_template_may_build_its_own_list() -> None:
    # The built-in card.j2 collects the parts of a dose in a list of its own.
    source = ("{% set parts = [] %}{% for w in clinic.address %}"
              "{% set _ = parts.append(w | upper) %}{% endfor %}{{ parts | join(' / ') }}")
    context = {"clinic": {"address": ["a", "b"]}}
    assert TextEngine().render_string(source, context) == "A / B"


TOO_MUCH_TEXT = "too much text: a template may make at most 100,000 characters"
TOO_MUCH_WORK = "too much work: more than 100,000 loop turns or calls"
NUMBER = "number too large: a template may use numbers of up to about 300 digits"
WIDTH = "a width in a template may be at most 1,000"


@pytest.mark.parametrize(("source", "reason"), [
    ("{{ 'x' * 10**9 }}", TOO_MUCH_TEXT),
    ("{{ ['x'] * 10**9 }}", TOO_MUCH_TEXT),
    ("{{ ('x' * 90000) + ('x' * 90000) }}", TOO_MUCH_TEXT),
    ("{% set a = 'x' * 90000 %}{{ a ~ a }}", TOO_MUCH_TEXT),
    ("{% set a %}{{ 'x' * 90000 }}{{ 'x' * 90000 }}{% endset %}", TOO_MUCH_TEXT),
    ("{{ 'x' * 90000 }}{{ 'x' * 90000 }}", TOO_MUCH_TEXT),
    ("{{ ('x' * 1000) | replace('', 'y' * 1000) }}", TOO_MUCH_TEXT),
    ("{{ ('x' * 1000).replace('x', 'y' * 1000) }}", TOO_MUCH_TEXT),
    ("{{ (['x' * 1000] * 99) | join('y' * 1000) }}", TOO_MUCH_TEXT),
    ("{% set p = [] %}{% for c in 'x' * 20000 %}{% set _ = p.append(c * 99) %}"
     "{% endfor %}{{ p }}", TOO_MUCH_TEXT),
    ("{{ 10 ** (10 ** 8) }}", NUMBER),
    ("{{ (2 ** 900) * (2 ** 900) }}", NUMBER),
    ("{% for a in 'x' * 99999 %}{% for b in 'x' * 99999 %}{% endfor %}{% endfor %}",
     TOO_MUCH_WORK),
    ("{% macro f() %}{{ f() }}{{ f() }}{% endmacro %}{{ f() }}", "too much work"),
    ("{% for x in 'ab' recursive %}{{ loop('ab') }}{% endfor %}",
     "template syntax error on line 1 (recursive loops are not allowed)"),
    ("{{ 'x' | center(10**9) }}", "center: a number given to a filter may be at most 1,000"),
    ("{{ 'x'.center(10**9) }}", WIDTH),
    ("{{ '%0999999999d' | format(1) }}", WIDTH),
    ("{{ '%0999999999d' % 1 }}", WIDTH),
    ("{{ '{:>999999999}'.format(1) }}", "not allowed in a template"),
])
def test_what_a_template_can_make_is_bounded(source: str, reason: str) -> None:
    # In a process of its own, under memory and CPU limits: a regression fails, not the machine.
    # The 2-second limit is set aside (a minute, within a process killed after two), so that
    # on a loaded machine the case still fails only for the limit it is about.
    out = render_limited(source, timeout=120, seconds=60, cpu=110)
    assert out.startswith(f"TextError: {reason}"), out
    assert len(out) < 200


def test_a_template_that_takes_too_long_is_stopped() -> None:
    """The time limit behind the others: a loop well within the turns allowed, with a
    thousandth of a second to run in."""
    source = "{% for a in 'x' * 90000 %}{% if a %}{% endif %}{% endfor %}"
    out = render_limited(source, seconds=0.001)
    assert out.startswith("TextError: too much work: rendering took more than 0.001 seconds"), out

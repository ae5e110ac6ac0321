"""Languages: the catalogs against the templates, dates by Babel, emergency numbers."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po
from conftest import pdf_text
from limited import run_limited

from pdfgen.errors import LanguageError, MissingLabel
from pdfgen.languages import country_from_phone, emergency_number
from pdfgen.text.engine import BUILTIN_TEMPLATES, TextEngine, TextError
from pdfgen.text.i18n import LOCALE_DIR, format_date, format_day, language, translations

PO = LOCALE_DIR / "es" / "LC_MESSAGES" / "pdfgen.po"
# Labels that Python code asks for, not a template.
IN_CODE = {"Exercise handout from %(clinic)s", "Your exercise plan"}


def template_msgids() -> set[str]:
    options = {"*.j2": {"extensions": "jinja2.ext.i18n", "trimmed": "true"}}
    found = extract_from_dir(str(BUILTIN_TEMPLATES), method_map=[("*.j2", "jinja2")],
                             options_map=options)
    return {m if isinstance(m, str) else m[0] for _, _, m, _, _ in found}


def catalog_msgids(path: Path = PO) -> set[str]:
    with path.open("rb") as handle:
        catalog = read_po(handle)
    return {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}


def test_the_spanish_catalog_has_every_label_of_the_templates_and_no_other() -> None:
    assert template_msgids() | IN_CODE == catalog_msgids()


def test_the_compiled_catalog_is_the_po_file_compiled() -> None:
    with PO.open("rb") as handle:
        out = io.BytesIO()
        write_mo(out, read_po(handle))
    shipped = read_mo(PO.with_suffix(".mo").open("rb"))
    fresh = read_mo(io.BytesIO(out.getvalue()))
    def entries(catalog):
        return {str(m.id): str(m.string) for m in catalog}

    assert len(entries(shipped)) > 60
    assert entries(shipped) == entries(fresh)


@pytest.mark.parametrize(("tag", "date", "day"), [
    ("en-US", "November 24, 2026", "Tue Nov 24"),
    ("en", "November 24, 2026", "Tue Nov 24"),
    ("en-GB", "24 November 2026", "Tue 24 Nov"),
    ("es", "24 de noviembre de 2026", "mar 24 nov"),
    ("es-ES", "24 de noviembre de 2026", "mar 24 nov"),
])
def test_dates_are_written_in_the_handouts_language(tag: str, date: str, day: str) -> None:
    assert format_date(dt.date(2026, 11, 24), tag) == date
    assert format_day(dt.date(2026, 11, 24), tag) == day


@pytest.mark.parametrize(("tag", "code"), [("es", "es"), ("es-MX", "es"), ("en-US", "en"),
                                           ("EN_gb", "en")])
def test_a_language_tag_gives_the_files_code(tag: str, code: str) -> None:
    assert language(tag).code == code


@pytest.mark.parametrize("tag", ["xx", "zz-ZZ", "español", "", "es/../..", "e"])
def test_an_unknown_language_is_a_user_error(tag: str) -> None:
    with pytest.raises(LanguageError, match=r"unknown language code"):
        language(tag)


def test_a_language_with_no_catalog_names_the_file_to_add(tmp_path: Path) -> None:
    with pytest.raises(LanguageError, match=r"locale/de/LC_MESSAGES/pdfgen.po"):
        translations(language("de"), tmp_path)


def test_a_label_missing_from_the_catalog_is_an_error_not_english(tmp_path: Path) -> None:
    labels = translations(language("es"), tmp_path)
    assert labels.gettext("Keep going") == "Siga adelante"
    with pytest.raises(MissingLabel, match=r"'Keep walking'"):
        labels.gettext("Keep walking")
    engine = TextEngine(None, labels)
    with pytest.raises(TextError, match=r"no translation of the label 'Keep walking'"):
        engine.render_string("{% trans %}Keep walking{% endtrans %}", {})


def test_a_fuzzy_entry_counts_as_missing(tmp_path: Path) -> None:
    folder = tmp_path / "locale" / "es" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "pdfgen.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '#, fuzzy\nmsgid "Keep walking"\nmsgstr "Siga caminando"\n', encoding="utf-8")
    with pytest.raises(MissingLabel, match=r"locale/es/LC_MESSAGES/pdfgen.po"):
        translations(language("es"), tmp_path).gettext("Keep walking")


def test_plurals_follow_the_catalog() -> None:
    engine = TextEngine(None, translations(language("es"), None))
    none = dict.fromkeys(("sets", "reps", "hold_seconds", "times", "per", "side"))
    dose = {**none, "sets": 1, "reps": 8, "times": 3, "per": "week", "side": "each"}
    assert engine.render_block("card.j2", "dose", {"dose": dose}) == (
        "1\u00a0serie\u00a0de\u00a08 en\u00a0cada\u00a0lado"
        " · 3\u00a0días\u00a0por\u00a0semana")
    dose = {**none, "reps": 1, "hold_seconds": 1, "times": 2, "per": "day"}
    assert engine.render_block("card.j2", "dose", {"dose": dose}).replace("\u00a0", " ") == (
        "hágalo una vez · aguante 1 segundo · dos veces al día")


@pytest.mark.parametrize(("country", "number"), [("US", "911"), ("CA", "911"), ("ES", "112"),
                                                 ("de", "112"), ("GB", "999"), ("AU", "000"),
                                                 ("XX", None), (None, None)])
def test_emergency_numbers_by_country(country: str | None, number: str | None) -> None:
    assert emergency_number(country) == number


@pytest.mark.parametrize(("phone", "country"), [
    ("+34 912 345 678", "ES"), ("0034 912 345 678", "ES"), ("+44 20 7946 0018", "GB"),
    ("+61 2 9999 0000", "AU"), ("+351 21 000 0000", "PT"), ("+1 813 555 0142", None),
    ("(813) 555-0142", None),
])
def test_the_country_of_an_international_number(phone: str, country: str | None) -> None:
    assert country_from_phone(phone) == country


def test_a_clinics_catalog_entry_with_template_syntax_prints_literally(demo: Path) -> None:
    """A translation is words, never a template: braces and percent signs in a clinic's own
    catalog print as they are, and nothing in them is looked up or run."""
    folder = demo / "locale" / "es" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    said = "Siga {{ clinic.phone }} {% if true %}sí{% endif %} 100%"
    (folder / "pdfgen.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        f'msgid "Keep going"\nmsgstr "{said}"\n', encoding="utf-8")
    out = demo / "out" / "es.pdf"
    out.parent.mkdir(exist_ok=True)
    result = run_limited("handout", "--level", "2", "--language", "es", "--output", str(out),
                         cwd=demo, timeout=120)
    assert result.returncode == 0, result.stderr
    text = pdf_text(out)
    assert said in text
    assert "(813) 555-0142 sí" not in text


@pytest.mark.parametrize(("code", "tag", "name"), [
    ("es", "en-US", "Spanish (Español)"), ("en", "es", "inglés (English)"),
    ("es", "es-MX", "Español"), ("fr", "en-GB", "French (Français)")])
def test_a_language_is_named_for_the_handouts_reader_and_its_own(code: str, tag: str,
                                                                  name: str) -> None:
    from pdfgen.text.i18n import language_name

    assert language_name(code, tag) == name

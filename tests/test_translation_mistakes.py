"""A missing or ill-shaped translation, or a language pdfgen cannot write, is one line."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import files_in, run
from translation_helpers import CATALOG


def fails(demo: Path, *args: str) -> str:
    """Run a Spanish build expected to fail: exit 2, one line, no traceback, no file."""
    result = run("handout", "--level", "2", "--language", "es", *args, cwd=demo)
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.stdout == "" and result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr
    assert not (demo / "out").exists() or files_in(demo / "out") == []
    return result.stderr


def test_a_missing_translation_is_an_error_naming_the_file(demo: Path) -> None:
    (demo / "content" / "exercises" / "lunge.es.yaml").unlink()
    assert fails(demo) == (
        "error: content/exercises/lunge.es.yaml: missing: the Spanish translation of "
        "lunge.yaml (a handout never mixes two languages); start one with: pdfgen new "
        "exercise lunge --translate es\n")


def test_a_missing_routine_translation_is_an_error_naming_the_file(demo: Path) -> None:
    (demo / "content" / "routines" / "back-pain" / "level-2.es.yaml").unlink()
    assert fails(demo) == (
        "error: content/routines/back-pain/level-2.es.yaml: missing: the Spanish translation "
        "of level-2.yaml (a handout never mixes two languages); start one with: pdfgen new "
        "routine back-pain --level 2 --translate es\n")


def test_a_missing_catalog_entry_is_an_error_naming_the_label(demo: Path) -> None:
    # A template override with a label that pdfgen's catalog does not have.
    (demo / "templates").mkdir()
    (demo / "templates" / "closing.j2").write_text(
        "{% block conclusion_heading %}{% trans %}Keep it up{% endtrans %}{% endblock %}\n"
        "{% block notes %}{% trans %}Notes{% endtrans %}{% endblock %}\n")
    assert fails(demo) == (
        "error: templates/closing.j2:1: block conclusion_heading: no translation of the label "
        "'Keep it up' in " + str(CATALOG.with_suffix(".mo")) + " (add it to the catalog)\n")


@pytest.mark.parametrize(("edit", "message"), [
    (lambda t: t.replace("  - Apriete los glúteos al subir.\n", ""),
     "content/exercises/lunge.es.yaml:10: steps: expected 5 items, as in the English, got 4"),
    (lambda t: t.replace("harder: Lleve una pesa ligera en cada mano.\n", ""),
     "content/exercises/lunge.es.yaml: harder: missing: the English has it; translate it "
     "(never leave English in a translation)"),
    (lambda t: t + "dose: {sets: 3}\n",
     "content/exercises/lunge.es.yaml:25: dose: not a text field of the English file (a "
     "translation holds only the English's text fields)"),
    # (Misspelt, it was two mistakes: that, and "tips: missing".)
    (lambda t: t.replace("tips:\n", "tipps:\n"),
     "content/exercises/lunge.es.yaml:16: tipps: not a text field of the English file (did "
     "you mean 'tips'?)"),
    (lambda t: t.replace("name: Zancada", "name: [Zancada]"),
     "content/exercises/lunge.es.yaml:4: name: expected text, as in the English"),
    # A picture's words of its own for a screen reader, misspelt or left empty.
    (lambda t: t.replace('"Inicio: de pie, con la espalda recta."\n',
                         '"Inicio: de pie, con la espalda recta."\n    altt: "De pie."\n'),
     "content/exercises/lunge.es.yaml:24: pictures[1].altt: not a field of the English here "
     "(did you mean 'alt'?)"),
    (lambda t: t.replace('"Inicio: de pie, con la espalda recta."\n',
                         '"Inicio: de pie, con la espalda recta."\n    alt: ""\n'),
     "content/exercises/lunge.es.yaml:24: pictures[1].alt: empty: write what a screen reader "
     "says for the picture, or leave out alt"),
    (lambda t: t.replace('  - caption: "Inicio: de pie, con la espalda recta."\n',
                         '  - capion: "Inicio: de pie, con la espalda recta."\n'),
     "content/exercises/lunge.es.yaml:23: pictures[1].capion: not a field of the English "
     "here (did you mean 'caption'?)"),
    (lambda t: t.replace("lunge.yaml@a949a6c82c3e", "squat.yaml@a949a6c82c3e"),
     "content/exercises/lunge.es.yaml:3: translates: expected 'lunge.yaml@' and the 12 hex "
     "digits of its words' fingerprint (now lunge.yaml@a949a6c82c3e), got "
     "'squat.yaml@a949a6c82c3e'"),
])
def test_a_translation_of_another_shape_is_one_line(demo: Path, edit, message: str) -> None:
    path = demo / "content" / "exercises" / "lunge.es.yaml"
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    assert fails(demo) == f"error: {message}\n"


def test_a_misspelt_field_of_a_translation_is_one_mistake_in_check(demo: Path) -> None:
    path = demo / "content" / "exercises" / "lunge.es.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("tips:\n", "tipps:\n"),
                    encoding="utf-8")
    result = run("check", cwd=demo)
    assert result.exit_code == 2, result.output
    assert [line for line in result.stdout.splitlines() if line.startswith("error")] == [
        "error: content/exercises/lunge.es.yaml:16: tipps: not a text field of the English "
        "file (did you mean 'tips'?)"]


def test_a_translation_of_no_exercise_is_one_line(demo: Path) -> None:
    (demo / "content" / "exercises" / "deadlift.es.yaml").write_text("name: Peso muerto\n")
    assert fails(demo) == ("error: content/exercises/deadlift.es.yaml: translates an exercise "
                           "that does not exist (no deadlift.yaml beside it)\n")


@pytest.mark.parametrize(("language", "message"), [
    ("xx", "error: --language xx: unknown language code (expected a language tag like es, "
           "es-MX or en-US)\n"),
    # A language's name, in English or in itself, is told with its code.
    ("spanish", "error: --language spanish: unknown language code (expected a language tag "
                "like es, es-MX or en-US: for Spanish, es)\n"),
    ("Español", "error: --language Español: unknown language code (expected a language tag "
                "like es, es-MX or en-US: for Spanish, es)\n"),
    ("fr", "error: --language fr: pdfgen has no catalog for French (expected "
           "locale/fr/LC_MESSAGES/pdfgen.po in the clinic folder; see README, Languages)\n"),
])
def test_a_language_pdfgen_cannot_write_is_one_line(demo: Path, language: str,
                                                    message: str) -> None:
    result = run("handout", "--level", "2", "--language", language, cwd=demo)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", message)
    assert not (demo / "out").exists()


@pytest.mark.parametrize(("tag", "message"), [
    ("xx", "error: content/clinic.toml: language: xx: unknown language code (expected a "
           "language tag like es, es-MX or en-US)\n"),
    ("de-DE", "error: content/clinic.toml: language: de-DE: pdfgen has no catalog for German "
              "(expected locale/de/LC_MESSAGES/pdfgen.po in the clinic folder; see README, "
              "Languages)\n"),
])
def test_clinic_toml_in_a_language_pdfgen_cannot_write_is_one_line(demo: Path, tag: str,
                                                                   message: str) -> None:
    clinic = demo / "content" / "clinic.toml"
    clinic.write_text(clinic.read_text().replace('language = "en-US"', f'language = "{tag}"'))
    result = run("handout", "--level", "2", cwd=demo)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", message)
    assert not (demo / "out").exists()


def test_a_translation_into_a_language_without_labels_is_told_at_the_translation(
        demo: Path) -> None:
    """(In an English clinic, squat.fr.yaml was blamed on clinic.toml's language.)"""
    made = run("new", "exercise", "squat", "--translate", "fr", cwd=demo)
    assert made.exit_code == 0, made.output
    checked = run("check", cwd=demo)
    assert checked.exit_code == 2
    assert ("error: content/exercises/squat.fr.yaml: fr: pdfgen has no catalog for French "
            "(expected locale/fr/LC_MESSAGES/pdfgen.po in the clinic folder; see README, "
            "Languages); no handout in it can be made until then") in checked.stdout.splitlines()
    assert "content/clinic.toml: language" not in checked.stdout


def test_a_translation_that_is_a_folder_is_named_a_folder(demo: Path) -> None:
    """Once called missing by the handout, and passed over by check ("All good")."""
    translation = demo / "content/exercises/squat.es.yaml"
    translation.unlink()
    translation.mkdir()
    message = "error: content/exercises/squat.es.yaml: is a folder, expected a file\n"
    result = run("handout", "--level", "2", "--language", "es", cwd=demo)
    assert (result.exit_code, result.stderr) == (2, message)
    checked = run("check", cwd=demo)
    assert checked.exit_code == 2, checked.output
    assert message.rstrip() in checked.stdout.splitlines()


def test_a_figure_mistake_is_told_against_the_english_file(demo: Path) -> None:
    """A figure is written in the English file only (its translation holds the caption): a
    Spanish handout blamed the caption's line of squat.es.yaml for a knee bent backwards."""
    squat = demo / "content" / "exercises" / "squat.yaml"
    lines = squat.read_text(encoding="utf-8").splitlines(keepends=True)
    (number,) = [n for n, line in enumerate(lines, 1) if "knee: 95" in line]
    squat.write_text("".join(lines).replace("knee: 95", "knee: -60"), encoding="utf-8")
    assert fails(demo) == (
        f"error: content/exercises/squat.yaml:{number}: pictures[2].figure.joints.knee: -60 "
        "bends the knee backwards: a knee bends from 0 (straight) to 160\n")

"""`pdfgen check` on translations: out of date, missing, of another shape, hard to read."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import run

from pdfgen.text.readability import inflesz, inflesz_band, spanish_syllables


def check(demo: Path, *args: str) -> tuple[int, list[str]]:
    result = run("check", *args, cwd=demo)
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout.splitlines()


def test_the_demo_is_translated_and_reads_easily_in_spanish(demo: Path) -> None:
    code, lines = check(demo, "--strict")
    assert code == 0, lines
    for level in (1, 2):
        line = next(line for line in lines if f"level-{level}.es.yaml" in line)
        score = int(re.search(r"reading ease (\d+)", line).group(1))
        assert score >= 65 and line.endswith(
            "bastante fácil (Szigriszt-Pazos, INFLESZ scale; aim for 65 or more)"), line


def test_an_english_file_changed_after_its_translation_is_a_warning(demo: Path) -> None:
    squat = demo / "content" / "exercises" / "squat.yaml"
    squat.write_text(squat.read_text().replace("Stand up straight.", "Stand tall."))
    code, lines = check(demo, "--strict")
    assert code == 1
    warnings = [line for line in lines if line.startswith("warning:")]
    assert len(warnings) == 1
    assert re.fullmatch(
        r"warning: content/exercises/squat\.es\.yaml:3: translates: squat\.yaml changed after "
        r"this translation \(it translates @[0-9a-f]{12}, the English is now @([0-9a-f]{12})\): "
        r"bring the translation up to date, then write translates: squat\.yaml@\1",
        warnings[0]), warnings[0]


@pytest.mark.parametrize(("old", "new", "what"), [
    # (Copied over and never translated, it printed on page 3 under "Cómo se hace".)
    ("  - Apriete los glúteos al subir.\n", "  - Squeeze your glutes as you rise.\n",
     "steps[5]: 'Squeeze your glutes as you rise.' is the English file's text"),
    ("harder: Lleve una pesa ligera en cada mano.\n",
     "harder: Hold a light dumbbell in each hand.\n",
     "harder: 'Hold a light dumbbell in each hand.' is in English")])
def test_english_left_in_a_translation_is_a_warning(demo: Path, old: str, new: str,
                                                    what: str) -> None:
    lunge = demo / "content/exercises/lunge.es.yaml"
    text = lunge.read_text(encoding="utf-8")
    assert old in text
    lunge.write_text(text.replace(old, new, 1), encoding="utf-8")
    line = text[:text.index(old)].count("\n") + 1
    code, lines = check(demo, "--strict")
    assert code == 1
    assert [line for line in lines if line.startswith("warning:")] == [
        f"warning: content/exercises/lunge.es.yaml:{line}: {what}: translate it into Spanish (a "
        "handout never mixes two languages)"]


STALE = ("note: content/exercises/squat.es.yaml: written before the English last changed: "
         "this handout prints its older words; bring it up to date (pdfgen check)")


def test_a_handout_that_prints_an_out_of_date_translation_says_so(demo: Path) -> None:
    """Not only `pdfgen check`: the handout made with it names the translation, in one line
    (a new clinic changed a squat tip and its Spanish patients got the old one unsaid)."""
    squat = demo / "content" / "exercises" / "squat.yaml"
    squat.write_text(squat.read_text().replace("Stand up straight.", "Stand tall."))
    made = run("handout", "--level", "2", "--language", "es", cwd=demo)
    assert made.exit_code == 0, made.output
    assert made.stderr.splitlines() == [STALE]
    for other in (("--level", "2"), ("--level", "1", "--language", "es")):
        made = run("handout", *other, cwd=demo)  # the English; a handout without a squat
        assert made.exit_code == 0 and made.stderr == "", (other, made.output)
    # Brought up to date, as check says: the note goes.
    code, lines = check(demo)
    assert code == 0, lines  # a warning: check still ends well without --strict
    sha = re.search(r"write translates: squat\.yaml@([0-9a-f]{12})", "\n".join(lines))
    assert sha is not None, lines
    spanish = demo / "content" / "exercises" / "squat.es.yaml"
    spanish.write_text(re.sub(r"translates: squat\.yaml@[0-9a-f]{12}",
                              f"translates: squat.yaml@{sha.group(1)}", spanish.read_text()))
    made = run("handout", "--level", "2", "--language", "es", cwd=demo)
    assert made.exit_code == 0 and made.stderr == "", made.output


def test_a_batch_that_prints_an_out_of_date_translation_says_so_once(demo: Path) -> None:
    """As pdfgen handout does, once for the batch (its Spanish rows once printed the old
    squat tip without a word)."""
    from batch_helpers import patients_csv

    squat = demo / "content" / "exercises" / "squat.yaml"
    squat.write_text(squat.read_text().replace("Stand up straight.", "Stand tall."))
    patients = patients_csv(demo / "p.csv", [
        {"name": "Ana Ruiz", "level": "2", "language": "es"},
        {"name": "Luis Gil", "level": "2", "language": "es"},
        {"name": "Ann Lee", "level": "2"}])
    made = run("batch", str(patients), "--jobs", "2", cwd=demo)
    assert made.exit_code == 0, made.output
    assert made.stderr.splitlines() == [STALE.replace(
        "this handout prints", "the handouts in its language print")], made.stderr


def test_a_change_to_no_word_of_the_english_leaves_its_translation_up_to_date(demo: Path
                                                                             ) -> None:
    """A translation records its English's words: a new colour, dose or picture file is no
    change to translate."""
    clinic = demo / "content" / "clinic.toml"
    clinic.write_text(clinic.read_text().replace('"#0F5257"', '"#1F3A60"'))
    squat = demo / "content" / "exercises" / "squat.yaml"
    squat.write_text(squat.read_text().replace("  reps: 10", "  reps: 12"))
    code, lines = check(demo, "--strict")
    assert code == 0, lines
    assert [line for line in lines if line.startswith("warning:")] == []


def test_what_is_missing_is_listed_per_language(demo: Path) -> None:
    (demo / "content" / "exercises" / "lunge.es.yaml").unlink()
    code, lines = check(demo, "--strict")
    assert code == 0  # English handouts are fine; a Spanish one of Level 2 would fail
    assert ("info: content/exercises/lunge.es.yaml: missing: the Spanish translation of "
            "lunge.yaml; a handout in Spanish that needs it cannot be made (start one with: "
            "pdfgen new exercise lunge --translate es)") in lines
    # Level 2's Spanish not measured, and said so (its line went without a word).
    assert [line for line in lines if "level-2.es.yaml: reading ease" in line] == [
        "info: content/routines/back-pain/level-2.es.yaml: reading ease not measured yet: see "
        "lunge.es.yaml above"]
    listed = run("list", cwd=demo).stdout.splitlines()
    assert listed.count("      languages: en, es") == 1  # Level 1 still has all of it
    assert listed.count("      languages: en") == 1


def test_a_gap_in_the_clinics_own_language_is_an_error(demo: Path) -> None:
    clinic = demo / "content" / "clinic.toml"
    clinic.write_text(clinic.read_text().replace('language = "en-US"', 'language = "es"'))
    (demo / "content" / "routines" / "back-pain" / "level-1.es.yaml").unlink()
    code, lines = check(demo)
    assert code == 2
    assert ("error: content/routines/back-pain/level-1.es.yaml: missing: the Spanish "
            "translation of level-1.yaml; clinic.toml's language is es: its handouts cannot "
            "be made (start one with: pdfgen new routine back-pain --level 1 --translate "
            "es)") in lines


def test_a_translation_of_another_shape_is_an_error(demo: Path) -> None:
    path = demo / "content" / "exercises" / "glute-bridge.es.yaml"
    path.write_text(path.read_text().replace("tips:\n", "consejos:\n"))
    code, lines = check(demo)
    assert code == 2
    assert any(line.startswith("error: content/exercises/glute-bridge.es.yaml:") and
               ": consejos: not a text field of the English file" in line for line in lines)


def test_hard_spanish_is_a_warning(demo: Path) -> None:
    path = demo / "content" / "routines" / "back-pain" / "level-2.es.yaml"
    hard = ("La rehabilitación musculoesquelética multidisciplinaria, fundamentada en "
            "evidencia epidemiológica, proporciona intervenciones terapéuticas "
            "individualizadas, considerablemente beneficiosas, especialmente "
            "recomendables, para pacientes caracterizados por lumbalgias inespecíficas "
            "crónicas, independientemente de características sociodemográficas")
    text = path.read_text(encoding="utf-8")
    intro = re.search(r"intro:\n(  - .*\n)+", text).group(0)
    # Enough of it to outweigh the easy cards: the measure is of the whole handout.
    path.write_text(text.replace(intro, f"intro:\n  - {'. '.join([hard] * 40)}.\n  - Sí.\n"),
                    encoding="utf-8")
    code, lines = check(demo, "--strict")
    assert code == 1
    assert any(re.fullmatch(r"warning: content/routines/back-pain/level-2\.es\.yaml: reading "
                            r"ease -?\d+ is (algo|muy) difícil: use shorter sentences and "
                            r"everyday words", line) for line in lines), lines


@pytest.mark.parametrize(("word", "syllables"), [
    ("músculos", 3), ("desequilibrio", 5), ("que", 1), ("guerra", 2), ("pingüino", 3),
    ("hoy", 1), ("leer", 2), ("día", 2), ("cuidado", 3), ("aéreo", 4), ("ejercicio", 4)])
def test_spanish_syllables(word: str, syllables: int) -> None:
    assert spanish_syllables(word) == syllables


def test_the_inflesz_bands() -> None:
    assert [inflesz_band(s) for s in (90, 70, 60, 50, 30)] == [
        "muy fácil", "bastante fácil", "normal", "algo difícil", "muy difícil"]
    assert inflesz("Me duele. Voy a la sala.") > 80


def test_a_clinic_toml_that_cannot_be_read_says_what_is_not_checked_yet(demo: Path) -> None:
    # (The count of files checked fell from 47 to 24, and the reading grades went, unsaid.)
    clinic = demo / "content" / "clinic.toml"
    clinic.write_text(re.sub(r'(?m)^name = .*$', "name = ", clinic.read_text()))
    code, lines = check(demo)
    assert code == 2
    assert ("info: content/clinic.toml: the templates, reading grades and translations are "
            "not checked yet: fix the errors above in clinic.toml, then check again") in lines
    assert not any("reading" in line for line in lines if "level-" in line)

"""`pdfgen new`: files with every field and a hint, that pass `pdfgen check` once filled in."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import files_in, pdf_text, run


def fill(path: Path, values: list[str]) -> None:
    """Fill the "" placeholders in order, as an admin would."""
    text = path.read_text(encoding="utf-8")
    for value in values:
        text = text.replace('""', value, 1)
    assert '""' not in text
    path.write_text(text, encoding="utf-8")


def test_a_new_exercise_fails_check_until_filled_then_prints(demo: Path) -> None:
    result = run("new", "exercise", "wall-sit", cwd=demo)
    assert result.exception is None, result.output
    path = demo / "content/exercises/wall-sit.yaml"
    assert result.stdout.startswith("content/exercises/wall-sit.yaml  (fill in")
    text = path.read_text()
    assert text.startswith("# yaml-language-server: $schema=../../schemas/exercise.schema.json")
    for field in ("name", "summary", "why", "steps", "tips", "easier", "harder", "dose", "video"):
        assert re.search(rf"^#? ?{field}:", text, flags=re.M), field
    assert (demo / "schemas/exercise.schema.json").is_file()  # what the first line points to

    blank = run("check", cwd=demo)
    assert blank.exit_code == 2
    assert "error: content/exercises/wall-sit.yaml:6: name: expected text, got an empty value" in (
        blank.stdout)
    # An optional field, or an item of a list, may simply go (a new clinic did not know).
    assert ("error: content/exercises/wall-sit.yaml:31: easier: expected text, got an empty "
            "value: write it, or take the line out") in blank.stdout
    assert "name: expected text, got an empty value: write it" not in blank.stdout

    fill(path, ["Wall Sit", "It makes your thighs strong.", "Strong thighs help your back.",
                "Lean your back on a wall.", "Slide down a little and hold.",
                "Keep your back flat on the wall.", "Do not slide down as far.",
                "Hold for longer."])
    routine = demo / "content/routines/back-pain/level-2.yaml"
    routine.write_text(routine.read_text().replace("  - kettlebell-swing\n",
                                                   "  - kettlebell-swing\n  - wall-sit\n"))
    assert run("check", cwd=demo).exit_code == 0
    assert run("handout", "--level", "2", cwd=demo).exit_code == 0
    assert "4 Wall Sit" in pdf_text(demo / "out/back-pain-level-2.pdf")


def test_a_new_routine_passes_check_once_filled(demo: Path) -> None:
    result = run("new", "routine", "neck-pain", "--level", "1", cwd=demo)
    assert result.exception is None, result.output
    path = demo / "content/routines/neck-pain/level-1.yaml"
    assert path.read_text().startswith(
        "# yaml-language-server: $schema=../../../schemas/routine.schema.json")
    fill(path, ["Neck Care", "Do these slowly.", "squat", "Call us with questions."])
    assert run("check", cwd=demo).exit_code == 0
    result = run("handout", "--routine", "neck-pain", "--level", "1", cwd=demo)
    assert result.exception is None, result.output


def test_a_new_routine_s_pain_rule_prints_once_its_lines_are_uncommented(demo: Path) -> None:
    """The file offers the pain rule and scale (a new clinic's routine had no pain box
    unless the demo's lines were found and copied)."""
    result = run("new", "routine", "neck-pain", "--level", "1", cwd=demo)
    assert result.exit_code == 0, result.output
    path = demo / "content/routines/neck-pain/level-1.yaml"
    fill(path, ["Neck Care", "Do these slowly.", "squat", "Call us with questions."])
    text = path.read_text(encoding="utf-8")
    assert "# pain_scale:" in text and "# pain_rule_short:" in text
    path.write_text(re.sub(r"^# (pain_|  - \{from)", r"\1", text, flags=re.M),
                    encoding="utf-8")
    checked = run("check", cwd=demo)
    assert checked.exit_code == 0, checked.stdout
    for layout in ("detailed", "compact"):
        out = demo / f"neck-{layout}.pdf"
        result = run("handout", "--routine", "neck-pain", "--level", "1", "--layout", layout,
                     "-o", str(out), cwd=demo)
        assert result.exit_code == 0, result.output
        words = " ".join(pdf_text(out).split())
        assert "6–10 Too much" in words, words
        assert ("Pain from exercise should settle by the next morning" if layout == "detailed"
                else "Still sore the next morning? Call us.") in words


@pytest.mark.parametrize(("country", "number", "place"), [
    ("GB", "999", "A&E"), ("US", "911", "the nearest emergency room")])
def test_a_new_routine_names_the_clinic_s_own_emergency_number(
        demo: Path, country: str, number: str, place: str) -> None:
    """The hint on stop_if_emergency quotes the box as the clinic's handouts print it (a
    clinic in the UK read "Call 911 now")."""
    clinic = demo / "content/clinic.toml"
    clinic.write_text(clinic.read_text().replace('country = "US"', f'country = "{country}"'))
    result = run("new", "routine", "neck-pain", "--level", "1", cwd=demo)
    assert result.exit_code == 0, result.output
    path = demo / "content/routines/neck-pain/level-1.yaml"
    text = path.read_text(encoding="utf-8")
    assert (f'# "Call {number} now if you have:" and, under the signs,\n'
            f'# "Or go to {place}. Then let us know."\n') in text
    fill(path, ["Neck Care", "Do these slowly.", "squat", "Call us with questions."])
    path.write_text(re.sub(r"^# (stop_if:|stop_if_emergency:|  - Pain)", r"\1",
                           path.read_text(encoding="utf-8"), flags=re.M), encoding="utf-8")
    made = run("handout", "--routine", "neck-pain", "--level", "1", "-o", "neck.pdf", cwd=demo)
    assert made.exit_code == 0, made.output
    words = " ".join(pdf_text(demo / "neck.pdf").split())
    assert f"Call {number} now if you have:" in words
    assert f"Or go to {place}. Then let us know." in words


def test_a_new_routine_is_started_when_clinic_toml_cannot_be_read(demo: Path) -> None:
    clinic = demo / "content/clinic.toml"
    clinic.write_text(clinic.read_text().replace("name = ", "nmae = ", 1))
    result = run("new", "routine", "neck-pain", "--level", "1", cwd=demo)
    assert result.exit_code == 0, result.output
    text = (demo / "content/routines/neck-pain/level-1.yaml").read_text(encoding="utf-8")
    assert "\"Call (the clinic's emergency number) now if you have:\"" in text


def test_new_never_overwrites(demo: Path) -> None:
    before = (demo / "content/exercises/squat.yaml").read_text()
    result = run("new", "exercise", "squat", cwd=demo)
    assert (result.exit_code, result.stderr) == (
        2, "error: content/exercises/squat.yaml already exists; pdfgen never overwrites a file\n")
    assert (demo / "content/exercises/squat.yaml").read_text() == before
    result = run("new", "routine", "back-pain", "--level", "2", cwd=demo)
    assert result.exit_code == 2
    assert "already exists" in result.stderr


def test_names_must_be_slugs(demo: Path) -> None:
    result = run("new", "exercise", "Wall Sit", cwd=demo)
    assert (result.exit_code, result.stderr) == (
        2, "error: exercise SLUG 'Wall Sit': use lower-case letters, digits and dashes, like "
           "wall-sit\n")
    result = run("new", "routine", "neck", "--level", "0", cwd=demo)
    assert result.exit_code == 2
    assert files_in(demo / "content/routines") == [
        "back-pain/level-1.es.yaml", "back-pain/level-1.yaml", "back-pain/level-2.es.yaml",
        "back-pain/level-2.yaml"]


@pytest.mark.parametrize("args", [("new", "exercise", "wall-sit"),
                                  ("templates", "--copy", "footer.j2")])
def test_new_refuses_to_write_into_the_bundled_demo(tmp_path: Path,
                                                   args: tuple[str, ...]) -> None:
    # The one line only: "the demo clinic is used" before it read as a contradiction.
    result = run(*args, cwd=tmp_path)
    assert result.exit_code == 2
    assert result.stderr == ("error: no clinic folder here: run pdfgen inside your clinic "
                             "folder, or name it with --project\n")
    assert files_in(tmp_path) == []


def test_a_name_too_long_for_a_file_is_one_line(demo: Path) -> None:
    before = files_in(demo)
    result = run("new", "exercise", "a" * 300, cwd=demo)
    assert (result.exit_code, result.stderr) == (
        2, f"error: exercise SLUG '{'a' * 40}…': 300 characters; a name may have at most 80\n")
    assert isinstance(result.exception, SystemExit)
    assert files_in(demo) == before

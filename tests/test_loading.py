"""Bad input in a clinic folder: one line naming file and field, exit code 2, nothing written."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import files_in, run
from loading_helpers import CLINIC, SQUAT, bad_input, edit

LEVEL_2 = "content/routines/back-pain/level-2.yaml"


def remove(relative: str) -> Callable[[Path], None]:
    return lambda root: (root / relative).unlink()


def a_plan(text: str) -> tuple[Callable[[Path], object], list[str]]:
    """A case's change and options: content/plans/p.yaml written with `text`, and --plan."""
    return (lambda root: (root / "content/plans/p.yaml").write_text(text, encoding="utf-8"),
            ["--plan", "content/plans/p.yaml"])

CASES = {
    "missing clinic.toml": (
        remove(CLINIC), [],
        None,  # not a clinic folder any more: the demo is used instead (see below)
    ),
    "clinic.toml that is a folder (the demo's handout was made instead)": (
        lambda root: ((root / CLINIC).unlink(), (root / CLINIC).mkdir()), [],
        "error: content/clinic.toml: is a folder, expected a file",
    ),
    "malformed TOML": (
        edit(CLINIC, r'^name = "(.*)"$', r'name = "\1'), [],
        r"error: content/clinic.toml:\d+: not valid TOML \(.+\)",
    ),
    "missing required field": (
        edit(CLINIC, r"^phone = .*$", ""), [],
        "error: content/clinic.toml: phone: required field is missing",
    ),
    # (A field no file may leave out: "or take the line out" was wrong advice for it.)
    "required field left empty": (
        edit(SQUAT, r"^name: .*$", "name:"), [],
        "error: content/exercises/squat.yaml:3: name: nothing is written after it: write its "
        "value",
    ),
    # (as `patient:` with nothing after it was told already)
    "a plan's patient in empty quotes": (
        *a_plan('patient: ""\nroutine: back-pain\nlevel: 2\n'),
        "error: content/plans/p.yaml:1: patient: expected text, got an empty value; write the "
        "patient's name, or leave out the patient line",
    ),
    "wrong type in clinic.toml": (
        edit(CLINIC, r"^phone = .*$", "phone = 8135550142"), [],
        r"error: content/clinic.toml:\d+: phone: expected text, got the number 8135550142: put "
        r"it in double quotes, \"8135550142\"",
    ),
    "bad colour": (
        edit(CLINIC, r"^primary = .*$", 'primary = "teal"'), [],
        r"error: content/clinic.toml:\d+: brand.primary: expected a colour like '#1D5C4D', "
        r"got 'teal'",
    ),
    "bad email address": (
        edit(CLINIC, r"^contact_email = .*$", 'contact_email = "front desk"'), [],
        r"error: content/clinic.toml:\d+: contact_email: expected an e-mail address like "
        r"'name@example.com', got 'front desk'",
    ),
    "bad paper": (
        edit(CLINIC, r"^paper = .*$", 'paper = "legal"'), [],
        r"error: content/clinic.toml:\d+: paper: expected 'letter' or 'a4', got 'legal'",
    ),
    "missing logo": (
        edit(CLINIC, r"^logo = .*$", 'logo = "images/gone.svg"'), [],
        r"error: content/clinic.toml:\d+: logo: file not found: content/images/gone.svg "
        r"\(images/ holds logo.svg\)",
    ),
    "corrupt logo": (
        lambda root: (root / "content/images/logo.svg").write_text("<svg><nope"), [],
        # (With its line, as a logo not found has: it had none.)
        r"error: content/clinic.toml:\d+: logo: cannot read the SVG file "
        r"content/images/logo.svg",
    ),
    "missing font file": (
        lambda root: (root / CLINIC).write_text(
            (root / CLINIC).read_text() + '\n[fonts]\nregular = "Missing-Regular.ttf"\n'), [],
        r"error: content/clinic.toml:\d+: fonts.regular: font file 'Missing-Regular.ttf' "
        r"not found in fonts/",
    ),
    "unknown field": (
        edit(SQUAT, r"^name: Squat$", "nmae: Squat"), [],
        "error: content/exercises/squat.yaml:3: nmae: unknown field (did you mean 'name'?)",
    ),
    "text in TOML without its quotes": (
        edit(CLINIC, r"^phone = .*$", "phone = +1 503 555 0199"), [],
        r"error: content/clinic.toml:\d+: not valid TOML \(.+\); text must be in double "
        r'quotes: phone = "\+1 503 555 0199"',
    ),
    "text in TOML in a word processor's curly quotes": (
        # (The hint said to put it in double quotes, and the name then printed in “ ”.)
        edit(CLINIC, r"^name = .*$", "name = “Riverside Physical Therapy”"), [],
        r"error: content/clinic.toml:\d+: not valid TOML \(Invalid value\); the quotes “ ” are a "
        r"word processor's curly ones: type straight quotes \" instead: name = \"Riverside "
        r"Physical Therapy\"",
    ),
    "a caption in a word processor's curly quotes, with ': ' in it": (
        edit(SQUAT, r'^    caption: "Start: stand tall, feet about hip-width apart\."$',
             "    caption: “Start: stand tall.”"), [],
        r"error: content/exercises/squat.yaml:39: not valid YAML \(.+\); the quotes “ ” are a "
        r"word processor's curly ones: type straight quotes \" instead",
    ),
    "text in TOML whose closing quote is a curly one": (
        edit(CLINIC, r"^name = .*$", 'name = "Riverside Physical Therapy”'), [],
        r"error: content/clinic.toml:\d+: not valid TOML \(a quote is not closed: .+\); the "
        r"quotes “ ” are a word processor's curly ones: type straight quotes \" instead",
    ),
    "a caption whose closing quote is a curly one": (
        edit(SQUAT, r'^    caption: "Start: stand tall, feet about hip-width apart\."$',
             '    caption: "Start: stand tall.”'), [],
        r"error: content/exercises/squat.yaml:39: not valid YAML \(a quote is not closed: the "
        r"text that starts on line 39 needs its closing quote\); the quotes “ ” are a word "
        r"processor's curly ones: type straight quotes \" instead",
    ),
    "a clinic's name with apostrophes in single quotes": (
        # (Every clinic named O'Brien's writes it so once: "not valid TOML (Expected newline
        # or end of document after a statement)" said no more.)
        edit(CLINIC, r"^name = .*$", "name = 'O'Brien's Physio'"), [],
        r"error: content/clinic.toml:\d+: not valid TOML \(.+\); an apostrophe ends text in "
        r"single quotes: write it in double quotes: name = \"O'Brien's Physio\"",
    ),
    "a language written by its name": (
        # (As a country written by its name is told its code.)
        edit(CLINIC, r'^language = "en-US"$', 'language = "español"'), [],
        r"error: content/clinic.toml:\d+: language: expected a language tag like 'en-US', got "
        r"'español': for Spanish, write es",
    ),
    "a version written as a number": (
        # (The README's "a number in quotes" is a dose's; a version is text.)
        edit(LEVEL_2, r'^version: "2"$', "version: 1.5"), [],
        r"error: content/routines/back-pain/level-2.yaml:\d+: version: expected text, got the "
        r"number 1.5: put it in double quotes, \"1.5\"",
    ),
    "a dose in curly quotes": (
        edit(SQUAT, r"^  sets: 2$", "  sets: “2”"), [],
        r"error: content/exercises/squat.yaml:\d+: dose.sets: expected a whole number, got the "
        r"text '“2”': write 2 without quotes",
    ),
    "phone in words": (
        edit(CLINIC, r"^phone = .*$", 'phone = "call the front desk"'), [],
        r"error: content/clinic.toml:\d+: phone: expected a phone number: digits, spaces and "
        r"\+ \( \) - \. as in \(813\) 555-0142 or \+44 20 7946 0018, got 'call the front desk'",
    ),
    "the letter O typed for a zero in the phone": (
        # (It printed on every page, a number no patient could dial.)
        edit(CLINIC, r"^phone = .*$", 'phone = "(503) 555-O199"'), [],
        r"error: content/clinic.toml:\d+: phone: '\(503\) 555-O199' has the letter O among its "
        r"digits \(O199\): write the digit 0",
    ),
    "emergency number that is no number": (
        edit(CLINIC, r"^phone = ", 'emergency_phone = "/tmp/nope.png"\nphone = '), [],
        r"error: content/clinic.toml:\d+: emergency_phone: expected the emergency number "
        r"patients dial, like 911, 999 or 112, got '/tmp/nope.png'",
    ),
    "patient's name with no letter or digit": (
        # (It printed, and replaced out/back-pain-level-2.pdf, the handout without a name.)
        None, ["--patient", "!!!"],
        "error: --patient '!!!': no letter or digit; give the patient's name, or leave out "
        "--patient",
    ),
    "a caption left as pdfgen new exercise wrote it": (
        edit(SQUAT, r'^    caption: "Start: stand tall, feet about hip-width apart\."$',
             '    caption: "Start: ..."'), [],
        "error: content/exercises/squat.yaml:39: pictures[1].caption: 'Start: ...' is still to "
        "be written: say what the picture shows (for example 'Down: knees bent to a square "
        "corner.')",
    ),
    "the end figure left the same as the start": (
        edit(SQUAT, r"^  - figure: \{pose: standing, joints: .*$",
             "  - figure: {pose: standing, joints: {}}"), [],
        "error: content/exercises/squat.yaml:37: pictures: the first two figures are the same "
        "pose, so they show no movement: change the second one's joints, for example {knee: "
        "45, hip: 60} (pdfgen preview shows them)",
    ),
    "a joint's name misspelt, of 25": (
        edit(SQUAT, r"joints: \{trunk: 40, hip: 110", "joints: {trunk: 40, hip_nera: 110"), [],
        "error: content/exercises/squat.yaml:40: pictures[2].figure.joints.hip_nera: did you "
        "mean 'hip_near'? (got 'hip_nera')",
    ),
    "one prop written without its list": (
        edit(SQUAT, r"^  - figure: \{pose: standing\}$",
             "  - figure: {pose: standing, props: wall}"),
        [], "error: content/exercises/squat.yaml:38: pictures[1].figure.props: expected a list, "
            "got 'wall': write it in brackets, [wall]",
    ),
    "wrong type in YAML": (
        edit(SQUAT, r"^  reps: 10$", "  reps: ten"), [],
        r"error: content/exercises/squat.yaml:\d+: dose.reps: expected a whole number, got 'ten'",
    ),
    "a dose in quotes": (
        edit(SQUAT, r"^  sets: 2$", '  sets: "2"'), [],
        r"error: content/exercises/squat.yaml:\d+: dose.sets: expected a whole number, got the "
        r"text '2': write 2 without quotes",
    ),
    "negative dose": (
        edit(SQUAT, r"^  sets: 2$", "  sets: -2"), [],
        r"error: content/exercises/squat.yaml:\d+: dose.sets: expected a number greater than 0, "
        r"got -2",
    ),
    "empty step list": (
        edit(LEVEL_2, r"^exercises:$", "exercises: []\nold_exercises:"), [],
        r"error: content/routines/back-pain/level-2.yaml:\d+: old_exercises: unknown field .*",
    ),
    "misspelt exercise slug": (
        edit(LEVEL_2, r"^  - lunge$", "  - lunges"), [],
        "error: content/routines/back-pain/level-2.yaml:9: exercises[2]: unknown exercise "
        "'lunges' (did you mean 'lunge'?)",
    ),
    "unknown exercise slug": (
        edit(LEVEL_2, r"^  - lunge$", "  - hula-hoop"), [],
        "error: content/routines/back-pain/level-2.yaml:9: exercises[2]: unknown exercise "
        "'hula-hoop' (expected a file content/exercises/hula-hoop.yaml)",
    ),
    "level that does not match its file": (
        edit(LEVEL_2, r"^level: 2$", "level: 3"), [],
        "error: content/routines/back-pain/level-2.yaml:3: level: expected 2 (from the file "
        "name), got 3",
    ),
    "unknown level": (
        None, ["--level", "7"],
        "error: --level 7: no such level for back-pain (known: 1, 2)",
    ),
    "unknown topic": (
        None, ["--routine", "neck"],
        "error: --routine neck: unknown topic (known: back-pain)",
    ),
    "unknown template variable": (
        edit(SQUAT, r"^name: Squat$", "name: Squat at {{ clinic.fax }}"), [],
        "error: content/exercises/squat.yaml:3: name: unknown template variable 'fax' "
        "(misspelt, or not set in clinic.toml)",
    ),
    "character no font can draw": (
        edit(SQUAT, r"^name: Squat$", 'name: "Squat \U0001F3CB"'), [],
        "error: content/exercises/squat.yaml:3: name: the character '\U0001F3CB' "
        "(U+1F3CB WEIGHT LIFTER) is in no bundled font; remove it",
    ),
    "clinic's name no font can draw, in a Spanish handout (was: in clinic.es.toml)": (
        edit(CLINIC, r"^name = .*$", 'name = "Mangrove \U0001F9B4 Bay"'), ["--language", "es"],
        r"error: content/clinic\.toml:\d+: name: the character '\U0001F9B4' \(U\+1F9B4 BONE\) "
        r"is in no bundled font; remove it",
    ),
    "patient name no font can draw": (
        None, ["--patient", "Bob \U0001F642"],
        "error: --patient: the emoji '\U0001F642' cannot be printed in a name; write the "
        "name in letters",
    ),
    "plan's patient name no font can draw": (
        *a_plan("level: 2\npatient: Bob \U0001F642\n"),
        "error: content/plans/p.yaml:2: patient: the emoji '\U0001F642' cannot be printed "
        "in a name; write the name in letters",
    ),
    "plan's patient with no letter or digit (was blamed on --patient, never given)": (
        *a_plan("level: 2\npatient: '..'\n"),
        "error: content/plans/p.yaml:2: patient: '..': no letter or digit; give the patient's "
        "name, or leave out the patient line",
    ),
    "plan's date that is no day": (
        *a_plan("level: 2\ndate: 2026-12-32\n"),
        "error: content/plans/p.yaml:2: date: 2026-12-32: there is no such day",
    ),
    "plan's patient name too long": (
        *a_plan(f"patient: {'Ana ' * 25}\nlevel: 2\n"),
        "error: content/plans/p.yaml:1: patient: expected at most 80 characters, got 99",
    ),
    "plan listing an exercise twice (two Squat cards, two doses)": (
        *a_plan("level: 2\nexercises:\n  - squat\n  - lunge\n  - slug: squat\n"
                "    dose: {sets: 2, reps: 10}\n"),
        "error: content/plans/p.yaml:5: exercises[3]: 'squat' is listed twice",
    ),
    "exercise file that is a folder (was 'unknown exercise', 'did you mean squat?')": (
        lambda root: ((root / SQUAT).unlink(), (root / SQUAT).mkdir()), [],
        "error: content/exercises/squat.yaml: is a folder, expected a file",
    ),
    "plan's large_print that is neither true nor false": (
        lambda root: (root / "content/plans/example.yaml").write_text(
            (root / "content/plans/example.yaml").read_text(encoding="utf-8").replace(
                "large_print: false", "large_print: maybe"), encoding="utf-8"),
        ["--plan", "content/plans/example.yaml"],
        "error: content/plans/example.yaml:36: large_print: expected true or false, got "
        "'maybe'",
    ),
}


@pytest.mark.parametrize("case", [c for c in CASES if CASES[c][2] is not None])
def test_bad_input_is_one_line_exit_2_and_nothing_written(demo: Path, case: str) -> None:
    bad_input(demo, *CASES[case])


def test_a_folder_without_clinic_toml_is_not_a_clinic(tmp_path: Path, demo: Path) -> None:
    CASES["missing clinic.toml"][0](demo)
    before = files_in(demo)
    result = run("handout", "--level", "2", "--project", str(demo), cwd=tmp_path)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: --project ")
    assert result.stderr.endswith(
        "not a clinic folder (expected content/clinic.toml inside it)\n"
    )
    assert files_in(demo) == before  # unchanged
    assert not (demo / "out").exists()


def test_output_that_cannot_be_written_is_a_clear_error(demo: Path, monkeypatch) -> None:
    import pdfgen.files

    def disk_full(path: Path, data: bytes) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pdfgen.files, "write_atomic", disk_full)
    result = run("handout", "--level", "2", cwd=demo)
    assert result.exit_code == 2
    assert result.stderr == (
        "error: out/back-pain-level-2.pdf: cannot write (No space left on device)\n"
    )

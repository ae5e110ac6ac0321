"""Bad input in a clinic folder: one line naming file and field, exit code 2, nothing written."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pypdf
import pytest
from conftest import files_in, run
from limited import one_line_error, run_limited

from pdfgen.content.loading import load_clinic, load_routine, routine_files
from pdfgen.content.project import Project


def edit(relative: str, old: str, new: str) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        path = root / relative
        text = path.read_text(encoding="utf-8")
        assert re.search(old, text, flags=re.M), f"{old!r} not in {relative}"
        path.write_text(re.sub(old, new, text, count=1, flags=re.M), encoding="utf-8")
    return apply


def remove(relative: str) -> Callable[[Path], None]:
    return lambda root: (root / relative).unlink()


CLINIC = "content/clinic.toml"
SQUAT = "content/exercises/squat.yaml"
LEVEL_2 = "content/routines/back-pain/level-2.yaml"


def a_plan(text: str) -> tuple[Callable[[Path], object], list[str]]:
    """A case's change and options: content/plans/p.yaml written with `text`, and --plan."""
    return (lambda root: (root / "content/plans/p.yaml").write_text(text, encoding="utf-8"),
            ["--plan", "content/plans/p.yaml"])

CASES = {
    "missing clinic.toml": (
        remove(CLINIC), [],
        None,  # not a clinic folder any more: the demo is used instead (see below)
    ),
    "malformed TOML": (
        edit(CLINIC, r'^name = "(.*)"$', r'name = "\1'), [],
        r"error: content/clinic.toml:\d+: not valid TOML \(.+\)",
    ),
    "missing required field": (
        edit(CLINIC, r"^phone = .*$", ""), [],
        "error: content/clinic.toml: phone: required field is missing",
    ),
    "wrong type in clinic.toml": (
        edit(CLINIC, r"^phone = .*$", "phone = 8135550142"), [],
        r"error: content/clinic.toml:\d+: phone: expected text, got 8135550142",
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
        r"error: content/clinic.toml:\d+: logo: file not found: content/images/gone.svg",
    ),
    "corrupt logo": (
        lambda root: (root / "content/images/logo.svg").write_text("<svg><nope"), [],
        "error: content/clinic.toml: logo: cannot read the SVG file content/images/logo.svg",
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
    "malformed YAML": (
        edit(SQUAT, r"^steps:$", "steps: [oops"), [],
        r"error: content/exercises/squat.yaml:\d+: not valid YAML \(.+\)",
    ),
    "wrong type in YAML": (
        edit(SQUAT, r"^  reps: 10$", "  reps: ten"), [],
        r"error: content/exercises/squat.yaml:\d+: dose.reps: expected a whole number, got 'ten'",
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
    "plan's date that is no day": (
        *a_plan("level: 2\ndate: 2026-12-32\n"),
        "error: content/plans/p.yaml:2: date: 2026-12-32: there is no such day",
    ),
    "plan's patient name too long": (
        *a_plan(f"patient: {'Ana ' * 25}\nlevel: 2\n"),
        "error: content/plans/p.yaml:1: patient: expected at most 80 characters, got 99",
    ),
    "file that is not a mapping": (
        lambda root: (root / SQUAT).write_text("- just\n- a list\n"), [],
        "error: content/exercises/squat.yaml: expected a mapping of fields, but the file is "
        "a list",
    ),
    "file that is not UTF-8": (
        lambda root: (root / SQUAT).write_bytes("name: Sentadilla\xa0".encode("latin-1")), [],
        "error: content/exercises/squat.yaml: not UTF-8 text (byte 16)",
    ),
}


@pytest.mark.parametrize("case", [c for c in CASES if CASES[c][2] is not None])
def test_bad_input_is_one_line_exit_2_and_nothing_written(demo: Path, case: str) -> None:
    change, extra_args, expected = CASES[case]
    if change is not None:
        change(demo)
    (demo / "out").mkdir()
    (demo / "out" / "earlier.pdf").write_bytes(b"%PDF- an earlier handout")
    before = files_in(demo / "out")

    result = run("handout", "--level", "2", *extra_args, cwd=demo)

    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit)  # not an uncaught error
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr
    assert re.fullmatch(expected, result.stderr.strip()) or result.stderr.strip() == expected
    assert files_in(demo / "out") == before


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
    import pdfgen.build

    def disk_full(path: Path, data: bytes) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pdfgen.build, "write_atomic", disk_full)
    result = run("handout", "--level", "2", cwd=demo)
    assert result.exit_code == 2
    assert result.stderr == (
        "error: out/back-pain-level-2.pdf: cannot write (No space left on device)\n"
    )


def test_routine_files_come_from_the_folder_layout(demo: Path) -> None:
    (demo / "content/routines/back-pain/notes.txt").write_text("not a routine")
    project = Project(root=demo, out_dir=demo / "out")
    assert {t: sorted(levels) for t, levels in routine_files(project).items()} == {
        "back-pain": [1, 2]
    }


def test_two_files_for_one_level_are_an_error(demo: Path) -> None:
    folder = demo / "content/routines/back-pain"
    (folder / "level-02.yaml").write_text((folder / "level-2.yaml").read_text())
    result = run("handout", "--level", "2", cwd=demo)
    assert result.exit_code == 2
    assert result.stderr == ("error: content/routines/back-pain/level-2.yaml: a second file "
                             "for level 2 (also level-02.yaml)\n")


def test_loaded_models_keep_their_files(demo: Path) -> None:
    project = Project(root=demo, out_dir=demo / "out")
    clinic = load_clinic(project)
    assert clinic.path == demo / CLINIC
    assert clinic.model.paper == "letter"
    routine = load_routine(project, "back-pain", 2)
    assert [item.slug for item in routine.model.exercises] == ["squat", "lunge", "kettlebell-swing"]


# --- Nothing from outside the clinic folder ---------------------------------------------

def _outside(demo: Path, how: str) -> tuple[str, str]:
    """Point a field at a file outside the clinic folder; (file, field) the error names."""
    import re

    secret = demo.parent / "secret.png"
    shutil.copy(demo / "content/images/logo.svg", demo.parent / "secret.svg")
    secret.write_bytes(b"\x89PNG secret bytes")
    link = demo / "content/images/link.svg"
    link.symlink_to(demo.parent / "secret.svg")
    squat, toml = demo / "content/exercises/squat.yaml", demo / "content/clinic.toml"
    value = {"dotdot": "../../secret.svg", "absolute": str(demo.parent / "secret.svg"),
             "link": "images/link.svg"}
    if how.startswith("picture"):
        squat.write_text(re.sub(r"figure: .*", f"file: {value[how.split('-')[1]]}",
                                squat.read_text(), count=1))
        return "content/exercises/squat.yaml", r"pictures\[1\].file"
    if how.startswith("logo"):
        toml.write_text(toml.read_text().replace('"images/logo.svg"',
                                                 f'"{value[how.split("-")[1]]}"'))
        return "content/clinic.toml", "logo"
    if how == "font-passwd":
        toml.write_text(toml.read_text() + '\n[fonts]\nregular = "/etc/passwd"\n')
        return "content/clinic.toml", "fonts.regular"
    if how == "font-dotdot":
        toml.write_text(toml.read_text() + '\n[fonts]\nregular = "../../../etc/passwd"\n')
        return "content/clinic.toml", "fonts.regular"
    level = demo / "content/routines/back-pain/level-2.yaml"
    level.write_text(level.read_text().replace("  - squat", "  - ../../x", 1))
    return "content/routines/back-pain/level-2.yaml", r"exercises\[1\].slug"


@pytest.mark.parametrize("how", ["picture-dotdot", "picture-absolute", "picture-link",
                                 "logo-dotdot", "logo-absolute", "logo-link", "font-passwd",
                                 "font-dotdot", "slug"])
def test_a_path_out_of_the_clinic_folder_is_an_error_naming_file_and_field(
        demo: Path, how: str) -> None:
    import re

    file, field = _outside(demo, how)
    result = run("handout", "--level", "2", cwd=demo)
    assert result.exit_code == 2, result.output
    assert re.fullmatch(rf"error: {re.escape(file)}(:\d+)?: {field}: .*\n", result.stderr), \
        result.stderr
    assert re.search(r"outside|absolute path|leads out of|expected an exercise slug",
                     result.stderr), result.stderr
    assert "root:" not in result.stderr and "secret bytes" not in result.stderr
    assert not (demo / "out").exists() or not list((demo / "out").iterdir())
    check = run("check", cwd=demo)
    assert check.exit_code == 2
    assert re.search(rf"error: {re.escape(file)}(:\d+)?: {field}: ", check.stdout), check.stdout


def test_a_misspelt_picture_setting_gets_a_did_you_mean(demo: Path) -> None:
    toml = demo / "content/clinic.toml"
    toml.write_text(toml.read_text().replace("[brand]", 'pictures = "greyscale"\n\n[brand]'))
    result = run("handout", "--level", "2", cwd=demo)
    assert result.exit_code == 2
    assert "pictures: did you mean 'grayscale'?" in result.stderr
    assert result.stderr.count("\n") == 1


def test_the_paper_in_clinic_toml_is_read_as_the_command_line_reads_it(demo: Path) -> None:
    """(--paper A4 was taken, paper = "A4" in clinic.toml refused.)"""
    toml = demo / "content/clinic.toml"
    toml.write_text(re.sub(r'^paper = .*$', 'paper = "A4"', toml.read_text(), flags=re.M))
    result = run("handout", "--level", "2", cwd=demo)
    assert result.exit_code == 0, result.output
    box = pypdf.PdfReader(demo / "out/back-pain-level-2.pdf").pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    toml.write_text(toml.read_text().replace('paper = "A4"', 'paper = "A5"'))
    result = run("handout", "--level", "2", cwd=demo)
    assert result.exit_code == 2
    assert re.fullmatch(r"error: content/clinic.toml:\d+: paper: expected 'letter' or 'a4', "
                        r"got 'A5'\n", result.stderr), result.stderr


def _alias_bomb() -> str:
    # Ten levels of nine aliases: a billion strings from a file of 700 bytes.
    rows = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    rows += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 10)]
    return "\n".join(rows) + "\n"


def _prepend(relative: str, text: str) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        path = root / relative
        path.write_text(text + path.read_text(encoding="utf-8"), encoding="utf-8")
    return apply


def _huge(relative: str) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        with (root / relative).open("a", encoding="utf-8") as handle:
            handle.write("# " + "x" * (50 * 1024 * 1024) + "\n")
    return apply


def _matches(expected: str | re.Pattern[str], line: str) -> bool:
    if isinstance(expected, str):
        return line == f"error: {expected}"
    return re.fullmatch(f"error: {expected.pattern}", line) is not None


# Each: how to spoil the demo, and the error line expected.
HOSTILE = {
    "YAML alias bomb": (
        _prepend(SQUAT, _alias_bomb()),
        "content/exercises/squat.yaml:2: not valid YAML (aliases (*name) are not read; write "
        "the value out in full)"),
    "YAML merge key": (
        _prepend(SQUAT, "dose:\n  <<: {reps: 3}\n"),
        "content/exercises/squat.yaml:2: not valid YAML (merge keys (<<) are not read; write "
        "the fields out in full)"),
    "YAML lists 999 deep": (
        _prepend(SQUAT, "extra: " + "[" * 999 + "]" * 999 + "\n"),
        "content/exercises/squat.yaml:1: not valid YAML (lists and fields nest more than 32 "
        "deep)"),
    "YAML of 50 MB": (
        _huge(SQUAT),
        "content/exercises/squat.yaml: the file is 50.0 MB; content files may be at most 1 MB"),
    "YAML quote not closed": (
        edit(SQUAT, r"^name: Squat$", 'name: "Squat'),
        "content/exercises/squat.yaml:3: not valid YAML (a quote is not closed: the text that "
        "starts on line 3 needs its closing quote)"),
    "TOML quote not closed": (
        edit(CLINIC, r'^name = "(.*)"$', r'name = "\1'),
        re.compile(r"content/clinic.toml:\d+: not valid TOML \(a quote is not closed: end the "
                   r'text with a quote on the same line, or use """ for text over several '
                   r"lines\)")),
    "TOML lists 999 deep": (
        _prepend(CLINIC, "extra = " + "[" * 999 + "]" * 999 + "\n"),
        "content/clinic.toml: not valid TOML (lists or tables nest more than 32 deep)"),
    "TOML of 50 MB": (
        _huge(CLINIC),
        "content/clinic.toml: the file is 50.0 MB; content files may be at most 1 MB"),
}


@pytest.mark.parametrize("case", list(HOSTILE))
def test_hostile_files_are_one_line_in_bounded_time_and_memory(demo: Path, case: str) -> None:
    change, expected = HOSTILE[case]
    change(demo)
    line = one_line_error(run_limited("handout", "--level", "2", cwd=demo, timeout=30))
    assert _matches(expected, line), line
    assert not (demo / "out").exists()
    checked = run_limited("check", cwd=demo, timeout=30)
    assert checked.returncode == 2, checked.stderr
    assert "Traceback" not in checked.stderr
    findings = checked.stdout.splitlines()
    assert any(_matches(expected, f) for f in findings), checked.stdout

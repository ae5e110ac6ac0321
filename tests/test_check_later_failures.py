"""`pdfgen check` finds what would fail later: a plan's language no handout can be printed
in, mail settings the first e-mail would have refused, and exercise files no routine can name."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import run


def test_a_plans_unknown_language_is_an_error_of_check(demo: Path) -> None:
    # Saved from the web page, it was refused only when printed, and check said all good.
    (demo / "content/plans/x.yaml").write_text(
        "patient: Ana Ruiz\nlevel: 2\nlanguage: xx\nnote: Hello there.\n", encoding="utf-8")
    result = run("check", cwd=demo)
    assert result.exit_code == 2, result.output
    assert ("error: content/plans/x.yaml:3: language: xx: unknown language code (expected a "
            "language tag like es, es-MX or en-US)") in result.stdout.splitlines(), result.stdout


@pytest.mark.parametrize(("setting", "finding"), [
    ('host = "https://smtp.example.com:587"',
     "error: content/clinic.toml:{line}: email.host: 'https://smtp.example.com:587': expected "
     "the server's name alone, like smtp.example.com (a port goes in port = 587)"),
    ('host = "smtp.example.com"\nfrom_address = "a@example"',
     "error: content/clinic.toml:{line}: email.from_address: expected an e-mail address like "
     "'name@example.com', got 'a@example'"),
])
def test_check_finds_a_mail_setting_the_first_e_mail_would(demo: Path, setting: str,
                                                          finding: str) -> None:
    # ("All good", until the first e-mail: the server's name with its scheme and port.)
    toml = demo / "content/clinic.toml"
    text = toml.read_text(encoding="utf-8")
    toml.write_text(f"{text}\n[email]\n{setting}\n", encoding="utf-8")
    line = len(text.splitlines()) + 3 + setting.count("\n")
    result = run("check", cwd=demo)
    assert result.exit_code == 2, result.output
    assert finding.format(line=line) in result.stdout.splitlines(), result.stdout


def test_a_copy_a_file_manager_made_of_an_exercise_is_named_not_a_traceback(
        demo: Path) -> None:
    """`squat copy.yaml` (a duplicate made in Finder) and `Lunge.yaml` are no exercise's name:
    check failed with pydantic's traceback (exit 1), while list showed them as usable."""
    exercises = demo / "content/exercises"
    shutil.copy(exercises / "squat.yaml", exercises / "squat copy.yaml")
    (exercises / "lunge.yaml").rename(exercises / "Lunge (1).yaml")
    result = run("check", cwd=demo)
    assert result.exit_code == 2, result.output  # (the routines' lunge is now missing)
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.stdout.splitlines()
    rule = ("not read: an exercise's file name is its name in routines and plans, in "
            "lower-case letters, digits and dashes")
    assert (f"warning: content/exercises/squat copy.yaml: {rule} (rename it squat-copy.yaml, "
            "or move it out of content/exercises/)") in lines, result.stdout
    assert (f"warning: content/exercises/Lunge (1).yaml: {rule} (rename it lunge-1.yaml, or "
            "move it out of content/exercises/)") in lines, result.stdout
    listed = run("list", cwd=demo)
    assert listed.exit_code == 0 and "copy" not in listed.stdout and "(1)" not in listed.stdout


def test_a_copy_beside_the_exercise_it_copies_is_said_to_be_one(demo: Path) -> None:
    exercises = demo / "content/exercises"
    shutil.copy(exercises / "squat.yaml", exercises / "Squat.yaml")
    result = run("check", cwd=demo)
    assert result.exit_code == 0, result.output  # a warning: the handouts are as they were
    assert ("warning: content/exercises/Squat.yaml: not read: an exercise's file name is its "
            "name in routines and plans, in lower-case letters, digits and dashes (squat.yaml "
            "is there already: remove this copy, or give it a name of its own, or move it out "
            "of content/exercises/)") in result.stdout.splitlines(), result.stdout

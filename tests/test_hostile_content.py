"""Paths out of the clinic folder and hostile YAML are one line, in bounded time and memory."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import run
from limited import one_line_error, run_limited
from loading_helpers import CLINIC, SQUAT, edit


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
    return "content/routines/back-pain/level-2.yaml", r"exercises\[1\]"


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


def _just_over(relative: str) -> Callable[[Path], None]:
    """The file with a comment that takes it to 1.05 MB (1,101,005 bytes)."""
    def apply(root: Path) -> None:
        path = root / relative
        text = path.read_bytes()
        path.write_bytes(text + b"#" + b"x" * (1_101_005 - len(text) - 2) + b"\n")
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
        "content/exercises/squat.yaml: the file is 50.0 MB; content files may be at most 1 MB "
        "(1,048,576 bytes)"),
    "YAML quote not closed": (
        edit(SQUAT, r"^name: Squat$", 'name: "Squat'),
        "content/exercises/squat.yaml:3: not valid YAML (a quote is not closed: the text that "
        "starts on line 3 needs its closing quote)"),
    # (Each of its 9,999 repeats was found on its line by composing the file again: 274 s,
    # and a web page's handouts waited behind it.)
    "a routine of 10,000 exercises": (
        edit("content/routines/back-pain/level-2.yaml", r"^exercises:\n",
             "exercises:\n" + "  - squat\n" * 10_000),
        re.compile(r"content/routines/back-pain/level-2.yaml:\d+: exercises: expected at most "
                   r"20 items, got 10003")),
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
        "content/clinic.toml: the file is 50.0 MB; content files may be at most 1 MB "
        "(1,048,576 bytes)"),
    # (It said "the file is 1.0 MB; content files may be at most 1 MB".)
    "an exercise just over 1 MB": (
        _just_over(SQUAT),
        "content/exercises/squat.yaml: the file is 1,101,005 bytes; content files may be at "
        "most 1 MB (1,048,576 bytes)"),
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


@pytest.mark.parametrize("folder", ["templates", "fonts"])
def test_a_templates_or_fonts_folder_linked_out_of_the_clinic_folder_is_refused(
        demo: Path, tmp_path: Path, folder: str) -> None:
    """Its files were read as the clinic's: `templates -> /` let a template include
    /etc/passwd, printed in the handout, and a linked fonts folder lent its fonts."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "footer.j2").write_text("EVIL", encoding="utf-8")
    shutil.rmtree(demo / folder, ignore_errors=True)
    (demo / folder).symlink_to(outside, target_is_directory=True)
    said = (f"error: {folder}: is a symbolic link to a folder outside the clinic folder; copy "
            "that folder into the clinic folder instead")
    assert one_line_error(run_limited("handout", "--level", "2", cwd=demo, timeout=30)) == said
    assert not (demo / "out").exists()
    checked = run_limited("check", cwd=demo, timeout=30)
    assert (checked.returncode, checked.stdout, checked.stderr) == (2, "", said + "\n")
    # A link inside the clinic folder is the clinic's own folder by another name.
    (demo / folder).unlink()
    (demo / "own").mkdir()
    (demo / folder).symlink_to(demo / "own", target_is_directory=True)
    made = run("handout", "--level", "2", cwd=demo)
    assert made.exit_code == 0, made.output

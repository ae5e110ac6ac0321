"""A name or path a clinic mistypes, answered with what to write: a picture's or logo's path
(Windows' \\, content/ twice, a folder, a letter's case), a topic, an exercise written as
its title, and a word processor's file saved as .yaml."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import run
from loading_helpers import CLINIC, SQUAT, edit, refused


def capital_images(then: Callable[[Path], None] | None = None) -> Callable[[Path], None]:
    """The clinic's images folder renamed Images (and `then`, another change)."""
    def apply(root: Path) -> None:
        (root / "content/images").rename(root / "content/Images")
        if then is not None:
            then(root)
    return apply


PICTURE = r"^  - figure: \{pose: standing\}$"
LEVEL_2 = "content/routines/back-pain/level-2.yaml"
HINTS = {
    "a picture's path with Windows' \\": (
        edit(SQUAT, PICTURE, r"  - file: images\\squat-start.svg"),
        "error: content/exercises/squat.yaml:38: pictures[1].file: file not found: "
        "content/images\\squat-start.svg (write / between folders: images/squat-start.svg)"),
    "a picture's path from the clinic folder": (
        edit(SQUAT, PICTURE, "  - file: content/images/squat-start.svg"),
        "error: content/exercises/squat.yaml:38: pictures[1].file: file not found: "
        "content/content/images/squat-start.svg (a path here starts inside content/: "
        "images/squat-start.svg)"),
    "a folder for a picture": (
        edit(SQUAT, PICTURE, "  - file: images"),
        "error: content/exercises/squat.yaml:38: pictures[1].file: file not found: "
        "content/images (images is a folder: name a file in it, like "
        "images/squat-start.svg)"),
    "a picture's path with Windows' \\ from the clinic folder, in other capitals": (
        edit(CLINIC, r'^logo = "images/logo.svg"$', r"logo = 'content\\images\\LOGO.svg'"),
        "error: content/clinic.toml:29: logo: file not found: content/content\\images\\"
        "LOGO.svg (write / between folders: images/logo.svg)"),
    "a logo's name in other capitals": (
        edit(CLINIC, r'^logo = "images/logo.svg"$', 'logo = "images/Logo.SVG"'),
        "error: content/clinic.toml:29: logo: file not found: content/images/Logo.SVG (did "
        "you mean images/logo.svg?)"),
    # (The folder "Images", as a Mac, whose names are one in any capitals, lets it be.)
    "a logo's folder in other capitals": (
        capital_images(),
        "error: content/clinic.toml:29: logo: file not found: content/images/logo.svg (did "
        "you mean Images/logo.svg?)"),
    "a logo's folder and name in other capitals": (
        capital_images(edit(CLINIC, r'^logo = "images/logo.svg"$', 'logo = "IMAGES/Logo.svg"')),
        "error: content/clinic.toml:29: logo: file not found: content/IMAGES/Logo.svg (did "
        "you mean Images/logo.svg?)"),
    "a logo named from memory": (
        edit(CLINIC, r'^logo = "images/logo.svg"$', 'logo = "images/clinic-logo.svg"'),
        "error: content/clinic.toml:29: logo: file not found: content/images/clinic-logo.svg "
        "(images/ holds logo.svg)"),
    "an exercise written as its title": (
        edit(LEVEL_2, r"^  - lunge$", "  - Lunge"),
        "error: content/routines/back-pain/level-2.yaml:9: exercises[2]: expected an "
        "exercise slug: lower case letters, digits and dashes, like 'wall-sit', got 'Lunge' "
        "(the exercise's file name without .yaml: 'lunge'?)"),
}


@pytest.mark.parametrize("case", HINTS)
def test_a_mistyped_name_is_answered_with_what_to_write(demo: Path, case: str) -> None:
    change, expected = HINTS[case]
    change(demo)
    refused(demo, re.escape(expected))


def test_a_mistyped_topic_gets_the_likely_one(demo: Path) -> None:
    result = run("handout", "--routine", "Back-Pian", "--level", "2", cwd=demo)
    assert result.exit_code == 2, result.output
    assert result.stderr == ("error: --routine Back-Pian: unknown topic (did you mean "
                             "back-pain? known: back-pain)\n")
    (demo / "content/plans/ana.yaml").write_text("patient: Ana\nroutine: bak-pain\nlevel: 2\n",
                                                  encoding="utf-8")
    result = run("handout", "--plan", "content/plans/ana.yaml", cwd=demo)
    assert result.exit_code == 2, result.output
    assert result.stderr == ("error: content/plans/ana.yaml:2: routine: unknown topic "
                             "'bak-pain' (did you mean back-pain? known: back-pain)\n")


@pytest.mark.parametrize(("start", "said"), [
    (b"PK\x03\x04\x14\x00\x06\x00", "a Word or other office document (.docx, .odt, .pages)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an older Word document (.doc)"),
    (b"{\\rtf1\\ansi\\deff0 {\\fonttbl", "a rich text document (.rtf)")])
def test_a_word_processors_file_saved_as_yaml_is_named_for_what_it_is(
        demo: Path, start: bytes, said: str) -> None:
    # (A .docx was "not UTF-8 text (byte 12)", an .rtf "not valid YAML (did not find ',')".)
    (demo / SQUAT).write_bytes(start + b"\x00" * 200)
    refused(demo, re.escape(f"error: {SQUAT}: {said}, not plain text: save it as plain text "
                            "(UTF-8), or copy its text into a text editor"))


DRIVE = ("a picture or logo is a file inside content/, named from there: copy it into "
         "content/images/ and write images/ and its name, like images/logo.svg")
BACKSLASH = ("in double quotes a \\ starts an escape: write / between folders "
             "(images/squat-start.png), or put the text in single quotes")


@pytest.mark.parametrize(("file", "old", "new", "expected"), [
    # (pdfgen new writes every field in double quotes: a path typed there, Windows' way)
    (SQUAT, "  - figure: {pose: standing}\n", '  - file: "images\\squat-start.svg"\n',
     f"error: {SQUAT}:38: not valid YAML (found unknown escape character); {BACKSLASH}"),
    (SQUAT, "  - figure: {pose: standing}\n", '  - file: "images\\xmas.png"\n',
     f"error: {SQUAT}:38: not valid YAML (did not find expected hexdecimal number); "
     f"{BACKSLASH}"),
    (SQUAT, "  - figure: {pose: standing}\n", '  - file: "images\\new.png"\n',
     f"error: {SQUAT}:38: pictures[1].file: file not found: content/images\\new.png (in "
     "double quotes a \\ starts an escape, \\n a new line: write / between folders, or put "
     "the text in single quotes)"),
    (CLINIC, 'logo = "images/logo.svg"\n', 'logo = "images\\logo.svg"\n',
     f"error: {CLINIC}:29: not valid TOML (Unescaped '\\' in a string); {BACKSLASH}"),
    # A path copied from Windows' Explorer: \U is an escape in TOML and YAML alike.
    (CLINIC, 'logo = "images/logo.svg"\n', 'logo = "C:\\Users\\Ann\\Pictures\\logo.svg"\n',
     f"error: {CLINIC}:29: not valid TOML (Invalid hex value); {DRIVE}"),
    (SQUAT, "  - figure: {pose: standing}\n", '  - file: "C:\\Users\\Ann\\squat.jpg"\n',
     f"error: {SQUAT}:38: not valid YAML (did not find expected hexdecimal number); {DRIVE}")])
def test_a_windows_path_in_double_quotes_is_told_to_use_slashes(
        demo: Path, file: str, old: str, new: str, expected: str) -> None:
    # (a YAML or TOML complaint with no hint; "\n" read as a line break, the error two lines)
    path = demo / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    refused(demo, re.escape(expected))


@pytest.mark.parametrize("given", ["content/plans/exampel.yaml", "content\\plans\\example.yaml",
                                   "plans/example.yaml", "example"])
def test_a_plan_that_is_not_there_gets_the_likely_one(demo: Path, given: str) -> None:
    result = run("handout", "--plan", given, cwd=demo)
    assert (result.exit_code, result.stdout) == (2, ""), result.output
    assert result.stderr == (f"error: --plan {given}: no such file (did you mean "
                             "content/plans/example.yaml?)\n")
    assert not (demo / "out").exists()

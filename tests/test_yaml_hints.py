"""What YAML makes of text a clinic types, said in a clinic's words at the right line: a
word it reads as true or false, a number written as a word, one text with commas where a
list goes, a quote that ends the text too soon, a list's '-' without its space."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import run
from loading_helpers import SQUAT, edit, refused

TIP = r"^  - You should feel your glutes working\.$"
HINTS = {
    "a tip of one word YAML reads as false": (
        edit(SQUAT, TIP, "  - No"),
        "error: content/exercises/squat.yaml:19: tips[2]: expected text, got False: YAML "
        "reads yes, no, on and off as true or false; put the text in double quotes"),
    "an angle written as a word": (
        edit(SQUAT, r"knee: 95", "knee: ninety"),
        "error: content/exercises/squat.yaml:40: pictures[2].figure.joints.knee: expected a "
        "number, got 'ninety'"),
    "the steps as one text with commas": (
        edit(SQUAT, r"^steps:\n(  - .*\n)+", "steps: Stand up straight, bend your knees.\n"),
        "error: content/exercises/squat.yaml:12: steps: expected a list, got 'Stand up "
        "straight, bend your knees.': write it in brackets, with the text in double quotes: "
        "[\"Stand up straight, bend your knees.\"] (or one item a line, '- ')"),
    "a tip that starts with a quote": (
        edit(SQUAT, TIP, '  - "Keep going" is the rule.'),
        "error: content/exercises/squat.yaml:19: not valid YAML (did not find expected '-' "
        "indicator); text that starts with a quote must end with it: put the whole text in "
        "double quotes, and the quotes inside it in single ones ('Keep going')"),
    "a step's - without its space": (
        edit(SQUAT, r"^  - Bend your knees and lower yourself down\.$",
             "  -Bend your knees and lower yourself down."),
        "error: content/exercises/squat.yaml:15: not valid YAML (could not find expected ':'); "
        "a field's name has no ':' after it (summary: ...), or a list's - no space after it "
        "(- lunge)"),
}


@pytest.mark.parametrize("case", HINTS)
def test_a_yaml_mistake_is_said_in_a_clinics_words(demo: Path, case: str) -> None:
    change, expected = HINTS[case]
    change(demo)
    refused(demo, re.escape(expected))


def test_a_file_saved_with_windows_line_ends_reads_as_any_other(demo: Path) -> None:
    squat = demo / SQUAT
    squat.write_bytes(squat.read_bytes().replace(b"\n", b"\r\n"))
    assert run("handout", "--level", "2", cwd=demo).exit_code == 0
    edit(SQUAT, TIP, "  - No")(demo)  # (its lines counted as they are shown)
    squat.write_bytes(squat.read_bytes().replace(b"\n", b"\r\n"))
    result = run("handout", "--level", "2", cwd=demo)
    assert result.stderr.startswith("error: content/exercises/squat.yaml:19: tips[2]: "), \
        result.stderr

"""A file a clinic folder cannot be read from: YAML a clinic's editor wrote wrongly (a quote,
an indent, ': ' in text), or a file that is no YAML text at all. One line naming file, line
and field, exit code 2, nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest
from loading_helpers import SQUAT, bad_input, edit

CASES = {
    "malformed YAML": (
        edit(SQUAT, r"^steps:$", "steps: [oops"), [],
        r"error: content/exercises/squat.yaml:\d+: not valid YAML \(.+\)",
    ),
    "text with ': ' and {{ in YAML, unquoted": (
        edit(SQUAT, r"^name: Squat$", "name: Squat at home: {{ clinic.name }}"), [],
        "error: content/exercises/squat.yaml:3: not valid YAML (mapping values are not "
        "allowed in this context); put text that contains ': ' in double quotes",
    ),
    "text starting with {{ in YAML, unquoted": (
        edit(SQUAT, r"^name: Squat$", "name: {{ clinic.name }} squat"), [],
        "error: content/exercises/squat.yaml:3: not valid YAML (did not find expected key); "
        "text that starts with {{ must be in double quotes",
    ),
    "a whole field that is {{ … }}, unquoted (a mapping as a field's name, to YAML)": (
        edit(SQUAT, r"^name: Squat$", "name: {{ clinic.name }}"), [],
        "error: content/exercises/squat.yaml:3: not valid YAML (text that starts with {{ "
        "must be in double quotes)",
    ),
    "a step indented further than the one above (it printed as more of that step's text)": (
        edit(SQUAT, r"^  - Tighten your core", "   - Tighten your core"), [],
        r"error: content/exercises/squat\.yaml:14: not valid YAML \('- Tighten your core "
        r"\(your belly and b\.\.\.' is indented further than the line above, so it was read "
        r"as more of that line's text; line its - up with the - above\)",
    ),
    "a field indented a space less than the fields it belongs with": (
        edit(SQUAT, r"^  - Bend your knees", " - Bend your knees"), [],
        r"error: content/exercises/squat.yaml:\d+: not valid YAML \(.+\); a line is indented "
        r"more or less than the lines it belongs with: line it up with them",
    ),
    "a dose's field that lost its indent (was: put text with ': ' in quotes)": (
        edit(SQUAT, r"^  sets: 2$", "sets: 2"), [],
        "error: content/exercises/squat.yaml:31: not valid YAML (mapping values are not "
        "allowed in this context); line 31 is indented more than line 30 above it ('sets: "
        "2'), which already has its value: give the fields of one part the same indent",
    ),
    "a field under a plan's item indented less than the item's own": (
        lambda root: (root / "content/plans/p.yaml").write_text(
            "patient: Pat Lee\nroutine: back-pain\nlevel: 2\nexercises:\n  - slug: squat\n"
            "  note: Slowly.\n"), ["--plan", "content/plans/p.yaml"],
        "error: content/plans/p.yaml:6: not valid YAML (did not find expected '-' indicator); a "
        "line is indented more or less than the lines it belongs with: line it up with them",
    ),
    "a field's name without its ':'": (
        edit(SQUAT, r"^summary: ", "summary "), [],
        r"error: content/exercises/squat.yaml:\d+: not valid YAML \(could not find expected "
        r"':'\); a field's name has no ':' after it \(summary: \.\.\.\), or a list's - no space "
        r"after it \(- lunge\)",
    ),
    "a step with ': ', unquoted (was: 'text that starts with {{')": (
        edit(SQUAT, r"^  - Stand up straight\. Start with just your body weight\.$",
             "  - Note: keep your back straight."), [],
        "error: content/exercises/squat.yaml:13: steps[1]: expected text; put text that "
        "contains ': ' in double quotes",
    ),
    "file that is not a mapping": (
        lambda root: (root / SQUAT).write_text("- just\n- a list\n"), [],
        "error: content/exercises/squat.yaml: expected its fields, one a line as `name: "
        "value` (docs/content.md lists them), but the file is a list",
    ),
    "an empty exercise file": (
        lambda root: (root / SQUAT).write_text("\n"), [],
        "error: content/exercises/squat.yaml: expected its fields, one a line as `name: "
        "value` (docs/content.md lists them), but the file is empty",
    ),
    "an empty plan file (its fields are in docs/plans.md)": (
        lambda root: (root / "content/plans/empty.yaml").write_text(""),
        ["--plan", "content/plans/empty.yaml"],
        "error: content/plans/empty.yaml: expected its fields, one a line as `name: value` "
        "(docs/plans.md lists them), but the file is empty",
    ),
    "number with a leading zero (YAML 1.1 would read 010 as 8)": (
        edit(SQUAT, r"^  reps: 10$", "  reps: 010"), [],
        "error: content/exercises/squat.yaml:31: dose.reps: write whole numbers without a "
        "leading 0 (10), got '010'",
    ),
    "number in hexadecimal": (
        edit(SQUAT, r"^  reps: 10$", "  reps: 0x10"), [],
        "error: content/exercises/squat.yaml:31: dose.reps: expected a whole number, got "
        "'0x10'",
    ),
    "a list as a field's name": (
        edit(SQUAT, r"^name: Squat$", "name: Squat\n[a, b]: c"), [],
        "error: content/exercises/squat.yaml:4: not valid YAML (a field's name must be text, "
        "not a list)",
    ),
    "file that is not UTF-8": (
        lambda root: (root / SQUAT).write_bytes("name: Sentadilla\xa0".encode("latin-1")), [],
        "error: content/exercises/squat.yaml:1: not UTF-8 text (byte 16); save it as UTF-8",
    ),
    "file that is not UTF-8 on its third line": (
        lambda root: (root / SQUAT).write_bytes(
            "name: Squat\nsummary: ok\nsteps: [Caf\xe9]\n".encode("latin-1")), [],
        "error: content/exercises/squat.yaml:3: not UTF-8 text (byte 35); save it as UTF-8",
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_an_unreadable_file_is_one_line_exit_2_and_nothing_written(demo: Path,
                                                                  case: str) -> None:
    bad_input(demo, *CASES[case])

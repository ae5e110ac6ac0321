"""A '#' in text written without quotes, which YAML reads as a comment: the text before it
was printed cut short ("Squat #1" as "Squat") and check said all was well. Refused at its
line; a comment of the writer's own, and a '#' in quoted or block text, are kept."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import files_in, run
from loading_helpers import SQUAT, edit
from pypdf import PdfReader

CUT = {
    "a name": (edit(SQUAT, r"^name: Squat$", "name: Squat #1"), 3, "#1"),
    "a tip": (edit(SQUAT, r"^  - You should feel your glutes working.$",
                   "  - Use the #2 band (the green one) and hold it at waist height."),
              None, "#2 band (the green one) and hold it at …"),
    "a plan's note": (edit("content/plans/example.yaml", r"^    note: (.*)\.$",
                           r"    note: \1 #3 from the rack."), None, "#3 from the rack."),
}


@pytest.mark.parametrize("case", CUT)
def test_text_cut_by_a_comment_is_refused_at_its_line(demo: Path, case: str) -> None:
    change, line, comment = CUT[case]
    change(demo)
    before = files_in(demo)

    result = run("check", cwd=demo)

    assert result.exit_code == 2, result.output
    errors = [row for row in result.stdout.splitlines() if row.startswith("error:")]
    assert len(errors) == 1, result.stdout
    assert errors[0].endswith(
        f": not valid YAML ('{comment}' is read as a comment, so the text before it is printed "
        "without it: put the whole text in double quotes (a comment of your own: '# ' with a "
        "space))")
    if line is not None:
        assert errors[0].startswith(f"error: {SQUAT}:{line}: ")
    assert files_in(demo) == before


def test_a_comment_of_ones_own_and_a_quoted_hash_are_kept(demo: Path) -> None:
    edit(SQUAT, r"^name: Squat$", "name: Squat  # the first exercise")(demo)
    edit(SQUAT, r"^  - You should feel your glutes working.$",
         '  - "Use the #2 band."')(demo)
    result = run("handout", "--level", "2", cwd=demo)
    assert result.exit_code == 0, result.output
    text = "".join(p.extract_text() for p in PdfReader(demo / "out/back-pain-level-2.pdf").pages)
    assert "Use the #2 band." in text
    assert "the first exercise" not in text

"""Text pasted from a word processor in its curly quotes, and a figure given two walls: one
line naming the file, the line and the field, exit code 2, nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run
from hypothesis import given
from hypothesis import strategies as st
from loading_helpers import CLINIC, SQUAT, edit, refused
from pydantic import TypeAdapter, ValidationError
from pypdf import PdfReader

from pdfgen.content.fields import Text

REFUSED = {
    "a caption in curly quotes, taken by YAML as plain text": (
        edit(SQUAT, r'^    caption: "Start: stand tall, feet about hip-width apart."$',
             "    caption: “Stand tall, feet about hip-width apart.”"),
        "error: content/exercises/squat.yaml:39: pictures[1].caption: “Stand tall, feet about "
        "hip-width apart.” is in a word processor's curly quotes, which would be printed: "
        "leave them out, or type straight quotes \" instead"),
    "the clinic's name in straight quotes around curly ones": (
        edit(CLINIC, r"^name = .*$", 'name = "“Riverside Physical Therapy”"'),
        r"error: content/clinic.toml:\d+: name: “Riverside Physical Therapy” is in a word "
        r"processor's curly quotes, which would be printed: leave them out, or type straight "
        r"quotes \" instead"),
    "a figure with a wall behind it and one in front": (
        edit(SQUAT, r"^  - figure: \{pose: standing\}$",
             "  - figure: {pose: standing, props: [wall, wall-in-front]}"),
        "error: content/exercises/squat.yaml:38: pictures[1].figure.props: 'wall' and "
        "'wall-in-front' are both named: give one, 'wall' (behind the body) or 'wall-in-front' "
        "(at the hands)"),
}


@pytest.mark.parametrize("case", REFUSED)
def test_refused_with_one_line_and_nothing_written(demo: Path, case: str) -> None:
    change, expected = REFUSED[case]
    change(demo)
    refused(demo, expected)


def test_quotes_inside_the_text_are_the_writers_own(demo: Path) -> None:
    edit(SQUAT, r'^    caption: "Start: stand tall, feet about hip-width apart."$',
         "    caption: Stand tall, your “feet” about hip-width apart.")(demo)
    result = run("handout", "--level", "2", cwd=demo)
    assert result.exit_code == 0, result.output
    pages = PdfReader(demo / "out/back-pain-level-2.pdf").pages
    text = " ".join(" ".join(page.extract_text() for page in pages).split())
    assert "your “feet” about" in text  # (wherever the caption's lines break)


CURLY_OPEN, CURLY_CLOSE = "“„‘‚", "”“’‘"
# Typed text: no control characters (which Python's strip() and pydantic's differ on).
TYPED = st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1)


@given(st.sampled_from(CURLY_OPEN), TYPED.filter(str.strip),
       st.sampled_from(CURLY_CLOSE))
def test_any_text_wrapped_in_curly_quotes_is_refused(left: str, words: str, right: str) -> None:
    with pytest.raises(ValidationError, match="curly quotes"):
        TypeAdapter(Text).validate_python(f"{left}{words.strip()}{right}")


@given(TYPED.filter(lambda t: t.strip() and t.strip()[0] not in CURLY_OPEN))
def test_text_that_does_not_start_with_a_curly_quote_is_kept(words: str) -> None:
    assert TypeAdapter(Text).validate_python(words) == words.strip()

"""The Python API's messages for what a caller passes on from a form or a file: one line
whatever the value holds, and a path of the wrong kind named for what it is."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import REPO, files_in
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import pdfgen

# Text a caller may pass on from a form or a file: with line breaks, a carriage return, the
# terminal's escape, a line separator, and other control characters.
typed = st.text(alphabet=st.one_of(st.sampled_from("\n\r\x1b\x0b\x0c\x85\u2028\u2029\x00"),
                                   st.characters(blacklist_categories=("Cs",))),
                min_size=1, max_size=30).filter(lambda t: not t.isprintable())


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=typed, choice=st.sampled_from(["routine", "language", "plan", "date", "paper",
                                            "patient", "output", "open"]))
@example(value="a\nb", choice="routine").via("the helper's finding")
@example(value="\x00", choice="open").via("a null byte: once a ValueError")
@example(value="\x00", choice="output").via("a null byte: once a ValueError")
def test_a_value_with_line_breaks_is_told_on_one_line(value: str, choice: str) -> None:
    """The message quotes what was typed, escaped ("a\\nb"), never across lines."""
    clinic = pdfgen.open_clinic(REPO)
    try:
        if choice == "output":  # (in a folder that is not there: nothing is written)
            clinic.handout(level=1, date="2026-11-24").save(f"/nowhere-{value}/x.pdf")
        elif choice == "open":
            pdfgen.open_clinic(value)
        else:
            clinic.handout(**{"level": 2, "date": "2026-11-24", choice: value})
    except pdfgen.PdfgenError as error:
        assert all(c.isprintable() or c == "\t" for c in error.message), repr(error.message)
        assert len(str(error).splitlines()) == 1, repr(str(error))
    else:
        assert choice == "patient", f"{choice}={value!r} was taken"


@pytest.mark.parametrize(("call", "message"), [
    (lambda c, f: pdfgen.open_clinic(f), "--project {f}: is a file, expected a clinic folder"),
    (lambda c, f: c.handout(level=1, date="2026-11-24").save(f / "x.pdf"),
     "--output {f}/x.pdf: {f} is a file, not a folder"),
    (lambda c, f: c.print(f.parent / "gone.pdf"), "{f.parent}/gone.pdf: no such file"),
    (lambda c, f: c.print(f.parent), "{f.parent}: is a folder, expected a handout's PDF"),
])
def test_a_path_of_the_wrong_kind_is_named_for_what_it_is(tmp_path: Path, call,
                                                          message: str) -> None:
    (tmp_path / "notes.txt").write_text("mine\n", encoding="utf-8")
    with pytest.raises(pdfgen.PdfgenError) as caught:
        call(pdfgen.open_clinic(REPO), tmp_path / "notes.txt")
    assert caught.value.message == message.format(f=tmp_path / "notes.txt")
    assert files_in(tmp_path) == ["notes.txt"]


@pytest.mark.parametrize(("choices", "message"), [
    ({"level": 2, "log": 20}, "--log 20: expected a number of weeks from 0 to 12"),
    ({"level": 2, "log": -3}, "--log -3: expected a number of weeks from 0 to 12"),
    ({"patient": "  "}, "--patient: blank; give the patient's name, or leave out --patient"),
    ({"language": "xx-YY"}, "--language xx-YY: unknown language code (expected a language "
                            "tag like es, es-MX or en-US)"),
    ({"layout": "compact", "large_print": True}, "--layout compact and --large-print: the "
     "one-page sheet is in normal print only; choose one (large print is the detailed "
     "handout)")])
def test_choices_are_checked_when_made(choices: dict[str, object], message: str) -> None:
    """As the README says, and as the command line checks them before reading a file: each
    of these was taken, and refused only once a handout was asked of them."""
    with pytest.raises(pdfgen.PdfgenError) as caught:
        pdfgen.Choices(**choices)  # type: ignore[arg-type]
    assert caught.value.message == message

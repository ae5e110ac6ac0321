"""The core job: file names, the atomic write, and the handout as bytes."""

from __future__ import annotations

import datetime as dt
import os
import unicodedata
from pathlib import Path

import pypdf
import pytest
from conftest import files_in
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pdfgen import open_clinic
from pdfgen.build import Handout
from pdfgen.errors import ContentError, OutputError, SelectionError
from pdfgen.files import default_filename, slugify, write_atomic


@pytest.mark.parametrize(
    ("name", "slug"),
    [("Zoë Łódź-Müller", "zoe-lodz-muller"), ("  Jo   SMITH ", "jo-smith"),
     ("Жанна", "zhanna"), ("O'Brien & Sons", "o-brien-sons"), ("!!!", ""), ("a" * 100, "a" * 60)],
)
def test_slugs_are_plain_ascii(name: str, slug: str) -> None:
    assert slugify(name) == slug


def test_default_file_names() -> None:
    assert default_filename("back-pain", 2, None) == "back-pain-level-2.pdf"
    assert default_filename("back-pain", 2, "Zoë") == "back-pain-level-2-zoe.pdf"
    # Not the name of the handout without a patient's, which it would replace.
    with pytest.raises(SelectionError, match=r"^--patient '!!!': no letter or digit"):
        default_filename("back-pain", 2, "!!!")


def test_build_returns_the_pdf_without_writing(demo: Path) -> None:
    handout = open_clinic(demo).handout(level=2, date=dt.date(2026, 1, 2))
    assert handout.path == demo / "out" / "back-pain-level-2.pdf"
    assert handout.pdf.startswith(b"%PDF-")
    assert files_in(demo / "out") == []
    from io import BytesIO

    assert handout.pages == len(pypdf.PdfReader(BytesIO(handout.pdf)).pages)


def test_atomic_write_replaces_whole_or_not_at_all(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "out" / "h.pdf"
    write_atomic(target, b"first")
    assert target.read_bytes() == b"first"

    def broken_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        write_atomic(target, b"second")
    assert target.read_bytes() == b"first"  # the old file is untouched
    assert files_in(tmp_path / "out") == ["h.pdf"]  # and no temporary file is left


def test_writing_into_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="is a folder, expected a file"):
        Handout(pdf=b"%PDF-", path=tmp_path, pages=1).save()


names = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")),
    min_size=1, max_size=40,
).filter(lambda s: s.strip())


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=names)
def test_any_patient_name_is_printed_intact_or_refused_by_name(demo: Path, name: str) -> None:
    # Property: a typed name either comes out on page 1 exactly (white space collapsed),
    # or the build stops with one line naming what no font here can draw, or that it has
    # no letter or digit for the file's name ("!!!").
    try:
        handout = open_clinic(demo).handout(level=2, patient=name)
    except (ContentError, SelectionError) as error:
        # One line naming what cannot be printed: a character, a script no font here
        # draws (and which package would), or an emoji.
        assert error.message.startswith(("--patient: the character ",
                                         "--patient: no font here draws these letters",
                                         "--patient: the emoji ")) or (
            error.message == f"--patient {unicodedata.normalize('NFC', ' '.join(name.split()))!r}"
            ": no letter or digit; "
            "give the patient's name, or leave out --patient"), error.message
        assert "\n" not in error.message
        return
    from io import BytesIO

    first_page = pypdf.PdfReader(BytesIO(handout.pdf)).pages[0].extract_text()
    # Printed in its composed form (NFC), as every text is: U+F900 is U+8C48, the same letter.
    typed = unicodedata.normalize("NFC", name)
    assert " ".join(typed.split()) in " ".join(first_page.split())

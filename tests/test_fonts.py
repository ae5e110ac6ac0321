"""Fonts: the clinic's own files first, a clear error for a missing one, a lazy fallback."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pdfgen.content.clinic_settings import Fonts
from pdfgen.content.project import bundled_root
from pdfgen.errors import ContentError, PdfgenError
from pdfgen.text.fonts import load_fonts

BUNDLED = bundled_root() / "fonts"


def test_the_body_family_covers_latin_and_the_fallback_greek_and_cyrillic(tmp_path: Path) -> None:
    fonts = load_fonts(Fonts(), [BUNDLED], tmp_path / "clinic.toml")
    latin = "Zoë Łódź-Müller 0123 \u201cquotes\u201d · \u2013 \u2014"
    assert all(fonts.face_for(c) == "body" for c in latin)
    assert all(fonts.face_for(c) == "fallback" for c in "ΑβΓЖж✓")
    assert fonts.face_for("\U0001F3CB") is None


def test_the_same_files_register_once(tmp_path: Path) -> None:
    first = load_fonts(Fonts(), [BUNDLED], tmp_path / "clinic.toml")
    assert load_fonts(Fonts(), [BUNDLED], tmp_path / "clinic.toml") is first


def test_a_clinic_font_is_found_in_its_fonts_folder(tmp_path: Path) -> None:
    own = tmp_path / "fonts"
    own.mkdir()
    shutil.copy(BUNDLED / "DejaVuSans.ttf", own / "Clinic-Regular.ttf")
    fonts = load_fonts(Fonts(regular="Clinic-Regular.ttf"), [own, BUNDLED], tmp_path / "c.toml")
    assert fonts.face_for("Ж") == "body"  # DejaVu, registered as the body face, has Cyrillic


def test_a_missing_font_file_names_the_field(tmp_path: Path) -> None:
    with pytest.raises(ContentError) as info:
        load_fonts(Fonts(bold="Nope-Bold.ttf"), [BUNDLED], tmp_path / "clinic.toml")
    assert info.value.field == "fonts.bold"
    assert info.value.problem == "font file 'Nope-Bold.ttf' not found in fonts/"


def test_a_file_that_is_not_a_font_is_refused(tmp_path: Path) -> None:
    own = tmp_path / "fonts"
    own.mkdir()
    (own / "Broken.ttf").write_bytes(b"not a font at all")
    with pytest.raises(PdfgenError, match=r"fonts.regular: 'Broken.ttf': not a usable "
                                          r"TrueType font"):
        load_fonts(Fonts(regular="Broken.ttf"), [own, BUNDLED], tmp_path / "clinic.toml")


def test_licences_ship_beside_the_fonts() -> None:
    names = {p.name for p in BUNDLED.iterdir()}
    assert {"OFL-AtkinsonHyperlegible.txt", "LICENSE-DejaVu.txt"} <= names
    for face in ("Regular", "Bold", "Italic", "BoldItalic"):
        assert f"AtkinsonHyperlegible-{face}.ttf" in names


def test_a_font_whose_licence_forbids_embedding_is_refused(tmp_path: Path) -> None:
    import struct

    data = bytearray((BUNDLED / "AtkinsonHyperlegible-Regular.ttf").read_bytes())
    tables = struct.unpack(">H", data[4:6])[0]
    for index in range(tables):
        entry = 12 + 16 * index
        if data[entry:entry + 4] == b"OS/2":
            offset = struct.unpack(">I", data[entry + 8:entry + 12])[0]
            data[offset + 8:offset + 10] = struct.pack(">H", 0x0002)  # fsType: restricted
    own = tmp_path / "fonts"
    own.mkdir()
    (own / "Restricted.ttf").write_bytes(bytes(data))
    with pytest.raises(PdfgenError, match=r"fonts.regular: 'Restricted\.ttf': its licence "
                                          r"does not allow "
                                          r"embedding it in a PDF; choose another font"):
        load_fonts(Fonts(regular="Restricted.ttf"), [own, BUNDLED], tmp_path / "clinic.toml")


def test_the_same_handout_whatever_ran_before_it_in_the_process(demo: Path, tmp_path: Path) -> None:
    """`pdfgen check` registers the fonts before any PDF is built; a handout built after it,
    in the same process, has the bytes of one built alone (font subsets hold only the glyphs
    used)."""
    import subprocess
    import sys

    script = f"""
import datetime as dt, sys
from pathlib import Path
import pdfgen
clinic = pdfgen.open_clinic(Path({str(demo)!r}))
if sys.argv[1] == "check-first":
    clinic.check()
data = clinic.handout(level=1, date=dt.date(2026, 11, 24)).pdf
Path(sys.argv[2]).write_bytes(data)
"""
    for how in ("alone", "check-first"):
        done = subprocess.run([sys.executable, "-c", script, how, str(tmp_path / f"{how}.pdf")],
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
    assert (tmp_path / "alone.pdf").read_bytes() == (tmp_path / "check-first.pdf").read_bytes()

"""Every handout is a tagged PDF that passes the validator, pictures with their alt text."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pikepdf
import pytest
from conftest import REPO
from limited import run_limited
from pages_helpers import own_photos
from tagging_helpers import HANDOUTS, _walk, build, problems


@pytest.mark.parametrize("name", HANDOUTS)
def test_every_handout_passes_the_validator(tmp_path: Path, name: str) -> None:
    pdf = build(tmp_path, HANDOUTS[name])
    assert problems(pdf) == []


def test_a_clinic_with_its_own_photos_passes_the_validator(demo: Path) -> None:
    pdf = build(demo, list(own_photos(demo)), cwd=demo)
    assert problems(pdf) == []
    with pikepdf.open(pdf) as doc:
        alts = [str(e.Alt) for e in _walk(doc.Root.StructTreeRoot) if str(e.S) == "/Figure"]
        images = sum(len(page.get_images()) for page in doc.pages)
    assert alts.count("Our photo of the start position.") == 3
    assert images >= 6  # the photos are drawn, each a Figure


def test_the_validator_fails_an_untagged_handout(tmp_path: Path) -> None:
    """The same handout built without tagging (as before this change) fails on every count."""
    from pdfgen.build import HandoutRequest, build_handout
    from pdfgen.content.project import find_project

    request = HandoutRequest(level=2, date=dt.date(2026, 11, 24), tagged=False,
                             output=tmp_path / "untagged.pdf")
    path = tmp_path / "untagged.pdf"
    path.write_bytes(build_handout(find_project(None, cwd=REPO), request).pdf)
    found = problems(path)
    assert "no /MarkInfo << /Marked true >>" in found
    assert "no structure tree" in found
    assert any("Tj drawn outside marked content" in p or "TJ drawn outside" in p
               for p in found)


def test_same_inputs_same_bytes_tagged(tmp_path: Path) -> None:
    first = build(tmp_path, HANDOUTS["plan-with-log"], "one.pdf")
    second = build(tmp_path, HANDOUTS["plan-with-log"], "two.pdf")
    assert first.read_bytes() == second.read_bytes()


def test_pictures_are_figures_with_their_alt_and_qr_codes_are_links(tmp_path: Path) -> None:
    pdf = build(tmp_path, HANDOUTS["level-2"])
    with pikepdf.open(pdf) as doc:
        elements = list(_walk(doc.Root.StructTreeRoot))
        alts = [str(e.Alt) for e in elements if str(e.S) == "/Figure"]
        links = [e for e in elements if str(e.S) == "/Link"]
        annotations = [a for p in doc.pages for a in p.get("/Annots", [])
                       if a.get("/Subtype") == pikepdf.Name.Link]
    assert "Start: stand tall, feet about hip-width apart." in alts  # a caption, by default
    assert any(alt.startswith("QR code:") for alt in alts)
    assert links and len(links) == len(annotations)
    assert all(str(a.Contents) and "/StructParent" in a for a in annotations)
    assert all(str(a.A.URI).startswith(("http", "mailto:")) for a in annotations)
    # Printed as well as shown (the Print flag), and the clinic's addresses are links too.
    assert all(int(a.F) & 4 for a in annotations)
    assert {str(a.A.URI) for a in annotations} >= {"mailto:frontdesk@example.com",
                                                   "https://www.example.com"}


def test_a_pictures_alt_is_what_a_screen_reader_reads(demo: Path) -> None:
    """`alt` in the content replaces the caption as the Figure's /Alt; the caption is still
    printed (and read) under the picture."""
    squat = demo / "content" / "exercises" / "squat.yaml"
    alt = "A person standing tall, feet hip-width apart, arms at the sides."
    squat.write_text(squat.read_text().replace(
        '    caption: "Start: stand tall, feet about hip-width apart."\n',
        '    caption: "Start: stand tall, feet about hip-width apart."\n'
        f'    alt: "{alt}"\n', 1))
    assert alt in squat.read_text()
    out = demo / "squat.pdf"
    done = run_limited("handout", "--level", "2", "--date", "2026-11-24", "--output",
                       str(out), cwd=demo, timeout=120)
    assert done.returncode == 0, done.stderr
    assert problems(out) == []
    with pikepdf.open(out) as doc:
        alts = [str(e.Alt) for e in _walk(doc.Root.StructTreeRoot) if str(e.S) == "/Figure"]
    assert alt in alts
    assert "Start: stand tall, feet about hip-width apart." not in alts


def test_a_translations_alt_is_read_and_its_qr_codes_are_named_in_its_language(
        demo: Path) -> None:
    """A translation may give a picture's `alt` (it was refused: "expected caption (as in
    the English)"); a QR code is "Código QR" in a Spanish handout, not "QR code"."""
    squat = demo / "content" / "exercises" / "squat.es.yaml"
    alt = "Una persona de pie, con los pies al ancho de la cadera y los brazos a los lados."
    text = squat.read_text(encoding="utf-8")
    first = ('  - caption: "Inicio: de pie, espalda recta, pies más o menos al ancho de la '
             'cadera."\n')
    assert first in text
    squat.write_text(text.replace(first, f'{first}    alt: "{alt}"\n'), encoding="utf-8")
    out = demo / "squat.pdf"
    done = run_limited("handout", "--level", "2", "--language", "es", "--date", "2026-11-24",
                       "--output", str(out), cwd=demo, timeout=120)
    assert done.returncode == 0, done.stderr
    with pikepdf.open(out) as doc:
        alts = [str(e.Alt) for e in _walk(doc.Root.StructTreeRoot) if str(e.S) == "/Figure"]
    assert alt in alts
    codes = [a for a in alts if "QR" in a]
    assert codes and all(a.startswith("Código QR: ") for a in codes), codes


def test_a_table_split_over_pages_numbers_its_rows_on() -> None:
    """Each piece says its rows (renderCB's startRow), so the next piece's rows follow on;
    the header repeated at the top of a piece is not read again."""
    import io

    from reportlab.pdfgen.canvas import Canvas

    from pdfgen.layout.reportlab_door import Table
    from pdfgen.layout.tagging import Tagger, table_cells

    canvas = Canvas(io.BytesIO())
    canvas.tagger = tagger = Tagger()
    tagger.start_page(canvas)
    data = [["week", "done"], *[[f"week {n}", ""] for n in range(1, 21)]]
    table = Table(data, colWidths=[60, 40], repeatRows=1, renderCB=table_cells(1, False))
    pieces, rest = [], table
    while len(parts := rest.split(100, 150)) > 1:  # a page 150 pt tall at a time
        pieces.append(parts[0])
        rest = parts[1]
    pieces.append(rest)
    assert len(pieces) > 2
    for piece in pieces:
        piece.wrapOn(canvas, 100, 1000)
        piece.drawOn(canvas, 0, 0)
        canvas.showPage()
    rows = [m.cell[1] for m in tagger.marks if m.role == "Cell" and m.cell[2] == 0]
    assert rows == list(range(len(data))), rows

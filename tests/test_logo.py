"""The clinic's logo (SVG, PNG, JPEG) is scaled into the header; a bad one is named."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from conftest import pdf_fonts, pdf_text, run, succeeds, working_directory
from pictures_helpers import CLINIC, logo
from PIL import Image

from pdfgen.content.pictures import load_logo
from pdfgen.errors import ContentError


def png_logo(path: Path, size: tuple[int, int] = (400, 200)) -> None:
    image = Image.new("RGBA", size, (15, 82, 87, 255))
    image.save(path, format="PNG")


def test_an_svg_logo_is_scaled_to_the_height_keeping_its_shape(demo: Path) -> None:
    drawn = logo(demo / "content/images/logo.svg", height=54, max_width=160)
    assert drawn.height == pytest.approx(54)
    assert 0 < drawn.width <= 160


def test_a_wide_logo_is_held_to_the_maximum_width(tmp_path: Path) -> None:
    png_logo(tmp_path / "wide.png", (1000, 100))
    drawn = logo(tmp_path / "wide.png", height=54, max_width=160)
    assert (drawn.drawWidth, drawn.drawHeight) == pytest.approx((160, 16))


def test_a_png_logo_builds_and_the_bytes_do_not_depend_on_the_folder(
    demo: Path, tmp_path: Path
) -> None:
    png_logo(demo / "content/images/logo.png")
    toml = demo / CLINIC
    toml.write_text(toml.read_text().replace("images/logo.svg", "images/logo.png"))
    other = tmp_path / "copy-elsewhere"
    shutil.copytree(demo, other)
    succeeds(run("handout", "--level", "2", "--date", "2026-01-01", cwd=demo))
    succeeds(run("handout", "--level", "2", "--date", "2026-01-01", cwd=other))
    first = (demo / "out/back-pain-level-2.pdf").read_bytes()
    assert first == (other / "out/back-pain-level-2.pdf").read_bytes()
    assert "Mangrove Bay Chiropractic" in pdf_text(demo / "out/back-pain-level-2.pdf")


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 20), "teal").save(out, format="JPEG")
    return out.getvalue()


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 20), "teal").save(out, format="PNG")
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "problem"),
    [
        ("logo.png", b"\x89PNG\r\n\x1a\n broken",
         "cannot read the image images/logo.png (not a PNG file, or damaged)"),
        ("logo.jpg", b"not a jpeg",
         "cannot read the image images/logo.jpg (not a JPEG file, or damaged)"),
        ("logo.svg", b"<svg", "cannot read the SVG file images/logo.svg"),
        # A JPEG saved as logo.png: "not a PNG file, or damaged" said nothing of what it is.
        ("logo.png", _jpeg(), "images/logo.png is a JPEG file under a .png name: rename it "
         "logo.jpg, and write that name where it is named"),
        ("logo.jpeg", _png(), "images/logo.jpeg is a PNG file under a .jpeg name: rename it "
         "logo.png, and write that name where it is named"),
        ("logo.gif", b"GIF89a", "expected an .svg, .png, .jpg or .heic file, got images/logo.gif"),
    ],
)
def test_a_bad_logo_file_is_an_error_naming_it(tmp_path: Path, name: str, data: bytes,
                                               problem: str) -> None:
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / name).write_bytes(data)
    with working_directory(tmp_path), pytest.raises(ContentError) as info:
        load_logo(Path("images") / name, CLINIC)
    assert (info.value.field, info.value.problem) == ("logo", problem)


def test_a_clinic_without_a_logo_still_gets_a_header(minimal: Path) -> None:
    result = run("handout", "--level", "1", cwd=minimal)
    assert result.exception is None, result.output
    text = pdf_text(minimal / "out/neck-level-1.pdf")
    assert text.startswith("Clínica Sol Ana Ruiz · +34 555 010 203")


def test_jpeg_logo(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    Image.new("RGB", (300, 300), "white").save(buffer, format="JPEG")
    (tmp_path / "logo.jpg").write_bytes(buffer.getvalue())
    drawn = logo(tmp_path / "logo.jpg", height=54, max_width=160)
    assert (drawn.drawWidth, drawn.drawHeight) == pytest.approx((54, 54))


LETTERED = """<svg xmlns="http://www.w3.org/2000/svg" width="120" height="60" viewBox="0 0 120 60">
  <circle cx="30" cy="30" r="26" fill="#1d5c63"/>
  <text x="14" y="40" font-family="sans-serif" font-size="26" font-weight="bold"
        fill="#ffffff">RP</text>
  <text x="62" y="38" font-family="Georgia, serif" font-size="14" fill="#1d5c63">Physio</text>
</svg>
"""


@pytest.mark.parametrize("layout", ["detailed", "compact"])
def test_a_logo_s_lettering_is_drawn_in_the_handout_s_own_embedded_fonts(
        demo: Path, layout: str) -> None:
    """An SVG's text in a family svglib does not know is set in PDF's standard fonts, which
    no handout embeds: a lettered logo put Helvetica and Times-Roman, unembedded, in every
    handout, and a print shop's preflight refuses such a file."""
    (demo / "content/images/logo.svg").write_text(LETTERED, encoding="utf-8")
    out = demo / f"{layout}.pdf"
    made = run("handout", "--level", "2", "--layout", layout, "-o", str(out), cwd=demo)
    assert made.exit_code == 0, made.output
    fonts = pdf_fonts(out)
    assert all(fonts.values()), fonts
    assert {name.split("+")[-1] for name in fonts} == {"AtkinsonHyperlegible-Regular",
                                                        "AtkinsonHyperlegible-Bold"}, fonts
    assert "Physio" in pdf_text(out)
    import page  # (page-validation: the PDF/UA-1 check that is not pdfgen's own)

    assert page.validate_pdf(str(out), profile="ua1").is_compliant

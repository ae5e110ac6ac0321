"""Odd and hostile picture files print or are one clear line, in bounded memory and time."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import yaml
from conftest import files_in, run
from pictures_helpers import CLINIC, SVG, placed_images
from PIL import Image


def limited(cwd: Path, *args: str, path: str | None = None):
    """pdfgen in its own process, held to 3 GB of memory and 60 s of processor time, with
    a cache folder of its own."""
    from limited import run_limited

    env: dict[str, str | None] = {"XDG_CACHE_HOME": str(cwd / ".cache")}
    if path is not None:
        env["PATH"] = path
    return run_limited(*args, cwd=cwd, timeout=120, env=env, memory=3 << 30, cpu=60)


def png_bomb(width: int, height: int) -> bytes:
    """A PNG whose header declares `width` × `height` pixels, with almost no data."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data)))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\0" * 1000)) + chunk(b"IEND", b""))
HOSTILE = {
    "bomb.png": (png_bomb(50_000, 50_000), "has too many pixels: at most 80 megapixels"),
    "empty.svg": (SVG + 'width="100" height="100"></svg>', "draws nothing"),
    "flat.svg": (SVG + 'width="100" height="100"><rect width="0" height="0"/></svg>',
                 "draws nothing"),
    "endless.svg": (SVG + 'width="100" height="100"><rect width="1e999" height="10"/></svg>',
                    "draws nothing that can be printed"),
    "nan.svg": (SVG + 'width="nan" height="100"><rect width="10" height="10"/></svg>',
                "no usable size"),
    "photo.svg": (SVG + 'width="100" height="100"><image width="10" height="10" xlink:href='
                  '"data:image/png;base64,iVBORw0KGgo="/></svg>', "holds an <image>"),
    "outside.svg": (SVG + 'width="100" height="100"><use xlink:href="../../../outside.svg#a"/>'
                    '</svg>', "which is outside the clinic folder"),
    "web.svg": (SVG + 'width="100" height="100"><use href="https://example.com/a.svg#a"/>'
                '</svg>', "may only use files inside the clinic folder"),
    # (A web page saved as .svg: "has no usable size", before.)
    "page.svg": ("<!DOCTYPE html>\n<html><body>A drawing</body></html>\n",
                 "is not an SVG drawing (it is <html>, not <svg>)"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_picture_is_one_clear_line(demo: Path, name: str) -> None:
    import re

    data, problem = HOSTILE[name]
    (demo.parent / "outside.svg").write_text(SVG + 'width="9" height="9"><rect id="a" '
                                             'width="9" height="9"/></svg>')
    picture = demo / "content/images" / name
    picture.write_bytes(data if isinstance(data, bytes) else data.encode())
    squat = demo / "content/exercises/squat.yaml"
    squat.write_text(re.sub(r"figure: .*", f"file: images/{name}", squat.read_text(), count=1))
    result = limited(demo, "handout", "--level", "2")
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1
    assert re.fullmatch(r"error: content/exercises/squat.yaml:\d+: pictures\[1\].file: .*"
                        + re.escape(problem) + r".*\n", result.stderr), result.stderr
    assert f"images/{name}" in result.stderr
    assert files_in(demo / "out") == []
    check = limited(demo, "check")
    assert check.returncode == 2, check.stdout + check.stderr
    assert "Traceback" not in check.stderr
    assert re.search(r"error: content/exercises/squat.yaml:\d+: pictures\[1\].file: .*"
                     + re.escape(problem), check.stdout), check.stdout


def test_postscript_named_png_never_reaches_ghostscript(demo: Path, tmp_path: Path) -> None:
    import os

    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    marker = tmp_path / "ghostscript-ran"
    (bin_dir / "gs").write_text(f"#!/bin/sh\ntouch {marker}\nexit 1\n")
    (bin_dir / "gs").chmod(0o755)
    (demo / "content/images/logo.png").write_bytes(
        b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 100 100\nshowpage\n%%EOF\n")
    toml = demo / CLINIC
    toml.write_text(toml.read_text().replace("images/logo.svg", "images/logo.png"))
    result = limited(demo, "handout", "--level", "2",
                     path=f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    assert result.returncode == 2
    line = toml.read_text().splitlines().index('logo = "images/logo.png"') + 1
    assert result.stderr == (f"error: content/clinic.toml:{line}: logo: cannot read the image "
                             "content/images/logo.png (not a PNG file, or damaged)\n")
    assert not marker.exists()


def test_a_16_bit_grey_png_keeps_its_greys(demo: Path) -> None:
    from PIL import ImageStat

    Image.new("I;16", (800, 600), 32768).save(demo / "content/images/scan.png")
    assert Image.open(demo / "content/images/scan.png").mode.startswith("I;16")
    squat = demo / "content/exercises/squat.yaml"
    data = yaml.safe_load(squat.read_text())
    data["pictures"][0].pop("figure")
    data["pictures"][0]["file"] = "images/scan.png"
    squat.write_text(yaml.safe_dump(data))
    result = run("handout", "--level", "2", cwd=demo)
    assert result.exit_code == 0, result.output
    (placed,) = [i for i in placed_images(demo / "out/back-pain-level-2.pdf")
                 if i[4].startswith(b"\xff\xd8")]
    (mean,) = ImageStat.Stat(Image.open(io.BytesIO(placed[4])).convert("L")).mean
    assert 120 < mean < 136  # half grey, as scanned; not white


def test_an_iphone_heic_photo_prints(demo: Path) -> None:
    import pillow_heif

    photo = Image.new("RGB", (1200, 900), (200, 120, 40))
    pillow_heif.from_pillow(photo).save(demo / "content/images/phone.heic", quality=90)
    squat = demo / "content/exercises/squat.yaml"
    data = yaml.safe_load(squat.read_text())
    data["pictures"][0].pop("figure")
    data["pictures"][0]["file"] = "images/phone.heic"
    squat.write_text(yaml.safe_dump(data))
    result = limited(demo, "handout", "--level", "2")
    assert result.returncode == 0, result.stderr
    (placed,) = [i for i in placed_images(demo / "out/back-pain-level-2.pdf")
                 if i[4].startswith(b"\xff\xd8")]
    red, green, blue = Image.open(io.BytesIO(placed[4])).convert("RGB").getpixel((5, 5))
    assert abs(red - 200) < 12 and abs(green - 120) < 12 and abs(blue - 40) < 12
    assert limited(demo, "check").returncode == 0


def missing_resources(pdf: Path) -> list[str]:
    """Every resource a page's drawing operators name that its resources do not hold."""
    import pikepdf

    wants = {"gs": "/ExtGState", "Do": "/XObject", "Tf": "/Font", "sh": "/Shading",
             "cs": "/ColorSpace", "CS": "/ColorSpace"}
    device = {"/DeviceRGB", "/DeviceGray", "/DeviceCMYK", "/Pattern"}
    missing = []

    def walk(owner: object, label: str) -> None:
        resources = owner.get("/Resources") or {}
        for operands, operator in pikepdf.parse_content_stream(owner):
            kind = wants.get(str(operator))
            if kind is None or not operands:
                continue
            name = str(operands[0])
            if kind == "/ColorSpace" and name in device:
                continue
            if name not in (resources.get(kind) or {}):
                missing.append(f"{label}: {operator} {name} not in {kind}")
            elif str(operator) == "Do":
                xobject = resources[kind][name]
                if xobject.get("/Subtype") == "/Form":
                    walk(xobject, f"{label} {name}")

    with pikepdf.open(pdf) as document:
        for number, page in enumerate(document.pages, 1):
            walk(page.obj, f"page {number}")
    return missing


def test_every_svg_feature_kept_makes_a_valid_pdf(demo: Path) -> None:
    (demo / "content/images/logo.svg").write_text(
        SVG + 'width="120" height="60"><rect width="100" height="50" fill="#0F5257" '
        'fill-opacity="0.4" stroke="#8A4B12" stroke-opacity="0.5" stroke-width="3"/>'
        '<circle cx="60" cy="30" r="20" fill="#1D5C4D" opacity="0.7"/></svg>')
    result = limited(demo, "handout", "--level", "2")
    assert result.returncode == 0, result.stderr
    out = demo / "out/back-pain-level-2.pdf"
    assert missing_resources(out) == []
    import pikepdf

    with pikepdf.open(out) as document:  # the transparency is there, named and held
        states = [s for page in document.pages
                  for s in (page.obj.Resources.get("/ExtGState") or {}).values()]
        assert any(float(s.get("/ca", 1)) == pytest.approx(0.4) for s in states)

"""The logo: SVG through svglib, PNG and JPEG from bytes, and clear errors for bad files."""

from __future__ import annotations

import functools
import io
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import files_in, pdf_text, run, succeeds, working_directory
from PIL import Image

from pdfgen.content.pictures import load_logo
from pdfgen.errors import ContentError
from pdfgen.layout.pictures import logo_flowable

CLINIC = Path("content/clinic.toml")


def logo(path: Path, height: float, max_width: float):
    """The logo read as the pipeline reads it, then laid out."""
    return logo_flowable(load_logo(path, CLINIC), height=height, max_width=max_width)


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


@pytest.mark.parametrize(
    ("name", "data", "problem"),
    [
        ("logo.png", b"\x89PNG\r\n\x1a\n broken",
         "cannot read the image images/logo.png (not a PNG file, or damaged)"),
        ("logo.jpg", b"not a jpeg",
         "cannot read the image images/logo.jpg (not a JPEG file, or damaged)"),
        ("logo.svg", b"<svg", "cannot read the SVG file images/logo.svg"),
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


# --- Exercise pictures: photos made ready for print and e-mail ---------------------------

def phone_photo(path: Path, size: tuple[int, int] = (5472, 3648), rotated: bool = True) -> None:
    """A 20-megapixel photo as a phone writes it: sideways, with camera data and GPS."""
    path.write_bytes(_photo_bytes(size, rotated))


@functools.lru_cache(maxsize=4)
def _photo_bytes(size: tuple[int, int], rotated: bool) -> bytes:
    from PIL import ImageChops

    w, h = size
    red = Image.linear_gradient("L").resize((w, h))
    green = Image.linear_gradient("L").rotate(90).resize((w, h))
    blue = ImageChops.blend(red, Image.effect_noise((w, h), 40), 0.5)
    photo = Image.merge("RGB", (red, green, blue))
    exif = photo.getexif()
    exif[0x010F] = "PhoneMaker"  # camera make
    exif[0x8825] = {1: "N", 2: (27.0, 57.0, 0.0)}  # GPS
    if rotated:
        exif[0x0112] = 6  # "rotate 90°": the camera was held upright
    buffer = io.BytesIO()
    photo.save(buffer, format="JPEG", quality=92, exif=exif)
    return buffer.getvalue()


def placed_images(pdf: Path) -> list[tuple[int, int, float, float, bytes]]:
    """Each image drawn: its pixels, the size it is printed at (points) and its data."""
    import re

    import pypdf

    found = []
    for page in pypdf.PdfReader(pdf).pages:
        xobjects = page["/Resources"].get("/XObject") or {}
        content = page.get_contents().get_data()
        for match in re.finditer(rb"([\d.]+) 0 0 ([\d.]+) [\d.\-]+ [\d.\-]+ cm\s*/(\S+) Do",
                                 content):
            image = xobjects["/" + match.group(3).decode()].get_object()
            if image.get("/Subtype") == "/Image":
                found.append((image["/Width"], image["/Height"], float(match.group(1)),
                              float(match.group(2)), image._data))
    return found


@pytest.fixture
def photos(demo: Path) -> Path:
    """The demo with its own photos: a huge rotated JPEG per card, a transparent PNG."""
    images = demo / "content/images"
    for slug in ("squat", "lunge", "kettlebell-swing"):
        phone_photo(images / f"{slug}.jpg")
    clear = Image.new("RGBA", (600, 500), (0, 0, 0, 0))
    clear.paste((15, 82, 87, 255), (100, 100, 500, 400))
    clear.save(images / "clear.png")
    for slug in ("squat", "lunge", "kettlebell-swing"):
        path = demo / f"content/exercises/{slug}.yaml"
        data = yaml.safe_load(path.read_text())
        data["pictures"] = [{"file": f"images/{slug}.jpg", "caption": "Our own photo."},
                            {"file": "images/clear.png", "caption": "A transparent PNG."}]
        if slug == "squat":
            data["pictures"].append({"file": "images/logo.svg",
                                     "caption": "A drawing."})
        path.write_text(yaml.safe_dump(data, allow_unicode=True))
    return demo


def test_photos_are_upright_small_and_without_camera_data(photos: Path) -> None:
    result = run("handout", "--level", "2", "--date", "2026-11-24", cwd=photos)
    assert result.exception is None, result.output
    out = photos / "out/back-pain-level-2.pdf"
    assert out.stat().st_size < 1_500_000  # 3 × 20 megapixels and more in one handout
    images = placed_images(out)
    jpegs = [i for i in images if i[4].startswith(b"\xff\xd8")]
    assert len(jpegs) == 3
    for pixels_w, pixels_h, points_w, points_h, _ in images:
        assert pixels_w / (points_w / 72) <= 201 and pixels_h / (points_h / 72) <= 201
    for pixels_w, pixels_h, *_ , data in jpegs:
        assert pixels_h > pixels_w  # turned upright: the photo was taken in portrait
        assert b"Exif" not in data and b"PhoneMaker" not in data
    assert "Our own photo." in pdf_text(out)
    # The same photos give the same bytes.
    succeeds(run("handout", "--level", "2", "--date", "2026-11-24", "-o", "out/again.pdf",
                 cwd=photos))
    assert (photos / "out/again.pdf").read_bytes() == out.read_bytes()


def test_a_photo_is_decoded_once_for_its_bytes_and_read_again_when_they_change(
        tmp_path: Path) -> None:
    from pdfgen.content.pictures import load_picture, raster_dpi

    def jpeg(path: Path, size: tuple[int, int]) -> None:
        Image.new("RGB", size, (120, 80, 40)).save(path, format="JPEG")

    jpeg(tmp_path / "a.jpg", (300, 200))
    shutil.copy(tmp_path / "a.jpg", tmp_path / "same-bytes.jpg")
    first = load_picture(tmp_path / "a.jpg")
    assert load_picture(tmp_path / "a.jpg") is first
    assert load_picture(tmp_path / "same-bytes.jpg") is first  # keyed by what it holds
    assert raster_dpi(first, 72) == 300  # 300 pixels over an inch
    jpeg(tmp_path / "a.jpg", (200, 300))
    changed = load_picture(tmp_path / "a.jpg")
    assert changed is not first and (changed.width, changed.height) == (200, 300)


def test_a_transparent_png_keeps_its_transparency(photos: Path) -> None:
    succeeds(run("handout", "--level", "2", cwd=photos))
    import pypdf

    masked = [x.get_object() for page in pypdf.PdfReader(
              photos / "out/back-pain-level-2.pdf").pages
              for x in (page["/Resources"].get("/XObject") or {}).values()
              if x.get_object().get("/SMask") is not None]
    assert masked  # an image with a soft mask: its transparent parts stay see-through


def test_grayscale_clinics_get_grey_photos(photos: Path) -> None:
    toml = photos / "content/clinic.toml"
    toml.write_text(toml.read_text().replace("[brand]", 'pictures = "grayscale"\n\n[brand]'))
    succeeds(run("handout", "--level", "2", cwd=photos))
    import pypdf

    spaces = {str(x.get_object().get("/ColorSpace"))
              for page in pypdf.PdfReader(photos / "out/back-pain-level-2.pdf").pages
              for x in (page["/Resources"].get("/XObject") or {}).values()
              if x.get_object().get("/Subtype") == "/Image"}
    assert spaces == {"/DeviceGray"}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, r"error: content/exercises/squat.yaml:\d+: pictures\[1\].file: file not found: "
               r"content/images/squat.jpg"),
        (b"\xff\xd8\xff not really a jpeg", r"error: content/exercises/squat.yaml:\d+: "
         r"pictures\[1\].file: cannot read the image content/images/squat.jpg \(not a JPEG "
         r"file, or damaged\)"),
        (b"GIF89a", None),
    ],
)
def test_a_missing_or_corrupt_picture_names_the_file_and_exercise(
    photos: Path, content: bytes | None, message: str | None
) -> None:
    photo = photos / "content/images/squat.jpg"
    if content is None:
        photo.unlink()
    elif message is None:  # an unsupported kind of file
        (photos / "content/images/squat.gif").write_bytes(content)
        squat = photos / "content/exercises/squat.yaml"
        squat.write_text(squat.read_text().replace("images/squat.jpg", "images/squat.gif"))
        message = (r"error: content/exercises/squat.yaml:\d+: pictures\[1\].file: expected "
                   r"an .svg, .png, .jpg or .heic file, got content/images/squat.gif")
    else:
        photo.write_bytes(content)
    result = run("handout", "--level", "2", cwd=photos)
    assert result.exit_code == 2
    import re

    assert re.fullmatch(message, result.stderr.strip()), result.stderr
    assert files_in(photos / "out") == []
    assert run("check", cwd=photos).exit_code == 2


def test_check_warns_about_small_photos_and_exercises_without_pictures(photos: Path) -> None:
    phone_photo(photos / "content/images/lunge.jpg", size=(200, 150), rotated=False)
    squat = photos / "content/exercises/squat.yaml"
    data = yaml.safe_load(squat.read_text())
    del data["pictures"]
    squat.write_text(yaml.safe_dump(data))
    (squat.parent / "squat.es.yaml").unlink()  # its captions would now be an error
    result = run("check", "--strict", cwd=photos)
    assert result.exit_code == 1
    assert "warning: content/exercises/squat.yaml: pictures: no picture" in result.stdout
    assert "lunge.yaml" in result.stdout and "images/lunge.jpg prints at" in result.stdout


def test_every_default_exercise_has_a_start_and_an_end_picture() -> None:
    from conftest import REPO

    for path in (REPO / "content/exercises").glob("*.yaml"):
        if "." in path.stem:  # a translation: captions only, checked by pdfgen check
            continue
        pictures = yaml.safe_load(path.read_text())["pictures"]
        assert len(pictures) >= 2, path.name
        # The demo's are figures pdfgen draws (tests/test_figures.py); a file must be there.
        assert all("figure" in p or (REPO / "content" / p["file"]).is_file()
                   for p in pictures), path.name


# --- Hostile pictures: one clear line, in bounded memory and time ------------------------

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


SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
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
    assert result.stderr == ("error: content/clinic.toml: logo: cannot read the image "
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

"""Exercise photos print upright, small, without camera data, grey for grey clinics."""

from __future__ import annotations

import functools
import io
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import files_in, pdf_text, run, succeeds
from pictures_helpers import placed_images
from PIL import Image


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


@pytest.mark.parametrize("spelt", ["grayscale", "greyscale"])  # (as a UK clinic writes it)
def test_grayscale_clinics_get_grey_photos(photos: Path, spelt: str) -> None:
    toml = photos / "content/clinic.toml"
    toml.write_text(toml.read_text().replace("[brand]", f'pictures = "{spelt}"\n\n[brand]'))
    succeeds(run("handout", "--level", "2", cwd=photos))
    assert image_spaces(photos / "out/back-pain-level-2.pdf") == {"/DeviceGray"}


def test_colour_spelt_the_british_way_is_colour(photos: Path) -> None:
    toml = photos / "content/clinic.toml"
    toml.write_text(toml.read_text().replace("[brand]", 'pictures = "colour"\n\n[brand]'))
    succeeds(run("handout", "--level", "2", cwd=photos))
    assert "/DeviceRGB" in image_spaces(photos / "out/back-pain-level-2.pdf")


def image_spaces(pdf: Path) -> set[str]:
    """The colour spaces of a PDF's images."""
    import pypdf

    return {str(x.get_object().get("/ColorSpace")) for page in pypdf.PdfReader(pdf).pages
            for x in (page["/Resources"].get("/XObject") or {}).values()
            if x.get_object().get("/Subtype") == "/Image"}


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


@pytest.mark.parametrize("typed", ["images/squat_start.jpg", "images/Squat-Start.JPG"])
def test_a_photo_name_typed_almost_right_is_named_as_it_is(photos: Path, typed: str) -> None:
    """A photo's name typed from memory (an underscore for a dash, capitals): the one line
    names the file that is there."""
    (photos / "content/images/squat.jpg").rename(photos / "content/images/squat-start.jpg")
    squat = photos / "content/exercises/squat.yaml"
    squat.write_text(squat.read_text().replace("images/squat.jpg", typed))
    result = run("handout", "--level", "2", cwd=photos)
    assert result.exit_code == 2, result.output
    assert result.stderr.strip().endswith(
        f"pictures[1].file: file not found: content/{typed} (did you mean "
        "images/squat-start.jpg?)"
    ), result.stderr
    assert files_in(photos / "out") == []


def _cut_png() -> bytes:
    """A PNG of noise, its second half gone (a copy stopped half way)."""
    import io

    from PIL import Image

    made = io.BytesIO()
    Image.effect_noise((1200, 900), 50).convert("RGB").save(made, "PNG")
    return made.getvalue()[:len(made.getvalue()) // 2]


@pytest.mark.parametrize("where", ["picture", "logo"])
def test_a_png_cut_short_is_named_not_a_traceback(photos: Path, where: str) -> None:
    # (Reading its EXIF, which a PNG may keep after its pixels, raised "image file is
    # truncated": exit 1 and a traceback, from handout and check alike.)
    import re

    (photos / "content/images/cut.png").write_bytes(_cut_png())
    if where == "picture":
        squat = photos / "content/exercises/squat.yaml"
        squat.write_text(squat.read_text().replace("images/squat.jpg", "images/cut.png"))
        said = r"content/exercises/squat.yaml:\d+: pictures\[1\].file"
    else:
        toml = photos / "content/clinic.toml"
        toml.write_text(toml.read_text().replace('"images/logo.svg"', '"images/cut.png"'))
        said = r"content/clinic.toml(:\d+)?: logo"
    result = run("handout", "--level", "2", cwd=photos)
    assert result.exit_code == 2, result.output
    assert re.fullmatch(rf"error: {said}: cannot read the image content/images/cut.png.*\n",
                        result.stderr), result.stderr
    checked = run("check", cwd=photos)
    assert checked.exit_code == 2 and "Traceback" not in checked.stderr, checked.stderr

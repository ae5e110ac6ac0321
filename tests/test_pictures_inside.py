"""Pictures inside the page: a clinic's photos and drawings of any shape and size (a phone's
6000 × 4000 landscape, a panorama, a tall strip, a 40 × 30 thumbnail, a photo stored sideways,
very wide and very tall SVGs), read back from the PDF, stand inside the margins and their
column, keep their shape, and print between their least height and 3.5 in."""

from __future__ import annotations

import ctypes
import functools
import io
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
import yaml
from conftest import run, succeeds
from PIL import Image, ImageDraw

from pdfgen.layout.blocks.gallery import MIN_HEIGHT, MIN_HEIGHT_LARGE
from pdfgen.layout.pages import FOOTER_BASELINE, HEADER_TOP, MARGIN_X

TALLEST = 3.5 * 72  # the tallest a picture prints, on a card with a page to itself
PICTURE_COLUMN = 0.6  # the least share of the card a picture column beside the steps may
# take at its widest: a picture under its least height must fill at least that
SLACK = 0.5  # points: rounding
TOUCH = 2  # points: a letter's box and a stroke's ink may reach a little over an edge

# Each photo: its pixels as stored, and whether the camera stored it sideways (EXIF
# orientation 6: upright it is taller than wide).
PHOTOS = {
    "landscape": ((6000, 4000), False),  # the phone photo that ran off the A4 page
    "portrait": ((6000, 4000), True),
    "panorama": ((8000, 1000), False),
    "tall": ((1000, 6000), False),
    "tiny": ((40, 30), False),
    "square": ((2000, 2000), False),
}
DRAWINGS = {"wide.svg": (2000, 100), "tall.svg": (100, 2000)}
DEMO_DRAWING = "logo.svg"  # a drawing of the demo's (its exercises are figures)

# The pictures of each card, the cards in the routine's order: shapes side by side with
# shapes unlike them, which is where a picture stood out of its slot.
SETS = {
    "phone photos": [["landscape", "landscape"], ["landscape", "portrait"],
                     ["square", "portrait", "landscape"]],
    "odd shapes": [["panorama", "tiny"], ["tall", "panorama"],
                   ["landscape", "tall", "panorama", "tiny"]],
    "drawings": [["wide.svg", "wide.svg"], ["tall.svg"], ["landscape", DEMO_DRAWING]],
}
PRINTS = {"letter": ("--paper", "letter"), "a4": ("--paper", "a4"),
          "letter large": ("--paper", "letter", "--large-print"),
          "a4 large": ("--paper", "a4", "--large-print")}


@functools.lru_cache(maxsize=8)
def photo_bytes(name: str) -> bytes:
    """A JPEG of the shape named: a frame, a circle and a cross, so a squashed print shows."""
    (width, height), sideways = PHOTOS[name]
    image = Image.new("RGB", (width, height), (205, 195, 180))
    draw = ImageDraw.Draw(image)
    line = max(1, min(width, height) // 40)
    draw.rectangle((0, 0, width - 1, height - 1), outline=(30, 30, 30), width=line)
    side = min(width, height) * 0.8
    left, top = (width - side) / 2, (height - side) / 2
    draw.ellipse((left, top, left + side, top + side), outline=(30, 30, 30), width=line)
    draw.line((0, 0, width, height), fill=(90, 90, 90), width=line)
    exif = image.getexif()
    if sideways:
        exif[0x0112] = 6
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=60, exif=exif)
    return buffer.getvalue()


def drawing(width: int, height: int) -> str:
    """An SVG of a framed band with circles along it: the ink fills its whole box."""
    r = min(width, height) / 2 - 4
    step = 2 * r + 8
    circles = "".join(
        f'<circle cx="{4 + r + i * step:.0f}" cy="{height / 2:.0f}" r="{r:.0f}" fill="#555"/>'
        if width >= height else
        f'<circle cx="{width / 2:.0f}" cy="{4 + r + i * step:.0f}" r="{r:.0f}" fill="#555"/>'
        for i in range(int(max(width, height) // step)))
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
            f'width="{width}" height="{height}"><rect x="2" y="2" width="{width - 4}" '
            f'height="{height - 4}" fill="none" stroke="#222" stroke-width="4"/>'
            f'{circles}</svg>')


def with_pictures(demo: Path, level: str, cards: list[list[str]]) -> None:
    """The demo routine's cards, in order, with these pictures in place of the drawings."""
    images = demo / "content" / "images"
    routine = demo / "content" / "routines" / "back-pain" / f"level-{level}.yaml"
    slugs = yaml.safe_load(routine.read_text())["exercises"]
    assert len(slugs) == len(cards)
    for slug, names in zip(slugs, cards, strict=True):
        pictures = []
        for index, name in enumerate(names):
            if name in PHOTOS:
                file = f"{name}.jpg"
                (images / file).write_bytes(photo_bytes(name))
            elif name in DRAWINGS:
                file = name
                (images / file).write_text(drawing(*DRAWINGS[name]))
            else:
                file = name
            pictures.append({"file": f"images/{file}",
                             "caption": f"Picture {index + 1}: the {name.split('.')[0]} one."})
        path = demo / "content" / "exercises" / f"{slug}.yaml"
        data = yaml.safe_load(path.read_text())
        data["pictures"] = pictures
        path.write_text(yaml.safe_dump(data, allow_unicode=True))


@dataclass
class Figure:
    """A picture as printed: its page, its box (left, bottom, right, top) and, for a photo,
    its pixels."""

    page: int
    box: tuple[float, float, float, float]
    pixels: tuple[int, int] | None

    @property
    def width(self) -> float:
        return self.box[2] - self.box[0]

    @property
    def height(self) -> float:
        return self.box[3] - self.box[1]


def marks(obj: pdfium.PdfObject) -> list[tuple[str, int]]:
    """The marked-content tags an object is drawn in (a Figure, a P...), with their MCIDs."""
    found = []
    for index in range(pdfium_c.FPDFPageObj_CountMarks(obj.raw)):
        mark = pdfium_c.FPDFPageObj_GetMark(obj.raw, index)
        length = ctypes.c_ulong()
        pdfium_c.FPDFPageObjMark_GetName(mark, None, 0, ctypes.byref(length))
        buffer = (ctypes.c_ushort * (length.value // 2 + 1))()
        pdfium_c.FPDFPageObjMark_GetName(mark, buffer, length.value, ctypes.byref(length))
        name = bytes(buffer)[:length.value].decode("utf-16-le").rstrip("\0")
        mcid = ctypes.c_int()
        if pdfium_c.FPDFPageObjMark_GetParamIntValue(mark, b"MCID", ctypes.byref(mcid)):
            found.append((name, mcid.value))
    return found


def _mark(obj: pdfium.PdfObject) -> tuple[str, int] | None:
    """The first marked-content tag and MCID an object is drawn in."""
    found = marks(obj)
    return found[0] if found else None


def _ink(path: pdfium.PdfObject) -> tuple[float, float, float, float]:
    """A drawn path's box on the page: its points, and half its line's width round them.
    (pdfium's own box of a path with round joins can be hundreds of points too wide.)"""
    matrix = path.get_matrix()
    points = []
    for index in range(pdfium_c.FPDFPath_CountSegments(path.raw)):
        segment = pdfium_c.FPDFPath_GetPathSegment(path.raw, index)
        x, y = ctypes.c_float(), ctypes.c_float()
        pdfium_c.FPDFPathSegment_GetPoint(segment, ctypes.byref(x), ctypes.byref(y))
        points.append(matrix.on_point(x.value, y.value))
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    pdfium_c.FPDFPath_GetDrawMode(path.raw, ctypes.byref(fill), ctypes.byref(stroke))
    line = ctypes.c_float()
    pdfium_c.FPDFPageObj_GetStrokeWidth(path.raw, ctypes.byref(line))
    a, b, c, d, _, _ = matrix.get()
    half = line.value * abs(a * d - b * c) ** 0.5 / 2 if stroke.value else 0.0
    return (min(x for x, _ in points) - half, min(y for _, y in points) - half,
            max(x for x, _ in points) + half, max(y for _, y in points) + half)


def read_back(pdf: Path) -> tuple[list[tuple[float, float]], list[Figure],
                                  list[list[tuple[float, float, float, float]]]]:
    """Each page's size, every figure (the objects of one Figure sequence together, and
    every image), and each page's characters' boxes."""
    document = pdfium.PdfDocument(pdf)
    sizes, figures, characters = [], [], []
    try:
        for number, page in enumerate(document):
            sizes.append(page.get_size())
            boxes: dict[int, list[tuple[float, float, float, float]]] = {}
            pixels: dict[int, tuple[int, int]] = {}
            for obj in page.get_objects(max_depth=1):
                mark = _mark(obj)
                if obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE:
                    assert mark is not None and mark[0] == "Figure", "an image not tagged"
                if mark is None or mark[0] != "Figure":
                    continue
                boxes.setdefault(mark[1], []).append(
                    _ink(obj) if obj.type == pdfium_c.FPDF_PAGEOBJ_PATH else obj.get_bounds())
                if obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE:
                    pixels[mark[1]] = obj.get_px_size()
            for mcid, parts in boxes.items():
                box = (min(b[0] for b in parts), min(b[1] for b in parts),
                       max(b[2] for b in parts), max(b[3] for b in parts))
                figures.append(Figure(number, box, pixels.get(mcid)))
            text = page.get_textpage()
            characters.append([text.get_charbox(i) for i in range(text.count_chars())
                               if not text.get_text_range(i, 1).isspace()])
    finally:
        document.close()
    return sizes, figures, characters


def build(demo: Path, level: str, args: tuple[str, ...]) -> Path:
    out = demo / "out" / "pictures.pdf"
    out.parent.mkdir(exist_ok=True)
    succeeds(run("handout", "--level", level, *args, "--date", "2026-11-24",
                 "--output", str(out), cwd=demo))
    assert out.is_file()
    return out


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    """How far two boxes overlap, in points (the smaller of the two overlaps' sides)."""
    return min(min(a[2], b[2]) - max(a[0], b[0]), min(a[3], b[3]) - max(a[1], b[1]))


def assert_inside(pdf: Path, cards: list[list[str]], large: bool) -> list[Figure]:
    """Every picture of `cards` printed, each inside the margins and its column, its shape
    kept, no taller than 3.5 in and, where its shape allows, at least its least height."""
    sizes, figures, characters = read_back(pdf)
    photos = [name for card in cards for name in card if name in PHOTOS]
    # Every picture printed (the last page adds a figure of its own, the clinic's QR code),
    # and the photos taken upright printed upright.
    assert len([f for f in figures if f.pixels]) == len(photos)
    assert len(figures) >= sum(len(card) for card in cards)
    upright = [name for name in photos
               if (PHOTOS[name][0][1] > PHOTOS[name][0][0]) != PHOTOS[name][1]]
    assert len([f for f in figures if f.pixels and f.height > 1.1 * f.width]) == len(upright)
    text_width = sizes[0][0] - 2 * MARGIN_X
    least = MIN_HEIGHT_LARGE if large else MIN_HEIGHT
    for figure in figures:
        width, height = sizes[figure.page]
        left, bottom, right, top = figure.box
        where = f"page {figure.page + 1}, box {tuple(round(v, 1) for v in figure.box)}"
        # Inside the margins, between the header's top and the footer's baseline.
        assert left >= MARGIN_X - SLACK, where
        assert right <= width - MARGIN_X + SLACK, where
        assert bottom >= FOOTER_BASELINE - SLACK, where
        assert top <= height - HEADER_TOP + SLACK, where
        # Inside its column: over no text (a picture out of its slot runs over the steps
        # beside it or over its neighbour's caption) and over no other picture.
        for char in characters[figure.page]:
            assert _overlap(figure.box, char) <= TOUCH, (where, char)
        for other in figures:
            if other is not figure and other.page == figure.page:
                assert _overlap(figure.box, other.box) <= SLACK, (where, other.box)
        assert figure.height <= TALLEST + SLACK, where
        if figure.pixels:
            # Its shape kept (the printed copy has at most 200 dpi: a pixel of rounding).
            px_width, px_height = figure.pixels
            assert figure.width / figure.height == pytest.approx(
                px_width / px_height, rel=0.01 + 1 / min(px_width, px_height)), where
            # At least the least height, unless its shape cannot be that tall in the
            # column it stands in (a panorama): then as wide as a picture column.
            assert (figure.height >= least - SLACK
                    or figure.width >= PICTURE_COLUMN * text_width - SLACK), where
    return figures


@pytest.mark.parametrize("paper", PRINTS)
@pytest.mark.parametrize("level", ["1", "2"])
@pytest.mark.parametrize("name", SETS)
def test_every_picture_stands_inside_the_margins_and_its_column(
        demo: Path, name: str, level: str, paper: str) -> None:
    with_pictures(demo, level, SETS[name])
    assert_inside(build(demo, level, PRINTS[paper]), SETS[name], "large" in paper)


@pytest.mark.parametrize("large", [False, True])
def test_a_new_clinics_phone_photos_stand_inside_the_a4_page(tmp_path: Path, large: bool
                                                            ) -> None:
    """The clinic of the report: made with `pdfgen init` for A4, a phone's 6000 x 4000
    landscape photo and one taken upright on every card."""
    succeeds(run("init", "sol", "--clinic", "Clínica Sol", "--clinician", "Ana Ruiz",
                 "--phone", "+34 555 010 203", "--paper", "a4", "--yes", cwd=tmp_path))
    clinic = tmp_path / "sol"
    cards = [["landscape", "portrait"]] * 3
    for level in ("1", "2"):
        with_pictures(clinic, level, cards)
        pdf = build(clinic, level, ("--large-print",) if large else ())
        assert pdfium.PdfDocument(pdf)[0].get_size() == pytest.approx((595.3, 841.9), abs=0.1)
        assert_inside(pdf, cards, large)


@pytest.mark.parametrize("paper", PRINTS)
def test_very_wide_and_very_tall_drawings_keep_their_shape(demo: Path, paper: str) -> None:
    with_pictures(demo, "2", SETS["drawings"])
    _, figures, _ = read_back(build(demo, "2", PRINTS[paper]))
    shapes = sorted(f.width / f.height for f in figures if not f.pixels)
    # The wide drawing twice, 20 : 1, and the tall one, 1 : 20, drawn to one scale each way.
    assert shapes[0] == pytest.approx(1 / 20, rel=0.05)
    assert [s for s in shapes if s > 10] == pytest.approx([20, 20], rel=0.05)

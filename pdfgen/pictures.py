"""Logos and exercise pictures as ReportLab flowables: SVG through svglib; PNG and JPEG made
ready for print and e-mail (turned upright, stripped of metadata, no more pixels than
200 dpi needs, grey if the clinic prints in black and white)."""

from __future__ import annotations

import io
import logging
from copy import deepcopy
from functools import lru_cache
from pathlib import Path

from reportlab.graphics.shapes import Drawing
from reportlab.platypus import Flowable, Image

from pdfgen.errors import ContentError, display_path

RASTER = {".png", ".jpg", ".jpeg"}
MAX_DPI = 200  # more pixels than this at the printed size only make the file bigger
MIN_DPI = 150  # below this a photo prints soft (a warning in `pdfgen check`)
JPEG_QUALITY = 80  # six phone photos stay well under 1.5 MB


class PictureError(ValueError):
    """A picture file that cannot be used; the message names the file and why."""


def logo_flowable(path: Path, clinic_file: Path, height: float, max_width: float) -> Flowable:
    """The clinic's logo scaled to `height` (and at most `max_width`), aspect kept."""
    try:
        return picture_flowable(path, max_width, height, grayscale=False)
    except PictureError as error:
        raise ContentError(clinic_file, "logo", str(error)) from None


def picture_flowable(path: Path, max_width: float, max_height: float,
                     grayscale: bool) -> Flowable:
    """A picture scaled to fit the box, aspect kept; raises PictureError for a bad file."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise PictureError(f"file not found: {display_path(path)}")
    mtime = path.stat().st_mtime_ns
    if suffix == ".svg":
        drawing = _scaled_svg(path, mtime, max_width, max_height)
        if drawing is None:
            raise PictureError(f"cannot read the SVG file {display_path(path)}")
        width, height = _trimmed_size(path, mtime)
        return VectorPicture(drawing, (path, mtime, width, height), drawing.width / width)

    if suffix in RASTER:
        data, width, height = _prepared(path, mtime, max_width, max_height, grayscale)
        # Image data, not the path: ReportLab names path images by a hash of the path,
        # which would make the bytes depend on where the clinic folder lives.
        return Image(io.BytesIO(data), width=width, height=height)
    raise PictureError(f"expected an .svg, .png or .jpg file, got {display_path(path)}")


class VectorPicture(Flowable):
    """A drawing whose PDF drawing commands are worked out once per process.

    svglib's drawings have hundreds of nodes, and ReportLab walks them in Python on every
    handout; a drawing of plain shapes (no text, no images) gives the same commands each
    time, so they are kept and written again as they are, inside their own save/restore.
    """

    def __init__(self, drawing: Drawing, source: tuple[Path, int, float, float] | None = None,
                 fit: float = 1.0) -> None:
        super().__init__()
        self.drawing = drawing
        self.width, self.height = drawing.width, drawing.height
        self.source = source  # (file, mtime, natural width, natural height): to redraw it
        self.fit = fit  # the scale it was drawn at, to fit its box

    def at(self, scale: float) -> VectorPicture:
        """The same drawing at another scale (from the same file, cached the same way)."""
        if self.source is None or abs(scale - self.fit) < 1e-9:
            return self
        path, mtime, width, height = self.source
        drawing = _scaled_svg(path, mtime, width * scale, height * scale)
        assert drawing is not None
        return VectorPicture(drawing, self.source, scale)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        commands = _commands(self.drawing)
        if commands is None:
            self.drawing.drawOn(self.canv, 0, 0)
            return
        self.canv.saveState()
        self.canv._code.extend(commands)  # ReportLab has no public way to do this
        self.canv.restoreState()


def _commands(drawing: Drawing) -> list[str] | None:
    cached = getattr(drawing, "_pdfgen_commands", False)
    if cached is not False:
        return cached
    from reportlab.graphics import renderPDF
    from reportlab.graphics.shapes import Image as ShapeImage
    from reportlab.graphics.shapes import String
    from reportlab.pdfgen.canvas import Canvas

    plain = not any(isinstance(node, String | ShapeImage) for node in _nodes(drawing))
    commands = None
    if plain:
        scratch = Canvas(io.BytesIO())
        before = len(scratch._code)
        renderPDF.draw(drawing, scratch, 0, 0, showBoundary=False)
        commands = list(scratch._code[before:])
    drawing._pdfgen_commands = commands
    return commands


def _nodes(node: object) -> list[object]:
    children = getattr(node, "contents", None) or []
    return [node, *(n for child in children for n in _nodes(child))]


def raster_dpi(path: Path, printed_width: float) -> float:
    """The resolution a raster picture prints at, at `printed_width` points wide."""
    from PIL import Image as Pil
    from PIL import ImageOps

    with Pil.open(path) as image:
        upright = ImageOps.exif_transpose(image)
        return upright.width / (printed_width / 72)


@lru_cache(maxsize=64)
def _prepared(path: Path, _mtime: int, max_width: float, max_height: float,
              grayscale: bool) -> tuple[bytes, float, float]:
    """The picture's bytes as they go into the PDF, and its printed width and height."""
    from PIL import Image as Pil
    from PIL import ImageOps, UnidentifiedImageError

    try:
        with Pil.open(path) as original:
            original.load()
            image = ImageOps.exif_transpose(original)  # phones store photos sideways
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise PictureError(f"cannot read the image {display_path(path)}") from None
    scale = min(max_width / image.width, max_height / image.height)
    width, height = image.width * scale, image.height * scale
    # No more pixels than MAX_DPI at the printed size: a 20-megapixel photo becomes ~0.5.
    target = (round(width / 72 * MAX_DPI), round(height / 72 * MAX_DPI))
    if image.width > target[0]:
        image = image.resize(target, Pil.Resampling.LANCZOS)
    transparent = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    if transparent:
        image = image.convert("LA" if grayscale else "RGBA")
    else:
        image = image.convert("L" if grayscale else "RGB")
    buffer = io.BytesIO()
    # A fresh image carries no EXIF, GPS or camera data: nothing of the original's
    # metadata is written unless passed in, and none is.
    if transparent:
        image.save(buffer, format="PNG", optimize=True)
    else:
        image.save(buffer, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    return buffer.getvalue(), width, height


def _trimmed_size(path: Path, mtime: int) -> tuple[float, float]:
    """The size of what the SVG draws (its bounds and a margin), in its own units."""
    drawing = _svg(path, mtime)
    assert drawing is not None
    x1, y1, x2, y2 = drawing.getBounds()
    margin = 0.02 * max(x2 - x1, y2 - y1)
    return x2 - x1 + 2 * margin, y2 - y1 + 2 * margin


@lru_cache(maxsize=64)
def _scaled_svg(path: Path, mtime: int, max_width: float, max_height: float) -> Drawing | None:
    # Drawing a Drawing does not change it, so one scaled copy serves every handout.
    drawing = _svg(path, mtime)
    if drawing is None or not drawing.width or not drawing.height:
        return None
    drawing = deepcopy(drawing)
    # Trim the canvas to what is drawn: a figure lying on a mat fills the width of its
    # picture instead of sitting small at the bottom of an empty square.
    x1, y1, x2, y2 = drawing.getBounds()
    margin = 0.02 * max(x2 - x1, y2 - y1)
    x1, y1, x2, y2 = x1 - margin, y1 - margin, x2 + margin, y2 + margin
    scale = min(max_height / (y2 - y1), max_width / (x2 - x1))
    drawing.scale(scale, scale)
    drawing.translate(-x1, -y1)
    drawing.width, drawing.height = (x2 - x1) * scale, (y2 - y1) * scale
    return drawing


@lru_cache(maxsize=64)
def _svg(path: Path, _mtime: int) -> Drawing | None:
    from svglib.svglib import svg2rlg

    # svglib logs and returns None for a broken file; we report it ourselves.
    logging.getLogger("svglib").setLevel(logging.CRITICAL)
    try:
        return svg2rlg(str(path))
    except Exception:
        return None

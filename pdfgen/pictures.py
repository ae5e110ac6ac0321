"""Logos and exercise pictures as ReportLab flowables: SVG through svglib; PNG and JPEG made
ready for print and e-mail (turned upright, stripped of metadata, no more pixels than
200 dpi needs, grey if the clinic prints in black and white)."""

from __future__ import annotations

import io
import logging
import os
import tempfile
from copy import deepcopy
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from reportlab.graphics.shapes import Drawing
from reportlab.platypus import Flowable, Image

from pdfgen import __version__
from pdfgen.errors import ContentError, display_path

RASTER = {".png", ".jpg", ".jpeg"}
MAX_DPI = 200  # more pixels than this at the printed size only make the file bigger
MIN_DPI = 150  # below this a photo prints soft (a warning in `pdfgen check`)
JPEG_QUALITY = 80  # six phone photos stay well under 1.5 MB
# Drawing commands of SVG files already read (by content hash), in the system's temporary
# folder like Jinja2's compiled templates: a cache, safe to delete at any time.
_CACHE = Path(tempfile.gettempdir()) / f"pdfgen-svg-{getattr(os, 'getuid', lambda: 0)()}"


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
        art = _art(path, mtime)
        if art is None:
            raise PictureError(f"cannot read the SVG file {display_path(path)}")
        return VectorPicture(art, path, mtime, min(max_width / art.width,
                                                   max_height / art.height))

    if suffix in RASTER:
        data, width, height = _prepared(path, mtime, max_width, max_height, grayscale)
        # Image data, not the path: ReportLab names path images by a hash of the path,
        # which would make the bytes depend on where the clinic folder lives.
        return Image(io.BytesIO(data), width=width, height=height)
    raise PictureError(f"expected an .svg, .png or .jpg file, got {display_path(path)}")


@dataclass(frozen=True)
class SvgArt:
    """An SVG trimmed to what it draws: its size, and the PDF commands that draw it."""

    width: float
    height: float
    commands: tuple[str, ...] | None  # None: it has text or images, drawn by svglib's way


class VectorPicture(Flowable):
    """An SVG drawn from PDF drawing commands worked out once (and kept on disk).

    svglib's drawings have hundreds of nodes that ReportLab would walk in Python on every
    handout, and svglib takes longer still to read the file. A drawing of plain shapes (no
    text, no images) gives the same commands every time: they are written again as they
    are, scaled, inside their own save/restore.
    """

    def __init__(self, art: SvgArt, path: Path, mtime: int, scale: float) -> None:
        super().__init__()
        self.art, self.path, self.mtime, self.fit = art, path, mtime, scale
        self.width, self.height = art.width * scale, art.height * scale

    def at(self, scale: float) -> VectorPicture:
        """The same picture at another scale."""
        return VectorPicture(self.art, self.path, self.mtime, scale)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        if self.art.commands is None:
            drawing = _scaled_svg(self.path, self.mtime, self.width, self.height)
            assert drawing is not None
            drawing.drawOn(self.canv, 0, 0)
            return
        self.canv.saveState()
        self.canv.scale(self.fit, self.fit)
        self.canv._code.extend(self.art.commands)  # ReportLab has no public way to do this
        self.canv.restoreState()


@lru_cache(maxsize=64)
def _art(path: Path, mtime: int) -> SvgArt | None:
    """The SVG's art, from the disk cache when this very file was read before."""
    import hashlib
    import json

    import reportlab

    data = path.read_bytes()
    key = hashlib.sha256(data + f"{__version__} {reportlab.Version}".encode()).hexdigest()
    folder = _cache_folder()
    cached = folder / f"{key}.json" if folder else None
    if cached is not None:
        try:
            width, height, commands = json.loads(cached.read_text(encoding="utf-8"))
            return SvgArt(width, height, tuple(commands) if commands is not None else None)
        except (OSError, ValueError, TypeError):
            pass
    drawing = _scaled_svg(path, mtime, None, None)
    if drawing is None:
        return None
    art = SvgArt(drawing.width, drawing.height, _commands(drawing))
    if cached is not None:
        try:  # the cache only saves time: a failure to write it is no failure
            temporary = cached.with_suffix(f".{os.getpid()}.tmp")
            temporary.write_text(json.dumps([art.width, art.height, art.commands]), "utf-8")
            temporary.replace(cached)
        except OSError:
            pass
    return art


def _cache_folder() -> Path | None:
    """The cache folder, only if it is this user's own and no one else can write to it."""
    try:
        _CACHE.mkdir(mode=0o700, exist_ok=True)
        info = _CACHE.stat()
    except OSError:
        return None
    if hasattr(os, "getuid") and (info.st_uid != os.getuid() or info.st_mode & 0o022):
        return None
    return _CACHE


def _commands(drawing: Drawing) -> tuple[str, ...] | None:
    from reportlab.graphics import renderPDF
    from reportlab.graphics.shapes import Image as ShapeImage
    from reportlab.graphics.shapes import String
    from reportlab.pdfgen.canvas import Canvas

    if any(isinstance(node, String | ShapeImage) for node in _nodes(drawing)):
        return None
    scratch = Canvas(io.BytesIO())
    before = len(scratch._code)
    renderPDF.draw(drawing, scratch, 0, 0, showBoundary=False)
    return tuple(scratch._code[before:])


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


@lru_cache(maxsize=64)
def _scaled_svg(path: Path, mtime: int, max_width: float | None,
                max_height: float | None) -> Drawing | None:
    """The SVG trimmed and scaled to fit the box (no box: at its own size)."""
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
    scale = 1.0 if max_width is None or max_height is None else min(
        max_height / (y2 - y1), max_width / (x2 - x1))
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


def picture_size(path: Path) -> tuple[float, float]:
    """A picture's own width and height (an SVG's trimmed drawing; a photo's pixels, turned
    upright), read without decoding it: layout measures with it before it draws."""
    if path.suffix.lower() == ".svg":
        art = _art(path, path.stat().st_mtime_ns)
        if art is None:
            raise PictureError(f"cannot read the SVG file {display_path(path)}")
        return art.width, art.height
    if path.suffix.lower() not in RASTER:
        raise PictureError(f"expected an .svg, .png or .jpg file, got {display_path(path)}")
    from PIL import Image as Pil
    from PIL import UnidentifiedImageError

    try:
        with Pil.open(path) as image:
            width, height = image.size
            # EXIF orientations 5 to 8 are turned a quarter: width and height swap.
            if image.getexif().get(0x0112, 1) in (5, 6, 7, 8):
                width, height = height, width
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise PictureError(f"cannot read the image {display_path(path)}") from None
    return float(width), float(height)

"""Logos and exercise pictures as ReportLab flowables: SVG drawings (pdfgen.layout.svg_art); PNG,
JPEG and HEIC photos made ready for print and e-mail (turned upright, stripped of metadata,
no more pixels than 200 dpi needs, grey if the clinic prints in black and white)."""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportlab.platypus import Flowable, Image

from pdfgen.caches import cached
from pdfgen.errors import ContentError, display_path
from pdfgen.layout.svg_art import PictureError, load_art
from pdfgen.layout.svg_draw import replay
from pdfgen.layout.svg_steps import SvgArt

__all__ = ["Photo", "PictureError", "VectorPicture", "flowable_of", "load_picture",
           "logo_flowable", "picture_flowable", "raster_dpi", "size_of"]

RASTER = {".png", ".jpg", ".jpeg", ".heic", ".heif"}
# Only these decoders ever see a clinic's file: Pillow would otherwise guess from the
# bytes, and a PostScript file named .png would be handed to Ghostscript.
FORMATS = {".png": ["PNG"], ".jpg": ["JPEG"], ".jpeg": ["JPEG"], ".heic": ["HEIF"],
           ".heif": ["HEIF"]}
MAX_PIXELS = 80_000_000  # a 48-megapixel phone photo fits; a "decompression bomb" does not
MAX_DPI = 200  # more pixels than this at the printed size only make the file bigger
MIN_DPI = 150  # below this a photo prints soft (a warning in `pdfgen check`)
JPEG_QUALITY = 80  # six phone photos stay well under 1.5 MB


def logo_flowable(path: Path, clinic_file: Path, height: float, max_width: float) -> Flowable:
    """The clinic's logo scaled to `height` (and at most `max_width`), aspect kept."""
    try:
        return picture_flowable(path, max_width, height, grayscale=False)
    except PictureError as error:
        raise ContentError(clinic_file, "logo", str(error)) from None


def picture_flowable(path: Path, max_width: float, max_height: float,
                     grayscale: bool) -> Flowable:
    """A picture file scaled to fit the box, aspect kept; raises PictureError for a bad file."""
    return flowable_of(load_picture(path), max_width, max_height, grayscale)


@dataclass(eq=False)
class Photo:
    """A photo read once: turned upright, in 8 bits, and no larger than any page prints it
    at 200 dpi. Layout scales it to its printed size in memory, reading no file."""

    image: Any  # a Pillow image
    width: int  # the original's pixels, upright: what `pdfgen check` rates the print by
    height: int
    made: dict[tuple[float, float, bool], tuple[bytes, float, float]] = field(
        default_factory=dict)  # its printed versions, by size and grey


def load_picture(path: Path) -> SvgArt | Photo:
    """The picture's drawing or decoded photo; PictureError, naming the file, if it cannot
    be printed. A photo is decoded once a process for each version of its file."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise PictureError(f"file not found: {display_path(path)}")
    if suffix == ".svg":
        return load_art(path, _content_root(path))
    if suffix not in RASTER:
        raise PictureError(f"expected an .svg, .png, .jpg or .heic file, got "
                           f"{display_path(path)}")
    info = path.stat()
    return _photo(path, info.st_ino, info.st_size, info.st_mtime_ns)


def size_of(picture: SvgArt | Photo) -> tuple[float, float]:
    """A picture's own width and height: an SVG's trimmed drawing, a photo's pixels."""
    if isinstance(picture, Photo):
        return float(picture.width), float(picture.height)
    return picture.width, picture.height


def flowable_of(picture: SvgArt | Photo, max_width: float, max_height: float,
                grayscale: bool) -> Flowable:
    """A loaded picture scaled to fit the box, aspect kept."""
    if isinstance(picture, SvgArt):
        return VectorPicture(picture, min(max_width / picture.width,
                                          max_height / picture.height))
    key = (round(max_width, 3), round(max_height, 3), grayscale)
    if key not in picture.made:
        picture.made[key] = _printed(picture, max_width, max_height, grayscale)
    data, width, height = picture.made[key]
    # Image data, not the path: ReportLab names path images by a hash of the path,
    # which would make the bytes depend on where the clinic folder lives.
    return Image(io.BytesIO(data), width=width, height=height)


def _content_root(path: Path) -> Path:
    """The clinic's content folder holding the picture: what an SVG may refer to."""
    for folder in path.absolute().parents:
        if (folder / "clinic.toml").is_file():
            return folder
    return path.absolute().parent


class VectorPicture(Flowable):
    """An SVG drawn from its steps (worked out once, see pdfgen.layout.svg_art), scaled."""

    def __init__(self, art: SvgArt, scale: float) -> None:
        super().__init__()
        self.art, self.fit = art, scale
        self.width, self.height = art.width * scale, art.height * scale

    def at(self, scale: float) -> VectorPicture:
        """The same picture at another scale."""
        return VectorPicture(self.art, scale)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        self.canv.saveState()
        self.canv.scale(self.fit, self.fit)
        replay(self.art, self.canv)
        self.canv.restoreState()


def raster_dpi(path: Path, printed_width: float) -> float:
    """The resolution a raster picture prints at, at `printed_width` points wide."""
    with _open(path) as image:
        width = image.height if _sideways(image) else image.width
        return width / (printed_width / 72)


def _sideways(image: Any) -> bool:
    """Whether the photo's EXIF says it is stored turned by a quarter."""
    return image.getexif().get(0x0112) in (5, 6, 7, 8)


def _open(path: Path) -> Any:
    """The image, opened by the decoder its name promises, its size checked before decoding."""
    from PIL import Image as Pil
    from PIL import UnidentifiedImageError

    formats = FORMATS[path.suffix.lower()]
    if formats == ["HEIF"]:
        _heif()
    name = display_path(path)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Pil.DecompressionBombWarning)
            image = Pil.open(path, formats=formats)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        kind = formats[0].replace("HEIF", "HEIC")
        raise PictureError(f"cannot read the image {name} (not a {kind} file, or damaged)"
                           ) from None
    except (Pil.DecompressionBombError, Pil.DecompressionBombWarning):
        raise PictureError(_too_large(name, None)) from None
    if image.width * image.height > MAX_PIXELS:
        size = (image.width, image.height)
        image.close()
        raise PictureError(_too_large(name, size))
    return image


def _too_large(name: str, size: tuple[int, int] | None) -> str:
    pixels = f" is {size[0]:,} × {size[1]:,} pixels" if size else " has too many pixels"
    return (f"{name}{pixels}: at most {MAX_PIXELS // 1_000_000} megapixels; "
            "save a smaller copy")


def _heif() -> None:
    try:
        from pillow_heif import register_heif_opener
    except ImportError:  # pillow-heif is a dependency, but a broken install may lack it
        raise PictureError("HEIC photos need pillow-heif (pip install pillow-heif), or save "
                           "the photo as JPEG (on an iPhone: Settings > Camera > Formats > "
                           "Most Compatible)") from None
    register_heif_opener()


# The longest side a photo is kept at: the widest it can print (a card's width, 7.3 in) at
# MAX_DPI, with a little to spare.
MAX_SIDE = 1500


@cached("photos", 32)
def _photo(path: Path, _inode: int, _size: int, _mtime: int) -> Photo:
    from PIL import ImageOps

    with _open(path) as original:
        upright = (original.height, original.width) if _sideways(original) else original.size
        scale = min(1.0, MAX_SIDE / max(upright))
        try:
            # JPEG can decode at 1/2, 1/4 or 1/8 size straight away: less memory, and fast.
            original.draft(original.mode, (round(original.width * scale),
                                           round(original.height * scale)))
            original.load()
            image = ImageOps.exif_transpose(original)  # phones store photos sideways
        except (OSError, SyntaxError, ValueError, MemoryError):
            raise PictureError(f"cannot read the image {display_path(path)}") from None
    image = _eight_bit(image)
    if max(image.size) > MAX_SIDE:
        from PIL import Image as Pil

        k = MAX_SIDE / max(image.size)
        image = image.resize((round(image.width * k), round(image.height * k)),
                             Pil.Resampling.LANCZOS)
    return Photo(image, upright[0], upright[1])


def _printed(photo: Photo, max_width: float, max_height: float,
             grayscale: bool) -> tuple[bytes, float, float]:
    """The photo's bytes as they go into the PDF, and its printed width and height."""
    from PIL import Image as Pil

    scale = min(max_width / photo.width, max_height / photo.height)
    width, height = photo.width * scale, photo.height * scale
    # No more pixels than MAX_DPI at the printed size: a 20-megapixel photo becomes ~0.5.
    target = (max(1, round(width / 72 * MAX_DPI)), max(1, round(height / 72 * MAX_DPI)))
    image = photo.image
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


def _eight_bit(image: Any) -> Any:
    """16-bit and 32-bit grey brought to 8 bits by scale: Pillow's own conversion clips
    every value above 255 to white, so a 16-bit grey scan would print almost blank."""
    if image.mode in ("I;16", "I;16B", "I;16L", "I;16N"):
        image = image.convert("I")
    if image.mode == "I":
        return image.point(lambda value: value * (1 / 256)).convert("L")
    return image


def picture_size(path: Path) -> tuple[float, float]:
    """A picture file's own width and height (an SVG's trimmed drawing; a photo's pixels,
    turned upright)."""
    return size_of(load_picture(path))

"""Picture files read, checked and measured, so that layout opens no file: SVG drawings as
their drawing steps (pdfgen.content.svg_art); PNG, JPEG and HEIC photos decoded from their
bytes (turned upright, in 8 bits, no larger than any page prints them)."""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pdfgen.caches import current
from pdfgen.content.svg_art import PictureError, load_art, read_at_most
from pdfgen.content.svg_steps import SvgArt
from pdfgen.errors import ContentError, display_path

__all__ = ["MIN_DPI", "Photo", "Picture", "PictureError", "load_logo", "load_picture",
           "picture_size", "raster_dpi", "size_of"]

RASTER = {".png", ".jpg", ".jpeg", ".heic", ".heif"}
# Only these decoders ever see a clinic's file: Pillow would otherwise guess from the
# bytes, and a PostScript file named .png would be handed to Ghostscript.
FORMATS = {".png": ["PNG"], ".jpg": ["JPEG"], ".jpeg": ["JPEG"], ".heic": ["HEIF"],
           ".heif": ["HEIF"]}
MAX_PIXELS = 80_000_000  # a 48-megapixel phone photo fits; a "decompression bomb" does not
# The bytes are read whole before Pillow sees them: an 80-megapixel photo stored without
# compression (240 MB) still fits, a file that could fill the memory does not.
MAX_BYTES = 256 * 2**20
MIN_DPI = 150  # below this a photo prints soft (a warning in `pdfgen check`)
# The longest side a photo is kept at: the widest it can print (a card's width, 7.3 in) at
# 200 dpi, with a little to spare.
MAX_SIDE = 1500
KEPT_PHOTOS = 32  # decoded photos kept in a process (a batch prints the same ones again)
KEPT_SEEN = 512  # photo files whose last reading is remembered: a clinic's are a few hundred


@dataclass(eq=False)
class Photo:
    """A photo read once: turned upright, in 8 bits, and no larger than any page prints it
    at 200 dpi. Layout scales it to its printed size in memory, reading no file."""

    image: Any  # a Pillow image
    width: int  # the original's pixels, upright: what `pdfgen check` rates the print by
    height: int
    made: dict[tuple[float, float, bool], tuple[bytes, float, float]] = field(
        default_factory=dict)  # its printed versions (layout's), by size and grey


Picture = SvgArt | Photo


def load_logo(path: Path, clinic_file: Path) -> Picture:
    """The clinic's logo, read; a file that cannot be printed is clinic.toml's error."""
    try:
        return load_picture(path)
    except PictureError as error:
        from pdfgen.content.parsing import toml_line

        raise ContentError(clinic_file, "logo", str(error),
                           toml_line(clinic_file, ("logo",))) from None


def load_picture(path: Path) -> Picture:
    """The picture's drawing or decoded photo; PictureError, naming the file, if it cannot
    be printed. A photo is decoded once a process for each content of its file."""
    suffix = path.suffix.lower()
    if not path.is_file():
        why = "not a file (a device or a pipe)" if path.exists() and not path.is_dir() \
            else "file not found"
        raise PictureError(f"{why}: {display_path(path)}")
    if suffix == ".svg":
        return load_art(path, _content_root(path))
    if suffix not in RASTER:
        raise PictureError(f"expected an .svg, .png, .jpg or .heic file, got "
                           f"{display_path(path)}")
    return _photo(path)


def size_of(picture: Picture) -> tuple[float, float]:
    """A picture's own width and height: an SVG's trimmed drawing, a photo's pixels."""
    if isinstance(picture, Photo):
        return float(picture.width), float(picture.height)
    return picture.width, picture.height


def picture_size(path: Path) -> tuple[float, float]:
    """A picture file's own width and height (an SVG's trimmed drawing; a photo's pixels,
    turned upright)."""
    return size_of(load_picture(path))


def raster_dpi(photo: Photo, printed_width: float) -> float:
    """The resolution a photo prints at, at `printed_width` points wide."""
    return photo.width / (printed_width / 72)


def _content_root(path: Path) -> Path:
    """The clinic's content folder holding the picture: what an SVG may refer to."""
    for folder in path.absolute().parents:
        if (folder / "clinic.toml").is_file():
            return folder
    return path.absolute().parent


def _photo(path: Path) -> Photo:
    """The photo decoded: once a process for each content of its file (pdfgen.caches
    "photos", by the digest of its bytes and the decoder that reads them), and the file read
    again only when it changed ("photos_seen": what each file looked like when read)."""
    info = path.stat()
    version = (info.st_ino, info.st_size, info.st_mtime_ns)
    photos = current().map("photos", KEPT_PHOTOS)
    seen_files = current().map("photos_seen", KEPT_SEEN)
    seen = seen_files.get(path)
    if seen is not None and seen[0] == version:
        known: Photo | None = photos.get(seen[1])
        if known is not None:
            return known
    data = _read(path)
    key = (hashlib.sha256(data).digest(), FORMATS[path.suffix.lower()][0])
    photo: Photo = photos.get(key) or photos.put(key, _decode(path, data))
    seen_files.put(path, (version, key))
    return photo


def _read(path: Path) -> bytes:
    return read_at_most(path, MAX_BYTES, _unreadable(path), "save a smaller copy")


def _unreadable(path: Path) -> str:
    kind = FORMATS[path.suffix.lower()][0].replace("HEIF", "HEIC")
    return f"cannot read the image {display_path(path)} (not a {kind} file, or damaged)"


# How each kind of picture file begins, and the name's ending it should have.
_SIGNATURES = ((b"\x89PNG\r\n\x1a\n", "PNG", ".png"), (b"\xff\xd8\xff", "JPEG", ".jpg"))


def _misnamed(path: Path, data: bytes) -> str | None:
    """What to do with a picture saved under another kind's name (a JPEG as logo.png): it is
    read by its name's kind alone, so it was "not a PNG file, or damaged"."""
    for start, kind, suffix in _SIGNATURES:
        if data.startswith(start) and FORMATS[path.suffix.lower()] != [kind]:
            return (f"{display_path(path)} is a {kind} file under a {path.suffix} name: rename "
                    f"it {path.stem}{suffix}, and write that name where it is named")
    return None


def _open(path: Path, data: bytes) -> Any:
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
            image = Pil.open(io.BytesIO(data), formats=formats)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise PictureError(_misnamed(path, data) or _unreadable(path)) from None
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


def _sideways(image: Any) -> bool:
    """Whether the photo's EXIF says it is stored turned by a quarter."""
    return image.getexif().get(0x0112) in (5, 6, 7, 8)


def _decode(path: Path, data: bytes) -> Photo:
    from PIL import ImageOps

    with _open(path, data) as original:
        try:
            # (A PNG's EXIF may follow its pixels: a file cut short fails here already.)
            sideways = _sideways(original)
        except (OSError, SyntaxError, ValueError):
            raise PictureError(f"cannot read the image {display_path(path)}") from None
        upright = (original.height, original.width) if sideways else original.size
        scale = min(1.0, MAX_SIDE / max(upright))
        try:
            # JPEG can decode at 1/2, 1/4 or 1/8 size straight away: less memory, and fast.
            # (a side at least 1: 20000 x 2 pixels scaled by 1/10 is not 2000 x 0)
            original.draft(original.mode, (max(1, round(original.width * scale)),
                                           max(1, round(original.height * scale))))
            original.load()
            image = ImageOps.exif_transpose(original)  # phones store photos sideways
        except (OSError, SyntaxError, ValueError, MemoryError, ZeroDivisionError):
            raise PictureError(f"cannot read the image {display_path(path)}") from None
    image = _eight_bit(image)
    if max(image.size) > MAX_SIDE:
        from PIL import Image as Pil

        k = MAX_SIDE / max(image.size)
        image = image.resize((max(1, round(image.width * k)), max(1, round(image.height * k))),
                             Pil.Resampling.LANCZOS)
    return Photo(image, upright[0], upright[1])


def _eight_bit(image: Any) -> Any:
    """16-bit and 32-bit grey brought to 8 bits by scale: Pillow's own conversion clips
    every value above 255 to white, so a 16-bit grey scan would print almost blank."""
    if image.mode in ("I;16", "I;16B", "I;16L", "I;16N"):
        image = image.convert("I")
    if image.mode == "I":
        return image.point(lambda value: value * (1 / 256)).convert("L")
    return image

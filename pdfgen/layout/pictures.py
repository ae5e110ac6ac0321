"""Logos and exercise pictures as ReportLab flowables: an SVG's drawing steps replayed
(pdfgen.layout.svg_draw); a photo made ready for print and e-mail (no more pixels than 200
dpi needs, stripped of metadata, grey if the clinic prints in black and white). Each comes
read and decoded (pdfgen.content.pictures): layout opens no file."""

from __future__ import annotations

import io

from reportlab.platypus import Flowable, Image

from pdfgen.content.figures.scene import Scene
from pdfgen.content.pictures import Photo, Picture
from pdfgen.content.svg_steps import SvgArt
from pdfgen.layout.figure_draw import figure_art
from pdfgen.layout.svg_draw import replay

MAX_DPI = 200  # more pixels than this at the printed size only make the file bigger
JPEG_QUALITY = 80  # six phone photos stay well under 1.5 MB


def logo_flowable(logo: Picture, height: float, max_width: float) -> Flowable:
    """The clinic's logo scaled to `height` (and at most `max_width`), aspect kept."""
    return flowable_of(logo, max_width, height, grayscale=False)


def flowable_of(picture: Picture | Scene, max_width: float, max_height: float,
                grayscale: bool) -> Flowable:
    """A loaded picture scaled to fit the box, aspect kept."""
    if isinstance(picture, Scene):
        picture = figure_art(picture)
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


class VectorPicture(Flowable):
    """An SVG drawn from its steps (worked out once, see pdfgen.content.svg_art), scaled."""

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

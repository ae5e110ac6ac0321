"""The pictures of an exercise card: a column beside the steps, each picture captioned, or
for long, low figures (lying on the floor) one under the other across the card."""

from __future__ import annotations

from reportlab.platypus import Flowable, Spacer, TableStyle

from pdfgen.layout.blocks.common import Grid
from pdfgen.layout.tagging import Marked
from pdfgen.layout.theme import Theme
from pdfgen.text.handout_text import CardText, PictureRef

COLUMN = 0.36  # the picture column's share of the card's width
MIN_HEIGHT = 108  # 1.5 in: the least a patient reads a body's position from
LONG_AND_LOW = 2.2  # wider than this many times its height: a figure lying down
WIDEST = 0.6  # the most of the card's width the picture column takes


def column_width(width: float) -> float:
    return round(width * COLUMN)


def picture_sizes(text: CardText, box_width: float, box_height: float) -> list[tuple[float, float]]:
    """The printed size of each picture in a box: drawings of one body at one scale (the
    person is the same size in every picture), photos each as large as the box allows."""
    own = [picture.size for picture in text.pictures]
    fits = [min(box_width / w, box_height / h) for w, h in own]
    if fits and all(p.file.suffix.lower() == ".svg" for p in text.pictures):
        fits = [min(fits)] * len(fits)
    return [(w * k, h * k) for (w, h), k in zip(own, fits, strict=True)]


def column_for(text: CardText, width: float, height: float, share: float) -> float | None:
    """The picture column's width: `share` of the card, or for figures lying down as wide
    as pictures `height` tall need (at most WIDEST of the card); None when even that is too
    narrow for them, and they go one under the other across the card."""
    sizes = [picture.size for picture in text.pictures]
    if not sizes:
        return None
    if not all(w > LONG_AND_LOW * h for w, h in sizes):
        return round(width * share)
    needed = max(w / h for w, h in sizes) * height
    least = max(w / h for w, h in sizes) * MIN_HEIGHT
    if least > width * WIDEST:
        return None
    return round(min(needed, width * WIDEST))


def long_and_low(text: CardText) -> bool:
    """Figures lying on the floor: beside the steps they would print as thin strips."""
    sizes = [picture.size for picture in text.pictures]
    return bool(sizes) and all(w > LONG_AND_LOW * h for w, h in sizes)


def picture_column(text: CardText, theme: Theme, width: float, height: float,
                   grayscale: bool, measure: bool = False) -> list[Flowable]:
    """The pictures one under the other, each captioned, for a column `width` wide;
    `measure` stands them in as blank boxes of their size (cheap, for the fitting pass)."""
    sizes = picture_sizes(text, width, height)
    cells: list[Flowable] = []
    for index, (picture, size) in enumerate(zip(text.pictures, sizes, strict=True)):
        image = Spacer(*size) if measure else _load(picture, size, grayscale)
        image.hAlign = "CENTER"
        image = image if measure else Marked(image, "Figure", picture.alt)
        cells += [Spacer(1, 10)] if index else []
        cells += [image, Spacer(1, 3), theme.para(picture.caption, "caption")]
    return cells


def picture_rows(text: CardText, theme: Theme, width: float, height: float, grayscale: bool,
                 measure: bool = False) -> list[Flowable]:
    """Long, low figures one under the other across the card, each captioned under it, at
    most `height` tall (never under 1.5 in, 2 in in large print)."""
    sizes = picture_sizes(text, width, max(height, MIN_HEIGHT * theme.scale))
    rows: list[Flowable] = []
    for picture, size in zip(text.pictures, sizes, strict=True):
        image = Spacer(*size) if measure else Marked(_load(picture, size, grayscale),
                                                     "Figure", picture.alt)
        rows.append(Grid([[image], [theme.para(picture.caption, "caption")]],
                         colWidths=[width], style=TableStyle([
                             ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                             ("LEFTPADDING", (0, 0), (-1, -1), 0),
                             ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                             ("TOPPADDING", (0, 0), (-1, -1), 0),
                             ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                         ])))
    return rows


def _load(picture: PictureRef, size: tuple[float, float], grayscale: bool) -> Flowable:
    from pdfgen.layout.pictures import PictureError, picture_flowable

    try:
        # A hair of slack: the box is the picture's own size, give or take rounding.
        return picture_flowable(picture.file, size[0] + 0.01, size[1] + 0.01, grayscale)
    except PictureError as error:
        # Resolve measured the picture; only a photo damaged past its header (or changed
        # since) fails to decode here.
        raise _content_error(picture, error) from None


def _content_error(picture: PictureRef, error: Exception) -> Exception:
    from pdfgen.content.parsing import yaml_line
    from pdfgen.errors import ContentError

    line = yaml_line(picture.source, ("pictures", picture.index, "file"))
    return ContentError(picture.source, f"pictures[{picture.index + 1}].file", str(error), line)


def picture_box(count: int, width: float = 526, scale: float = 1.0) -> tuple[float, float]:
    """The largest size a picture is printed at on a card of `width` (for `pdfgen check`)."""
    return column_width(width), 216 * scale

"""The pictures of an exercise card: side by side at one scale on one floor line, or one
under the other when they are long and low, each with its caption."""

from __future__ import annotations

from reportlab.platypus import Flowable, Table, TableStyle

from pdfgen.blocks.common import Grid
from pdfgen.document import CardText
from pdfgen.theme import Theme

PICTURE_HEIGHT = 150  # points: two pictures side by side, about 2 inches tall
PICTURE_GAP = 12
CARD_PAD = 16  # the card's inner padding (blocks/card.py)


def picture_row(text: CardText, theme: Theme, width: float, grayscale: bool) -> Table:
    """The pictures side by side, each captioned, at a size the body's position reads from."""
    from pdfgen.errors import ContentError
    from pdfgen.parsing import yaml_line
    from pdfgen.pictures import PictureError, VectorPicture, picture_flowable

    count = len(text.pictures)
    cell = (width - PICTURE_GAP * (max(count, 2) - 1)) / max(count, 2)  # one: half width
    box_width, box_height = picture_box(count, width, theme.scale)

    def load(box_w: float, box_h: float) -> list[Flowable]:
        images = []
        for picture in text.pictures:
            try:
                images.append(picture_flowable(picture.file, box_w, box_h, grayscale))
            except PictureError as error:
                line = yaml_line(picture.source, ("pictures", picture.index, "file"))
                raise ContentError(picture.source, f"pictures[{picture.index + 1}].file",
                                   str(error), line) from None
        return images

    images = load(box_width, box_height)
    if all(i.wrap(box_width, box_height)[0] > 2.2 * i.wrap(box_width, box_height)[1]
           for i in images):
        # Figures lying on the floor are long and low: one under the other, each the whole
        # width of the card, reads far better than two small strips side by side.
        return _stacked(load(width * 0.62, box_height * 0.6), text, theme, width)
    if all(isinstance(image, VectorPicture) for image in images):
        # Drawings of one body at one scale: the person is the same size in both pictures.
        scale = min(image.fit for image in images)
        images = [image.at(scale) for image in images]
    height = max(image.wrap(box_width, box_height)[1] for image in images)
    # Standing on one floor line: pictures are set on the bottom of one band, captions below.
    pictures = [image for image in images]
    captions = [theme.para(p.caption, "caption") for p in text.pictures]
    table = Grid([pictures, captions], colWidths=[cell] * count, rowHeights=[height, None],
                  hAlign="LEFT")
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
        ("VALIGN", (0, 1), (-1, 1), "TOP"),
        ("ALIGN", (0, 0), (-1, -1), "CENTER"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), PICTURE_GAP),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 1), (-1, 1), 4),
    ]))
    return table


def _stacked(images: list[Flowable], text: CardText, theme: Theme, width: float) -> Table:
    from pdfgen.pictures import VectorPicture

    if all(isinstance(image, VectorPicture) for image in images):
        scale = min(image.fit for image in images)
        images = [image.at(scale) for image in images]
    rows = [[cell] for image, p in zip(images, text.pictures, strict=True)
            for cell in (image, theme.para(p.caption, "caption"))]
    return Grid(rows, colWidths=[width], style=TableStyle([
        ("ALIGN", (0, 0), (-1, -1), "CENTER"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
    ]))


def picture_box(count: int, width: float = 504 - 2 * CARD_PAD, scale: float = 1.0
                ) -> tuple[float, float]:
    """The largest size a picture is printed at on a card of `width` with `count` pictures."""
    cell = (width - PICTURE_GAP * (max(count, 2) - 1)) / max(count, 2)
    return cell - 8, PICTURE_HEIGHT * scale * (2 / max(count, 2))

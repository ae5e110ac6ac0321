"""Small pieces the blocks share: the number badge and layout-only tables."""

from __future__ import annotations

from functools import lru_cache
from itertools import groupby

from reportlab.graphics.shapes import Circle, Drawing, Path, String
from reportlab.lib.colors import black, white
from reportlab.platypus import Flowable, Table, TableStyle

from pdfgen.layout.theme import RemembersWrap, Theme


def badge(number: int, theme: Theme, size: float = 30) -> Drawing:
    """A filled circle with a white numeral: reads as a number even in grey on paper."""
    drawing = Drawing(size, size, initialFontName=theme.fonts.bold)
    drawing.add(Circle(size / 2, size / 2, size / 2, fillColor=theme.primary, strokeColor=None))
    font_size = size * 0.57
    drawing.add(String(size / 2, size / 2 - font_size * 0.35, str(number),
                       fontName=theme.fonts.bold, fontSize=font_size, fillColor=white,
                       textAnchor="middle"))
    return drawing


def flat(valign: str = "TOP", top: float = 0, bottom: float = 0) -> TableStyle:
    """A layout-only table: no borders, no padding."""
    return TableStyle([
        ("VALIGN", (0, 0), (-1, -1), valign),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), top),
        ("BOTTOMPADDING", (0, 0), (-1, -1), bottom),
    ])


@lru_cache(maxsize=64)
def qr_code(url: str, size: float, font: str) -> Drawing:
    """A QR code of `size` points square that a phone camera opens as the web address.

    ReportLab's widget encodes it; its dark modules are then drawn as one path rather than
    hundreds of rectangles, which is the same picture at a fraction of the drawing time.
    Drawing it does not change it, so one serves every handout of the process. `font` is
    the drawing's initial font: ReportLab's default, Helvetica, would be named unembedded
    in the PDF although nothing is written in it."""
    from reportlab.graphics.barcode.qr import QrCodeWidget

    # Level M survives a smudge or a fold; a quiet zone of 4 modules, as scanners need.
    widget = QrCodeWidget(url, barLevel="M", barBorder=4)
    widget.qr.make()
    count = widget.qr.getModuleCount()
    module = size / (count + 8)
    path = Path(fillColor=black, strokeColor=None)
    for row, cells in enumerate(widget.qr.modules):
        y = size - (row + 5) * module
        column = 0
        for dark, run in groupby(bool(cell) for cell in cells):
            length = len(list(run))
            if dark:
                x = (column + 4) * module
                path.moveTo(x, y)
                path.lineTo(x + length * module, y)
                path.lineTo(x + length * module, y + module)
                path.lineTo(x, y + module)
                path.closePath()
            column += length
    drawing = Drawing(size, size, initialFontName=font)
    drawing.add(path)
    return drawing


class IfRoom(Flowable):
    """Its content where the page has room left for it, and nothing otherwise: for a part
    that only repeats what follows (the exercises at a glance)."""

    def __init__(self, content: Flowable) -> None:
        super().__init__()
        self.content = content
        self.fits = False

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        width, height = self.content.wrap(avail_width, avail_height)
        self.fits = height <= avail_height
        return (width, height) if self.fits else (0, 0)

    def draw(self) -> None:
        if self.fits:
            self.content.drawOn(self.canv, 0, 0)


class Grid(RemembersWrap, Table):
    """A Table that remembers its last wrap (a card and its inner tables)."""


class Stack(Flowable):
    """Flowables kept together, one under the other: moved whole to the next page when they
    do not fit, and let flow apart only when they are taller than a whole page.

    Unlike ReportLab's KeepTogether it says how tall it is, so the fitting pass can measure
    it before anything is placed."""

    def __init__(self, content: list[Flowable], page_height: float) -> None:
        super().__init__()
        self.content, self.page_height = content, page_height
        self._sizes: list[tuple[float, float]] = []

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width, self._sizes = avail_width, []
        height = 0.0
        for index, flowable in enumerate(self.content):
            before = flowable.getSpaceBefore() if index else 0
            h = flowable.wrap(avail_width, 1e6)[1]
            self._sizes.append((before, h))
            height += before + h + (flowable.getSpaceAfter() if index < len(self.content) - 1
                                    else 0)
        self.height = height
        return avail_width, height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        self.wrap(avail_width, avail_height)
        if self.height <= self.page_height:
            return []  # the next page holds it whole
        # Taller than a page: the parts that fit here, then the first that does not, cut
        # where it can be (the frame must be able to place the first part it is given).
        used = 0.0
        for index, (flowable, (before, height)) in enumerate(
                zip(self.content, self._sizes, strict=True)):
            if used + before + height > avail_height:
                if index:
                    return list(self.content)
                pieces = flowable.split(avail_width, avail_height)
                return [*pieces, *self.content[1:]] if pieces else []
            used += before + height + flowable.getSpaceAfter()
        return list(self.content)

    def getSpaceAfter(self) -> float:
        return self.content[-1].getSpaceAfter() if self.content else 0

    def draw(self) -> None:
        y = self.height
        for flowable, (before, height) in zip(self.content, self._sizes, strict=True):
            y -= before + height
            flowable.drawOn(self.canv, 0, y)
            y -= flowable.getSpaceAfter()

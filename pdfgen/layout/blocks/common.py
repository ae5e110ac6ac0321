"""Small pieces the blocks share: the number badge and layout-only tables."""

from __future__ import annotations

from itertools import groupby
from typing import Any

from reportlab.lib.colors import Color, black, white
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, TableStyle

from pdfgen.caches import cached, current
from pdfgen.layout.reportlab_door import Table
from pdfgen.layout.text_block import RemembersWrap
from pdfgen.layout.theme import Theme


class Badge(Flowable):
    """A filled circle with a white numeral: reads as a number even in grey on paper. Drawn
    straight on the canvas: dozens a handout, and ReportLab's Drawing is slow to render."""

    def __init__(self, number: int, color: Color, font: str, size: float) -> None:
        super().__init__()
        self.number, self.color, self.font = number, color, font
        self.width = self.height = size

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        size, canvas = self.width, self.canv
        font_size = size * 0.57
        canvas.saveState()
        canvas.setFillColor(self.color)
        canvas.circle(size / 2, size / 2, size / 2, stroke=0, fill=1)
        canvas.setFillColor(white)
        canvas.setFont(self.font, font_size)
        canvas.drawCentredString(size / 2, size / 2 - font_size * 0.35, str(self.number))
        canvas.restoreState()


def badge(number: int, theme: Theme, size: float = 30) -> Badge:
    """The number badge of a card and of its line on page 1."""
    return Badge(number, theme.primary, theme.fonts.bold, size)


def flat(valign: str = "TOP", top: float = 0, bottom: float = 0) -> TableStyle:
    """A layout-only table: no borders, no padding."""
    return TableStyle([
        ("VALIGN", (0, 0), (-1, -1), valign),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), top),
        ("BOTTOMPADDING", (0, 0), (-1, -1), bottom),
    ])


class QrCode(Flowable):
    """A QR code `size` points square: its dark modules filled as one path."""

    def __init__(self, runs: tuple[tuple[int, int, int], ...], count: int, size: float) -> None:
        super().__init__()
        self.runs, self.count = runs, count  # (row, first column, length) of each dark run
        self.width = self.height = size

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        size, canvas = self.width, self.canv
        module = size / (self.count + 8)  # a quiet zone of 4 modules all round
        path = canvas.beginPath()
        for row, column, length in self.runs:
            path.rect((column + 4) * module, size - (row + 5) * module, length * module,
                      module)
        canvas.saveState()
        canvas.setFillColor(black)
        canvas.drawPath(path, stroke=0, fill=1)
        canvas.restoreState()


def qr_code(url: str, size: float) -> QrCode:
    """A QR code of `size` points square that a phone camera opens as the web address."""
    runs, count = _qr_runs(url)
    return QrCode(runs, count, size)


@cached("qr_codes", 64)
def _qr_runs(url: str) -> tuple[tuple[tuple[int, int, int], ...], int]:
    """The dark runs of the code for `url`, worked out once (ReportLab's encoder takes
    ~50 ms) and kept in the private cache, checked when read back."""
    import hashlib
    import json

    import reportlab

    lasting = current().lasting_store("qr")
    key = hashlib.sha256(f"1\0{reportlab.Version}\0{url}".encode()).hexdigest()
    found: Any = lasting.get_json(key)
    try:
        runs, count = found  # (None, or not a pair: TypeError, below)
        if 21 <= count <= 177 and all(len(run) == 3 and all(
                isinstance(v, int) and 0 <= v <= count for v in run) for run in runs):
            return tuple(tuple(run) for run in runs), count
    except (TypeError, ValueError):
        pass
    made = _encoded(url)
    lasting.put(key, json.dumps(made).encode())
    return made


def _encoded(url: str) -> tuple[tuple[tuple[int, int, int], ...], int]:
    """The dark runs of the code for `url`: ReportLab's encoder makes the modules (level M
    survives a smudge or a fold)."""
    from reportlab.graphics.barcode.qrencoder import QRCode, QRErrorCorrectLevel

    qr = QRCode(None, QRErrorCorrectLevel.M)
    qr.addData(url)
    qr.make()
    runs = []
    for row, cells in enumerate(qr.modules):
        column = 0
        for dark, run in groupby(bool(cell) for cell in cells):
            length = len(list(run))
            if dark:
                runs.append((row, column, length))
            column += length
    return tuple(runs), qr.getModuleCount()


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

    def __init__(self, content: list[Flowable], page_height: float,
                 lead_needs_follower: bool = False) -> None:
        super().__init__()
        self.content, self.page_height = content, page_height
        # A heading and its words never stand alone at a page's foot: when nothing of the
        # part that flows on (a table: its header and a row) fits under them, the whole
        # goes to the next page (once: there it starts, however it falls).
        self.lead_needs_follower, self.moved_once = lead_needs_follower, False
        self._sizes: list[tuple[float, float]] = []
        # Its height at each width it was measured at: the fitting pass asks again and
        # again. (Drawing lays each part out again at the width it is drawn at.)
        self._known: dict[float, tuple[list[tuple[float, float]], float]] = {}

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        if avail_width in self._known:
            self._sizes, self.height = self._known[avail_width]
            return avail_width, self.height
        self._sizes = []
        height = 0.0
        for index, flowable in enumerate(self.content):
            before = flowable.getSpaceBefore() if index else 0
            h = flowable.wrap(avail_width, 1e6)[1]
            self._sizes.append((before, h))
            height += before + h + (flowable.getSpaceAfter() if index < len(self.content) - 1
                                    else 0)
        self.height = height
        self._known[avail_width] = (self._sizes, height)
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
                    # (moved once, and never from a page's top: the next page is no taller,
                    # and ReportLab stops at a part it can neither place nor split there)
                    if (self.lead_needs_follower and not self.moved_once
                            and avail_height < self.page_height
                            and not flowable.split(avail_width, avail_height - used - before)):
                        self.moved_once = True
                        return []
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
            flowable.wrap(self.width, 1e6)  # as it was measured: its lines at this width
            flowable.drawOn(self.canv, 0, y)
            y -= flowable.getSpaceAfter()


def widest_line(paragraph: Flowable, width: float) -> float:
    """The width of a paragraph's longest line, laid out in `width`."""
    paragraph.wrap(width, 1e6)
    return max(paragraph.getActualLineWidths0(), default=0.0)


def line_width(line: str, style: ParagraphStyle) -> float:
    """How wide a line of text is set in a style, in points."""
    return stringWidth(line, style.fontName, style.fontSize)


def tail_bound(words: str, style: ParagraphStyle, width: float) -> str:
    """The words in two lines `width` wide as even as they break (the date at the end then
    whole on the second: "on November 24, 2026"), the second's words bound by no-break
    spaces so that ReportLab breaks them there; as they were when no break fits both."""
    parts = words.split(" ")
    # (Never a separator leading the second line: "Jane Example" over "· Bring this …".)
    splits = [(max(line_width(" ".join(parts[:k]), style),
                   line_width(" ".join(parts[k:]), style)), k) for k in range(1, len(parts))
              if parts[k] != "·"]
    fitting = [(longer, k) for longer, k in splits if longer <= width]
    if not fitting:
        return words
    k = min(fitting)[1]
    return " ".join([*parts[:k], "\u00a0".join(parts[k:])])

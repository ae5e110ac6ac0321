"""Small layout flowables for the cards: cells side by side, a padded panel on a tint, and
a line marked as what keeps the patient safe. The fitting pass lays a card out dozens of
times; ReportLab's Table would apply its styles and measure its cells anew each time, where
these only add up what they hold."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.platypus import Flowable, Spacer


def stacked_height(flowables: Sequence[Flowable], width: float) -> float:
    """The height of flowables one under the other, as in a table cell: the space before the
    first and after the last left out."""
    total = 0.0
    for index, flowable in enumerate(flowables):
        total += flowable.wrap(width, 1e6)[1]
        if index:
            total += flowable.getSpaceBefore()
        if index < len(flowables) - 1:
            total += flowable.getSpaceAfter()
    return total


def _draw_stack(canvas: Any, flowables: Sequence[Flowable], x: float, top: float,
                width: float) -> None:
    y = top
    for index, flowable in enumerate(flowables):
        w, h = flowable.wrap(width, 1e6)
        if index:
            y -= flowable.getSpaceBefore()
        y -= h
        align = getattr(flowable, "hAlign", "LEFT")
        dx = (width - w) / 2 if align == "CENTER" else (width - w if align == "RIGHT" else 0)
        if not isinstance(flowable, Spacer):  # nothing to draw: no empty q … Q in the page
            flowable.drawOn(canvas, x + dx, y)
        y -= flowable.getSpaceAfter()


class Columns(Flowable):
    """Cells side by side, each a list of flowables one under the other, at the tops of the
    cells (or their feet: `bottom`; their middles: `middle`). A cell that is one Panel is
    drawn as tall as the tallest cell, so that tints side by side end together."""

    def __init__(self, cells: Sequence[Sequence[Flowable]], widths: Sequence[float],
                 gap: float = 0, bottom: bool = False, middle: bool = False) -> None:
        super().__init__()
        self.cells, self.widths, self.gap = cells, list(widths), gap
        self.bottom, self.middle = bottom, middle
        self.width = sum(self.widths) + gap * (len(self.widths) - 1)
        self.height = 0.0
        self._heights: list[float] = []

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self._heights = [stacked_height(cell, width)
                         for cell, width in zip(self.cells, self.widths, strict=True)]
        self.height = max(self._heights, default=0.0)
        return self.width, self.height

    @property
    def heights(self) -> list[float]:
        """Each cell's height, as last wrapped."""
        return list(self._heights)

    def draw(self) -> None:
        x = 0.0
        for cell, width, height in zip(self.cells, self.widths, self._heights, strict=True):
            if len(cell) == 1 and isinstance(cell[0], Panel):
                cell[0].stretch = self.height
            top = height if self.bottom else self.height
            if self.middle:
                top = self.height - (self.height - height) / 2
            _draw_stack(self.canv, cell, x, top, width)
            x += width + self.gap


class Panel(Flowable):
    """Flowables one under the other with padding round them, on a tint (`background`)
    and with a bar of colour down the left (`bar`: width and colour)."""

    def __init__(self, content: Sequence[Flowable], padding: tuple[float, float, float, float],
                 background: Any = None, bar: tuple[float, Any] | None = None) -> None:
        super().__init__()
        self.content, self.padding = content, padding  # top, right, bottom, left
        self.background, self.bar = background, bar
        self.stretch = 0.0  # drawn at least this tall (set by Columns)
        self._size: tuple[float, float] = (0.0, 0.0)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        top, right, bottom, left = self.padding
        inner = stacked_height(self.content, avail_width - left - right)
        self._size = (avail_width, inner + top + bottom)
        return self._size

    def draw(self) -> None:
        width, own = self._size
        height = max(own, self.stretch)
        canvas = self.canv
        if self.background is not None:
            canvas.saveState()
            canvas.setFillColor(self.background)
            canvas.rect(0, own - height, width, height, stroke=0, fill=1)
            canvas.restoreState()
        if self.bar is not None:
            bar, color = self.bar
            canvas.saveState()
            canvas.setFillColor(color)
            canvas.rect(0, own - height, bar, height, stroke=0, fill=1)
            canvas.restoreState()
        top, right, _, left = self.padding
        _draw_stack(canvas, self.content, left, own - top, width - left - right)


BAR, BAR_SHORT = 2.5, 2.0  # points: SafetyLine's bar's width, and how far short of each end


class SafetyLine(Flowable):
    """A paragraph by a black mark, in none of its height: what keeps the patient safe, in
    black, as page 1's warning box is (two designers read it plain as weaker than the tips;
    a black-and-white printer keeps black). The mark at `at`, the words at `words`: a bar
    down its left, short of the line's top and foot; or (`sign`, where a card's tips have
    their bullets) a warning sign by its first line, as a tip's bullet stands by its own (a
    bar there read as "a leftover", a box that lost its fill)."""

    def __init__(self, paragraph: Flowable, color: Any, at: float = 0.0,
                 words: float = BAR + 6, sign: float = 0.0, marked: bool = True) -> None:
        super().__init__()
        self.paragraph, self.color, self.at, self.words = paragraph, color, at, words
        self.sign = sign  # the first line's type size, for a warning sign; 0: a bar
        self.marked = marked  # (a sign's line gone on to the next page goes on without it)
        self.spaceAfter = paragraph.getSpaceAfter()  # (to what follows it, as unbarred)
        self._size = (0.0, 0.0)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        height = self.paragraph.wrap(avail_width - self.words, avail_height)[1]
        self._size = (avail_width, height)
        return self._size

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        # As its line would, unmarked: a safety line longer than a page ("its card does not
        # fit", naming neither file nor field), typed in by a test.
        pieces = self.paragraph.split(avail_width - self.words, avail_height)
        if len(pieces) < 2:
            return []
        return [SafetyLine(piece, self.color, self.at, self.words, self.sign,
                       self.marked and (not index or not self.sign))
                for index, piece in enumerate(pieces)]

    def draw(self) -> None:
        height = self._size[1]
        canvas = self.canv
        canvas.saveState()
        canvas.setFillColor(self.color)
        if self.marked and self.sign:
            _warning_sign(canvas, self.at, height - self.sign, self.sign)
        elif self.marked:
            canvas.rect(self.at, BAR_SHORT, BAR, height - 2 * BAR_SHORT, stroke=0, fill=1)
        canvas.restoreState()
        self.paragraph.drawOn(canvas, self.words, 0)


def _warning_sign(canvas: Any, x: float, baseline: float, size: float) -> None:
    """A filled triangle with an exclamation mark cut out of it, a little taller than a
    capital letter of `size` points, standing on the line's baseline (drawn, not a
    character: no font has to hold it)."""
    high, wide = size * 0.84, size * 0.94
    path = canvas.beginPath()
    path.moveTo(x, baseline)
    path.lineTo(x + wide, baseline)
    path.lineTo(x + wide / 2, baseline + high)
    path.close()
    canvas.drawPath(path, stroke=0, fill=1)
    middle, stroke = x + wide / 2, size * 0.14  # (thinner, a poor printer filled it in)
    canvas.setFillColorRGB(1, 1, 1)
    canvas.rect(middle - stroke / 2, baseline + high * 0.36, stroke, high * 0.34, stroke=0,
                fill=1)
    canvas.circle(middle, baseline + high * 0.2, stroke * 0.58, stroke=0, fill=1)


SHARES = (0.5, 0.45, 0.55, 0.4, 0.6, 0.35, 0.65, 0.3, 0.7)  # the nearest to even first


def balanced_widths(items: Sequence[Flowable], room: float, least: Sequence[float]
                    ) -> list[float]:
    """Widths for two flowables side by side in `room` points: the split (each at least
    its `least`) that makes the taller of them lowest, even unless another is lower by a
    point or more. More than two: equal widths."""
    count = len(items)
    even = [room / count] * count
    if count != 2:
        return even

    def taller(widths: list[float]) -> float:
        return max(item.wrap(w, 1e6)[1] for item, w in zip(items, widths, strict=True))

    best, lowest = even, taller(even)
    for share in SHARES[1:]:
        widths = [room * share, room * (1 - share)]
        if all(w >= floor for w, floor in zip(widths, least, strict=True)):
            height = taller(widths)
            if height <= lowest - 1:
                best, lowest = widths, height
    return best


"""Paragraphs that remember how their lines broke at each width (the fitting pass lays a
card out many times), drawn as marked content when tagging."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from reportlab.lib.enums import TA_CENTER
from reportlab.platypus import Flowable, Paragraph

from pdfgen.caches import cached, current
from pdfgen.layout.reportlab_door import paragraph_lines, use_lines
from pdfgen.layout.tagging import draw_text_block


class RemembersWrap(Flowable):
    """Remembers the last wrap of a flowable: a card's rows are measured when the card is
    laid out, and again, at the same width, when it is placed on the page."""

    _wrapped: tuple[float, tuple[float, float]] | None = None  # (width, size) when wrapped

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        if self._wrapped is not None and self._wrapped[0] == avail_width:
            return self._wrapped[1]
        size: tuple[float, float] = super().wrap(avail_width, avail_height)
        self._wrapped = (avail_width, size)
        return size

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        self._wrapped = None  # splitting lays it out again
        result: list[Flowable] = super().split(avail_width, avail_height)
        return result


# How the lines of a text broke at a width, for every paragraph of the process: the same
# words in the same style break the same way in every handout of a batch. Drawing only
# reads these. Keyed on the style object itself, which the theme cache keeps alive. Bounded
# (pdfgen.caches): a batch's texts holding each patient's name come and go.
_MOST_BREAKS = 4096
# A caption broken between its phrases whose first line is a label alone, under this share
# of its longest line, is broken as other text (and balanced), where that takes as many lines
# ("Inicio:" over "boca abajo en el suelo.", at about a third, keeps "boca abajo" whole).
LABEL_ALONE = 0.25
BALANCE_STEPS = 6  # halvings of the width a caption's lines are balanced by (to ~1.5 %)
_MOST_SPACED = 1024  # paragraphs' lines as drawn (pdfgen.caches "spaced_lines")
_Breaks = tuple[list[float], Any, float]  # the line widths, the lines, the height


class TextBlock(Paragraph):
    """A Paragraph that remembers how its lines broke at each width it was laid out at, drawn
    as marked content when tagging. The fitting pass lays a card out at a few widths, over
    and over; breaking the lines again is most of what that would cost."""

    # ReportLab's, set by Paragraph.wrap (see reportlab_door.paragraph_lines).
    blPara: Any
    height: float
    # pdfgen's own, defaults on the class: a split's pieces are new instances of it.
    split_piece = False  # a piece of a split: its own lines, never shared
    # Its markup and fragments with the last two words bound (no runt), and unbound.
    tight_text: tuple[str, list[Any]] | None = None
    loose_text: tuple[str, list[Any]] | None = None
    # The breaks it was laid out with, by key, and its widest run: a card's paragraphs are
    # wrapped at the same few widths over and over in one build (~4 times each).
    own_breaks: dict[tuple[Any, ...], _Breaks] | None = None
    widest_run: float | None = None
    # The width and text of its last wrap, whose lines it holds: asked again for them (a
    # stack measured, placed, drawn), it answers at once.
    last_wrap: tuple[float, str] | None = None
    # A caption's markup and fragments at a width, its lines to break only between its
    # phrases (phrasing.py); None where that is as it is.
    phrasing: Callable[[float], tuple[str, list[Any]] | None] | None = None
    shift = 0.0  # a balanced caption's lines, centred in a narrower width: how far right

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        if self.split_piece:
            return super().wrap(avail_width, avail_height)
        if self.loose_text is not None and self.tight_text is not None:
            # Its last two words bound are wider than the column: unbound, rather than cut
            # in two.
            self.text, self.frags = (self.loose_text if self.widest_word() > avail_width
                                     else self.tight_text)
        self.shift = 0.0
        phrased = self.phrasing(avail_width) if self.phrasing is not None else None
        if phrased is not None:
            # Broken only between its phrases, where that takes no more lines.
            plain = self.text, self.frags
            self.laid_out_at(avail_width, avail_height)
            lines = len(self.blPara.lines)
            self.text, self.frags = phrased
            self.laid_out_at(avail_width, avail_height)
            count = len(self.blPara.lines)
            if count < lines or (count == lines and not _label_alone(self)):
                return avail_width, self.height
            self.text, self.frags = plain
        return self.laid_out_at(avail_width, avail_height)

    def balanced_at(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        """A caption's lines as even as their number allows, as it is drawn: broken at the
        narrowest width that keeps that number ("Start: stand tall, / feet about /
        hip-width apart.", not "Start: stand tall, feet / about / hip-width apart."), drawn
        in the whole width (centred in it where the style centres)."""
        count, words = len(self.blPara.lines), _words(self.blPara)
        if count < 2:
            return avail_width, self.height
        low, high = max(avail_width * 0.5, self.widest_word() + 1), avail_width
        for _ in range(BALANCE_STEPS):
            middle = (low + high) / 2
            self.laid_out_at(middle, avail_height)
            # (The same words: never one cut in two to keep the count.)
            if len(self.blPara.lines) == count and _words(self.blPara) == words:
                high = middle
            else:
                low = middle
        self.laid_out_at(high, avail_height)
        if self.style.alignment == TA_CENTER:
            self.shift = (avail_width - high) / 2
        self.width, self.last_wrap = avail_width, (avail_width, self.text)
        return avail_width, self.height

    def laid_out_at(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        """Its lines at a width, for its text as it stands, from memory when known."""
        last = self.last_wrap
        if last is not None and last[0] == avail_width and last[1] is self.text:
            return avail_width, self.height
        key = (self.text, self.style, self.bulletText, avail_width)
        own = self.own_breaks
        if own is None:
            own = self.own_breaks = {}
        known = own.get(key)
        if known is None:
            breaks = current().map("line_breaks", _MOST_BREAKS)
            known = breaks.get(key)
            if known is None:
                super().wrap(avail_width, avail_height)
                known = breaks.put(key, paragraph_lines(self))
            own[key] = known
        use_lines(self, known)
        self.width = avail_width
        self.last_wrap = (avail_width, self.text)
        return avail_width, self.height

    def widest_word(self) -> float:
        """The width of its widest unbreakable run (words bound by a no-break space count
        as one): narrower than this, a line would cut a word in two."""
        if self.widest_run is None:
            tight = self.tight_text
            self.widest_run = _widest_run(tight[0] if tight else self.text, self.style.fontName,
                                       self.style.fontSize)
        return self.widest_run

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        self.last_wrap = None  # (ReportLab's split may drop the lines it holds)
        pieces: list[Flowable] = super().split(avail_width, avail_height)
        for piece in pieces:
            piece.split_piece = True
        return pieces

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
        if self.phrasing is not None and not self.split_piece:
            # (Balanced only as drawn: its lines and height are what the fitting measured.)
            self.balanced_at(self.width, 1e6)
        draw_text_block(self, canvas, x + self.shift, y, _sW, super().drawOn)

    def drawPara(self, debug: int = 0) -> None:
        # Each line but the last ends with a space, as typed: read back from the PDF (by a
        # screen reader, or copied) the word at a line's end and the next line's first word
        # stay two words ("try this", not "trythis").
        original = self.blPara
        lines = original.lines
        if len(lines) > 1:  # (made once for the lines: a batch draws the same ones again)
            spaced = current().map("spaced_lines", _MOST_SPACED)
            known = spaced.get(id(original))
            if known is None or known[0] is not original:  # (held: its id is no other's)
                known = spaced.put(id(original), (original, original.clone(lines=[
                    *(_ending_in_space(line, original.kind) for line in lines[:-1]),
                    lines[-1]])))
            self.blPara = known[1]
        try:
            super().drawPara(debug)
        finally:
            self.blPara = original


def _label_alone(block: TextBlock) -> bool:
    """Whether its first line is only a label ("Bird dog:", "Up:"), under LABEL_ALONE of its
    longest line: "Bird dog:" over "reach one arm forward and the opposite leg back." reads
    as a title over a caption, where the same two lines of words, balanced, read as one
    ("Bird dog: reach one arm forward / and the opposite leg back.")."""
    first = _words(block.blPara, 1)
    if len(block.blPara.lines) < 2 or not first or not first[-1].rstrip("\u00a0 ").endswith(":"):
        return False
    filled = block.getActualLineWidths0()
    return filled[0] < LABEL_ALONE * max(filled)


def _words(lines: Any, count: int | None = None) -> list[str]:
    """The words of a paragraph's lines (its first `count`), in order."""
    return [word if isinstance(word, str) else getattr(word, "text", "")
            for line in lines.lines[:count]
            for word in (line[1] if isinstance(line, tuple) else getattr(line, "words", []))]


def _ending_in_space(line: Any, kind: int) -> Any:
    if kind == 0:  # (the space left over, the words)
        extra, words = line
        return extra, [*words, ""]
    words = getattr(line, "words", None)
    if not words:
        return line
    last = words[-1]
    if last is None or getattr(last, "cbDefn", None) is not None or not hasattr(last, "text"):
        return line  # an inline drawing ends the line: nothing to add a space to
    return line.clone(words=[*words, last.clone(text=" ")])



@cached("widest_run", 1024)
def _widest_run(markup: str, font: str, size: float) -> float:
    """The width of the widest run of markup's text between plain spaces."""
    from html import unescape

    from reportlab.pdfbase.pdfmetrics import stringWidth

    plain = unescape(re.sub(r"<[^>]*>", "", markup))
    return max((stringWidth(word, font, size) for word in plain.split(" ")), default=0.0)

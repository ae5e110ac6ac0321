"""What every page carries: a running header from page 2 on, and the footer with "Page X of Y"."""

from __future__ import annotations

from typing import Any

from reportlab.pdfgen.canvas import Canvas

from pdfgen.layout.theme import RULE, Theme
from pdfgen.text.engine import TextEngine
from pdfgen.text.resolve import footer_text


class PageDecorations:
    """Draws the running header and the footer once the page count is known."""

    def __init__(self, engine: TextEngine, context: dict[str, Any], theme: Theme,
                 running_header: str, left: float, right: float, top: float,
                 bottom: float) -> None:
        self.engine, self.context, self.theme = engine, context, theme
        self.running_header = running_header
        self.left, self.right, self.top, self.bottom = left, right, top, bottom

    def heights(self, width: float) -> tuple[float, float]:
        """How tall the running line and the footer are drawn (with two-digit page numbers)."""
        running = 0.0
        if self.running_header:
            running = self.theme.para(self.running_header, "running").wrap(width, 200)[1]
        return running, self._footer(width, 88, 88)[3]

    def _footer(self, width: float, page: int, pages: int) -> tuple[Any, Any, float, float]:
        left_text, right_text = footer_text(self.engine, self.context, page, pages)
        # The right end ("Page 2 of 7") keeps its width; the left end wraps beside it, onto
        # a second line if it must, rather than printing over it.
        right = self.theme.para(right_text, "footer_right")
        right.wrap(width / 2, 80)
        right_width = max(right.getActualLineWidths0()) + 2
        right.wrap(right_width, 80)
        left = self.theme.para(left_text, "footer")
        _, height = left.wrap(width - right_width - 16, 80)
        return left, right, right_width, max(height, right.height)

    def draw(self, canvas: Canvas, page: int, pages: int) -> None:
        width = self.right - self.left
        canvas.saveState()
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        # Pages can come apart: from page 2 on, each says which handout (and whose) it is.
        if page > 1 and self.running_header:
            para = self.theme.para(self.running_header, "running")
            _, height = para.wrapOn(canvas, width, 40)
            para.drawOn(canvas, self.left, self.top - height)
            canvas.line(self.left, self.top - height - 5, self.right, self.top - height - 5)
        left, right, right_width, height = self._footer(width, page, pages)
        left.drawOn(canvas, self.left, self.bottom + height - left.height)
        right.drawOn(canvas, self.right - right_width, self.bottom + height - right.height)
        rule = self.bottom + height + 5
        canvas.line(self.left, rule, self.right, rule)
        canvas.restoreState()

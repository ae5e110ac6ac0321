"""What every page carries: a running header from page 2 on, and the footer with "Page X of Y"."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportlab.pdfgen.canvas import Canvas

from pdfgen.errors import ContentError
from pdfgen.layout.theme import RULE, Theme
from pdfgen.text.handout_text import HandoutText

MOST_LINES = 3  # the running line's and the footer's, each


class PageDecorations:
    """Draws the running header and the footer (rendered in resolve, with slots for the page
    number and count) once the page count is known."""

    def __init__(self, text: HandoutText, theme: Theme, left: float, right: float,
                 top: float, bottom: float) -> None:
        self.footer, self.theme = text.footer, theme
        self.running_header = text.running_header
        self.templates = {"header.j2": text.running_template, "footer.j2": text.footer.template}
        self.left, self.right, self.top, self.bottom = left, right, top, bottom

    def heights(self, width: float) -> tuple[float, float]:
        """How tall the running line and the footer are drawn (with two-digit page numbers);
        ContentError when either takes more than a few lines (a template's runaway text)."""
        running = 0.0
        if self.running_header:
            running = self.theme.para(self.running_header, "running").wrap(width, 200)[1]
        footer = self._footer(width, self.footer.widest)[3]
        for name, height, style in (("header.j2", running, "running"),
                                    ("footer.j2", footer, "footer")):
            lines = round(height / self.theme[style].leading)
            if lines > MOST_LINES:
                raise ContentError(Path(self.templates[name]), "",
                                   f"it prints {lines} lines on every page; the line at the "
                                   f"top and the footer may take at most {MOST_LINES} each")
        return running, footer

    def _footer(self, width: float, ends: tuple[str, str]) -> tuple[Any, Any, float, float]:
        left_text, right_text = ends
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
        left, right, right_width, height = self._footer(width, self.footer.ends(page, pages))
        left.drawOn(canvas, self.left, self.bottom + height - left.height)
        right.drawOn(canvas, self.right - right_width, self.bottom + height - right.height)
        rule = self.bottom + height + 5
        canvas.line(self.left, rule, self.right, rule)
        canvas.restoreState()

"""The footer of every page: clinic name and phone on the left, "Page X of Y" on the right."""

from __future__ import annotations

from typing import Any

from reportlab.pdfgen.canvas import Canvas

from pdfgen.text import TextEngine
from pdfgen.theme import RULE, Theme


class Footer:
    """Draws the footer once the page count is known."""

    def __init__(self, engine: TextEngine, context: dict[str, Any], theme: Theme,
                 left: float, right: float, baseline: float) -> None:
        self.engine, self.context, self.theme = engine, context, theme
        self.left, self.right, self.baseline = left, right, baseline

    def draw(self, canvas: Canvas, page: int, pages: int) -> None:
        context = {**self.context, "page": page, "pages": pages}
        width = self.right - self.left
        canvas.saveState()
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(self.left, self.baseline + 16, self.right, self.baseline + 16)
        for block, style in (("left", "footer"), ("right", "footer_right")):
            text = self.engine.render_block("footer.j2", block, context)
            para = self.theme.para(text, style)
            para.wrapOn(canvas, width, 40)
            para.drawOn(canvas, self.left, self.baseline)
        canvas.restoreState()

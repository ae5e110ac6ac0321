"""Small pieces the blocks share: the number badge and layout-only tables."""

from __future__ import annotations

from reportlab.graphics.shapes import Circle, Drawing, String
from reportlab.lib.colors import white
from reportlab.platypus import TableStyle

from pdfgen.theme import Theme


def badge(number: int, theme: Theme, size: float = 30) -> Drawing:
    """A filled circle with a white numeral: reads as a number even in grey on paper."""
    drawing = Drawing(size, size)
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

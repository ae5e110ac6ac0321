"""Captions broken between their phrases: "Down: hips back, / knees bent, / heels down," reads
as the pose it describes, where "knees bent, heels / down," cuts a phrase in two."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth

from pdfgen.layout.paragraph_parse import parsed
from pdfgen.text.engine import to_markup
from pdfgen.text.fonts import FontSet

PHRASED = frozenset({"caption", "caption_left"})  # the styles whose lines break so
_END = re.compile(r"(?<=[,;:])\s+")  # a phrase ends at a comma, semicolon or colon

Variant = tuple[str, list[Any]]  # a text's markup and its parsed fragments


def phrasing(text: str, style: ParagraphStyle, fonts: FontSet
             ) -> Callable[[float], Variant | None]:
    """For a width, the text with the words of each of its phrases bound by no-break
    spaces, so that its lines break only between phrases; None where a phrase is wider than
    a line (the text then breaks as any other: a phrase cut in two reads no better for the
    others kept whole)."""
    phrases = [p for p in _END.split(text.strip()) if p]
    widest = max((stringWidth(p, style.fontName, style.fontSize) for p in phrases), default=0)
    made: list[Variant] = []

    def at(width: float) -> Variant | None:
        if len(phrases) < 2 or widest > width:
            return None
        if not made:
            markup = to_markup(" ".join(p.replace(" ", "\u00a0") for p in phrases), fonts)
            made.append((markup, parsed(markup, style, None)[0]))
        return made[0]

    return at

"""The one-page sheet's dose: labelled numbers in a strip beside an exercise's name."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, TableStyle

from pdfgen.layout.blocks import card_parts
from pdfgen.layout.blocks.common import Grid
from pdfgen.layout.theme import INK, Theme
from pdfgen.text.handout_text import CardText


def dose_strip(card: CardText, theme: Theme, width: float,
               fellows: Sequence[CardText] = ()) -> Flowable:
    """The dose as labelled numbers in a strip ("Sets 2 | Reps 10 | Days a week 3"); for an
    exercise in parts with the same labels, a strip a part in one table, each led by the
    part's name (a line lower than the detailed card's table, whose labels head the columns
    on a line of their own). Each column as wide as in the strips of the `fellows` (the
    sheet's other rows) with the same labels, where they all fit: the strips, at the right
    of the rows, line up as a table's columns (the lunge's "8 each side" put its labels
    apart from the squat's over it)."""
    parts = card.named_doses or [("", card.dose_parts)]
    if len({tuple(label for label, _ in doses) for _, doses in parts}) != 1:
        return card_parts.dose(card, theme, width)
    name, label, value = theme["dose_part"], theme["dose_name"], theme["dose_value"]
    named = bool(card.named_doses)
    widths = [max(_text_width(part, name) for part, _ in parts) + 14] if named else []
    for column in range(len(parts[0][1])):
        widths += [max(_text_width(doses[column][0], label) + 14 for _, doses in parts),
                   max(_text_width(doses[column][1], value) + 20 for _, doses in parts)]
    if sum(widths) > width:
        return card_parts.dose(card, theme, width)
    labels = [pair[0] for pair in card.dose_parts]
    alike = [f.dose_parts for f in fellows
             if not f.named_doses and [pair[0] for pair in f.dose_parts] == labels]
    if not named and alike:
        shared = [max(w, *(_text_width(doses[i // 2][i % 2], (label, value)[i % 2])
                           + (14, 20)[i % 2] for doses in alike))
                  for i, w in enumerate(widths)]
        widths = shared if sum(shared) <= width else widths
    rows = [[*([theme.para(part, "dose_part")] if named else []),
             *(theme.para(text, style) for pair in doses
               for text, style in zip(pair, ("dose_name", "dose_value"), strict=True))]
            for part, doses in parts]
    # Read in order as the strips are ("Plank, Reps 3, Hold 30 seconds, ..."), a line a part.
    table = Grid(rows, colWidths=widths, hAlign="LEFT")
    table.setStyle(TableStyle([
        ("BOX", (0, 0), (-1, -1), 1.5, INK),
        ("LINEBELOW", (0, 0), (-1, -2), 1, INK),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 8),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        *(entry for column in range(int(named), len(widths), 2) for entry in (
            ("BACKGROUND", (column, 0), (column, -1), theme.tint),
            *([("LINEBEFORE", (column, 0), (column, -1), 1, INK)] if column else []))),
    ]))
    return table


def _text_width(text: str, style: ParagraphStyle) -> float:
    return float(stringWidth(text, style.fontName, style.fontSize))

"""The opening of the handout: title, level, who it is for, the intro, the disclaimer box and
the exercises at a glance."""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from pdfgen.blocks.common import badge
from pdfgen.resolve import HandoutText
from pdfgen.theme import Theme


def opening(text: HandoutText, theme: Theme, width: float) -> list[Flowable]:
    story: list[Flowable] = [
        theme.para(text.title, "title"),
        theme.para(text.subtitle, "subtitle"),
        theme.para(text.prepared_for, "meta"),
    ]
    story += [theme.para(p, "lead") for p in text.intro]
    story.append(Spacer(1, 4))
    story.append(notice(text.disclaimer_heading, text.disclaimer, theme, width))
    story.append(Spacer(1, 14))
    story.append(KeepTogether([theme.para(text.overview_heading, "heading"),
                               overview(text, theme, width)]))
    story.append(Spacer(1, 18))
    return story


def notice(heading: str, body: str, theme: Theme, width: float) -> Table:
    """A calm, visible box: pale tint, a bar of brand colour on the left, a bold heading."""
    box = Table([[[theme.para(heading, "box_heading"), theme.para(body, "body")]]],
                colWidths=[width])
    box.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, -1), theme.tint),
        ("LINEBEFORE", (0, 0), (0, -1), 5, theme.primary),
        ("LEFTPADDING", (0, 0), (-1, -1), 16),
        ("RIGHTPADDING", (0, 0), (-1, -1), 14),
        ("TOPPADDING", (0, 0), (-1, -1), 10),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]))
    return box


def overview(text: HandoutText, theme: Theme, width: float) -> Table:
    """One line per exercise with its dose: the whole routine on page 1, like a checklist."""
    dose_width = 0.5 * width
    rows = [
        [badge(c.number, theme, size=24), theme.para(c.name, "overview_name"),
         theme.para(c.dose or "", "body")]
        for c in text.cards
    ]
    table = Table(rows, colWidths=[36, width - 36 - dose_width, dose_width])
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.75, theme.line),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 8),
        ("TOPPADDING", (0, 0), (-1, -1), 8),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]))
    return table

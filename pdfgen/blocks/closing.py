"""The end of the handout: the conclusion, then the contact block laid out like a business card."""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from pdfgen.resolve import HandoutText
from pdfgen.theme import Theme


def closing(text: HandoutText, theme: Theme, width: float, logo: Flowable | None) -> list[Flowable]:
    story: list[Flowable] = []
    if text.conclusion:
        story.append(theme.para(text.conclusion_heading, "heading"))
        story += [theme.para(p, "body") for p in text.conclusion]
        story.append(Spacer(1, 12))
    story.append(contact(text, theme, width, logo))
    # The closing reads as one piece; it splits only if it is longer than a page.
    return [KeepTogether(story)]


def contact(text: HandoutText, theme: Theme, width: float, logo: Flowable | None) -> Table:
    c = text.contact
    # Phone first: it is the thing a patient acts on.
    lines: list[Flowable] = [
        theme.para(c.heading, "contact_heading"),
        theme.para(c.phone, "contact_phone"),
        Spacer(1, 4),
        theme.para(c.name, "contact_name"),
        theme.para(c.clinic, "contact_line"),
        *(theme.para(line, "contact_line") for line in c.details),
    ]
    logo_width = logo.wrap(width, width)[0] + 20 if logo is not None else 0
    cells = [[logo, lines]] if logo is not None else [[lines]]
    widths = [logo_width, width - logo_width] if logo is not None else [width]
    card = Table(cells, colWidths=widths)
    card.setStyle(TableStyle([
        ("BOX", (0, 0), (-1, -1), 1.25, theme.primary),
        ("ROUNDEDCORNERS", [8, 8, 8, 8]),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 18),
        ("RIGHTPADDING", (0, 0), (-1, -1), 18),
        ("TOPPADDING", (0, 0), (-1, -1), 14),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 14),
    ]))
    return card

"""The end of the handout: the conclusion, lines for notes, and the contact block laid out
like a business card."""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from pdfgen.blocks.common import qr_code
from pdfgen.document import HandoutText
from pdfgen.theme import RULE, Theme

NOTE_LINES = 5


def closing(text: HandoutText, theme: Theme, width: float, logo: Flowable | None) -> list[Flowable]:
    story: list[Flowable] = []
    if text.conclusion:
        story.append(theme.para(text.conclusion_heading, "heading"))
        story += [theme.para(p, "body") for p in text.conclusion]
        story.append(Spacer(1, 8))
    story += [theme.para(text.notes_heading, "heading"), note_lines(theme, width),
              Spacer(1, 16), contact(text, theme, width, logo)]
    # The closing reads as one piece; it splits only if it is longer than a page.
    return [KeepTogether(story)]


def note_lines(theme: Theme, width: float) -> Table:
    """Ruled lines, spaced for handwriting, for the clinician (or the patient) with a pen."""
    gap = 26 * theme.scale
    lines = Table([[""] for _ in range(NOTE_LINES)], colWidths=[width],
                  rowHeights=[gap] * NOTE_LINES)
    lines.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.75, RULE)]))
    return lines


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
    show_logo = logo is not None and not theme.large_print  # large print: words need room
    logo_width = logo.wrap(width, width)[0] + 20 if show_logo and logo else 0
    size = 72 * theme.scale  # an inch: phone cameras read it at arm's length
    link_width = size + 36 if c.link else 0
    cells: list[object] = [logo] if show_logo else []
    cells.append(lines)
    if c.link is not None:
        cells.append([qr_code(c.link.url, size), theme.para(c.link.label, "contact_line")])
    widths = [w for w in (logo_width, width - logo_width - link_width, link_width) if w]
    card = Table([cells], colWidths=widths)
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

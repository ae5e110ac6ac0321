"""The clinic header at the top of page 1: logo, clinic name, clinician and phone."""

from __future__ import annotations

from reportlab.platypus import Flowable, Spacer, TableStyle

from pdfgen.layout.reportlab_door import Table
from pdfgen.layout.theme import Theme
from pdfgen.text.handout_text import HandoutText


def header(text: HandoutText, theme: Theme, width: float, logo: Flowable | None,
           space: float = 6) -> list[Flowable]:
    """The clinic's name, then clinician and phone on one line, beside the logo, over a rule;
    `space` under it. A low band: page 1 is for the patient's warning signs and exercises."""
    # The dot stays at the end of a line, never starting the next; a long pair wraps.
    who = " · ".join(part for part in (text.clinician, text.phone) if part)
    lines = [
        theme.para(text.clinic_name, "header_name"),
        theme.para(who.replace(" · ", "\u00a0· "), "header_line"),
    ]
    left: Flowable | str = logo if logo is not None else ""
    logo_width = logo.wrap(width, width)[0] + 12 if logo is not None else 0
    table = Table([[left, lines]], colWidths=[logo_width, width - logo_width])
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
        ("LINEBELOW", (0, 0), (-1, 0), 2, theme.primary),
    ]))
    return [table, Spacer(1, space)]

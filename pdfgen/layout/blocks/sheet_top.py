"""The top of the one-page sheet, kept short for the exercises' sake: the clinic and its
phone on one line, the title and whom it is for, the warning signs and the pain rule in a
box, a plan's note."""

from __future__ import annotations

import math

from reportlab.platypus import Flowable, TableStyle

from pdfgen.layout.blocks.boxes import Columns
from pdfgen.layout.blocks.common import flat, line_width, tail_bound, widest_line
from pdfgen.layout.blocks.pain import pain_in_short
from pdfgen.layout.reportlab_door import Table
from pdfgen.layout.theme import INK, Theme
from pdfgen.text.handout_text import HandoutText

LOGO = 40  # the logo's height in the masthead
BOX_PAD = 10  # inside the warning box, at its right and between its parts
SIGN_GAP = 16  # between the two columns of warning signs
GAP = 12  # between the title and the clinic in the masthead


def top(text: HandoutText, theme: Theme, width: float, logo: Flowable | None
        ) -> list[Flowable]:
    """The masthead over a rule: the logo, the title and, under it, the routine, level,
    patient and date at the left; the clinic's name, "Questions? Call us." and its phone,
    large, at the right."""
    clinic = [theme.para(text.clinic_name, "sheet_clinic"),
              theme.para(text.contact.heading, "sheet_call"),
              theme.para(text.phone, "sheet_phone")]
    right = max(widest_line(p, width * 0.4) for p in clinic) + 2
    logo_width = logo.wrap(width, width)[0] + 8 if logo is not None else 0
    room = width - logo_width - right - GAP
    visit = list(filter(None, [text.follow_up]))
    lines = _lines([text.subtitle, text.prepared_for, *visit], theme, room)
    if text.prepared_name and _taken(lines, theme, room) > 2:
        # A long name: the date beside the routine and level, the name on a line of its own
        # ("Prepared for María José Fernández-Villanueva" / "on November 24, 2026" under
        # "Back pain · Level 1" took Level 1 to two pages).
        shorter = _lines([f"{text.subtitle} · {text.dated}", text.prepared_name, *visit],
                         theme, room)
        if _taken(shorter, theme, room) < _taken(lines, theme, room):
            lines = shorter
    title = [theme.para(text.title, "title"), *(theme.para(line, "meta") for line in lines)]
    for line in title[1:-1]:
        line.spaceAfter = 0  # one part under another, as the lines of one paragraph
    band = Table([[logo if logo is not None else "", title, clinic]],
                 colWidths=[logo_width, width - logo_width - right, right])
    band.setStyle(flat(valign="MIDDLE", bottom=4))
    band.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, 0), 1.5, theme.primary, 0),
                              ("RIGHTPADDING", (1, 0), (1, 0), GAP)]))
    return [band]


def _taken(lines: list[str], theme: Theme, width: float) -> int:
    """How many lines `lines` print in (one too long for `width` takes two or more)."""
    return sum(max(1, math.ceil(line_width(line, theme["meta"]) / width)) for line in lines)


def _lines(parts: list[str], theme: Theme, width: float) -> list[str]:
    """The parts in as few lines as fit `width`, " · " between two on a line and never one
    broken between lines where it fits one (beside a wide logo, "Prepared for Robert /
    Garcia" once); a part too long for a line breaks as evenly as it can, its end whole."""
    style = theme["meta"]
    lines: list[str] = []
    for part in parts:
        if lines and line_width(f"{lines[-1]} · {part}", style) <= width:
            lines[-1] = f"{lines[-1]} · {part}"
        else:
            lines.append(part if line_width(part, style) <= width
                         else tail_bound(part, style, width))
    return lines


def pain(text: HandoutText, theme: Theme, width: float, meanings: bool = True
         ) -> Flowable | None:
    """How much pain is all right, in a calm box of its own under the warning box (a tint,
    no bar, as on page 1 of the handout): a band a line with what to do (`meanings`), else
    the bands on one line."""
    scale = pain_in_short(text, theme, width - 5 - 14 - BOX_PAD, meanings, rule=True)
    if scale is None:
        return None
    # (As wide as the warning box over it, its words where the warning box's stand.)
    box = Table([["", scale]], colWidths=[5, width - 5])
    box.setStyle(TableStyle([
        ("BACKGROUND", (1, 0), (1, 0), theme.tint),
        ("LEFTPADDING", (0, 0), (0, 0), 0),
        ("RIGHTPADDING", (0, 0), (0, 0), 0),
        ("LEFTPADDING", (1, 0), (1, 0), 14),
        ("RIGHTPADDING", (1, 0), (1, 0), BOX_PAD),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
    ]))
    return box


def warning(text: HandoutText, theme: Theme, width: float, form: str = "box"
            ) -> Flowable | None:
    """"Stop and call us if you have:" and the warning signs in two columns, what to do
    when the clinic cannot be reached, in a box with a heavy black bar and border: the
    strongest thing on the sheet on any printer. The pain scale's bands have a box of
    their own (`form` "box": pain() makes it), or stand in this one, their labels only
    (`meanings` is for their own box), on a pale band under a rule ("band") or under the
    signs ("inside")."""
    if not text.stop_if:
        return None
    inner = width - 5 - 14 - BOX_PAD
    signs = [theme.para(sign, "stop_sign", bulletText="•") for sign in text.stop_if]
    body: Flowable = signs[0]
    if len(signs) > 1:
        half = (len(signs) + 1) // 2
        body = Columns([signs[:half], signs[half:]], [(inner - SIGN_GAP) / 2] * 2, SIGN_GAP)
    cell: list[Flowable] = [theme.para(text.stop_heading, "stop_heading"), body,
                            theme.para(text.stop_footer, "stop_footer")]
    scale = None if form == "box" else pain_in_short(text, theme, inner, rule=True)
    band = form == "band" and scale is not None
    if scale is not None and not band:
        cell.append(scale)
    rows = [["", cell], *([["", scale]] if band else [])]
    # Its bar (5 pt) and border (1.5 pt) are drawn on its edges: the bar's outer half in a
    # column of its own, so that both stand inside the margins; the border's top and
    # bottom go on over that column, square, for corners without a notch.
    box = Table(rows, colWidths=[2.5, width - 5], hAlign="LEFT")
    box.setStyle(TableStyle([
        ("BOX", (1, 0), (1, -1), 1.5, INK, 2, None, 0),
        ("LINEABOVE", (0, 0), (0, 0), 1.5, INK, 0),
        ("LINEBELOW", (0, -1), (0, -1), 1.5, INK, 0),
        ("LINEBEFORE", (1, 0), (1, -1), 5, INK, 0),
        ("LEFTPADDING", (0, 0), (0, -1), 0), ("RIGHTPADDING", (0, 0), (0, -1), 0),
        ("LEFTPADDING", (1, 0), (1, -1), 14),
        ("RIGHTPADDING", (1, 0), (1, -1), BOX_PAD),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        *([("BACKGROUND", (1, 1), (1, 1), theme.tint),
           ("LINEABOVE", (1, 1), (1, 1), 0.75, INK),
           ("BOTTOMPADDING", (1, 0), (1, 0), 3), ("TOPPADDING", (1, 1), (1, 1), 3)]
          if band else []),
    ]))
    return box


def note(text: HandoutText, theme: Theme, width: float) -> Flowable | None:
    """The clinician's note for this patient, under a bar of the accent colour."""
    if not text.note:
        return None
    # (The bar's outer half in a column of its own: its edge on the margin, not past it.)
    box = Table([["", [theme.para(text.note_heading, "box_heading"),
                       theme.para(text.note, "card_body")]]], colWidths=[2, width - 2])
    box.setStyle(TableStyle([
        ("LINEBEFORE", (1, 0), (1, -1), 4, theme.accent, 0),
        ("LEFTPADDING", (1, 0), (1, -1), 12),
        ("LEFTPADDING", (0, 0), (0, -1), 0),
        ("RIGHTPADDING", (0, 0), (0, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
    ]))
    return box


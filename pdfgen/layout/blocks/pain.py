"""How much pain is all right: the routine's pain rule and scale, in a calm box on page 1,
alone or beside the warning signs."""

from __future__ import annotations

from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Spacer, TableStyle

from pdfgen.caches import current
from pdfgen.layout.blocks.common import flat, widest_line
from pdfgen.layout.choice_memory import remembered
from pdfgen.layout.reportlab_door import Table
from pdfgen.layout.theme import MUTED, Theme
from pdfgen.text.handout_text import HandoutText

GUTTER = 12  # points between the warning box and the pain box side by side
# Shares of the width for the warning box beside the pain box: the row takes the one that
# leaves it lowest (the first of equals), so neither box runs on far below the other.
WARNING_SHARES = (0.5, 0.53, 0.56, 0.59)
MOST_SHARES = 64  # the shares chosen, kept (pdfgen.caches "lowest_shares")


def pain_box(text: HandoutText, theme: Theme, width: float) -> Table:
    """The pain rule and scale in a box of their own, as wide as the page."""
    box = Table([[pain_cell(text, theme, width - 30)]], colWidths=[width], splitInRow=1)
    box.setStyle(TableStyle(pain_style((0, 0), theme)))
    return box


def side_by_side(text: HandoutText, theme: Theme, width: float) -> Table:
    """The warning box and the pain box in one row, as tall as each other: what to stop
    for, and how much pain is all right, read together."""
    # The share chosen, remembered by all its height depends on: made once a batch.
    key = ("pain_row", theme.fonts, theme.large_print, width, text.stop_heading,
           tuple(text.stop_if), text.stop_footer, text.pain_heading, text.pain_rule,
           tuple(text.pain_scale))
    known = current().map("lowest_shares", MOST_SHARES)
    share: float | None = known.get(key)
    if share is not None:
        return _row(text, theme, width, share)
    tried: dict[float, Table] = {}

    def lowest() -> list[float]:
        rows = [tried.setdefault(share, _row(text, theme, width, share))
                for share in WARNING_SHARES]
        heights = [row.wrap(width, 1e6)[1] for row in rows]
        return [WARNING_SHARES[heights.index(min(heights))]]

    (share,) = remembered(key, theme.fonts, lowest,
                          lambda found: len(found) == 1 and found[0] in WARNING_SHARES)
    known.put(key, share)
    return tried[share] if share in tried else _row(text, theme, width, share)


def _row(text: HandoutText, theme: Theme, width: float, share: float) -> Table:
    from pdfgen.layout.blocks.opening import HANG, hung, stop_cell, stop_style

    left = width * share - GUTTER / 2
    right = width - left - GUTTER
    row = Table([["", stop_cell(text, theme, left - HANG - 30, columns=False), "",
                  pain_cell(text, theme, right - 30)]],
                colWidths=[HANG, left - HANG, GUTTER, right])
    row.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        *hung((0, 0)),
        ("LEFTPADDING", (2, 0), (2, 0), 0),
        ("RIGHTPADDING", (2, 0), (2, 0), 0),
        *stop_style((1, 0)),
        *pain_style((3, 0), theme),
    ]))
    return row


def pain_cell(text: HandoutText, theme: Theme, inner: float) -> list[Flowable]:
    """The heading, the routine's rule, then a row a band of the 0-10 score, low to high
    like the scale it is: its scores in bold, then its label and what to do."""
    cell: list[Flowable] = [theme.para(text.pain_heading, "box_heading")]
    if text.pain_rule:
        cell.append(theme.para(text.pain_rule, "body_tight"))
    bands = text.pain_scale
    if not bands:
        return cell
    table = _bands(text, theme, inner, "box_heading", "body_tight", 10)
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        # A rule between the bands, dark: the borders' pale tint on the box's tint printed
        # as grey 149 on 224, which a home laser printer screens away.
        ("LINEABOVE", (0, 1), (-1, -1), 0.75, MUTED),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]))
    return [*cell, Spacer(1, 4), table]


def _bands(text: HandoutText, theme: Theme, width: float, scores_style: str, words_style: str,
           gap: float) -> Table:
    """The pain scale a band a row, low to high: its scores in a column of their own (in
    `scores_style`, `gap` clear of the words), then its label and what to do."""
    bold = theme[scores_style]
    scores = max(stringWidth(band.scores, bold.fontName, bold.fontSize)
                 for band in text.pain_scale) + gap
    rows = [[theme.para(band.scores, scores_style),
             theme.para(f"{band.label}. {band.meaning}" if band.meaning else band.label,
                        words_style)] for band in text.pain_scale]
    return Table(rows, colWidths=[scores, width - scores])


def pain_style(cell: tuple[int, int], theme: Theme) -> list[tuple[Any, ...]]:
    """A calm box like "Before you start": a tint and no bar, so that the warning box stays
    the one that stands out."""
    return [
        ("BACKGROUND", cell, cell, theme.tint),
        ("LEFTPADDING", cell, cell, 16),
        ("RIGHTPADDING", cell, cell, 14),
        ("TOPPADDING", cell, cell, 10),
        ("BOTTOMPADDING", cell, cell, 8),
    ]


DIVIDED = 8  # between the rule beside the bands and their scores


def pain_in_short(text: HandoutText, theme: Theme, width: float, meanings: bool = False,
                  rule: bool = False) -> Flowable | None:
    """How much pain is all right, in short: the heading and the scale's bands on a line
    ("0–2 Safe · 3–5 OK · 6–10 Too much"), for the warning box of page 1 when the pain box
    moves on (what each band means is in the box); `meanings`, a band a line with what to
    do ("6–10 Too much. Stop and do less next time."), for the one-page sheet's pain box.
    `rule`: the routine's pain_rule_short under the bands' line, or under the heading beside
    the bands a line each (the sheet's, which has no pain box with the whole rule)."""
    if not text.pain_scale:
        return None
    heading = theme.para(f"{text.pain_heading}:", "box_heading")
    under = ([theme.para(text.pain_rule_short, "stop_footer")]
             if rule and text.pain_rule_short else [])
    if meanings:
        lead = min(widest_line(heading, width) + 10, width * 0.4)
        bands_table = _bands(text, theme, width - lead - DIVIDED, "stop_heading_short",
                             "stop_footer", 8)
        bands_table.setStyle(flat(valign="TOP"))
        # The rule under the heading, whose column is otherwise blank beside the bands, a
        # rule between them: its last line level with the last band, "Call us." was read
        # as what to do at 6-10.
        row = Table([[[heading, *under], bands_table]], colWidths=[lead, width - lead])
        row.setStyle(flat(valign="TOP"))
        row.setStyle(TableStyle([("LINEAFTER", (0, 0), (0, 0), 0.75, MUTED),
                                 ("LEFTPADDING", (1, 0), (1, 0), DIVIDED)]))
        return row
    # A band's scores and label are never broken over two lines: they are read together;
    # the dot between two bands ends a line, never starts one.
    bands = theme.bold_led([
        (band.scores.replace(" ", "\u00a0"), f"\u00a0{band.label}".replace(" ", "\u00a0"))
        for band in text.pain_scale], "\u00a0· ", "stop_footer")
    lead = min(widest_line(heading, width) + 10, width * 0.5)
    row = Table([[heading, [bands, *under]]], colWidths=[lead, width - lead])
    row.setStyle(flat(valign="TOP"))
    return row

"""The one-page sheet's fitting: the pictures' height, the pain scale's form, the steps' edges
and the gaps that keep the sheet to its pages, giving up the least (COSTS)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from reportlab.platypus import Flowable

from pdfgen.layout.blocks import sheet
from pdfgen.layout.fitting import height_of
from pdfgen.layout.theme import Theme
from pdfgen.text.handout_text import HandoutText

ROW_GAP = 6  # above and below the rule between two rows
TIGHT_GAP = 4  # the same, when only that keeps a plan to one sheet (two pages)
FIRST_GAP = 6  # between the top of the sheet and the first row (and TOP_GAP's extra)
# Between the parts of the top of the sheet, and over the first row, 7.5: 6 pt of paper,
# as the rule and the boxes' borders take half their width of it; 6 (4.5 of paper) only
# when nothing that costs less (COSTS) keeps the sheet to its pages.
TOP_GAP, TIGHT_TOP = 7.5, 6.0
# Between the last row and the footer's words: 11, so 6 pt of paper over the footer's rule
# (5 pt over its words; 1 pt, as once, left the swing's "swing again." 2.9 pt over it);
# 6 only when nothing else keeps the sheet to its pages (the detailed handout leaves 10).
FOOTER_GAP, TIGHT_FOOTER = 11, 6
TALLEST = 144  # 2 in: pictures no larger than this, however much room is left
STEP = 6  # how much smaller the pictures get at each try


# The rows' heights at a picture height, with steps running round the pictures or not: with
# each row's own picture column, and with every row's steps at one edge.
Measured = dict[tuple[float, bool], tuple[list[float], list[float]]]


def fitted(text: HandoutText, theme: Theme, width: float, first_room: float, room: float,
           heading: Callable[[bool, float, str], list[Flowable]]
           ) -> tuple[HandoutText, list[Flowable], float, tuple[float, bool], float, float]:
    """The text the sheet prints and what fitted_to_pages gives for it: the exercises'
    safety lines ("Take care: …") where the sheet keeps to as few pages with them, else none
    (as the sheet has none of the other tips: the detailed handout has them all; a plan of
    six with photos took a third page with the swing's)."""
    texts = [text]
    if any(card.safety for card in text.cards):
        texts.append(replace(text, cards=[replace(card, safety=[]) for card in text.cards]))
    for pages in (1, 2):
        for shown in texts:
            found = fitted_to_pages(shown, theme, width, first_room, room, heading, (pages,))
            if found is not None:
                return (shown, *found)
    text = texts[-1]  # as large as nothing fits: the pictures at their least
    head = heading(True, TOP_GAP, "box")
    return text, head, height_of(head, width), (sheet.LEAST_PICTURE, True), ROW_GAP, 0.0


def fitted_to_pages(text: HandoutText, theme: Theme, width: float, first_room: float,
                    room: float, heading: Callable[[bool, float, str], list[Flowable]],
                    counts: tuple[int, ...] = (1, 2)
                    ) -> tuple[list[Flowable], float, tuple[float, bool], float, float] | None:
    """The top of the sheet, its height, the pictures' height (and whether steps run round
    them: picture_height), the gap at the rules between rows, and how much lower than
    FOOTER_GAP the last row ends (0, or down to TIGHT_FOOTER). One page when the sheet fits
    on one with pictures of at least 1.25 in; else the two sides of one sheet, with pictures
    as large as they then can be; None when it fits on neither (`counts`: the pages tried).
    What the sheet gives up to keep to its pages, its pictures' size first, is in COSTS:
    the least given up that fits wins."""
    heads: dict[tuple[bool, float, str], tuple[list[Flowable], float]] = {}
    measured: Measured = {}
    forms = FORMS if text.pain_scale else FORMS[:1]
    for pages in counts:
        # Tighter gaps only to keep a long plan to one sheet: a sheet that fits one page
        # with its gaps, or two, is printed as it was.
        gaps = (ROW_GAP,) if pages == 1 else (ROW_GAP, TIGHT_GAP)
        tops = (TOP_GAP, TIGHT_TOP) if pages == 1 else (TOP_GAP,)
        # (The frame's foot, not the last glyph's: a line ends at its descenders or over
        # them, so only the whole FOOTER_GAP keeps 6 pt of paper over the rule.)
        lowers = (0.0, FOOTER_GAP - TIGHT_FOOTER)
        tried = sorted(((steps, gap, lower, top, form) for steps in PREFERRED for gap in gaps
                        for lower in lowers for top in tops for form in forms),
                       key=_cost)  # (sorted is stable: ties keep the order above)
        for steps, gap, lower, top, (meanings, form) in tried:
            if (meanings, top, form) not in heads:
                made = heading(meanings, top, form)
                heads[meanings, top, form] = made, height_of(made, width)
            head, used = heads[meanings, top, form]
            height = picture_height(text, theme, width, used, first_room + lower,
                                    room + lower, pages, gap, measured, (steps,))
            if height[0]:
                return head, used, height, gap, lower
    return None


# What the sheet gives up, beyond its pictures' size, to keep to its pages, and what each
# costs (a way of laying it out costs the sum of what it gives up; the least that fits is
# taken): what to do at each pain band (the sheet's own form of the scale is the bands'
# labels; on page 1 of the detailed handout each band has its words); the steps of every
# row starting at one edge (3 edges, 8 and 45 pt apart, read as careless); the last steps
# going on under the pictures, at the margin (read as a list that jumped); 5 pt of the
# foot (the last line under 6 pt over the footer's rule, as it once stood 2.9 pt over it,
# read as cramped); the scale on a band of the warning box, under a rule (a designer read
# "0–2 Safe" there as part of the emergency's advice: worse than a cramped foot); 1.5 pt
# of the gaps at the top (4.5 pt of paper, under rule 4's 6); the scale under the warning
# signs with no rule (the one that misleads most); and, only to keep a plan to one sheet,
# the rules' gaps.
COSTS = {"meanings": 5.0, "edges": 6.0, "around": 10.0, "band": 12.0, "foot": 15.0,
         "top": 20.0, "inside": 25.0, "gap": 30.0}


def _cost(tried: tuple[tuple[bool, bool], float, float, float, tuple[bool, str]]) -> float:
    (even, around), gap, lower, top, (meanings, form) = tried
    given = {"meanings": not meanings, "edges": not even, "band": form == "band",
             "around": around, "inside": form == "inside", "foot": lower > 0,
             "top": top < TOP_GAP, "gap": gap < ROW_GAP}
    return sum(COSTS[name] for name, lost in given.items() if lost)


# How the pain scale stands, in the order tried: a band a line with what to do at it, in a
# box of its own; the bands on one line in that box; then on a pale band of the warning
# box, and last under its signs. What to do at each band never stands in the warning box:
# there, "Safe. Keep going." under "Call 911 now" was read as part of the emergency's advice.
FORMS = ((True, "box"), (False, "box"), (False, "band"), (False, "inside"))


def picture_height(text: HandoutText, theme: Theme, width: float, head: float,
                   first_room: float, room: float, pages: int, gap: float = ROW_GAP,
                   measured: Measured | None = None,
                   preferred: tuple[tuple[bool, bool], ...] | None = None
                   ) -> tuple[float, bool]:
    """The tallest picture height, from 2 in down to 1.25 in, at which every row fits on
    `pages` pages (each row whole on one page), and whether a row's steps must run round
    its pictures to fit at it (the first beside them, the others across the row under
    them); 0 when none does. The rows are measured as they will be drawn, their steps
    beside the pictures starting at one edge (see `aligned`), in the order `preferred`
    (PREFERRED unless told) gives. `measured`: the rows' heights at each, kept between
    calls."""
    measured = {} if measured is None else measured
    for even, around in PREFERRED if preferred is None else preferred:
        height = float(TALLEST)
        while True:
            if (height, around) not in measured:
                measured[height, around] = _row_heights(text, theme, width, height, around)
            if pages_needed(head, measured[height, around][1 if even else 0], first_room, room,
                             gap) <= pages:
                return height, around
            if height <= sheet.LEAST_PICTURE:
                break
            height = max(height - STEP, sheet.LEAST_PICTURE)
    return 0.0, False


# The steps' forms (even, around): every row's steps in one column beside its pictures and
# starting at one edge, or at the edge of its own pictures; the last steps kept beside the
# pictures, or going on under them at the margin. (picture_height tries them in this order;
# fitted, one at a time, as COSTS weighs them.)
PREFERRED = ((True, False), (True, True), (False, False), (False, True))  # (even, around)


def _row_heights(text: HandoutText, theme: Theme, width: float, height: float,
                 around: bool) -> tuple[list[float], list[float]]:
    """Each row's height with pictures `height` tall: with its own picture column, and with
    the steps of every row beside its pictures starting at the widest picture column."""

    def rows(column: float) -> list[float]:
        made = [sheet.exercise_row(card, theme, width, height, text.grayscale, measure=True,
                                   column=column, around=around, fellows=text.cards)
                for card in text.cards]
        columns.append(max((r.picture_column for r in made), default=0.0))
        return [r.wrap(width, 1e6)[1] for r in made]

    columns: list[float] = []
    own = rows(0)
    return own, (rows(columns[0]) if columns[0] else own)


def pages_needed(head: float, rows: list[float], first_room: float, room: float,
                  gap: float = ROW_GAP) -> int:
    """How many pages the rows take after the top of the sheet, each row whole, `gap`
    above and below the rule between two."""
    pages, left = 1, first_room - head
    for index, row in enumerate(rows):
        need = row + (2 * gap + 0.75 if index else FIRST_GAP)
        if need > left:
            pages, left = pages + 1, room
            need = row  # no rule at the top of a page
        left -= need
    return pages

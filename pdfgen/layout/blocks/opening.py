"""The opening of the handout: title, who it is for, the intro, the disclaimer, the warning
signs, the clinician's note, and the exercises at a glance."""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable, Spacer, TableStyle

from pdfgen.caches import current
from pdfgen.layout.blocks.checklist import overview
from pdfgen.layout.blocks.common import Stack, flat, line_width, tail_bound
from pdfgen.layout.blocks.pain import MOST_SHARES, pain_box, pain_in_short, side_by_side
from pdfgen.layout.choice_memory import remembered
from pdfgen.layout.reportlab_door import Table
from pdfgen.layout.theme import INK, Theme
from pdfgen.text.handout_text import HandoutText

# What may leave page 1 when it is full, in this order: the introduction, then the
# disclaimer ("Before you start"), then what a set is, and last (a plan with a note, in a
# longer language) how much pain is all right, its scale left in short in the warning box.
# Each goes after "Your exercises", still in reading order among themselves; the spacing
# never shrinks. Then the title takes a size smaller (a long title in two lines, in large
# print), then the short scale goes too (the box after the exercises has it), and last of
# all (a plan's note, five exercises) the clinician's note follows "Your exercises": the
# checklist is what page 1 must hold, and the note stays on page 1 under it when there is
# room (else it opens page 2). Large print moves nothing (its page 1 reads as normal
# print's, and cannot hold "Your exercises" after all that comes before it), nor does a
# page 1 that no move fits: the opening then reads in normal print's order, each box
# whole, on to page 2 (move MOVES), its title in either size (the smaller with "Before you
# start" leading its words, or not), what a set is under the list or apart from it (the
# fitting pass weighs each form with the cards after it: a title a size smaller may keep the
# warning signs on page 1, what a set is apart lets the list end a page).
MOVES = 8
TOP_PAD = 5  # points over a box moved whole to the top of a page (clear of the running rule)
# Points over "Your exercises" (normal print): with the space its first exercise gives up
# (checklist.FIRST_TOP) and none under the heading, as much as before, nearer its list.
LIST_TOP = 14.5
SIGN_GUTTER = 12  # points between the two columns of warning signs
SIGN_SHARES = (0.5, 0.54, 0.58, 0.46)  # the left column's shares of the width, tried in turn


def opening(text: HandoutText, theme: Theme, width: float, moved: int = 0,
            page_height: float = 1e6, note_lead_in: bool = False, tight_title: bool = False,
            apart: bool = False, marks: dict[str, int] | None = None, kept_intro: int = 0,
            disclaimer_lead: bool = False) -> tuple[list[Flowable], int]:
    """The opening, and how many of its flowables must stand on page 1 (up to and with the
    exercises at a glance). Page 1 reads: title, who it is for, the introduction, the
    disclaimer, the warning signs, how much pain is all right, the clinician's note, and
    "Your exercises". When page 1 cannot hold it all, `moved` puts parts after "Your
    exercises" instead: 1, the introduction; 2, the disclaimer too; 3, what a set is too;
    4, how much pain is all right too (page 1 keeps its scale in short); 5, all of these
    and the title a size smaller; 6, without the scale in short; 7, the clinician's note
    after "Your exercises" too; MOVES, nothing moved, each box whole, the opening running
    on to page 2 (`tight_title`: its title a size smaller; `apart`: what a set is apart
    from the list, whole; `marks` is told where the warning box, the list and what a set
    is stand among the flowables). `note_lead_in`: the clinician's note a line
    shorter, its heading leading its words (tried before each move: a plan's note then keeps
    what it would push off page 1). `kept_intro`: with a move, how many of the introduction's
    first paragraphs stay at its head (Level 2's "Start with Level 1" before the list)."""
    tight = tight_title if moved == MOVES else moved >= 5
    top: list[Flowable] = [theme.para(text.title, "title_tight" if tight else "title"),
                           *whose(text, theme, width)]
    intro = [theme.para(p, "lead") for p in text.intro]
    stays, intro = (intro[:kept_intro], intro[kept_intro:]) if moved and moved < MOVES else (
        [], intro)
    intro_texts = text.intro[len(stays):]  # (what moves, to be led by its heading)
    # (`disclaimer_lead`: "Before you start" leading its words, a line shorter.)
    lead = (theme.lead_in(text.disclaimer_heading, text.disclaimer, "body")
            if disclaimer_lead else None)
    disclaimer = [Spacer(1, GAP), notice(text.disclaimer_heading, [text.disclaimer], theme,
                                         width, lead=lead)]
    stop = [Spacer(1, 14), stop_box(text, theme, width)] if text.stop_if else []
    # (The warning box's bar reaches past its border: the space is measured from the bar.)
    pain = [Spacer(1, 14), pain_box(text, theme, width)] if text.pain_heading else []
    if stop and pain and not theme.large_print and moved < 4:
        # Side by side, the two boxes on what to stop for take less of page 1.
        stop, pain = [Spacer(1, 10.5), side_by_side(text, theme, width)], []
    elif stop and pain and moved in (4, 5):
        # The pain box moves on whole; page 1 keeps the scale in short, in the warning box.
        stop = [stop[0], stop_box(text, theme, width, pain_short=True)]
    # The clinician's note for this patient stands on page 1, before the exercises.
    note = clinician_note(text, theme, width, note_lead_in)
    # The whole routine at a glance, and what a set is, said once for every card.
    explain = theme.para(f"{text.set_meaning} {text.tick}", "body_tight")
    apart = apart and moved == MOVES
    # (Large print's page 2 is fitted to the list as it stood: its heading keeps its own
    # space under it.)
    style, space = ("heading", 6) if theme.large_print else ("list_heading", LIST_TOP)
    listed = overview(text, theme, width, first_top=not theme.large_print)
    glance = [Spacer(1, space), Stack([theme.para(text.overview_heading, style), listed,
                                       *([Spacer(1, 5), explain]
                                         if moved < 3 or (moved == MOVES and not apart)
                                         else [])],
                                      page_height),
              *([Spacer(1, 5), Stack([explain], page_height)] if apart else [])]
    if moved == 0:
        first = [*top, *intro, *disclaimer, *stop, *pain, *note, *glance]
        return first, len(first)
    if moved == MOVES:
        before = [*top, *intro, *_kept(disclaimer, page_height)]
        if marks is not None and stop:
            marks["warning"] = len(before) + 1
        first = [*before, *_kept(stop, page_height), *_kept(pain, page_height),
                 *_kept(note, page_height), *glance[:2]]
        if marks is not None:
            marks["list"] = len(first) - 1
            marks["explain"] = len(first) + 1 if apart else len(first) - 1
        return [*first, *glance[2:]], len(first)
    first = [*top, *stays, *(disclaimer if moved < 2 else []), *stop, *(pain if moved < 4 else []),
             *(note if moved < 7 else []), *glance]
    after: list[Flowable] = _kept(note, page_height) if moved >= 7 else []
    if moved >= 3:
        # Apart from the list it explains (at the head of page 2, it read as a stray line):
        # led by the list's own heading.
        led_in = theme.lead_in(text.overview_heading, f"{text.set_meaning} {text.tick}",
                               "body_tight")
        after += [Spacer(1, 6), Stack([led_in], page_height)]
    if intro:
        # Led by a heading of its own, in bold: after the list (often at the head of page 2,
        # over the first card) it read as the first card's words. (A heading on a line of
        # its own took a card's pictures a page.) Whole when a page holds it.
        opens, *rest = intro_texts
        led = [theme.lead_in(text.intro_heading, opens, "lead"),
               *(theme.para(p, "lead") for p in rest)]
        after += [Spacer(1, 12), Stack(led, page_height)]
    # Moved on, a box goes whole to the next page rather than leave its heading behind.
    if moved >= 2:
        after += _kept(disclaimer, page_height)
    if moved >= 4:
        after += _kept(pain, page_height)
    return [*first, *after], len(first)


def _kept(part: list[Flowable], page_height: float) -> list[Flowable]:
    """A box and the space above it, the box kept whole unless it is taller than a page;
    at the top of a page, TOP_PAD over it."""
    if not part:
        return []
    space = part[0].wrap(0, 0)[1]
    return [Spacer(1, space - TOP_PAD), Stack([Spacer(1, TOP_PAD), *part[1:]], page_height)]


def whose(text: HandoutText, theme: Theme, width: float) -> list[Flowable]:
    """The routine and level, and whom the handout is for and when, on one line when both fit
    (the routine at the left, the patient and date at the right margin; in large print, the
    patient and date in two lines there), else one under the other; the next visit, when a
    plan has one, under them."""
    meta = "meta" if not text.follow_up else "body"
    subtitle, prepared = theme.para(text.subtitle, "subtitle"), theme.para(
        text.prepared_for, meta)
    left = line_width(text.subtitle, theme["subtitle"]) + SUBTITLE_GAP
    right = theme.para(text.prepared_for, "meta_right")
    beside = theme["meta_right"].leading
    if theme.large_print and left < width and right.wrap(width - left, 1e6)[1] > beside:
        # Large print's lines are long: two at the right still take less of page 1 than
        # one under the routine's (broken evenly: the date whole on the second).
        right, beside = theme.para(tail_bound(text.prepared_for, theme["meta_right"],
                                               width - left), "meta_right"), 2 * beside
    lines: list[Flowable]
    one = theme["meta_right"].leading
    dated, named = (theme.para(text.dated, "meta_right"), theme.para(text.prepared_name, meta))
    if (theme.large_print and text.prepared_name and left < width
            and theme.para(text.prepared_for, "meta_right").wrap(width - left, 1e6)[1] > one
            and dated.wrap(width - left, 1e6)[1] <= one and named.wrap(width, 1e6)[1] <= one):
        # A name and date too long for a line beside the routine: the date there, as
        # without a name, and the name on a line of its own under them ("Preparado para
        # Ana Ruiz el" over "24 de noviembre de 2026" at the right read as a sentence
        # broken; "Preparado para María José Fernández", a line fewer than the whole under
        # the routine, which cost Spanish Level 2 its page 1's warning signs and a page).
        row = Table([[subtitle, dated]], colWidths=[left, width - left], style=flat("BOTTOM"))
        named.spaceAfter = theme[meta].spaceAfter - 2
        lines = [row, named]
        if text.follow_up:
            named.spaceAfter = 0
            lines.append(_visit(text, theme, "meta"))
        return lines
    if (left < width and right.wrap(width - left, 1e6)[1] <= beside
            and subtitle.wrap(left, 1e6)[1] <= theme["subtitle"].leading):
        row = Table([[subtitle, right]], colWidths=[left, width - left],
                    style=flat("BOTTOM"))
        row.spaceAfter = theme[meta].spaceAfter - 2  # the subtitle's larger type sits lower
        lines = [row]
        if text.follow_up:  # under the date it follows, at the right margin too
            row.spaceAfter = 0
            visit = _visit(text, theme, "meta_right")
            visit.spaceAfter = theme["meta"].spaceAfter - 2
            lines.append(visit)
    else:
        lines = [subtitle, prepared]
        if text.follow_up:
            lines.append(_visit(text, theme, "meta"))
    return lines


def _visit(text: HandoutText, theme: Theme, style: str) -> Flowable:
    """The next visit, in bold: the one date on page 1 the patient must act on."""
    return theme.bold_led([(text.follow_up or "", "")], "", style)


SUBTITLE_GAP = 24  # points, at the least, between the routine and the patient's name


GAP = 6  # points between the introduction's last line and the disclaimer's box


def clinician_note(text: HandoutText, theme: Theme, width: float, lead_in: bool = False
                   ) -> list[Flowable]:
    """The clinician's note for this patient, behind a bar of the accent colour on white, as
    each card's note for this patient is (`lead_in`: its heading in bold at the start of its
    first line, as the closing's may)."""
    if not text.note:
        return []
    # As far from the warning box above it as the pain box: its bar reaches past its border.
    if lead_in:
        return [Spacer(1, 14), notice("", [], theme, width, bar=theme.accent, tinted=False,
                                      lead=theme.lead_in(text.note_heading, text.note,
                                                         "body"))]
    return [Spacer(1, 14), notice(text.note_heading, [text.note], theme, width,
                                  bar=theme.accent, tinted=False)]


def notice(heading: str, body: list[str], theme: Theme, width: float,
           bar: object = None, lead: Flowable | None = None, tinted: bool = True) -> Table:
    """A calm, visible box: pale tint (unless not `tinted`), a bar of colour on the left, a
    bold heading (or, `lead`, one paragraph its heading leads)."""
    cell = [lead] if lead is not None else [theme.para(heading, "box_heading"),
                                            *(theme.para(p, "body") for p in body)]
    hang = NOTE_BAR / 2 if bar is not None else 0  # (the bar's outer edge on the margin)
    box = Table([["", cell]] if hang else [[cell]],
                colWidths=[hang, width - hang] if hang else [width],
                splitInRow=1)  # a long note may continue
    at = (1, 0) if hang else (0, 0)
    box.setStyle(TableStyle([
        *([("BACKGROUND", at, at, theme.tint)] if tinted else []),
        # Butt ends: a round cap would stick out past the box's corners.
        *([("LINEBEFORE", at, at, NOTE_BAR, bar, 0)] if bar is not None else []),
        ("LEFTPADDING", at, at, 16),
        ("RIGHTPADDING", at, at, 14),
        # (On white, the bar as far over the words as under them.)
        ("TOPPADDING", at, at, 10 if tinted else 4),
        ("BOTTOMPADDING", at, at, 4),
        *(hung((0, 0)) if hang else []),
    ]))
    return box


NOTE_BAR = 5  # points: the bar of a note's box


def stop_box(text: HandoutText, theme: Theme, width: float, pain_short: bool = False
             ) -> Flowable:
    """The warning signs: a heavier border than the other boxes, so it is found at a glance
    in black and white too; bold heading, one sign a line (`pain_short`: and how much pain is
    all right, in short, under them)."""
    inner = width - HANG - 30
    cell = stop_cell(text, theme, inner, columns=True)
    short = pain_in_short(text, theme, inner) if pain_short else None
    if short is not None:
        cell += [Spacer(1, 4), short]
    box = Table([["", cell]], colWidths=[HANG, width - HANG],
                splitInRow=1)  # a long note may continue
    box.setStyle(TableStyle([*hung((0, 0)), *stop_style((1, 0))]))
    return box


BAR = 8  # points: the warning box's bar, black, on its left edge
HANG = BAR / 2  # the bar's outer half, in a column of its own: its edge on the margin


def hung(cell: tuple[int, int]) -> list[tuple[Any, ...]]:
    """The empty column that keeps a bar drawn on a box's left edge inside the margin (a
    line is drawn on the middle of the edge: half of it stood out in the margin)."""
    return [("LEFTPADDING", cell, cell, 0), ("RIGHTPADDING", cell, cell, 0)]


def stop_cell(text: HandoutText, theme: Theme, inner: float, columns: bool
              ) -> list[Flowable]:
    """What the warning box holds, `inner` wide: its heading, the signs (in two columns, for
    short lines and less of page 1, when `columns` and not in large print) and whom to
    call."""
    signs = [theme.para(sign, "stop_sign", bulletText="•") for sign in text.stop_if]
    two = columns and len(signs) > 2
    table = _sign_columns(text, theme, inner) if two else None
    return [theme.para(text.stop_heading, "stop_heading"), *([table] if table else signs),
            Spacer(1, 4), theme.para(text.stop_footer, "stop_footer")]


def _sign_columns(text: HandoutText, theme: Theme, inner: float) -> Table:
    """The signs in two columns with a gutter (a long sign never runs into the next
    column's bullet), split where they stand lowest: the longer signs may take more of the
    width (the first of equals)."""
    def columns(share: float) -> Table:
        signs = [theme.para(sign, "stop_sign", bulletText="•") for sign in text.stop_if]
        half = (len(signs) + 1) // 2
        table = Table([[signs[:half], signs[half:]]],
                      colWidths=[inner * share, inner * (1 - share)], style=flat())
        table.setStyle(TableStyle([("RIGHTPADDING", (0, 0), (0, 0), SIGN_GUTTER)]))
        return table

    # The share chosen, remembered by all its height depends on: made once a batch.
    key = ("sign_columns", theme.fonts, theme.large_print, inner, tuple(text.stop_if))
    known = current().map("lowest_shares", MOST_SHARES)
    chosen: float | None = known.get(key)
    if chosen is not None:
        return columns(chosen)
    tried: dict[float, Table] = {}

    def lowest() -> list[float]:
        best: tuple[float, float] | None = None
        for share in SIGN_SHARES:
            height = tried.setdefault(share, columns(share)).wrap(inner, 1e6)[1]
            if best is None or height < best[0] - 0.01:
                best = (height, share)
        assert best is not None
        return [best[1]]

    (chosen,) = remembered(key, theme.fonts, lowest,
                           lambda found: len(found) == 1 and found[0] in SIGN_SHARES)
    known.put(key, chosen)
    return tried[chosen] if chosen in tried else columns(chosen)


def stop_style(cell: tuple[int, int]) -> list[tuple[Any, ...]]:
    """The warning box's border, bar and padding, for the table cell that holds it (the
    hung column just before it). Black, not a brand colour: it is the strongest thing on
    page 1 on any printer, and never the green of "go"."""
    hang = (cell[0] - 1, cell[1])
    return [
        # Square corners, and the border's top and bottom drawn on over the bar's outer half
        # (in the hung column): a round-capped border beside a bar cut square left a notch
        # at the box's two left corners.
        ("BOX", cell, cell, 3, INK, 2, None, 0),
        ("LINEABOVE", hang, hang, 3, INK, 0),
        ("LINEBELOW", hang, hang, 3, INK, 0),
        ("LINEBEFORE", cell, cell, BAR, INK, 0),
        ("LEFTPADDING", cell, cell, 16),
        ("RIGHTPADDING", cell, cell, 14),
        ("TOPPADDING", cell, cell, 9),
        ("BOTTOMPADDING", cell, cell, 8),
    ]

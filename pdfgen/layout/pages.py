"""Lay out the story on pages with a footer and "Page X of Y", and return the PDF bytes."""

from __future__ import annotations

import io
from dataclasses import dataclass, replace

from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import inch
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate
from reportlab.platypus.doctemplate import LayoutError

from pdfgen import __version__
from pdfgen.errors import PdfgenError
from pdfgen.layout.blocks.card import Arrangement, Card, Kept, PageCount, card
from pdfgen.layout.blocks.card_parts import stacked_dose
from pdfgen.layout.blocks.closing import (
    NOTE_LINES,
    NOTE_LINES_FILL,
    closing,
    contact,
    note_lines_in,
    notes_under,
    signoff,
)
from pdfgen.layout.blocks.common import Stack
from pdfgen.layout.blocks.header_footer import PageDecorations
from pdfgen.layout.blocks.log import exercise_log, log_start
from pdfgen.layout.blocks.masthead import header
from pdfgen.layout.fit_memory import remembered_with
from pdfgen.layout.fitting import BLANK, fit_cards, height_of
from pdfgen.layout.opening_fit import openings, pages_used
from pdfgen.layout.paged_canvas import paged_canvas
from pdfgen.layout.pagination import paginate, place
from pdfgen.layout.reportlab_door import build_settings
from pdfgen.layout.structure import write_structure
from pdfgen.layout.tagging import Marked, Tagger
from pdfgen.layout.theme import Theme
from pdfgen.text.handout_text import HandoutText

PAPER = {"letter": LETTER, "a4": A4}
MARGIN_X = 0.6 * inch
HEADER_TOP = 0.5 * inch  # from the top edge of the paper
FOOTER_BASELINE = 0.5 * inch  # above a home printer's unprintable edge
CARD_GAP = 18  # between two cards on one page
TIGHT_GAP = CARD_GAP / 2  # above the closing, when that saves a page (as a card's parts)
BAND_GAP = 10  # between the running line or the footer and the page's text


@dataclass(frozen=True)
class Geometry:
    """Where the text goes on a page: the same frame on every page but the first, which
    has no running line above it."""

    size: tuple[float, float]
    width: float
    top: float  # margins of pages 2 and on
    bottom: float
    first_top: float

    @property
    def room(self) -> float:
        return self.size[1] - self.top - self.bottom

    @property
    def first_room(self) -> float:
        return self.size[1] - self.first_top - self.bottom


def geometry(paper: str, theme: Theme, decorations: PageDecorations) -> Geometry:
    """Margins just large enough for the running line and the footer as they wrap."""
    size = PAPER[paper]
    width = size[0] - 2 * MARGIN_X
    running, footer = decorations.heights(width)
    return Geometry(size, width, top=HEADER_TOP + running + BAND_GAP,
                    bottom=FOOTER_BASELINE + footer + BAND_GAP, first_top=HEADER_TOP)


def render_pdf(
    text: HandoutText,
    theme: Theme,
    *,
    paper: str,
    language: str,
    logo: Flowable | None,
    logo_small: Flowable | None,
    subject: str | None = None,
    tagged: bool = True,
) -> tuple[bytes, int]:
    """The handout as PDF bytes and its page count; the same inputs give the same bytes.
    `tagged`: a tagged PDF (PDF/UA-1) whose structure a screen reader reads in order."""
    size = PAPER[paper]
    tagger = Tagger() if tagged else None
    if tagger is not None:  # the clinic's name is printed beside either logo
        logo = Marked(logo, "Artifact") if logo is not None else None
        logo_small = Marked(logo_small, "Artifact") if logo_small is not None else None
    decorations = PageDecorations(
        text, theme, left=MARGIN_X, right=size[0] - MARGIN_X, top=size[1] - HEADER_TOP,
        bottom=FOOTER_BASELINE,
    )
    page = geometry(paper, theme, decorations)
    # A drawing starts by choosing a font, ReportLab's Helvetica unless told otherwise: the
    # PDF would name a font it does not embed, which print shops flag (tables: the canvas's
    # cell_font, see reportlab_door.Table).
    for drawing in (logo, logo_small):  # an SVG logo: start it on an embedded font
        if isinstance(drawing, Drawing):
            drawing.initialFontName = theme.fonts.body
    width = page.width
    # One form of dose box on every card: each label over its number on all of them when
    # one card's must stand so ("Series 2 | Repeticiones 10" on one card, the next's labels
    # over their numbers, read as two kinds of box). Not in large print, whose doses stand
    # under the names: a row more each took Spanish Level 2 to 9 pages.
    if not theme.large_print and any(stacked_dose(c, theme, width) for c in text.cards):
        text = replace(text, cards=[replace(c, dose_stacked=True) for c in text.cards])
    # Page 1 holds the opening up to the exercises at a glance, its spacing the same in
    # every language (see opening_fit).
    top = header(text, theme, width, logo)

    business_card = contact(text, theme, width, logo_small)  # one, however many tries

    # Who signed the handout off, and its other forms: under whatever ends it, so on the
    # last page. With a log that a page holds with them, the contact card and the sign-off
    # end the handout under the log, kept together: the last thing read is whom to call
    # (between the notes and the log, the card read as the end, the log as an afterthought).
    # A longer log goes on over pages under the card, the sign-off under it, as before (the
    # card after it took a page of its own).
    last = signoff(text, theme, width, page.room)
    log_body = exercise_log(text.log, theme, width, page.room) if text.log is not None else []
    ending = _ending([Stack([business_card], page.room)], last, page.room)
    ending[0].spaceBefore = CARD_GAP  # (dropped at a page's top)
    card_last = bool(log_body) and height_of([*log_body, *ending], width) <= page.room
    # (Else the sign-off under the log when a page holds both, else under the closing.)
    with_log = card_last or (bool(log_body) and height_of(
        _ending(log_body, last, page.room), width) <= page.room)

    def ended_log(lines: int = 0) -> list[Flowable]:
        """The log, then (`card_last`) `lines` for notes, the card and the sign-off."""
        if not card_last:
            return _ending(log_body, last, page.room) if with_log else log_body
        notes = [] if not lines else [Stack(notes_under(text, theme, width, lines), page.room)]
        for part in notes:
            part.spaceBefore = CARD_GAP
        return [*log_body, *notes, *ending]

    log = ended_log()

    def end(lines: int, tight: bool = False) -> list[Flowable]:
        made = closing(text, theme, width, logo_small, lines, page.room, None, business_card,
                       tight, with_card=not card_last)
        if with_log:
            return made
        tight_signoff = signoff(text, theme, width, page.room, 7) if tight else last
        return _ending(made, tight_signoff, page.room)

    kept: list[Kept] = [{} for _ in text.cards]  # each card's paragraphs, laid out once
    # Each card measured once an arrangement: checking remembered arrangements, placing
    # them, and both fitting passes (with and without the tight closing) ask the same ones.
    measured: dict[tuple[int, Arrangement], Card | None] = {}

    def measure(index: int, arrangement: Arrangement) -> Card | None:
        if (index, arrangement) not in measured:
            measured[index, arrangement] = card(text.cards[index], theme, width, page.room,
                                                arrangement, measure=True, kept=kept[index])
        return measured[index, arrangement]

    def fits(chosen: list[Arrangement]) -> bool:
        return all(measure(i, a) is not None for i, a in enumerate(chosen))

    def fitted(shortest: float, first_room: float, first_page: int, split: bool = True
               ) -> tuple[list[Arrangement], int, bool]:
        """The cards' arrangements with a closing `shortest` tall, under an opening that
        leaves `first_room` on page `first_page`, the last page, and whether the closing
        starts a page of its own (`split`: a card's steps may go on under its pictures)."""
        def fit() -> list[Arrangement]:
            return fit_cards(measure, len(text.cards), theme.large_print, first_room,
                             page.room, shortest, CARD_GAP, first_page, split)

        def placed(chosen: list[Arrangement]) -> tuple[int, bool]:
            made: list[Card | float] = [measure(i, a) or 0.0 for i, a in enumerate(chosen)]
            starts, _ = paginate(first_room, page.room, [*made, shortest], CARD_GAP,
                                 first_page)
            cards_end = paginate(first_room, page.room, made, CARD_GAP, first_page)[0][-1]
            return starts[-1], starts[-2] > cards_end

        chosen, (last, alone) = remembered_with(
            text.cards, theme,
            (width, page.room, first_room, first_page, shortest, CARD_GAP, split),
            fit, fits, placed)
        return chosen, last, alone

    # The opening, in the form (large print has several) that leaves the fewest cards
    # turning the sheet between pictures and steps, then the fewest pages left more than a
    # third blank, then the fewest pages, then the warning signs on the earliest page, what
    # a set is with its list, and "Your exercises" on the earliest page.
    # (With a log, the cards fit as with the contact card under the closing, where it stood
    # before the log: under the log instead, it left the closing short enough to squeeze
    # under the last card, and every picture of a plan smaller, 2.5 in to 1.5.)
    shortest = height_of(end(0), width) + (height_of(ending, width) + 4 if card_last else 0)
    best: tuple[tuple[int, ...], list[Flowable], float, int,
                tuple[list[Arrangement], int, bool]] | None = None
    forms = openings(text, theme, width, top, page.first_room, page.room)
    for form in forms:
        first = [*top, *form.start]
        used, where = pages_used(first, width, page.first_room, page.room)
        # The first card under the opening keeps its gap above it (a page's top drops it).
        first_room = (page.first_room if len(used) == 1 else page.room) - used[-1] - CARD_GAP
        first_page = len(used) - 1
        found = fitted(shortest, first_room, first_page)
        if len(forms) == 1:
            best = ((0, 0, 0, 0, 0, 0), first, first_room, first_page, found)
            break
        made: list[Card | float] = [measure(i, a) or 0.0 for i, a in enumerate(found[0])]
        placed = place(first_room, page.room, [*made, shortest], CARD_GAP, first_page)
        rooms = [page.first_room, *[page.room] * (len(used) - 1)]
        lefts = [r - u for r, u in zip(rooms[:-1], used[:-1], strict=True)] + placed.left
        grade = (placed.turned, sum(left > BLANK * page.room for left in lefts), found[1],
                 *form.grade(where, len(top)))
        if best is None or grade < best[0]:
            best = (grade, first, first_room, first_page, found)
    assert best is not None
    _, first, first_room, first_page, (chosen, last_page, alone) = best
    # The conclusion's heading leading its paragraph, in normal print, when the closing
    # would stand alone on the last page and this saves that page; or when it keeps the
    # pages with every card's steps in their column (A4's kettlebell swing had its sixth
    # step at the margin under its pictures, read as a list that jumped, for want of the
    # line the closing's heading takes).
    tight = False
    if not theme.large_print and not log and text.conclusion and text.cards:
        # (and the closing half a card's gap under the last card: the fitting pass places
        # it a whole gap under, so it is told the closing is shorter by the difference)
        shorter = height_of(end(0, True), width) - (CARD_GAP - TIGHT_GAP)
        if any(a.split_steps for a in chosen):
            tried, ends_on, _ = fitted(shorter, first_room, first_page, split=False)
            if ends_on <= last_page:
                chosen, tight = tried, True
        if alone and not tight:
            tried, fewer, _ = fitted(shorter, first_room, first_page)
            if fewer < last_page:
                chosen, tight = tried, True
    gap = TIGHT_GAP if tight else CARD_GAP  # above the closing
    cards: list[Card] = []
    for c, a, k in zip(text.cards, chosen, kept, strict=True):
        built = card(c, theme, width, page.room, a, text.grayscale, kept=k)
        assert built is not None  # the arrangements were measured to fit
        cards.append(built)
    _, left = paginate(first_room, page.room, cards, CARD_GAP, first_page)
    if height_of(end(0, tight), width) + gap > left:
        left = page.room + gap  # the closing starts the next page (no gap at its top)
    # The log follows the closing on its page when both fit; lines for notes fill what the
    # page has left, up to five (or, when the log starts a page of its own, the whole rest
    # of the closing's page: room to write rather than blank paper).
    after = height_of(log, width) + CARD_GAP if log else 0.0
    if text.log is not None and after - CARD_GAP > page.room:
        # A log taller than a page goes on across pages anyway: it may start under the
        # closing, where its heading, its head row and its first week fit (a page of its own
        # for its start left the next a sheet more: the neck-and-shoulder plan took 9 pages).
        after = height_of(log_start(text.log, theme, width, page.room), width) + CARD_GAP
    most = NOTE_LINES
    if log and height_of(end(0, tight), width) + gap + after > left:
        after, most = 0.0, NOTE_LINES_FILL  # the log goes on a page of its own
    lines = note_lines_in(lambda n: height_of(end(n, tight), width), left - gap - after,
                        most)
    if card_last and not lines and not after:
        # No room for notes under the closing: on the log's own page, under the log.
        lines_there = note_lines_in(lambda n: height_of(ended_log(n), width), page.room,
                                    NOTE_LINES)
        log = ended_log(lines_there)
    story: list[Flowable] = list(first)
    pages = PageCount()
    for c in cards:
        c.spaceBefore = CARD_GAP  # dropped at the top of a page
        c.pages = pages
        story.append(c)
    closing_part = end(lines, tight)
    closing_part[0].spaceBefore = gap  # the gap the fitting pass left for it
    story += closing_part
    if log:
        log[0].spaceBefore = CARD_GAP
        story += log

    buffer = io.BytesIO()
    doc = _Document(
        buffer,
        pagesize=size,
        leftMargin=MARGIN_X, rightMargin=MARGIN_X,
        topMargin=page.top, bottomMargin=page.bottom,
        title=f"{text.title} · {text.subtitle}",
        author=text.clinic_name,
        subject=subject or f"Exercise handout from {text.clinic_name}",
        creator=f"pdfgen {__version__}",
        lang=language,
        invariant=1,
        pageCompression=1,
        initialFontName=theme.fonts.body,
    )
    frames = {
        "first": Frame(MARGIN_X, page.bottom, width, page.first_room, leftPadding=0,
                       rightPadding=0, topPadding=0, bottomPadding=0, id="first"),
        "page": Frame(MARGIN_X, page.bottom, width, page.room, leftPadding=0,
                      rightPadding=0, topPadding=0, bottomPadding=0, id="body"),
    }
    doc.addPageTemplates([PageTemplate(id="first", frames=[frames["first"]],
                                       autoNextPageTemplate="page", onPage=pages.on_page),
                          PageTemplate(id="page", frames=[frames["page"]],
                                       onPage=pages.on_page)])
    with build_settings():
        doc.build(story, canvasmaker=paged_canvas(decorations, text.day, tagger,
                                                   theme.fonts))
    if tagger is None:
        return buffer.getvalue(), doc.page
    return write_structure(buffer.getvalue(), tagger.marks, doc.title, language), doc.page


class _Document(BaseDocTemplate):
    """The handout's document: a card whose parts no page can hold (four doses with names
    of 80 capitals, in large print) is said, naming it, not ReportLab's LayoutError."""

    def handle_flowable(self, flowables: list[Flowable]) -> None:
        first = flowables[0] if flowables else None
        try:
            super().handle_flowable(flowables)
        except LayoutError:
            if not isinstance(first, Card):
                raise  # (a bug: its traceback)
            large = first.theme.large_print
            raise PdfgenError(f"{first.text.name}: its card does not fit on the pages"
                              f"{' of large print' if large else ''}; shorten it (the names "
                              "of its doses, a step, its note)"
                              f"{', or print it in normal print' if large else ''}") from None


def _ending(part: list[Flowable], last: list[Flowable], page_height: float
            ) -> list[Flowable]:
    """The handout's last part with the sign-off under it, kept together: the sign-off never
    starts a page alone."""
    if not last or len(part) != 1 or not isinstance(part[0], Stack):
        return [*part, *last]
    return [Stack([*part[0].content, *last], page_height)]

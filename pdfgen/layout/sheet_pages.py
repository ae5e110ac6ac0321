"""The compact layout's pages: the one-page sheet laid out with the picture height that
keeps it on one page (a long plan: on one sheet, two pages), and returned as PDF bytes."""

from __future__ import annotations

import io
from dataclasses import replace

from reportlab.graphics.shapes import Drawing
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageBreak, PageTemplate, Spacer

from pdfgen import __version__
from pdfgen.errors import PdfgenError
from pdfgen.layout.blocks import sheet, sheet_top
from pdfgen.layout.blocks.gallery import figure_group
from pdfgen.layout.blocks.header_footer import PageDecorations
from pdfgen.layout.blocks.log import exercise_log
from pdfgen.layout.blocks.sheet_scale import Scales, common
from pdfgen.layout.paged_canvas import paged_canvas
from pdfgen.layout.pages import (
    BAND_GAP,
    FOOTER_BASELINE,
    HEADER_TOP,
    PAPER,
    geometry,
)
from pdfgen.layout.reportlab_door import at_frame_top, build_settings
from pdfgen.layout.sheet_fit import (
    FIRST_GAP,
    FOOTER_GAP,
    ROW_GAP,
    TIGHT_TOP,
    fitted,
    pages_needed,
)
from pdfgen.layout.structure import write_structure
from pdfgen.layout.tagging import Marked, Tagger
from pdfgen.layout.theme import Theme
from pdfgen.text.handout_text import HandoutText

LOG_GAP = 18  # between the last row and a log under it
LATER_TOP = 2  # points more over a later page's first row (4 pt under the rule before)
MARGIN = 36  # 0.5 in at the sides: DESIGN.md's least, for the room the exercises need


def render_sheet(
    text: HandoutText,
    theme: Theme,
    *,
    paper: str,
    language: str,
    logo: Flowable | None,
    subject: str | None = None,
    tagged: bool = True,
) -> tuple[bytes, int, tuple[str, ...]]:
    """The sheet as PDF bytes, its page count, and the exercises whose safety lines it had
    no room for (the command says so); the same inputs give the same bytes."""
    size = PAPER[paper]
    theme = sheet.sheet_theme(theme)
    tagger = Tagger() if tagged else None
    if logo is not None:
        logo = _smaller(logo, sheet_top.LOGO)
        if tagger is not None:  # the clinic's name is printed beside it
            logo = Marked(logo, "Artifact")
    decorations = PageDecorations(
        text, theme, left=MARGIN, right=size[0] - MARGIN, top=size[1] - HEADER_TOP,
        bottom=FOOTER_BASELINE,
    )
    page = geometry(paper, theme, decorations)
    # (A later page's first row 6 pt clear of the running line's rule, as on page 1.)
    page = replace(page, bottom=page.bottom - BAND_GAP + FOOTER_GAP,
                   top=page.top + LATER_TOP)
    if isinstance(logo, Drawing):  # see pages.render_pdf
        logo.initialFontName = theme.fonts.body
    width = size[0] - 2 * MARGIN

    def heading(meanings: bool, gap: float, form: str) -> list[Flowable]:
        head: list[Flowable] = sheet_top.top(text, theme, width, logo)
        for part in (sheet_top.warning(text, theme, width, form),
                     sheet_top.pain(text, theme, width, meanings) if form == "box" else None,
                     sheet_top.note(text, theme, width)):
            if part is not None:
                part.spaceBefore = gap
                head.append(part)
        return [*head, Spacer(1, gap - TIGHT_TOP)]  # (over the first row's FIRST_GAP)

    asked = text
    text, head, used, (height, around), gap, lower = fitted(text, theme, width,
                                                             page.first_room, page.room,
                                                             heading)
    left_out = tuple(card.name for card, shown in zip(asked.cards, text.cards, strict=True)
                     if card.safety and not shown.safety)
    page = replace(page, bottom=page.bottom - lower)  # the foot as fitted chose it
    rows = one_scale(text, theme, width, height, used, page.first_room, page.room, gap,
                     around)
    for card, row in zip(text.cards, rows, strict=True):
        if row.wrap(width, 1e6)[1] > page.room:  # (ReportLab: a LayoutError, a traceback)
            raise PdfgenError(f"--layout compact: {card.name} is taller than a page of the "
                              "sheet; shorten its steps, or print the detailed handout "
                              "(without --layout compact)")
    story = [*head]
    for index, row in enumerate(rows):
        # A thin rule between two rows; the first stands under the top of the sheet.
        if index:
            ruled = Ruled(row, theme.line, gap)
            ruled.spaceBefore = gap
            story.append(ruled)
        else:
            row.spaceBefore = FIRST_GAP
            story.append(row)
    if text.log is not None:  # on the back of the sheet
        log = exercise_log(text.log, theme, width, page.room)
        two = pages_needed(used, [r.wrap(width, 1e6)[1] for r in rows], page.first_room,
                           page.room, gap) > 1
        # Under the rows that run on to the back, when it fits there (kept whole: else on a
        # page of its own, as after a one-page sheet).
        story += [Spacer(1, LOG_GAP), *log] if two else [PageBreak(), *log]

    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer, pagesize=size, leftMargin=MARGIN, rightMargin=MARGIN,
        topMargin=page.top, bottomMargin=page.bottom,
        title=f"{text.title} · {text.subtitle}", author=text.clinic_name,
        subject=subject or f"Exercise handout from {text.clinic_name}",
        creator=f"pdfgen {__version__}", lang=language, invariant=1, pageCompression=1,
        initialFontName=theme.fonts.body,
    )
    doc.addPageTemplates([
        PageTemplate(id="first", frames=[Frame(MARGIN, page.bottom, width, page.first_room,
                                               0, 0, 0, 0, id="first")],
                     autoNextPageTemplate="page"),
        PageTemplate(id="page", frames=[Frame(MARGIN, page.bottom, width, page.room,
                                              0, 0, 0, 0, id="body")]),
    ])
    with build_settings():
        doc.build(story, canvasmaker=paged_canvas(decorations, text.day, tagger,
                                                   theme.fonts))
    if tagger is None:
        return buffer.getvalue(), doc.page, left_out
    return (write_structure(buffer.getvalue(), tagger.marks, doc.title, language), doc.page,
            left_out)


def one_scale(text: HandoutText, theme: Theme, width: float, height: float, head: float,
              first_room: float, room: float, gap: float = ROW_GAP, around: bool = False
              ) -> list[Flowable]:
    """The rows with one body size for every upright figure and one for every lying one:
    each group at the least scale any of its rows drew it at (the row with the least room),
    unless that would take another page."""
    rows = aligned(text, theme, width, height, head, first_room, room, gap=gap, around=around)
    scales = common((card.pictures, row.figure_scale) for card, row in zip(text.cards, rows,
                                                                           strict=True))
    if not scales:
        return rows
    even = aligned(text, theme, width, height, head, first_room, room, scales, gap, around)

    def pages(made: list[Flowable]) -> int:
        return pages_needed(head, [r.wrap(width, 1e6)[1] for r in made], first_room, room,
                             gap)

    held = all(abs(row.figure_scale - scales[figure_group(card.pictures)]) < 1e-6
               for card, row in zip(text.cards, even, strict=True) if row.figure_scale)
    return even if held and pages(even) <= pages(rows) else rows


def aligned(text: HandoutText, theme: Theme, width: float, height: float, head: float,
            first_room: float, room: float, scales: Scales | None = None,
            gap: float = ROW_GAP, around: bool = False) -> list[Flowable]:
    """The rows, the steps of those beside their pictures starting at one edge (the widest
    picture column) unless that would take another page; then at as few edges as keep the
    pages (the rows with narrower pictures at the edge of the next widest)."""

    def rows(column: float) -> list[Flowable]:
        return [sheet.exercise_row(card, theme, width, height, text.grayscale, column=column,
                                   scales=scales, around=around, fellows=text.cards)
                for card in text.cards]

    def pages(made: list[Flowable]) -> int:
        return pages_needed(head, [r.wrap(width, 1e6)[1] for r in made], first_room, room,
                             gap)

    own = rows(0)
    most = pages(own)
    # (The narrowest column is each row's own: no row's steps move for it.)
    for column in sorted({r.picture_column for r in own if r.picture_column}, reverse=True)[:-1]:
        even = rows(column)
        if pages(even) <= most:
            return even
    return own


def _smaller(logo: Flowable, height: float) -> Flowable:
    """The logo `height` points tall (it was made for the detailed handout's header)."""
    from pdfgen.layout.pictures import VectorPicture

    content = logo.content if isinstance(logo, Marked) else logo
    width, own = content.wrap(1e6, 1e6)
    if own <= height:
        return content
    if isinstance(content, VectorPicture):
        return content.at(content.fit * height / own)
    content.drawWidth, content.drawHeight = width * height / own, height
    content.width, content.height = content.drawWidth, content.drawHeight
    return content


class Ruled(Flowable):
    """A row under a thin rule, which goes with it to the next page, where, at the top of
    the page, it is left out (the running line has a rule of its own)."""

    def __init__(self, row: Flowable, color: object, gap: float = ROW_GAP) -> None:
        super().__init__()
        self.row, self.color, self.gap = row, color, gap
        self._top = False

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        # The frame placing it says whether it stands at the top of a page.
        self._top = at_frame_top(self)
        self.width, height = self.row.wrap(avail_width, avail_height)
        self.height = height if self._top else height + self.gap + 0.75
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        return self.row.split(avail_width, avail_height)  # longer than a page: no rule

    def draw(self) -> None:
        self.row.drawOn(self.canv, 0, 0)
        if not self._top:
            self.canv.saveState()
            self.canv.setStrokeColor(self.color)
            self.canv.setLineWidth(0.75)
            self.canv.line(0, self.height - 0.375, self.width, self.height - 0.375)
            self.canv.restoreState()

"""An exercise card: number and name, what and why, numbered steps, tips, options and dose."""

from __future__ import annotations

from dataclasses import dataclass, replace

from reportlab.platypus import (
    Flowable,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.flowables import PageBreakIfNotEmpty

from pdfgen.blocks.common import Grid, badge, flat, qr_code
from pdfgen.blocks.picture_row import picture_row
from pdfgen.document import CardText
from pdfgen.theme import Theme

PAD = 16  # inner padding of the card (a fixed 16 pt even in large print: width is scarce)
SECTION_GAP = 10  # space above each labelled section
END_PAD = 14  # space below the last row, inside the border


@dataclass(frozen=True)
class Row:
    """One row of a card: a single flowable and the space above and below it."""

    content: Flowable
    top: float = 0
    bottom: float = 0
    stacked: tuple[Row, ...] = ()  # the same content as rows of their own, if it must split
    section: int = 0  # rows of one section (the steps, the tips...) stay together if they can
    label: bool = False  # a section's label never ends a page


def card(text: CardText, theme: Theme, width: float, page_height: float,
         grayscale: bool = False) -> list[Flowable]:
    """The card, kept whole on one page; a card taller than a page continues on the next."""
    return [Card(text, theme, width, page_height, grayscale), Spacer(1, 18)]


class Card(Flowable):
    """A card laid out once: moved whole to the next page when it does not fit, and split
    into page-sized parts headed "Name (continued)" only when no page could hold it."""

    def __init__(self, text: CardText, theme: Theme, width: float, page_height: float,
                 grayscale: bool) -> None:
        super().__init__()
        self.text, self.theme, self.page_height = text, theme, page_height
        inner = width - 2 * PAD
        self.title = Row(_title(text, theme, inner, text.name), 10, 10)
        self.rows = _rows(text, theme, inner, grayscale)
        self.table = _table([self.title, *self.rows], theme, width)
        self.width, self.height = self.table.wrap(width, page_height)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        if self.height <= self.page_height:
            return []  # keep it whole: the frame moves it to the next page
        inner = self.width - 2 * PAD
        name = f"{self.text.name} {self.text.labels['continued']}"
        more = Row(_title(self.text, self.theme, inner, name), 10, 10)
        # It cannot fit on one page anyway: start it here when a good part of the page is
        # left, else on the next page.
        start_here = avail_height >= self.page_height / 3
        first_room = avail_height if start_here else self.page_height
        # The table already measured its rows when it was laid out whole (its private
        # _rowHeights; without it each row is measured on its own).
        heights = getattr(self.table, "_rowHeights", None) or []
        known = {id(row): height for row, height in zip([self.title, *self.rows], heights,
                                                           strict=False)}
        if self.rows and id(self.rows[-1]) in known:
            known[id(self.rows[-1])] -= END_PAD
        parts = _pack(self.title, more, self.rows, self.theme, self.width, self.page_height,
                      first_room, known)
        story: list[Flowable] = [] if start_here else [PageBreak()]
        for index, part in enumerate(parts):
            # A part fills its page: the frame may already have moved on to the next.
            story += [PageBreakIfNotEmpty()] if index else []
            story.append(_table(part, self.theme, self.width))
        return story

    def draw(self) -> None:
        self.table.drawOn(self.canv, 0, 0)


def _rows(text: CardText, theme: Theme, inner: float, grayscale: bool) -> list[Row]:
    rows = [Row(theme.para(text.summary, "body"), top=12)]
    if text.dose:
        rows.append(Row(_dose(text, theme, inner), top=8, bottom=2))
    if text.note:
        rows.append(Row(_note(text, theme, inner), top=8, bottom=2))
    if text.pictures:
        rows.append(Row(picture_row(text, theme, inner, grayscale), top=SECTION_GAP, bottom=2))
    if text.why:
        rows.append(Row(theme.para(text.labels["why"], "label"), SECTION_GAP, 2, section=1,
                        label=True))
        rows += [Row(theme.para(p, "card_body"), bottom=2, section=1) for p in text.why]
    rows.append(Row(theme.para(text.labels["steps"], "label"), SECTION_GAP, 4, section=2,
                    label=True))
    # Steps are paragraphs with a large numeral as their bullet: the numeral shares the
    # first line's baseline, and a paragraph is much cheaper to lay out than a table.
    rows += [Row(theme.para(s, "step", bulletText=str(n)), bottom=5, section=2)
             for n, s in enumerate(text.steps, 1)]
    if text.tips:
        rows.append(Row(theme.para(text.labels["tips"], "label"), SECTION_GAP, 2, section=3,
                        label=True))
        rows += [Row(theme.para(t, "bullet", bulletText="•"), bottom=1, section=3)
                 for t in text.tips]
    if text.easier or text.harder:
        stacked = tuple(
            Row(theme.para(part, style), top, bottom, section=4)
            for kind in ("easier", "harder") if getattr(text, kind)
            for part, style, top, bottom in ((text.labels[kind], "option_label", SECTION_GAP, 2),
                                             (getattr(text, kind), "option", 0, 2))
        )
        rows.append(Row(_options(text, theme, inner), SECTION_GAP, stacked=stacked, section=4))
    if text.video:
        rows.append(Row(_video(text, theme, inner), top=SECTION_GAP, section=5))
    return rows


def _table(rows: list[Row], theme: Theme, width: float) -> Table:
    style = [
        ("BOX", (0, 0), (-1, -1), 1, theme.line),
        ("ROUNDEDCORNERS", [8, 8, 8, 8]),
        ("BACKGROUND", (0, 0), (-1, 0), theme.tint),
        ("LINEBELOW", (0, 0), (-1, 0), 1, theme.line),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
    for index, row in enumerate(rows):
        bottom = row.bottom + (END_PAD if index == len(rows) - 1 else 0)
        style += [("TOPPADDING", (0, index), (-1, index), row.top),
                  ("BOTTOMPADDING", (0, index), (-1, index), bottom)]
    return Grid([[row.content] for row in rows], colWidths=[width], style=TableStyle(style))


def _pack(title: Row, more: Row, rows: list[Row], theme: Theme, width: float,
          page_height: float, first_room: float, known: dict[int, float]) -> list[list[Row]]:
    """Rows into parts that each fit a page. In normal print a part ends between sections
    when it can (the steps, the tips... stay together); in large print, where a section
    can fill most of a page, parts fill their pages instead. A label never ends a part;
    only a row taller than a page is broken up."""
    keep_sections = not theme.large_print
    def measure(row: Row) -> float:  # a table is as tall as its rows: each measured once
        if id(row) not in known:
            known[id(row)] = _height([row], theme, width)
        return known[id(row)]

    fresh = page_height - measure(more) - END_PAD  # room on a new page
    parts: list[list[Row]] = [[title]]
    # The first part has what is left of the page it starts on.
    used = measure(title) + END_PAD + (page_height - first_room)
    queue = list(rows)

    def new_part() -> None:
        nonlocal used
        parts.append([more])
        used = measure(more) + END_PAD

    while queue:
        row = queue.pop(0)
        height = measure(row)
        if used + height <= page_height:
            parts[-1].append(row)
            used += height
            continue
        current = parts[-1]
        placed = [r for r in current[1:] if r.section == row.section]
        section = placed + [row] + [r for r in queue if r.section == row.section]
        if keep_sections and placed and len(placed) < len(current) - 1 and (
                sum(measure(r) for r in section) <= fresh):
            # Move the section begun on this page whole to the next one.
            del current[len(current) - len(placed):]
            queue[:0] = [*placed, row]
            new_part()
        elif len(current) > 2 and current[-1].label and height <= fresh:
            queue[:0] = [current.pop(), row]  # the label goes with what it labels
            new_part()
        elif len(current) > 1 and height <= fresh:
            queue.insert(0, row)
            new_part()
        else:
            pieces = _split(row, theme, width, page_height - used)
            if pieces is not None:  # fill this page, carry the rest over
                parts[-1].append(pieces[0])
                queue[:0] = pieces[1]
            elif len(current) == 1:  # a row that can be split no further: let it overflow
                parts[-1].append(row)
                continue
            else:
                queue.insert(0, row)
            new_part()
    return parts


def _split(row: Row, theme: Theme, width: float, room: float) -> tuple[Row, list[Row]] | None:
    """The part of a row that fits in `room`, and what is left; None if nothing fits."""
    content = row.content
    if row.stacked:  # e.g. the Easier / Harder boxes side by side: one under the other instead
        first, *rest = row.stacked
        return (first, rest) if _height([first], theme, width) <= room else None
    if not isinstance(content, Paragraph):
        return None
    pieces = content.split(width - 2 * PAD, room - row.top - 2)
    if len(pieces) < 2:
        return None
    first, rest = replace(row, content=pieces[0], bottom=0), replace(row, content=pieces[1], top=0)
    return (first, [rest]) if _height([first], theme, width) <= room else None


def _height(rows: list[Row], theme: Theme, width: float) -> float:
    return _table(rows, theme, width).wrap(width, 1e9)[1] - END_PAD


def _title(text: CardText, theme: Theme, width: float, name: str) -> Table:
    size = 30 * theme.scale
    row = Grid([[badge(text.number, theme, size), theme.para(name, "card_name")]],
                colWidths=[size + 12, width - size - 12])
    row.setStyle(flat(valign="MIDDLE"))
    return row


def _note(text: CardText, theme: Theme, width: float) -> Table:
    """The clinician's note for this patient: a bar of colour and a bold label."""
    box = Grid([[[theme.para(text.labels["note"], "box_heading"),
                   theme.para(text.note or "", "card_body")]]], colWidths=[width])
    box.setStyle(TableStyle([
        ("LINEBEFORE", (0, 0), (0, -1), 4, theme.accent),
        ("LEFTPADDING", (0, 0), (-1, -1), 12),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]))
    return box


def _video(text: CardText, theme: Theme, width: float) -> Table:
    """A QR code a phone opens as the video, and the address written out beside it."""
    assert text.video is not None
    size = 72 * theme.scale  # an inch: phone cameras read it at arm's length
    words = [theme.para(text.video.label, "box_heading"), theme.para(text.video.shown, "body")]
    return Grid([[qr_code(text.video.url, size), words]], colWidths=[size + 12, width - size - 12],
                 style=flat(valign="MIDDLE"))


def _dose(text: CardText, theme: Theme, width: float) -> Table:
    label_width = 100 * theme.scale
    cells = [theme.para(text.labels["dose_label"], "dose"),
             theme.para(text.dose or "", "dose_text")]
    box = Grid([cells], colWidths=[label_width, width - label_width])
    box.setStyle(TableStyle([
        ("BOX", (0, 0), (-1, -1), 1.5, theme.accent),
        ("BACKGROUND", (0, 0), (0, 0), theme.tint),
        ("LINEAFTER", (0, 0), (0, 0), 1, theme.accent),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 10),
        ("TOPPADDING", (0, 0), (-1, -1), 6),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
    ]))
    return box


def _options(text: CardText, theme: Theme, width: float) -> Table:
    cells = [
        [theme.para(text.labels[kind], "option_label"), theme.para(value, "option")]
        for kind, value in (("easier", text.easier), ("harder", text.harder))
        if value
    ]
    gap = 12
    col = (width - gap * (len(cells) - 1)) / len(cells)
    data = [cells[0]] if len(cells) == 1 else [cells[0], "", cells[1]]
    widths = [col] if len(cells) == 1 else [col, gap, col]
    style = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 8),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("LEFTPADDING", (0, 0), (-1, -1), 10),
        ("RIGHTPADDING", (0, 0), (-1, -1), 10),
    ]
    for column in range(0, len(data), 2):
        style += [("BOX", (column, 0), (column, 0), 0.75, theme.line),
                  ("BACKGROUND", (column, 0), (column, 0), theme.tint)]
    return Grid([data], colWidths=widths, style=TableStyle(style))

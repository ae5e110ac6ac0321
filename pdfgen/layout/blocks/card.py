"""An exercise card: name, dose, pictures beside the steps, tips and options, on one page."""

from __future__ import annotations

from dataclasses import dataclass, replace

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from pdfgen.layout.blocks.common import Grid, Stack, badge, flat, qr_code
from pdfgen.layout.blocks.picture_row import column_for, picture_column, picture_rows
from pdfgen.layout.tagging import Marked
from pdfgen.layout.theme import INK, Theme
from pdfgen.text.handout_text import CardText

GAP = 9  # space above each labelled section
COLUMN_GAP = 16  # between the pictures and the text beside them


@dataclass(frozen=True)
class Arrangement:
    """One way to lay out a card; the fitting pass tries them from roomy to compact."""

    picture_height: float  # the most a picture may be, in points
    column: float  # the picture column's share of the card's width
    tips_beside: bool  # the tips in the column beside the pictures (else under them)


@dataclass(frozen=True)
class Row:
    """One row of a card: a flowable and the space above it."""

    content: Flowable
    top: float = 0
    keep: bool = False  # a label: never ends a part
    head: bool = False  # up to and with this row, the card starts on one page (large print)


def card(text: CardText, theme: Theme, width: float, page_height: float,
         arrangement: Arrangement, grayscale: bool = False, measure: bool = False,
         kept: dict | None = None) -> Card:
    """The card as one flowable, kept whole on one page when a page can hold it; `measure`
    stands its pictures in as blank boxes of their size, for the fitting pass.

    `kept` holds this card's paragraphs from one arrangement to the next: the fitting pass
    lays a card out several times, and a paragraph asked again for a width it was laid out
    at does not break its lines again."""
    theme = _Keeping(theme, {} if kept is None else kept)
    title = Row(_title(text, theme, width, text.name), 0)
    rows = _rows(text, theme, width, arrangement, grayscale, measure)
    if any(row.content.wrap(width, 1e6)[1] > page_height for row in rows):
        # Longer than a page even in one row: every picture and paragraph a row of its own,
        # so that it can continue between them.
        rows = _rows(text, theme, width, arrangement, grayscale, measure, apart=True)
        rows = [part for row in rows for part in _pieces(row, width, page_height * 0.8)]
    made = Card(text, theme, width, page_height, title, rows)
    if made.height > page_height and not theme.large_print:
        # A little too tall for a page: half the space between its parts, rather than
        # cutting it in two.
        closer = Card(text, theme, width, page_height, title,
                      [replace(row, top=row.top / 2) for row in rows])
        made = closer if closer.height <= page_height else made
    made.arrangement = arrangement
    return made


class _Keeping:
    """The theme, but each paragraph made once and handed out again for the same words."""

    def __init__(self, theme: Theme, kept: dict) -> None:
        self._theme, self._kept = theme, kept

    def __getattr__(self, name: str) -> object:
        return getattr(self._theme, name)

    def __getitem__(self, name: str) -> object:
        return self._theme[name]

    def para(self, text: str, style: str, **kw: object) -> Paragraph:
        key = (text, style, kw.get("bulletText"))
        if key not in self._kept:
            self._kept[key] = self._theme.para(text, style, **kw)
        return self._kept[key]


class Card(Flowable):
    """Rows drawn one under the other. Moved whole to the next page when it does not fit;
    split between rows, under a "(continued)" title, only when no page could hold it."""

    def __init__(self, text: CardText, theme: Theme, width: float, page_height: float,
                 title: Row, rows: list[Row], continued: bool = False) -> None:
        super().__init__()
        self.text, self.theme, self.page_height = text, theme, page_height
        self.title, self.rows, self.continued = title, rows, continued
        self.width = width
        self.arrangement: Arrangement | None = None
        self.heights = [row.content.wrap(width, 1e6)[1] + row.top
                        for row in [title, *rows]]
        self.height = sum(self.heights)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    @property
    def head(self) -> int:
        """How many rows must start on one page with the title: in large print the pictures
        and every step; otherwise the whole card, unless no page can hold it."""
        if self.continued:
            return 1
        marks = [index + 1 for index, row in enumerate(self.rows) if row.head]
        return marks[-1] if marks else len(self.rows)

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        if self.height <= self.page_height and not self.theme.large_print:
            return []  # keep it whole: the frame moves it to the next page
        cut = self._cut(avail_height)
        fresh = avail_height >= self.page_height - 0.5  # an empty page: no better one comes
        if cut == 0 or (cut < min(self.head, len(self.rows)) and not fresh):
            return []  # its start does not fit here: all of it goes to the next page
        name = f"{self.text.name} {self.text.labels['continued']}"
        more = Row(_title(self.text, self.theme, self.width, name), 0)
        rest = self.rows[cut:]
        rest = [Row(rest[0].content, 0, rest[0].keep), *rest[1:]]
        return [Card(self.text, self.theme, self.width, self.page_height, self.title,
                     self.rows[:cut], self.continued),
                Card(self.text, self.theme, self.width, self.page_height, more, rest, True)]

    def _cut(self, room: float) -> int:
        """How many rows go in the first part: as many as fit, never ending on a label."""
        return cut_rows(self.heights, [row.keep for row in self.rows], room)

    def draw(self) -> None:
        y = self.height
        for row, height in zip([self.title, *self.rows], self.heights, strict=True):
            y -= height
            row.content.drawOn(self.canv, 0, y)


def cut_rows(heights: list[float], keep: list[bool], room: float) -> int:
    """Rows (after the title, heights[0]) that fit in `room`, never ending on a label."""
    used, cut = heights[0], 0
    for index, height in enumerate(heights[1:]):
        if used + height > room:
            break
        used, cut = used + height, index + 1
    while cut > 0 and keep[cut - 1] and cut < len(keep):
        cut -= 1  # a label goes with what it labels
    return cut


def _rows(text: CardText, theme: Theme, width: float, arrangement: Arrangement,
          grayscale: bool, measure: bool, apart: bool = False) -> list[Row]:
    rows = [Row(theme.para(text.summary, "body_tight"), 7)]
    if text.dose_parts:
        rows.append(Row(_dose(text, theme, width), 8))
    if text.note and apart:
        rows += [Row(theme.para(text.labels["note"], "box_heading"), 8, keep=True),
                 Row(theme.para(text.note, "card_body"))]
    elif text.note:
        rows.append(Row(_note(text, theme, width), 8))
    why = [theme.para(text.labels["why"], "label"),
           *(theme.para(p, "card_body") for p in text.why)] if text.why else []
    steps = [theme.para(text.labels["steps"], "label"),
             *(theme.para(s, "step", bulletText=str(n)) for n, s in enumerate(text.steps, 1))]
    tips = [theme.para(text.labels["tips"], "label"),
            *(theme.para(t, "bullet", bulletText="•") for t in text.tips)] if text.tips else []
    beside = [*(why if not theme.large_print else []), *steps,
              *(tips if arrangement.tips_beside and not theme.large_print else [])]
    if apart:
        column = round(width * arrangement.column)
        pictures = picture_column(text, theme, column, arrangement.picture_height, grayscale,
                                  measure)
        centred = TableStyle([("ALIGN", (0, 0), (-1, -1), "CENTER")])
        rows += [Row(Grid([[p]], colWidths=[width], style=flat()), GAP if i == 0 else 0)
                 for i, p in enumerate(pictures)]
        for row in rows[len(rows) - len(pictures):]:
            row.content.setStyle(centred)
        rows += [Row(p, 0 if i else GAP, keep=not i) for i, p in enumerate(beside)]
    elif (column := column_for(text, width, arrangement.picture_height * theme.scale,
                                arrangement.column)) is None:
        # No pictures, or figures lying down too long to stand beside the steps: one under
        # the other, above the text.
        rows += [Row(r, GAP) for r in picture_rows(
            text, theme, width, arrangement.picture_height * theme.scale, grayscale, measure)]
        rows += [Row(p, 0 if i else GAP, keep=not i) for i, p in enumerate(beside)]
        rows[-1] = Row(rows[-1].content, rows[-1].top, rows[-1].keep, head=True)
    else:
        pictures = picture_column(text, theme, column, arrangement.picture_height, grayscale,
                                  measure)
        body = Grid([[pictures, beside]],
                    colWidths=[column + COLUMN_GAP, width - column - COLUMN_GAP],
                    style=flat())
        body.setStyle(TableStyle([("ALIGN", (0, 0), (0, 0), "CENTER"),
                                  ("RIGHTPADDING", (0, 0), (0, 0), COLUMN_GAP)]))
        rows.append(Row(body, GAP, head=True))
    # A section under the pictures is kept whole (its label never ends a page, it never
    # breaks after one line); only a card cut apart row by row lets it flow.
    if theme.large_print and why:  # pictures and steps first, on one page; the reason next
        rows += _section(why, apart)
    if tips and (theme.large_print or not arrangement.tips_beside):
        rows += _section(tips, apart)
    if apart:  # plain paragraphs, that can be cut
        rows += [Row(theme.para(part, style), GAP if style == "option_label" else 0,
                     keep=style == "option_label")
                 for kind in ("easier", "harder") if getattr(text, kind)
                 for part, style in ((text.labels[kind], "option_label"),
                                     (getattr(text, kind), "option"))]
    elif text.easier or text.harder:
        rows += _options(text, theme, width)
    if text.video:
        rows.append(Row(_video(text, theme, width), GAP))
    return rows


def _pieces(row: Row, width: float, most: float) -> list[Row]:
    """A paragraph taller than `most` as pieces no taller (a step of a thousand words)."""
    pieces, content = [], row.content
    while isinstance(content, Paragraph) and content.wrap(width, 1e6)[1] > most:
        parts = content.split(width, most)
        if len(parts) < 2:
            break
        pieces.append(Row(parts[0], row.top if not pieces else 0, row.keep))
        content = parts[1]
    return [*pieces, Row(content, row.top if not pieces else 0)] if pieces else [row]


def _section(parts: list[Flowable], apart: bool) -> list[Row]:
    if apart:
        return [Row(p, 0 if i else GAP, keep=not i) for i, p in enumerate(parts)]
    return [Row(Stack(parts, 1e6), GAP)]


def _title(text: CardText, theme: Theme, width: float, name: str) -> Table:
    size = 30 * theme.scale
    # The badge repeats the number the name starts with: furniture for a screen reader.
    row = Grid([[Marked(badge(text.number, theme, size), "Artifact"),
                 theme.para(name, "card_name")]],
               colWidths=[size + 10, width - size - 10])
    row.setStyle(flat(valign="MIDDLE", bottom=6))
    row.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, 0), 2, theme.primary)]))
    return row


def _dose(text: CardText, theme: Theme, width: float) -> Table:
    """The dose as labelled numbers in one strip: "Sets 2 | Reps 10 | Days a week 3"."""
    label_style, value_style = theme["dose_name"], theme["dose_value"]
    cells, widths = [], []
    for label, value in text.dose_parts:
        cells += [theme.para(label, "dose_name"), theme.para(value, "dose_value")]
        widths += [stringWidth(label, label_style.fontName, label_style.fontSize) + 14,
                   stringWidth(value, value_style.fontName, value_style.fontSize) + 20]
    if sum(widths) > width:  # too long for one strip: a part a row
        return _dose_rows(text, theme, width)
    box = Grid([cells], colWidths=widths, hAlign="LEFT")
    box.setStyle(_dose_style(theme, len(text.dose_parts)))
    return box


def _dose_rows(text: CardText, theme: Theme, width: float) -> Table:
    data = [[theme.para(label, "dose_name"), theme.para(value, "dose_value")]
            for label, value in text.dose_parts]
    box = Grid(data, colWidths=[width * 0.35, width * 0.65])
    box.setStyle(_dose_style(theme, 1))
    return box


def _dose_style(theme: Theme, parts: int) -> TableStyle:
    style = [
        ("BOX", (0, 0), (-1, -1), 1.5, INK),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 8),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
    ]
    # A rule between the parts; the labels on a pale tint, the numbers on white.
    for part in range(parts):
        style += [("BACKGROUND", (2 * part, 0), (2 * part, -1), theme.tint)]
        if part:
            style += [("LINEBEFORE", (2 * part, 0), (2 * part, -1), 1, INK)]
    return TableStyle(style)


def _note(text: CardText, theme: Theme, width: float) -> Table:
    """The clinician's note for this patient: a bar of colour and a bold label."""
    box = Grid([[[theme.para(text.labels["note"], "box_heading"),
                  theme.para(text.note or "", "card_body")]]], colWidths=[width])
    box.setStyle(TableStyle([
        ("LINEBEFORE", (0, 0), (0, -1), 4, theme.accent, 0),
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
    code = Marked(qr_code(text.video.url, size, theme.fonts.body), "Figure",
                  f"QR code: {text.video.label}, {text.video.shown}", url=text.video.url)
    return Grid([[code, words]],
                colWidths=[size + 12, width - size - 12], style=flat(valign="MIDDLE"))


def _options(text: CardText, theme: Theme, width: float) -> list[Row]:
    """Easier and Harder side by side under a rule (one under the other in large print)."""
    cells = [
        [theme.para(text.labels[kind], "option_label"), theme.para(value, "option")]
        for kind, value in (("easier", text.easier), ("harder", text.harder))
        if value
    ]
    if theme.large_print or len(cells) == 1:
        return [Row(_option_box([cell], theme, [width]), GAP) for cell in cells]
    gap = 12
    col = (width - gap) / 2
    return [Row(_option_box([cells[0], "", cells[1]], theme, [col, gap, col]), GAP)]


def _option_box(data: list, theme: Theme, widths: list[float]) -> Table:
    style = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 6),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
        ("LEFTPADDING", (0, 0), (-1, -1), 10),
        ("RIGHTPADDING", (0, 0), (-1, -1), 10),
    ]
    for column in range(0, len(data), 2):
        style += [("LINEBEFORE", (column, 0), (column, 0), 3, theme.primary, 0),
                  ("BACKGROUND", (column, 0), (column, 0), theme.tint)]
    return Grid([data], colWidths=widths, style=TableStyle(style))

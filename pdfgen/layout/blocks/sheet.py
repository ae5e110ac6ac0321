"""The one-page sheet (`--layout compact`): the clinic and its phone, the title, the warning
signs in short, and every exercise as a row: number, name and dose, its pictures, its steps."""

from __future__ import annotations

from dataclasses import replace

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Spacer, TableStyle

from pdfgen.caches import current
from pdfgen.layout.blocks import card_parts
from pdfgen.layout.blocks.boxes import Columns
from pdfgen.layout.blocks.common import Grid, Stack, badge, flat
from pdfgen.layout.blocks.framed import PAD, Framed
from pdfgen.layout.blocks.gallery import Layout, scaled, side_gap
from pdfgen.layout.reportlab_door import Table
from pdfgen.layout.tagging import Marked
from pdfgen.layout.theme import INK, MUTED, Theme
from pdfgen.text.handout_text import CardText, HandoutText

LEAST_PICTURE = 90  # 1.25 in: the sheet's pictures are smaller than a card's, never less
# The widest a picture prints on the sheet, for its height: a figure lying down, wider than
# this at the row's picture height, prints on a panel this wide (2.2 in beside 1.25 in) and
# at least 1.25 in tall (see framed.py), rather than across the whole row.
WIDEST = 2.2 / 1.25
BODY = 12.0  # the sheet's body type: the least DESIGN.md allows, to keep it on one page
LEAD = 1.3
PICTURE_GAP = 12  # between the pictures and the steps beside them
STEPS_LEAST = 190  # the narrowest column of steps beside the pictures (~30 characters)
STEP_COLUMNS_GAP = 18  # between two columns of steps under the pictures
DISC = 24  # the number disc of a row

_MOST_THEMES = 16  # by the handout theme's identity, kept with it


def sheet_theme(theme: Theme) -> Theme:
    """The handout's theme with the sheet's tighter type (nothing under 12 pt but the
    footer); the same object for the same theme, so ReportLab's parses are kept."""
    known = current().map("sheet_themes", _MOST_THEMES).get(id(theme))
    if known is not None and known[0] is theme:
        return known[1]
    s, primary = BODY, theme.primary
    fonts = theme.fonts

    def style(name: str, size: float, bold: bool = False, color: object = INK,
              **kw: object) -> ParagraphStyle:
        kw.setdefault("leading", round(size * LEAD, 1))
        return ParagraphStyle(name, fontName=fonts.bold if bold else fonts.body,
                              fontSize=size, textColor=color, **kw)

    # The names are the detailed handout's, so that each is tagged as its namesake is.
    styles = {
        **theme.styles,
        "title": style("title", 20, True, leading=24, spaceAfter=1),
        "meta": style("meta", s),
        "card_name": style("card_name", 15.5, True, leading=19),
        "step": style("step", s, leftIndent=16, bulletIndent=0, bulletFontName=fonts.bold,
                      bulletFontSize=s + 1.5, bulletColor=primary, spaceAfter=0.5),
        "stop_heading": style("stop_heading", s + 1.5, True, spaceAfter=1),
        "stop_sign": style("stop_sign", s, leftIndent=12, bulletIndent=1,
                           bulletFontName=fonts.bold, bulletFontSize=s),
        "stop_footer": style("stop_footer", s),
        "card_body": style("card_body", s),
        "box_heading": style("box_heading", s, True),
        "dose_name": style("dose_name", s),
        "dose_value": style("dose_value", s + 1, True),
        "dose_part": style("dose_part", s, True),
        "sheet_clinic": style("sheet_clinic", 17, True, primary, leading=21),
        "sheet_line": style("sheet_line", s, color=MUTED),
        "sheet_phone": style("sheet_phone", 22, True, leading=26, alignment=TA_RIGHT),
        "sheet_call": style("sheet_call", s, color=MUTED, alignment=TA_RIGHT),
        "subtitle": style("subtitle", s + 1.5, True, primary),
    }
    made = replace(theme, styles=styles, body_size=s)
    current().map("sheet_themes", _MOST_THEMES).put(id(theme), (theme, made))
    return made


def top(text: HandoutText, theme: Theme, width: float, logo: Flowable | None
        ) -> list[Flowable]:
    """The clinic's name and clinician at the left (after its logo), its phone large at the
    right, over a rule; then the title and whom and when it is for."""
    who = [theme.para(text.clinic_name, "sheet_clinic"),
           theme.para(text.clinician, "sheet_line")]
    phone = [theme.para(text.contact.heading, "sheet_call"), theme.para(text.phone, "sheet_phone")]
    logo_width = logo.wrap(width, width)[0] + 10 if logo is not None else 0
    phone_width = max(_line_width(p, width / 2) for p in phone) + 4
    cells = [logo if logo is not None else "", who, phone]
    band = Table([cells], colWidths=[logo_width, width - logo_width - phone_width,
                                     phone_width])
    band.setStyle(flat(valign="MIDDLE", bottom=6))
    band.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, 0), 2, theme.primary)]))
    # Which routine and level, for whom and when: one line under the title.
    when = [" · ".join([text.subtitle, text.prepared_for])]
    if text.follow_up:  # on the same line when it fits there, else on a line of its own
        joined = " · ".join([when[0], text.follow_up])
        one = theme.para(joined, "meta")
        when = [joined] if one.wrap(width, 1e6)[1] <= theme["meta"].leading else [
            *when, text.follow_up]
    return [band, _spaced(theme.para(text.title, "title"), 7),
            *(theme.para(line, "meta") for line in when)]


def _line_width(paragraph: Flowable, width: float) -> float:
    """The width of a paragraph's longest line, laid out in `width`."""
    paragraph.wrap(width, 1e6)
    return max(paragraph.getActualLineWidths0(), default=0.0)


def warning(text: HandoutText, theme: Theme, width: float) -> Flowable | None:
    """"Stop and call us if you have:" and the warning signs, two to a line, in a box with
    a heavy black border: the strongest thing on the sheet on any printer."""
    if not text.stop_if:
        return None
    inner = width - 32
    signs = [theme.para(sign, "stop_sign", bulletText="•") for sign in text.stop_if]
    if len(signs) > 1:
        half = (len(signs) + 1) // 2
        body: Flowable = Columns([signs[:half], signs[half:]], [(inner - 16) / 2] * 2, 16)
    else:
        body = signs[0]
    cell = [theme.para(text.stop_heading, "stop_heading"), body,
            _spaced(theme.para(text.stop_footer, "stop_footer"), 3)]
    rows: list[list[object]] = [[cell]]
    scale = pain(text, theme, inner)
    if scale is not None:  # the pain scale in short, under a thin rule in the same box
        rows.append([scale])
    box = Table(rows, colWidths=[width])
    box.setStyle(TableStyle([
        ("BOX", (0, 0), (-1, -1), 2, INK),
        ("LINEBEFORE", (0, 0), (0, -1), 6, INK, 0),
        ("LEFTPADDING", (0, 0), (-1, -1), 16),
        ("RIGHTPADDING", (0, 0), (-1, -1), 12),
        ("TOPPADDING", (0, 0), (-1, -1), 5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
        *([("LINEABOVE", (0, 1), (-1, 1), 0.75, theme.line),
           ("TOPPADDING", (0, 1), (-1, 1), 3),
           ("BOTTOMPADDING", (0, 0), (-1, 0), 3)] if scale is not None else []),
    ]))
    return box


def pain(text: HandoutText, theme: Theme, width: float) -> Flowable | None:
    """How much pain is all right, in short: the heading and the scale's bands on a line
    ("0–2 Safe · 3–5 OK · 6–10 Too much"); what each band means is in the detailed handout."""
    if not text.pain_scale:
        return None
    heading = theme.para(f"{text.pain_heading}:", "box_heading")
    bands = theme.para("  ·  ".join(f"{band.scores} {band.label}" for band in text.pain_scale),
                       "stop_footer")
    lead = min(_line_width(heading, width) + 10, width * 0.5)
    row = Table([[heading, bands]], colWidths=[lead, width - lead])
    row.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
    ]))
    return row


def note(text: HandoutText, theme: Theme, width: float) -> Flowable | None:
    """The clinician's note for this patient, under a bar of the accent colour."""
    if not text.note:
        return None
    box = Table([[[theme.para(text.note_heading, "box_heading"),
                   theme.para(text.note, "card_body")]]], colWidths=[width])
    box.setStyle(TableStyle([
        ("LINEBEFORE", (0, 0), (0, -1), 4, theme.accent, 0),
        ("LEFTPADDING", (0, 0), (-1, -1), 12),
        ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
    ]))
    return box


def _spaced(flowable: Flowable, before: float) -> Flowable:
    flowable.spaceBefore = before
    return flowable


def exercise_row(card: CardText, theme: Theme, width: float, height: float,
                 grayscale: bool, measure: bool = False, column: float = 0) -> Stack:
    """One exercise: the number disc, name and dose across the top, then its pictures
    (`height` tall, or as near as they fit) with the numbered steps beside them, or under
    them in two columns when the pictures leave the steps too narrow a column.

    `column`: the pictures beside the steps in a column at least this wide, so that the
    steps of every row start at one edge. The row's `picture_column` says how wide its
    pictures' column is (0: the steps are not beside them)."""
    steps = [theme.para(step, "step", bulletText=str(n)) for n, step in
             enumerate(card.steps, 1)]
    note = ([_spaced(theme.para(f"{card.labels['note']}: {card.note}", "card_body"), 3)]
            if card.note else [])
    body = _body(card, theme, width, height, grayscale, measure, steps, note, column)
    head = _head(card, theme, width)
    head.spaceAfter = 5
    row = Stack([head, body], 1e6)
    row.picture_column = getattr(body, "picture_column", 0.0)
    return row


def _head(card: CardText, theme: Theme, width: float) -> Flowable:
    disc = Marked(badge(card.number, theme, DISC), "Artifact")  # the name starts with it
    name = theme.para(card.name, "card_name")
    lead = DISC + 8
    if not (card.dose_parts or card.named_doses):
        row = Grid([[disc, name]], colWidths=[lead, width - lead])
        row.setStyle(flat(valign="MIDDLE"))
        return row
    dose = card_parts.dose(card, theme, width - lead)
    dose_width = dose.wrap(width - lead, 1e6)[0]
    name_width = width - lead - dose_width - 12
    style = theme["card_name"]
    from reportlab.pdfbase.pdfmetrics import stringWidth

    longest = max(stringWidth(word, style.fontName, style.fontSize)
                  for word in card.name.split())
    if name_width >= longest + 4:  # the dose at the right of the name
        dose.hAlign = "RIGHT"
        row = Grid([[disc, name, dose]], colWidths=[lead, name_width + 12, dose_width])
        row.setStyle(flat(valign="MIDDLE"))
        return row
    dose.hAlign = "LEFT"
    row = Grid([[disc, [name, _spaced(dose, 4)]]], colWidths=[lead, width - lead])
    row.setStyle(flat(valign="TOP"))
    return row


def _body(card: CardText, theme: Theme, width: float, height: float, grayscale: bool,
          measure: bool, steps: list[Flowable], note: list[Flowable], column: float = 0
          ) -> Flowable:
    """The lowest of the ways the pictures and steps can stand at this picture height."""
    text = [*steps, *note]
    tries: list[Flowable] = []
    for side_by_side in (True, False):
        layout = arrange(card, theme, width - PICTURE_GAP - STEPS_LEAST, height, side_by_side)
        if layout is not None:  # the steps beside the pictures
            pictures = _pictures(card, theme, layout, grayscale, measure)
            own = max(layout.width, column if column <= width - PICTURE_GAP - STEPS_LEAST
                      else 0)
            beside = width - own - PICTURE_GAP
            ways = [Columns([[pictures], text], [own, beside], PICTURE_GAP)]
            if beside >= 2 * STEPS_LEAST + STEP_COLUMNS_GAP:  # room for two columns
                ways.append(Columns([[pictures], [_two_columns(text, beside)]],
                                    [own, beside], PICTURE_GAP))
            for way in ways:
                way.picture_column = layout.width
            tries += ways
        across = arrange(card, theme, width, height, side_by_side)
        if across is not None:  # the pictures across the row, the steps under them
            pictures = _pictures(card, theme, across, grayscale, measure)
            pictures.hAlign = "CENTER"
            tries.append(Stack([pictures, _spaced(_two_columns(text, width), 8)], 1e6))
    if not card.pictures:
        return Stack(text, 1e6)
    if not tries:  # wider than the row at the least height: as large as the row allows
        layout = arrange(card, theme, width, 0, False)
        assert layout is not None
        pictures = _pictures(card, theme, layout, grayscale, measure)
        tries.append(Stack([pictures, _spaced(_two_columns(text, width), 8)], 1e6))
    return min(tries, key=lambda flowable: flowable.wrap(width, 1e6)[1])


def arrange(card: CardText, theme: Theme, room: float, height: float, side_by_side: bool
            ) -> Layout | None:
    """The pictures `height` tall (smaller if `room` is too narrow), side by side or one
    under the other; None when they would print under 1.25 in. (The gallery's own
    arrangement keeps a card's floor of 1.5 in.)"""
    if not card.pictures:
        return None
    sizes = scaled(card.pictures, height)
    # A panel as tall as the row's pictures, no taller than the figure it holds needs, and
    # never under 1.25 in.
    tallest, widest = max(h for _, h in sizes), WIDEST * max(height, LEAST_PICTURE)
    sizes = [(widest, max(LEAST_PICTURE, min(tallest, (widest - 2 * PAD) * h / w + 2 * PAD)))
             if w > widest else (w, h) for w, h in sizes]
    gaps = side_gap(theme) * (len(sizes) - 1) if side_by_side else 0
    needed = sum(w for w, _ in sizes) + gaps if side_by_side else max(w for w, _ in sizes)
    if needed > room:
        k = (room - gaps) / (needed - gaps)
        sizes = [(w * k, h * k) for w, h in sizes]
        needed = room
    if height and max(h for _, h in sizes) < LEAST_PICTURE - 0.01:
        return None
    return Layout(tuple(sizes), side_by_side, needed)


def _two_columns(text: list[Flowable], width: float) -> Flowable:
    """The steps in two columns, as even as whole steps make them."""
    column = (width - STEP_COLUMNS_GAP) / 2
    heights = [f.wrap(column, 1e6)[1] + f.getSpaceAfter() for f in text]
    total, best, split = sum(heights), float("inf"), len(text)
    running = 0.0
    for index, h in enumerate(heights[:-1], 1):
        running += h
        taller = max(running, total - running)
        if taller < best:
            best, split = taller, index
    return Columns([text[:split], text[split:]], [column, column], STEP_COLUMNS_GAP)


def _pictures(card: CardText, theme: Theme, layout: Layout, grayscale: bool,
              measure: bool) -> Flowable:
    """The pictures without captions (a screen reader reads each one's alt text), side by
    side on one baseline or one under the other."""
    from pdfgen.layout.pictures import flowable_of

    images: list[Flowable] = []
    for picture, (w, h) in zip(card.pictures, layout.sizes, strict=True):
        own_w, own_h = picture.size
        framed = own_w / own_h > w / h * 1.02  # wider than its place: on a panel
        if measure:
            image: Flowable = Spacer(w, h)
        elif framed:
            inner = flowable_of(picture.loaded, w - 2 * PAD, h - 2 * PAD, grayscale)
            image = Marked(Framed(inner, w, h, theme.tint), "Figure", picture.alt)
        else:
            image = Marked(flowable_of(picture.loaded, w + 0.01, h + 0.01, grayscale),
                           "Figure", picture.alt)
        image.hAlign = "CENTER"
        images.append(image)
    if layout.side_by_side:
        tallest = max(h for _, h in layout.sizes)
        cells = [[Spacer(1, tallest - h), image] for (_, h), image in
                 zip(layout.sizes, images, strict=True)]
        return Columns(cells, [w for w, _ in layout.sizes], side_gap(theme))
    stacked: list[Flowable] = []
    for index, image in enumerate(images):
        stacked += [*([Spacer(1, 8)] if index else []), image]
    return Columns([stacked], [layout.width])

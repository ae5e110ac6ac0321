"""The one-page sheet (`--layout compact`): the clinic and its phone, the title, the warning
signs in short, and every exercise as a row: number, name and dose, its pictures, its steps."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Spacer, TableStyle

from pdfgen.caches import current
from pdfgen.layout.blocks.boxes import Columns, SafetyLine
from pdfgen.layout.blocks.common import Grid, Stack, badge, flat
from pdfgen.layout.blocks.framed import PAD, Clipped, Framed, labelled
from pdfgen.layout.blocks.gallery import figure_group, scaled, side_gap
from pdfgen.layout.blocks.sheet_dose import dose_strip
from pdfgen.layout.blocks.sheet_scale import Scales, SheetLayout, at_scale, drawing, drawn_scale
from pdfgen.layout.tagging import Marked
from pdfgen.layout.theme import INK, MUTED, Theme
from pdfgen.text.handout_text import CardText

LEAST_PICTURE = 90  # 1.25 in: the sheet's pictures are smaller than a card's, never less
# The widest a picture prints on the sheet, for its height: a figure lying down, wider than
# this at the row's picture height, prints on a panel this wide (2.2 in beside 1.25 in) and
# as tall as it and its label need (see framed.py), rather than across the whole row.
WIDEST = 2.2 / 1.25
# Narrower panels the sheet may take to stay on one page: at 1.3 a figure lying down is
# drawn about as large as a figure standing 1.25 in tall (the body the same size in both).
PANELS = (WIDEST, 1.5, 1.3)
BODY = 12.0  # the sheet's body type: the least DESIGN.md allows, to keep it on one page
LEAD = 1.3
PICTURE_GAP = 12  # between the pictures and the steps beside them
LABEL_ROOM = 18  # over a figure on a panel: its label (12 pt) clear of the figure
STEPS_LEAST = 190  # the narrowest column of steps beside the pictures (~30 characters)
STEP_COLUMNS_GAP = 18  # between two columns of steps under the pictures
DISC = 22  # the number disc of a row
BESIDE_OVER = 6  # steps beside the pictures may stand this much lower than their foot
HEAD_GAP = 6  # under a row's name and dose
NAME_GAP = 12  # between the name and the dose at its right

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
        "title": style("title", 18, True, leading=21),
        "meta": style("meta", s),
        "card_name": style("card_name", 15.5, True, leading=19),
        # ReportLab lets a line run up to about a point and a half past its column: kept
        # inside it (and the margin).
        "step": style("step", s, leftIndent=16, rightIndent=2, bulletIndent=0,
                      bulletFontName=fonts.bold, bulletFontSize=s + 1.5, bulletColor=primary),
        "stop_heading": style("stop_heading", s + 1, True),
        "stop_sign": style("stop_sign", s, leftIndent=12, bulletIndent=1,
                           bulletFontName=fonts.bold, bulletFontSize=s),
        "stop_footer": style("stop_footer", s),
        # A pain band's scores as large as on page 1, at the words' leading (8 pt more, else).
        "stop_heading_short": style("stop_heading_short", theme["stop_heading_short"].fontSize,
                                    True, leading=round(s * LEAD, 1)),
        "card_body": style("card_body", s),
        "box_heading": style("box_heading", s, True),
        "dose_name": style("dose_name", s),
        "dose_value": style("dose_value", s + 0.5, True),
        "dose_part": style("dose_part", s, True),
        "sheet_clinic": style("sheet_clinic", 13, True, primary, leading=16,
                              alignment=TA_RIGHT),
        "sheet_line": style("sheet_line", s, color=MUTED),
        "sheet_phone": style("sheet_phone", 18, True, leading=21, alignment=TA_RIGHT),
        "sheet_call": style("sheet_call", s, color=MUTED, alignment=TA_RIGHT),
        "subtitle": style("subtitle", s + 1.5, True, primary),
    }
    made = replace(theme, styles=styles, body_size=s)
    current().map("sheet_themes", _MOST_THEMES).put(id(theme), (theme, made))
    return made


def _spaced(flowable: Flowable, before: float) -> Flowable:
    flowable.spaceBefore = before
    return flowable


def exercise_row(card: CardText, theme: Theme, width: float, height: float,
                 grayscale: bool, measure: bool = False, column: float = 0,
                 scales: Scales | None = None, around: bool = False,
                 fellows: Sequence[CardText] = ()) -> Stack:
    """One exercise: the number disc, name and dose across the top, then its pictures
    (`height` tall, or as near as they fit) with the numbered steps beside them, or under
    them in two columns when the pictures leave the steps too narrow a column (`around`:
    or the first steps beside them, the others across the row under them).

    `column`: the pictures beside the steps in a column at least this wide, so that the
    steps of every row start at one edge. The row's `picture_column` says how wide its
    pictures' column is (0: the steps are not beside them). `scales`: the sheet's figures
    drawn at their group's scale (one body size); the row's `figure_scale` says at which
    scale it drew them (0: not figures). `fellows`: the sheet's rows, whose dose strips this
    one's lines up with."""
    scale = (scales or {}).get(figure_group(card.pictures), 0.0)
    body = _body(card, theme, width, height, grayscale, measure, steps(card, theme), column,
                 scale, around)
    top = head(card, theme, width, fellows)
    top.spaceAfter = HEAD_GAP
    row = Stack([top, body], 1e6)
    row.picture_column = getattr(body, "picture_column", 0.0)
    row.figure_scale = getattr(body, "figure_scale", 0.0)
    return row


def head(card: CardText, theme: Theme, width: float, fellows: Sequence[CardText] = ()
         ) -> Flowable:
    """The number disc and the name, the dose at its right when both fit, else under it
    (its columns as wide as the `fellows'` strips' with the same labels)."""
    disc = Marked(badge(card.number, theme, DISC), "Artifact")  # the name starts with it
    name = theme.para(card.name, "card_name")
    lead = DISC + 8
    if not (card.dose_parts or card.named_doses):
        row = Grid([[disc, name]], colWidths=[lead, width - lead])
        row.setStyle(flat(valign="MIDDLE"))
        return row
    # A point short of the row's edge: its border (1.5 pt, on the box's edge) inside the
    # margin.
    dose = dose_strip(card, theme, width - lead - 1)
    dose_width = dose.wrap(width - lead - 1, 1e6)[0] + 1
    name_width = width - lead - dose_width - NAME_GAP
    if fellows and name_width > 0:
        # Lined up with the other rows' strips, where that leaves the name as many lines
        # (a line more a row took a plan's sheet to another page).
        aligned = dose_strip(card, theme, width - lead - 1, fellows)
        wide = aligned.wrap(width - lead - 1, 1e6)[0] + 1
        if wide - dose_width < 0.5 or (
                width - lead - wide - NAME_GAP > 0
                and _lines(name, width - lead - wide - NAME_GAP) == _lines(name, name_width)):
            dose, dose_width = aligned, wide
            name_width = width - lead - dose_width - NAME_GAP
    if name_width > 0 and _lines(name, name_width) <= 2:  # the dose at the right of the name
        dose.hAlign = "RIGHT"
        row = Grid([[disc, name, dose]], colWidths=[lead, name_width + NAME_GAP, dose_width])
        row.setStyle(flat(valign="MIDDLE"))
        row.setStyle(TableStyle([("RIGHTPADDING", (1, 0), (1, 0), NAME_GAP),
                                 ("RIGHTPADDING", (-1, 0), (-1, 0), 1)]))
        return row
    dose.hAlign = "LEFT"
    row = Grid([[disc, [name, _spaced(dose, 4)]]], colWidths=[lead, width - lead])
    row.setStyle(flat(valign="TOP"))
    return row


def _lines(paragraph: Flowable, width: float) -> int:
    """How many lines a paragraph takes in `width`; more than it has words when a word (or
    words bound together) is wider than that."""
    paragraph.wrap(width, 1e6)
    if max(paragraph.getActualLineWidths0(), default=0.0) > width + 0.01:
        return 1000
    return len(paragraph.blPara.lines)


def steps(card: CardText, theme: Theme) -> list[Flowable]:
    """The numbered steps, then what keeps the patient safe (right after them: _body may
    stand it under the pictures instead) and a plan's note for this exercise, each led by its
    label in bold (they may say what to clear or hold on to: never a line read past). The
    sheet has no room for the other tips."""
    made: list[Flowable] = [theme.para(step, "step", bulletText=str(n))
                            for n, step in enumerate(card.steps, 1)]
    if card.safety:
        made.append(take_care(card, theme, 3))
    if card.note:
        made.append(_spaced(theme.lead_in(f"{card.labels['note']}:", card.note, "card_body"),
                            3))
    return made


def take_care(card: CardText, theme: Theme, before: float) -> Flowable:
    """What keeps the patient safe doing it ("Take care: Make sure you have clear space…")."""
    return _spaced(SafetyLine(theme.lead_in(f"{card.labels['safety']}:", " ".join(card.safety),
                                        "card_body"), INK), before)


def _body(card: CardText, theme: Theme, width: float, height: float, grayscale: bool,
          measure: bool, text: list[Flowable], column: float = 0, scale: float = 0,
          around: bool = False) -> Flowable:
    """The lowest of the ways the pictures and steps can stand at this picture height."""
    tries: list[tuple[Flowable, SheetLayout]] = []
    # (The same paragraphs without the safety line, which steps() put right after the steps.)
    steps_only = text[:len(card.steps)] + text[len(card.steps) + 1:] if card.safety else text
    # Narrower panels for a drawing's sake only: a photo is never on one.
    panels = PANELS if any(drawing(p) for p in card.pictures) else PANELS[:1]
    for side_by_side, widest in [(s, w) for s in (True, False) for w in panels]:
        layout = arrange(card, theme, width - PICTURE_GAP - STEPS_LEAST, height, side_by_side,
                         widest, scale)
        if layout is not None:  # the steps beside the pictures
            drawn = pictures(card, theme, layout, grayscale, measure)
            own = max(layout.width, column if column <= width - PICTURE_GAP - STEPS_LEAST
                      else 0)
            beside = width - own - PICTURE_GAP
            ways = [Columns([[drawn], text], [own, beside], PICTURE_GAP)]
            if card.safety and text is not steps_only:
                # What keeps the patient safe under the pictures, where the steps are longer
                # than they are: it costs the row no height (under the steps, it cost the
                # sheet its pain scale's words). Read before the steps, as a warning is.
                ways.append(Columns([[drawn, take_care(card, theme, PICTURE_GAP / 2)],
                                     steps_only], [own, beside], PICTURE_GAP))
            if beside >= 2 * STEPS_LEAST + STEP_COLUMNS_GAP:  # room for two columns
                ways.append(Columns([[drawn], [_two_columns(text, beside)]],
                                    [own, beside], PICTURE_GAP))
            for way in ways:
                way.picture_column = layout.width
            tries += [(way, layout) for way in ways]
            wrapped = (_around(drawn, text, own, width, max(h for _, h in layout.sizes))
                       if around else None)
            if wrapped is not None:
                tries.append((wrapped, layout))
        across = arrange(card, theme, width, height, side_by_side, widest, scale)
        if across is not None:  # the pictures across the row, the steps under them
            drawn = pictures(card, theme, across, grayscale, measure)
            drawn.hAlign = "CENTER"
            tries.append((Stack([drawn, _spaced(_two_columns(text, width), 8)], 1e6), across))
    if not card.pictures:
        return Stack(text, 1e6)
    if not tries:  # wider than the row at the least height: as large as the row allows
        layout = arrange(card, theme, width, 0, False)
        assert layout is not None
        drawn = pictures(card, theme, layout, grayscale, measure)
        tries.append((Stack([drawn, _spaced(_two_columns(text, width), 8)], 1e6), layout))
    best, chosen = min(tries, key=lambda way: way[0].wrap(width, 1e6)[1])
    best.figure_scale = drawn_scale(card.pictures, chosen)
    return best


def _around(drawn: Flowable, text: list[Flowable], own: float, width: float,
            height: float) -> Flowable | None:
    """The first steps beside the pictures, as many whole steps as stand beside them, the
    others under them across the row (as text runs round a picture in a leaflet); None
    when every step or none stands beside them."""
    beside = width - own - PICTURE_GAP
    used, count = 0.0, 0
    for flowable in text:
        used += flowable.wrap(beside, 1e6)[1] + flowable.getSpaceAfter()
        if used > height + BESIDE_OVER:
            break
        count += 1
    if count in (0, len(text)):
        return None
    made = Stack([Columns([[drawn], text[:count]], [own, beside], PICTURE_GAP),
                  Spacer(1, PICTURE_GAP / 2), *text[count:]], 1e6)
    made.picture_column = own
    return made


def arrange(card: CardText, theme: Theme, room: float, height: float, side_by_side: bool,
            widest: float = WIDEST, scale: float = 0) -> SheetLayout | None:
    """The pictures `height` tall (smaller if `room` is too narrow), side by side or one
    under the other; None when they would print under 1.25 in. (The gallery's own
    arrangement keeps a card's floor of 1.5 in.) With a `scale`, figures are drawn at it:
    None when they do not fit the room at it."""
    if not card.pictures:
        return None
    # First each row's figures as drawings, the tallest `height` tall; then (sheet_scale)
    # every row's at its group's least scale, so the sheet has one body size for each.
    sizes = scaled(card.pictures, height or LEAST_PICTURE, one_scale=False)
    # A panel as tall as its figure and the label over it need, no taller than the row's
    # pictures; a drawing's only (see sheet_scale.on_panel). (1.25 in tall, as once, a
    # panel was two thirds empty over a figure lying down.)
    tallest, widest = max(h for _, h in sizes), widest * max(height, LEAST_PICTURE)
    sizes = [(widest, min(tallest, (widest - 2 * PAD) * h / w + 2 * PAD + LABEL_ROOM))
             if w > widest and drawing(picture) else (w, h)
             for picture, (w, h) in zip(card.pictures, sizes, strict=True)]
    sizes, panels = at_scale(card.pictures, sizes, scale, LABEL_ROOM)
    gaps = side_gap(theme) * (len(sizes) - 1) if side_by_side else 0
    needed = sum(w for w, _ in sizes) + gaps if side_by_side else max(w for w, _ in sizes)
    if needed > room + 0.01 and scale:
        return None
    if needed > room:
        k = (room - gaps) / (needed - gaps)
        sizes = [(w * k, h * k) for w, h in sizes]
        needed = room
    # The tallest drawing in a box of its own (one scale: the others may be lower) and
    # every photo at least 1.25 in; a panel at least 1.3 times as wide (its body drawn as
    # large as a standing figure 1.25 in tall), but at the sheet's one scale, which its
    # rows were first drawn at.
    photos = [h for p, (_, h) in zip(card.pictures, sizes, strict=True) if not drawing(p)]
    boxed = [h for (_, h), panel in zip(sizes, panels, strict=True) if not panel]
    if height and boxed and min([max(boxed), *photos]) < LEAST_PICTURE - 0.01:
        return None
    if height and not scale and any(w < PANELS[-1] * LEAST_PICTURE - 0.01
                                    for (w, _), panel in zip(sizes, panels, strict=True)
                                    if panel):
        return None
    return SheetLayout(tuple(sizes), side_by_side, needed, panels)


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


def pictures(card: CardText, theme: Theme, layout: SheetLayout, grayscale: bool,
             measure: bool) -> Flowable:
    """The pictures without captions (a screen reader reads each one's alt text), side by
    side on one baseline or one under the other."""
    from pdfgen.layout.pictures import flowable_of

    images: list[Flowable] = []
    for picture, (w, h), panel in zip(card.pictures, layout.sizes, layout.panels, strict=True):
        if measure:
            image: Flowable = Spacer(w, h)
        elif panel:  # wider than its place
            framed = Framed(flowable_of(picture.loaded, w - 2 * PAD, h - 2 * PAD, grayscale),
                            w, h, theme.tint)
            image = Marked(labelled(framed, picture.caption, theme["box_heading"]), "Figure",
                           picture.alt)
        else:
            image = Marked(Clipped(flowable_of(picture.loaded, w + 0.01, h + 0.01, grayscale),
                                   w, h), "Figure", picture.alt)
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

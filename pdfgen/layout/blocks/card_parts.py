"""The parts of an exercise card: its title (with the dose beside the name when there is
room), the dose, the clinician's note, the labelled sections, the options and the video."""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, TableStyle

from pdfgen.caches import current
from pdfgen.layout.blocks.boxes import SHARES, Columns, Panel, SafetyLine, balanced_widths
from pdfgen.layout.blocks.common import Grid, Stack, badge, flat, qr_code
from pdfgen.layout.choice_memory import remembered
from pdfgen.layout.reportlab_door import Table
from pdfgen.layout.tagging import Marked, table_cells
from pdfgen.layout.theme import INK, Theme
from pdfgen.text.handout_text import CardText

SECTION_GAP = 8  # space above each labelled section
OPTION_GAP = 12  # between Easier and Harder side by side

TITLE_TOP, TITLE_BOTTOM = 1.5, 7  # the space over and under a card's name and dose box
DOSE_TOP = 8  # a dose box under the name's rule: 6 pt clear of the rule's ink


def title(text: CardText, theme: Theme, width: float, name: str, with_dose: bool) -> Table:
    """The number and name under a rule of the brand colour, and, `with_dose`, the dose at
    the right of the same line."""
    size = 28 * theme.scale
    # The badge repeats the number the name starts with: furniture for a screen reader.
    cells: list[object] = [Marked(badge(text.number, theme, size), "Artifact"),
                           theme.para(name, "card_name")]
    widths = [size + 10, width - size - 10]
    if with_dose:
        # A strip a line high when the name still has its room beside it, else each label
        # over its number (narrower): the dose stays beside the name on every card.
        strip = dose(text, theme, width, stacked=text.dose_stacked or not _name_fits(
            text, theme, width, sum(_strip_widths(text, theme))))
        strip.hAlign = "RIGHT"
        cells.append(strip)
        dose_width = strip.wrap(width, 1e6)[0]
        widths = [size + 10, width - size - 10 - dose_width, dose_width]
    row = Grid([cells], colWidths=widths)
    # A dose box stands 6 pt clear of the rule under it and of the running line's rule over
    # a page's first card.
    row.setStyle(flat(valign="MIDDLE", top=TITLE_TOP, bottom=TITLE_BOTTOM))
    row.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, 0), 2, theme.primary)]))
    return row


def continued_title(text: CardText, theme: Theme, width: float, dose: str = ""
                    ) -> Flowable:
    """The head of a card's part on a later page: its name and "(continued)" (and `dose`),
    lighter than the card's own title (no badge, body-sized bold) over the same rule. A
    page break's reminder, as a running head is: furniture to a screen reader, which reads
    the card on without one; the dose read out (prose as furniture fails PDF/UA checks)."""
    name = f"{text.name} {text.labels['continued']}" + (" · " if dose else "")
    label = theme["label"]
    lead = stringWidth(name, label.fontName, label.fontSize) + 1 if dose else width
    cells = [Marked(theme.para(name, "label"), "Artifact"),
             *([theme.para(dose, "label")] if dose else [])]
    row = Grid([cells], colWidths=[lead, *([width - lead] if dose else [])])
    row.setStyle(flat(bottom=4))
    row.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, 0), 2, theme.primary)]))
    return row


def stacked_dose(text: CardText, theme: Theme, width: float) -> bool:
    """Whether the card's dose stands with each label over its number (its strip too long
    for the room beside the name, or, under it, for the card's width)."""
    if not text.dose_parts or text.named_doses:
        return False
    strip, stacked = sum(_strip_widths(text, theme)), sum(_stacked_widths(text, theme))
    if dose_beside_name(text, theme, width):
        # (Or a name in two lines beside the strip that one line holds beside the stacked
        # labels: "Extensión / de espalda" read as broken.)
        return not _name_fits(text, theme, width, strip) or (
            not _name_fits(text, theme, width, strip, 1)
            and _name_fits(text, theme, width, stacked, 1))
    return strip > width and stacked <= width


def dose_beside_name(text: CardText, theme: Theme, width: float) -> bool:
    """Whether the dose strip and the name share one row: the name in at most two lines,
    no word of it broken, a clear gap between them (the strip a line high, or each label
    over its number)."""
    if not text.dose_parts or text.named_doses or theme.large_print:
        return False
    return any(_name_fits(text, theme, width, sum(widths))
               for widths in (_strip_widths(text, theme), _stacked_widths(text, theme)))


def _name_fits(text: CardText, theme: Theme, width: float, strip: float, most: int = 2
               ) -> bool:
    """Whether the card's name stands in at most `most` lines beside a strip `strip` wide."""
    style = theme["card_name"]
    room = width - 30 * theme.scale - 10 - 24 - strip
    if strip > width or room <= 0:
        return False
    lines, used = 1, 0.0
    space = stringWidth(" ", style.fontName, style.fontSize)
    for word in text.name.split():
        size = stringWidth(word, style.fontName, style.fontSize)
        if size > room:
            return False
        if used and used + space + size > room:
            lines, used = lines + 1, size
        else:
            used += (space if used else 0) + size
    return lines <= most


def _strip_widths(text: CardText, theme: Theme,
                  parts: list[tuple[str, str]] | None = None) -> list[float]:
    label_style, value_style = theme["dose_name"], theme["dose_value"]
    widths = []
    for label, value in text.dose_parts if parts is None else parts:
        widths += [stringWidth(label, label_style.fontName, label_style.fontSize) + 14,
                   stringWidth(value, value_style.fontName, value_style.fontSize) + 20]
    return widths


def _stacked_widths(text: CardText, theme: Theme) -> list[float]:
    """The columns of a strip with each label over its number."""
    label_style, value_style = theme["dose_name"], theme["dose_value"]
    return [max(stringWidth(label, label_style.fontName, label_style.fontSize),
                stringWidth(value, value_style.fontName, value_style.fontSize)) + 16
            for label, value in text.dose_parts]


def dose(text: CardText, theme: Theme, width: float, stacked: bool = False) -> Flowable:
    """The dose as labelled numbers in one strip: "Sets 2 | Reps 10 | Days a week 3"
    (`stacked`: each label over its number); for an exercise in parts, a strip a part, each
    led by the part's name."""
    if text.named_doses:
        return _named_strips(text, theme, width)
    # Too long for one strip (or the handout's doses all so): each label over its number,
    # while that stands in the width.
    stacked = stacked or ((text.dose_stacked or sum(_strip_widths(text, theme)) > width)
                          and sum(_stacked_widths(text, theme)) <= width)
    if stacked:
        widths = _stacked_widths(text, theme)
        rows = [[theme.para(label, "dose_name") for label, _ in text.dose_parts],
                [theme.para(value, "dose_value") for _, value in text.dose_parts]]
        # A table to a screen reader: each label heads its number.
        box = Grid(rows, colWidths=widths, hAlign="LEFT",
                   renderCB=table_cells(1, row_headers=False))
        box.setStyle(TableStyle([
            ("BOX", (0, 0), (-1, -1), 1.5, INK),
            ("LINEAFTER", (0, 0), (-2, -1), 1, INK),
            ("BACKGROUND", (0, 0), (-1, 0), theme.tint),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), 8), ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ]))
        return box
    widths = _strip_widths(text, theme)
    if sum(widths) > width:  # too long for one strip: a part a row
        data = [[theme.para(label, "dose_name"), theme.para(value, "dose_value")]
                for label, value in text.dose_parts]
        box = Grid(data, colWidths=[width * 0.35, width * 0.65])
        box.setStyle(_dose_style(theme, 1))
        return box
    cells = [theme.para(part, style) for label, value in text.dose_parts
             for part, style in ((label, "dose_name"), (value, "dose_value"))]
    box = Grid([cells], colWidths=widths, hAlign="LEFT")
    box.setStyle(_dose_style(theme, len(text.dose_parts)))
    return box


def _named_strips(text: CardText, theme: Theme, width: float) -> Flowable:
    style = theme["dose_part"]
    lead = max(stringWidth(name, style.fontName, style.fontSize) for name, _ in
               text.named_doses) + 18
    labels = {tuple(label for label, _ in parts) for _, parts in text.named_doses}
    if len(labels) == 1:  # the same labels for every part: a table, a row a part
        table = _dose_table(text, theme, lead, next(iter(labels)), width)
        if table.wrap(width, 1e6)[0] <= width:
            return table
    strips: list[Flowable] = []
    for index, (name, parts) in enumerate(text.named_doses):
        widths = [lead, *_strip_widths(text, theme, parts)]
        cells = [theme.para(name, "dose_part"),
                 *(theme.para(part, style_name) for label, value in parts
                   for part, style_name in ((label, "dose_name"), (value, "dose_value")))]
        if sum(widths) > width:  # the name over its strip (or over a part a row)
            label = theme.para(name, "dose_part")
            label.spaceBefore = 4 if index else 0
            strips.append(label)
            alone = _strip_widths(text, theme, parts)
            if sum(alone) <= width:
                strip = Grid([cells[1:]], colWidths=alone, hAlign="LEFT")
                strip.setStyle(_dose_style(theme, len(parts)))
            else:
                strip = Grid([[theme.para(label_, "dose_name"), theme.para(value, "dose_value")]
                              for label_, value in parts],
                             colWidths=[width * 0.35, width * 0.65])
                strip.setStyle(_dose_style(theme, 1))
            strip.spaceBefore = 2
            strips.append(strip)
            continue
        else:
            strip = Grid([cells], colWidths=widths, hAlign="LEFT")
            strip.setStyle(_dose_style(theme, len(parts), first=1))
        strip.spaceBefore = 4 if index else 0
        strips.append(strip)
    return Stack(strips, 1e6)


def _dose_table(text: CardText, theme: Theme, lead: float, labels: tuple[str, ...],
                width: float) -> Table:
    """The doses of an exercise's parts as a table: the labels over the columns, a row a
    part led by its name. Too wide with each label on a line, the labels may take two
    ("Días por / semana"), the numbers never: a table still reads shorter than a strip a
    part."""
    label_style, value_style = theme["dose_name"], theme["dose_value"]

    def measure(words: str, style: ParagraphStyle, room: float = 16) -> float:
        return stringWidth(words, style.fontName, style.fontSize) + room

    whole, least = [lead], [lead]
    for column, label in enumerate(labels):
        values = [parts[column][1] for _, parts in text.named_doses]
        whole.append(max(measure(label, label_style),
                         *(measure(v, value_style) for v in values)))
        # At the least, a label's longest word and the paddings (12) and a point to spare;
        # a number whole, as much clear of the rule at its right as of the one at its left.
        least.append(max(*(measure(w, label_style, 13) for w in label.split()),
                         *(measure(v, value_style, 13) for v in values)))
    widths, room = whole, width - 0.5  # (a hair inside: the sum is not exact)
    if sum(least) > room:  # last, the parts' names in two lines too ("Perro de / caza")
        part = theme["dose_part"]
        least[0] = min(lead, max(measure(w, part, 18) for name, _ in text.named_doses
                                 for w in name.split()))
    if sum(whole) > room >= sum(least) and sum(whole) > sum(least):
        # Each column given its least and a like share of what is left over.
        share = (room - sum(least)) / (sum(whole) - sum(least))
        widths = [low + (high - low) * share for low, high in zip(least, whole, strict=True)]
    rows = [["", *(theme.para(label, "dose_name") for label in labels)],
            *([theme.para(name, "dose_part"),
               *(theme.para(value, "dose_value") for _, value in parts)]
              for name, parts in text.named_doses)]
    # A table to a screen reader too: the labels head the columns, the parts' names the rows.
    table = Grid(rows, colWidths=widths, hAlign="LEFT", renderCB=table_cells(1))
    table.setStyle(TableStyle([
        ("BOX", (0, 0), (-1, -1), 1.5, INK),
        ("INNERGRID", (0, 0), (-1, -1), 1, INK),
        ("BACKGROUND", (1, 0), (-1, 0), theme.tint),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 6), ("RIGHTPADDING", (0, 0), (-1, -1), 6),
        ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]))
    return table


def _dose_style(theme: Theme, parts: int, first: int = 0) -> TableStyle:
    style = [
        ("BOX", (0, 0), (-1, -1), 1.5, INK),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 8),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
    # A rule between the parts; the labels on a pale tint, the numbers on white (and a
    # part's name, leading its strip, on white).
    if first:
        style += [("LINEAFTER", (0, 0), (0, -1), 1, INK)]
    for part in range(parts):
        column = first + 2 * part
        style += [("BACKGROUND", (column, 0), (column, -1), theme.tint)]
        if part:
            style += [("LINEBEFORE", (column, 0), (column, -1), 1, INK)]
    return TableStyle(style)


def note(text: CardText, theme: Theme, width: float) -> Table:
    """The clinician's note for this patient: a bar of colour and a bold label."""
    # (The bar's outer half in a column of its own: its edge on the card's, not past it.)
    box = Grid([["", [theme.para(text.labels["note"], "box_heading"),
                      theme.para(text.note or "", "card_body")]]], colWidths=[2, width - 2])
    box.setStyle(TableStyle([
        ("LINEBEFORE", (1, 0), (1, -1), 4, theme.accent, 0),
        ("LEFTPADDING", (1, 0), (1, -1), 12),
        ("LEFTPADDING", (0, 0), (0, -1), 0), ("RIGHTPADDING", (0, 0), (0, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]))
    return box


def sections(text: CardText, theme: Theme) -> dict[str, list[Flowable]]:
    """Each labelled section's paragraphs, label first: why, steps, tips (those it has)."""
    parts = {"why": [theme.para(text.labels["why"], "label"),
                     *(theme.para(p, "card_body") for p in text.why)]} if text.why else {}
    parts["steps"] = [theme.para(text.labels["steps"], "label"), *(theme.para(
        s, "step", bulletText=str(n)) for n, s in enumerate(text.steps, 1))]
    if text.tips:
        parts["tips"] = [theme.para(text.labels["tips"], "label"),
                         *(theme.para(t, "bullet", bulletText="•") for t in text.tips)]
    if text.safety:  # "Take care:" by a warning sign where a tip's bullet is (a bullet read
        tip = theme["bullet"]  # as one more tip)
        parts["tips"] = [*parts.get("tips", []), SafetyLine(theme.lead_in(
            f"{text.labels['safety']}:", " ".join(text.safety), "card_body"), INK,
            tip.bulletIndent, tip.leftIndent, tip.fontSize)]
    return parts


def column(parts: list[list[Flowable]], page_height: float) -> list[Flowable]:
    """Sections one under the other in a column, each kept whole, with space between."""
    out: list[Flowable] = [Stack(part, page_height) for part in parts]
    for stack in out[1:]:
        stack.spaceBefore = SECTION_GAP
    return out


def options(text: CardText, theme: Theme, width: float, side_by_side: bool) -> list[Flowable]:
    """Easier and Harder, each on a pale tint under a bar: side by side, or one under the
    other (large print, a narrow column, or only one of them)."""
    boxes = [
        Panel([theme.para(text.labels[kind], "option_label"), theme.para(value, "option")],
              (5, 8, 6, 10), background=theme.tint, bar=(3, theme.primary))
        for kind, value in (("easier", text.easier), ("harder", text.harder))
        if value
    ]
    if not side_by_side or len(boxes) == 1:
        return list(boxes)
    # The longer of the two may take more of the width, so that both end sooner.
    room = width - OPTION_GAP
    # Chosen once for the same words, type and room (the fitting pass and every handout of
    # a batch ask again).
    key = ("options", theme.fonts, theme.large_print, room, text.labels["easier"],
           text.labels["harder"], text.easier, text.harder)
    known = current().map("balanced_widths", 256)
    widths = known.get(key) or known.put(key, remembered(
        key, theme.fonts, lambda: balanced_widths(boxes, room, [room * 0.35] * 2),
        lambda found: found in [[room * s, room * (1 - s)] for s in SHARES]))
    return [Columns([[boxes[0]], [boxes[1]]], widths, OPTION_GAP)]


def video(text: CardText, theme: Theme, width: float) -> Table:
    """A QR code a phone opens as the video, and the address written out beside it."""
    assert text.video is not None
    size = 72 * theme.scale  # an inch: phone cameras read it at arm's length
    words = [theme.para(text.video.label, "box_heading"), theme.para(text.video.shown, "body")]
    code = Marked(qr_code(text.video.url, size), "Figure",
                  f"{text.video.code}: {text.video.label}, {text.video.shown}",
                  url=text.video.url)
    return Grid([[code, words]],
                colWidths=[size + 12, width - size - 12], style=flat(valign="MIDDLE"))

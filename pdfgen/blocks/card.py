"""An exercise card: number and name, what and why, numbered steps, tips, options and dose."""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from pdfgen.blocks.common import badge, flat
from pdfgen.resolve import CardText
from pdfgen.theme import Theme

PAD = 16  # inner padding of the card
SECTION_GAP = 10  # space above each labelled section


def card(text: CardText, theme: Theme, width: float) -> list[Flowable]:
    """The card as one table (rows may split only when a card is taller than a page)."""
    inner = width - 2 * PAD
    rows: list[list[Flowable | list[Flowable]]] = [[_title(text, theme, inner)]]
    sections: list[int] = []  # rows that start a labelled section get space above

    def section(label: str, flowables: list[Flowable]) -> None:
        sections.append(len(rows))
        rows.append([[theme.para(label, "label"), *flowables]])

    rows.append([theme.para(text.summary, "body")])
    if text.dose:
        rows.append([_dose(text, theme, inner)])
    if text.why:
        section(text.labels["why"], [theme.para(p, "card_body") for p in text.why])
    sections.append(len(rows))
    steps_label = len(rows)
    rows.append([theme.para(text.labels["steps"], "label")])
    # Steps are paragraphs with a large numeral as their bullet: the numeral shares the
    # first line's baseline, and a paragraph is much cheaper to lay out than a table.
    first_step = len(rows)
    rows += [[theme.para(s, "step", bulletText=str(n))] for n, s in enumerate(text.steps, 1)]
    last_step = len(rows) - 1
    if text.tips:
        section(text.labels["tips"],
                [theme.para(t, "bullet", bulletText="•") for t in text.tips])
    if text.easier or text.harder:
        rows.append([_options(text, theme, inner)])
    if text.video:
        rows.append([theme.para(text.video, "small")])

    style = [
        ("BOX", (0, 0), (-1, -1), 1, theme.line),
        ("ROUNDEDCORNERS", [8, 8, 8, 8]),
        ("BACKGROUND", (0, 0), (-1, 0), theme.tint),
        ("LINEBELOW", (0, 0), (-1, 0), 1, theme.line),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, 0), 10),
        ("BOTTOMPADDING", (0, 0), (-1, 0), 10),
        ("TOPPADDING", (0, 1), (-1, 1), 12),
        ("BOTTOMPADDING", (0, -1), (-1, -1), 14),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
    style += [("TOPPADDING", (0, row), (-1, row), SECTION_GAP) for row in sections]
    style.append(("BOTTOMPADDING", (0, first_step), (-1, last_step), 6))
    style.append(("BOTTOMPADDING", (0, steps_label), (-1, steps_label), 4))
    table = Table(rows, colWidths=[width], style=TableStyle(style))
    # A card is never split across pages unless it cannot fit on one page at all.
    return [KeepTogether([table]), Spacer(1, 18)]


def _title(text: CardText, theme: Theme, width: float) -> Table:
    row = Table([[badge(text.number, theme), theme.para(text.name, "card_name")]],
                colWidths=[42, width - 42])
    row.setStyle(flat(valign="MIDDLE"))
    return row


def _dose(text: CardText, theme: Theme, width: float) -> Table:
    label_width = 100
    cells = [theme.para(text.labels["dose_label"], "dose"),
             theme.para(text.dose or "", "dose_text")]
    box = Table([cells], colWidths=[label_width, width - label_width])
    box.setStyle(TableStyle([
        ("BOX", (0, 0), (-1, -1), 1.5, theme.accent),
        ("BACKGROUND", (0, 0), (0, 0), theme.tint),
        ("LINEAFTER", (0, 0), (0, 0), 1, theme.accent),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 10),
        ("TOPPADDING", (0, 0), (-1, -1), 6),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
    ]))
    return Table([[box]], colWidths=[width], style=flat(top=8, bottom=2))


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
    table = Table([data], colWidths=widths, style=TableStyle(style))
    return Table([[table]], colWidths=[width], style=flat(top=SECTION_GAP))

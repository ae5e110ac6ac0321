"""A card longer than a whole page, even in one column: every picture and paragraph a row
of its own, so that it can continue between any two of them (a step of a thousand words
too, in pieces)."""

from __future__ import annotations

from dataclasses import replace

from reportlab.platypus import Paragraph

from pdfgen.layout.blocks import card_parts as parts
from pdfgen.layout.blocks.arrangement import TEXT_ORDER, Arrangement, Row
from pdfgen.layout.blocks.boxes import SafetyLine
from pdfgen.layout.blocks.gallery import Layout, arrange, gallery
from pdfgen.layout.theme import Theme
from pdfgen.text.handout_text import CardText

GAP = parts.SECTION_GAP


def apart(text: CardText, theme: Theme, width: float, arrangement: Arrangement,
          grayscale: bool, measure: bool, with_dose: bool, page_height: float) -> list[Row]:
    """Every picture and paragraph a row of its own, one column, for a card longer than a
    page: it continues between any two of them."""
    rows = []
    if (text.dose_parts or text.named_doses) and not with_dose:
        rows.append(Row(parts.dose(text, theme, width), parts.DOSE_TOP))
    rows.append(Row(theme.para(text.summary, "body_tight"), 6 if with_dose else 8))
    if text.note:
        rows += [Row(theme.para(text.labels["note"], "box_heading"), 8, keep=True),
                 Row(theme.para(text.note, "card_body"))]
    layout = arrange(text, theme, width, arrangement.picture_height, False) \
        if text.pictures else None
    # Large print: the pictures may stand on an even page and the steps on the odd page
    # facing it, never on the back of the pictures' sheet (see Card.head and Card.facing).
    large = theme.large_print
    if layout is not None:
        one = Layout(layout.sizes, False, layout.width)
        together = gallery(text, theme, one, width, grayscale, measure)
        if large and together.wrap(width, 1e6)[1] + GAP <= page_height * 0.8:
            rows.append(Row(together, GAP, facing=True))  # one row: never parted
        else:
            for index in range(len(text.pictures)):
                single = replace(text, pictures=[text.pictures[index]])
                piece = Layout((one.sizes[index],), False, one.sizes[index][0])
                rows.append(Row(gallery(single, theme, piece, width, grayscale, measure),
                                GAP, facing=large and index == len(text.pictures) - 1,
                                picture=True))
    sections = parts.sections(text, theme)
    for name in TEXT_ORDER:  # the card's one order, as on every card
        if name == "options":
            rows += [Row(theme.para(words, style), GAP if style == "option_label" else 0,
                         keep=style == "option_label")
                     for kind in ("easier", "harder") if getattr(text, kind)
                     for words, style in ((text.labels[kind], "option_label"),
                                          (getattr(text, kind), "option"))]
        elif name in sections:
            rows += [Row(p, 0 if i else GAP, keep=not i, head=large and name == "steps")
                     for i, p in enumerate(sections[name])]
    if text.video:
        rows.append(Row(parts.video(text, theme, width), GAP))
    return rows


def pieces(row: Row, width: float, most: float) -> list[Row]:
    """A paragraph taller than `most` as pieces no taller (a step of a thousand words; a
    safety line so, by its mark)."""
    found: list[Row] = []
    content = row.content
    while isinstance(content, (Paragraph, SafetyLine)) and content.wrap(width, 1e6)[1] > most:
        split = content.split(width, most)
        if len(split) < 2:
            break
        found.append(Row(split[0], row.top if not found else 0, row.keep, head=row.head))
        content = split[1]
    return [*found, Row(content, row.top if not found else 0, head=row.head)] if found else [row]

"""The parts of an exercise card: its title (with the dose beside the name when there is
room), the dose, the clinician's note, the labelled sections, the options and the video."""

from __future__ import annotations

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Table, TableStyle

from pdfgen.layout.blocks.boxes import Columns, Panel
from pdfgen.layout.blocks.common import Grid, Stack, badge, flat, qr_code
from pdfgen.layout.tagging import Marked
from pdfgen.layout.theme import INK, Theme
from pdfgen.text.handout_text import CardText

SECTION_GAP = 8  # space above each labelled section
OPTION_GAP = 12  # between Easier and Harder side by side


def title(text: CardText, theme: Theme, width: float, name: str, with_dose: bool) -> Table:
    """The number and name under a rule of the brand colour, and, `with_dose`, the dose at
    the right of the same line."""
    size = 28 * theme.scale
    # The badge repeats the number the name starts with: furniture for a screen reader.
    cells: list[object] = [Marked(badge(text.number, theme, size), "Artifact"),
                           theme.para(name, "card_name")]
    widths = [size + 10, width - size - 10]
    if with_dose:
        strip = dose(text, theme, width)
        strip.hAlign = "RIGHT"
        cells.append(strip)
        dose_width = strip.wrap(width, 1e6)[0]
        widths = [size + 10, width - size - 10 - dose_width, dose_width]
    row = Grid([cells], colWidths=widths)
    row.setStyle(flat(valign="MIDDLE", bottom=5))
    row.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, 0), 2, theme.primary)]))
    return row


def dose_beside_name(text: CardText, theme: Theme, width: float) -> bool:
    """Whether the dose strip and the name share one line: the name unbroken, a clear gap
    between them."""
    if not text.dose_parts or theme.large_print:
        return False
    style = theme["card_name"]
    name = stringWidth(text.name, style.fontName, style.fontSize)
    strip = _strip_widths(text, theme)
    return sum(strip) <= width and 30 * theme.scale + 10 + name + 24 + sum(strip) <= width


def _strip_widths(text: CardText, theme: Theme) -> list[float]:
    label_style, value_style = theme["dose_name"], theme["dose_value"]
    widths = []
    for label, value in text.dose_parts:
        widths += [stringWidth(label, label_style.fontName, label_style.fontSize) + 14,
                   stringWidth(value, value_style.fontName, value_style.fontSize) + 20]
    return widths


def dose(text: CardText, theme: Theme, width: float) -> Table:
    """The dose as labelled numbers in one strip: "Sets 2 | Reps 10 | Days a week 3"."""
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


def _dose_style(theme: Theme, parts: int) -> TableStyle:
    style = [
        ("BOX", (0, 0), (-1, -1), 1.5, INK),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 8),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
    ]
    # A rule between the parts; the labels on a pale tint, the numbers on white.
    for part in range(parts):
        style += [("BACKGROUND", (2 * part, 0), (2 * part, -1), theme.tint)]
        if part:
            style += [("LINEBEFORE", (2 * part, 0), (2 * part, -1), 1, INK)]
    return TableStyle(style)


def note(text: CardText, theme: Theme, width: float) -> Table:
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


def sections(text: CardText, theme: Theme) -> dict[str, list[Flowable]]:
    """Each labelled section's paragraphs, label first: why, steps, tips (those it has)."""
    parts: dict[str, list[Flowable]] = {}
    if text.why:
        parts["why"] = [theme.para(text.labels["why"], "label"),
                        *(theme.para(p, "card_body") for p in text.why)]
    parts["steps"] = [theme.para(text.labels["steps"], "label"),
                      *(theme.para(s, "step", bulletText=str(n))
                        for n, s in enumerate(text.steps, 1))]
    if text.tips:
        parts["tips"] = [theme.para(text.labels["tips"], "label"),
                         *(theme.para(t, "bullet", bulletText="•") for t in text.tips)]
    return parts


def column(parts: list[list[Flowable]], page_height: float) -> list[Flowable]:
    """Sections one under the other in a column, each kept whole, with space between."""
    out: list[Flowable] = []
    for index, part in enumerate(parts):
        stack = Stack(part, page_height)
        stack.spaceBefore = SECTION_GAP if index else 0
        out.append(stack)
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
    half = (width - OPTION_GAP) / 2
    return [Columns([[boxes[0]], [boxes[1]]], [half, half], OPTION_GAP)]


def video(text: CardText, theme: Theme, width: float) -> Table:
    """A QR code a phone opens as the video, and the address written out beside it."""
    assert text.video is not None
    size = 72 * theme.scale  # an inch: phone cameras read it at arm's length
    words = [theme.para(text.video.label, "box_heading"), theme.para(text.video.shown, "body")]
    code = Marked(qr_code(text.video.url, size, theme.fonts.body), "Figure",
                  f"QR code: {text.video.label}, {text.video.shown}", url=text.video.url)
    return Grid([[code, words]],
                colWidths=[size + 12, width - size - 12], style=flat(valign="MIDDLE"))

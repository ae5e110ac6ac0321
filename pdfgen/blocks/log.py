"""The exercise log: a week to a table, a row a day, a tick box per exercise, a pain score."""

from __future__ import annotations

from reportlab.graphics.shapes import Drawing, Rect
from reportlab.lib.colors import white
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.flowables import PageBreakIfNotEmpty

from pdfgen.document import LogText
from pdfgen.theme import INK, RULE, Theme

BOX = 16  # a tick box: big enough for a shaky pen


def exercise_log(log: LogText, theme: Theme, width: float) -> list[Flowable]:
    story: list[Flowable] = [PageBreakIfNotEmpty(), theme.para(log.heading, "heading")]
    if log.who:
        story.append(theme.para(log.who, "box_heading"))
    story += [theme.para(log.intro, "body")]
    if _numbered(log, theme):  # narrow columns: numbers on top, the names once, here
        story += [theme.para(name, "body") for name in log.exercises]
    story.append(Spacer(1, 6))
    for number, week in enumerate(log.weeks):
        days = log.days[number * 7:(number + 1) * 7]
        table = _week(log, days, theme, width)
        story += [CondPageBreak(table.wrap(width, 1e6)[1] + 30),
                  KeepTogether([theme.para(week, "label"), table]), Spacer(1, 12)]
    return story


def _week(log: LogText, days: list[str], theme: Theme, width: float) -> Table:
    box = BOX * theme.scale
    day_width, pain_width = 96 * theme.scale, 84 * theme.scale
    column = (width - day_width - pain_width) / max(len(log.exercises), 1)
    names = ([name.split(" ", 1)[0] for name in log.exercises] if _numbered(log, theme)
             else log.exercises)
    header = [theme.para(log.day_label, "log_head"),
              *(theme.para(name, "log_head") for name in names),
              theme.para(log.pain_label, "log_head")]
    boxes = log.boxes or [1] * len(log.exercises)
    rows = [[theme.para(day, "log"), *(_tick_boxes(box, n, theme.fonts.body) for n in boxes), ""]
            for day in days]
    table = Table([header, *rows], colWidths=[day_width, *[column] * len(log.exercises),
                                               pain_width],
                  rowHeights=[None, *[box + 12] * len(rows)], repeatRows=1)
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.75, RULE),
        ("BACKGROUND", (0, 0), (-1, 0), theme.tint),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (1, 1), (-1, -1), "CENTER"),
        ("LEFTPADDING", (0, 0), (-1, -1), 6),
        ("RIGHTPADDING", (0, 0), (-1, -1), 6),
    ]))
    return table


def _numbered(log: LogText, theme: Theme) -> bool:
    """Whether the exercise columns are too narrow for names (large print, or many)."""
    return theme.large_print or len(log.exercises) > 4


def _tick_boxes(size: float, count: int, font: str) -> Drawing:
    """`count` boxes side by side, one for each time a day the exercise is done."""
    gap = size * 0.5
    drawing = Drawing(count * size + (count - 1) * gap, size, initialFontName=font)
    for index in range(count):
        drawing.add(Rect(index * (size + gap), 0, size, size, strokeColor=INK,
                         strokeWidth=1.25, fillColor=white))
    return drawing

"""The exercise log: a row a week, a box for each time the dose asks for, a pain score."""

from __future__ import annotations

from reportlab.graphics.shapes import Drawing, Rect
from reportlab.lib.colors import white
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Spacer, TableStyle

from pdfgen.layout.blocks.common import Stack, line_width, tail_bound
from pdfgen.layout.reportlab_door import Table
from pdfgen.layout.tagging import table_cells
from pdfgen.layout.theme import INK, RULE, Theme
from pdfgen.text.handout_text import LogText

BOX = 20  # a box to write the sets in, at the least: big enough for a shaky pen
BIGGER = (24, 22)  # larger boxes, tried first: kept where a week's boxes keep their rows
GAP = 7  # between two boxes: a number written in one never reads as in the next


def exercise_log(log: LogText, theme: Theme, width: float, page_height: float
                 ) -> list[Flowable]:
    """The log, kept whole: the heading, how to fill it in, and the table."""
    story: list[Flowable] = [theme.para(log.heading, "heading")]
    if log.who:  # in two lines, if it must, as even as they break: the date whole
        story.append(theme.para(tail_bound(log.who, theme["box_heading"], width),
                                "box_heading"))
    story.append(theme.para(log.intro, "body"))
    if _numbered(log, theme, width):  # narrow columns: numbers on top, the names once, here
        story += [theme.para(name, "body_tight") for name in log.exercises]
    story += [Spacer(1, 6), _table(log, theme, width)]
    return [Stack(story, page_height, lead_needs_follower=True)]


# Large print's type is larger, but a box need not be: the boxes of a week stay on one
# line in a column of their own, where the dates beside them may wrap.
GROWN = 1.15  # the most the boxes and the week's and pain's columns grow in large print


def _table(log: LogText, theme: Theme, width: float) -> Table:
    grown = min(theme.scale, GROWN)
    column = _column(log, theme, width)
    week_width, pain_width = 112 * grown, _pain_width(log, theme, width)
    box = _box_size(log, column - 12, grown)
    names = ([name.split(" ", 1)[0] for name in log.exercises] if _numbered(log, theme, width)
             else log.exercises)
    # Each column headed by what it holds: the exercise and "Sets done"; the pain score
    # and what each band of it means.
    sets = [theme.para(log.sets_label, "log")] if log.sets_label else []
    head = theme["log_head"]
    # Where one column's number cannot lead its name's first word ("3" alone over "Kettlebell
    # Swing"), every column's number stands on a line of its own, over its name.
    apart = any(_number_alone(name, head, column - 12) for name in names)
    header = [theme.para(log.week_label, "log_head"),
              *([*(theme.para(line, "log_head") for line in
                   (name.split(" ", 1) if apart else [_number_bound(name, head, column - 12)])),
                 *sets] for name in names),
              [theme.para(log.pain_label, "log_head"),
               *(theme.para(band, "log") for band in log.pain_bands)]]
    rows = []
    for index, (week, days) in enumerate(log.weeks):
        label = [theme.para(week, "log_head"),
                 theme.para(_dates_bound(days, theme["log"], week_width - 12), "log")]
        if index == log.visit_week and log.visit:  # "Next visit:" over the date, whole
            label.append(theme.para(tail_bound(log.visit, head, week_width - 12), "log_head"))
        rows.append([label, *(_boxes(n, box, column - 12, theme) for n in log.boxes),
                     _boxes(1, box, pain_width - 12, theme)])
    table = Table([header, *rows], colWidths=[week_width, *[column] * len(log.exercises),
                                               pain_width], repeatRows=1,
                  renderCB=table_cells())
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.75, RULE),
        ("BACKGROUND", (0, 0), (-1, 0), theme.tint),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("VALIGN", (0, 0), (-1, 0), "TOP"),
        ("ALIGN", (1, 1), (-1, -1), "CENTER"),
        ("LEFTPADDING", (0, 0), (-1, -1), 6),
        ("RIGHTPADDING", (0, 0), (-1, -1), 6),
        ("TOPPADDING", (0, 1), (-1, -1), 8),
        ("BOTTOMPADDING", (0, 1), (-1, -1), 8),
    ]))
    return table


def _dates_bound(days: str, style: ParagraphStyle, width: float) -> str:
    """A week's days ("Tue Nov 24 – Mon Nov 30") broken after the dash if at all, never
    inside a date, where each date fits the column."""
    sides = days.split(" – ")
    if len(sides) != 2 or max(line_width(side, style) for side in sides) > width:
        return days
    first, last = (side.replace(" ", "\u00a0") for side in sides)
    return f"{first}\u00a0– {last}"


def _number_bound(name: str, style: ParagraphStyle, width: float) -> str:
    """A column's "3 Kettlebell Swing", its number kept with the first word where both fit
    the column (never "3" alone on a line)."""
    number, _, rest = name.partition(" ")
    if not rest or _number_alone(name, style, width):
        return name
    return f"{number}\u00a0{rest}"


def _number_alone(name: str, style: ParagraphStyle, width: float) -> bool:
    """Whether a column's number would stand alone on its line: it and the first word of
    its name are wider than the column."""
    number, _, rest = name.partition(" ")
    return bool(rest) and line_width(f"{number} {rest.split(' ', 1)[0]}", style) > width


def _column(log: LogText, theme: Theme, width: float, pain: float | None = None) -> float:
    pain = _pain_width(log, theme, width) if pain is None else pain
    return (width - 112 * min(theme.scale, GROWN) - pain) / max(len(log.exercises), 1)


def _pain_width(log: LogText, theme: Theme, width: float) -> float:
    """The pain column 86 points wide (grown in large print), or as wide as its widest
    band needs ("6–10 Too much" on one line), up to 110, where the exercises' columns then
    keep their names and their boxes' rows."""
    grown = min(theme.scale, GROWN)
    least = 86 * grown
    widest = max((line_width(band, theme["log"]) for band in log.pain_bands), default=0)
    wider = widest + 12 + 1
    if wider <= least or wider > 110 * grown:  # (wider and still broken: no better)
        return least
    narrow, wide = (_column(log, theme, width, pain) - 12 for pain in (least, wider))
    keeps = (_numbered_in(log, theme, narrow) == _numbered_in(log, theme, wide)
             and _box_rows(log, BOX * grown, narrow) == _box_rows(log, BOX * grown, wide))
    return wider if keeps else least


def _box_rows(log: LogText, size: float, width: float) -> list[int]:
    """How many rows each exercise's boxes of a week take in a cell `width` wide."""
    across = max(1, int((width + GAP) // (size + GAP)))
    return [-(-count // max(1, min(count, across))) for count in log.boxes]


def _box_size(log: LogText, room: float, grown: float) -> float:
    """The largest box that leaves every week's boxes on one line, as the smallest would,
    in a cell `room` wide (a larger one 4 pt more clear of the cell's rules on each side);
    the smallest when a week's boxes take two lines (each a few points more would add up
    to a page: the log's rows would grow)."""
    least = _box_rows(log, BOX * grown, room)
    if max(least, default=1) > 1:
        return BOX * grown
    return next((size * grown for size in BIGGER
                 if _box_rows(log, size * grown, room - 8) == least), BOX * grown)


def _numbered(log: LogText, theme: Theme, width: float) -> bool:
    """Whether the exercise columns are too narrow for names: a word of a name wider than
    its column would be cut in two ("Swi-ng"), so the columns get numbers instead."""
    return _numbered_in(log, theme, _column(log, theme, width) - 12)  # (the cell's padding)


def _numbered_in(log: LogText, theme: Theme, room: float) -> bool:
    style = theme["log_head"]
    return any(line_width(word, style) > room for name in log.exercises
               for word in name.split())


def _boxes(count: int, size: float, width: float, theme: Theme) -> Drawing:
    """`count` boxes in rows as wide as the cell allows, one for each time of the week."""
    across = max(1, min(count, int((width + GAP) // (size + GAP))))
    lines = -(-count // across)
    drawing = Drawing(across * size + (across - 1) * GAP, lines * size + (lines - 1) * GAP,
                      initialFontName=theme.fonts.body)
    for index in range(count):
        row, col = divmod(index, across)
        drawing.add(Rect(col * (size + GAP), (lines - 1 - row) * (size + GAP), size, size,
                         strokeColor=INK, strokeWidth=1.25, fillColor=white))
    return drawing

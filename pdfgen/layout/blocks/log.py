"""The exercise log: a row a week, a box for each time the dose asks for, a pain score."""

from __future__ import annotations

from dataclasses import replace

from reportlab.graphics.shapes import Drawing, Rect
from reportlab.lib.colors import white
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Spacer, TableStyle

from pdfgen.layout.blocks.common import Stack, line_width, tail_bound
from pdfgen.layout.blocks.log_columns import (
    BOX,
    GAP,
    GROWN,
    a_day_a_line,
    a_day_across,
    box_size,
    boxes_across,
    head_height,
    holds,
    needs_numbers,
    widths,
    words_whole,
)
from pdfgen.layout.reportlab_door import Table, row_heights
from pdfgen.layout.tagging import table_cells
from pdfgen.layout.theme import INK, RULE, Theme
from pdfgen.text.handout_text import LogText

LINE_GAP = 6.25  # between two lines of a cell's boxes: 5 pt of paper between their ink, as
# between two boxes of a line (a day's boxes on one line: see log_columns.boxes_across)


def exercise_log(log: LogText, theme: Theme, width: float, page_height: float
                 ) -> list[Flowable]:
    """The log, kept whole: the heading, how to fill it in, and the table (tables, for more
    exercises than columns read well: each with the weeks, the last with the pain)."""
    story: list[Flowable] = [theme.para(log.heading, "heading")]
    if log.who:  # in two lines, if it must, as even as they break: the date whole
        story.append(theme.para(tail_bound(log.who, theme["box_heading"], width),
                                "box_heading"))
    story.append(theme.para(log.intro, "body"))
    parts = _parts(log, theme, width)
    # Narrow columns: numbers on top, the names once, here (in every table alike).
    numbered = any(needs_numbers(part, theme, width) for part in parts)
    if numbered:
        story += [theme.para(name, "body_tight") for name in log.exercises]
    for part in parts:
        story += [Spacer(1, 6 if part is parts[0] else 12),
                  _table(part, theme, width, numbered, page_height)]
    return [Stack(story, page_height, lead_needs_follower=True)]


def _parts(log: LogText, theme: Theme, width: float) -> list[LogText]:
    """The log as one table, or as several of at most MOST_COLUMNS exercises each, as even
    as they split (14 exercises in one table broke "Sets done" into letters and crowded
    their boxes), and as many as keep each word of their heads whole (six exercises in
    large print read "Sets / don / e"): each keeps the weeks, the last the week's pain."""
    count = len(log.exercises)
    least = -(-count // MOST_COLUMNS)
    for tables in range(least, count + 1):
        parts = _split(log, tables)
        if all(words_whole(part, theme, width) for part in parts):
            return parts
    return _split(log, least)  # (no split keeps them whole: the fewest tables)


def _split(log: LogText, tables: int) -> list[LogText]:
    count = len(log.exercises)
    if tables <= 1:
        return [log]
    size = -(-count // tables)
    parts = []
    for start in range(0, count, size):
        end = start + size
        last = end >= count
        parts.append(replace(log, exercises=log.exercises[start:end],
                             boxes=log.boxes[start:end], box_labels=log.box_labels[start:end],
                             pain_label=log.pain_label if last else "",
                             pain_bands=log.pain_bands if last else []))
    return parts


MOST_COLUMNS = 8  # exercises in one table of the log: more, and it is split (see _parts)


class Weeks(Table):
    """The log's table, its weeks split over the pages it takes as evenly as they allow
    (twelve weeks on A4 were nine and three, the last page two-thirds blank)."""

    page_room = 0.0  # a whole page's height for it (0: split where ReportLab would)
    next_page = False  # the rest of a table split evenly: it starts a page

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        if self.next_page and availHeight < self.page_room - 1:
            self.next_page = False  # (once: wherever the next page's frame ends, it splits)
            return []  # (under the part before it, ReportLab would fill the page after all)
        pieces = super().split(availWidth, availHeight)
        if len(pieces) != 2 or not self.page_room:
            return pieces
        heights = row_heights(self)
        head, rows = heights[0], heights[1:]
        here = len(rows) - (len(row_heights(pieces[1])) - 1)  # (the rest repeats the head)
        pages = _pages(rows, head, self.page_room, here)
        even = min(range(1, here + 1), key=lambda first: (
            _pages(rows, head, self.page_room, first) != pages,
            _spread(rows, head, self.page_room, first), -first))
        if even != here:
            balanced = super().split(availWidth, head + sum(rows[:even]) + 0.5)
            pieces = balanced if len(balanced) == 2 else pieces
        first, rest = pieces
        rest.page_room, rest.next_page = self.page_room, True  # (split again, evenly)
        return [first, rest]


def _chunks(rows: list[float], head: float, room: float, first: int) -> list[int]:
    """How many weeks each page holds: `first` on this one, then as many as fit a page."""
    chunks, left = [first], rows[first:]
    while left:
        used, count = head, 0
        while count < len(left) and used + left[count] <= room:
            used, count = used + left[count], count + 1
        count = max(count, 1)
        chunks.append(count)
        left = left[count:]
    return chunks


def _pages(rows: list[float], head: float, room: float, first: int) -> int:
    return len(_chunks(rows, head, room, first))


def _spread(rows: list[float], head: float, room: float, first: int) -> int:
    chunks = _chunks(rows, head, room, first)
    return max(chunks) - min(chunks)


def _table(log: LogText, theme: Theme, width: float, numbered: bool,
           page_room: float = 0.0) -> Table:
    grown = min(theme.scale, GROWN)
    week_width, columns, pain_width = widths(log, theme, width)
    # A day a line in every column (each exercise's boxes a week a whole number of days'):
    # the lines named by their days. (Beside three boxes a week set in the middle of the
    # row, on "Fri", the days read as the days to do them.)
    daily = a_day_a_line(log) and all(count % 7 == 0 for count in log.boxes)
    day_width = _day_width(log, theme) if daily and log.days else 0.0
    # (From the exercises' columns, widened for a log a day a line; unless that would
    # break a column's head, "Sets" over "done", and the head row take a line more.)
    narrowed = [c - day_width / len(columns) for c in columns]
    if day_width and head_height(log, theme, narrowed) <= head_height(log, theme, columns):
        columns = narrowed
    else:
        day_width = 0.0
    columns = a_day_across(log, theme, columns, BOX * grown, numbered)
    box = box_size(log, [c - 12 for c in columns], grown)
    names = [name.split(" ", 1)[0] for name in log.exercises] if numbered else log.exercises
    # Each column headed by what it holds: the exercise and "Sets done" (or "Reps done", "Tick
    # when done"); the pain score and what each band of it means.
    head = theme["log_head"]
    # Where one column's number cannot lead its name's first word ("3" alone over "Kettlebell
    # Swing"), every column's number stands on a line of its own, over its name.
    apart = any(_number_alone(name, head, c - 12) for name, c in zip(names, columns, strict=True))
    header = [theme.para(log.week_label, "log_head"),
              *([theme.para(log.day_label, "log_head")] if day_width else []),
              *([*(theme.para(line, "log_head") for line in
                   (name.split(" ", 1) if apart else [_number_bound(name, head, c - 12)])),
                 *holds(log, theme, n)] for n, (name, c) in enumerate(zip(names, columns,
                                                                             strict=True))),
              *([[theme.para(log.pain_label, "log_head"),
                  *(theme.para(band, "log") for band in log.pain_bands)]]
                if log.pain_label else [])]
    rows = []
    for index, (week, days) in enumerate(log.weeks):
        label = [theme.para(week, "log_head"),
                 theme.para(_dates_bound(days, theme["log"], week_width - 12), "log")]
        if index == log.visit_week and log.visit:  # "Next visit:" over the date, whole
            label.append(theme.para(tail_bound(log.visit, head, week_width - 12), "log_head"))
        rows.append([label, *([_days(log, theme, box)] if day_width else []),
                     *(_boxes(n, box, c - 12, theme, a_day_a_line(log))
                       for n, c in zip(log.boxes, columns, strict=True)),
                     *([_boxes(1, box, pain_width - 12, theme)] if log.pain_label else [])])
    table = Weeks([header, *rows],
                  colWidths=[week_width, *([day_width] if day_width else []), *columns,
                             *([pain_width] if log.pain_label else [])],
                  repeatRows=1, renderCB=table_cells())
    table.page_room = page_room
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.75, RULE),
        ("BACKGROUND", (0, 0), (-1, 0), theme.tint),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("VALIGN", (0, 0), (-1, 0), "TOP"),
        # The week's pain on its last day's line, where the week ends, not on "Fri".
        *([("VALIGN", (-1, 1), (-1, -1), "BOTTOM")] if day_width and log.pain_label else []),
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


def _day_width(log: LogText, theme: Theme) -> float:
    """The day column: as wide as its widest day or its heading, and the cell's padding."""
    return 13 + max(*(line_width(day, theme["log"]) for day in log.days),
                    line_width(log.day_label, theme["log_head"]))


def _days(log: LogText, theme: Theme, box: float) -> list[Flowable]:
    """The days of a week, each on the line of its boxes (`box` tall, LINE_GAP apart): a
    log a day a line, twice a day two boxes a line, read by the day ("Tue", "Wed" …), not
    as seven lines of boxes to count down."""
    # (Each line a box's pitch apart: the middle of its capitals then level with the middle
    # of its boxes, the day's and the boxes' cells both set in their middle.)
    days: list[Flowable] = []
    for day in log.days:
        line = theme.para(day, "log")
        days += [line, Spacer(1, box + LINE_GAP - line.style.leading)]
    return days[:-1]


def _boxes(count: int, size: float, width: float, theme: Theme, by_day: bool = False
           ) -> Drawing:
    """`count` boxes in rows as wide as the cell allows, one for each time of the week."""
    across = boxes_across(count, size, width, by_day)
    lines = -(-count // across)
    drawing = Drawing(across * size + (across - 1) * GAP,
                      lines * size + (lines - 1) * LINE_GAP,
                      initialFontName=theme.fonts.body)
    for index in range(count):
        row, col = divmod(index, across)
        drawing.add(Rect(col * (size + GAP), (lines - 1 - row) * (size + LINE_GAP), size, size,
                         strokeColor=INK, strokeWidth=1.25, fillColor=white))
    return drawing


def log_start(log: LogText, theme: Theme, width: float, page_height: float) -> list[Flowable]:
    """The part of a log that starts a page with it: its heading and words, the table's head
    row and its first week (what a page must hold of a log that goes on to the next)."""
    return exercise_log(replace(log, weeks=log.weeks[:1]), theme, width, page_height)

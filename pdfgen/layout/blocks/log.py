"""The exercise log: a row a week, a box for each time the dose asks for, a pain score."""

from __future__ import annotations

from dataclasses import replace

from reportlab.graphics.shapes import Drawing, Rect
from reportlab.lib.colors import white
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph, Spacer, TableStyle

from pdfgen.layout.blocks.common import Stack, line_width, tail_bound
from pdfgen.layout.reportlab_door import Table
from pdfgen.layout.tagging import table_cells
from pdfgen.layout.theme import INK, RULE, Theme
from pdfgen.text.handout_text import LogText

BOX = 20  # a box to write the sets in, at the least: big enough for a shaky pen
BIGGER = (24, 22)  # larger boxes, tried first: kept where a week's boxes keep their rows
GAP = 7  # between two boxes: a number written in one never reads as in the next
LINE_GAP = 6.25  # between two lines of a cell's boxes: 5 pt of paper between their ink, as
# between two boxes of a line (a day's boxes on one line: see _across)


def exercise_log(log: LogText, theme: Theme, width: float, page_height: float
                 ) -> list[Flowable]:
    """The log, kept whole: the heading, how to fill it in, and the table (tables, for more
    exercises than columns read well: each with the weeks, the last with the pain)."""
    story: list[Flowable] = [theme.para(log.heading, "heading")]
    if log.who:  # in two lines, if it must, as even as they break: the date whole
        story.append(theme.para(tail_bound(log.who, theme["box_heading"], width),
                                "box_heading"))
    story.append(theme.para(log.intro, "body"))
    parts = _parts(log)
    # Narrow columns: numbers on top, the names once, here (in every table alike).
    numbered = any(_numbered(part, theme, width) for part in parts)
    if numbered:
        story += [theme.para(name, "body_tight") for name in log.exercises]
    for part in parts:
        story += [Spacer(1, 6 if part is parts[0] else 12),
                  _table(part, theme, width, numbered)]
    return [Stack(story, page_height, lead_needs_follower=True)]


def _parts(log: LogText) -> list[LogText]:
    """The log as one table, or as several of at most MOST_COLUMNS exercises each, as even
    as they split (14 exercises in one table broke "Sets done" into letters and crowded
    their boxes): each keeps the weeks, and only the last the week's pain."""
    count = len(log.exercises)
    if count <= MOST_COLUMNS:
        return [log]
    tables = -(-count // MOST_COLUMNS)
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


# Large print's type is larger, but a box need not be: the boxes of a week stay on one
# line in a column of their own, where the dates beside them may wrap.
GROWN = 1.15  # the most the boxes and the week's and pain's columns grow in large print
MOST_COLUMNS = 8  # exercises in one table of the log: more, and it is split (see _parts)


def _table(log: LogText, theme: Theme, width: float, numbered: bool) -> Table:
    grown = min(theme.scale, GROWN)
    week_width, columns, pain_width = _widths(log, theme, width)
    # A day a line in every column (each exercise's boxes a week a whole number of days'):
    # the lines named by their days. (Beside three boxes a week set in the middle of the
    # row, on "Fri", the days read as the days to do them.)
    daily = _by_day(log) and all(count % 7 == 0 for count in log.boxes)
    day_width = _day_width(log, theme) if daily and log.days else 0.0
    # (From the exercises' columns, widened for a log a day a line; unless that would
    # break a column's head, "Sets" over "done", and the head row take a line more.)
    narrowed = [c - day_width / len(columns) for c in columns]
    if day_width and _head_height(log, theme, narrowed) <= _head_height(log, theme, columns):
        columns = narrowed
    else:
        day_width = 0.0
    box = _box_size(log, [c - 12 for c in columns], grown)
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
                 *_holds(log, theme, n)] for n, (name, c) in enumerate(zip(names, columns,
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
                     *(_boxes(n, box, c - 12, theme, _by_day(log))
                       for n, c in zip(log.boxes, columns, strict=True)),
                     *([_boxes(1, box, pain_width - 12, theme)] if log.pain_label else [])])
    table = Table([header, *rows],
                  colWidths=[week_width, *([day_width] if day_width else []), *columns,
                             *([pain_width] if log.pain_label else [])],
                  repeatRows=1, renderCB=table_cells())
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


def _widths(log: LogText, theme: Theme, width: float) -> tuple[float, list[float], float]:
    """The week's column, each exercise's and the pain's: the exercises' alike, unless an
    exercise done more often a week than the others would stand its boxes in more lines
    than it need. Then each column is as wide as its name's longest word and as many boxes
    across as leave the fewest lines in the tallest, the week's column as narrow as its
    dates allow: a week's row is as tall as its tallest cell. (A log a day a line keeps
    its lines; the week's column as narrow, the room to the names: "Sets / done" once.)"""
    grown = min(theme.scale, GROWN)
    week, pain = 112 * grown, _pain_width(log, theme, width)
    even = _column(log, theme, width, pain)
    alike = [even] * len(log.exercises)
    size = BOX * grown
    rows = max(_box_rows(log, size, [even - 12] * len(log.boxes)), default=1)
    if rows <= 1 or _numbered(log, theme, width):
        return week, alike, pain
    style, plain = theme["log_head"], theme["log"]
    # The week's column no narrower than a date (the first with its dash: _dates_bound), its
    # heading or a word of the next visit.
    least_week = 13 + max(
        *(line_width(half, plain) for _, days in log.weeks
          for half in days.replace(" – ", " –\n").split("\n")),
        *(line_width(word, style) for word in [log.week_label, *(w for w, _ in log.weeks),
                                               *log.visit.split()]))
    if _by_day(log):  # a day a line: the exercises' columns wider, their heads lower
        narrower = min(week, least_week)
        return narrower, [even + (week - narrower) / len(alike)] * len(alike), pain
    # Each name's column no narrower than keeps the head row as low as alike columns had it.
    def head(index: int, column: float) -> float:
        return sum(p.wrap(column - 12, 1e6)[1] for p in [
            theme.para(log.exercises[index], "log_head"), *_holds(log, theme, index)])

    lowest = max(head(index, even) for index in range(len(log.exercises)))
    named = [next((w for w in range(int(line_width(max(name.split(), key=len), style)) + 13,
                                    int(even) + 1, 2) if head(index, w) <= lowest), even)
             for index, name in enumerate(log.exercises)]
    for fewer in range(1, rows):
        needs = [max(least, _boxes_width(_whole_days(count, -(-count // fewer), up=True),
                                         size) + 12)
                 for least, count in zip(named, log.boxes, strict=True)]
        room = width - pain - sum(needs)  # for the week's column
        if room >= least_week:
            narrower = min(week, room)
            return narrower, [n + (room - narrower) / len(needs) for n in needs], pain
    return week, alike, pain


def _boxes_width(across: int, size: float) -> float:
    return across * size + (across - 1) * GAP


def _across(count: int, size: float, room: float, by_day: bool = False) -> int:
    """How many of `count` boxes stand on a line `room` wide: as many as fit, but a whole
    number of days' where an exercise is done more than once a day (twice a day: a day's
    two boxes a line, morning and evening, never a day's boxes parted at a line's end);
    `by_day`, a day's boxes a line for every exercise done each day, so that a week's
    lines are its days, level across the columns (a once-a-day exercise's seven boxes,
    2-2-2-1 beside a twice-a-day one's, read as pairs)."""
    fit = max(1, min(count, int((room + GAP) // (size + GAP))))
    if by_day and count % 7 == 0 and count // 7 <= fit:
        return count // 7
    return _whole_days(count, fit)


def _by_day(log: LogText) -> bool:
    """Whether the log's boxes stand a day a line: where an exercise is done more than once
    a day (its week's boxes seven lines tall already)."""
    return any(count > 7 and count % 7 == 0 for count in log.boxes)


def _whole_days(count: int, across: int, up: bool = False) -> int:
    """`across` made a whole number of a day's boxes (at least one day's; `up`: the next
    whole number, not the last), where `count` is a week of more than one a day."""
    daily = count // 7 if count > 7 and count % 7 == 0 else 1
    return max(daily, (-(-across // daily) if up else across // daily) * daily)


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
    if not log.pain_label:  # a table of the log but its last (see _parts)
        return 0.0
    least = 86 * grown
    widest = max((line_width(band, theme["log"]) for band in log.pain_bands), default=0)
    wider = widest + 12 + 1
    if wider <= least or wider > 110 * grown:  # (wider and still broken: no better)
        return least
    narrow, wide = (_column(log, theme, width, pain) - 12 for pain in (least, wider))
    keeps = (_numbered_in(log, theme, narrow) == _numbered_in(log, theme, wide)
             and _box_rows(log, BOX * grown, [narrow] * len(log.boxes))
             == _box_rows(log, BOX * grown, [wide] * len(log.boxes)))
    return wider if keeps else least


def _head_height(log: LogText, theme: Theme, columns: list[float]) -> float:
    """The tallest head of the exercises' columns: the name and what its boxes hold."""
    return max(sum(p.wrap(column - 12, 1e6)[1]
                   for p in [theme.para(name, "log_head"), *_holds(log, theme, index)])
               for index, (name, column) in enumerate(zip(log.exercises, columns,
                                                          strict=True)))


def _holds(log: LogText, theme: Theme, index: int) -> list[Paragraph]:
    """What an exercise's boxes hold, under its name ("Sets done"), if the log says."""
    label = log.box_labels[index] if index < len(log.box_labels) else ""
    return [theme.para(label, "log")] if label else []


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


def _box_rows(log: LogText, size: float, rooms: list[float]) -> list[int]:
    """How many rows each exercise's boxes of a week take in its cell (`rooms` wide)."""
    out = []
    for count, room in zip(log.boxes, rooms, strict=True):
        out.append(-(-count // _across(count, size, room, _by_day(log))))
    return out


def _box_size(log: LogText, rooms: list[float], grown: float) -> float:
    """The largest box that leaves every week's boxes on one line, as the smallest would,
    in cells `rooms` wide (a larger one 4 pt more clear of the cell's rules on each side);
    the smallest when a week's boxes take two lines (each a few points more would add up
    to a page: the log's rows would grow)."""
    least = _box_rows(log, BOX * grown, rooms)
    if max(least, default=1) > 1:
        return BOX * grown
    return next((size * grown for size in BIGGER
                 if _box_rows(log, size * grown, [r - 8 for r in rooms]) == least),
                BOX * grown)


def _numbered(log: LogText, theme: Theme, width: float) -> bool:
    """Whether the exercise columns are too narrow for names: a word of a name wider than
    its column would be cut in two ("Swi-ng"), so the columns get numbers instead."""
    return _numbered_in(log, theme, _column(log, theme, width) - 12)  # (the cell's padding)


def _numbered_in(log: LogText, theme: Theme, room: float) -> bool:
    style = theme["log_head"]
    return any(line_width(word, style) > room for name in log.exercises
               for word in name.split())


def _boxes(count: int, size: float, width: float, theme: Theme, by_day: bool = False
           ) -> Drawing:
    """`count` boxes in rows as wide as the cell allows, one for each time of the week."""
    across = _across(count, size, width, by_day)
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

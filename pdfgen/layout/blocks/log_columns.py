"""The exercise log's columns: how wide each is, and how many of its boxes stand on a line."""

from __future__ import annotations

from reportlab.platypus import Paragraph

from pdfgen.layout.blocks.common import line_width
from pdfgen.layout.theme import Theme
from pdfgen.text.handout_text import LogText

BOX = 20  # a box to write the sets in, at the least: big enough for a shaky pen
BIGGER = (24, 22)  # larger boxes, tried first: kept where a week's boxes keep their rows
GAP = 7  # between two boxes: a number written in one never reads as in the next
# Large print's type is larger, but a box need not be: the boxes of a week stay on one
# line in a column of their own, where the dates beside them may wrap.
GROWN = 1.15  # the most the boxes and the week's and pain's columns grow in large print


def widths(log: LogText, theme: Theme, width: float) -> tuple[float, list[float], float]:
    """The week's column, each exercise's and the pain's: the exercises' alike, unless an
    exercise done more often a week than the others would stand its boxes in more lines
    than it need. Then each column is as wide as its name's longest word and as many boxes
    across as leave the fewest lines in the tallest, the week's column as narrow as its
    dates allow: a week's row is as tall as its tallest cell. (A log a day a line keeps
    its lines; the week's column as narrow, the room to the names: "Sets / done" once.)"""
    week, columns, pain = _widths(log, theme, width)
    return _whole_words(log, theme, week, columns, pain, needs_numbers(log, theme, width))


def words_whole(log: LogText, theme: Theme, width: float) -> bool:
    """Whether every word of the table's head stands whole in its column, a day's boxes
    on a line (else the log is set as more tables of fewer columns: exercise_log)."""
    numbered, size = needs_numbers(log, theme, width), BOX * min(theme.scale, GROWN)
    _, columns, pain = widths(log, theme, width)
    columns = a_day_across(log, theme, columns, size, numbered)
    boxes = [*log.boxes, 1 if log.pain_label else 0]  # (a week's pain: one box, if here)
    needs = [max(word, _boxes_width(_whole_days(count, 1), size) + 12 if count else 0.0)
             for word, count in zip(_word_widths(log, theme, numbered), boxes, strict=True)]
    return all(n <= w + 0.01 for n, w in zip(needs, [*columns, pain], strict=True))


def _whole_words(log: LogText, theme: Theme, week: float, columns: list[float], pain: float,
                 numbered: bool) -> tuple[float, list[float], float]:
    """The columns, each widened to its head's longest word where the week's column (to
    its least) and the columns with room to spare can give it: a word wider than its
    column was cut in two with no hyphen ("Repeticion / es", "Dem / asiado")."""
    all_needs = _word_widths(log, theme, numbered)
    widths = [*columns, pain]
    short = sum(max(0.0, n - w) for n, w in zip(all_needs, widths, strict=True))
    if not short:
        return week, columns, pain
    spare_week = max(0.0, week - _least_week(log, theme))
    spare = [max(0.0, w - n) for n, w in zip(all_needs, widths, strict=True)]
    if spare_week + sum(spare) < short:  # (no room anywhere: as they were)
        return week, columns, pain
    from_week = min(spare_week, short)
    rest = short - from_week
    share = rest / sum(spare) if rest else 0.0
    fitted = [max(n, w - (w - n) * share) for n, w in zip(all_needs, widths, strict=True)]
    return week - from_week, fitted[:-1], fitted[-1]


def _word_widths(log: LogText, theme: Theme, numbered: bool) -> list[float]:
    """How wide each exercise's column and the pain's must be for the longest word of its
    head, with the cell's padding (the pain's 0 in a table without it)."""
    head, plain = theme["log_head"], theme["log"]
    labels = [*log.box_labels, *[""] * len(log.exercises)]  # (what its boxes hold, if said)
    needs = [13 + max([*(line_width(word, head) for word in
                         (name.split()[:1] if numbered else name.split())),
                       *(line_width(word, plain) for word in labels[index].split())])
             for index, name in enumerate(log.exercises)]
    pain_needs = 13 + max((line_width(word, plain) for band in log.pain_bands
                           for word in band.split()), default=0.0) if log.pain_label else 0.0
    return [*needs, pain_needs]


def _least_week(log: LogText, theme: Theme) -> float:
    """The week's column no narrower than a date (the first with its dash: _dates_bound),
    its heading or a word of the next visit."""
    return 13 + max(
        *(line_width(half, theme["log"]) for _, days in log.weeks
          for half in days.replace(" – ", " –\n").split("\n")),
        *(line_width(word, theme["log_head"])
          for word in [log.week_label, *(w for w, _ in log.weeks), *log.visit.split()]))


def _widths(log: LogText, theme: Theme, width: float) -> tuple[float, list[float], float]:
    grown = min(theme.scale, GROWN)
    week, pain = 112 * grown, _pain_width(log, theme, width)
    even = _column(log, theme, width, pain)
    alike = [even] * len(log.exercises)
    size = BOX * grown
    rows = max(_box_rows(log, size, [even - 12] * len(log.boxes)), default=1)
    if rows <= 1 or needs_numbers(log, theme, width):
        return week, alike, pain
    style = theme["log_head"]
    least_week = _least_week(log, theme)
    if a_day_a_line(log):  # a day a line: the exercises' columns wider, their heads lower
        narrower = min(week, least_week)
        return narrower, [even + (week - narrower) / len(alike)] * len(alike), pain
    # Each name's column no narrower than keeps the head row as low as alike columns had it.
    def head(index: int, column: float) -> float:
        return sum(p.wrap(column - 12, 1e6)[1] for p in [
            theme.para(log.exercises[index], "log_head"), *holds(log, theme, index)])

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


def a_day_across(log: LogText, theme: Theme, columns: list[float], size: float,
                 numbered: bool) -> list[float]:
    """The exercises' columns, each at least as wide as a day's boxes on one line (twice a
    day: two; its boxes once stood past the column's rules, in a table of narrow columns),
    the room taken from the columns that have it to spare, as much from each as it has
    (none from the longest word of a column's head: "Sets / don / e")."""
    needs = [_boxes_width(_whole_days(count, 1), size) + 12 for count in log.boxes]
    words = _word_widths(log, theme, numbered)
    keep = [max(need, word) for need, word in zip(needs, words, strict=False)]
    short = sum(max(0.0, need - c) for need, c in zip(needs, columns, strict=True))
    spare = sum(max(0.0, c - least) for least, c in zip(keep, columns, strict=True))
    if not short or spare < short:  # (none short; or no room anywhere: as they were)
        return columns
    return [need if c <= need else c - max(0.0, c - least) * short / spare
            for need, least, c in zip(needs, keep, columns, strict=True)]


def _boxes_width(across: int, size: float) -> float:
    return across * size + (across - 1) * GAP


def boxes_across(count: int, size: float, room: float, by_day: bool = False) -> int:
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


def a_day_a_line(log: LogText) -> bool:
    """Whether the log's boxes stand a day a line: where an exercise is done more than once
    a day (its week's boxes seven lines tall already)."""
    return any(count > 7 and count % 7 == 0 for count in log.boxes)


def _whole_days(count: int, across: int, up: bool = False) -> int:
    """`across` made a whole number of a day's boxes (at least one day's; `up`: the next
    whole number, not the last), where `count` is a week of more than one a day."""
    daily = count // 7 if count > 7 and count % 7 == 0 else 1
    return max(daily, (-(-across // daily) if up else across // daily) * daily)


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


def head_height(log: LogText, theme: Theme, columns: list[float]) -> float:
    """The tallest head of the exercises' columns: the name and what its boxes hold."""
    return max(sum(p.wrap(column - 12, 1e6)[1]
                   for p in [theme.para(name, "log_head"), *holds(log, theme, index)])
               for index, (name, column) in enumerate(zip(log.exercises, columns,
                                                          strict=True)))


def holds(log: LogText, theme: Theme, index: int) -> list[Paragraph]:
    """What an exercise's boxes hold, under its name ("Sets done"), if the log says."""
    label = log.box_labels[index] if index < len(log.box_labels) else ""
    return [theme.para(label, "log")] if label else []


def _box_rows(log: LogText, size: float, rooms: list[float]) -> list[int]:
    """How many rows each exercise's boxes of a week take in its cell (`rooms` wide)."""
    out = []
    for count, room in zip(log.boxes, rooms, strict=True):
        out.append(-(-count // boxes_across(count, size, room, a_day_a_line(log))))
    return out


def box_size(log: LogText, rooms: list[float], grown: float) -> float:
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


def needs_numbers(log: LogText, theme: Theme, width: float) -> bool:
    """Whether the exercise columns are too narrow for names: a word of a name wider than
    its column would be cut in two ("Swi-ng"), so the columns get numbers instead."""
    return _numbered_in(log, theme, _column(log, theme, width) - 12)  # (the cell's padding)


def _numbered_in(log: LogText, theme: Theme, room: float) -> bool:
    style = theme["log_head"]
    return any(line_width(word, style) > room for name in log.exercises
               for word in name.split())

"""The exercises at a glance on page 1: one row an exercise, its dose, and a box to tick for
each time of the week it asks for."""

from __future__ import annotations

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, TableStyle

from pdfgen.layout.blocks.common import badge, line_width
from pdfgen.layout.reportlab_door import Table
from pdfgen.layout.tagging import Marked
from pdfgen.layout.theme import INK, Theme
from pdfgen.text.handout_text import HandoutText

TICK_BOX = 15  # points: room for a tick made with a shaky hand
# Between two boxes: 6 pt, so that a tick in one is never taken for its neighbour's, while
# the row takes no more room than it did with 4 pt and 8 after the last box (that space
# gives way, to none at five boxes); six and seven boxes keep 4 pt.
TICK_GAP, NARROW_TICK_GAP, TICK_ROOM = 6, 4, 8
MOST_TICKS = 7  # a box a day at the most on page 1 (the log has room for more)
TICKS_A_ROW = 4  # boxes a row when a day's seven would leave the doses too narrow
FIRST_TOP = 4  # points over the first exercise (6.5 over the others, under a rule)


class TickBoxes(Flowable):
    """Empty boxes, one for each time of the week, drawn as outlines: in a row, or in rows
    of `per_row` (a day's seven as four over three)."""

    def __init__(self, count: int, size: float, per_row: int = MOST_TICKS,
                 gap: float = TICK_GAP) -> None:
        super().__init__()
        self.count, self.size, self.per_row, self.gap = count, size, max(per_row, 1), gap
        across = min(count, self.per_row)
        rows = -(-count // self.per_row) if count else 1
        self.width = across * size + max(across - 1, 0) * gap
        # (Rows 4 pt apart, as the row's height was measured before the boxes drew apart.)
        self.height = rows * size + (rows - 1) * NARROW_TICK_GAP

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setStrokeColor(INK)
        canvas.setLineWidth(1.25)
        step, down = self.size + self.gap, self.size + NARROW_TICK_GAP
        for index in range(self.count):
            row, column = divmod(index, self.per_row)
            canvas.rect(column * step, self.height - self.size - row * down, self.size,
                        self.size, stroke=1, fill=0)
        canvas.restoreState()


def overview(text: HandoutText, theme: Theme, width: float, compact: bool = False,
             first_top: bool = False) -> Table:
    """One line per exercise with its dose and a box for each time of the week it asks for:
    the whole routine on page 1, as a checklist the patient ticks (no boxes when the handout
    ends with a log, where the sets done are written; `first_top`: less space over the
    first, under its heading)."""
    box = TICK_BOX * theme.scale
    # With a log at the end, the sets go in it: boxes here too were a second way to keep
    # count ("tick a box" on page 1, "write how many sets" on the log's page).
    ticks = 0 if text.log is not None else min(
        max((c.times_a_week for c in text.cards), default=0), MOST_TICKS)
    ticks_per_row = ticks
    # Closer rows when page 1 is full; large print keeps its numerals at 18 pt and over.
    size = (18 if compact and not theme.large_print else 24) * theme.scale
    # The names as wide as the longest needs (within bounds), the doses the rest.
    style = theme["overview_name"]
    names = max(stringWidth(c.name, style.fontName, style.fontSize) for c in text.cards) + 20
    word = max(stringWidth(w, style.fontName, style.fontSize) for c in text.cards
               for w in c.name.split()) + 14  # no word cut in two
    # (A word wider than 0.45 of the line, "WWWW…" or a long German compound, is cut: it left
    # the doses no room at all.)
    name_width = min(max(min(max(names, 0.22 * width), 0.3 * width), word), 0.45 * width)
    # A name that wraps there takes no wider a column than its lines: the doses are given the
    # rest ("Balanceo con / pesa rusa" left "2 series de 8 en cada lado · 3 días por semana"
    # 7 pt from the tick boxes).
    name_width = min(name_width, max(_names_need(text, theme, name_width - 8) + 20, word))
    table = _overview_table(text, theme, width, compact, size, ticks, box, name_width,
                            first_top=first_top)
    if ticks > TICKS_A_ROW:
        # A day's seven boxes in a row leave the doses a narrow column (a plank and bird
        # dog's in seven lines of large print, "Your exercises" pushed off page 1): in two
        # rows when that makes the list shorter.
        rows = _overview_table(text, theme, width, compact, size, ticks, box, name_width,
                               TICKS_A_ROW, first_top=first_top)
        if rows.wrap(width, 1e6)[1] <= table.wrap(width, 1e6)[1] - 1:
            table, ticks_per_row = rows, TICKS_A_ROW
    # A long name wraps anyway: a narrower name column may leave the doses fewer lines (a
    # dose for each part of an exercise, in large print above all). In large print a wider
    # one, up to the longest name, may leave the names fewer ("Kettlebell Swing" on a line).
    wider = (min(names, 0.4 * width),) if theme.large_print else ()
    for other in (0.26 * width, 0.22 * width, 0.18 * width, *wider):
        if word <= other < name_width or name_width < other:
            trial = _overview_table(text, theme, width, compact, size, ticks, box, other,
                                    ticks_per_row, first_top=first_top)
            if trial.wrap(width, 1e6)[1] <= table.wrap(width, 1e6)[1] - 1:
                table = trial
    return table


def _names_need(text: HandoutText, theme: Theme, width: float) -> float:
    """The widest line of the exercises' names, each broken to lines of a width."""
    widest = 0.0
    for card in text.cards:
        name = theme.para(card.name, "overview_name")
        name.wrap(width, 1e6)
        widest = max(widest, *name.getActualLineWidths0())
    return widest


def _overview_table(text: HandoutText, theme: Theme, width: float, compact: bool,
                    size: float, ticks: int, box: float, name_width: float,
                    per_row: int = MOST_TICKS, first_top: bool = False) -> Table:
    across = min(ticks, per_row)
    gap = TICK_GAP if across <= 5 else NARROW_TICK_GAP
    pad = TICK_ROOM - (gap - NARROW_TICK_GAP) * max(across - 1, 0)  # after the last box
    ticks_width = across * box + (across - 1) * gap + pad if ticks else 0
    dose_width = width - size - 12 - ticks_width - name_width
    rows = [
        [Marked(badge(c.number, theme, size=size), "Artifact"),
         theme.para(c.name, "overview_name"),
         # A line a part, for an exercise with a dose for each of its parts, its further
         # lines indented (and in large print, where a part takes lines, led by the part's
         # name in bold): that shows where the next begins ("3 days a week" alone at the
         # margin read as a part of its own).
         [paragraph for line in (c.dose or "").split("\n")
          for paragraph in _dose_lines(line, theme, bool(c.named_doses), dose_width - 8,
                                       bold=theme.large_print)],
         *([Marked(TickBoxes(min(c.times_a_week, MOST_TICKS), box, per_row, gap),
                   "Artifact")]
           if ticks else [])]
        for c in text.cards
    ]
    widths = [size + 12, width - size - 12 - dose_width - ticks_width, dose_width]
    table = Table(rows, colWidths=[*widths, *([ticks_width] if ticks else [])])
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        # Rules between the exercises, none under the last: at a page's foot it stood
        # 4 pt over the footer's rule, a double rule.
        ("LINEBELOW", (0, 0), (-1, -2), 0.75, theme.line),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 8),
        # The boxes at the right margin, the room after them before them instead: a dose
        # line as long as its column ended 8 pt from them (Level 1's plank), read as one
        # line with them.
        *([("LEFTPADDING", (-1, 0), (-1, -1), pad), ("RIGHTPADDING", (-1, 0), (-1, -1), 0)]
          if ticks else []),
        # Never a disc touching a rule: 6 pt and more between them (half the rule's width
        # eats into the padding).
        ("TOPPADDING", (0, 0), (-1, -1), 2 if compact else 6.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1 if compact else 6.5),
        # The first under its heading, no rule above it: nearer the heading than the box
        # over the heading is (the space taken off here stands above the heading).
        *([("TOPPADDING", (0, 0), (-1, 0), FIRST_TOP)] if first_top and not compact else []),
    ]))
    return table


NBSP = "\u00a0"


def _dose_lines(line: str, theme: Theme, named: bool, width: float, bold: bool = False
                ) -> list[Paragraph]:
    """One line of a dose in the list, its parts ("2 sets of 8 · each side · 3 days a week")
    in lines `width` wide, as many a line as fit, whole: the dot only between two parts of
    a line, never ending one ("each side ·" over "3 days a week"); a part's own ("Plank:
    repeat 3 times · ...") when `named`, its further lines indented under it, led by its
    name in bold when `bold` (in normal print, the wider name took page 1's list a line
    more: the introduction's second paragraph went to page 2)."""
    part, colon, rest = line.partition(": ")
    hung = named and bool(colon and rest)
    lead = f"{part}:" if hung and bold else ""
    style = theme["body_tight"]
    more = "body_hung" if hung else "body_tight"  # the style of the lines after the first
    first_room = width - (stringWidth(f"{lead} ", theme.fonts.bold, style.fontSize)
                          if lead else 0)
    more_room = width - theme[more].leftIndent
    # Its words in runs that never break (no-break spaces inside them), each with what
    # stands before it on a line: a dot between two parts, a space between a count and the
    # side it is for ("repeat 5 times" / "each side", where the two fill more than a line).
    words = rest if lead else f"{part.replace(' ', NBSP)}: {rest}" if hung else line
    runs = [(" " if i else " · ", run)
            for piece in words.split(" · ") for i, run in enumerate(piece.split(" "))]
    lines = [runs[0][1]]
    for before, run in runs[1:]:
        joined = f"{lines[-1]}{before}{run}"
        if line_width(joined, style) <= (first_room if len(lines) == 1 else more_room):
            lines[-1] = joined
        else:
            lines.append(run)
    lines = [text.replace(" · ", "\u00a0· ") for text in lines]
    paragraphs = [theme.lead_in(lead, lines[0], "body_tight") if lead
                  else theme.para(lines[0], "body_tight"),
                  *(theme.para(text, more) for text in lines[1:])]
    for paragraph in paragraphs[:-1]:
        paragraph.spaceAfter = 0  # the lines of one dose, as the lines of one paragraph
    return paragraphs

"""An exercise card: its title, name and dose, what it is and the body (card_body), kept
whole on one page, or, in large print, its pictures and steps on one page or facing pages."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import fields, replace
from typing import Any

from reportlab.platypus import Flowable, Paragraph

from pdfgen.layout.blocks import card_parts as parts
from pdfgen.layout.blocks.arrangement import Arrangement, Row, arrangements
from pdfgen.layout.blocks.card_apart import apart, pieces
from pdfgen.layout.blocks.card_body import body, widest_width
from pdfgen.layout.blocks.gallery import arrange, printed_height
from pdfgen.layout.theme import Theme
from pdfgen.text.handout_text import CardText

GAP = parts.SECTION_GAP


def card(text: CardText, theme: Theme, width: float, page_height: float,
         arrangement: Arrangement, grayscale: bool = False, measure: bool = False,
         kept: Kept | None = None) -> Card | None:
    """The card as one flowable, kept whole on one page when a page can hold it; None when
    this arrangement would print a picture under its least height. `measure` stands the
    pictures in as blank boxes of their size, for the fitting pass.

    `kept` holds this card's paragraphs from one arrangement to the next: the fitting pass
    lays a card out several times, and a paragraph asked again for a width it was laid out
    at does not break its lines again."""
    theme = _Keeping(theme, {} if kept is None else kept)
    with_dose = parts.dose_beside_name(text, theme, width)
    title = Row(theme.once(("title", width), lambda: parts.title(text, theme, width,
                                                                  text.name, with_dose)))
    made_rows = _rows(text, theme, width, page_height, arrangement, grayscale, measure,
                      with_dose)
    if made_rows is None:
        return None
    rows, share = made_rows
    # (A page holds the title too: a row taller than what the title leaves cannot start one.)
    room = page_height - title.content.wrap(width, 1e6)[1] - GAP
    if any(row.content.wrap(width, 1e6)[1] + row.top > room for row in rows):
        # Longer than a page even in one row: every picture and paragraph a row of its own,
        # so that it can continue between them.
        rows = [part for row in apart(text, theme, width, arrangement, grayscale, measure,
                                       with_dose, page_height)
                for part in pieces(row, width, page_height * 0.8)]
    if arrangement.tight:
        rows = _tightened(rows)
    elif arrangement.loose:
        rows = [replace(row, top=row.top + LOOSE) if index else row
                for index, row in enumerate(rows)]
    made = Card(text, theme, width, page_height, title, rows, with_dose=with_dose)
    if made.height > page_height and not theme.large_print:
        # A little too tall for a page: half the space between its parts (6 pt still under
        # a box), rather than cutting it in two.
        closer = Card(text, theme, width, page_height, title, _tightened(rows),
                      with_dose=with_dose)
        made = closer if closer.height <= page_height else made
    # The picture column's share as chosen, so that the card is made again the same way
    # without choosing again (a batch's handouts, the fitting pass's remembered answers).
    made.arrangement = replace(arrangement, picture_column=share)
    made.picture_height = _tallest(text, theme, width, arrangement)
    return made


def _tallest(text: CardText, theme: Theme, width: float, a: Arrangement) -> float:
    """How tall the tallest picture prints in this arrangement, 0 with none (the fitting
    pass grows pictures by this, not by the height it asked for)."""
    room = width if a.across else widest_width(text, theme, width, a)
    layout = arrange(text, theme, room, a.picture_height, a.side_by_side) if text.pictures else None
    return printed_height(text.pictures, list(layout.sizes)) if layout else 0.0


# A card's parts made once, by what they were made from (see `card`'s `kept`).
Kept = dict[tuple[Hashable, ...], Flowable]


class _Keeping(Theme):
    """The theme, but each paragraph made once and handed out again for the same words."""

    _kept: Kept

    def __init__(self, theme: Theme, kept: Kept) -> None:
        super().__init__(**{field.name: getattr(theme, field.name) for field in fields(theme)})
        object.__setattr__(self, "_kept", kept)  # not one of the frozen theme's fields

    def once(self, key: tuple[Hashable, ...], make: Callable[[], Flowable]) -> Flowable:
        """A part that no arrangement changes (the title, the dose, the note), made once."""
        if key not in self._kept:
            self._kept[key] = make()
        return self._kept[key]

    def para(self, text: str, style: str, **kw: Any) -> Paragraph:
        key = (text, style, kw.get("bulletText"))
        if key not in self._kept:
            self._kept[key] = super().para(text, style, **kw)
        return self._kept[key]


class PageCount:
    """The number of the page the document is filling, kept by the page template."""

    def __init__(self) -> None:
        self.number = 1

    def on_page(self, canvas: Any, doc: Any) -> None:  # ReportLab's canvas and document
        self.number = doc.page


class Card(Flowable):
    """Rows drawn one under the other. Moved whole to the next page when it does not fit;
    split between rows, under a "(continued)" title, only when no page could hold it, in
    large print, or when the fitting pass let it go on after its steps (`continues`)."""

    def __init__(self, text: CardText, theme: Theme, width: float, page_height: float,
                 title: Row, rows: list[Row], continued: bool = False,
                 with_dose: bool = False) -> None:
        super().__init__()
        self.text, self.theme, self.page_height = text, theme, page_height
        self.title, self.rows, self.continued = title, rows, continued
        self.width, self.with_dose = width, with_dose
        self.arrangement: Arrangement | None = None
        # The page being filled, as the document counts it (large print's facing pages).
        self.pages: PageCount | None = None
        self.picture_height = 0.0  # the tallest picture as printed
        self.heights = [row.content.wrap(width, 1e6)[1] + row.top
                        for row in [title, *rows]]
        self.height = sum(self.heights)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    @property
    def head(self) -> int:
        """How many rows must start on one page with the title: in large print the pictures
        and every step; otherwise the whole card, unless no page can hold it. (A card's part
        on a later page: its first row, or its pictures and steps when it starts with them.)"""
        marks = [index + 1 for index, row in enumerate(self.rows) if row.head]
        return marks[-1] if marks else (1 if self.continued else len(self.rows))

    @property
    def facing(self) -> int:
        """How many rows, up to and with the pictures, may stand on an even page, the rest of
        the head on the page facing it, in large print (0: none)."""
        if not self.theme.large_print:
            return 0
        marks = [index + 1 for index, row in enumerate(self.rows[:self.head]) if row.facing]
        return marks[-1] if marks else 0

    @property
    def before(self) -> int:
        """How many rows stand before the pictures, in large print (the name's row not
        counted; 0 when it has no pictures or is not large print)."""
        facing = self.facing
        starts = [index for index, row in enumerate(self.rows[:facing]) if row.picture]
        return starts[0] if starts else max(facing - 1, 0)

    @property
    def head_height(self) -> float:
        """The height of the title and the rows that must share its page."""
        return sum(self.heights[:self.head + 1])

    def _more(self, dose: bool = False) -> Row:
        """The title of its part on the next page; with the dose (`dose`: its pictures and
        steps there, its dose on the page before) when that keeps it to its height: a
        patient on the floor following the steps sees how many without turning back."""
        plain = Row(parts.continued_title(self.text, self.theme, self.width))
        if not dose or not self.text.dose or self.text.named_doses:
            return plain
        dosed = Row(parts.continued_title(self.text, self.theme, self.width, self.text.dose))
        return dosed if dosed.content.wrap(self.width, 1e6)[1] <= self.more_height else plain

    @property
    def more_height(self) -> float:
        """The height of the title its part on the next page has, when it continues."""
        if not hasattr(self, "_more_height"):
            self._more_height = self._more().content.wrap(self.width, 1e6)[1]
        return self._more_height

    @property
    def continues(self) -> bool:
        """Whether it may go on to the next page after its head though a page can hold it."""
        return self.theme.large_print or bool(self.arrangement and self.arrangement.continues)

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        if self.height <= self.page_height and not self.continues:
            return []  # keep it whole: the frame moves it to the next page
        even = self.pages is not None and self.pages.number % 2 == 0
        cut = cut_here(self.heights, [row.keep for row in self.rows], avail_height,
                       self.page_height, self.head, self.facing, even, self.before)
        if cut == 0:
            return []  # its start does not fit here: all of it goes to the next page
        more = self._more(dose=cut <= self.before)
        kept, rest = self.rows[:cut], self.rows[cut:]
        if cut <= self.before or (even and kept[-1].facing):
            # Its name here, its pictures and steps on the next page; or its pictures here,
            # its steps on the page facing them: said where the page ends.
            cue = Row(_turn_cue(self.text, self.theme, even, cut > self.before), 6)
            if sum(self.heights[:cut + 1]) + cue.content.wrap(self.width, 1e6)[1] + 6 \
                    <= avail_height:
                kept = [*kept, cue]
        # Just clear of the rule (a box 6 pt clear of it), never lower than it stood.
        rest = [replace(rest[0], top=max(4.0, min(rest[0].top, 7.0))), *rest[1:]]
        first = Card(self.text, self.theme, self.width, self.page_height, self.title,
                     kept, self.continued, self.with_dose)
        first.spaceBefore = self.getSpaceBefore()  # the gap from the card above it, kept
        second = Card(self.text, self.theme, self.width, self.page_height, more, rest, True)
        first.pages = second.pages = self.pages
        return [first, second]

    def draw(self) -> None:
        if not self.continued:
            # A bookmark for each exercise: a long handout's outline, in the reader's sidebar.
            key = f"card-{self.text.number}"
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(f"{self.text.number}. {self.text.name}", key, level=0)
        y = self.height
        for row, height in zip([self.title, *self.rows], self.heights, strict=True):
            y -= height
            row.content.drawOn(self.canv, 0, y)


def _turn_cue(text: CardText, theme: Theme, even: bool, pictured: bool = False) -> Flowable:
    """Under a card's name at the foot of a large-print page, its pictures and steps on the
    next: where they are ("the heading alone at the foot, a patient may think the exercise
    ends there"); under its pictures (`pictured`), where its steps are (a page of pictures
    ended in white space). Read out too: prose marked as furniture fails PDF/UA's checkers."""
    label = "steps_facing" if pictured else "facing_page" if even else "overleaf"
    return theme.para(text.labels[label], "label")


def cut_here(heights: list[float], keep: list[bool], room: float, page_room: float,
             head: int, facing: int, even: bool, before: int) -> int:
    """How many rows of a card (after its title, heights[0]) start in `room`, the rest
    going on to the next page; 0: all of it goes to the next page. The head (the pictures
    and every step) starts on one page, or, from an even page, the pictures there and the
    steps on the odd page facing it. On an empty odd page that cannot hold the head, the
    rows before the pictures stay, so that the pictures turn over to the even page (the
    front and the back of one sheet only when even that cannot be). `before`: the rows
    before the pictures (the dose, what it is), which may part from them."""
    cut = cut_rows(heights, keep, room)
    rows = len(keep)
    least = facing if facing and even else head
    if cut and cut >= min(least, rows):
        return cut
    if (before >= 1 and cut >= before and room > page_room / 3
            and sum(heights[before + 1:head + 1]) + heights[0] <= page_room):
        # Rather than leave a page over a third blank: the card's name and what it is at
        # its foot, its pictures and steps all on the next page (from an even page, the odd
        # page facing it; from an odd one, its back, as when an empty odd page cannot hold
        # the head below).
        return before
    if room < page_room - 0.5:  # not an empty page: a better one comes
        return 0
    if before and not even and sum(heights[:head + 1]) > page_room:
        return min(cut, before) or cut
    return cut


def turned(cut: int, head: int, facing: int, even: bool, before: int) -> bool:
    """Whether a card cut after `cut` rows puts its pictures (or some of them) on the front
    of a sheet and its steps on the back (an odd page), which large print never wants."""
    return bool(facing) and not even and before < cut < head


def cut_rows(heights: list[float], keep: list[bool], room: float) -> int:
    """Rows (after the title, heights[0]) that fit in `room`, never ending on a label."""
    used, cut = heights[0], 0
    for index, height in enumerate(heights[1:]):
        if used + height > room:
            break
        used, cut = used + height, index + 1
    while cut > 0 and keep[cut - 1] and cut < len(keep):
        cut -= 1  # a label goes with what it labels
    return cut


def _rows(text: CardText, theme: _Keeping, width: float, page_height: float,
          arrangement: Arrangement, grayscale: bool, measure: bool, with_dose: bool
          ) -> tuple[list[Row], float] | None:
    rows = _top(text, theme, width, with_dose)
    placed = body(text, theme, width, page_height, arrangement, grayscale, measure)
    if placed is None:
        return None
    rows += placed[0]
    if text.video:
        rows.append(Row(theme.once(("video", width), lambda: parts.video(text, theme, width)),
                        GAP))
    return rows, placed[1]


def _tightened(rows: list[Row]) -> list[Row]:
    """The rows with half the space between them, but never under 6 pt below a box (the
    dose, the note), nor a box under the name's rule nearer than 6 pt to it (a dose under
    the name stood 2 pt under the rule): nothing touches a box."""
    return [replace(row, top=row.top if index == 0 and row.box
                    else row.top / 2 if index == 0 or not rows[index - 1].box
                    else max(row.top / 2, min(row.top, BOX_GAP)))
            for index, row in enumerate(rows)]


BOX_GAP = 6  # the least space under a box
LOOSE = 8  # the space a loose card adds above each of its parts but the first


def _top(text: CardText, theme: _Keeping, width: float, with_dose: bool) -> list[Row]:
    # The dose right under the name when it cannot stand beside it, then what it is.
    rows = []
    if (text.dose_parts or text.named_doses) and not with_dose:
        rows.append(Row(theme.once(("dose", width), lambda: parts.dose(text, theme, width)),
                        parts.DOSE_TOP, box=True))
    rows.append(Row(theme.para(text.summary, "body_tight"), 6 if with_dose else 8))
    if text.note:
        rows.append(Row(theme.once(("note", width), lambda: parts.note(text, theme, width)),
                        8, box=True))
    return rows


__all__ = ["Arrangement", "Card", "Kept", "PageCount", "Row", "arrangements", "card", "cut_here",
           "cut_rows", "turned"]

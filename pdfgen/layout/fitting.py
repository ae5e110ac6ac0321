"""The fitting pass: lay the cards out, measure the pages, and try the next arrangement until
the handout takes as few pages as it can, each card whole on its page and each page full."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from reportlab.platypus import Flowable

from pdfgen.layout.blocks.card import Arrangement, Card, arrangements
from pdfgen.layout.caption_room import roomier_captions
from pdfgen.layout.one_place import one_column, one_place
from pdfgen.layout.one_scale import one_scale
from pdfgen.layout.pagination import paginate, place

# The heights tried for a card's tallest picture, in points: never under 1.5 in (2.25 in
# in large print), up to 3.5 in for a card that has a page to itself.
NORMAL = (108, 126, 144, 162, 180, 216, 252)
LARGE = (162, 180, 198, 216, 234)
BLANK = 0.33  # the most of a page but the last left blank, in large print (0.35, less a margin
# for what the measure of a page cannot see: a box's padding, the last line's descent)
BLANK_NORMAL = 0.43  # the same in normal print (0.45), past which a card may go on


def fit_cards(measure: Callable[[int, Arrangement], Card | None], count: int,
              large_print: bool, first_room: float, page_room: float, closing: float,
              gap: float, first_page: int = 0, split: bool = True) -> list[Arrangement]:
    """An arrangement for each card. First the shortest card each can make with its pictures
    at their least height, for the fewest pages (in large print, the cards together that
    take the fewest pages and leave the least blank paper); then each card's pictures grow
    while every card and the closing stay on the pages they were on, so that a card alone
    on its page fills it rather than leaving its foot blank. (`split`: a card's steps may go
    on under its pictures, where that saves a page.)"""
    fitting = _Fitting(measure, large_print, first_room, page_room, closing, gap, first_page)
    made = _fitted(fitting, count)
    # The steps going on across under the pictures only where that saves a page (or, in
    # large print, a sheet turned between a card's pictures and its steps), and `split`.
    if split:
        going_on = _Fitting(measure, large_print, first_room, page_room, closing, gap,
                            first_page, split=True)
        going_on.known = fitting.known  # (the arrangements they share, measured once)
        tried = _fitted(going_on, count)
        if going_on.score(tried)[:2] < fitting.score(made)[:2]:
            made = tried
    return [_arrangement(c) for c in made]


def _fitted(fitting: _Fitting, count: int) -> list[Card]:
    """The cards fit_cards chooses, in the arrangements `fitting` tries."""
    large_print = fitting.large_print
    shortest = [fitting.shortest(index) for index in range(count)]
    cards = [c for c, _ in shortest]
    kinds = [k for _, k in shortest]
    if large_print and count:
        cards = fitting.packed(cards)
    cards, kinds = fitting.tightened(cards, kinds)
    made = fitting.all_grown(cards, kinds)
    if not large_print and count and fitting.opening_alone(made):
        # The page the opening ends on left largely blank, the first card too tall to join
        # it even with its pictures at their least: it may start there and go on.
        tried, tried_kinds = fitting.continued(list(cards), list(kinds))
        if tried != cards:
            trial = fitting.all_grown(tried, tried_kinds)
            if fitting.score(trial, BLANK_NORMAL)[:3] < fitting.score(made, BLANK_NORMAL)[:3]:
                made = trial
    return one_column(fitting, roomier_captions(
        fitting, one_scale(fitting, one_place(fitting, made))))


def _arrangement(made: Card) -> Arrangement:
    """The arrangement a measured card was made in (`card` always names it)."""
    assert made.arrangement is not None
    return made.arrangement


class _Fitting:
    """The cards measured so far, and the pages they make."""

    def __init__(self, measure: Callable[[int, Arrangement], Card | None], large_print: bool,
                 first_room: float, page_room: float, closing: float, gap: float,
                 first_page: int = 0, split: bool = False) -> None:
        self.measure, self.large_print, self.split = measure, large_print, split
        self.first_room, self.page_room, self.closing, self.gap = (first_room, page_room,
                                                                  closing, gap)
        self.first_page = first_page
        self.sizes = LARGE if large_print else NORMAL
        self.known: dict[tuple[int, Arrangement], Card | None] = {}

    def made(self, index: int, arrangement: Arrangement) -> Card | None:
        if (index, arrangement) not in self.known:
            self.known[index, arrangement] = self.measure(index, arrangement)
        return self.known[index, arrangement]

    def pages(self, cards: list[Card]) -> list[int]:
        return paginate(self.first_room, self.page_room, [*cards, self.closing], self.gap,
                        self.first_page)[0]

    def score(self, cards: Sequence[Card], most: float = BLANK
              ) -> tuple[int, int, float, float]:
        """Cards whose pictures and steps stand on the two sides of one sheet, pages, the
        blank paper past the most (`most`, a share) any page but the last may leave, and the
        cards' height: the less, the better."""
        placed = place(self.first_room, self.page_room, [*cards, self.closing], self.gap,
                       self.first_page)
        blank = sum(max(0.0, room - most * self.page_room) for room in placed.left)
        return placed.turned, placed.last, round(blank), sum(c.height for c in cards)

    def tightened(self, cards: list[Card], kinds: list[list[Arrangement]]
                  ) -> tuple[list[Card], list[list[Arrangement]]]:
        """The cards, the last first, with half the space between their parts where that
        saves a page (a card and the closing then share one) or, in large print, a page's
        blank foot: never otherwise."""
        for index in reversed(range(len(cards))):
            a = cards[index].arrangement
            if a is None or a.tight:
                continue
            trial = self.made(index, replace(a, tight=True, picture_column=0.0))
            if trial is None:
                continue
            tried = [*cards[:index], trial, *cards[index + 1:]]
            # (In large print, less blank paper is worth it too.)
            kept = 3 if self.large_print else 2
            if self.score(tried)[:kept] < self.score(cards)[:kept]:
                cards = tried
                kinds[index] = [replace(k, tight=True) for k in kinds[index]]
        return cards, kinds

    def opening_alone(self, cards: list[Card]) -> bool:
        """Whether the page the opening ends on holds no card and is left over BLANK_NORMAL
        of it blank (the opening's last parts alone at the top of page 2)."""
        placed = place(self.first_room, self.page_room, [*cards, self.closing], self.gap,
                       self.first_page)
        return (placed.starts[0] > self.first_page
                and self.first_room > BLANK_NORMAL * self.page_room)

    def continued(self, cards: list[Card], kinds: list[list[Arrangement]]
                  ) -> tuple[list[Card], list[list[Arrangement]]]:
        """Normal print, the opening alone on its page: the first card going on to the next
        page after its pictures and steps, in the arrangement that leaves the least blank
        paper, then the fewest pages, if that leaves less than the card whole; never
        otherwise, for a card is best read whole."""
        found: tuple[tuple[int, int, float, float], Card] | None = None
        for a in arrangements(self.sizes[0], split=self.split):
            for tight in (False, True):
                trial = self.made(0, replace(a, tight=tight, continues=True))
                if trial is not None:
                    score = self.score([trial, *cards[1:]], BLANK_NORMAL)
                    if found is None or score < found[0]:
                        found = (score, trial)
        if found is not None and found[0][:3] < self.score(cards, BLANK_NORMAL)[:3]:
            cards[0] = found[1]
            kinds[0] = [_arrangement(found[1])]
        return cards, kinds

    def packed(self, cards: list[Card]) -> list[Card]:
        """The cards, each in one of its arrangements at the least picture height, that
        together score best (large print, where a card may continue and a nearly empty page
        is easily made). Cards are placed one after another, so what the next can do
        depends only on the page the last one ended on and the room left there: for each
        such end, only the best way to reach it is kept (every set is compared, at the cost
        of a few per card)."""
        # (page, room) -> (turned, blank of the pages filled, cards made tight, height, cards)
        ends: dict[tuple[int, float], tuple[int, float, int, float, list[Card]]] = {
            (self.first_page, round(self.first_room, 1)): (0, 0.0, 0, 0.0, [])}
        for index, first in enumerate(cards):
            options = self._options(index) or [first]
            reached: dict[tuple[int, float], tuple[int, float, int, float, list[Card]]] = {}
            for (page, room), (turns, blank, tight, height, made) in ends.items():
                for option in options:
                    after = place(room, self.page_room, [option], self.gap, page,
                                  follows=bool(made))
                    end = (after.last, round(after.room, 1))
                    value = (turns + after.turned,
                             blank + sum(max(0.0, r - BLANK * self.page_room)
                                         for r in after.left),
                             tight + bool(option.arrangement and option.arrangement.tight),
                             height + option.height, [*made, option])
                    if end not in reached or value[:4] < reached[end][:4]:
                        reached[end] = value
            ends = reached
        best = min(ends.values(), key=lambda v: (*self.score(v[4])[:3], v[2], v[3]))
        return best[4]

    def _options(self, index: int) -> list[Card]:
        """A card's arrangements at the least picture height, loose and tight, one of each
        shape, each row of them no taller than a page."""
        made = [c for c in (self.made(index, replace(a, tight=tight))
                            for a in arrangements(self.sizes[0], True, self.split)
                            for tight in (False, True))
                # Pictures and steps that share a page, or may turn to the facing one; no
                # row taller than a page (it would come apart where no rule placed it).
                if c is not None and (c.head_height <= self.page_room or c.facing)
                and max(c.heights) <= self.page_room]
        return sorted({(round(c.height), c.head, c.facing, tuple(round(h) for h in c.heights)):
                       c for c in reversed(made)}.values(), key=lambda c: c.height)

    def shortest(self, index: int) -> tuple[Card, list[Arrangement]]:
        """The card's shortest arrangement at the least picture height (in large print, the
        shortest whose pictures and steps share a page), and the shortest of each kind
        (beside or across, side by side or stacked): the kinds its pictures may grow in."""
        cards = [c for c in (self.made(index, a)
                             for a in arrangements(self.sizes[0], self.large_print,
                                                   self.split))
                 if c is not None]
        if not cards:  # pictures too wide for any arrangement at their least height
            # (the text in two columns under them; in large print, one)
            fallback = (self.made(index, Arrangement(0, across=True, side_by_side=False))
                        or self.made(index, Arrangement(0, True, False, beside=0)))
            assert fallback is not None
            return fallback, []
        keeping = [c for c in cards if c.head_height <= self.page_room] or cards
        best = min(keeping if self.large_print else cards, key=lambda c: c.height)
        kinds: dict[tuple[bool, bool], Card] = {}
        for c in cards:
            a = c.arrangement
            assert a is not None
            if (a.across, a.side_by_side) not in kinds or c.height < kinds[
                    a.across, a.side_by_side].height:
                kinds[a.across, a.side_by_side] = c
        return best, [_arrangement(c) for c in kinds.values()]

    def all_grown(self, cards: list[Card], kinds: list[list[Arrangement]]) -> list[Card]:
        """The cards, each in turn with its pictures grown while the pages keep what they
        held."""
        cards = list(cards)
        goal = self.pages(cards)
        for index in range(len(cards)):
            cards[index] = self.grown(cards, index, kinds[index], goal)
        return cards

    def no_blanker(self, left: list[float], before: list[float], most: float | None = None
                   ) -> bool:
        """Whether no page is left blanker than it was, or blanker only while under the most
        a page may be left blank (`most`, a share; else BLANK in large print, BLANK_NORMAL
        in normal print)."""
        share = most if most is not None else BLANK if self.large_print else BLANK_NORMAL
        return all(a <= max(b, share * self.page_room) + 1
                   for a, b in zip(left, before, strict=False))

    def left_rooms(self, cards: list[Card]) -> list[float]:
        """The room each page but the last is left with."""
        return place(self.first_room, self.page_room, [*cards, self.closing], self.gap,
                     self.first_page).left

    def grown(self, cards: list[Card], index: int, kinds: list[Arrangement],
              goal: list[int]) -> Card:
        """The card with its pictures as large as they print in any of `kinds` while every
        page keeps what it held."""
        whole = cards[index].height <= self.page_room
        # Large print: no more blank paper (nor a sheet turned over) than before either.
        kept = self.score(cards)[:3] if self.large_print else None

        def keeps(c: Card | None) -> bool:
            if c is None or (whole and c.height > self.page_room):
                return False  # a card that can stand whole on a page stays whole
            if self.large_print and c.head_height > self.page_room and not c.facing:
                return False  # its pictures and steps would no longer share a page
            trial = [*cards[:index], c, *cards[index + 1:]]
            return self.pages(trial) == goal and (kept is None or self.score(trial)[:3] <= kept)

        best = cards[index]
        own = best.arrangement
        for kind in [own, *kinds] if own is not None and own not in kinds else kinds:
            # The largest height this kind keeps every page with (the pages only fill as
            # the pictures grow, so the heights are searched by halves).
            low, high = 0, len(self.sizes) - 1
            while low < high:
                middle = (low + high + 1) // 2
                if keeps(self.made(index, at_height(kind, self.sizes[middle]))):
                    low = middle
                else:
                    high = middle - 1
            trial = self.made(index, at_height(kind, self.sizes[low]))
            if trial is not None and keeps(trial) and (
                    trial.picture_height, -trial.height) > (best.picture_height, -best.height):
                best = trial
        return best


def at_height(kind: Arrangement, height: float) -> Arrangement:
    """The arrangement at another picture height, its picture column to be chosen anew."""
    return replace(kind, picture_height=height, picture_column=0.0)


def height_of(flowables: Sequence[Flowable], width: float) -> float:
    """The height of flowables stacked in a frame, with the space between them."""
    total = 0.0
    for index, flowable in enumerate(flowables):
        total += flowable.wrap(width, 1e6)[1] + flowable.getSpaceAfter()
        total += flowable.getSpaceBefore() if index else 0
    return total

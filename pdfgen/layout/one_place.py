"""One place and one way for the pictures of a handout's cards: on every card beside the
steps or on every card over them, and on every card side by side or on every card one under
the other, where that costs no page, no sheet turned between pictures and steps, no body
size and no page left half blank; else each card as it fitted best."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Protocol

from pdfgen.layout.blocks.card import Arrangement, Card, arrangements
from pdfgen.layout.caption_room import SQUEEZED, caption_lines_of
from pdfgen.layout.one_scale import Fitter as ScaleFitter
from pdfgen.layout.one_scale import Way, at_one_scale, in_step, one_scale, way_of, ways_agree


class Fitter(ScaleFitter, Protocol):
    """What the pass needs of the fitting pass: what one scale needs, how well cards fill
    their pages, and cards' pictures grown on their pages."""

    def score(self, cards: Sequence[Card], most: float = ...
              ) -> tuple[int, int, float, float]: ...
    def all_grown(self, cards: list[Card], kinds: list[list[Arrangement]]) -> list[Card]: ...


# The most of a page (but the last) that one scale may leave blank in the way tried first,
# before its cards' parts are spaced further apart to fill it (the rule after that is the
# fitting pass's own: no page but the last over 45 % blank).
HALF = 0.5


def one_place(fitting: Fitter, cards: list[Card]) -> list[Card]:
    """The cards with their pictures in one place and, in normal print, one way, grown as
    far as their pages allow and then at one scale. Tried first, in normal print: every
    card's pictures side by side beside its steps, the steps alone in the column (the rest
    across the card under them); then each place and way. Of those that keep the sheets
    turned, the last page and every figure at one body size, print the pictures no smaller
    than the cards as they are and leave no page blanker than they do (but under the most
    a page may be left blank; in the way tried first, its cards' parts further apart where
    that fills a page), the first tried, then the one with the largest pictures, then the
    least blank paper, then the one most cards have. Where no way keeps all that, one place
    alone (the pictures side by side on one card, one under the other on the next); the
    cards as they are where no place does either (long, low figures whose card stands only
    one way on the page the closing shares, say). Large print keeps one place alone: its
    pages have rules of their own (pictures and steps on one page or facing pages)."""
    sides = not fitting.large_print
    drawn = [c for c in cards if c.text.pictures]  # (a card without pictures has no place)
    ways = [way_of(c, sides) for c in drawn]
    if not drawn or (ways_agree(ways) and (ways[0][0] or not sides
                                          or all(map(_alone, drawn)))):
        return cards
    kept, least = fitting.score(cards)[:2], min(map(_height, drawn))
    rooms = fitting.left_rooms(cards)
    tried: list[tuple[Way, bool]] = []
    if sides:
        tried = [((False, True), True), *(((across, side), False)
                                          for across in (False, True) for side in (True, False))]
    if len({w[0] for w in ways}) > 1:  # (one place alone, where one way costs too much)
        tried += [((False, None), False), ((True, None), False)]
    best: tuple[tuple[float, float, int], list[Card]] | None = None
    for way, alone in tried:
        trial = _in_way(fitting, cards, way, alone, kept)
        if trial is None:
            continue
        # (Steps alone: one scale may leave a page up to half blank, which more space
        # between the parts of its card then fills.)
        trial = one_scale(fitting, trial, HALF if alone else None)
        if alone:
            trial = _loosened(fitting, trial)
        if not at_one_scale(trial) or not all(in_step([way], way_of(c, sides))
                                              and (_alone(c) or not alone)
                                              for c in trial if c.text.pictures):
            continue  # one body size in a handout comes before one place (issue 22)
        score = fitting.score(trial)
        largest = min(_height(c) for c in trial if c.text.pictures)
        if (score[:2] > kept or largest < least
                or not fitting.no_blanker(fitting.left_rooms(trial), rooms)):
            continue  # a page more, a sheet turned, smaller pictures, or a page left blank
        if way[1] is not None:
            return trial  # (a way tried first before larger pictures: no need to go on)
        grade = (-largest, score[2], -sum(in_step([w], way) for w in ways))
        if best is None or grade < best[0]:
            best = (grade, trial)
    return cards if best is None else best[1]


def one_column(fitting: Fitter, cards: list[Card]) -> list[Card]:
    """Normal print, every card's pictures beside its text: every picture column as wide as
    one of them (the widest that can be), so that the steps of every card start at one
    edge, where each card can take it with its pictures printed as large, no caption
    squeezed longer and every card on its page; else the cards as they are."""
    drawn = [c for c in cards if c.text.pictures]
    if fitting.large_print or not drawn or any(_kind(c).across for c in drawn):
        return cards
    goal = fitting.pages(cards)
    for share in sorted({_kind(c).picture_column for c in drawn}, reverse=True):
        trial = [fitting.made(i, replace(_kind(c), picture_column=share))
                 if c.text.pictures else c for i, c in enumerate(cards)]
        made = [c for c in trial if c is not None]
        if len(made) == len(cards) and all(
                new.picture_height == old.picture_height
                and caption_lines_of(new) <= max(caption_lines_of(old), SQUEEZED - 1)
                for new, old in zip(made, cards, strict=True)) and fitting.pages(made) == goal:
            return made
    return cards


def _in_way(fitting: Fitter, cards: list[Card], way: Way, alone: bool,
            kept: tuple[int, int]) -> list[Card] | None:
    """The cards, each in the shortest of its arrangements of `way` at the least picture
    height (as tight as it was, and going on to the next page if it did; `alone`: its
    steps alone beside its pictures), then grown in that way (side by side or one under
    the other, as it is shortest, where `way` leaves it open); None when they take more
    sheets or pages than `kept` even so."""
    trial: list[Card] = []
    kinds: list[list[Arrangement]] = []
    for index, made in enumerate(cards):
        own = made.arrangement
        assert own is not None
        if not made.text.pictures:
            trial.append(made)
            kinds.append([own])
            continue
        options = [replace(a, tight=own.tight, continues=own.continues)
                   for a in arrangements(fitting.sizes[0], fitting.large_print, fitting.split)
                   if a.across == way[0] and way[1] in (None, a.side_by_side)
                   and (a.beside == 1 or not alone)]
        found = [c for c in (fitting.made(index, a) for a in options) if c is not None]
        if not found:
            return None
        trial.append(min(found, key=lambda c: c.height))
        # (Its pictures grow in the shortest way of each it may take.)
        kinds.append([_kind(min((c for c in found if _kind(c).side_by_side == side),
                                key=lambda c: c.height))
                      for side in (True, False)
                      if any(_kind(c).side_by_side == side for c in found)])
    if fitting.score(trial)[:2] > kept:  # (pictures grow only while the pages stay)
        return None
    return fitting.all_grown(trial, kinds)


def _loosened(fitting: Fitter, cards: list[Card]) -> list[Card]:
    """The cards, each with more space between its parts where that leaves less blank paper
    on the pages before the last (a page's foot less blank, the pages on average fuller)
    and every card on its page."""
    goal = fitting.pages(cards)
    for index, made in enumerate(cards):
        kind = _kind(made)
        if kind.tight or kind.loose or not made.text.pictures:
            continue
        loose = fitting.made(index, replace(kind, loose=True))
        if loose is None:
            continue
        tried = [*cards[:index], loose, *cards[index + 1:]]
        if fitting.pages(tried) == goal and (fitting.score(tried, 0.0)[2]
                                             < fitting.score(cards, 0.0)[2]):
            cards = tried
    return cards


def _alone(made: Card) -> bool:
    """Whether a card's steps stand alone beside its pictures, the rest across under them."""
    kind = _kind(made)
    return not kind.across and kind.beside == 1


def _kind(made: Card) -> Arrangement:
    assert made.arrangement is not None
    return made.arrangement


def _height(made: Card) -> float:
    a = made.arrangement
    return a.picture_height if a is not None else 0.0

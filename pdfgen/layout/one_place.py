"""One place for the pictures of a handout's cards: on every card beside the steps, or on
every card across it over them, where that costs no page, no sheet turned between pictures
and steps, no body size and no page left half blank; else each card as it fitted best."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Protocol

from pdfgen.layout.blocks.card import Arrangement, Card, arrangements
from pdfgen.layout.one_scale import Fitter as ScaleFitter
from pdfgen.layout.one_scale import at_one_scale, one_scale, shape_of


class Fitter(ScaleFitter, Protocol):
    """What the pass needs of the fitting pass: what one scale needs, how well cards fill
    their pages, and cards' pictures grown on their pages."""

    def score(self, cards: Sequence[Card], most: float = ...
              ) -> tuple[int, int, float, float]: ...
    def all_grown(self, cards: list[Card], kinds: list[list[Arrangement]]) -> list[Card]: ...


def one_place(fitting: Fitter, cards: list[Card]) -> list[Card]:
    """The cards with their pictures in one place, grown as far as their pages allow and
    then at one scale: of the places that keep the sheets turned, the last page and every
    figure at one body size, print the pictures no smaller than the cards as they are and
    leave no page blanker than they do (but under the most a page may be left blank), the
    one with the largest pictures, then the least blank paper past that most, then the one
    most cards have. The cards as they are when no place keeps all that (long, low figures
    whose card stands only one way on the page the closing shares, say)."""
    drawn = [c for c in cards if c.text.pictures]  # (a card without pictures has no place)
    shapes = [shape_of(c) for c in drawn]
    if len(set(shapes)) < 2:
        return cards
    kept, least = fitting.score(cards)[:2], min(map(_height, drawn))
    rooms = fitting.left_rooms(cards)
    best: tuple[tuple[float, float, int], list[Card]] | None = None
    for shape in (False, True):  # beside the steps, over them
        trial = _in_shape(fitting, cards, shape, kept)
        if trial is None:
            continue
        trial = one_scale(fitting, trial)
        if not at_one_scale(trial):
            continue  # one body size in a handout comes before one place (issue 22)
        score = fitting.score(trial)
        largest = min(_height(c) for c in trial if c.text.pictures)
        if (score[:2] > kept or largest < least
                or not fitting.no_blanker(fitting.left_rooms(trial), rooms)):
            continue  # a page more, a sheet turned, smaller pictures, or a page left blank
        grade = (-largest, score[2], -shapes.count(shape))
        if best is None or grade < best[0]:
            best = (grade, trial)
    return cards if best is None else best[1]


def _in_shape(fitting: Fitter, cards: list[Card], shape: bool, kept: tuple[int, int]
              ) -> list[Card] | None:
    """The cards, each in the shortest of its arrangements of `shape` at the least picture
    height (as tight as it was, and going on to the next page if it did), then grown in
    that arrangement; None when they take more sheets or pages than `kept` even so."""
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
                   if a.across == shape]
        found = [c for c in (fitting.made(index, a) for a in options) if c is not None]
        if not found:
            return None
        trial.append(min(found, key=lambda c: c.height))
        # (Its pictures grow in the shortest way of each: side by side, one under the other.)
        kinds.append([_kind(min((c for c in found if _kind(c).side_by_side == side),
                                key=lambda c: c.height))
                      for side in (True, False)
                      if any(_kind(c).side_by_side == side for c in found)])
    if fitting.score(trial)[:2] > kept:  # (pictures grow only while the pages stay)
        return None
    return fitting.all_grown(trial, kinds)


def _kind(made: Card) -> Arrangement:
    assert made.arrangement is not None
    return made.arrangement


def _height(made: Card) -> float:
    a = made.arrangement
    return a.picture_height if a is not None else 0.0

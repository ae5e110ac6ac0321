"""One scale for a handout's figures: every card whose pictures are upright figures printed
at one height (so one body size), and every card of lying ones at another, chosen after the
fitting pass grew each card, never one card's alone."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Protocol

from pdfgen.layout.blocks.card import Arrangement, Card, arrangements


class Fitter(Protocol):
    """What one scale needs of the fitting pass: its heights, cards made at an arrangement,
    and the pages cards make."""

    large_print: bool
    split: bool

    @property
    def sizes(self) -> Sequence[int]: ...

    def made(self, index: int, arrangement: Arrangement) -> Card | None: ...
    def pages(self, cards: list[Card]) -> list[int]: ...
    def left_rooms(self, cards: list[Card]) -> list[float]: ...
    def no_blanker(self, left: list[float], before: list[float],
                   most: float | None = None) -> bool: ...


def one_scale(fitting: Fitter, cards: list[Card], most: float | None = None
              ) -> list[Card]:
    """The cards with each group of figures at the largest height at which every card of
    the group keeps the pages the cards grew to, no page much blanker (than `most` of it, a
    share, where given); as they grew when no height does (a page the smaller pictures
    would leave half blank)."""
    from pdfgen.layout.blocks.gallery import figure_group

    groups: dict[str, list[int]] = {}
    for index, one in enumerate(cards):
        group = figure_group(one.text.pictures)
        if group and one.arrangement and one.arrangement.picture_height:
            groups.setdefault(group, []).append(index)
    for members in groups.values():
        grown = [_kind(cards[i]).picture_height for i in members]
        for height in sorted({h for h in fitting.sizes if min(grown) <= h <= max(grown)},
                             reverse=True):
            trial = _at(fitting, cards, members, height, most)
            if trial is not None:
                cards = trial
                break
    return cards


def at_one_scale(cards: Sequence[Card]) -> bool:
    """Whether each group of figures stands at one height in the cards."""
    from pdfgen.layout.blocks.gallery import figure_group

    heights: dict[str, set[float]] = {}
    for one in cards:
        group = figure_group(one.text.pictures)
        if group and one.arrangement and one.arrangement.picture_height:
            heights.setdefault(group, set()).add(one.arrangement.picture_height)
    return all(len(h) == 1 for h in heights.values())


def _at(fitting: Fitter, cards: list[Card], members: list[int], height: float,
        most: float | None = None) -> list[Card] | None:
    """The cards with the members' pictures at `height`, if they keep every page."""
    goal, before = fitting.pages(cards), fitting.left_rooms(cards)
    made = {i: fitting.made(i, replace(_kind(cards[i]), picture_height=height,
                                       picture_column=0.0)) for i in members}
    trial = [made.get(i) or c for i, c in enumerate(cards)]
    if not all(made.values()) or fitting.pages(trial) != goal:
        return None
    if fitting.no_blanker(fitting.left_rooms(trial), before, most):
        return trial
    # A card that now leaves its page too blank may stand taller at the same scale: its
    # pictures across the card, one under the other (in the way every card has, if they
    # have one).
    sides = not fitting.large_print
    ways = [way_of(c, sides) for c in cards if c.text.pictures]
    for index in members:
        for option in _tallest_first(fitting, index, height):
            if not in_step(ways, way_of(option, sides)):
                continue
            tried = [*trial[:index], option, *trial[index + 1:]]
            if fitting.pages(tried) == goal:
                trial = tried
                break
    return trial if fitting.no_blanker(fitting.left_rooms(trial), before, most) else None


def _tallest_first(fitting: Fitter, index: int, height: float) -> Sequence[Card]:
    made = (fitting.made(index, a)
            for a in arrangements(height, fitting.large_print, fitting.split))
    return sorted((c for c in made if c is not None), key=lambda c: -c.height)


# Where a card's pictures stand: over its steps (else beside them); side by side (else one
# under the other; None: either, or a single picture).
Way = tuple[bool, bool | None]


def way_of(made: Card, sides: bool = True) -> Way:
    """Where a card's pictures stand (across the card over its steps, else beside them) and
    how (side by side, else one under the other: None for a single picture, or where
    `sides` is false)."""
    kind = _kind(made)
    return kind.across, (kind.side_by_side if sides and len(made.text.pictures) > 1
                         else None)


def ways_agree(ways: Sequence[Way]) -> bool:
    """Whether cards stand one way: one place, and side by side on all or none of those
    with two pictures or more."""
    return (len({w[0] for w in ways}) < 2
            and len({w[1] for w in ways if w[1] is not None}) < 2)


def in_step(ways: Sequence[Way], way: Way) -> bool:
    """Whether a card standing `way` keeps what the cards standing `ways` agree on: their
    place, how their pictures stand, or both."""
    places, sides = {w[0] for w in ways}, {w[1] for w in ways if w[1] is not None}
    return ((len(places) != 1 or way[0] in places)
            and (len(sides) != 1 or way[1] is None or way[1] in sides))


def _kind(made: Card) -> Arrangement:
    assert made.arrangement is not None
    return made.arrangement

"""Where blocks fall on pages, as the frame will place them: each card whole on a page, or
cut between its rows where a card may be (large print's pictures and steps on one page or
on facing pages)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pdfgen.layout.blocks.card import Card, cut_here, turned


def paginate(first_room: float, page_room: float, blocks: Sequence[Card | float],
             gap: float = 0, first_page: int = 0) -> tuple[list[int], float]:
    """Where blocks placed in order start (page numbers from 0), then the page the last one
    ends on, and the room left there. A block is a card or the height of something kept
    whole; `gap` stands between two blocks on one page; `first_page` is the page the first
    block may start on (the opening before it took the pages before). This is what the
    frame does with them: a card that does not fit moves to the next page whole, or splits
    as Card.split says."""
    placed = place(first_room, page_room, blocks, gap, first_page)
    return [*placed.starts, placed.last], placed.room


@dataclass(frozen=True)
class Placed:
    """Blocks placed on pages: where each starts, the page the last ends on, the room left
    there, the room each earlier page was left with (its blank foot), and how many cards
    had to turn the sheet over between their pictures and their steps (no page could hold
    both, and the pictures did not stand on a page facing the next)."""

    starts: list[int]
    last: int
    room: float
    left: list[float]
    turned: int = 0


def place(first_room: float, page_room: float, blocks: Sequence[Card | float],
          gap: float = 0, first_page: int = 0, follows: bool = False) -> Placed:
    """The blocks placed on pages, as paginate says; `started`: something stands above the
    first block on its page already (`follows`: the gap goes between them)."""
    page, room, starts, left = first_page, first_room, [], []
    turns = 0

    def turn() -> None:
        nonlocal page, room
        left.append(room)
        page, room = page + 1, page_room

    for block in blocks:
        space = gap if follows or room < (first_room if page == first_page
                                          else page_room) else 0
        follows = False
        if not isinstance(block, Card):
            if block + space > room:
                turn()
                space = 0
            starts.append(page)
            room -= block + space
            continue
        heights, keep = list(block.heights), [row.keep for row in block.rows]
        head, started, facing, before = block.head, False, block.facing, block.before
        while True:
            if sum(heights) + space <= room:
                room -= sum(heights) + space
                break
            # Pages are numbered from 1: an even page faces the next, open on the table.
            even = page % 2 == 1
            may_split = block.continues or sum(heights) > page_room
            cut = cut_here(heights, keep, room - space, page_room, head,
                           facing, even, before) if may_split else 0
            if cut:
                turns += turned(cut, head, facing, even, before)
                starts += [] if started else [page]
                started = True
                room -= sum(heights[:cut + 1]) + space
                heights, keep = [block.more_height, *heights[cut + 1:]], keep[cut:]
                head = head - cut if cut < head else 0
                facing = facing - cut if cut < facing else 0
                before = before - cut if cut < before else 0
            elif room >= page_room - 0.5:  # not even an empty page holds a row of it
                room = 0
                break
            turn()
            space = 0
        starts += [] if started else [page]
    return Placed(starts, page, room, left, turns)

"""The fitting pass: lay the cards out, measure the pages, and try the next arrangement until
the handout takes as few pages as it can, each card whole on its page and each page full."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from reportlab.platypus import Flowable

from pdfgen.layout.blocks.card import Arrangement, Card, cut_rows

# Picture sizes tried: the most a picture may be tall, in points (never under 1.5 in, 2 in
# in large print), and the picture column's share of the card's width.
NORMAL = ((108, 0.30), (126, 0.34), (144, 0.38), (180, 0.42), (216, 0.46), (252, 0.50))
LARGE = ((144, 0.36), (162, 0.38), (180, 0.40), (198, 0.42), (216, 0.44))


def paginate(first_room: float, page_room: float, blocks: Sequence[Card | float],
             gap: float = 0) -> tuple[list[int], float]:
    """Where blocks placed in order start (page numbers from 0), then the page the last one
    ends on, and the room left there. A block is a card or the height of something kept
    whole; `gap` stands between two blocks on one page. This is what the frame does with
    them: a card that does not fit moves to the next page whole, or splits as Card.split
    says."""
    page, room, starts = 0, first_room, []
    for block in blocks:
        space = gap if room < (first_room if page == 0 else page_room) else 0
        if not isinstance(block, Card):
            if block + space > room:
                page, room, space = page + 1, page_room, 0
            starts.append(page)
            room -= block + space
            continue
        heights, keep = list(block.heights), [row.keep for row in block.rows]
        head, started = block.head, False
        while True:
            if sum(heights) + space <= room:
                room -= sum(heights) + space
                break
            may_split = block.theme.large_print or sum(heights) > page_room
            cut = cut_rows(heights, keep, room - space) if may_split else 0
            fresh = room >= page_room - 0.5
            if cut and (cut >= min(head, len(keep)) or fresh):
                starts += [] if started else [page]
                started = True
                heights, keep, head = [block.heights[0], *heights[cut + 1:]], keep[cut:], 1
            elif fresh:  # not even an empty page holds a row of it: it overflows
                room = 0
                break
            page, room, space = page + 1, page_room, 0
        starts += [] if started else [page]
    return [*starts, page], room


def fit_cards(measure: Callable[[int, Arrangement], Card], count: int, large_print: bool,
              first_room: float, page_room: float, closing: float, gap: float
              ) -> list[Arrangement]:
    """An arrangement for each card. First the most compact, for the fewest pages; then each
    card's pictures grow while every card and the closing stay on the pages they were on, so
    a card alone on its page fills it rather than leaving its foot blank."""
    sizes = LARGE if large_print else NORMAL
    known: dict[tuple[int, tuple[float, float]], Card] = {}

    beside: dict[int, bool] = {}

    def best(index: int, size: tuple[float, float]) -> Card:
        # The tips beside the pictures or under them, whichever makes the shorter card at
        # the smallest size; kept as the pictures grow.
        if (index, size) not in known:
            if index not in beside:
                options = [measure(index, Arrangement(*size, tips_beside=b)) for b in (True, False)]
                known[index, size] = min(options, key=lambda card: card.height)
                beside[index] = bool(known[index, size].arrangement.tips_beside)
            else:
                known[index, size] = measure(index, Arrangement(*size, beside[index]))
        return known[index, size]

    def layout(choice: list[tuple[float, float]]) -> list[int]:
        cards = [best(i, size) for i, size in enumerate(choice)]
        return paginate(first_room, page_room, [*cards, closing], gap)[0]

    choice = [sizes[0]] * count
    pages = layout(choice)
    for index in range(count):
        # The largest size that keeps every page as it was: a card alone on its page often
        # takes the largest at once, so few sizes are measured.
        fits = best(index, sizes[0]).height <= page_room
        for size in reversed(sizes[1:]):
            trial = [*choice[:index], size, *choice[index + 1:]]
            if fits and best(index, size).height > page_room:
                continue  # a card that can stand whole on a page stays whole
            if layout(trial) == pages:
                choice = trial
                break
    return [best(i, size).arrangement for i, size in enumerate(choice)]


def height_of(flowables: Sequence[Flowable], width: float) -> float:
    """The height of flowables stacked in a frame, with the space between them."""
    total = 0.0
    for index, flowable in enumerate(flowables):
        total += flowable.wrap(width, 1e6)[1] + flowable.getSpaceAfter()
        total += flowable.getSpaceBefore() if index else 0
    return total

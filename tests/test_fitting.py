"""The fitting pass and the exercise card, unit by unit through pdfgen.layout: where blocks
land on pages, a card measured with blank pictures as tall as the drawn one, and a card
alone on its page given the largest pictures."""

from __future__ import annotations

import pytest
from conftest import resolved_demo

from pdfgen.layout.blocks.card import Arrangement, arrangements, card
from pdfgen.layout.fitting import LARGE, NORMAL, fit_cards
from pdfgen.layout.pagination import paginate, place

WIDTH, ROOM = 526.0, 672.0


@pytest.fixture(scope="module")
def level_2():
    """The demo's Level 2, resolved, and its theme: what pages.render_pdf lays out."""
    return resolved_demo(2)


def test_a_block_that_does_not_fit_starts_the_next_page_without_its_gap() -> None:
    starts, left = paginate(100, 200, [60, 60, 30], gap=10)
    # The second block (60 + gap 10) does not fit the 40 left on page 1: it opens page 2
    # with no gap above it, and the third follows it there after the gap.
    assert starts == [0, 1, 1, 1]
    assert left == 200 - 60 - (30 + 10)


@pytest.mark.parametrize("large_print", [False, True])
def test_no_cards_have_no_arrangements(large_print: bool) -> None:
    # (Once a ValueError: the cards' shortest arrangements were unpacked from an empty zip.)
    def measure(index: int, arrangement: Arrangement) -> None:
        raise AssertionError("no card to measure")

    assert fit_cards(measure, 0, large_print, ROOM, ROOM, 100, 22) == []


def test_every_picture_of_the_demo_is_measured_in_resolve(level_2) -> None:
    text, _ = level_2
    pictures = [p for c in text.cards for p in c.pictures]
    assert pictures
    assert all(w > 1 and h > 1 for p in pictures for w, h in [p.size])


def test_a_card_that_may_go_on_starts_where_its_pictures_and_steps_fit(level_2) -> None:
    """Normal print: a card whole moves to the next page; one the fitting pass lets go on
    starts where its name, pictures and steps fit, the rest at the top of the next page."""
    text, theme = level_2
    for c in text.cards:
        whole = card(c, theme, WIDTH, ROOM, Arrangement(NORMAL[0], across=True), measure=True)
        going = card(c, theme, WIDTH, ROOM, Arrangement(NORMAL[0], across=True,
                                                        continues=True), measure=True)
        assert whole is not None and going is not None
        assert going.height == whole.height  # the same card, only allowed to go on
        assert going.head < len(going.rows), c.name  # something follows its steps
        room = going.head_height + 5  # its head fits, the whole card does not
        assert place(room, ROOM, [whole]).starts == [1]
        placed = place(room, ROOM, [going])
        assert (placed.starts, placed.last) == ([0], 1)
        rest = sum(going.heights[going.head + 1:])
        assert ROOM - placed.room == pytest.approx(going.more_height + rest, abs=0.01)


@pytest.mark.parametrize("size", [NORMAL[0], NORMAL[-1]])
def test_a_card_measured_with_blank_pictures_is_as_tall_as_the_drawn_card(level_2, size
                                                                          ) -> None:
    text, theme = level_2
    tried = 0
    for c in text.cards:
        for arrangement in arrangements(size):
            measured = card(c, theme, WIDTH, ROOM, arrangement, measure=True)
            drawn = card(c, theme, WIDTH, ROOM, arrangement)
            assert (measured is None) == (drawn is None), (c.name, arrangement)
            if measured is None or drawn is None:
                continue
            tried += 1
            # Within the hundredth of a point of slack a drawn picture's box is given.
            assert measured.wrap(WIDTH, ROOM) == pytest.approx(drawn.wrap(WIDTH, ROOM),
                                                               abs=0.05), (c.name, arrangement)
    assert tried > 3 * 10  # most arrangements can place the demo's standing figures


def test_larger_pictures_make_a_taller_card(level_2) -> None:
    text, theme = level_2
    with_pictures = next(c for c in text.cards if c.pictures)
    stacked = Arrangement(NORMAL[0], side_by_side=False)
    small = card(with_pictures, theme, WIDTH, ROOM, stacked, measure=True)
    large = card(with_pictures, theme, WIDTH, ROOM,
                 Arrangement(NORMAL[-1], side_by_side=False), measure=True)
    assert small is not None and large is not None
    assert large.height > small.height
    assert large.picture_height > small.picture_height == NORMAL[0]


def test_no_arrangement_prints_a_picture_under_an_inch_and_a_half(level_2) -> None:
    text, theme = level_2
    for c in text.cards:
        for arrangement in arrangements(NORMAL[0]):
            made = card(c, theme, WIDTH, ROOM, arrangement, measure=True)
            assert made is None or made.picture_height >= 108 - 0.01, (c.name, arrangement)


def test_lying_figures_are_never_squeezed_side_by_side(level_2) -> None:
    """Figures lying on a mat print at their group's scale in any arrangement: side by side
    only where the card holds them at that scale (never smaller to fit)."""
    text, theme = resolved_demo(1)
    for name in ("Glute Bridge", "Back Extension", "Plank and Bird Dog"):
        lying = next(c for c in text.cards if c.name == name)
        made = [card(lying, theme, WIDTH, ROOM, a, measure=True)
                for a in arrangements(NORMAL[0])]
        assert any(m is not None for m in made)
        assert all(m.picture_height >= NORMAL[0] - 0.01 for m in made if m is not None)


def test_a_card_alone_on_its_page_gets_the_largest_pictures(level_2) -> None:
    text, theme = level_2
    index = next(i for i, c in enumerate(text.cards) if c.pictures)

    def measure(_: int, arrangement: Arrangement):
        return card(text.cards[index], theme, WIDTH, ROOM, arrangement, measure=True)

    # One card, a page to itself, and a closing that always takes the next page.
    chosen = fit_cards(measure, 1, False, ROOM, ROOM, ROOM, 22)
    made = measure(0, chosen[0])
    assert chosen[0].picture_height == NORMAL[-1]
    assert made.picture_height >= 3 * 72 and made.height <= ROOM


def test_the_shortest_arrangement_is_chosen_when_the_pages_are_full(level_2) -> None:
    text, theme = level_2

    def measure(index: int, arrangement: Arrangement):
        return card(text.cards[index], theme, WIDTH, ROOM, arrangement, measure=True)

    # Three cards and the closing, with no room to spare: each card at its shortest.
    shortest = [min(h for a in arrangements(NORMAL[0])
                    if (h := getattr(measure(i, a), "height", None)) is not None)
                for i in range(3)]
    room = max(shortest)
    chosen = fit_cards(measure, 3, False, room, room, room, 22)
    heights = [measure(i, a).height for i, a in enumerate(chosen)]
    assert heights[shortest.index(room)] == pytest.approx(room)
    assert all(h <= room for h in heights)


def test_no_large_print_arrangement_prints_a_picture_under_two_and_a_quarter_inches() -> None:
    text, theme = resolved_demo(2, large_print=True)
    for c in text.cards:
        for arrangement in arrangements(LARGE[0], True):
            made = card(c, theme, WIDTH, ROOM, arrangement, measure=True)
            assert made is None or made.picture_height >= 162 - 0.01, (c.name, arrangement)


def test_a_card_may_turn_the_page_after_its_pictures_only_on_an_even_page() -> None:
    """Large print: the pictures across the card on an even page, the steps on the odd
    page facing it; on an odd page never the steps on the back of the pictures' sheet: the
    card leaves its name, dose and what it is there, its pictures and steps on the back."""
    text, theme = resolved_demo(2, large_print=True)
    squat = text.cards[0]
    made = card(squat, theme, WIDTH, ROOM, Arrangement(LARGE[0], across=True, beside=0),
                measure=True)
    assert made is not None and made.facing and made.facing < made.head
    room = sum(made.heights[:made.facing + 1]) + 5  # the pictures fit, the steps do not
    on_odd = place(room, ROOM, [made], first_page=0)
    on_even = paginate(room, ROOM, [made], first_page=1)[0]
    assert on_odd.starts == [0] and on_odd.turned == 0
    assert sum(made.heights[:made.facing]) <= room < sum(made.heights[:made.head + 1])
    assert on_even[0] == 1  # page 2 holds its pictures, page 3 its steps
    assert on_even[-1] == 2


def test_a_card_may_leave_its_name_at_a_pages_foot_rather_than_a_third_of_it_blank() -> None:
    """Rather than leave a page more than a third blank, a large-print card's name, dose
    and what it is stand at its foot, and its pictures and every step together on the next
    page: from an even page, the odd page facing it; from an odd page, its back (the
    pictures and the steps still on one page). With less room, the card moves on whole."""
    text, theme = resolved_demo(1, large_print=True)
    extension = next(c for c in text.cards if c.name == "Back Extension")
    # Its lying figures across the card (large print's 18 pt steps are never squeezed into
    # a column beside them), the steps under them.
    made = card(extension, theme, WIDTH, ROOM,
                Arrangement(LARGE[0], across=True, side_by_side=False, beside=0), measure=True)
    assert made is not None and made.facing == made.head - 1  # pictures, then steps
    before = sum(made.heights[:made.facing])  # the title, the dose, what it is
    room = before + ROOM * 0.4 - 1  # the rest does not fit; 40 % of the page would be blank
    for first_page in (1, 0):  # even, then odd (pages counted from 0)
        placed = place(room, ROOM, [made], first_page=first_page)
        assert placed.starts == [first_page] and placed.last == first_page + 1, first_page
        assert placed.turned == 0
    less = ROOM / 3 - 1  # a page a third blank at the most: the card moves on whole
    assert before < less
    assert place(less, ROOM, [made], first_page=0).starts == [1]


def test_large_print_packing_finds_the_best_of_every_set(level_2) -> None:
    """The packing keeps only the best way to each page end: it must score as well as
    comparing every set of the cards' arrangements one by one."""
    import itertools

    from pdfgen.layout.fitting import _Fitting

    text, theme = resolved_demo(2, large_print=True)

    def measure(index: int, arrangement: Arrangement):
        return card(text.cards[index], theme, WIDTH, ROOM, arrangement, measure=True)

    fitting = _Fitting(measure, True, ROOM * 0.3, ROOM, ROOM * 0.6, 18, 1)
    options = [fitting._options(i) for i in range(len(text.cards))]
    assert all(len(o) > 5 for o in options)
    every = min(fitting.score(list(s))[:3] for s in itertools.product(*options))
    packed = fitting.packed([o[0] for o in options])
    assert fitting.score(packed)[:3] == every


def test_a_card_whose_pictures_stand_a_row_each_keeps_them_on_one_page() -> None:
    """A card taller than a page stands a picture a row: on an odd page with room for its
    name, dose, what it is and its first picture only, the name, dose and what it is stay
    at the foot and every picture goes over with the steps (the Spanish squat's first
    picture once printed on page 3 and its second on the back, with the steps)."""
    from reportlab.platypus import Spacer

    from pdfgen.layout.blocks.arrangement import Row
    from pdfgen.layout.blocks.card import Card, cut_here, turned

    text, theme = resolved_demo(2, large_print=True)
    rows = [Row(Spacer(1, 40)), Row(Spacer(1, 80)),  # the dose, what it is
            Row(Spacer(1, 200), picture=True), Row(Spacer(1, 200), picture=True, facing=True),
            *(Row(Spacer(1, 40), head=True) for _ in range(4))]  # the steps
    made = Card(text.cards[0], theme, WIDTH, ROOM, Row(Spacer(1, 40)), rows)
    assert (made.before, made.facing, made.head) == (2, 4, 8)
    room = 40 + 40 + 80 + 200 + 20  # the first picture fits, the second does not
    keep = [row.keep for row in rows]
    assert cut_here(made.heights, keep, room, ROOM, made.head, made.facing, False,
                    made.before) == 2
    # A cut between the pictures turns the sheet over as a cut between pictures and steps.
    assert turned(3, made.head, made.facing, False, made.before)
    assert not turned(2, made.head, made.facing, False, made.before)
    placed = place(room, ROOM, [made], first_page=0)
    assert placed.starts == [0] and placed.last == 1 and placed.turned == 0

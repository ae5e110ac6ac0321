"""The fitting pass and the exercise card, unit by unit through pdfgen.layout: where blocks
land on pages, a card measured with blank pictures as tall as the drawn one, and a card
alone on its page given the largest pictures."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import REPO

from pdfgen.content.loading import load_clinic
from pdfgen.content.project import Project
from pdfgen.content.selection import select
from pdfgen.layout.blocks.card import Arrangement, card
from pdfgen.layout.fitting import NORMAL, fit_cards, paginate
from pdfgen.layout.theme import make_theme
from pdfgen.text.engine import text_engine
from pdfgen.text.fonts import load_fonts
from pdfgen.text.resolve import resolve_handout

WIDTH, ROOM = 526.0, 672.0


@pytest.fixture(scope="module")
def level_2():
    """The demo's Level 2, resolved, and its theme: what pages.render_pdf lays out."""
    project = Project(root=REPO, out_dir=REPO / "out")
    clinic = load_clinic(project)
    chosen = select(project, level=2, topic=None, patient=None, day=dt.date(2026, 11, 24),
                    plan_path=None, log_weeks=None, large_print=None)
    fonts = load_fonts(clinic.model.fonts, project.font_dirs, clinic.path)
    text = resolve_handout(clinic, chosen, engine=text_engine(project.templates_dir),
                           fonts=fonts)
    return text, make_theme(clinic.model.brand, fonts)


def test_a_block_that_does_not_fit_starts_the_next_page_without_its_gap() -> None:
    starts, left = paginate(100, 200, [60, 60, 30], gap=10)
    # The second block (60 + gap 10) does not fit the 40 left on page 1: it opens page 2
    # with no gap above it, and the third follows it there after the gap.
    assert starts == [0, 1, 1, 1]
    assert left == 200 - 60 - (30 + 10)


def test_every_picture_of_the_demo_is_measured_in_resolve(level_2) -> None:
    text, _ = level_2
    pictures = [p for c in text.cards for p in c.pictures]
    assert pictures
    assert all(w > 1 and h > 1 for p in pictures for w, h in [p.size])


@pytest.mark.parametrize("size", [NORMAL[0], NORMAL[-1]])
def test_a_card_measured_with_blank_pictures_is_as_tall_as_the_drawn_card(level_2, size
                                                                          ) -> None:
    text, theme = level_2
    for c in text.cards:
        arrangement = Arrangement(*size, tips_beside=True)
        measured = card(c, theme, WIDTH, ROOM, arrangement, measure=True)
        drawn = card(c, theme, WIDTH, ROOM, arrangement)
        # Within the hundredth of a point of slack a drawn picture's box is given.
        assert measured.wrap(WIDTH, ROOM) == pytest.approx(drawn.wrap(WIDTH, ROOM), abs=0.05), \
            c.name


def test_larger_pictures_make_a_taller_card(level_2) -> None:
    text, theme = level_2
    with_pictures = next(c for c in text.cards if c.pictures)
    small = card(with_pictures, theme, WIDTH, ROOM, Arrangement(*NORMAL[0], True), measure=True)
    large = card(with_pictures, theme, WIDTH, ROOM, Arrangement(*NORMAL[-1], True),
                 measure=True)
    assert large.height > small.height


def test_a_card_alone_on_its_page_gets_the_largest_pictures(level_2) -> None:
    text, theme = level_2
    index = next(i for i, c in enumerate(text.cards) if c.pictures)

    def measure(_: int, arrangement: Arrangement):
        return card(text.cards[index], theme, WIDTH, ROOM, arrangement, measure=True)

    # One card, a page to itself, and a closing that always takes the next page.
    chosen = fit_cards(measure, 1, False, ROOM, ROOM, ROOM, 22)
    assert (chosen[0].picture_height, chosen[0].column) == NORMAL[-1]


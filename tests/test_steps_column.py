"""A card's numbered steps in one column: never steps 1 to 5 beside the pictures and 6 at
the margin under them, unless that alone keeps the handout to its pages."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
from pages_helpers import build, exercise, routine


def step_lefts(pdf: Path, slugs: list[str]) -> dict[str, list[float]]:
    """Where each card's steps start, read back from the pages: the left edge of each
    step's first characters, found in order after the card's name (on a page after the
    first, where "Your exercises" names them too)."""
    found: dict[str, list[float]] = {}
    document = pdfium.PdfDocument(pdf)
    pages = [(page.get_textpage(), page.get_textpage().get_text_range().replace("\u00a0", " "))
             for page in document][1:]
    for slug in slugs:
        data = exercise(slug)
        page = next(n for n, (_, whole) in enumerate(pages) if data["name"] in whole)
        at = pages[page][1].index(data["name"])
        for step in data["steps"]:
            while pages[page][1].find(step[:16], at) < 0:
                page, at = page + 1, 0  # (a card going on to the next page)
            at = pages[page][1].find(step[:16], at)
            found.setdefault(slug, []).append(pages[page][0].get_charbox(at)[0])
            at += 16
    document.close()
    return found


@pytest.mark.parametrize("args", [("--level", "2"), ("--level", "1"),
                                  ("--level", "2", "--patient", "Jane Example")])
def test_every_cards_steps_stand_in_one_column(demo: Path, args: tuple[str, ...]) -> None:
    """(On Letter, the kettlebell swing's sixth step stood at the margin under its
    pictures, its first five beside them: the handout is 4 pages either way.)"""
    level = int(args[1])
    lefts = step_lefts(build(demo, *args), routine(level))
    for slug, xs in lefts.items():
        assert max(xs) - min(xs) < 1, (slug, [round(x) for x in xs])


def test_steps_go_on_under_the_pictures_only_to_keep_the_pages(demo: Path) -> None:
    """On A4 the kettlebell swing's last step goes on under its pictures: with every step
    in the column, the swing and the closing are too tall for one page, and the handout
    would take 5."""
    pdf = build(demo, "--level", "2", "--paper", "a4")
    assert len(pdfium.PdfDocument(pdf)) == 4
    xs = step_lefts(pdf, ["kettlebell-swing"])["kettlebell-swing"]
    assert xs[-1] < min(xs[:-1]) - 100, [round(x) for x in xs]

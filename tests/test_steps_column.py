"""A card's numbered steps in one column: never steps 1 to 5 beside the pictures and 6 at
the margin under them, unless that alone keeps the handout to its pages."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
from pages_helpers import build, exercise, routine


def step_lefts(pdf: Path, slugs: list[str], skip: int = 1) -> dict[str, list[float]]:
    """Where each card's steps start, read back from the pages: the left edge of each
    step's first characters, found in order after the card's name (on a page after the
    first `skip`: page 1's "Your exercises" names them too)."""
    found: dict[str, list[float]] = {}
    document = pdfium.PdfDocument(pdf)
    pages = [(page.get_textpage(), page.get_textpage().get_text_range().replace("\u00a0", " "))
             for page in document][skip:]
    for slug in slugs:
        data = exercise(slug)
        name = data["name"].split()[0]  # (a name may break over two lines)
        page = next(n for n, (_, whole) in enumerate(pages) if name in whole)
        at = pages[page][1].index(name)
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


@pytest.mark.parametrize("args", [("--level", "1"), ("--plan", "content/plans/example.yaml")])
def test_the_sheets_steps_stand_beside_their_pictures(demo: Path, args: tuple[str, ...]
                                                      ) -> None:
    """The one-page sheet too: every row's steps in one column beside its pictures where
    the sheet keeps its pages and its pictures' size so (the example plan's kettlebell
    swing had its steps 5 and 6 under its pictures, at the margin, on the back)."""
    pdf = build(demo, *args, "--layout", "compact")
    slugs = (routine(1) if args[0] == "--level"
             else ["squat", "lunge", "kettlebell-swing"])
    for slug, xs in step_lefts(pdf, slugs, skip=0).items():
        assert max(xs) - min(xs) < 3, (slug, [round(x) for x in xs])  # (numbers' widths)


def test_the_sheets_steps_run_round_the_pictures_only_to_keep_a_page(demo: Path) -> None:
    """Level 2's sheet on Letter: with every step beside its pictures it would run past one
    page at any picture height, so the kettlebell swing's last steps go on under them."""
    pdf = build(demo, "--level", "2", "--layout", "compact")
    assert len(pdfium.PdfDocument(pdf)) == 1
    xs = step_lefts(pdf, ["kettlebell-swing"], skip=0)["kettlebell-swing"]
    assert xs[-1] < min(xs[:2]) - 100, [round(x) for x in xs]

"""A card's numbered steps in one column: never steps 1 to 5 beside the pictures and 6 at
the margin under them, unless that alone keeps the handout to its pages."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
from conftest import pdf_text
from pages_helpers import build, exercise, routine


def step_lefts(pdf: Path, slugs: list[str], skip: int = 1, language: str = "en"
               ) -> dict[str, list[float]]:
    """Where each card's steps start, read back from the pages: the left edge of each
    step's first characters, found in order after the card's name (on a page after the
    first `skip`: page 1's "Your exercises" names them too)."""
    found: dict[str, list[float]] = {}
    document = pdfium.PdfDocument(pdf)
    pages = [(page.get_textpage(), page.get_textpage().get_text_range().replace("\u00a0", " "))
             for page in document][skip:]
    for slug in slugs:
        data = exercise(slug if language == "en" else f"{slug}.{language}")
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
    """On A4 the kettlebell swing's sixth step stood at the margin under its pictures,
    while the closing's heading leading its words ("Keep going. Do each ...") keeps the 4
    pages with every step in its column: it does now. With a clinic's phone photos on
    Letter nothing else keeps the 4 pages: the swing's last steps go on under its photos."""
    from test_clinic_photos import phone_photos

    pdf = build(demo, "--level", "2", "--paper", "a4")
    assert len(pdfium.PdfDocument(pdf)) == 4
    xs = step_lefts(pdf, ["kettlebell-swing"])["kettlebell-swing"]
    assert max(xs) - min(xs) < 1, [round(x) for x in xs]
    assert "Keep going. Do each exercise" in pdf_text(pdf)
    phone_photos(demo)
    pdf = build(demo, "--level", "2")
    assert len(pdfium.PdfDocument(pdf)) == 4
    xs = step_lefts(pdf, ["kettlebell-swing"])["kettlebell-swing"]
    assert xs[-1] < min(xs[:2]) - 100, [round(x) for x in xs]


@pytest.mark.parametrize("args", [("--level", "1", "--paper", "a4"),
                                  ("--plan", "content/plans/example.yaml")])
def test_the_sheets_steps_stand_beside_their_pictures(demo: Path, args: tuple[str, ...]
                                                      ) -> None:
    """The one-page sheet too: every row's steps in one column beside its pictures where
    the sheet keeps its pages and its pictures' size so (the example plan's kettlebell
    swing had its steps 5 and 6 under its pictures, at the margin, on the back). (Level 1
    on Letter: see test_the_sheets_steps_run_round_the_pictures_only_to_keep_a_page.)"""
    pdf = build(demo, *args, "--layout", "compact")
    slugs = (routine(1) if args[0] == "--level"
             else ["squat", "lunge", "kettlebell-swing"])
    for slug, xs in step_lefts(pdf, slugs, skip=0).items():
        assert max(xs) - min(xs) < 3, (slug, [round(x) for x in xs])  # (numbers' widths)


@pytest.mark.parametrize("paper", ["letter", "a4"])
@pytest.mark.parametrize("level", [1, 2])
@pytest.mark.parametrize("language", ["en", "es"])
def test_the_sheets_rows_start_their_steps_at_one_edge(demo: Path, level: int, paper: str,
                                                       language: str) -> None:
    """Every row's steps beside its pictures start at one edge, read down the sheet as one
    column (Level 2 on Letter had them at 3 places: 258, 245 and 305 pt from the edge, each
    row's pictures as wide as they were), and the first step beside the pictures. (Spanish
    Level 1 had two edges on both papers until the plank's step 4 took one line beside its
    pictures rather than two.) Level 1 in English on A4 and in Spanish on Letter give up
    the one edge, not the pain scale's own box (its labels under the warning signs, read as
    part of the emergency's advice, cost more: sheet_fit.COSTS): two edges, no more."""
    pdf = build(demo, "--level", str(level), "--layout", "compact", "--paper", paper,
                "--language", language)
    assert len(pdfium.PdfDocument(pdf)) == 1
    firsts = [xs[0] for xs in step_lefts(pdf, routine(level), 0, language).values()]
    edges: list[float] = []
    for x in sorted(firsts):
        if not edges or x - edges[-1] >= 3:  # (3 pt: the numbers' widths)
            edges.append(x)
    given_up = level == 1 and (language, paper) in (("en", "a4"), ("es", "letter"))
    assert len(edges) == (2 if given_up else 1), [round(x) for x in firsts]
    assert min(firsts) > 150, [round(x) for x in firsts]  # beside, not under, the pictures


def test_the_sheets_steps_run_round_the_pictures_only_to_keep_a_page(demo: Path) -> None:
    """Level 1 on Letter and Spanish Level 1 on A4: with every step beside its pictures it
    would run past one page at any picture height, unless the pain scale's labels went
    under the warning signs (read as part of the emergency's advice), so the plank's last
    steps go on under them. Spanish Level 2 on A4 once ran the kettlebell swing's steps
    round its pictures too, to keep what to do at each pain band: the sheet gives those
    words up first (its own form of the scale is the bands' labels), every step beside the
    pictures; and in English on Letter, every step stands beside the pictures."""
    for args, language in ((("--paper", "a4", "--language", "es"), "es"), ((), "en")):
        pdf = build(demo, "--level", "1", "--layout", "compact", *args)
        assert len(pdfium.PdfDocument(pdf)) == 1
        xs = step_lefts(pdf, ["plank-bird-dog"], 0, language)["plank-bird-dog"]
        assert xs[-1] < min(xs[:2]) - 100, (args, [round(x) for x in xs])
    for args in (("--language", "es", "--paper", "a4"), ()):
        pdf = build(demo, "--level", "2", "--layout", "compact", *args)
        language = "es" if args else "en"
        xs = step_lefts(pdf, ["kettlebell-swing"], 0, language)["kettlebell-swing"]
        assert max(xs) - min(xs) < 3, (args, [round(x) for x in xs])

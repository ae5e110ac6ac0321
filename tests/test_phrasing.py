"""Captions break between their phrases where each phrase fits a line (as any text where
one does not, or where that would take more lines), their lines as even as their number
allows."""

from __future__ import annotations

from typing import Any

import pytest

import pdfgen
from pdfgen.layout.theme import Theme, make_theme


@pytest.fixture(scope="module")
def theme() -> Theme:
    from pdfgen.content.loading import load_clinic
    from pdfgen.text.fonts import load_fonts

    project = pdfgen.open_clinic().project
    clinic = load_clinic(project)
    return make_theme(clinic.model.brand,
                      load_fonts(clinic.model.fonts, project.font_dirs, clinic.path))


def lines(block: Any, width: float) -> list[str]:
    """The block's lines at a width as drawn (a caption's balanced), as words (a no-break
    space read as a space)."""
    block.wrap(width, 1e6)
    if block.phrasing is not None:
        block.balanced_at(width, 1e6)
    out = []
    for line in block.blPara.lines:
        words = line[1] if isinstance(line, tuple) else [w.text for w in line.words]
        out.append(" ".join(words).replace("\u00a0", " ").strip())
    return out


def test_a_caption_breaks_between_its_phrases(theme: Theme) -> None:
    text = "Down: hips back, knees bent, heels down, back straight."
    found = lines(theme.para(text, "caption"), 100)
    assert found == ["Down: hips back,", "knees bent,", "heels down,", "back straight."]
    # (Other text breaks as it always has: here a phrase cut in two.)
    assert lines(theme.para(text, "body"), 100) != found


def plain(theme: Theme, text: str) -> Any:
    block = theme.para(text, "caption")
    block.phrasing = None
    return block


CAPTIONS = ["Down: hips back, knees bent, heels down, back straight.",
            "Start: bend at the hips, back straight, the kettlebell between your knees.",
            "Abajo: cadera atrás, rodillas dobladas, talones en el suelo, espalda recta."]


@pytest.mark.parametrize("text", CAPTIONS)
def test_a_caption_never_takes_more_lines_for_its_phrases(theme: Theme, text: str) -> None:
    """At every width: no more lines than its words would take, in the width it was given
    (centred in it); at some width broken only between phrases where its words were not;
    and a phrase wider than a line leaves it as many lines as its words make."""
    phrased_somewhere = False
    for width in range(80, 320, 4):
        caption, words = theme.para(text, "caption"), plain(theme, text)
        assert caption.wrap(width, 1e6)[0] == width and caption.width == width
        mine, theirs = lines(caption, width), lines(words, width)
        assert len(mine) <= len(theirs), width
        assert 0 <= caption.shift <= width / 2
        ends = [line[-1] in ",:;." for line in mine]
        phrased_somewhere |= all(ends) and not all(line[-1] in ",:;." for line in theirs)
    assert phrased_somewhere
    assert len(lines(theme.para(CAPTIONS[1], "caption"), 110)) == len(
        lines(plain(theme, CAPTIONS[1]), 110))


def test_a_caption_s_lines_are_balanced(theme: Theme) -> None:
    """On A4 the squat's start read "Start: stand tall, feet / about / hip-width apart.":
    "about" alone, its line a third of the others."""
    text = "Start: stand tall, feet about hip-width apart."
    assert lines(plain(theme, text), 115) == ["Start: stand tall, feet", "about",
                                              "hip-width apart."]
    assert lines(theme.para(text, "caption"), 115) == ["Start: stand tall,", "feet about",
                                                       "hip-width apart."]


@pytest.mark.parametrize(("text", "width", "expected"), [
    ("Bird dog: reach one arm forward and the opposite leg back.", 290,
     ["Bird dog: reach one arm forward", "and the opposite leg back."]),
    ("Up: lift your hips until your knees, hips and shoulders line up.", 160,
     ["Up: lift your hips until", "your knees, hips and", "shoulders line up."]),
    # A label about a third of the line stays over its phrase: "boca abajo" kept whole.
    ("Inicio: boca abajo en el suelo.", 140, ["Inicio:", "boca abajo en el suelo."]),
])
def test_a_label_never_stands_alone_over_a_line_four_times_as_long(
        theme: Theme, text: str, width: float, expected: list[str]) -> None:
    """Level 1's bird dog read "Bird dog:" over "reach one arm forward and the opposite leg
    back.", a title over a caption beside the picture; large print's bridge "Up:" alone."""
    assert lines(theme.para(text, "caption"), width) == expected

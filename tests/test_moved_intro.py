"""The introduction page 1 has no room for: its first paragraph stays under the title, the
rest follows "Your exercises", led by a heading of its own in bold."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
import yaml
from conftest import REPO, font_at, normalize, run
from test_page_one import build, in_order, routine, words_of


@pytest.mark.parametrize("paper", ["letter", "a4"])
@pytest.mark.parametrize("level", [1, 2])
def test_a_moved_introduction_keeps_its_first_paragraph_on_page_1(
        demo: Path, level: int, paper: str) -> None:
    """Spanish page 1 has no room for the whole introduction: its first paragraph (Level 2:
    start with Level 1 first) stays under the title, before "Antes de empezar"; the rest
    opens page 2, led by a heading of its own in bold, before the first card. (All of it once
    followed the list, on page 2; then the rest stood there bare, over the squat's name,
    and read as the squat's words.)"""
    pages = build(demo, "--level", str(level), "--language", "es", "--paper", paper)
    words = yaml.safe_load((REPO / "content" / "routines" / "back-pain"
                            / f"level-{level}.es.yaml").read_text())
    first, rest = normalize(words["intro"][0]), normalize(words["intro"][1])
    in_order(pages[0], [first, "Antes de empezar", "Sus ejercicios"])
    assert rest not in pages[0] and MOVED_HEADING["es"] not in pages[0]
    in_order(pages[1], [MOVED_HEADING["es"], rest,
                        normalize(words_of(routine(level)["exercises"][0]))])
    assert pages[1].startswith(MOVED_HEADING["es"]) or pages[1].index(
        MOVED_HEADING["es"]) < pages[1].index(rest), pages[1][:200]


MOVED_HEADING = {"en": "About these exercises", "es": "Sobre estos ejercicios"}


def test_the_moved_introduction_s_heading_is_bold_and_its_words_are_not(demo: Path) -> None:
    """The example plan (page 1 holds its note): "About these exercises." in bold, the
    introduction's words after it in the body's face, at the head of page 2."""
    out = demo / "out" / "plan.pdf"
    out.parent.mkdir(exist_ok=True)
    result = run("handout", "--plan", "content/plans/example.yaml", "--date", "2026-11-24",
                 "--output", str(out), cwd=demo)
    assert result.exit_code == 0, result.output
    text = pdfium.PdfDocument(out)[1].get_textpage()
    read = text.get_text_range()
    at = read.index(MOVED_HEADING["en"])
    assert read[:at].count("\n") <= 1, read[:200]  # under the running line, nothing else
    words = read.index("These three exercises", at)
    assert "Bold" in font_at(text, at) and "Bold" not in font_at(text, words), (
        font_at(text, at), font_at(text, words))


@pytest.mark.parametrize("level", [1, 2])
def test_an_introduction_in_its_place_has_no_heading(demo: Path, level: int) -> None:
    """Under the title, the introduction needs none: the heading is the moved one's."""
    pages = build(demo, "--level", str(level), "--paper", "letter")
    assert not any(MOVED_HEADING["en"] in page for page in pages), pages[0][:300]

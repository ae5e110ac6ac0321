"""One place for a handout's pictures, read back from the PDF: every card's pictures stand
beside its steps, or every card's over them, where that costs no page; the page counts stay
as they were."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest
from tagging_helpers import build

Place = tuple[int, float, float]  # page, x, y (points from the foot of the page)


def _multiply(m: list[float], n: list[float]) -> list[float]:
    """The matrix m then n, as PDF's `cm` composes them (m applies first)."""
    a, b, c, d, e, f = m
    p, q, r, s, t, u = n
    return [a * p + b * r, a * q + b * s, c * p + d * r, c * q + d * s,
            e * p + f * r + t, e * q + f * s + u]


def figure_places(pdf: Path) -> list[Place]:
    """Where each tagged Figure is drawn: the point its drawing's origin lands on, read by
    following the page's `q`, `Q` and `cm` to the figure's own scale."""
    places = []
    with pikepdf.open(pdf) as doc:
        for number, page in enumerate(doc.pages):
            ctm, saved = [1.0, 0, 0, 1.0, 0, 0], []
            inside = found = False
            for operands, operator in pikepdf.parse_content_stream(page):
                name = str(operator)
                if name == "q":
                    saved.append(ctm)
                elif name == "Q":
                    ctm = saved.pop()
                elif name == "cm":
                    ctm = _multiply([float(v) for v in operands], ctm)
                    a, b, c, d = (float(v) for v in operands[:4])
                    if inside and not found and b == c == 0 and a == d != 1:
                        places.append((number, round(ctm[4], 1), round(ctm[5], 1)))
                        found = True
                elif name == "BDC" and str(operands[0]) == "/Figure":
                    inside, found = True, False
                elif name == "EMC":
                    inside = False
    return places


def steps_labels(pdf: Path, label: str = "How to do it") -> list[Place]:
    """Where each card's steps label stands: its page, and the left and top of its text."""
    out = []
    document = pdfium.PdfDocument(pdf)
    try:
        for number, page in enumerate(document):
            text = page.get_textpage()
            whole = text.get_text_range()
            at = whole.find(label)
            while at >= 0:
                left, _, _, top = text.get_charbox(at)
                out.append((number, round(left, 1), round(top, 1)))
                at = whole.find(label, at + 1)
    finally:
        document.close()
    return out


def shapes(pdf: Path, per_card: int = 2) -> list[bool]:
    """Where each card's pictures stand: over its steps (on the page before, or higher than
    the label's top: True) or beside them."""
    figures, labels = figure_places(pdf), steps_labels(pdf)
    assert len(figures) == per_card * len(labels), (figures, labels)
    out = []
    for index, (page, _, top) in enumerate(labels):
        drawn = figures[index * per_card:(index + 1) * per_card]
        out.append(all(p < page or (p == page and y > top) for p, _, y in drawn))
    return out


# (Level 2 in large print on Letter keeps its pictures apart: over its steps, the squat's
# last parts would stand alone on a page left half blank, and a full page comes first.)
HANDOUTS = [(choice, paper, size) for choice in (["--level", "2"],
                                                 ["--plan", "content/plans/example.yaml"])
            for paper in ("letter", "a4") for size in ("--normal-print", "--large-print")
            if (choice[0], paper, size) != ("--level", "letter", "--large-print")]


@pytest.mark.parametrize(("choice", "paper", "size"), HANDOUTS)
def test_every_card_of_a_handout_has_its_pictures_in_one_place(
        tmp_path: Path, choice: list[str], paper: str, size: str) -> None:
    pdf = build(tmp_path, [*choice, "--paper", paper, size])
    found = shapes(pdf)
    assert len(found) == 3
    assert len(set(found)) == 1, found
    with pikepdf.open(pdf) as doc:  # one place took no page more than the cards took apart
        pages = len(doc.pages)
    assert pages == {("--normal-print", "--level"): 4, ("--large-print", "--level"): 8,
                     ("--normal-print", "--plan"): 5, ("--large-print", "--plan"): 9}[
        size, choice[0]]


LABELS = {"en": ("How to do it", "Tips"), "es": ("Cómo se hace", "Consejos")}


@pytest.mark.parametrize("paper", ["letter", "a4"])
@pytest.mark.parametrize("language", ["en", "es"])
def test_every_card_of_level_2_is_built_one_way(
        tmp_path: Path, paper: str, language: str) -> None:
    """Every card the same: its two pictures side by side beside its steps, the steps
    alone in the column, the tips across the card under the pictures (a designer found
    the squat's pictures stacked, its tips beside them, and the swing's otherwise)."""
    pdf = build(tmp_path, ["--level", "2", "--paper", paper, "--language", language])
    steps_label, tips_label = LABELS[language]
    figures, steps, tips = (figure_places(pdf), steps_labels(pdf, steps_label),
                            steps_labels(pdf, tips_label))
    assert len(figures) == 6 and len(steps) == len(tips) == 3, (figures, steps, tips)
    for index, ((page, steps_left, _), (tips_page, tips_left, tips_top)) in enumerate(
            zip(steps, tips, strict=True)):
        start, end = figures[2 * index:2 * index + 2]
        assert start[0] == end[0] == page == tips_page
        assert start[2] == end[2], (index, start, end)  # side by side, at one height
        assert start[1] < end[1] < steps_left  # beside the steps, left of them
        assert tips_left < start[1] + 36  # across the card, from its left
        assert tips_top < min(start[2], end[2])  # under the pictures
    assert len({round(left) for _, left, _ in tips}) == 1
    if language == "en":  # every card's steps at one edge (in Spanish, the squat's long
        # captions need a wider picture column than the swing's page can give)
        assert len({round(left) for _, left, _ in steps}) == 1, steps

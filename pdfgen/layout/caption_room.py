"""Room for captions: a picture column beside the steps made wider, after the fitting pass,
where its captions ran to five lines and more and every card keeps its page."""

from __future__ import annotations

from dataclasses import replace
from typing import Protocol

from pdfgen.layout.blocks.card import Arrangement, Card
from pdfgen.layout.blocks.card_body import widest_width
from pdfgen.layout.blocks.gallery import arrange, caption_lines

SQUEEZED = 5  # lines: a caption this long under its picture is squeezed (one word a line)
STEP = 0.03  # of the card's width, each try
TRIES = 6


class Fitter(Protocol):
    """What the pass needs of the fitting pass: cards made at an arrangement, and the pages
    cards make."""

    large_print: bool

    def made(self, index: int, arrangement: Arrangement) -> Card | None: ...
    def pages(self, cards: list[Card]) -> list[int]: ...


def roomier_captions(fitting: Fitter, cards: list[Card]) -> list[Card]:
    """The cards, each whose captions beside the text run to SQUEEZED lines with a wider
    picture column (the text beside it narrower), as little wider as brings them under
    that, or the widest that shortens them, where every card and the closing stay on
    their pages. Large print's columns are chosen for its 18 pt lines: left as they are."""
    if fitting.large_print:
        return cards
    goal = fitting.pages(cards)
    for index in range(len(cards)):
        made = cards[index]
        a = made.arrangement
        lines = caption_lines_of(made)
        if a is None or lines < SQUEEZED:
            continue
        widest = widest_width(made.text, made.theme, made.width, a) / made.width
        for step in range(1, TRIES + 1):
            share = a.picture_column + STEP * step
            if share > widest + 1e-9:
                break
            trial = fitting.made(index, replace(a, picture_column=share))
            if trial is None:
                break
            tried = [*cards[:index], trial, *cards[index + 1:]]
            if fitting.pages(tried) != goal:
                break  # wider still would be taller still
            fewer = caption_lines_of(trial)
            if fewer < lines:
                cards, lines = tried, fewer
            if lines < SQUEEZED:
                break
    return cards


def caption_lines_of(made: Card) -> int:
    """The most lines a caption of the card takes under its picture, the pictures beside
    the text (0 when they are not: their captions have the card's width)."""
    a = made.arrangement
    if a is None or not a.picture_column or not made.text.pictures:
        return 0
    text, theme, width = made.text, made.theme, made.width
    layout = arrange(text, theme, widest_width(text, theme, width, a), a.picture_height,
                     a.side_by_side)
    return caption_lines(text, theme, layout, width * a.picture_column) if layout else 0

"""The ways an exercise card can be laid out (the fitting pass tries them), and a card's
rows: what it is made of, one under the other.

A card's parts always come in one order, on every paper, language and print size, in print
and for a screen reader: the name and dose, what it is, the note for this patient, the
pictures, how to do it, the tips, easier and harder, why it helps, and the video. An
arrangement changes only where they stand: the pictures beside the text or across the card,
side by side or one under the other, and how many of the text parts share the column beside
the pictures (or beside the steps) before the rest run across the card."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.platypus import Flowable

# The text parts of a card after its pictures, in the one order they always have.
TEXT_ORDER = ("steps", "tips", "options", "why")


@dataclass(frozen=True)
class Arrangement:
    """One way to lay out a card; the fitting pass measures several and keeps the best."""

    picture_height: float  # the tallest picture, in points
    across: bool = False  # the pictures across the card, the text under them
    side_by_side: bool = True  # the pictures side by side (else one under the other)
    # Beside (not across): how many text parts, in order from the steps, stand in the column
    # beside the pictures (0: as many lines as reach the pictures' foot, a part going on
    # across under them); across: how many parts after the steps stand in a column beside
    # them (0: the text in one column). The rest follow across the card.
    beside: int = 1
    picture_column: float = 0.0  # beside: the pictures' share of the width (0: to be chosen)
    # Half the space between the card's parts: what the fitting pass may do when it saves
    # a page (the type and the pictures keep their sizes).
    tight: bool = False
    # Normal print: the card may go on to the next page after its pictures and steps (its
    # tips, easier and harder, why it helps under its name and "(continued)"), which the
    # fitting pass allows only where a page would otherwise be left largely blank. (Large
    # print may always go on, as its pictures and steps allow.)
    continues: bool = False
    # Beside, `beside` 0: the steps may go on across the card under the pictures (1 to 5
    # beside them, 6 at the margin), which reads as a list that jumped: tried only where
    # keeping every step in the column would take the handout a page more (fit_cards).
    split_steps: bool = False
    # More space between the card's parts, for a card whose page would otherwise be left
    # largely blank (cards built one way: layout/one_place.py).
    loose: bool = False


@dataclass(frozen=True)
class Row:
    """One row of a card: a flowable and the space above it."""

    content: Flowable
    top: float = 0
    keep: bool = False  # a label: never ends a part
    head: bool = False  # up to and with this row, the card starts on one page (large print)
    # The pictures, across the card over the steps: in large print the card may turn the
    # page after this row when the page it stands on faces the next (an even page).
    facing: bool = False
    picture: bool = False  # pictures: when they stand a row each, the first marks where they start
    box: bool = False  # a box (the dose, the note): a tight card keeps its gap under it


def arrangements(height: float, large_print: bool = False, split: bool = False
                 ) -> list[Arrangement]:
    """Every arrangement the fitting pass tries at a picture height (`split`: the steps
    may go on across under the pictures)."""
    flags = (False, True)
    parts = len(TEXT_ORDER)
    return [*(Arrangement(height, False, side, beside, split_steps=split and not beside)
              for side in flags for beside in range(parts + 1)),
            *(Arrangement(height, True, side, beside)
              for side in flags for beside in range(parts))]

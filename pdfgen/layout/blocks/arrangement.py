"""The ways an exercise card can be laid out (the fitting pass tries them), and a card's
rows: what it is made of, one under the other."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.platypus import Flowable


@dataclass(frozen=True)
class Arrangement:
    """One way to lay out a card; the fitting pass measures several and keeps the best."""

    picture_height: float  # the tallest picture, in points
    across: bool = False  # the pictures across the card, the text under them
    side_by_side: bool = True  # the pictures side by side (else one under the other)
    why_under: bool = False  # beside: "Why it helps" under the pictures, not over the steps
    tips_under: bool = False  # the tips across the card under the rest (across: one column)
    options_beside: bool = False  # Easier and Harder in the text column, not across the foot
    picture_column: float = 0.0  # beside: the pictures' share of the width (0: to be chosen)


@dataclass(frozen=True)
class Row:
    """One row of a card: a flowable and the space above it."""

    content: Flowable
    top: float = 0
    keep: bool = False  # a label: never ends a part
    head: bool = False  # up to and with this row, the card starts on one page (large print)


def arrangements(height: float, large_print: bool = False) -> list[Arrangement]:
    """Every arrangement the fitting pass tries at a picture height. Large print keeps its
    sections in one column in their order: only where the pictures go can change, and, with
    the pictures beside the steps, whether "Why it helps" fills the room under them."""
    flags = (False, True)
    if large_print:
        return [*(Arrangement(height, across, side) for across in flags for side in flags),
                *(Arrangement(height, False, side, why_under=True) for side in flags)]
    out = [
        Arrangement(height, False, side, why, tips, beside)
        for side in flags for why in flags for tips in flags for beside in flags]
    # Across: the text under the pictures in one column (tips under), or the tips and
    # perhaps the options in a column beside the steps.
    out += [Arrangement(height, True, side, False, tips, beside and not tips)
            for side in flags for tips in flags for beside in flags if not (tips and beside)]
    return out

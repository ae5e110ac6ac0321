"""What the fitting pass chose for a handout's cards, remembered across builds and runs.

In this process, a batch of one routine for many patients fits its cards once; in the
user's private cache, the same routine printed again tomorrow is not measured again (the
store the caches give, pdfgen.caches.Caches.lasting_store: layout opens no file). Keyed on
everything the choice depends on: the cards' words and pictures, the fonts' files, the type
scale, the page, and the layout code itself (the store keeps its entries apart for each form
of it).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from typing import TypeVar

from pdfgen.caches import current
from pdfgen.layout.blocks.card import Arrangement
from pdfgen.layout.theme import Theme
from pdfgen.text.handout_text import CardText

FORMAT = 4  # the entries' format: a change makes every one stale
_MOST = 256  # answers kept in this process (pdfgen.caches "fit_answers", "fit_placed")
T = TypeVar("T")


def remembered(cards: Sequence[CardText], theme: Theme, page: Sequence[float],
               fit: Callable[[], list[Arrangement]],
               fits: Callable[[list[Arrangement]], bool]) -> list[Arrangement]:
    """The arrangements `fit()` gives for these cards on this `page` (its width, room,
    first room, the closing's height, the gap between cards), from memory when they were
    worked out before and still `fits`."""
    return _chosen(_key(cards, theme, page), len(cards), fit, fits)


def remembered_with(cards: Sequence[CardText], theme: Theme, page: Sequence[float],
                    fit: Callable[[], list[Arrangement]],
                    fits: Callable[[list[Arrangement]], bool],
                    then: Callable[[list[Arrangement]], T]) -> tuple[list[Arrangement], T]:
    """remembered()'s arrangements, and what `then` makes of them (where they put the
    pages), worked out once a process for them."""
    key = _key(cards, theme, page)
    chosen = _chosen(key, len(cards), fit, fits)
    placed = current().map("fit_placed", _MOST)
    if key not in placed:
        placed.put(key, then(chosen))
    return chosen, placed.get(key)


def _chosen(key: str, count: int, fit: Callable[[], list[Arrangement]],
            fits: Callable[[list[Arrangement]], bool]) -> list[Arrangement]:
    known = current().map("fit_answers", _MOST)
    chosen = known.get(key)
    if chosen is None:
        lasting = current().lasting_store("fit", code="layout")
        chosen = _decoded(lasting.get_json(key), count)
        if chosen is not None and not fits(chosen):
            chosen = None  # a choice that no longer stands: measure again
        if chosen is None:
            chosen = fit()
            lasting.put(key, json.dumps([_encoded(a) for a in chosen]).encode())
        known.put(key, chosen)
    return chosen


def _key(cards: Sequence[CardText], theme: Theme, page: Sequence[float]) -> str:
    import reportlab

    parts = [FORMAT, reportlab.Version, theme.fonts.identity(),
             theme.large_print, theme.body_size, [round(v, 3) for v in page], repr(cards)]
    return hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()


def _encoded(a: Arrangement) -> list[object]:
    return [a.picture_height, a.across, a.side_by_side, a.beside, a.picture_column, a.tight,
            a.continues, a.split_steps, a.loose]


def _decoded(items: object, count: int) -> list[Arrangement] | None:
    """The entry as arrangements, if it is one for `count` cards; None for anything else."""
    if not isinstance(items, list) or len(items) != count:
        return None
    out = []
    for item in items:
        if not (isinstance(item, list) and len(item) == 9
                and all(isinstance(item[i], int | float) and not isinstance(item[i], bool)
                        for i in (0, 3, 4))
                and 0 <= item[0] <= 1000 and 0 <= item[3] <= 9 and 0 <= item[4] < 1
                and all(isinstance(item[i], bool) for i in (1, 2, 5, 6, 7, 8))):
            return None
        out.append(Arrangement(float(item[0]), item[1], item[2], int(item[3]),
                               float(item[4]), item[5], item[6], item[7], item[8]))
    return out

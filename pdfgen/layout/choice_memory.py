"""A layout's choices found by trying (the share of the width the warning box or its signs'
first column takes, Easier's and Harder's widths side by side), remembered in the user's
private cache (the store the caches give: layout opens no file), as the fitting pass's are
(fit_memory): the same routine printed tomorrow does not try every share again (~4 ms of a
process's first handout).

Keyed on everything a choice depends on: the words, the fonts' files, the type and the
room (the key the block keeps it by in the process), and the layout code itself (the
store's entries are kept apart for each form of it). An entry is used only when it is one
of the answers the block could have chosen.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable, Hashable

from pdfgen.caches import current
from pdfgen.text.fonts import FontSet

FORMAT = 1  # the entries' format: a change makes every one stale


def remembered(key: tuple[Hashable, ...], fonts: FontSet, choose: Callable[[], list[float]],
               possible: Callable[[list[float]], bool]) -> list[float]:
    """The numbers `choose()` gives for `key` (measured with `fonts`), from the private
    cache when they were worked out before and are `possible`."""
    lasting = current().lasting_store("choices", code="layout")
    name = _digest(key, fonts)
    found = _decoded(lasting.get_json(name))
    if found is None or not possible(found):
        found = choose()
        lasting.put(name, json.dumps(found).encode())
    return found


def _digest(key: tuple[Hashable, ...], fonts: FontSet) -> str:
    import reportlab

    parts = [FORMAT, reportlab.Version, fonts.identity(),
             [part for part in key if part is not fonts]]
    return hashlib.sha256(json.dumps(parts, default=repr).encode()).hexdigest()


def _decoded(items: object) -> list[float] | None:
    """The entry as a list of finite numbers; None for anything else."""
    if not isinstance(items, list) or not all(
            isinstance(n, int | float) and not isinstance(n, bool) and math.isfinite(n)
            for n in items):
        return None
    return [float(n) for n in items]

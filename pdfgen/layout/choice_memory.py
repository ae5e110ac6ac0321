"""A layout's choices found by trying (the share of the width the warning box or its signs'
first column takes, Easier's and Harder's widths side by side), remembered in the user's
private cache, as the fitting pass's are (fit_memory): the same routine printed tomorrow
does not try every share again (~4 ms of a process's first handout).

Keyed on everything a choice depends on: the words, the fonts' files, the type and the
room (the key the block keeps it by in the process), and the layout code itself. An entry
is used only when it is one of the answers the block could have chosen.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
from collections.abc import Callable, Hashable
from pathlib import Path

from pdfgen.text.fonts import FontSet

FORMAT = 1  # the entries' format: a change makes every one stale


def remembered(key: tuple[Hashable, ...], fonts: FontSet, choose: Callable[[], list[float]],
               possible: Callable[[list[float]], bool]) -> list[float]:
    """The numbers `choose()` gives for `key` (measured with `fonts`), from the private
    cache when they were worked out before and are `possible`."""
    from pdfgen.disk_cache import Cache

    name = _digest(key, fonts)
    found = _decoded(Cache("choices").get_json(name))
    if found is None or not possible(found):
        found = choose()
        Cache("choices").put(name, json.dumps(found).encode())
    return found


def _digest(key: tuple[Hashable, ...], fonts: FontSet) -> str:
    import reportlab

    parts = [FORMAT, layout_code(), reportlab.Version, fonts.identity(),
             [part for part in key if part is not fonts]]
    return hashlib.sha256(json.dumps(parts, default=repr).encode()).hexdigest()


def _decoded(items: object) -> list[float] | None:
    """The entry as a list of finite numbers; None for anything else."""
    if not isinstance(items, list) or not all(
            isinstance(n, int | float) and not isinstance(n, bool) and math.isfinite(n)
            for n in items):
        return None
    return [float(n) for n in items]


@functools.cache
def layout_code() -> str:
    """A digest of the code that lays a handout out: a changed layout measures afresh."""
    digest = hashlib.sha256()
    folder = Path(__file__).parent
    for path in sorted([*folder.glob("*.py"), *folder.glob("blocks/*.py")]):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()

"""Break a copy of a clinic folder on purpose: the files to edit and how."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path


def edit(relative: str, old: str, new: str) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        path = root / relative
        text = path.read_text(encoding="utf-8")
        assert re.search(old, text, flags=re.M), f"{old!r} not in {relative}"
        path.write_text(re.sub(old, new, text, count=1, flags=re.M), encoding="utf-8")
    return apply


CLINIC = "content/clinic.toml"
SQUAT = "content/exercises/squat.yaml"

"""Babel's answers remembered on disk: never an answer an earlier pdfgen gave another way."""

from __future__ import annotations

from pathlib import Path

import pytest

from pdfgen.caches import Caches, using
from pdfgen.text.babel_memory import remembered


def test_a_function_changed_since_is_never_answered_from_the_old_ones_memory(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """(Months went from 'Nov 2026' to 'November 2026': a clinic's cache from the earlier
    pdfgen would have kept the short month on every handout.)"""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    calls: list[str] = []

    def month(day: str) -> str:
        calls.append("short")
        return f"Nov {day}"

    before = remembered(month)

    def month(day: str) -> str:  # the same name, as in a later pdfgen
        calls.append("long")
        return f"November {day}"

    after = remembered(month)
    with using(Caches()):  # a process
        assert before("2026") == "Nov 2026"
        assert before("2026") == "Nov 2026"  # remembered in the process
    with using(Caches()):  # a later process, the same pdfgen: from the disk
        assert before("2026") == "Nov 2026"
    with using(Caches()):  # a later process, a later pdfgen
        assert after("2026") == "November 2026"
    assert calls == ["short", "long"]

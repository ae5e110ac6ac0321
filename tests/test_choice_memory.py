"""A layout's choices found by trying (shares of a width), remembered in the private cache:
read back by a new process instead of tried again, the same bytes either way, and an entry
that is not one of the block's possible answers never used."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import resolved_demo

import pdfgen
from pdfgen.caches import Caches, using
from pdfgen.layout import choice_memory
from pdfgen.layout.blocks import card_parts, pain

KEY = ("options", "Easier words", "Harder words", 240.5)


@pytest.fixture
def fonts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    _, theme = resolved_demo(2)
    return theme.fonts


def test_a_choice_is_tried_once_then_read_back(fonts, tmp_path: Path) -> None:
    calls: list[int] = []

    def choose() -> list[float]:
        calls.append(1)
        return [120.25, 120.25]

    for _ in range(2):
        assert choice_memory.remembered(KEY, fonts, choose, lambda found: True) == [120.25,
                                                                                   120.25]
    assert calls == [1]
    assert list((tmp_path / "cache" / "pdfgen" / "choices").glob("*.entry"))
    other = (*KEY[:-1], 250.0)  # another room: tried afresh
    choice_memory.remembered(other, fonts, choose, lambda found: True)
    assert calls == [1, 1]


@pytest.mark.parametrize("entry", [b"", b"not json", b'{"a": 1}', b"[true]", b'["0.5"]',
                                   b"[NaN]", b"[0.7]"])
def test_an_entry_that_is_no_possible_answer_is_not_used(fonts, entry: bytes) -> None:
    from pdfgen.disk_cache import Cache

    Cache("choices", "layout").put(choice_memory._digest(KEY, fonts), entry)  # no answer
    assert choice_memory.remembered(KEY, fonts, lambda: [0.5],
                                    lambda found: found in ([0.5], [0.53])) == [0.5]


def test_a_new_process_reads_the_shares_back_and_draws_the_same_handout(
        fonts, monkeypatch: pytest.MonkeyPatch) -> None:
    clinic = pdfgen.open_clinic()
    with using(Caches()):  # as a process's first handout: every share tried, then kept
        first = clinic.handout(level=2, date=dt.date(2026, 11, 24)).pdf

    def tried(*args: object, **kwargs: object) -> object:
        raise AssertionError("Easier's and Harder's widths tried again")

    rows: list[float] = []
    row = pain._row

    def counted(text: object, theme: object, width: float, share: float) -> object:
        rows.append(share)
        return row(text, theme, width, share)  # type: ignore[arg-type]

    monkeypatch.setattr(card_parts, "balanced_widths", tried)
    monkeypatch.setattr(pain, "_row", counted)
    with using(Caches()):  # the next process: the shares from the private cache
        again = clinic.handout(level=2, date=dt.date(2026, 11, 24)).pdf
    assert again == first
    assert len(rows) == 1  # the warning box's share, not the four it was chosen from

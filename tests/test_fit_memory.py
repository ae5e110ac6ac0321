"""The fitting pass's choices, remembered in the process and in the private cache: used when
the cards are the same, measured again when anything they depend on changes or an entry is
not one pdfgen wrote."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import REPO, resolved_demo

from pdfgen.caches import current
from pdfgen.layout import fit_memory
from pdfgen.layout.blocks.card import Arrangement

PAGE = (525.6, 676.0, 9.0, 191.0, 18.0)
CHOICE = [Arrangement(108, side_by_side=False), Arrangement(144, across=True),
          Arrangement(252, beside=3, tight=True, continues=True)]


@pytest.fixture
def level_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    current().map("fit_answers", 1).clear()
    yield resolved_demo(2)
    current().map("fit_answers", 1).clear()


def test_a_choice_is_measured_once_then_read_back_from_the_cache(level_2, tmp_path) -> None:
    text, theme = level_2
    calls: list[int] = []

    def fit() -> list[Arrangement]:
        calls.append(1)
        return CHOICE

    assert fit_memory.remembered(text.cards, theme, PAGE, fit, lambda c: True) == CHOICE
    assert list((tmp_path / "cache" / "pdfgen" / "fit").glob("*.entry"))
    current().map("fit_answers", 1).clear()  # as a new process would start
    assert fit_memory.remembered(text.cards, theme, PAGE, fit, lambda c: True) == CHOICE
    assert calls == [1]


def test_other_cards_or_another_page_are_measured_afresh(level_2) -> None:
    text, theme = level_2
    calls: list[int] = []

    def fit() -> list[Arrangement]:
        calls.append(1)
        return CHOICE

    fit_memory.remembered(text.cards, theme, PAGE, fit, lambda c: True)
    other = [replace(text.cards[0], summary="Another summary."), *text.cards[1:]]
    fit_memory.remembered(other, theme, PAGE, fit, lambda c: True)
    fit_memory.remembered(text.cards, theme, (*PAGE[:2], 40.0, *PAGE[3:]), fit,
                          lambda c: True)
    _, large = resolved_demo(2, large_print=True)
    fit_memory.remembered(text.cards, large, PAGE, fit, lambda c: True)
    assert len(calls) == 4


def test_a_remembered_choice_that_no_longer_fits_is_measured_again(level_2) -> None:
    text, theme = level_2
    fit_memory.remembered(text.cards, theme, PAGE, lambda: CHOICE, lambda c: True)
    current().map("fit_answers", 1).clear()
    fresh = [Arrangement(126)] * 3
    assert fit_memory.remembered(text.cards, theme, PAGE, lambda: fresh,
                                 lambda c: c == fresh) == fresh


@pytest.mark.parametrize("entry", [
    b"", b"not json", b"[1, 2, 3]", b'[[108, 1, 1, 1, 1, 1, 0]]',
    b'[[1e9, false, true, false, false, false, 0]]' * 3,
    # an entry of an older pdfgen (no picture column), and a column wider than the card
    b'[' + b', '.join([b'[108, false, true, false, false, false]'] * 3) + b']',
    # an entry of an older pdfgen (no word on whether a card may go on)
    b'[' + b', '.join([b'[108, false, true, 1, 0.0, false]'] * 3) + b']',
    b'[' + b', '.join([b'[108, false, true, false, false, false, 1.5]'] * 3) + b']'])
def test_an_entry_pdfgen_did_not_write_is_not_used(level_2, entry: bytes) -> None:
    from pdfgen.disk_cache import Cache

    text, theme = level_2
    key = fit_memory._key(text.cards, theme, PAGE)
    Cache("fit", "layout").put(key, entry)  # signed, but not a choice for these three cards
    assert fit_memory.remembered(text.cards, theme, PAGE, lambda: CHOICE,
                                 lambda c: True) == CHOICE


@pytest.mark.parametrize("options", [
    ("--level", "2", "--large-print"),
    ("--level", "1", "--large-print", "--paper", "a4"),
    ("--level", "2"),
    ("--plan", "content/plans/example.yaml", "--log", "4"),
])
def test_the_same_handout_from_an_empty_cache_and_a_full_one(tmp_path: Path,
                                                            options: tuple[str, ...]) -> None:
    """A remembered choice gives the bytes the fitting pass gave when it chose: the trials
    before a choice leave nothing on the pieces the handout is drawn with (a caption once
    kept the gap it had under a picture in a trial, 3 pt lower on a large-print page)."""
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    made = []
    for name in ("empty.pdf", "full.pdf"):
        done = subprocess.run([sys.executable, "-m", "pdfgen", "handout", *options,
                               "--date", "2026-11-24", "--output", str(tmp_path / name)],
                              cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, (done.stdout, done.stderr)
        made.append((tmp_path / name).read_bytes())
    assert any((tmp_path / "cache" / "pdfgen" / "fit").iterdir())
    assert made[0] == made[1]

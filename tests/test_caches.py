"""The build's caches: one owner, every map bounded, all thrown away by clear(), and a build
after clear() (or with fresh caches) the same bytes as before."""

from __future__ import annotations

import datetime as dt
import threading

import pytest

import pdfgen
from pdfgen.caches import Caches, Lru, cached, current, using


def test_a_map_filled_past_its_bound_keeps_its_bound_and_the_latest() -> None:
    lru: Lru[int, int] = Lru("numbers", 3)
    for n in range(10):
        lru.put(n, n * n)
    assert len(lru) == 3
    assert [n for n in range(10) if n in lru] == [7, 8, 9]


def test_a_read_keeps_an_entry_from_being_the_next_to_go() -> None:
    lru: Lru[str, int] = Lru("letters", 2)
    lru.put("a", 1)
    lru.put("b", 2)
    assert lru.get("a") == 1
    lru.put("c", 3)
    assert "a" in lru and "b" not in lru


def test_a_map_needs_room_for_one() -> None:
    with pytest.raises(ValueError):
        Lru("none", 0)


def test_a_cached_function_is_bounded_in_the_current_caches() -> None:
    calls: list[int] = []

    @cached("test_squares", 4)
    def square(n: int) -> int:
        calls.append(n)
        return n * n

    with using(Caches()) as caches:
        assert [square(n) for n in (1, 2, 1)] == [1, 4, 1]
        assert calls == [1, 2]
        for n in range(100):
            square(n)
        assert caches.sizes()["test_squares"] == (4, 4)
    assert "test_squares" not in current().sizes()  # the process's caches were not touched


def test_fresh_caches_are_this_threads_alone() -> None:
    seen: list[Caches] = []
    with using(Caches()) as mine:
        thread = threading.Thread(target=lambda: seen.append(current()))
        thread.start()
        thread.join()
        assert current() is mine
    assert seen == [current()]


def test_every_cache_a_build_fills_is_bounded_and_clear_empties_them_all() -> None:
    clinic = pdfgen.open_clinic()
    with using(Caches()) as caches:
        first = clinic.handout(level=2, patient="Jane Example", date="2026-11-24").pdf
        sizes = caches.sizes()
        # Line breaks, parses, markup, fonts, drawings and fitting answers all live here.
        assert {"line_breaks", "paragraph_parses", "markup", "font_sets", "svg_art",
                "fit_answers", "themes", "text_engines"} <= set(sizes)
        assert all(0 < entries <= bound for entries, bound in sizes.values())
        caches.clear()
        assert all(entries == 0 for entries, _ in caches.sizes().values())
        again = clinic.handout(level=2, patient="Jane Example", date="2026-11-24").pdf
    assert again == first


def test_many_patients_leave_every_map_at_its_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    from pdfgen.layout import text_block

    # The line breaks' bound made small, so that a few handouts overfill it.
    monkeypatch.setattr(text_block, "_MOST_BREAKS", 100)
    clinic = pdfgen.open_clinic()
    with using(Caches()) as caches:
        for n in range(6):
            clinic.handout(level=1, patient=f"Patient {n}",
                           date=dt.date(2026, 1, 1) + dt.timedelta(days=n))
        entries, bound = caches.sizes()["line_breaks"]
    assert bound == 100 and entries == 100


def test_a_build_with_fresh_caches_makes_the_same_bytes_as_a_warm_one() -> None:
    clinic = pdfgen.open_clinic()
    warm = clinic.handout(level=1, patient="Jane Example", date="2026-11-24",
                          language="es").pdf
    with using(Caches()):
        cold = clinic.handout(level=1, patient="Jane Example", date="2026-11-24",
                              language="es").pdf
    assert cold == warm


def test_a_disk_cache_folder_is_pruned_to_its_bound(tmp_path, monkeypatch) -> None:
    import os

    from pdfgen import disk_cache

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(disk_cache, "MOST_ENTRIES", 20)
    monkeypatch.setattr(disk_cache, "PRUNE_EVERY", 1)  # every write looks
    store = disk_cache.Cache("fit")
    for n in range(50):
        store.put(f"entry{n}", b"x")
    folder = tmp_path / "pdfgen" / "fit"
    kept = sorted(os.listdir(folder))
    assert len(kept) <= 20
    assert store.get("entry49") == b"x"  # the newest stays


def test_a_key_replaced_while_a_process_runs_is_read_again(tmp_path, monkeypatch) -> None:
    # The key is kept in the process while its file stays the same: a new key (another
    # file, or new bytes in it, written later) refuses what the old one signed, and a
    # linked key is no key.
    import os

    from pdfgen import disk_cache

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    key = tmp_path / "pdfgen" / "key"
    with using(Caches()):
        store = disk_cache.Cache("fit")
        store.put("entry", b"x")
        assert store.get("entry") == b"x"
        key.write_bytes(os.urandom(32))  # the same file, new bytes
        later = key.stat().st_mtime_ns + 10**9  # (a file's times tick in milliseconds)
        os.utime(key, ns=(later, later))
        assert store.get("entry") is None
        store.put("entry", b"y")
        fresh = tmp_path / "fresh-key"
        fresh.write_bytes(os.urandom(32))
        fresh.chmod(0o600)
        fresh.replace(key)  # another file
        assert store.get("entry") is None
        store.put("entry", b"z")
        assert store.get("entry") == b"z"
        elsewhere = tmp_path / "elsewhere"
        key.replace(elsewhere)
        key.symlink_to(elsewhere)  # a link: no key, no cache
        assert store.get("entry") is None


def test_caches_that_are_not_lasting_keep_nothing_on_disk_and_draw_the_same(
        tmp_path, monkeypatch) -> None:
    """Layout's remembered answers come from the store its caches give: none here."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    clinic = pdfgen.open_clinic()
    with using(Caches(lasting=False)):
        forgetful = clinic.handout(level=2, date="2026-11-24").pdf
    for kind in ("fit", "choices", "qr"):
        assert not (tmp_path / "pdfgen" / kind).exists(), kind
    with using(Caches()):
        assert clinic.handout(level=2, date="2026-11-24").pdf == forgetful
    assert list((tmp_path / "pdfgen" / "fit").glob("*.entry"))


def test_a_stages_answers_are_kept_apart_for_each_form_of_its_code(tmp_path,
                                                                   monkeypatch) -> None:
    from pdfgen import disk_cache

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    disk_cache.Cache("fit", "layout").put("entry", b"[1]")
    assert disk_cache.Cache("fit", "layout").get("entry") == b"[1]"
    assert disk_cache.Cache("fit").get("entry") is None  # (another name on disk)
    monkeypatch.setattr(disk_cache, "stage_code", lambda stage: "a changed layout")
    assert disk_cache.Cache("fit", "layout").get("entry") is None


def test_a_stages_code_changed_in_place_is_another_form_of_it(tmp_path) -> None:
    """A file edited to the same size, or one added in a folder within, changes the
    fingerprint; compiled copies and an untouched folder do not."""
    import os

    from pdfgen.disk_cache import code_fingerprint

    stage = tmp_path / "layout"
    (stage / "blocks").mkdir(parents=True)
    (stage / "pages.py").write_text("WIDTH = 1\n", encoding="utf-8")
    (stage / "blocks" / "card.py").write_text("GAP = 2\n", encoding="utf-8")
    first = code_fingerprint(stage)
    (stage / "__pycache__").mkdir()
    (stage / "__pycache__" / "pages.cpython-311.pyc").write_bytes(b"compiled")
    assert code_fingerprint(stage) == first
    card = stage / "blocks" / "card.py"
    before = card.stat().st_mtime_ns
    card.write_text("GAP = 3\n", encoding="utf-8")
    os.utime(card, ns=(before + 1_000_000, before + 1_000_000))  # (a clock's coarse tick)
    edited = code_fingerprint(stage)
    assert edited != first
    (stage / "blocks" / "sheet.py").write_text("", encoding="utf-8")
    assert code_fingerprint(stage) not in (first, edited)

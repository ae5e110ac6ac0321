"""The private cache: the user's own folder, links never followed, poisoned entries unused.

Each command runs as its own process, as a second user's link or a poisoned file would
meet it; the handout must be the same bytes as a build with no cache at all."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

UID = os.getuid()


def build(root: Path, cache: Path, tmp: Path, name: str) -> bytes:
    """`pdfgen handout` in a fresh process with these cache and temporary folders."""
    env = {**os.environ, "XDG_CACHE_HOME": str(cache), "TMPDIR": str(tmp)}
    (root / "out").mkdir(exist_ok=True)
    result = subprocess.run(
        [sys.executable, "-m", "pdfgen", "handout", "--level", "2", "--date", "2026-01-01",
         "-o", f"out/{name}.pdf"], cwd=root, env=env, capture_output=True, text=True,
        timeout=120)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and result.stderr == ""
    return (root / "out" / f"{name}.pdf").read_bytes()


@pytest.fixture
def clinic(tmp_path: Path) -> Path:
    root = tmp_path / "clinic"
    shutil.copytree(REPO / "content", root / "content")
    return root


def clean(clinic: Path, tmp_path: Path) -> bytes:
    """The handout built with a cache folder of its own, empty."""
    (tmp_path / "clean-tmp").mkdir()
    return build(clinic, tmp_path / "clean-cache", tmp_path / "clean-tmp", "clean")


RED_SQUARE = [["save"], ["fill_color", 1, 0, 0, 1],
              ["path", [["rect", 0, 0, 500, 500]], 0, 1, 0], ["restore"]]


def poison_old_cache(folder: Path) -> None:
    """Entries as pdfgen 0.x read them: a red square for every demo drawing."""
    import reportlab

    from pdfgen import __version__

    folder.mkdir(mode=0o700, exist_ok=True)
    for svg in (REPO / "content/images").rglob("*.svg"):
        key = hashlib.sha256(svg.read_bytes() + f"{__version__} {reportlab.Version}".encode())
        (folder / f"{key.hexdigest()}.json").write_text(
            json.dumps([100, 100, ["q 1 0 0 rg 0 0 500 500 re f Q"]]))


def nothing_of_pdfgen_in(tmp: Path) -> list[str]:
    return sorted(p.name for p in tmp.iterdir() if "pdfgen" in p.name or "jinja" in p.name)


def test_the_caches_are_private_folders_in_the_users_cache(clinic: Path, tmp_path: Path) -> None:
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    build(clinic, tmp_path / "cache", tmp, "first")
    assert nothing_of_pdfgen_in(tmp) == []  # nothing in the shared temporary folder
    mine = tmp_path / "cache/pdfgen"
    for folder in (mine, mine / "svg", mine / "jinja"):
        assert folder.is_dir() and not folder.is_symlink()
        assert folder.stat().st_mode & 0o777 == 0o700
    assert (mine / "key").stat().st_mode & 0o777 == 0o600
    assert list((mine / "svg").glob("*.entry")) and list((mine / "jinja").glob("*.entry"))


def test_links_at_the_old_shared_cache_paths_change_nothing(clinic: Path, tmp_path: Path) -> None:
    expected = clean(clinic, tmp_path)
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    attacker = tmp_path / "attacker"
    poison_old_cache(attacker)
    # Another user's links, made before ours: the SVG cache and Jinja2's bytecode cache.
    (tmp / f"pdfgen-svg-{UID}").symlink_to(attacker, target_is_directory=True)
    (tmp / f"_jinja2-cache-{UID}").symlink_to(attacker, target_is_directory=True)
    assert build(clinic, tmp_path / "cache", tmp, "linked") == expected


@pytest.mark.parametrize("made", ["link", "open folder", "linked svg folder", "linked key"])
def test_a_cache_folder_that_is_not_private_is_skipped(clinic: Path, tmp_path: Path,
                                                       made: str) -> None:
    expected = clean(clinic, tmp_path)
    tmp, cache, attacker = tmp_path / "tmp", tmp_path / "cache", tmp_path / "attacker"
    tmp.mkdir()
    cache.mkdir()
    attacker.mkdir(mode=0o700)
    (attacker / "svg").mkdir(mode=0o700)
    if made == "link":
        (cache / "pdfgen").symlink_to(attacker, target_is_directory=True)
    elif made == "open folder":
        (cache / "pdfgen").mkdir()
        os.chmod(cache / "pdfgen", 0o777)
    elif made == "linked svg folder":
        (cache / "pdfgen").mkdir(mode=0o700)
        (cache / "pdfgen/svg").symlink_to(attacker / "svg", target_is_directory=True)
    else:
        (cache / "pdfgen").mkdir(mode=0o700)
        (attacker / "key").write_bytes(b"k" * 32)
        (cache / "pdfgen/key").symlink_to(attacker / "key")
    assert build(clinic, cache, tmp, "skipped") == expected
    planted = ["key", "svg"] if made == "linked key" else ["svg"]
    assert sorted(p.name for p in attacker.rglob("*")) == planted  # nothing written there
    assert nothing_of_pdfgen_in(tmp) == []


POISONER = """
import json, os, sys
from pathlib import Path
square = {square!r}
for folder in sys.argv[1:]:
    for entry in Path(folder).rglob("*"):
        if entry.suffix == ".json":  # pdfgen 0.x: plain JSON
            entry.write_text(json.dumps([100, 100, ["q 1 0 0 rg 0 0 500 500 re f Q"]]))
        elif entry.suffix == ".entry" and entry.parent.name == "svg":
            entry.write_bytes(os.urandom(32) + json.dumps([100, 100, square]).encode())
        elif entry.suffix == ".entry":
            entry.write_bytes(os.urandom(32) + b"j2" + os.urandom(200))
"""


def test_entries_poisoned_by_another_process_are_not_used(clinic: Path, tmp_path: Path) -> None:
    expected = clean(clinic, tmp_path)
    tmp, cache = tmp_path / "tmp", tmp_path / "cache"
    tmp.mkdir()
    assert build(clinic, cache, tmp, "first") == expected
    poisoner = subprocess.run(
        [sys.executable, "-c", POISONER.format(square=RED_SQUARE), str(cache), str(tmp)],
        capture_output=True, text=True, timeout=60)
    assert poisoner.returncode == 0, poisoner.stderr
    assert build(clinic, cache, tmp, "poisoned") == expected


def test_editing_a_file_an_svg_uses_changes_the_drawing(clinic: Path, tmp_path: Path) -> None:
    images = clinic / "content/images"
    (images / "parts.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">'
        '<rect id="body" x="10" y="10" width="80" height="40" fill="#0F5257"/></svg>')
    logo = ('<svg xmlns="http://www.w3.org/2000/svg" '
            'xmlns:xlink="http://www.w3.org/1999/xlink" width="100" height="100">'
            '<use xlink:href="parts.svg#body"/></svg>')
    (images / "logo.svg").write_text(logo)
    tmp, cache = tmp_path / "tmp", tmp_path / "cache"
    tmp.mkdir()
    before = build(clinic, cache, tmp, "before")
    (images / "parts.svg").write_text((images / "parts.svg").read_text().replace(
        "#0F5257", "#8A4B12"))
    after = build(clinic, cache, tmp, "after")
    assert after != before
    (tmp_path / "fresh-tmp").mkdir()
    assert after == build(clinic, tmp_path / "fresh-cache", tmp_path / "fresh-tmp", "fresh")


def test_compiled_templates_are_used_only_by_the_compiler_that_made_them(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from jinja2.bccache import BytecodeCache

    from pdfgen.disk_cache import jinja_bytecode_cache
    from pdfgen.text.engine import TextEngine
    from pdfgen.text.sandbox import compiler_id

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    engine = TextEngine()
    assert engine.render_block("footer.j2", "left", {"clinic": {"name": "Sol", "phone": "1"}}
                               ) == "Sol · 1"
    # What the engine compiled is in the cache, under the name of the rewriting it had.
    names = [p.name for p in (tmp_path / "pdfgen" / "jinja").glob("*.entry")]
    assert names and all(name.startswith(compiler_id() + "-") for name in names)

    def loaded(compiler: str) -> bool:
        source, filename, _ = engine.env.loader.get_source(engine.env, "footer.j2")
        cache: BytecodeCache = jinja_bytecode_cache(compiler)  # type: ignore[assignment]
        return cache.get_bucket(engine.env, "footer.j2", filename, source).code is not None

    assert loaded(compiler_id())
    assert not loaded("0" * 16)  # another version of the rewriting compiles afresh

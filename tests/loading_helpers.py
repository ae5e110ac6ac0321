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


def refused(root: Path, expected: str) -> None:
    """`pdfgen handout --level 2` in `root` refuses it: exit code 2, the one line `expected`
    (or matching it, as a regular expression), no traceback, nothing written."""
    from conftest import files_in, run

    before = files_in(root)
    result = run("handout", "--level", "2", cwd=root)
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1, result.stderr
    line = result.stderr.strip()
    assert line == expected or re.fullmatch(expected, line), line
    assert files_in(root) == before


def bad_input(root: Path, change: Callable[[Path], object] | None, extra_args: list[str],
              expected: str) -> None:
    """`pdfgen handout` after `change` refuses it: exit code 2, the one line `expected` (or
    matching it, as a regular expression), no traceback, an earlier handout left as it was."""
    from conftest import files_in, run

    if change is not None:
        change(root)
    (root / "out").mkdir()
    (root / "out" / "earlier.pdf").write_bytes(b"%PDF- an earlier handout")
    before = files_in(root / "out")

    level = [] if "--level" in extra_args else ["--level", "2"]  # (twice is its own mistake)
    result = run("handout", *level, *extra_args, cwd=root)

    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit)  # not an uncaught error
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr
    assert re.fullmatch(expected, result.stderr.strip()) or result.stderr.strip() == expected
    assert files_in(root / "out") == before

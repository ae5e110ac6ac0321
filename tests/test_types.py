"""pdfgen/ type-checks: mypy, with pyproject.toml's [tool.mypy], finds no error."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_mypy_finds_no_error_in_pdfgen() -> None:
    # The files, the strictness and the third-party packages without types are all in
    # pyproject.toml; the cache (.mypy_cache, ignored by git) makes a second run quick.
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", "pyproject.toml"],
        cwd=REPO, capture_output=True, text=True, check=False, timeout=600,
    )
    assert result.returncode == 0, (
        f"mypy exited {result.returncode}:\n{result.stdout}{result.stderr}")

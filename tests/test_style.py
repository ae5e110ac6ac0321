"""The code base keeps its own rules: ruff clean, a docstring atop every module."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
MODULES = sorted((REPO / "pdfgen").rglob("*.py")) + sorted((REPO / "bench").rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(REPO)))
def test_every_module_starts_with_a_one_line_docstring(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstring = ast.get_docstring(tree)
    assert docstring, f"{path.name} has no module docstring"
    # The first statement, and its summary (up to a blank line) is one sentence.
    assert isinstance(tree.body[0], ast.Expr), f"{path.name}: the docstring is not first"
    summary = docstring.split("\n\n")[0]
    assert summary.rstrip().endswith((".", ")")), f"{path.name}: {summary!r} is no sentence"
    assert len(summary) <= 400, f"{path.name}: the summary is a paragraph, not a line"


def test_ruff_is_clean() -> None:
    ruff = shutil.which("ruff") or str(Path(sys.executable).parent / "ruff")
    result = subprocess.run([ruff, "check", "pdfgen", "tests", "bench"], cwd=REPO,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_help_does_not_import_reportlab() -> None:
    # `pdfgen --help` stays fast: heavy libraries load inside the commands that need them.
    code = (
        "import sys; from pdfgen import cli; "
        "print(any(m == 'reportlab' or m.startswith(('reportlab.', 'svglib', 'pydantic'))"
        " for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"

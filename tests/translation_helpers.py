"""What the Spanish tests share: pdfgen's Spanish catalog and a handout built in Spanish."""

from __future__ import annotations

from pathlib import Path

from conftest import REPO, run

CATALOG = REPO / "pdfgen" / "locale" / "es" / "LC_MESSAGES" / "pdfgen.po"


def build(demo: Path, *args: str) -> Path:
    out = demo / "out" / "es.pdf"
    out.parent.mkdir(exist_ok=True)
    result = run("handout", "--language", "es", "--date", "2026-11-24", "--output", str(out),
                 *args, cwd=demo)
    assert (result.exit_code, result.stderr) == (0, ""), result.output
    return out

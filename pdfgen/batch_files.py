"""What a batch leaves beside its handouts: the files themselves, the manifest of what each
was made from (to skip it next time), and the report of every row."""

from __future__ import annotations

import csv
import hashlib
import json
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

from pdfgen import __version__
from pdfgen.project import Project

if TYPE_CHECKING:
    from pdfgen.batch import Row, Summary

MANIFEST = ".pdfgen-batch.json"
REPORT = "batch-report.csv"


def write_file(out_dir: Path, name: str, pdf: bytes, eml: bytes) -> None:
    """A row's handout (and its draft), written whole."""
    from pdfgen.build import write_atomic

    write_atomic(out_dir / name, pdf)
    if eml:
        write_atomic(out_dir / Path(name).with_suffix(".eml"), eml)


def fingerprint(row: Row, digest: str, mode: str) -> str:
    """What a row's handout is made from: its columns, the content, the mode, pdfgen."""
    fields = {k: v for k, v in asdict(row).items() if k != "number"}
    text = json.dumps([fields, digest, mode, __version__], sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def content_digest(project: Project) -> str:
    """What the handouts are made of: every file of the clinic folder and of pdfgen's own
    templates and fonts, by name, size and time (a change to any makes a new batch)."""
    from pdfgen.project import bundled_root
    from pdfgen.text import BUILTIN_TEMPLATES

    parts = []
    for folder in (project.content_dir, project.templates_dir, project.root / "fonts",
                   BUILTIN_TEMPLATES, bundled_root() / "fonts"):
        if folder.is_dir():
            for path in sorted(p for p in folder.rglob("*") if p.is_file()):
                stat = path.stat()
                parts.append(f"{path}:{stat.st_size}:{stat.st_mtime_ns}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def read_manifest(out_dir: Path) -> dict[str, str]:
    try:
        data = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def write_manifest(out_dir: Path, manifest: dict[str, str]) -> None:
    from pdfgen.build import write_atomic

    text = json.dumps(manifest, indent=1, sort_keys=True)
    write_atomic(out_dir / MANIFEST, text.encode())


def write_report(out_dir: Path, rows: list[Row], summary: Summary) -> None:
    """One line per row of the patient list: row, name, status, file, error."""
    import io

    from pdfgen.build import write_atomic

    done = {o.row.number: o for o in summary.outcomes}
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["row", "name", "status", "file", "error"])
    for row in rows:
        outcome = done.get(row.number)
        status = outcome.status if outcome else "not done"
        file = row.file if outcome and outcome.status != "failed" else ""
        writer.writerow([row.number, row.name, status, file, outcome.error if outcome else ""])
    write_atomic(out_dir / REPORT, buffer.getvalue().encode("utf-8"))

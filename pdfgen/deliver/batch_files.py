"""What a batch leaves beside its handouts: the fingerprint of what each was made from (to
skip it next time), the report of every row, and text made safe for terminals and
spreadsheets."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import unicodedata
from contextlib import suppress
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

from pdfgen import __version__
from pdfgen.content.project import Project

if TYPE_CHECKING:
    from pdfgen.deliver.batch_worker import Outcome
    from pdfgen.deliver.patient_list import Row

REPORT = "batch-report.csv"


def fingerprint(row: Row, digest: str, mode: str) -> str:
    """What a row's handout is made from: its columns, the content, the mode, pdfgen."""
    fields = {k: v for k, v in asdict(row).items() if k != "number"}
    text = json.dumps([fields, digest, mode, __version__], sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def content_digest(project: Project) -> str:
    """What the handouts are made of: every file of the clinic folder and of pdfgen's own
    templates and fonts, by name, size and time (a change to any makes a new batch)."""
    from pdfgen.content.project import bundled_root
    from pdfgen.text.engine import BUILTIN_TEMPLATES
    from pdfgen.text.i18n import LOCALE_DIR

    parts = []
    for folder in (project.content_dir, project.templates_dir, project.root / "fonts",
                   BUILTIN_TEMPLATES, bundled_root() / "fonts", project.root / "locale",
                   LOCALE_DIR):
        if folder.is_dir():
            for path in sorted(p for p in folder.rglob("*") if p.is_file()):
                stat = path.stat()
                parts.append(f"{path}:{stat.st_size}:{stat.st_mtime_ns}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def clean_partial_files(out_dir: Path) -> None:
    """Remove the temporary files of a batch that was killed while writing (kill -9)."""
    for path in out_dir.glob(".*.part"):
        with suppress(OSError):
            path.unlink()


def printable(text: str) -> str:
    """Text safe to print on a terminal: control characters (escape sequences, carriage
    returns, direction overrides) are shown escaped, never sent raw."""
    return "".join(_escape(c) if _hidden(c) else c for c in text)


def spreadsheet_cell(text: str) -> str:
    """A report cell that Excel, LibreOffice and Google Sheets show as text, never run as a
    formula (OWASP: CSV injection)."""
    text = printable(text)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _hidden(c: str) -> bool:
    return unicodedata.category(c) in ("Cc", "Zl", "Zp") or c in BIDI_CONTROLS


def _escape(c: str) -> str:
    return f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}"


BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                          "\u2066\u2067\u2068\u2069")


def earlier_jobs(out_dir: Path) -> dict[str, str]:
    """The print job of each file in the batch's last report: a row printed before keeps its
    job's number when the batch is run again (it was written blank)."""
    try:
        with (out_dir / REPORT).open(encoding="utf-8", newline="") as report:
            return {line["file"]: line["print job"] for line in csv.DictReader(report)
                    if line.get("file") and line.get("print job")}
    except (OSError, UnicodeDecodeError, csv.Error, KeyError):  # none, or not ours
        return {}


def write_report(out_dir: Path, rows: list[Row], outcomes: list[Outcome]) -> str:
    """One line per row of the patient list: row, name, status, file, error, print job; what went
    wrong if the report cannot be written (a full disk), else ''."""
    import io

    from pdfgen.files import write_atomic

    done = {o.row.number: o for o in outcomes}
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["row", "name", "status", "file", "error", "print job"])
    for row in rows:
        outcome = done.get(row.number)
        status = outcome.status if outcome else "not done"
        file = row.file if outcome and outcome.status != "failed" else ""
        cells = [row.name, status, file, outcome.error if outcome else "",
                 outcome.job if outcome else ""]
        writer.writerow([row.number, *map(spreadsheet_cell, cells)])
    try:
        write_atomic(out_dir / REPORT, buffer.getvalue().encode("utf-8"))
    except OSError as error:
        return f"{REPORT} could not be written: {error.strerror}"
    return ""


OWNER = ".pdfgen-batch-list"  # the list a batch folder belongs to


def batch_folder(out_root: Path, patients: Path) -> Path:
    """out/<list name>/ for this list; a list of the same name in another folder gets
    out/<list name>-2/ (and so on), so two lists never share handouts, journal or report."""
    me = os.path.abspath(patients)
    for number in range(1, 1000):
        folder = out_root / (patients.stem + (f"-{number}" if number > 1 else ""))
        try:
            owner = (folder / OWNER).read_text(encoding="utf-8").strip()
        except (FileNotFoundError, NotADirectoryError):
            owner = ""
        except OSError:
            continue
        if owner in (me, ""):  # this list's, or free (or made before owners were kept)
            return folder
    return out_root / patients.stem


def claim(folder: Path, patients: Path) -> None:
    """Write down which list this batch folder belongs to (see batch_folder)."""
    from pdfgen.files import write_atomic

    if not (folder / OWNER).exists():
        with suppress(OSError):  # a full disk is said when the handouts are written
            write_atomic(folder / OWNER, (os.path.abspath(patients) + "\n").encode())

"""`pdfgen batch`: a handout for every patient on a list, in parallel, resumable, reported."""

from __future__ import annotations

import csv
import os
import signal
from collections.abc import Callable, Iterator
from contextlib import suppress
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from pdfgen.batch_files import (
    content_digest,
    fingerprint,
    read_manifest,
    write_file,
    write_manifest,
    write_report,
)
from pdfgen.errors import PdfgenError, display_path
from pdfgen.project import Project

COLUMNS = ("name", "level", "routine", "plan", "date", "email")
Mode = Literal["build", "email", "draft"]


class BatchFileError(PdfgenError):
    """The patient list cannot be used at all (exit code 2)."""


@dataclass(frozen=True)
class Row:
    number: int  # the line of the CSV file, as a spreadsheet shows it
    name: str
    level: str = ""
    routine: str = ""
    plan: str = ""
    date: str = ""
    email: str = ""
    file: str = ""  # the handout's file name, unique within the batch


@dataclass
class Outcome:
    row: Row
    status: str  # "built", "sent", "draft", "skipped" or "failed"
    error: str = ""
    pdf: bytes = field(default=b"", repr=False)
    eml: bytes = field(default=b"", repr=False)


@dataclass
class Summary:
    outcomes: list[Outcome] = field(default_factory=list)
    interrupted: bool = False

    def count(self, *statuses: str) -> int:
        return sum(1 for o in self.outcomes if o.status in statuses)

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "failed"]


def read_rows(path: Path) -> list[Row]:
    """The patients of a CSV file as Excel or Google Sheets export it (UTF-8, with a BOM or
    without, a header line); an unusable file is one error naming what is wrong."""
    shown = display_path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise BatchFileError(f"{shown}: no such file") from None
    except UnicodeDecodeError:
        raise BatchFileError(f"{shown}: not UTF-8 text; save it as \"CSV UTF-8\"") from None
    lines = text.splitlines()
    first = lines[0] if lines else ""
    # Excel in many countries saves "CSV" with semicolons: read what was written.
    reader = csv.reader(lines, delimiter=";" if first.count(";") > first.count(",") else ",")
    header = [cell.strip().lower() for cell in next(reader, [])]
    if not any(header):
        raise BatchFileError(f"{shown}: the file is empty; expected a header line with "
                             f"a name column ({', '.join(COLUMNS)})")
    unknown = [column for column in header if column not in COLUMNS]
    if unknown:
        raise BatchFileError(f"{shown}: unknown column(s) {', '.join(map(repr, unknown))}; "
                             f"expected {', '.join(COLUMNS)}")
    if "name" not in header:
        raise BatchFileError(f"{shown}: no 'name' column; the header line must name it")
    rows = []
    for line, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        values = {column: (cells[i].strip() if i < len(cells) else "")
                  for i, column in enumerate(header)}
        rows.append(Row(number=line, **values))
    if not rows:
        raise BatchFileError(f"{shown}: no patients below the header line")
    return rows


def run_batch(project: Project, csv_path: Path, out_dir: Path, mode: Mode, jobs: int,
              on_outcome: Callable[[Outcome, int], None] = lambda outcome, left: None,
              environ: dict[str, str] | None = None) -> Summary:
    """Build (and send) every row's handout; rows that fail are reported, not fatal.

    Files are written here, by the one process that reads the results: an interrupted batch
    leaves whole files only, and a manifest of what each was built from.
    """
    from pdfgen.content import load_clinic
    from pdfgen.mailer import server_settings

    rows = _name_files(project, read_rows(csv_path))
    load_clinic(project)  # a broken clinic.toml is one error, not a failure on every row
    if mode == "email":
        server_settings(load_clinic(project).model, environ or os.environ)
    out_dir.mkdir(parents=True, exist_ok=True)
    manifest = read_manifest(out_dir)
    digest = content_digest(project)
    summary = Summary()
    todo = []
    for row in rows:
        fingerprint_ = fingerprint(row, digest, mode)
        # Kept per mode: a batch that only built the files has not e-mailed anyone.
        if manifest.get(f"{mode}:{row.file}") == fingerprint_ and (out_dir / row.file).is_file():
            summary.outcomes.append(Outcome(row, "skipped"))
            on_outcome(summary.outcomes[-1], len(rows) - len(summary.outcomes))
        else:
            todo.append((row, fingerprint_))
    fingerprints = dict((row.number, fp) for row, fp in todo)
    try:
        for outcome in _work(project, [row for row, _ in todo], mode, jobs, environ):
            if outcome.status != "failed":
                write_file(out_dir, outcome.row.file, outcome.pdf, outcome.eml)
                manifest[f"{mode}:{outcome.row.file}"] = fingerprints[outcome.row.number]
            outcome.pdf = outcome.eml = b""
            summary.outcomes.append(outcome)
            on_outcome(outcome, len(rows) - len(summary.outcomes))
    except KeyboardInterrupt:
        summary.interrupted = True
    finally:
        write_manifest(out_dir, manifest)
        write_report(out_dir, rows, summary)
    return summary


def _name_files(project: Project, rows: list[Row]) -> list[Row]:
    """A file name per row; the second Jane Doe gets '-2', so no one overwrites another."""
    from pdfgen.handout import default_filename

    seen: dict[str, int] = {}
    named = []
    for row in rows:
        level, topic = int(row.level) if row.level.isdigit() else 0, row.routine
        if not row.level and row.plan:  # named as `pdfgen handout --plan` would name it
            level, topic = _plan_level(project, row.plan)
        stem = default_filename((topic or _only_topic(project)) if level else None,
                                level, row.name).removesuffix(".pdf")
        seen[stem] = seen.get(stem, 0) + 1
        suffix = f"-{seen[stem]}" if seen[stem] > 1 else ""
        named.append(replace(row, file=f"{stem}{suffix}.pdf"))
    return named


def _plan_level(project: Project, plan: str) -> tuple[int, str]:
    from pdfgen.content import read_model
    from pdfgen.models import Plan

    path = _plan_path(project, plan)
    try:
        model = read_model(Plan, path) if path else None
    except PdfgenError:  # the row fails later, with the plan's own error
        return 0, ""
    return (model.level or 0, model.routine or "") if model else (0, "")


def _only_topic(project: Project) -> str | None:
    from pdfgen.content import routine_files

    topics = sorted(routine_files(project))
    return topics[0] if len(topics) == 1 else None


def _work(project: Project, rows: list[Row], mode: Mode, jobs: int,
          environ: dict[str, str] | None) -> Iterator[Outcome]:
    if jobs <= 1 or len(rows) <= 1:
        _start_worker(project, mode, environ)
        try:
            yield from map(_build_row, rows)
        finally:
            _stop_worker()
        return
    import multiprocessing

    pool = multiprocessing.get_context().Pool(
        jobs, initializer=_start_worker, initargs=(project, mode, environ, True))
    try:
        yield from pool.imap_unordered(_build_row, rows, chunksize=4)
        pool.close()
    except BaseException:
        pool.terminate()  # workers write no files: stopping them leaves nothing half-done
        raise
    finally:
        pool.join()


# --- worker side: one per process, set up once, then a row at a time -----------------------

_worker: dict[str, object] = {}


def _start_worker(project: Project, mode: Mode, environ: dict[str, str] | None,
                  child: bool = False) -> None:
    if child:  # Ctrl-C is the main process's to handle
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        from multiprocessing.util import Finalize

        Finalize(None, _stop_worker, exitpriority=10)  # say QUIT to the mail server
    _worker.update(project=project, mode=mode, environ=environ or dict(os.environ),
                   connection=None)


def _stop_worker() -> None:
    connection = _worker.get("connection")
    if connection is not None:
        with suppress(Exception):  # the batch is done either way
            connection.quit()  # type: ignore[attr-defined]
    _worker.clear()


def _build_row(row: Row) -> Outcome:
    from pdfgen.handout import HandoutRequest, build_handout, parse_date

    project: Project = _worker["project"]  # type: ignore[assignment]
    mode: Mode = _worker["mode"]  # type: ignore[assignment]
    try:
        if not row.name:
            raise PdfgenError("name: empty; every row needs the patient's name")
        if row.level and not row.level.isdigit():
            raise PdfgenError(f"level: expected a whole number, got {row.level!r}")
        if mode != "build" and not row.email:
            raise PdfgenError("email: no address in the email column")
        request = HandoutRequest(
            level=int(row.level) if row.level else None, topic=row.routine or None,
            patient=row.name, date=parse_date(row.date) if row.date else None,
            plan=_plan_path(project, row.plan),
        )
        handout = build_handout(project, request)
        if mode == "build":
            return Outcome(row, "built", pdf=handout.data)
        return _mail(row, handout, mode)
    except PdfgenError as error:
        # In a list of patients the options are columns: "level 9", not "--level 9".
        return Outcome(row, "failed", error=error.message.removeprefix("--"))


def _plan_path(project: Project, plan: str) -> Path | None:
    if not plan:
        return None
    path = Path(plan)
    return path if path.is_absolute() or path.exists() else project.root / path


def _mail(row: Row, handout: object, mode: Mode) -> Outcome:
    from email.generator import BytesGenerator
    from io import BytesIO

    from pdfgen.content import load_clinic
    from pdfgen.delivery import letter_for
    from pdfgen.mailer import (
        check_address,
        check_size,
        compose,
        connect,
        deliver,
        server_settings,
    )

    project: Project = _worker["project"]  # type: ignore[assignment]
    clinic = load_clinic(project).model
    to = check_address(row.email)
    letter = letter_for(project, handout)  # type: ignore[arg-type]
    pdf = handout.data  # type: ignore[attr-defined]
    if mode == "draft":
        check_size(pdf, int(clinic.email.max_attachment_mb * 1048576))
        message = compose(letter, pdf, to=to, reply_to=clinic.email.reply_to,
                          sender=clinic.email.from_address or clinic.contact_email)
        message["X-Unsent"] = "1"
        buffer = BytesIO()
        BytesGenerator(buffer).flatten(message)
        return Outcome(row, "draft", pdf=pdf, eml=buffer.getvalue())
    server = server_settings(clinic, _worker["environ"])  # type: ignore[arg-type]
    check_size(pdf, server.max_bytes)
    message = compose(letter, pdf, to=to, sender=server.from_address,
                      reply_to=server.reply_to)
    if _worker.get("connection") is None:  # one connection per worker, for all its rows
        _worker["connection"] = connect(server)
    try:
        deliver(_worker["connection"], message, server)  # type: ignore[arg-type]
    except PdfgenError:
        _worker["connection"] = None  # after a failure, the next row connects afresh
        raise
    return Outcome(row, "sent", pdf=pdf)

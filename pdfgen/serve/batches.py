"""A patient list uploaded from the batch page, run as `pdfgen batch` runs it (through the
API's ClinicFolder.batch) in a process of its own, its progress kept for the page to ask."""

from __future__ import annotations

import contextlib
import csv
import io
import multiprocessing
import os
import queue
import re
import secrets
import signal
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pdfgen import program
from pdfgen.errors import FieldError, PdfgenError

if TYPE_CHECKING:
    from multiprocessing.process import BaseProcess

    from pdfgen.api import ClinicFolder

MAX_BYTES = 1_000_000  # as a content file: a clinic's list is a few hundred rows
MAX_ROWS = 2_000
MODES = ("build", "email", "draft", "print")
LIST_FOLDER = "lists"  # out/lists/NAME.csv: the list the batch reads again when resumed
LAST_WORDS = 2.0  # seconds to read what an ended batch's process sent last
KEPT = 50  # batches whose progress the page can still ask for (the ended ones: the latest)


@dataclass
class Run:
    """One batch: its rows' outcomes as they come, and its end."""

    total: int
    mode: str
    folder: str
    process: BaseProcess | None = None
    outcomes: list[dict[str, Any]] = field(default_factory=list)
    ended: dict[str, Any] | None = None


class Batches:
    """The batches of one clinic folder, each in a child process (spawned: a clean start,
    never a copy of the server's threads); Ctrl-C reaches them as it reaches `pdfgen batch`."""

    def __init__(self, clinic: ClinicFolder) -> None:
        self.clinic = clinic
        self.runs: dict[str, Run] = {}
        self.context = multiprocessing.get_context("spawn")
        self.lock = threading.Lock()

    def start(self, name: object, text: object, mode: object) -> str:
        """Save the list as out/lists/NAME.csv and start its batch; the batch's id."""
        from pdfgen.deliver.batch_files import batch_folder
        from pdfgen.files import write_atomic

        stem = _stem(name)
        if mode not in MODES:
            raise FieldError(f"mode {mode!r}: expected build, email, draft or print", "mode")
        if not isinstance(text, str):
            raise FieldError("csv: expected the patient list's text", "csv")
        data = text.encode("utf-8")
        if len(data) > MAX_BYTES:
            raise FieldError(f"{stem}.csv: {len(data):,} bytes; a patient list may be at "
                             f"most {MAX_BYTES:,}", "csv")
        rows = _count_rows(text)
        if rows > MAX_ROWS:
            raise FieldError(f"{stem}.csv: {rows:,} rows; a list may have at most "
                             f"{MAX_ROWS:,} (split it)", "csv")
        target = self.clinic.out_dir / LIST_FOLDER / f"{stem}.csv"
        folder = batch_folder(self.clinic.out_dir, target)
        with self.lock:
            if any(r.folder == str(folder) and r.ended is None for r in self.runs.values()):
                raise FieldError(f"{stem}.csv: this list's batch is running; wait for it "
                                 "to finish", "csv")
            target.parent.mkdir(parents=True, exist_ok=True)
            # (Refused now, as the command line refuses it, not once its batch has begun.)
            _usable(target, data, self.clinic.path)
            write_atomic(target, data)
            forget_ended(self.runs, KEPT - 1)
            ident = secrets.token_urlsafe(12)
            run = self.runs[ident] = Run(total=rows, mode=str(mode), folder=str(folder))
        updates = self.context.Queue()
        printing = self.clinic.print_options() if mode == "print" else None
        run.process = self.context.Process(
            target=run_child, args=(None if self.clinic.is_demo else str(self.clinic.path),
                                    str(target), str(folder), mode, printing, updates),
            daemon=False)
        run.process.start()
        threading.Thread(target=follow, args=(run, updates), daemon=True).start()
        return ident

    def state(self, ident: str) -> dict[str, Any] | None:
        run = self.runs.get(ident)
        if run is None:
            return None
        return {"total": run.total, "mode": run.mode, "done": len(run.outcomes),
                "outcomes": list(run.outcomes), "ended": run.ended}

    def stop(self, timeout: float = 15) -> None:
        """Stop the running batches as Ctrl-C stops `pdfgen batch` (once each: a batch is in
        a process group of its own, which a Ctrl-C at the terminal does not reach), and wait
        while each records what it did and writes its report."""
        running = [r.process for r in self.runs.values()
                   if r.process is not None and r.process.is_alive()]
        for process in running:
            if process.pid is not None:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(process.pid, signal.SIGINT)
        for process in running:
            process.join(timeout)
            if process.is_alive():
                process.terminate()  # SIGTERM: what is done is recorded, as with Ctrl-C
                process.join(timeout)


def follow(run: Run, updates: Any) -> None:
    """Keep a batch's outcomes as its process sends them, until its end."""
    while True:
        try:
            update = updates.get(timeout=0.5)
        except queue.Empty:
            if run.process is None or run.process.is_alive():
                continue
            # Its process has ended. What it sent is in the pipe, but on a busy machine it
            # may have come after the wait above gave up: the page said "the batch
            # stopped" of a batch that had mailed every row.
            try:
                update = updates.get(timeout=LAST_WORDS)
            except queue.Empty:
                run.ended = run.ended or {"error": "the batch stopped; run it again to "
                                          "finish", "interrupted": True}
                return
        if "ended" in update:
            run.ended = update["ended"]
            return
        run.outcomes.append(update)


def forget_ended(runs: dict[str, Run], most: int) -> None:
    """Runs that ended forgotten, the oldest first, until at most `most` runs are left (a
    running one is never forgotten): a server that runs for months keeps a bounded list.
    What a forgotten batch did stays in its report under out/."""
    for ident in [k for k, run in runs.items() if run.ended is not None]:
        if len(runs) <= most:
            return
        del runs[ident]


def run_child(root: str | None, patients: str, folder: str, mode: Any, printing: Any,
              updates: Any) -> None:
    """The batch's process: ClinicFolder.batch, each row's outcome sent to the server."""
    os.setpgrp()  # the server passes Ctrl-C on, once (see Batches.stop)
    program.set_up()  # a process started afresh (spawn): the program's too

    def said(outcome: Any, left: int) -> None:
        updates.put({"row": outcome.row.number, "name": outcome.row.name,
                     "status": outcome.status, "error": outcome.error, "left": left})

    try:
        from pdfgen.api import open_clinic

        summary = open_clinic(root).batch(patients, out_dir=folder, mode=mode,
                                          printing=printing, on_outcome=said)
    except PdfgenError as error:
        updates.put({"ended": {"error": error.message}})
        return
    except KeyboardInterrupt:  # before the batch began: nothing was done
        updates.put({"ended": {"interrupted": True}})
        return
    from pdfgen.deliver.batch_files import REPORT

    counts = {s: summary.count(s) for s in ("built", "sent", "draft", "printed", "skipped",
                                            "failed", "unconfirmed")}
    updates.put({"ended": {"counts": counts, "interrupted": summary.interrupted,
                           "report": str(Path(folder) / REPORT)}})


def _stem(name: object) -> str:
    if not isinstance(name, str) or not name.strip():
        raise FieldError("name: expected the patient list's file name", "name")
    stem = re.sub(r"[^a-z0-9_-]+", "-", Path(name).stem.lower()).strip("-")[:60]
    if not stem:
        raise FieldError(f"name {name!r}: expected a file name such as patients.csv", "name")
    return stem


def _count_rows(text: str) -> int:
    """Rows after the header line, as the CSV reader counts them (a quoted line break is
    one row)."""
    try:
        return max(0, sum(1 for _ in csv.reader(io.StringIO(text))) - 1)
    except csv.Error:
        return 0  # the batch itself says what is wrong with the file, naming the row


def _usable(target: Path, data: bytes, clinic: Path) -> None:
    """The list read as `pdfgen batch` reads it, from a scratch file beside where it goes
    (an unusable list leaves no file, and the list it would replace as it was)."""
    from pdfgen.deliver.patient_list import read_rows
    from pdfgen.errors import BatchFileError, display_path

    trial = target.with_name(f".{target.stem}.{secrets.token_hex(4)}.check.csv")
    try:
        trial.write_bytes(data)
        read_rows(trial)
    except BatchFileError as error:
        try:  # (named as the clinic knows it, wherever the server was started)
            shown = target.relative_to(clinic).as_posix()
        except ValueError:
            shown = display_path(target)
        said = error.message.replace(display_path(trial), shown)
        raise FieldError(said, "csv") from None
    finally:
        trial.unlink(missing_ok=True)

"""`pdfgen batch`: a handout for every patient on a list, in parallel, resumable, reported."""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any

from pdfgen.content.choices import Layout
from pdfgen.content.project import Project
from pdfgen.deliver.batch_files import (
    claim,
    clean_partial_files,
    content_digest,
    earlier_jobs,
    fingerprint,
    write_report,
)
from pdfgen.deliver.batch_journal import State, compact, load_state, locked
from pdfgen.deliver.batch_names import name_files
from pdfgen.deliver.batch_worker import (
    Mode,
    Outcome,
    Setup,
    build_row,
    start_worker,
    stop_worker,
)
from pdfgen.deliver.patient_list import COLUMNS, Row, read_rows
from pdfgen.errors import BatchFileError, OutputError, display_path

if TYPE_CHECKING:
    from pdfgen.deliver.printing import PrintOptions

__all__ = ["COLUMNS", "BatchFileError", "Mode", "Outcome", "Row", "Summary", "read_rows",
           "run_batch"]


@dataclass
class Summary:
    outcomes: list[Outcome] = field(default_factory=list)
    interrupted: bool = False
    folder: Path | None = None  # where the batch's handouts and its report are
    rows: int = 0  # the patients of the list
    notes: list[str] = field(default_factory=list)  # what to fix before the list is mailed

    @property
    def not_done(self) -> int:
        """Rows a stopped batch never reached (the next run does them)."""
        return max(0, self.rows - len(self.outcomes))

    def count(self, *statuses: str) -> int:
        return sum(1 for o in self.outcomes if o.status in statuses)

    @property
    def failed(self) -> list[Outcome]:
        """The rows that need a look, in the order of the list."""
        return sorted((o for o in self.outcomes if o.status in ("failed", "unconfirmed")),
                      key=lambda o: o.row.number)


UNCONFIRMED = ("the batch stopped while this mail was being sent, so it may have arrived; it "
               "is not sent again: ask the patient, and send it with pdfgen email if needed")
UNPRINTED = ("the batch stopped while this handout was going to the printer, so it may have "
             "printed; it is not printed again: look in the printer's tray, and print the "
             "file with pdfgen handout --print if needed")


def run_batch(project: Project, csv_path: Path, out_dir: Path, mode: Mode, jobs: int,
              on_outcome: Callable[[Outcome, int], None] = lambda outcome, left: None,
              environ: dict[str, str] | None = None,
              printing: PrintOptions | None = None, layout: Layout | None = None,
              on_start: Callable[[int], None] = lambda rows: None) -> Summary:
    """Build (and send, or print) every row's handout; rows that fail are reported, not fatal
    (`on_start(rows)` once the list is read and the batch can begin).

    Each worker writes its files whole and records each step in the batch folder's journal
    as it happens; the folder is locked for the run. A failure to write out/ stops the
    batch (OutputError) once the report is written.
    """
    from pdfgen.content.fields import is_address
    from pdfgen.content.loading import load_clinic
    from pdfgen.mail.settings import server_settings

    rows = name_files(project, read_rows(csv_path), layout)
    load_clinic(project)  # a broken clinic.toml is one error, not a failure on every row
    if mode == "email":
        server_settings(load_clinic(project).model, environ or os.environ)
    printer = ""
    if mode == "print":
        from pdfgen.deliver.printing import PrintOptions, ready_printer

        printing = printing or PrintOptions(paper=load_clinic(project).model.paper)
        printer = ready_printer(printing)  # no print service: say so before building anything
    on_start(len(rows))
    _make_folder(out_dir)
    with locked(out_dir):
        clean_partial_files(out_dir)  # left by a batch killed while writing
        claim(out_dir, csv_path)
        summary = _run_locked(project, rows, out_dir, mode, jobs, on_outcome, environ,
                              (printing, printer) if printing else None, layout)
    if mode in ("build", "print"):  # (mailed or drafted, such a row fails, saying why)
        summary.notes = [f"{display_path(csv_path)} row {row.number} ({row.name}): email "
                         f"{row.email.strip()!r} is not an e-mail address; fix it before "
                         "the list is mailed" for row in rows
                         if row.email.strip() and not is_address(row.email.strip())]
    return summary


def _run_locked(project: Project, rows: list[Row], out_dir: Path, mode: Mode, jobs: int,
                on_outcome: Callable[[Outcome, int], None],
                environ: dict[str, str] | None,
                printing: tuple[PrintOptions, str] | None = None,
                layout: Layout | None = None) -> Summary:
    state = load_state(out_dir)
    digest = content_digest(project)
    summary = Summary(folder=out_dir, rows=len(rows))
    todo = []
    jobs_before = earlier_jobs(out_dir) if mode == "print" else {}
    for row in rows:
        key, print_ = f"{mode}:{row.file}", fingerprint(row, digest, mode)
        # Kept per mode: a batch that only built the files has not e-mailed anyone.
        if state.done.get(key) == print_ and _files_there(out_dir, row, mode):
            summary.outcomes.append(Outcome(row, "skipped", job=jobs_before.get(row.file, "")))
        elif mode in ("email", "print") and state.sending.get(key) == print_:
            summary.outcomes.append(Outcome(
                row, "unconfirmed", error=UNCONFIRMED if mode == "email" else UNPRINTED))
        else:
            todo.append((row, print_))
            continue
        on_outcome(summary.outcomes[-1], len(rows) - len(summary.outcomes))
    stop, stop_as = "", None
    setup = Setup(project, out_dir, mode, dict(environ or os.environ), layout=layout)
    previous = _stop_on_sigterm()
    outcomes = _work(setup, todo, jobs)
    if printing:
        outcomes = _printed_in_order(outcomes, todo, out_dir, *printing)
    try:
        for outcome in outcomes:
            summary.outcomes.append(outcome)
            on_outcome(outcome, len(rows) - len(summary.outcomes))
            if outcome.stop:
                stop, stop_as = outcome.stop, outcome.stop_as
                break
    except KeyboardInterrupt:
        summary.interrupted = True
    finally:
        # A batch that stopped leaves its workers waiting on rows: they end here, while
        # the folder is still locked (left to the collector, they held its lock on).
        getattr(outcomes, "close", lambda: None)()
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
        final = load_state(out_dir)
        if summary.interrupted:  # the workers have ended: their journal says what they did
            summary.outcomes += _settled(final, todo, summary.outcomes, mode)
        compact(out_dir, final)
        report_error = write_report(out_dir, rows, summary.outcomes)
    if stop:
        kept = summary.count("built", "sent", "draft", "printed", "skipped")
        done = (f"the batch stopped, the {kept} handout(s) done are kept" if kept else
                "the batch stopped with no handout done") + (
            f" ({report_error})" if report_error else
            " and listed in batch-report.csv" if kept else " (batch-report.csv lists the rows)")
        if stop_as is not None:  # the mail server: the rest would each wait and fail
            raise stop_as(f"{stop}; {done}; once the server answers, run the same command "
                          "again")
        raise OutputError(f"{display_path(out_dir)}: {stop}; {done}; make room (or fix the "
                          "folder) and run the same command again")
    return summary


# What a row the journal shows finished was, by the batch's mode.
FINISHED = {"build": "built", "email": "sent", "draft": "draft", "print": "printed"}


def _settled(state: State, todo: list[tuple[Row, str]], known: list[Outcome], mode: Mode
             ) -> list[Outcome]:
    """A stopped batch's rows whose outcome never reached it, as the workers recorded them:
    finished, or a mail (or print job) whose end nobody heard ("unconfirmed"). Without
    these the report called them "not done", and a front desk that sent those by hand
    mailed them twice."""
    seen = {outcome.row.file for outcome in known}  # (a row's file names it: "-2" twins)
    settled = []
    for row, print_ in todo:
        key = f"{mode}:{row.file}"
        if row.file in seen:
            continue
        if state.done.get(key) == print_:
            settled.append(Outcome(row, FINISHED[mode]))
        elif mode in ("email", "print") and state.sending.get(key) == print_:
            settled.append(Outcome(row, "unconfirmed",
                                   error=UNCONFIRMED if mode == "email" else UNPRINTED))
    return settled


def _make_folder(out_dir: Path) -> None:
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise OutputError(f"{display_path(out_dir)}: is a file, expected a folder for the "
                          "batch's handouts") from None
    except OSError as error:
        raise OutputError(f"{display_path(out_dir)}: cannot make the folder "
                          f"({error.strerror})") from None
    if not os.access(out_dir, os.W_OK | os.X_OK):
        raise OutputError(f"{display_path(out_dir)}: cannot write in this folder")


def _printed_in_order(outcomes: Iterator[Outcome], todo: list[tuple[Row, str]],
                      out_dir: Path, options: PrintOptions, printer: str) -> Iterator[Outcome]:
    """Print the handouts as they are built, in the order of the list (a stack the front
    desk can hand out from the top); each print is in the journal before and after."""
    from pdfgen.deliver.batch_journal import DONE, PRINTING, REFUSED, Recorder
    from pdfgen.deliver.printing import print_file
    from pdfgen.deliver.worker_signals import held_signals
    from pdfgen.errors import PrintError, PrintUnknownError

    place = {row.number: (index, fingerprint) for index, (row, fingerprint) in enumerate(todo)}
    ready: dict[int, Outcome] = {}
    recorder = Recorder(out_dir)
    try:
        next_place = 0
        for outcome in outcomes:
            ready[place[outcome.row.number][0]] = outcome
            while next_place in ready:
                outcome = ready.pop(next_place)
                next_place += 1
                if outcome.status == "built":
                    row = outcome.row
                    key, fingerprint = f"print:{row.file}", place[row.number][1]
                    job = None
                    with held_signals():  # Ctrl-C waits until the job id is recorded
                        try:
                            recorder.record(key, fingerprint, PRINTING)
                            job = print_file(out_dir / row.file, options, printer)
                            recorder.record(key, fingerprint, DONE)
                            outcome = replace(outcome, status="printed", job=job.job)
                        except PrintError as error:
                            if not isinstance(error, PrintUnknownError):
                                recorder.record(key, fingerprint, REFUSED)
                            outcome = replace(outcome, status="failed",
                                              error=f"not printed: {error.message}")
                        except OSError as error:  # a full disk: no further print may go
                            reason = error.strerror or type(error).__name__
                            stop = (f"cannot write the batch journal in "
                                    f"{display_path(out_dir)} ({reason})")
                            outcome = replace(outcome, status="printed" if job else "failed",
                                              error="" if job else stop, stop=stop,
                                              job=job.job if job else "")
                yield outcome
                if outcome.stop:
                    return
    finally:
        recorder.close()


def _files_there(out_dir: Path, row: Row, mode: Mode) -> bool:
    if mode in ("email", "print"):
        return True  # sent (printed) is sent, whatever became of the copy in out/
    eml = mode != "draft" or (out_dir / Path(row.file).with_suffix(".eml")).is_file()
    return eml and _whole_pdf(out_dir / row.file)


def _whole_pdf(path: Path) -> bool:
    """Whether `path` is a whole PDF (a file emptied or cut short since is built again: it
    was counted "already up to date")."""
    try:
        with path.open("rb") as pdf:
            start = pdf.read(5)
            pdf.seek(max(path.stat().st_size - 1024, 0))
            return start == b"%PDF-" and b"%%EOF" in pdf.read()
    except OSError:
        return False


def _stop_on_sigterm() -> Callable[[int, FrameType | None], Any] | int | None:
    """SIGTERM stops a batch as Ctrl-C does: what is done is recorded, the report written."""
    import threading

    if threading.current_thread() is not threading.main_thread():
        return None

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    return signal.signal(signal.SIGTERM, stop)


def _work(setup: Setup, todo: list[tuple[Row, str]], jobs: int) -> Iterator[Outcome]:
    if jobs <= 1 or len(todo) <= 1:
        start_worker(setup)
        try:
            yield from map(build_row, todo)
        finally:
            stop_worker()
        return
    import multiprocessing

    pool = multiprocessing.get_context().Pool(
        jobs, initializer=start_worker, initargs=(setup, True))
    try:
        # One row at a time per worker: a worker never holds rows it has not started.
        yield from pool.imap_unordered(build_row, todo, chunksize=1)
        pool.close()
    except BaseException:
        # SIGTERM: a worker finishes the mail it is committing, then stops
        end_pool(pool, multiprocessing.active_children())
        raise
    finally:
        pool.join()


ENDING = 10.0  # seconds the workers have to end once told to (a mail's answer takes 2 at most)


def end_pool(pool: Any, workers: list[Any], grace: float = ENDING) -> None:
    """pool.terminate(), bounded: a worker still there `grace` seconds after its SIGTERM is
    killed, so a stuck worker never holds the batch (and its lock) forever. A mail it was
    committing is then reported "not confirmed", and never sent again."""
    import threading

    ender = threading.Thread(target=pool.terminate, daemon=True)
    ender.start()
    ender.join(grace)
    if ender.is_alive():
        for worker in workers:
            worker.kill()  # only a worker not yet reaped: its pid is still its own
        ender.join()

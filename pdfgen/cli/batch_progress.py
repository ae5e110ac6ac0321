"""`pdfgen batch` as the person running it sees it: a live progress bar on a terminal, plain lines
elsewhere (a log, a script), and at the end what was done and what failed."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from pdfgen.cli.handout import say_stale
from pdfgen.deliver.batch_files import REPORT, printable
from pdfgen.errors import Interrupted, RowsNotDone, display_path

if TYPE_CHECKING:
    from pdfgen.api import ClinicFolder
    from pdfgen.deliver.batch import Outcome, Summary
    from pdfgen.deliver.batch_worker import Mode as BatchMode
    from pdfgen.deliver.printing import PrintOptions


def report_batch(project: ClinicFolder, patients: Path, out_dir: Path | None, mode: BatchMode,
                 jobs: int | None, printing: PrintOptions | None = None,
                 layout: str | None = None) -> None:
    """Run the batch, show its progress and print the summary; Interrupted or RowsNotDone
    (their exit codes) when it did not finish every row."""
    started = time.perf_counter()
    if sys.stdout.isatty():
        summary = _with_bar(project, patients, out_dir, mode, jobs, started, printing, layout)
    else:
        summary = _with_lines(project, patients, out_dir, mode, jobs, started, printing,
                              layout)
    elapsed = time.perf_counter() - started
    done = summary.count("built", "sent", "draft", "printed")
    skipped, failed = summary.count("skipped"), summary.count("failed")
    unconfirmed = summary.count("unconfirmed")
    verb = {"build": "built", "email": "sent", "draft": "drafted", "print": "printed"}[mode]
    # A rate only means something when something was made.
    rate = f" ({done / elapsed:.1f} handouts a second)" if done and elapsed > 0 else ""
    also = (f", {unconfirmed} not confirmed" if unconfirmed else "") + (
        f", {summary.not_done} not done" if summary.not_done else "")
    # Skipped, said as what was done before: a mail is "already sent", not "up to date".
    before = {"build": "up to date", "email": "sent", "draft": "drafted",
              "print": "printed"}[mode]
    folder = summary.folder
    assert folder is not None  # (run_batch gives every summary its folder)
    print(f"{done} {verb}, {skipped} already {before}, {failed} failed{also}{rate}; "
          f"report: {display_path(folder / REPORT)}")
    for outcome in summary.failed:
        print(printable(f"  row {outcome.row.number} ({outcome.row.name}): {outcome.error}"))
    for note in summary.notes:
        print(printable(f"note: {note}"), file=sys.stderr)
    say_stale(sorted({path for outcome in summary.outcomes for path in outcome.stale}),
              "the handouts in its language print")
    for said in sorted({said for outcome in summary.outcomes for said in outcome.to_check}):
        print(printable(f"note: {said}"), file=sys.stderr)  # (as pdfgen handout says it)
    if summary.interrupted:
        kept = {"email": "every mail sent is recorded",
                "print": "every handout sent to the printer is recorded"}.get(
                    mode, "every file written is whole")
        print(f"Stopped: {kept}; run the same command again to finish.")
        raise Interrupted
    if failed or unconfirmed:
        raise RowsNotDone


def _with_lines(project: ClinicFolder, patients: Path, out_dir: Path | None, mode: BatchMode,
                jobs: int | None,
                started: float, printing: PrintOptions | None, layout: str | None) -> Summary:
    counts = {"done": 0, "failed": 0, "unconfirmed": 0}
    last = [0.0]

    def show(outcome: Outcome, left: int) -> None:
        counts[outcome.status if outcome.status in counts else "done"] += 1
        now = time.perf_counter()
        if now - last[0] >= 1 or left == 0:  # a line a second is plenty for a log
            last[0] = now
            rate = counts["done"] / (now - started)
            # (as the summary says it: a mail not confirmed was counted "done")
            unsure = f", {counts['unconfirmed']} not confirmed" if counts["unconfirmed"] else ""
            print(f"{counts['done']} done, {counts['failed']} failed{unsure}, {left} left "
                  f"({rate:.1f}/s)", flush=True)

    return project.batch(patients, out_dir=out_dir, mode=mode, jobs=jobs, printing=printing,
                         layout=layout, on_outcome=show)


def _with_bar(project: ClinicFolder, patients: Path, out_dir: Path | None, mode: BatchMode,
              jobs: int | None,
              started: float, printing: PrintOptions | None, layout: str | None) -> Summary:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    counts = {"failed": 0, "unconfirmed": 0}
    with Progress(TextColumn("Handouts"), BarColumn(), MofNCompleteColumn(),
                  TextColumn("{task.fields[status]}"), transient=False) as bar:
        task = bar.add_task("batch", total=None, status="")

        def begun(rows: int) -> None:
            bar.update(task, total=rows)

        def show(outcome: Outcome, left: int) -> None:
            counts["failed"] += outcome.status == "failed"
            counts["unconfirmed"] += outcome.status == "unconfirmed"
            done = bar.tasks[0].completed + 1
            rate = done / max(time.perf_counter() - started, 1e-9)
            unsure = f" · {counts['unconfirmed']} not confirmed" if counts["unconfirmed"] \
                else ""
            bar.update(task, advance=1, status=f"{counts['failed']} failed{unsure} · {left} "
                       f"left · {rate:.1f}/s")

        return project.batch(patients, out_dir=out_dir, mode=mode, jobs=jobs,
                             printing=printing, layout=layout, on_outcome=show, on_start=begun)

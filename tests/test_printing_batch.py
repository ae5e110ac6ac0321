"""`pdfgen batch --print` prints every row once, in order, even when killed mid-way."""

from __future__ import annotations

import csv
import json
import signal
import time
from collections import Counter
from pathlib import Path

import cups_scheduler
from batch_helpers import finish, patients_csv, pdfgen, wait_for_unlocked
from conftest import files_in
from cups_scheduler import Scheduler, needs_cups, run

cups = cups_scheduler.cups  # pytest finds fixtures by name in the module


def five(demo: Path) -> Path:
    return patients_csv(demo / "p.csv", [{"name": f"Patient {i}", "level": str(1 + i % 2),
                                          "date": "2026-11-24"} for i in range(5)])


def report(folder: Path) -> list[dict[str, str]]:
    with (folder / "batch-report.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@needs_cups
def test_a_batch_prints_every_row_once_in_the_order_of_the_list(demo: Path,
                                                                cups: Scheduler) -> None:
    cups.add("front-desk", default=True)
    five(demo)
    code, out, err = run(demo, cups.env, "batch", "p.csv", "--print", "--jobs", "2")
    assert code == 0, (out, err)
    assert out.splitlines()[-1].startswith("5 printed, 0 already printed, 0 failed")
    rows = report(demo / "out/p")
    files = [demo / "out/p" / row["file"] for row in rows]
    cups.page_log(5)
    assert cups.documents() == [f.read_bytes() for f in files]  # the list's order
    assert [(r["status"], r["print job"]) for r in rows] == [
        ("printed", f"front-desk-{n}") for n in range(1, 6)]
    code, out, err = run(demo, cups.env, "batch", "p.csv", "--print")
    assert code == 0, (out, err)
    assert out.splitlines()[-1].startswith("0 printed, 5 already printed, 0 failed")
    assert len(cups.documents()) == 5
    # Run again, each row keeps its job's number (the report was rewritten without them).
    assert [(r["status"], r["print job"]) for r in report(demo / "out/p")] == [
        ("skipped", f"front-desk-{n}") for n in range(1, 6)]


@needs_cups
def test_a_batch_killed_while_printing_never_prints_a_handout_twice(demo: Path,
                                                                   cups: Scheduler) -> None:
    cups.add("front-desk", default=True)
    patients_csv(demo / "p.csv", [{"name": f"Patient {i}", "level": "2",
                                   "date": "2026-11-24"} for i in range(6)])
    journal = demo / "out/p/.pdfgen-batch.journal"

    def begun_not_done() -> bool:
        lines = [json.loads(x) for x in journal.read_text().splitlines()] if (
            journal.exists()) else []
        states = Counter(line["state"] for line in lines)
        return states["printing"] == states["done"] + 1

    first = pdfgen("batch", "p.csv", "--print", "--jobs", "1", cwd=demo, env=cups.env)
    try:
        deadline = time.monotonic() + 90
        while len(cups.documents()) < 2:
            assert time.monotonic() < deadline and first.poll() is None, finish(first)
            time.sleep(0.02)
        # A scheduler that does not answer: the next job is handed over, its id not known.
        cups.process.send_signal(signal.SIGSTOP)
        while not begun_not_done():
            assert time.monotonic() < deadline and first.poll() is None, finish(first)
            time.sleep(0.02)
        time.sleep(0.3)  # inside lp, waiting for the answer
        first.send_signal(signal.SIGKILL)
        assert finish(first)[0] == -9
    finally:
        cups.process.send_signal(signal.SIGCONT)
    wait_for_unlocked(demo / "out/p")
    code, out, err = run(demo, cups.env, "batch", "p.csv", "--print", "--jobs", "1")
    assert code == 1, (out, err)  # one row the batch cannot know about: said, not printed
    assert "1 not confirmed" in out.splitlines()[-2]
    assert "the batch stopped while this handout was going to the printer" in out
    deadline = time.monotonic() + 30
    while len(cups.documents()) < 6 and time.monotonic() < deadline:
        time.sleep(0.1)  # the job handed over before the kill arrives when cupsd wakes
    printed = Counter(cups.documents())
    pdfs = sorted((demo / "out/p").glob("*.pdf"))
    assert len(pdfs) == 6
    assert {printed[pdf.read_bytes()] for pdf in pdfs} == {1}, printed.values()
    assert not [f for f in files_in(demo / "out") if f.endswith(".part")]

"""`pdfgen serve`'s batches: a server that runs for months keeps a bounded list of them, and
what a batch's process sent last is read before its end is taken as a stop."""

from __future__ import annotations

import multiprocessing
import os
import queue
from multiprocessing.process import BaseProcess
from typing import Any

from pdfgen.serve.batches import KEPT, Run, follow, forget_ended


def test_ended_batches_are_forgotten_oldest_first_and_a_running_one_never() -> None:
    runs = {f"b{n}": Run(total=1, mode="build", folder=f"out/batches/{n}",
                         ended=None if n in (0, 70) else {"done": 1})
            for n in range(100)}
    forget_ended(runs, KEPT - 1)
    assert len(runs) == KEPT - 1
    assert "b0" in runs and "b70" in runs  # running, however old
    assert [k for k in runs if k != "b0"] == [f"b{n}" for n in range(52, 100)]
    forget_ended(runs, KEPT - 1)  # nothing more to forget
    assert len(runs) == KEPT - 1


def test_running_batches_alone_are_all_kept() -> None:
    runs = {f"b{n}": Run(total=1, mode="build", folder=f"out/batches/{n}") for n in range(60)}
    forget_ended(runs, KEPT - 1)
    assert len(runs) == 60


class LateQueue(queue.Queue[dict[str, Any]]):
    """A batch's messages, the first of which comes just after the server's wait for it gave
    up (as on a busy machine)."""

    def __init__(self, *messages: dict[str, Any]) -> None:
        super().__init__()
        for message in messages:
            self.put(message)
        self.late = True

    def get(self, block: bool = True, timeout: float | None = None) -> dict[str, Any]:
        if self.late:
            self.late = False
            raise queue.Empty
        return super().get(block, timeout)


def ended_process() -> BaseProcess:
    """A batch's process that has ended (spawned, as the server spawns one)."""
    process = multiprocessing.get_context("spawn").Process(target=os.getpid)
    process.start()
    process.join(60)
    assert process.exitcode == 0
    return process


def test_what_an_ended_batch_sent_last_is_read_before_it_is_called_stopped() -> None:
    # (The page said "the batch stopped; run it again" of a batch that had mailed every
    # row: its end came just after the wait for it gave up, its process already gone.)
    run = Run(total=2, mode="email", folder="out/batches/mail", process=ended_process())
    row = {"row": 2, "name": "Bo Ray", "status": "sent", "error": None, "left": 0}
    end = {"counts": {"sent": 2}, "interrupted": False, "report": "out/batches/mail/r.csv"}
    follow(run, LateQueue(row, {"ended": end}))
    assert run.outcomes == [row]
    assert run.ended == end


def test_a_batch_whose_process_ended_without_a_word_is_called_stopped() -> None:
    run = Run(total=2, mode="email", folder="out/batches/mail", process=ended_process())
    follow(run, LateQueue())
    assert run.outcomes == []
    assert run.ended == {"error": "the batch stopped; run it again to finish",
                         "interrupted": True}

"""A batch worker's signals: Ctrl-C is its batch's to handle, SIGTERM ends it, and both wait
while what is under way is recorded (a mail being committed, a print job's id)."""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

STOPPED = 128 + signal.SIGTERM  # the exit status of a worker its batch stopped


def stopped_by_sigterm() -> None:
    """In a worker: Ctrl-C ignored (the batch stops it with SIGTERM), and SIGTERM ending
    the process cleanly (a file being written is removed), even where Python cannot raise
    its SystemExit: a weakref's callback or an object's clean-up printed "Exception ignored
    ... SystemExit: 143" into the batch's output, and the worker went on, to be killed ten
    seconds later."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(STOPPED))

    def unraisable(report: Any) -> None:
        if isinstance(report.exc_value, SystemExit) and report.exc_value.code == STOPPED:
            os._exit(STOPPED)  # (nothing is half-written that the next run does not clear)
        sys.__unraisablehook__(report)

    sys.unraisablehook = unraisable


@contextmanager
def held_signals(stop: Callable[[], None] | None = None) -> Iterator[None]:
    """Ctrl-C and SIGTERM take effect once what is under way is recorded; `stop` is called
    the moment one comes, to end what is under way at once (a mail being sent)."""
    if threading.current_thread() is not threading.main_thread():
        yield  # signals reach only the main thread
        return
    caught: list[int] = []

    def hold(signum: int, frame: object) -> None:
        caught.append(signum)
        if stop is not None:
            stop()

    previous = {number: signal.signal(number, hold) for number in (signal.SIGINT,
                                                                   signal.SIGTERM)}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        # Each that came, in turn: a worker ignores Ctrl-C (its batch's to handle) and ends
        # by the SIGTERM its batch then sends, which came second when Ctrl-C reached the
        # whole process group, as a terminal sends it (the worker went on, and its batch
        # waited 10 s to kill it).
        for came in dict.fromkeys(caught):
            signal.raise_signal(came)

"""The cyclic garbage collector kept off while a command's modules load and a handout is built."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

# A handout loads ~500 modules (ReportLab, pydantic, Jinja2, Babel: ~300,000 objects that live
# as long as the process). Each collection of the oldest generation walks them all again,
# though none of them is garbage: ~20 ms of a first build, ~60 ms of a `pdfgen handout`
# process. So the command line loads its modules with the collector off (hold_for_imports),
# and the first build moves what is loaded by then out of its reach once (gc.freeze: once
# only, so that what a later build leaves is collected as before) and builds with it off.
# A build's cycles are collected once it is back on: a batch or a web server stays flat.
_lock = threading.Lock()
_held = False  # off since hold_for_imports(), and to be turned on again
_frozen = False


def hold_for_imports() -> None:
    """Turn the collector off until the first build (or release()); for a command's process."""
    global _held
    with _lock:
        if gc.isenabled():
            gc.disable()
            _held = True


def release() -> None:
    """Turn the collector on again if hold_for_imports() turned it off (a command that
    builds nothing, or ends)."""
    global _held
    with _lock:
        if _held:
            _held = False
            gc.enable()


@contextmanager
def paused() -> Iterator[None]:
    """The collector off for one build, and on after it if it was (or was held) before."""
    global _frozen, _held
    with _lock:
        if not _frozen:
            _frozen = True
            gc.freeze()
        restore = gc.isenabled() or _held
        _held = False
        gc.disable()
    try:
        yield
    finally:
        if restore:
            gc.enable()


def ending() -> None:
    """The process is about to end: what it holds is moved out of the collector's reach
    (gc.freeze), so that Python's shutdown does not walk every object of ~500 modules and a
    build's caches once more to find garbage it would free as the process ends anyway
    (~16 ms of `pdfgen handout`, ~28 ms to ~12 ms). For a command's process only."""
    gc.freeze()

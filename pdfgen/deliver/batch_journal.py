"""What a batch has done, recorded the moment it is done: an append-only journal synced to
disk line by line, its compact form (the manifest), and the lock that keeps a second run of
the same list out while one is working."""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

from pdfgen.errors import BatchBusyError, display_path

MANIFEST = ".pdfgen-batch.json"
JOURNAL = ".pdfgen-batch.journal"
LOCK = ".pdfgen-batch.lock"

SENDING = "sending"  # the whole message went out; the server's answer was not yet recorded
DONE = "done"  # the file is written (and the mail accepted): never again for the same inputs
PRINTING = "printing"  # handed to the print service; its job id was not yet recorded
REFUSED = "refused"  # the print service refused it for sure: it may be printed again



@dataclass
class State:
    """Per row key ("email:file.pdf"): the fingerprint of what was done, or begun (a mail
    being sent, a handout being printed)."""

    done: dict[str, str] = field(default_factory=dict)
    sending: dict[str, str] = field(default_factory=dict)


def load_state(folder: Path) -> State:
    """The manifest, then every line of the journal after it (a torn last line is skipped)."""
    state = State()
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = {}
    if isinstance(data, dict) and isinstance(data.get("done"), dict):
        state.done.update(data["done"])
        state.sending.update(data.get("sending") or {})
    elif isinstance(data, dict):  # written by pdfgen before the journal: all of it was done
        state.done.update({k: v for k, v in data.items() if isinstance(v, str)})
    try:
        lines = (folder / JOURNAL).read_bytes().splitlines()
    except OSError:
        lines = []
    for line in lines:
        try:
            entry = json.loads(line)
            key, fingerprint, what = entry["key"], entry["fingerprint"], entry["state"]
        except (ValueError, KeyError, TypeError):
            continue  # the end of a line cut short by a crash or a full disk
        if what in (SENDING, PRINTING):
            state.sending[key] = fingerprint
        elif what == REFUSED and state.sending.get(key) == fingerprint:
            del state.sending[key]
        elif what == DONE:
            state.done[key] = fingerprint
            if state.sending.get(key) == fingerprint:
                del state.sending[key]
    return state


def compact(folder: Path, state: State) -> None:
    """Fold the journal into the manifest; on a full disk the journal simply stays."""
    from pdfgen.files import write_atomic

    text = json.dumps({"done": state.done, "sending": state.sending}, indent=1, sort_keys=True)
    with suppress(OSError):
        write_atomic(folder / MANIFEST, text.encode())
        # Only once the manifest holds every line: a crash in between replays the journal.
        (folder / JOURNAL).unlink(missing_ok=True)


class Recorder:
    """One process's handle on the journal; every line is on disk before record() returns."""

    def __init__(self, folder: Path) -> None:
        # O_APPEND: lines of several worker processes never overwrite each other.
        self._fd = os.open(folder / JOURNAL, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)

    def record(self, key: str, fingerprint: str, what: str) -> None:
        line = json.dumps({"key": key, "fingerprint": fingerprint, "state": what}) + "\n"
        data = line.encode()
        if os.write(self._fd, data) != len(data):
            raise OSError(28, "No space left on device")
        os.fsync(self._fd)

    def close(self) -> None:
        with suppress(OSError):
            os.close(self._fd)


@contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Hold the batch folder for this run; a second run refuses at once rather than wait."""
    path = folder / LOCK
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip()
            by = f" (process {holder})" if holder.isdigit() else ""
            raise BatchBusyError(
                f"{display_path(folder)}: another pdfgen batch is working on this list{by}; "
                "wait for it to finish, then run the same command again") from None
        with suppress(OSError):  # who holds it, for the message above; the lock is the flock
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        os.close(fd)  # worker processes forked with it hold the lock until they end too

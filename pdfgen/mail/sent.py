"""Which handouts went to which addresses, for `pdfgen email`: a journal in the clinic's out
folder, so that a send run again never mails a patient the same handout twice unasked.

Each line is one send's state, synced to disk the moment it is true: "sending" once the whole
message is out, just before the final dot that lets the server keep it; "sent" once the
server said it kept it; "failed" when it surely did not. A key is a hash of the address and
the handout's bytes: the journal names no patient and holds no address.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from pdfgen.errors import OutputError, display_path

JOURNAL = ".pdfgen-sent.journal"
SENDING, SENT, FAILED = "sending", "sent", "failed"
# A send holds one of these locks (by its key) from its look at the journal to its record
# there: two sends of one handout to one address at the same moment (two tabs of the web
# page, a script) were both sent. A fixed few files: two other sends that share one wait.
LOCKS, SLOTS = ".pdfgen-send-locks", 64


@dataclass(frozen=True)
class Earlier:
    """The last send of this handout to this address: its state and when (local time)."""

    state: str
    when: str


def send_key(pdf: bytes, address: str) -> str:
    return hashlib.sha256(address.strip().lower().encode("utf-8") + b"\0" + pdf).hexdigest()


class SentJournal:
    """The journal of a clinic's out folder."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / JOURNAL

    def earlier(self, key: str) -> Earlier | None:
        """The last state recorded for `key` (a torn last line is skipped)."""
        found = None
        try:
            data = self.path.read_bytes()
        except OSError:
            return None
        if key.encode("ascii") not in data:  # most keys, in a batch of many: no line to read
            return None
        for line in data.splitlines():
            try:
                entry = json.loads(line)
                if entry["key"] == key:
                    found = Earlier(str(entry["state"]), str(entry["when"]))
            except (ValueError, KeyError, TypeError):
                continue
        return found

    @contextmanager
    def held(self, key: str) -> Iterator[None]:
        """This key's lock, for as long as the send takes (waiting for a send that holds it);
        the system lets it go if the process dies."""
        import fcntl

        folder = self.path.parent / LOCKS
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            descriptor = os.open(folder / f"{int(key[:8], 16) % SLOTS:02d}",
                                 os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as error:  # (another user's folder, a read-only disk): nothing sent
            raise OutputError(f"cannot write {display_path(folder)} "
                              f"({error.strerror or type(error).__name__}), where pdfgen "
                              "keeps a send from going twice: nothing was sent") from None
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX)
            yield
        finally:
            os.close(descriptor)  # (and with it, the lock)

    def record(self, key: str, state: str) -> None:
        """One line, on disk before this returns."""
        when = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M")
        line = json.dumps({"key": key, "state": state, "when": when}) + "\n"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(descriptor, line.encode("utf-8"))
            os.fsync(descriptor)
        finally:
            os.close(descriptor)

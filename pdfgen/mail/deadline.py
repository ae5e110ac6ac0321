"""One deadline for a message's whole conversation with the mail server: a server that keeps
talking without finishing (a line every second) is held to it as a silent one is to
PDFGEN_SMTP_TIMEOUT."""

from __future__ import annotations

import socket
import threading
from contextlib import suppress
from typing import Any

# A message's whole conversation (connecting, logging in, sending, the server's answer) may
# take this many times PDFGEN_SMTP_TIMEOUT, the longest wait for any one answer.
TIMES_THE_TIMEOUT = 4
GRACE = 2.0  # seconds a stopped send waits for the answer to a message it has all sent
# The deadlines of the sends under way in this process, for stop_all: a signal reaches only
# the main thread, not pdfgen serve's mail threads. (Only those under way: it never grows.)
_LIVE: set[Deadline] = set()
# Reentrant: stop_all runs in a signal handler, and a second Ctrl-C runs it again inside the
# first while that one holds the lock (a plain lock then waited for itself for good).
_LIVE_LOCK = threading.RLock()


def stop_all() -> None:
    """Ctrl-C for every send under way in this process, whichever thread it runs in."""
    with _LIVE_LOCK:
        live = list(_LIVE)
    for deadline in live:
        deadline.stop()


class Deadline:
    """When it comes, or when `stop()` is called (Ctrl-C or SIGTERM), the connection is shut
    down, so whatever wait the conversation is in ends at once with a closed connection."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.expired = self.stopped = False
        self._connection: Any = None
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def __enter__(self) -> Deadline:
        self._timer.start()
        with _LIVE_LOCK:
            _LIVE.add(self)
        return self

    def __exit__(self, *_: object) -> None:
        self._timer.cancel()
        with _LIVE_LOCK:
            _LIVE.discard(self)

    @property
    def ended(self) -> bool:
        return self.expired or self.stopped

    def watch(self, connection: Any) -> None:
        """The connection (an smtplib.SMTP, perhaps not yet connected) to shut down."""
        self._connection = connection
        if self.ended:
            self._shut()

    def stop(self) -> None:
        """Ctrl-C or SIGTERM: a message still going out is cut off at once (the server keeps
        nothing); once its final dot is out, the server's answer, which comes at once from
        a server that works, is awaited a moment (GRACE) so that it can be recorded."""
        self.stopped = True
        if getattr(self._connection, "committed", False):
            later = threading.Timer(GRACE, self._shut)
            later.daemon = True
            later.start()
        else:
            self._shut()

    def _expire(self) -> None:
        self.expired = True
        self._shut()

    def _shut(self) -> None:
        if hasattr(self._connection, "cut"):
            self._connection.cut = True  # (before the socket: see sender.Connection.data)
        sock = getattr(self._connection, "sock", None)
        if sock is not None:
            with suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

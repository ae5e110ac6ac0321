"""`pdfgen serve` started on a free port of 127.0.0.1 for a script (the README's screenshot,
the bench), and stopped with Ctrl-C when the script is done with it."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def serving(cwd: Path, env: Mapping[str, str] | None = None) -> Iterator[int]:
    """The port of a `pdfgen serve` run in `cwd`, once it answers."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    server = subprocess.Popen([sys.executable, "-m", "pdfgen", "serve", "--port", str(port)],
                              cwd=cwd, env=None if env is None else dict(env),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), 1).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit("pdfgen serve did not start") from None
                time.sleep(0.1)
        yield port
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=30)

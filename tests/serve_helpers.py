"""`pdfgen serve` started as a real process on a free port, and stopped with Ctrl-C."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest


@dataclass
class Process:
    """A `pdfgen serve` of the test's own, and what it has said."""

    process: subprocess.Popen[str]
    url: str
    said: list[str]

    def post(self, path: str, body: object, timeout: float = 120
             ) -> tuple[int, bytes, dict[str, str]]:
        request = urllib.request.Request(self.url + path, data=json.dumps(body).encode(),
                                         headers={"content-type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as answer:
                return answer.status, answer.read(), dict(answer.headers)
        except urllib.error.HTTPError as error:
            return error.code, error.read(), dict(error.headers)


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def start(demo: Path) -> Iterator[object]:
    """Start `pdfgen serve` in the demo clinic with more environment; stopped with Ctrl-C
    (SIGINT) at the end, and it must end cleanly."""
    started: list[Process] = []

    def make(env: dict[str, str] | None = None, args: list[str] | None = None,
             cwd: Path = demo) -> Process:
        port = free_port()
        clean = {k: v for k, v in os.environ.items() if not k.startswith("PDFGEN_")}
        process = subprocess.Popen(
            [sys.executable, "-m", "pdfgen", "serve", *(args or []), "--port", str(port)],
            cwd=cwd,
            env={**clean, "XDG_CACHE_HOME": str(demo / ".cache"), **(env or {})},
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            # Ctrl-C not ignored, even when the tests run in the background
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
        said: list[str] = []
        threading.Thread(target=lambda: said.extend(process.stdout or []), daemon=True).start()
        started.append(Process(process, f"http://127.0.0.1:{port}", said))  # stopped at end
        deadline = time.monotonic() + 60
        while not any("Serving" in line for line in said) or not _answers(port):
            assert process.poll() is None, "".join(said)
            assert time.monotonic() < deadline, "".join(said)
            time.sleep(0.1)
        return started[-1]

    yield make
    for server in started:
        stop(server)


def _answers(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/schema", timeout=5):
            return True
    except urllib.error.HTTPError:  # 401 with a token: it answers
        return True
    except OSError:
        return False


def stop(server: Process) -> str:
    if server.process.poll() is None:
        server.process.send_signal(signal.SIGINT)
        server.process.wait(timeout=30)
    time.sleep(0.2)  # the reader thread takes the last lines
    return "".join(server.said)

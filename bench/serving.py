"""`pdfgen serve`'s benchmark (`bench.py --serve N`): its first request, and warmed up."""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import ENV, REPO


def serve(requests: int, clients: int) -> tuple[float, float, float]:
    """`pdfgen serve` on 127.0.0.1: milliseconds of its first Level 2 `POST /api/handout`,
    2 s after it answers (a clinician's first); warmed up, their median one at a time, and
    requests a second with `clients` at once (builds take turns under the server's lock)."""
    import json
    import signal
    import socket
    import urllib.request
    from concurrent.futures import ThreadPoolExecutor

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    body = json.dumps({"level": 2, "date": "2026-11-24"}).encode()

    def post() -> float:
        request = urllib.request.Request(f"http://127.0.0.1:{port}/api/handout", data=body,
                                         headers={"content-type": "application/json"})
        start = time.perf_counter()
        with urllib.request.urlopen(request, timeout=120) as answer:
            assert answer.status == 200 and answer.read(5) == b"%PDF-"
        return time.perf_counter() - start

    with tempfile.TemporaryDirectory() as tmp:
        shutil.copytree(REPO / "content", Path(tmp) / "content")
        server = subprocess.Popen([sys.executable, "-m", "pdfgen", "serve", "--port",
                                   str(port)], cwd=tmp, env=ENV, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    socket.create_connection(("127.0.0.1", port), 1).close()
                    break
                except OSError:
                    assert time.monotonic() < deadline, "pdfgen serve did not start"
                    time.sleep(0.1)
            time.sleep(2)
            first = post()
            for _ in range(5):  # warm: modules, fonts, the cards' fitting remembered
                post()
            median = statistics.median(post() for _ in range(requests))
            start = time.perf_counter()
            with ThreadPoolExecutor(clients) as pool:
                list(pool.map(lambda _: post(), range(requests)))
            rate = requests / (time.perf_counter() - start)
        finally:
            server.send_signal(signal.SIGINT)
            server.wait(timeout=30)
    return first * 1000, median * 1000, rate

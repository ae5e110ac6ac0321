"""`pdfgen serve`'s benchmark (`bench.py --serve N`): its first request, and warmed up."""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench import ENV, REPO

sys.path.insert(0, str(REPO / "tools"))  # started as the README's screenshot starts it
from local_server import serving


def serve(requests: int, clients: int) -> tuple[float, float, float]:
    """`pdfgen serve` on 127.0.0.1: milliseconds of its first Level 2 `POST /api/handout`,
    2 s after it answers (a clinician's first); warmed up, their median one at a time, and
    requests a second with `clients` at once (builds take turns under the server's lock)."""
    import json
    import urllib.request
    from concurrent.futures import ThreadPoolExecutor

    body = json.dumps({"level": 2, "date": "2026-11-24"}).encode()

    def post(port: int) -> float:
        request = urllib.request.Request(f"http://127.0.0.1:{port}/api/handout", data=body,
                                         headers={"content-type": "application/json"})
        start = time.perf_counter()
        with urllib.request.urlopen(request, timeout=120) as answer:
            assert answer.status == 200 and answer.read(5) == b"%PDF-"
        return time.perf_counter() - start

    with tempfile.TemporaryDirectory() as tmp:
        shutil.copytree(REPO / "content", Path(tmp) / "content")
        with serving(Path(tmp), ENV) as port:
            time.sleep(2)
            first = post(port)
            for _ in range(5):  # warm: modules, fonts, the cards' fitting remembered
                post(port)
            median = statistics.median(post(port) for _ in range(requests))
            start = time.perf_counter()
            with ThreadPoolExecutor(clients) as pool:
                list(pool.map(lambda _: post(port), range(requests)))
            rate = requests / (time.perf_counter() - start)
    return first * 1000, median * 1000, rate

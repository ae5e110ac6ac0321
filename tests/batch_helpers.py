"""What the batch tests share: a patients list, its report, a real pdfgen process."""

from __future__ import annotations

import csv
import fcntl
import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path


def patients_csv(path: Path, rows: list[dict[str, str]], bom: bool = True) -> Path:
    columns = list(rows[0]) if rows else ["name"]
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, columns)
        writer.writeheader()
        writer.writerows(rows)
    return path


def report(out: Path) -> list[dict[str, str]]:
    with (out / "batch-report.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def pdfgen(*args: str, cwd: Path, env: dict[str, str] | None = None,
           fsize: int | None = None, session: bool = False) -> subprocess.Popen[str]:
    """The real `pdfgen` in a process of its own (so it can be killed), bounded in memory
    (`session`: and in a process group of its own, as a terminal starts a command, so
    that Ctrl-C can reach the whole group)."""
    def limits() -> None:
        # As from a terminal: a test run started in the background (`&`) ignores Ctrl-C,
        # and the batch would inherit that.
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))
        if fsize is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))

    full_env = {**os.environ, "XDG_CACHE_HOME": str(cwd / ".cache"), **(env or {})}
    return subprocess.Popen([sys.executable, "-m", "pdfgen", *args], cwd=cwd, env=full_env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=limits, start_new_session=session)


def finish(process: subprocess.Popen[str], timeout: float = 120) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=timeout)
    return process.returncode, out, err


def wait_for_unlocked(folder: Path, timeout: float = 30) -> None:
    """Until no process of the killed batch holds its folder any more."""
    deadline = time.monotonic() + timeout
    with (folder / ".pdfgen-batch.lock").open("a") as handle:
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                assert time.monotonic() < deadline, "the killed batch's workers never ended"
                time.sleep(0.1)
                continue
            fcntl.flock(handle, fcntl.LOCK_UN)
            return

"""Run pdfgen as a real process under memory and CPU limits, so a regression fails fast."""

from __future__ import annotations

import resource
import subprocess
import sys
from pathlib import Path

MEMORY = 1024 * 1024 * 1024  # address space: pdfgen needs about a third of it
CPU_SECONDS = 30


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))


def run_limited(*args: str, cwd: Path, timeout: float = 60,
                stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """`python -m pdfgen ARGS` in `cwd`, killed past `timeout` seconds."""
    return subprocess.run(
        [sys.executable, "-m", "pdfgen", *args], cwd=cwd, capture_output=True, text=True,
        timeout=timeout, check=False, preexec_fn=_limit, input=stdin,
        stdin=None if stdin is not None else subprocess.DEVNULL,
    )


def one_line_error(proc: subprocess.CompletedProcess[str]) -> str:
    """The single error line of a failed run (exit 2, no traceback), for asserting on."""
    assert proc.returncode == 2, (proc.returncode, proc.stderr[-2000:])
    assert "Traceback" not in proc.stderr, proc.stderr[-2000:]
    lines = [line for line in proc.stderr.splitlines() if not line.startswith("note: ")]
    assert len(lines) == 1, proc.stderr[-2000:]
    assert lines[0].startswith("error: ")
    return lines[0]


_RENDER = """
import sys
from pdfgen.text.engine import TextEngine, TextError
try:
    print(TextEngine().render_string(sys.argv[1], {"clinic": {"phone": "555"}})[:200])
except TextError as error:
    print("TextError:", error)
"""


def render_limited(source: str, timeout: float = 15) -> str:
    """What one content string renders to (or `TextError: why`), in a limited process."""
    proc = subprocess.run([sys.executable, "-c", _RENDER, source], capture_output=True,
                          text=True, timeout=timeout, check=False, preexec_fn=_limit)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout.strip()

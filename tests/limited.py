"""Run pdfgen as a real process under memory and CPU limits, so a regression fails fast.

Each run is a process of its own, limited and timed: a child forked from a warm parent that
has imported pdfgen once (a fresh interpreter would spend most of a second importing before
it read the hostile file). The child sets its limits, changes to the clinic folder, runs the
`pdfgen` command line as the installed command does, and exits with its code.
"""

from __future__ import annotations

import atexit
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

MEMORY = 1024 * 1024 * 1024  # address space: pdfgen needs about a third of it
CPU_SECONDS = 30

# The warm parent: reads one request a line on stdin (JSON), forks a child for it, waits at
# most its timeout (then kills it), and answers with its exit code and output.
_PARENT = r"""
import json, os, resource, signal, sys, tempfile, time
import pdfgen.cli.app, pdfgen.build, pdfgen.layout.pages, pdfgen.text.resolve_handout
import pdfgen.text.engine

MEMORY, CPU = int(sys.argv[1]), int(sys.argv[2])
requests, answers = os.fdopen(0, "rb", buffering=0), os.fdopen(os.dup(1), "w")
os.dup2(os.open(os.devnull, os.O_WRONLY), 1)  # a stray print never reaches the answers


def warm_up():
    # A build of the demo in memory: fonts registered, templates compiled, drawings read
    # (from the repository's own content, never a test's).
    import datetime, pathlib
    import pdfgen
    clinic = pdfgen.open_clinic(pathlib.Path(sys.argv[3]))
    clinic.handout(level=2, date=datetime.date(2026, 11, 24))
    clinic.check()  # reading level, translations: what `pdfgen check` imports


def child(request, out, err):
    memory, cpu = request.get("memory") or MEMORY, request.get("cpu") or CPU
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
    if request.get("fsize"):  # the largest file it may write (Python then gets EFBIG)
        resource.setrlimit(resource.RLIMIT_FSIZE, (request["fsize"], request["fsize"]))
    for name, value in (request.get("env") or {}).items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    os.chdir(request["cwd"])
    source = os.open(request["stdin"], os.O_RDONLY) if request["stdin"] else os.open(
        os.devnull, os.O_RDONLY)
    for fd, target in ((0, source), (1, out.fileno()), (2, err.fileno())):
        os.dup2(target, fd)
    sys.stdin = open(0, encoding="utf-8", closefd=False)
    sys.stdout = open(1, "w", encoding="utf-8", closefd=False)
    sys.stderr = open(2, "w", encoding="utf-8", closefd=False)
    code = 0
    try:
        if request["render"] is not None:
            from pdfgen.text.engine import TextEngine, TextError
            if request.get("seconds"):  # the time limit, set aside for another limit's test
                import pdfgen.text.sandbox as sandbox
                sandbox.MAX_SECONDS = request["seconds"]
            try:
                print(TextEngine().render_string(request["render"],
                                                 {"clinic": {"phone": "555"}})[:200])
            except TextError as error:
                print("TextError:", error)
        else:
            sys.argv = ["pdfgen", *request["args"]]
            pdfgen.cli.app.main()
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
    except BaseException:
        import traceback
        traceback.print_exc()
        code = 1
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


warm_up()
for line in requests:
    request = json.loads(line)
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        answers.flush()
        pid = os.fork()
        if pid == 0:
            child(request, out, err)
        deadline, status, timed_out = time.monotonic() + request["timeout"], None, False
        while status is None:
            done, status_ = os.waitpid(pid, os.WNOHANG)
            if done:
                status = status_
            elif time.monotonic() > deadline:
                os.kill(pid, signal.SIGKILL)
                status, timed_out = os.waitpid(pid, 0)[1], True
            else:
                time.sleep(0.005)
        out.seek(0)
        err.seek(0)
        code = (os.WEXITSTATUS(status) if os.WIFEXITED(status)
                else -os.WTERMSIG(status))
        answers.write(json.dumps({
            "code": code, "timed_out": timed_out,
            "stdout": out.read().decode("utf-8", "replace"),
            "stderr": err.read().decode("utf-8", "replace")}) + "\n")
        answers.flush()
"""

_lock = threading.Lock()
_parent: list[subprocess.Popen[str]] = []


def _warm_parent() -> subprocess.Popen[str]:
    if not _parent or _parent[0].poll() is not None:
        _parent[:] = [subprocess.Popen(
            [sys.executable, "-c", _PARENT, str(MEMORY), str(CPU_SECONDS), str(REPO)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, encoding="utf-8")]
        atexit.register(_parent[0].kill)
    return _parent[0]


def _run(args: list[str], cwd: Path, timeout: float, stdin: str | None,
         render: str | None, env: dict[str, str | None] | None = None,
         memory: int | None = None, cpu: int | None = None, seconds: float | None = None,
         fsize: int | None = None) -> subprocess.CompletedProcess[str]:
    with _lock:
        parent = _warm_parent()
        feed = None
        if stdin is not None:  # what the process reads on its standard input
            handle, name = tempfile.mkstemp(prefix="pdfgen-stdin-")
            os.close(handle)
            feed = Path(name)
            feed.write_text(stdin, encoding="utf-8")
        try:
            assert parent.stdin is not None and parent.stdout is not None
            parent.stdin.write(json.dumps({
                "args": args, "cwd": str(cwd), "timeout": timeout, "render": render,
                "stdin": str(feed) if feed else None, "env": env, "memory": memory,
                "cpu": cpu, "seconds": seconds, "fsize": fsize}) + "\n")
            parent.stdin.flush()
            answer = parent.stdout.readline()
        finally:
            if feed is not None:
                feed.unlink(missing_ok=True)
    assert answer, f"the warm parent of limited runs ended (exit {parent.poll()})"
    result = json.loads(answer)
    command = ["pdfgen", *args]
    if result["timed_out"]:
        raise subprocess.TimeoutExpired(command, timeout, result["stdout"], result["stderr"])
    return subprocess.CompletedProcess(command, result["code"], result["stdout"],
                                       result["stderr"])


def run_limited(*args: str, cwd: Path, timeout: float = 60, stdin: str | None = None,
                env: dict[str, str | None] | None = None, memory: int | None = None,
                cpu: int | None = None, fsize: int | None = None
                ) -> subprocess.CompletedProcess[str]:
    """`pdfgen ARGS` in `cwd`, in a process of its own under the limits (or `memory` bytes
    and `cpu` seconds; `fsize`: no file larger than that many bytes), with `env` set in its
    environment (None: unset), killed past `timeout` seconds."""
    return _run(list(args), cwd, timeout, stdin, None, env, memory, cpu, fsize=fsize)


def run_cold(*args: str, cwd: Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """`python -m pdfgen ARGS` in a fresh interpreter under the limits: for what only a
    process that starts from nothing shows."""
    return subprocess.run(
        [sys.executable, "-m", "pdfgen", *args], cwd=cwd, capture_output=True, text=True,
        timeout=timeout, check=False, preexec_fn=_limit, stdin=subprocess.DEVNULL)


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))


def one_line_error(proc: subprocess.CompletedProcess[str]) -> str:
    """The single error line of a failed run (exit 2, no traceback), for asserting on."""
    assert proc.returncode == 2, (proc.returncode, proc.stderr[-2000:])
    assert "Traceback" not in proc.stderr, proc.stderr[-2000:]
    lines = [line for line in proc.stderr.splitlines() if not line.startswith("note: ")]
    assert len(lines) == 1, proc.stderr[-2000:]
    assert lines[0].startswith("error: ")
    return lines[0]


def render_limited(source: str, timeout: float = 15, seconds: float | None = None,
                   cpu: int | None = None) -> str:
    """What one content string renders to (or `TextError: why`), in a limited process;
    `seconds`: the template's time limit (pdfgen's own when None)."""
    proc = _run([], Path.cwd(), timeout, None, source, cpu=cpu, seconds=seconds)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout.strip()


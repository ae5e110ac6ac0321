"""`pdfgen batch`: 50 patients, bad rows, a BOM, resuming, drafts, e-mail, interruption."""

from __future__ import annotations

import csv
import email
from email import policy
from pathlib import Path

import pytest
from conftest import files_in, pdf_text, run
from test_mail import Mailbox, free_port, mail_env

from pdfgen.batch import run_batch
from pdfgen.project import Project

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
    run("batch", str(patients), "--jobs", "1", cwd=demo)
    squat = demo / "content/exercises/squat.yaml"
    squat.write_text(squat.read_text().replace("Squat", "Squat!", 1))
    result = run("batch", str(patients), "--jobs", "1", cwd=demo)
    assert result.stdout.splitlines()[-1].startswith("1 built, 0 already up to date")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "error: list.csv: the file is empty; expected a header line with a name column "
             "(name, level, routine, plan, date, email)"),
        ("level,email\n2,a@example.com\n", "error: list.csv: no 'name' column; the header "
                                           "line must name it"),
        ("name,level,phone\nAna,2,555\n", "error: list.csv: unknown column(s) 'phone'; "
                                          "expected name, level, routine, plan, date, email"),
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


class CountingMailbox(Mailbox):
    def __init__(self) -> None:
        super().__init__()
        self.sessions = 0

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        self.sessions += 1
        session.host_name = hostname
        return responses


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
    assert again.stdout.splitlines()[-2].startswith("0 sent, 1 already up to date, 1 failed")


def test_a_list_saved_with_semicolons_is_read(demo: Path) -> None:
    (demo / "semi.csv").write_text("name;level\nAna Ruiz;2\n", encoding="utf-8-sig")
    result = run("batch", "semi.csv", cwd=demo)
    assert result.exit_code == 0, result.output
    assert (demo / "out/semi/back-pain-level-2-ana-ruiz.pdf").is_file()

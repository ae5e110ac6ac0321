"""`pdfgen batch` drafts and e-mails every patient once, even when killed mid-mail."""

from __future__ import annotations

import email
import os
import re
import signal
import time
from collections import Counter
from email import policy
from pathlib import Path

import pytest
from batch_helpers import finish, patients_csv, pdfgen, report, wait_for_unlocked
from conftest import files_in, run
from mail_helpers import CountingMailbox, Mailbox, free_port, mail_env


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


def test_a_draft_row_without_an_address_is_told_its_other_mistake_first(demo: Path) -> None:
    """(A bad date and a missing address: --draft said only "no address", and the date
    once the address was added.) With its other fields right, the missing address."""
    rows = [{"name": "Ana Ruiz", "level": "2", "date": "2026-02-30", "email": ""},
            {"name": "Li Wei", "level": "2", "date": "", "email": ""},
            {"name": "Jo Park", "level": "2", "date": "", "email": "jo@example.com"},
            {"name": "Al Ng", "level": "2", "date": "", "email": "al at example"}]
    result = run("batch", str(patients_csv(demo / "p.csv", rows)), "--draft", "--jobs", "1",
                 cwd=demo)
    assert result.exit_code == 1, result.output
    assert "row 2 (Ana Ruiz): date 2026-02-30: there is no such day" in result.stdout
    assert "row 3 (Li Wei): email: no address in the email column" in result.stdout
    # (Its column's name, not the command line's "to".)
    assert ("row 5 (Al Ng): email 'al at example': not an e-mail address (expected "
            "name@example.com)") in result.stdout, result.stdout
    made = [name for name in files_in(demo / "out" / "p") if name.startswith("back-pain")]
    assert sorted(made) == ["back-pain-level-2-jo-park.eml", "back-pain-level-2-jo-park.pdf"]


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


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_mail_server_that_is_not_there_stops_the_batch_at_once(demo: Path,
                                                                 jobs: str) -> None:
    """(Each row waited for the server and failed the same way, row after row: a long list
    took many minutes to say one thing.) Run again once the server answers, it finishes."""
    from aiosmtpd.controller import Controller

    port = free_port()  # nothing listens there yet
    env = {k: v for k, v in mail_env(port).items() if k != "PDFGEN_SMTP_USER"}
    rows = [{"name": f"Patient {i}", "level": "2", "email": f"p{i}@example.com"}
            for i in range(8)]
    csv_path = patients_csv(demo / "p.csv", rows)
    result = run("batch", str(csv_path), "--email", "--jobs", jobs, cwd=demo, env=env)
    assert result.exit_code == 3, result.output
    assert result.stderr.splitlines()[-1].startswith(
        f"error: 127.0.0.1:{port}: cannot connect (Connection refused); check host and port "
        "in [email], and the network; the batch stopped with no handout done "
        "(batch-report.csv lists the rows); once the server answers, run the same command "
        "again"), result.stderr
    statuses = Counter(line["status"] for line in report(demo / "out" / "p"))
    assert statuses["failed"] <= int(jobs) and statuses["not done"] >= 8 - int(jobs)
    assert "Traceback" not in result.output

    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=port, auth_require_tls=False)
    controller.start()
    try:
        again = run("batch", str(csv_path), "--email", "--jobs", jobs, cwd=demo, env=env)
    finally:
        controller.stop()
    assert again.exit_code == 0, again.output
    assert sorted(e.rcpt_tos[0] for e in box.received) == sorted(r["email"] for r in rows)


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
            assert out.splitlines()[-1] == ("Stopped: every mail sent is recorded; run the "
                                            "same command again to finish.")
            # (Its count said "0 sent, 0 already sent, 0 failed" of a list of twelve.)
            counts = out.splitlines()[-2]
            assert re.match(r"\d+ sent, 0 already sent, 0 failed(, \d+ not confirmed)?, "
                            r"\d+ not done", counts), counts
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

"""`pdfgen serve` mails and prints as `email` and `print` do; a stalled server blocks nothing."""

from __future__ import annotations

import json
import signal
import threading
import time
from pathlib import Path

import cups_scheduler
import mail_helpers
import pytest
import scripted_smtp
import serve_helpers
from cups_scheduler import Scheduler, needs_cups
from mail_helpers import mail_env, received
from test_serve import JANE, served

from pdfgen.errors import display_path

# Other modules' fixtures, used here by their names.
start, smtp = serve_helpers.start, mail_helpers.smtp
scripted, cups = scripted_smtp.scripted, cups_scheduler.cups


def test_a_stalled_mail_server_blocks_no_other_page(demo: Path, start, scripted) -> None:
    stalled = scripted(lambda line: None, greeting="STALL 220")
    server = start({"PDFGEN_SMTP_HOST": "127.0.0.1", "PDFGEN_SMTP_PORT": str(stalled.port),
                    "PDFGEN_SMTP_SECURITY": "none", "PDFGEN_SMTP_FROM": "desk@example.com",
                    "PDFGEN_SMTP_TIMEOUT": "4"})
    mailed: list[tuple[int, bytes, dict[str, str]]] = []
    sending = threading.Thread(target=lambda: mailed.append(
        server.post("/api/email", {**JANE, "to": "jane@example.com"})))
    sending.start()
    time.sleep(1)  # the mail is at the stalled server's greeting
    status, data, _ = server.post("/api/handout", {**JANE, "level": 1})
    assert status == 200 and data.startswith(b"%PDF-")
    assert sending.is_alive()  # the handout came while the mail still waited
    sending.join(60)
    status, data, _ = mailed[0]
    said = json.loads(data)
    assert status == 502 and said["exit_code"] == 3, said
    assert (demo / "out/back-pain-level-2-jane-example.pdf").is_file()  # saved first


def test_ctrl_c_ends_a_mail_stalled_after_its_dot_at_once(demo: Path, start, scripted) -> None:
    """The mail threads hear Ctrl-C too: the server waits the 2 s grace for the answer to a
    message it has all sent, not the deadline (80 s here); the page is told the mail may
    have arrived."""
    stalled = scripted(lambda line: "STALL 250" if line == "." else None)
    server = start({"PDFGEN_SMTP_HOST": "127.0.0.1", "PDFGEN_SMTP_PORT": str(stalled.port),
                    "PDFGEN_SMTP_SECURITY": "none", "PDFGEN_SMTP_FROM": "desk@example.com",
                    "PDFGEN_SMTP_TIMEOUT": "20"})
    mailed: list[tuple[int, bytes, dict[str, str]]] = []
    sending = threading.Thread(target=lambda: mailed.append(
        server.post("/api/email", {**JANE, "to": "jane@example.com"})), daemon=True)
    sending.start()
    deadline = time.monotonic() + 30
    while stalled.messages < 1 and time.monotonic() < deadline:
        time.sleep(0.1)  # the whole message is out; the server stalls its answer
    time.sleep(1)
    server.process.send_signal(signal.SIGINT)
    stopped = time.monotonic()
    server.process.wait(timeout=30)
    assert time.monotonic() - stopped < 8
    assert server.process.returncode == 130
    sending.join(10)
    status, data, _ = mailed[0]
    said = json.loads(data)
    assert status == 502 and said["exit_code"] == 10, said
    assert "it was stopped before it said whether it kept it" in said["error"]


def test_e_mail_goes_through_the_clinics_server_as_pdfgen_email_sends_it(
        demo: Path, smtp, monkeypatch: pytest.MonkeyPatch) -> None:
    controller, box = smtp
    for name, value in mail_env(controller.port).items():
        monkeypatch.setenv(name, value)
    with served(demo) as client:
        sent = client.post("/api/email", json={**JANE, "to": "jane@example.com"})
        twice = client.post("/api/email", json={**JANE, "to": "jane@example.com"})
        bad = client.post("/api/email", json={**JANE, "to": "not an address"})
        missing = client.post("/api/email", json=JANE)
    assert sent.status_code == 200, sent.text
    assert sent.json()["file"] == "back-pain-level-2-jane-example.pdf"
    message = received(box)
    (attachment,) = list(message.iter_attachments())
    assert attachment.get_content() == (demo / "out/back-pain-level-2-jane-example.pdf"
                                        ).read_bytes()
    assert "Jane" not in message["Subject"]
    assert twice.status_code == 409, twice.text
    assert 'ask again with "resend": true to send it again' in twice.json()["error"]
    assert bad.status_code == 400 and bad.json()["field"] == "to"
    assert missing.status_code == 400 and missing.json()["field"] == "to"
    assert len(box.received) == 1


def test_a_draft_downloads_for_the_clinics_own_mail_program_with_no_mail_server(
        demo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """As `pdfgen email --draft`: the PDF in out/, the draft beside it, and the draft's
    bytes to download (a clinic without a mail server set up sends it from its own)."""
    import email
    from email import policy

    for name in ("PDFGEN_SMTP_HOST", "PDFGEN_SMTP_FROM"):
        monkeypatch.delenv(name, raising=False)
    with served(demo) as client:
        drafted = client.post("/api/draft", json={**JANE, "to": "jane@example.com"})
        missing = client.post("/api/draft", json=JANE)
        bad = client.post("/api/draft", json={**JANE, "to": "jane at example"})
        listed = client.post("/api/draft", json={**JANE, "to": ["jane@example.com"]})
    assert drafted.status_code == 200, drafted.text
    assert drafted.headers["content-type"] == "message/rfc822"
    assert drafted.headers["content-disposition"] == (
        'attachment; filename="back-pain-level-2-jane-example.eml"')
    saved = demo / "out/back-pain-level-2-jane-example.eml"
    assert saved.read_bytes() == drafted.content
    message = email.message_from_bytes(drafted.content, policy=policy.default)
    assert message["To"] == "jane@example.com" and message["X-Unsent"] == "1"
    (attachment,) = list(message.iter_attachments())
    assert attachment.get_content() == (demo / "out/back-pain-level-2-jane-example.pdf"
                                        ).read_bytes()
    assert missing.status_code == 400 and missing.json()["field"] == "to"
    assert bad.status_code == 400 and bad.json()["field"] == "to", bad.text
    assert (listed.status_code, listed.json()["error"]) == (  # (it said "is needed")
        400, "--to: expected one e-mail address as a string, got ['jane@example.com']")


@needs_cups
def test_print_goes_to_the_clinics_printer_two_sided_as_print_does(
        demo: Path, cups: Scheduler, monkeypatch: pytest.MonkeyPatch) -> None:
    cups.add("front-desk", default=True)
    for name, value in cups.env.items():
        monkeypatch.setenv(name, value)
    with served(demo) as client:
        printed = client.post("/api/print", json=JANE)
        a4 = client.post("/api/print", json={**JANE, "paper": "a4", "copies": 2,
                                             "one_sided": True})
        unknown = client.post("/api/print", json={**JANE, "printer": "nowhere"})
    assert printed.status_code == 200, printed.text
    assert printed.json()["said"] == ("Printed on front-desk (two-sided, Letter, 1 copy): "
                                      "job front-desk-1")
    assert a4.json()["said"] == "Printed on front-desk (one-sided, A4, 2 copies): job front-desk-2"
    assert cups.page_log(2)[0] == ["front-desk", "1", "1", "Letter", "two-sided-long-edge",
                                   "Exercise handout"]
    assert unknown.status_code == 502 and unknown.json()["exit_code"] == 9
    assert "front-desk" in unknown.json()["error"]


@needs_cups
def test_print_without_a_print_service_says_the_handout_is_saved(
        demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """In the page's words: print again (not "run the same command again"), and where the
    handout is, as --print says it."""
    monkeypatch.setenv("CUPS_SERVER", str(tmp_path / "no-scheduler.sock"))
    with served(demo) as client:
        answer = client.post("/api/print", json=JANE)
    assert answer.status_code == 502 and answer.json()["exit_code"] == 9, answer.text
    saved = demo / "out" / "back-pain-level-2-jane-example.pdf"
    assert answer.json()["error"] == (
        f"not printed: the print service (CUPS) at {tmp_path / 'no-scheduler.sock'} is not "
        "running: start it (on Linux: sudo systemctl start cups), then print again (the "
        f"handout is saved: {display_path(saved)})")
    assert saved.is_file()


def test_a_batch_e_mailed_from_the_page_is_never_mailed_twice(
        demo: Path, smtp, monkeypatch: pytest.MonkeyPatch) -> None:
    from test_serve import patient_list, wait_for

    controller, box = smtp
    for name, value in mail_env(controller.port).items():
        monkeypatch.setenv(name, value)
    text = patient_list([
        {"name": "Ann Lee", "level": "2", "date": "2026-11-24", "email": "ann@example.com"},
        {"name": "Bo Ray", "level": "1", "date": "2026-11-24", "email": "bo@example.com"}])
    with served(demo) as client:
        body = {"name": "mail.csv", "csv": text, "mode": "email"}
        first = wait_for(client, client.post("/api/batch", json=body).json()["batch"])
        again = wait_for(client, client.post("/api/batch", json=body).json()["batch"])
    assert first["ended"].get("counts", {}).get("sent") == 2, first
    assert again["ended"].get("counts", {}).get("skipped") == 2, again
    assert sorted(e.rcpt_tos[0] for e in box.received) == ["ann@example.com", "bo@example.com"]

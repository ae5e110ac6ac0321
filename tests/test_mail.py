"""`pdfgen email` delivers the handout, drafts it, or says what it would send."""

from __future__ import annotations

import datetime as dt
import email
import ipaddress
import re
from collections.abc import Iterator
from email import policy
from pathlib import Path

import mail_helpers
import pytest
from aiosmtpd.controller import Controller
from conftest import REPO, files_in, run
from mail_helpers import PASSWORD, Mailbox, free_port, mail_env, only_clinic, received, run_email

smtp = mail_helpers.smtp  # pytest finds fixtures by name in the module


def certificate(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 made for this test, and its key."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "pdfgen test mail server")])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_file, key_file = folder / "server.pem", folder / "server.key"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_file, key_file


@pytest.fixture
def tls_smtp(tmp_path: Path) -> Iterator[tuple[Controller, Mailbox, Path]]:
    import ssl

    cert_file, key_file = certificate(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert_file, key_file)
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=free_port(), tls_context=context,
                            require_starttls=True, authenticator=only_clinic)
    controller.start()
    yield controller, box, cert_file
    controller.stop()


def assert_delivered(message, demo: Path, pdf_name: str) -> None:
    assert message["From"] == "frontdesk@example.com"
    assert message["To"] == "jane@example.com"
    assert message["Subject"] == "Your exercise handout from Mangrove Bay Chiropractic"
    assert "Jane" not in message["Subject"] and "back" not in message["Subject"].lower()
    plain = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "Your exercise handout from Mangrove Bay Chiropractic is attached" in plain
    assert "Dr. Mike Sebastian, Doctor of Chiropractic (DC)" in plain
    assert "<strong>Dr. Mike Sebastian, Doctor of Chiropractic (DC)</strong>" in html
    (attachment,) = list(message.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_filename() == "exercise-handout-2026-11-24.pdf"
    assert attachment.get_content() == (demo / "out" / pdf_name).read_bytes()


def test_sent_through_a_plain_local_server(demo: Path, smtp) -> None:
    controller, box = smtp
    result = run("email", "--level", "2", "--patient", "Jane Doe", "--date", "2026-11-24",
                 "--to", "jane@example.com", cwd=demo, env=mail_env(controller.port))
    assert result.exception is None, result.output
    assert result.stdout == (f"Sent out/back-pain-level-2-jane-doe.pdf to jane@example.com "
                             f"via 127.0.0.1:{controller.port} (none) as clinic\n")
    assert box.received[0].rcpt_tos == ["jane@example.com"]
    assert_delivered(received(box), demo, "back-pain-level-2-jane-doe.pdf")
    assert PASSWORD not in result.output


def test_sent_over_starttls_with_a_verified_certificate(demo: Path, tls_smtp) -> None:
    controller, box, cert_file = tls_smtp
    env = mail_env(controller.port, "starttls", SSL_CERT_FILE=str(cert_file))
    result = run("email", "--level", "2", "--date", "2026-11-24", "--to", "jane@example.com",
                 cwd=demo, env=env)
    assert result.exception is None, result.output
    assert_delivered(received(box), demo, "back-pain-level-2.pdf")


def test_a_certificate_that_cannot_be_verified_stops_the_send(demo: Path, tls_smtp) -> None:
    controller, box, _ = tls_smtp  # its certificate is trusted by nobody here
    result = run("email", "--level", "2", "--to", "jane@example.com", cwd=demo,
                 env=mail_env(controller.port, "starttls"))
    assert result.exit_code == 4
    assert result.stderr.startswith(f"error: 127.0.0.1:{controller.port}: the secure "
                                     "connection failed")
    assert box.received == []
    assert (demo / "out/back-pain-level-2.pdf").is_file()  # the handout is never lost


def test_the_draft_opens_as_a_message_ready_to_send(demo: Path) -> None:
    result = run("email", "--level", "2", "--date", "2026-11-24", "--to", "jane@example.com",
                 "--draft", cwd=demo, env={"PDFGEN_SMTP_PASSWORD": PASSWORD})
    assert result.exception is None, result.output
    assert result.stdout == ("out/back-pain-level-2.eml  (a draft to jane@example.com; the PDF "
                             "is out/back-pain-level-2.pdf)\n")
    draft = email.message_from_bytes((demo / "out/back-pain-level-2.eml").read_bytes(),
                                     policy=policy.default)
    assert draft["X-Unsent"] == "1"
    assert draft["To"] == "jane@example.com"
    (attachment,) = list(draft.iter_attachments())
    assert attachment.get_content() == (demo / "out/back-pain-level-2.pdf").read_bytes()
    assert PASSWORD.encode() not in (demo / "out/back-pain-level-2.eml").read_bytes()
    # Words a clinic in the UK reads as its own too ("call us at" is American; "on" British).
    text, html = (draft.get_body((kind,)) for kind in ("plain", "html"))
    assert text is not None and html is not None
    said = [part.get_content().replace("\xa0", " ") for part in (text, html)]  # (kept whole)
    assert "If you have a question, call (813) 555-0142." in said[0]
    assert "If you have a question, call <strong>(813) 555-0142</strong>." in said[1]


def test_dry_run_says_what_would_be_sent_and_sends_nothing(demo: Path, smtp) -> None:
    controller, box = smtp
    result = run("email", "--level", "2", "--date", "2026-11-24", "--to", "jane@example.com",
                 "--dry-run", cwd=demo, env=mail_env(controller.port))
    assert result.exception is None, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "To: jane@example.com"
    assert lines[1] == "Subject: Your exercise handout from Mangrove Bay Chiropractic"
    assert lines[2].startswith("Attachment: exercise-handout-2026-11-24.pdf (")
    assert lines[3] == f"Server: 127.0.0.1:{controller.port} (none) as clinic"
    assert lines[4] == "Nothing was sent or saved (--dry-run)."
    assert box.received == []
    assert PASSWORD not in result.output
    assert files_in(demo / "out") == []  # (it saved the PDF, replacing a saved one)


def test_dry_run_keeps_the_saved_handout_and_says_it_was_sent_before(demo: Path,
                                                                      smtp) -> None:
    """(A dry run with other choices replaced the patient's saved handout, and said nothing
    of the send it would be refused.)"""
    controller, box = smtp
    env = mail_env(controller.port)
    sent = run("email", "--level", "2", "--date", "2026-11-24", "--to", "jane@example.com",
               cwd=demo, env=env)
    assert sent.exit_code == 0, sent.output
    saved = (demo / "out/back-pain-level-2.pdf").read_bytes()
    again = run("email", "--level", "2", "--date", "2026-11-24", "--to", "jane@example.com",
                "--dry-run", cwd=demo, env=env)
    assert again.exit_code == 0, again.output
    lines = again.stdout.splitlines()
    assert re.fullmatch(r"Sent before: on \d{4}-\d\d-\d\d \d\d:\d\d; sending it again "
                        r"needs --resend", lines[4]), lines
    other = run("email", "--level", "2", "--date", "2026-11-24", "--log", "4", "--to",
                "jane@example.com", "--dry-run", cwd=demo, env=env)
    assert other.exit_code == 0, other.output
    assert "Sent before" not in other.stdout  # another handout: never sent
    assert (demo / "out/back-pain-level-2.pdf").read_bytes() == saved
    assert [f for f in files_in(demo / "out") if not f.startswith(".pdfgen-")] == [
        "back-pain-level-2.pdf"]  # (beside the journal of what was sent)
    assert len(box.received) == 1


def test_dry_run_works_before_the_mail_server_is_set_up(demo: Path) -> None:
    result = run("email", "--level", "2", "--to", "jane@example.com", "--dry-run", cwd=demo)
    assert result.exception is None, result.output
    assert "Server: not set up yet (no mail server: set host in the [email] section" in (
        result.stdout)
    assert result.stdout.splitlines()[-1] == "Nothing was sent or saved (--dry-run)."


def test_a_line_break_in_the_attachment_name_is_not_a_crash(demo: Path, smtp) -> None:
    controller, box = smtp
    (demo / "templates").mkdir()
    builtin = (REPO / "pdfgen/templates/email.j2").read_text(encoding="utf-8")
    (demo / "templates/email.j2").write_text(builtin.replace(
        "{% block filename %}{% trans date=date_iso %}exercise-handout-",
        "{% block filename %}{% trans date=date_iso %}exercise\nhandout\x1b-"), encoding="utf-8")
    result = run_email(demo, mail_env(controller.port), "--date", "2026-11-24",
                       "--to", "jane@example.com")
    assert result.returncode == 0, result.stderr
    (attachment,) = list(received(box).iter_attachments())
    assert attachment.get_filename() == "exercise handout -2026-11-24.pdf"


def test_a_mistake_in_the_email_template_stops_the_email_not_the_handout(demo: Path) -> None:
    (demo / "templates").mkdir()
    builtin = (REPO / "pdfgen/templates/email.j2").read_text(encoding="utf-8")
    (demo / "templates/email.j2").write_text(builtin.replace(
        "{% block subject %}", "{% block subject %}{{ clinic.fax }}", 1), encoding="utf-8")
    # The letter is rendered (in resolve, with everything else) only for an e-mail.
    printed = run("handout", "--level", "2", cwd=demo)
    assert printed.exit_code == 0, printed.output
    result = run("email", "--level", "2", "--to", "jane@example.com", "--dry-run", cwd=demo)
    assert result.exit_code == 2
    line = builtin[:builtin.index("{% block subject %}")].count("\n") + 1  # the mistake's
    assert result.stderr == (f"error: templates/email.j2:{line}: block subject: unknown "
                             "template variable 'fax' (misspelt, or not set in clinic.toml)\n")


def test_a_mail_cut_off_before_its_final_dot_is_not_kept(demo: Path, smtp) -> None:
    """The hook that records "sending" runs with the whole message out but the dot not sent:
    a failure there leaves the server nothing to deliver."""
    from pdfgen.content.loading import load_clinic
    from pdfgen.content.project import Project
    from pdfgen.mail.sender import connect, deliver
    from pdfgen.mail.settings import server_settings

    controller, box = smtp
    server = server_settings(load_clinic(Project(demo, demo / "out")).model,
                             mail_env(controller.port))
    message = email.message.EmailMessage()
    message["From"], message["To"], message["Subject"] = ("frontdesk@example.com",
                                                          "jane@example.com", "Hi")
    message.set_content(".a line that starts with a dot\nand another\n")
    connection = connect(server)
    seen = []

    def fail() -> None:
        seen.append(len(box.received))
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        deliver(connection, message, server, before_commit=fail)
    connection.close()
    deliver(connection := connect(server), message, server, before_commit=lambda: None)
    connection.quit()
    assert seen == [0]
    assert len(box.received) == 1
    assert email.message_from_bytes(box.received[0].content).get_payload().startswith(
        ".a line that starts with a dot")


def test_the_demo_clinic_is_never_mailed_to_a_patient(tmp_path: Path, smtp) -> None:
    """A folder with no clinic falls back to the made-up demo clinic; with a mail server in
    PDFGEN_SMTP_* its handout would go to a real patient under Mangrove Bay's name. Sending
    is refused (exit 2, nothing written, nothing sent); a draft and a dry run still work."""
    controller, box = smtp
    env = mail_env(controller.port)
    sent = run_email(tmp_path, env, "--patient", "Wrong Folder", "--to", "w@example.com")
    assert sent.returncode == 2, sent.stderr
    assert sent.stderr.splitlines()[-1] == (
        "error: pdfgen email: no content/clinic.toml here or above, so this is the demo "
        "clinic, whose handouts are not mailed to patients: run it in your clinic folder (or "
        "give --project), or start one with pdfgen init (--draft and --dry-run work with the "
        "demo)")
    assert box.received == [] and not (tmp_path / "out").exists()
    batch_list = tmp_path / "p.csv"
    batch_list.write_text("name,level,email\nPat,2,p@example.com\n", encoding="utf-8")
    from limited import run_limited

    batch = run_limited("batch", "p.csv", "--email", cwd=tmp_path, timeout=60,
                        env={"XDG_CACHE_HOME": str(tmp_path / ".cache"), **env})
    assert batch.returncode == 2, batch.stderr  # a list must be in a clinic folder
    assert batch.stderr.startswith("error: p.csv: not in a clinic folder"), batch.stderr
    assert box.received == []
    dry = run_email(tmp_path, env, "--patient", "Wrong Folder", "--to", "w@example.com",
                    "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "Nothing was sent or saved (--dry-run)." in dry.stdout and box.received == []


class SlowMailbox(Mailbox):
    """A server slow to take each address (1 s): two sends started together overlap."""

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        import asyncio

        await asyncio.sleep(1)
        return await super().handle_RCPT(server, session, envelope, address, rcpt_options)


def test_two_sends_of_one_handout_at_one_moment_mail_the_patient_once(
        demo: Path, monkeypatch) -> None:
    """Two tabs of `pdfgen serve`, or a script, sending the same handout to the same address
    at the same moment: both once looked at the journal before either had sent, and the
    patient got it twice. The second waits for the first, then is refused as a resend."""
    import threading

    import pdfgen
    from pdfgen.errors import MailSentBeforeError

    box = SlowMailbox()
    controller = Controller(box, hostname="127.0.0.1", port=free_port(),
                            authenticator=only_clinic, auth_require_tls=False)
    controller.start()
    try:
        for name, value in mail_env(controller.port).items():
            monkeypatch.setenv(name, value)
        clinic = pdfgen.open_clinic(demo)
        clinic.handout(level=2)  # (its fonts and drawings ready: the two start together)
        start, outcomes = threading.Barrier(2), []

        def send() -> None:
            start.wait()
            try:
                outcomes.append(clinic.email("jane@example.com", level=2, patient="Jane Doe",
                                             date="2026-11-24"))
            except MailSentBeforeError as error:
                outcomes.append(error)

        threads = [threading.Thread(target=send) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
    finally:
        controller.stop()
    assert len(box.received) == 1
    refused = [o for o in outcomes if isinstance(o, MailSentBeforeError)]
    assert len(outcomes) == 2 and len(refused) == 1, outcomes
    assert refused[0].message.startswith(
        "this handout was sent to jane@example.com on "), refused[0].message
    assert refused[0].message.endswith("(the server took it); add --resend to send it again")


def test_a_send_that_cannot_take_its_lock_sends_nothing_and_says_why(demo: Path, smtp) -> None:
    """(The lock's folder another user's, or a read-only disk; here a file in its place.)
    One line, exit code 2, and no mail: never a traceback, never a send unguarded."""
    controller, box = smtp
    (demo / "out").mkdir()
    (demo / "out" / ".pdfgen-send-locks").write_text("not a folder")
    result = run("email", "--level", "2", "--to", "jane@example.com", cwd=demo,
                 env=mail_env(controller.port))
    assert result.exit_code == 2, result.output
    assert result.stderr == ("error: cannot write out/.pdfgen-send-locks (File exists), where "
                             "pdfgen keeps a send from going twice: nothing was sent\n")
    assert box.received == []


def test_the_security_setting_is_read_in_any_case(demo: Path, smtp) -> None:
    """(PDFGEN_SMTP_SECURITY=NONE was refused, and " none" taken.)"""
    controller, box = smtp
    result = run("email", "--level", "2", "--to", "jane@example.com", cwd=demo,
                 env=mail_env(controller.port, security="NONE"))
    assert result.exit_code == 0, result.output
    assert [e.rcpt_tos for e in box.received] == [["jane@example.com"]]


"""E-mail against a real SMTP server on 127.0.0.1 (aiosmtpd): plain, STARTTLS, and failures."""

from __future__ import annotations

import datetime as dt
import email
import ipaddress
import os
import socket
import subprocess
import time
from collections.abc import Iterator
from email import policy
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from conftest import REPO, files_in, run
from pypdf import PdfReader

PASSWORD = "s3cret-Pa55word"
# A send that fails says where the handout it saved first is (nothing lost, nothing sent).
SAVED = "; the handout is saved as out/back-pain-level-2.pdf\n"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Mailbox:
    """An SMTP handler that keeps what it receives, or refuses as told."""

    def __init__(self, refuse_rcpt: str | None = None) -> None:
        self.received: list = []
        self.refuse_rcpt = refuse_rcpt

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse_rcpt:
            return self.refuse_rcpt
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.received.append(envelope)
        return "250 Message accepted"


class CountingMailbox(Mailbox):
    """A Mailbox that counts the connections that said EHLO."""

    def __init__(self) -> None:
        super().__init__()
        self.sessions = 0

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        self.sessions += 1
        session.host_name = hostname
        return responses


def only_clinic(server, session, envelope, mechanism, auth_data):
    ok = auth_data.login == b"clinic" and auth_data.password == PASSWORD.encode()
    return AuthResult(success=ok, handled=False)  # handled=False: the server replies 535


@pytest.fixture
def smtp() -> Iterator[tuple[Controller, Mailbox]]:
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=free_port(),
                            authenticator=only_clinic, auth_require_tls=False)
    controller.start()
    yield controller, box
    controller.stop()


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


def mail_env(port: int, security: str = "none", **more: str) -> dict[str, str]:
    return {"PDFGEN_SMTP_HOST": "127.0.0.1", "PDFGEN_SMTP_PORT": str(port),
            "PDFGEN_SMTP_SECURITY": security, "PDFGEN_SMTP_USER": "clinic",
            "PDFGEN_SMTP_FROM": "frontdesk@example.com", "PDFGEN_SMTP_PASSWORD": PASSWORD,
            **more}


def received(box: Mailbox) -> email.message.EmailMessage:
    assert len(box.received) == 1
    return email.message_from_bytes(box.received[0].content, policy=policy.default)


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
    assert lines[4] == "Nothing was sent (--dry-run)."
    assert box.received == []
    assert PASSWORD not in result.output


@pytest.mark.parametrize(
    ("setup", "code", "message"),
    [
        ("closed port", 3, "error: 127.0.0.1:{closed}: cannot connect"),
        ("unknown host", 3, "error: no-such-host.invalid: unknown mail server"),
        ("wrong password", 5, "error: 127.0.0.1:{port}: the server refused the login for "
                              "'clinic' (535); check the user name and PDFGEN_SMTP_PASSWORD"),
        ("recipient refused", 6, "error: 127.0.0.1:{port}: the server refused the recipient "
                                 "(550 No such user here); nothing was sent"),
        ("mailbox busy", 7, "error: 127.0.0.1:{port}: the server refused the recipient for now "
                            "(450 Mailbox busy); nothing was sent, try again later"),
        ("too large", 8, "error: the handout is 0.0 MB, too large to e-mail (the limit is 0 "
                         "MB, max_attachment_mb in [email])"),
    ],
)
def test_failures_are_one_line_with_their_own_exit_code(demo: Path, smtp, setup: str,
                                                        code: int, message: str) -> None:
    controller, box = smtp
    env = mail_env(controller.port)
    closed = free_port()
    if setup == "closed port":
        env["PDFGEN_SMTP_PORT"] = str(closed)
    elif setup == "unknown host":
        env["PDFGEN_SMTP_HOST"] = "no-such-host.invalid"
        env["PDFGEN_SMTP_SECURITY"] = "starttls"
    elif setup == "wrong password":
        env["PDFGEN_SMTP_PASSWORD"] = "wrong"
    elif setup == "recipient refused":
        box.refuse_rcpt = "550 No such user here"
    elif setup == "mailbox busy":
        box.refuse_rcpt = "450 Mailbox busy"
    elif setup == "too large":
        toml = demo / "content/clinic.toml"
        toml.write_text(toml.read_text() + "\n[email]\nmax_attachment_mb = 0.001\n")
    result = run("email", "--level", "2", "--to", "jane@example.com", cwd=demo, env=env)
    assert result.exit_code == code, result.output
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith(message.format(port=controller.port, closed=closed))
    # The handout is never lost, and the line says where it is (to print, or send otherwise).
    assert result.stderr.endswith(SAVED), result.stderr
    assert PdfReader(demo / "out/back-pain-level-2.pdf").get_num_pages() == 4
    assert box.received == []
    assert PASSWORD not in result.output and "wrong" not in result.output.replace(
        "wrong password", "")


@pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        (["--to", "not-an-address"], {},
         "error: --to 'not-an-address': not an e-mail address (expected name@example.com)"),
        (["--to", "jane@example.com"], {"PDFGEN_SMTP_HOST": "smtp.example.com",
                                        "PDFGEN_SMTP_SECURITY": "none",
                                        "PDFGEN_SMTP_FROM": "a@example.com"},
         'error: security = "none" is allowed only to this computer (127.0.0.1), not to '
         "smtp.example.com: mail with a patient's handout must be encrypted; use starttls or "
         "ssl"),
        (["--to", "jane@example.com"], {},
         "error: no mail server: set host in the [email] section of content/clinic.toml, or "
         "PDFGEN_SMTP_HOST"),
        (["--to", "jane@example.com"], {"PDFGEN_SMTP_HOST": "h.example.com",
                                        "PDFGEN_SMTP_PORT": "many"},
         "error: PDFGEN_SMTP_PORT='many': expected a port number"),
    ],
)
def test_settings_mistakes_fail_before_anything_is_built(demo: Path, args: list[str],
                                                         env: dict, message: str) -> None:
    result = run("email", "--level", "2", *args, cwd=demo,
                 env={"PDFGEN_SMTP_PASSWORD": PASSWORD, **env})
    assert (result.exit_code, result.stderr) == (2, message + "\n")
    assert files_in(demo / "out") == []


def test_dry_run_works_before_the_mail_server_is_set_up(demo: Path) -> None:
    result = run("email", "--level", "2", "--to", "jane@example.com", "--dry-run", cwd=demo)
    assert result.exception is None, result.output
    assert "Server: not set up yet (no mail server: set host in the [email] section" in (
        result.stdout)
    assert result.stdout.splitlines()[-1] == "Nothing was sent (--dry-run)."


def test_a_login_to_a_server_that_takes_none_says_so(demo: Path) -> None:
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=free_port())  # no AUTH at all
    controller.start()
    try:
        result = run("email", "--level", "2", "--to", "jane@example.com", cwd=demo,
                     env=mail_env(controller.port))
    finally:
        controller.stop()
    assert result.exit_code == 5
    assert result.stderr == (f"error: 127.0.0.1:{controller.port}: the server does not take a "
                             "login; leave out username in [email] and PDFGEN_SMTP_USER" + SAVED)


def test_a_sender_that_is_not_an_address_is_named(demo: Path) -> None:
    env = {**mail_env(free_port()), "PDFGEN_SMTP_FROM": "notanaddress"}
    result = run("email", "--level", "2", "--to", "jane@example.com", cwd=demo, env=env)
    assert (result.exit_code, result.stderr) == (
        2, "error: PDFGEN_SMTP_FROM='notanaddress': not an e-mail address (expected "
           "name@example.com)\n")


# --- pdfgen's own words for what smtplib and ssl would say ---------------------------------

def run_email(demo: Path, env: dict[str, str], *args: str,
              timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """`pdfgen email` as its own process, bounded in memory and time, with these settings
    in its environment (and none of the machine's own PDFGEN_SMTP_ ones)."""
    from limited import run_limited

    unset: dict[str, str | None] = {name: None for name in os.environ
                                    if name.startswith("PDFGEN_SMTP_")}
    return run_limited("email", "--level", "2", *args, cwd=demo, timeout=timeout,
                       env={**unset, "XDG_CACHE_HOME": str(demo / ".cache"), **env},
                       memory=2 << 30)


def test_ssl_to_a_plain_server_says_it_is_not_an_ssl_port(demo: Path, smtp) -> None:
    controller, box = smtp
    result = run_email(demo, mail_env(controller.port, "ssl"), "--to", "jane@example.com")
    assert (result.returncode, result.stderr) == (
        4, f"error: 127.0.0.1:{controller.port}: the server does not start a secure "
           "connection on this port (security = \"ssl\"); use security = \"starttls\" "
           "(usually port 587), or the server's SSL port (usually 465)" + SAVED)
    assert box.received == []


def test_a_user_name_without_a_password_is_said_before_connecting(demo: Path) -> None:
    box = CountingMailbox()
    controller = Controller(box, hostname="127.0.0.1", port=free_port(),
                            authenticator=only_clinic, auth_require_tls=False)
    controller.start()
    try:
        env = {**mail_env(controller.port), "PDFGEN_SMTP_PASSWORD": ""}
        result = run_email(demo, env, "--to", "jane@example.com")
    finally:
        controller.stop()
    assert (result.returncode, result.stderr) == (
        2, "error: PDFGEN_SMTP_PASSWORD is empty, but a user name is set ('clinic': username "
           "in [email] or PDFGEN_SMTP_USER); export PDFGEN_SMTP_PASSWORD='...' in this shell, "
           "or leave out the user name if the server takes no login\n")
    assert box.sessions == 0  # not even connected
    assert files_in(demo / "out") == []


def test_a_silent_server_is_said_to_not_answer_in_time(demo: Path) -> None:
    with socket.socket() as listener:  # accepts the connection, then says nothing at all
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        started = time.monotonic()
        result = run_email(demo, {**mail_env(port), "PDFGEN_SMTP_TIMEOUT": "2"},
                           "--to", "jane@example.com", timeout=25)
    assert (result.returncode, result.stderr) == (
        3, f"error: 127.0.0.1:{port}: the server did not answer in 2 s; try again later, or "
           "check the port and security in [email]" + SAVED)
    assert time.monotonic() - started < 20
    assert (demo / "out/back-pain-level-2.pdf").is_file()


def test_a_non_ascii_address_to_a_server_without_smtputf8(demo: Path) -> None:
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=free_port(),
                            enable_SMTPUTF8=False)
    controller.start()
    try:
        env = {k: v for k, v in mail_env(controller.port).items() if k != "PDFGEN_SMTP_USER"}
        result = run_email(demo, env, "--to", "josé@example.com")
    finally:
        controller.stop()
    assert (result.returncode, result.stderr) == (
        6, f"error: 127.0.0.1:{controller.port}: the address 'josé@example.com' has letters "
           "outside ASCII, and this server does not take such addresses (no SMTPUTF8); "
           "nothing was sent: ask for another address, or use a server that offers "
           "SMTPUTF8" + SAVED)
    assert box.received == []


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
    assert result.stderr == ("error: templates/email.j2: block subject: unknown template "
                             "variable 'fax' (misspelt, or not set in clinic.toml)\n")


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
    assert "Nothing was sent (--dry-run)." in dry.stdout and box.received == []

"""A mail server or setting that fails the send is one line with its own exit code."""

from __future__ import annotations

import socket
import time
from pathlib import Path

import mail_helpers
import pytest
from aiosmtpd.controller import Controller
from conftest import files_in, run
from mail_helpers import (
    PASSWORD,
    SAVED,
    CountingMailbox,
    Mailbox,
    free_port,
    mail_env,
    only_clinic,
    run_email,
)
from pypdf import PdfReader

smtp = mail_helpers.smtp  # pytest finds fixtures by name in the module


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
        # (It said "the handout is 0.0 MB, too large to e-mail (the limit is 0 MB".)
        ("too large", 8, "error: the handout is {kb} KB, {mailed} KB in the e-mail, too large "
                         "to e-mail (the limit is 1 KB, max_attachment_mb in [email])"),
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
    size = (demo / "out/back-pain-level-2.pdf").stat().st_size
    assert result.stderr.startswith(message.format(
        port=controller.port, closed=closed, kb=size // 1024, mailed=int(size * 1.37) // 1024))
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
        # (99999 was tried, after the handout was made: "cannot connect", exit 3)
        (["--to", "jane@example.com"], {"PDFGEN_SMTP_HOST": "h.example.com",
                                        "PDFGEN_SMTP_PORT": "99999"},
         "error: PDFGEN_SMTP_PORT='99999': expected a port number from 1 to 65535"),
        (["--to", "jane@example.com"], {"PDFGEN_SMTP_HOST": "h.example.com",
                                        "PDFGEN_SMTP_PORT": "-1"},
         "error: PDFGEN_SMTP_PORT='-1': expected a port number from 1 to 65535"),
        # (each was sent, and marked sent: the server bounced it later)
        *((["--to", bad], {},
           f"error: --to {bad!r}: not an e-mail address (expected name@example.com)")
          for bad in ("jane@example..com", "jane.@example.com", ".jane@example.com",
                      "ja..ne@example.com", "jane@.example.com", "jane@-example.com",
                      "jane@exa_mple.com", "a[b]@example.com", "a\\b@example.com")),
        # (mailto:ann@gmail.com went to ann@gmail.com, then ann@gmail.com a second time)
        (["--to", "mailto:ann@example.com"], {},
         "error: --to 'mailto:ann@example.com': not an e-mail address (expected "
         "name@example.com, without mailto:)"),
        (["--to", "Ann Lee <ann@example.com>"], {},
         "error: --to 'Ann Lee <ann@example.com>': not an e-mail address (expected "
         "name@example.com, the address alone, without the name and < >)"),
        # (tried as smtp.example.com:587:587, and a failure blamed on security = "none")
        (["--to", "jane@example.com"], {"PDFGEN_SMTP_HOST": "smtp.example.com:587"},
         "error: host = 'smtp.example.com:587': expected the server's name alone, like "
         "smtp.example.com (a port goes in port = 587)"),
    ],
)
def test_settings_mistakes_fail_before_anything_is_built(demo: Path, args: list[str],
                                                         env: dict, message: str) -> None:
    result = run("email", "--level", "2", *args, cwd=demo,
                 env={"PDFGEN_SMTP_PASSWORD": PASSWORD, **env})
    assert (result.exit_code, result.stderr) == (2, message + "\n")
    assert files_in(demo / "out") == []


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


def test_a_local_server_without_starttls_points_to_security_none(demo: Path, smtp) -> None:
    """(docs/email.md tries pdfgen with a test server on this computer, which takes plain
    mail; the message named only ssl and another server.)"""
    controller, box = smtp
    result = run("email", "--level", "2", "--to", "jane@example.com", cwd=demo,
                 env=mail_env(controller.port, security="starttls"))
    assert result.exit_code == 4, result.output
    assert result.stderr == (
        f"error: 127.0.0.1:{controller.port}: the server does not offer STARTTLS; use "
        "security = \"ssl\" or another server (or, for a test server on this computer, "
        "security = \"none\")" + SAVED)
    assert box.received == []


def test_an_attachment_limit_in_quotes_is_refused_as_a_port_in_quotes_is(demo: Path) -> None:
    # ("10" was taken for max_attachment_mb, and port = "8025" refused.)
    toml = demo / "content/clinic.toml"
    toml.write_text(toml.read_text() + '\n[email]\nmax_attachment_mb = "10"\nport = "8025"\n')
    result = run("check", cwd=demo)
    assert result.exit_code == 2, result.output
    line = len(toml.read_text().splitlines()) - 1
    assert [f for f in result.stdout.splitlines() if f.startswith("error")] == [
        f"error: content/clinic.toml:{line}: email.max_attachment_mb: expected a number, got "
        "the text '10': write 10 without quotes",
        f"error: content/clinic.toml:{line + 1}: email.port: expected a whole number, got the "
        "text '8025': write 8025 without quotes"]

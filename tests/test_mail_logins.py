"""`pdfgen email` against servers that refuse TLS or take logins outside ASCII."""

from __future__ import annotations

from pathlib import Path

import pytest
import scripted_smtp
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from mail_helpers import SAVED, Mailbox, free_port, mail_env, received, run_email

scripted = scripted_smtp.scripted  # pytest finds fixtures by name in the module


def test_a_server_that_will_not_start_tls_is_a_failed_secure_connection(
        demo: Path, scripted) -> None:
    server = scripted(lambda line: "454 4.7.0 TLS not available now"
                      if line.upper() == "STARTTLS" else None)
    result = run_email(demo, mail_env(server.port, "starttls"), "--to", "jane@example.com")
    assert (result.returncode, result.stderr) == (
        4, f"error: 127.0.0.1:{server.port}: the server did not start a secure connection "
           "(454 4.7.0 TLS not available now); nothing was sent: try again later, or check "
           "security in [email]" + SAVED)
    assert not any(line.upper().startswith(("AUTH", "MAIL", "DATA")) for line in server.heard)


USER, SECRET = "jösé", "Pässwört-ß"


def utf8_only(server, session, envelope, mechanism, auth_data):
    ok = (auth_data.login == USER.encode("utf-8")
          and auth_data.password == SECRET.encode("utf-8"))
    return AuthResult(success=ok, handled=False)


@pytest.mark.parametrize("mechanism", ["PLAIN", "LOGIN"])
def test_a_login_outside_ascii_is_sent_as_utf_8(demo: Path, mechanism: str) -> None:
    """RFC 4616 (PLAIN) is UTF-8; LOGIN servers take it too."""
    box = Mailbox()
    other = "LOGIN" if mechanism == "PLAIN" else "PLAIN"
    controller = Controller(box, hostname="127.0.0.1", port=free_port(),
                            authenticator=utf8_only, auth_require_tls=False,
                            auth_exclude_mechanism=[other])
    controller.start()
    try:
        env = mail_env(controller.port, PDFGEN_SMTP_USER=USER, PDFGEN_SMTP_PASSWORD=SECRET)
        result = run_email(demo, env, "--to", "jane@example.com")
    finally:
        controller.stop()
    assert result.returncode == 0, result.stderr
    assert received(box)["To"] == "jane@example.com"


def test_a_refused_login_outside_ascii_shows_no_part_of_the_password(demo: Path) -> None:
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=free_port(),
                            authenticator=utf8_only, auth_require_tls=False)
    controller.start()
    try:
        env = mail_env(controller.port, PDFGEN_SMTP_USER=USER,
                       PDFGEN_SMTP_PASSWORD="Wrong-Pässwört")
        result = run_email(demo, env, "--to", "jane@example.com")
    finally:
        controller.stop()
    assert (result.returncode, result.stderr) == (
        5, f"error: 127.0.0.1:{controller.port}: the server refused the login for 'jösé' "
           "(535); check the user name and PDFGEN_SMTP_PASSWORD" + SAVED)
    assert "ä" not in result.stdout + result.stderr.replace("jösé", "")
    assert box.received == []


def test_a_cram_md5_server_and_a_password_outside_ascii_is_one_line(demo: Path,
                                                                     scripted) -> None:
    def answer(line: str) -> str | None:
        if line.upper().startswith("EHLO"):
            return "250-scripted\r\n250 AUTH CRAM-MD5"
        if line.upper().startswith("AUTH CRAM-MD5"):
            return "334 PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UuZXhhbXBsZS5uZXQ+"
        return None

    server = scripted(answer)
    env = mail_env(server.port, PDFGEN_SMTP_PASSWORD=SECRET)
    result = run_email(demo, env, "--to", "jane@example.com")
    assert (result.returncode, result.stderr) == (
        5, f"error: 127.0.0.1:{server.port}: the user name or PDFGEN_SMTP_PASSWORD has "
           "letters outside ASCII, and the login this server offers (CRAM-MD5) cannot take "
           "them: use a password of ASCII letters, or a server that offers PLAIN or LOGIN" + SAVED)
    assert "Traceback" not in result.stderr and "ä" not in result.stderr
    assert not any(line.upper().startswith(("MAIL", "DATA")) for line in server.heard)

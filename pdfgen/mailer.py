"""E-mail a handout: settings from clinic.toml and the environment, the message from
templates, sent over SMTP with verified TLS, or saved as a draft for a mail program."""

from __future__ import annotations

import ipaddress
import os
import re
import smtplib
import socket
import ssl
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from pdfgen.errors import (
    MailAuthError,
    MailConnectError,
    MailRejectedError,
    MailSettingsError,
    MailTemporaryError,
    MailTlsError,
    MailTooLargeError,
)
from pdfgen.models import Clinic

ENVIRONMENT = {
    "host": "PDFGEN_SMTP_HOST",
    "port": "PDFGEN_SMTP_PORT",
    "security": "PDFGEN_SMTP_SECURITY",
    "username": "PDFGEN_SMTP_USER",
    "from_address": "PDFGEN_SMTP_FROM",
}
PASSWORD = "PDFGEN_SMTP_PASSWORD"  # the only place a password is read from
DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "none": 25}
ADDRESS = re.compile(r"^[^@\s<>,;\"]+@[^@\s<>,;\"]+\.[A-Za-z]{2,}$")
TIMEOUT = 30  # seconds: a server that says nothing for this long is not answering


@dataclass(frozen=True)
class Server:
    """Where and how to send; the password is kept out of every text about it."""

    host: str
    port: int
    security: str
    username: str | None
    password: str | None = field(repr=False)
    from_address: str
    reply_to: str | None
    max_bytes: int

    def describe(self) -> str:
        login = f" as {self.username}" if self.username else ""
        return f"{self.host}:{self.port} ({self.security}){login}"


def check_address(address: str) -> str:
    """A recipient's address, checked before anything is built."""
    address = address.strip()
    if not ADDRESS.match(address):
        raise MailSettingsError(f"--to {address!r}: not an e-mail address (expected "
                                "name@example.com)")
    return address


def server_settings(clinic: Clinic, environ: Mapping[str, str] = os.environ) -> Server:
    """The [email] settings of clinic.toml, each overridden by its PDFGEN_SMTP_ variable."""
    settings = clinic.email.model_dump()
    for name, variable in ENVIRONMENT.items():
        if environ.get(variable):
            settings[name] = environ[variable].strip()
    security = settings["security"]
    if security not in DEFAULT_PORTS:
        raise MailSettingsError(f"PDFGEN_SMTP_SECURITY={security!r}: expected starttls, ssl "
                                "or none")
    if not settings["host"]:
        raise MailSettingsError("no mail server: set host in the [email] section of "
                                "content/clinic.toml, or PDFGEN_SMTP_HOST")
    try:
        port = int(settings["port"] or DEFAULT_PORTS[security])
    except ValueError:
        raise MailSettingsError(f"PDFGEN_SMTP_PORT={settings['port']!r}: expected a port "
                                "number") from None
    sender = settings["from_address"] or clinic.contact_email
    if not sender:
        raise MailSettingsError("no sender address: set from_address in the [email] section "
                                "of content/clinic.toml, or PDFGEN_SMTP_FROM")
    if not ADDRESS.match(sender):
        raise MailSettingsError(f"PDFGEN_SMTP_FROM={sender!r}: not an e-mail address "
                                "(expected name@example.com)")
    if security == "none" and not _loopback(settings["host"]):
        raise MailSettingsError(f"security = \"none\" is allowed only to this computer "
                                f"(127.0.0.1), not to {settings['host']}: mail with a patient's "
                                "handout must be encrypted; use starttls or ssl")
    return Server(
        host=settings["host"], port=port, security=security,
        username=settings["username"] or None,
        password=environ.get(PASSWORD) or None,
        from_address=sender, reply_to=settings["reply_to"],
        max_bytes=int(settings["max_attachment_mb"] * 1024 * 1024),
    )


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class Letter:
    """The parts of the message, rendered from the templates."""

    subject: str
    text: str
    html: str
    filename: str


def compose(letter: Letter, pdf: bytes, *, to: str, sender: str | None,
            reply_to: str | None) -> EmailMessage:
    """A message with a plain-text body, an HTML alternative, and the handout attached."""
    message = EmailMessage()
    message["Subject"] = letter.subject
    if sender:
        message["From"] = sender
    message["To"] = to
    if reply_to:
        message["Reply-To"] = reply_to
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain=(sender or "pdfgen.invalid").split("@")[-1])
    message.set_content(letter.text)
    message.add_alternative(letter.html, subtype="html")
    message.add_attachment(pdf, maintype="application", subtype="pdf",
                           filename=letter.filename)
    return message


def check_size(pdf: bytes, limit: int) -> None:
    # Base64 makes the message about 1.37 times the attachment (REFERENCE.md).
    if len(pdf) * 1.37 > limit:
        raise MailTooLargeError(
            f"the handout is {len(pdf) / 1048576:.1f} MB, too large to e-mail (the limit is "
            f"{limit / 1048576:.0f} MB, max_attachment_mb in [email]); print it, or use "
            "fewer or smaller pictures")


def write_draft(message: EmailMessage, path: Path) -> None:
    """An .eml file that mail programs open as a message ready to send."""
    from email.generator import BytesGenerator
    from io import BytesIO

    from pdfgen.build import write_atomic

    message["X-Unsent"] = "1"  # Outlook and others: open as a draft, not as received mail
    buffer = BytesIO()
    BytesGenerator(buffer).flatten(message)
    write_atomic(path, buffer.getvalue())


def send(message: EmailMessage, server: Server, context: ssl.SSLContext | None = None) -> None:
    """Send one message over its own connection."""
    connection = connect(server, context)
    try:
        deliver(connection, message, server)
    finally:
        with _mail_errors(server), suppress(smtplib.SMTPException, OSError):
            connection.quit()


def connect(server: Server, context: ssl.SSLContext | None = None) -> smtplib.SMTP:
    """An open, secured and logged-in connection, for one message or a batch of them."""
    # Always verify the server's certificate (smtplib does not without a context).
    context = context or ssl.create_default_context()
    with _mail_errors(server):
        if server.security == "ssl":
            connection: smtplib.SMTP = smtplib.SMTP_SSL(server.host, server.port,
                                                        timeout=TIMEOUT, context=context)
        else:
            connection = smtplib.SMTP(server.host, server.port, timeout=TIMEOUT)
        try:
            if server.security == "starttls":
                connection.starttls(context=context)
            if server.username:
                _login(connection, server, f"{server.host}:{server.port}")
        except BaseException:
            connection.close()
            raise
        return connection


def deliver(connection: smtplib.SMTP, message: EmailMessage, server: Server) -> None:
    """Send a message over an open connection; a failure is one MailError."""
    with _mail_errors(server):
        connection.send_message(message)


@contextmanager
def _mail_errors(server: Server) -> Iterator[None]:
    """Every way sending can fail, as one MailError that says what to do."""
    where = f"{server.host}:{server.port}"
    try:
        yield
    except socket.gaierror:
        raise MailConnectError(f"{server.host}: unknown mail server; check host in [email] "
                               "or PDFGEN_SMTP_HOST") from None
    except ssl.SSLError as error:
        raise MailTlsError(f"{where}: the secure connection failed ({error.reason or error}); "
                           "check the server's name and certificate") from None
    except smtplib.SMTPNotSupportedError:
        raise MailTlsError(f"{where}: the server does not offer STARTTLS; use security = "
                           "\"ssl\" or another server") from None
    except smtplib.SMTPRecipientsRefused as error:
        code, reply = next(iter(error.recipients.values()))
        raise _refused(where, code, reply, "the recipient") from None
    except smtplib.SMTPResponseException as error:
        raise _refused(where, error.smtp_code, error.smtp_error, "the message") from None
    except smtplib.SMTPServerDisconnected:
        raise MailConnectError(f"{where}: the server closed the connection; try again, or "
                               "check the port and security") from None
    except (ConnectionRefusedError, TimeoutError, OSError) as error:
        reason = error.strerror or type(error).__name__
        raise MailConnectError(f"{where}: cannot connect ({reason}); check host and port in "
                               "[email], and the network") from None


def _login(connection: smtplib.SMTP, server: Server, where: str) -> None:
    try:
        connection.ehlo_or_helo_if_needed()
        offered = connection.esmtp_features.get("auth", "").upper().split()
        if "PLAIN" in offered:
            # One attempt: smtplib's login() would try every mechanism in turn, and some
            # servers then hang instead of refusing again.
            connection.user, connection.password = server.username or "", server.password or ""
            connection.auth("PLAIN", connection.auth_plain)
        else:
            connection.login(server.username or "", server.password or "")
    except smtplib.SMTPNotSupportedError:
        raise MailAuthError(f"{where}: the server does not take a login; leave out username "
                            "in [email] and PDFGEN_SMTP_USER") from None
    except (smtplib.SMTPAuthenticationError, smtplib.SMTPServerDisconnected) as error:
        # Some servers hang up after a refused login instead of saying 535 again.
        code = getattr(error, "smtp_code", "closed")
        raise MailAuthError(f"{where}: the server refused the login for {server.username!r} "
                            f"({code}); check the user name and {PASSWORD}") from None


def _refused(where: str, code: int, reply: bytes | str, what: str) -> Exception:
    text = reply.decode(errors="replace") if isinstance(reply, bytes) else str(reply)
    if 400 <= code < 500:
        return MailTemporaryError(f"{where}: the server refused {what} for now ({code} "
                                  f"{text}); nothing was sent, try again later")
    return MailRejectedError(f"{where}: the server refused {what} ({code} {text}); nothing "
                             "was sent")

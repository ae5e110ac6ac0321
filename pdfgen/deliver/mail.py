"""E-mail a handout: settings from clinic.toml and the environment, and the message from
templates (sent by smtp.py), or saved as a draft for a mail program."""

from __future__ import annotations

import ipaddress
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from pdfgen.content.clinic_settings import Clinic
from pdfgen.content.fields import ADDRESS_PATTERN
from pdfgen.errors import MailSettingsError, MailTooLargeError
from pdfgen.text.handout_text import LetterText

ENVIRONMENT = {
    "host": "PDFGEN_SMTP_HOST",
    "port": "PDFGEN_SMTP_PORT",
    "security": "PDFGEN_SMTP_SECURITY",
    "username": "PDFGEN_SMTP_USER",
    "from_address": "PDFGEN_SMTP_FROM",
}
PASSWORD = "PDFGEN_SMTP_PASSWORD"  # the only place a password is read from
TIMEOUT_VARIABLE = "PDFGEN_SMTP_TIMEOUT"
DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "none": 25}
ADDRESS = re.compile(ADDRESS_PATTERN)  # the one rule for an address, also in models.py
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
    timeout: float = TIMEOUT

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
    password = environ.get(PASSWORD) or None
    if settings["username"] and not password:
        # Said before connecting: the server would only say "refused the login".
        raise MailSettingsError(f"{PASSWORD} is empty, but a user name is set "
                                f"({settings['username']!r}: username in [email] or "
                                f"PDFGEN_SMTP_USER); export {PASSWORD}='...' in this shell, "
                                "or leave out the user name if the server takes no login")
    return Server(
        host=settings["host"], port=port, security=security,
        username=settings["username"] or None, password=password,
        from_address=sender, reply_to=settings["reply_to"],
        max_bytes=int(settings["max_attachment_mb"] * 1024 * 1024),
        timeout=_timeout(environ.get(TIMEOUT_VARIABLE, "")),
    )


def _timeout(text: str) -> float:
    if not text.strip():
        return TIMEOUT
    try:
        seconds = float(text)
    except ValueError:
        seconds = 0
    if not 1 <= seconds <= 600:
        raise MailSettingsError(f"{TIMEOUT_VARIABLE}={text!r}: expected a number of seconds "
                                "from 1 to 600")
    return seconds


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def compose(letter: LetterText, pdf: bytes, *, to: str, sender: str | None,
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


def sender(clinic: Clinic, server: Server | None) -> str | None:
    """Who a message is from: the server's sender when sending (PDFGEN_SMTP_FROM, then
    from_address, then contact_email), else from_address, then contact_email."""
    return server.from_address if server else clinic.email.from_address or clinic.contact_email


def reply_to(clinic: Clinic, server: Server | None) -> str | None:
    return server.reply_to if server else clinic.email.reply_to


def attachment_limit(clinic: Clinic, server: Server | None) -> int:
    """The largest message, in bytes: max_attachment_mb in [email] (or the server's)."""
    return server.max_bytes if server else int(clinic.email.max_attachment_mb * 1048576)


def draft_bytes(message: EmailMessage) -> bytes:
    """The .eml bytes of a message that mail programs open as a draft, ready to send."""
    from email.generator import BytesGenerator
    from io import BytesIO

    message["X-Unsent"] = "1"  # Outlook and others: open as a draft, not as received mail
    buffer = BytesIO()
    BytesGenerator(buffer).flatten(message)
    return buffer.getvalue()


def write_draft(message: EmailMessage, path: Path) -> None:
    """An .eml file that mail programs open as a message ready to send."""
    from pdfgen.deliver.files import write_atomic

    write_atomic(path, draft_bytes(message))

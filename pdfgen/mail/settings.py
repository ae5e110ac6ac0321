"""Where and how e-mail is sent: the server's settings from clinic.toml [email] and the
PDFGEN_SMTP_* environment, and the one rule for an address."""

from __future__ import annotations

import ipaddress
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from pdfgen.content.clinic_settings import Clinic
from pdfgen.content.fields import is_address, too_long
from pdfgen.errors import MailSettingsError

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
    if not is_address(address):
        reason = too_long(address) if "@" in address else None
        raise MailSettingsError(f"--to {address!r}: not an e-mail address (" + (
            reason or f"expected name@example.com{_written(address)}") + ")")
    return address


def _written(address: str) -> str:
    """How a copied address differs from one, when it is clear: "mailto:", a name."""
    if address.lower().startswith("mailto:"):
        return ", without mailto:"
    if re.fullmatch(r".*<[^<>]+@[^<>]+>", address):
        return ", the address alone, without the name and < >"
    return ""


def server_settings(clinic: Clinic, environ: Mapping[str, str] = os.environ) -> Server:
    """The [email] settings of clinic.toml, each overridden by its PDFGEN_SMTP_ variable."""
    settings = clinic.email.model_dump()
    for name, variable in ENVIRONMENT.items():
        if environ.get(variable):
            settings[name] = environ[variable].strip()
    security = settings["security"] = str(settings["security"]).lower()  # (NONE was refused)
    if security not in DEFAULT_PORTS:
        raise MailSettingsError(f"PDFGEN_SMTP_SECURITY={security!r}: expected starttls, ssl "
                                "or none")
    if not settings["host"]:
        raise MailSettingsError("no mail server: set host in the [email] section of "
                                "content/clinic.toml, or PDFGEN_SMTP_HOST")
    host = settings["host"]
    if not host_name(host):  # ("smtp.example.com:587" was tried as smtp.example.com:587:587)
        raise MailSettingsError(f"host = {host!r}: {HOST_EXPECTED}")
    try:
        port = int(settings["port"] or DEFAULT_PORTS[security])
    except ValueError:
        raise MailSettingsError(f"PDFGEN_SMTP_PORT={settings['port']!r}: expected a port "
                                "number") from None
    if not 1 <= port <= 65535:  # (clinic.toml's port is checked as it is read)
        raise MailSettingsError(f"PDFGEN_SMTP_PORT={settings['port']!r}: expected a port "
                                "number from 1 to 65535")
    sender = settings["from_address"] or clinic.contact_email
    if not sender:
        raise MailSettingsError("no sender address: set from_address in the [email] section "
                                "of content/clinic.toml, or PDFGEN_SMTP_FROM")
    if not is_address(sender):
        raise MailSettingsError(f"PDFGEN_SMTP_FROM={sender!r}: not an e-mail address "
                                "(expected name@example.com)")
    if security == "none" and not loopback(settings["host"]):
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


HOST_EXPECTED = ("expected the server's name alone, like smtp.example.com (a port goes in "
                 "port = 587)")


def host_name(host: str) -> bool:
    """A server's name (letters, digits, dots, dashes) or an IP address: no port, scheme or
    path."""
    if re.fullmatch(r"[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_])?", host):
        return True
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False

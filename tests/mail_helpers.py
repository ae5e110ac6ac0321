"""Mail servers of the tests' own (plain and TLS), their settings and what they received."""

from __future__ import annotations

import email
import os
import socket
import subprocess
from collections.abc import Iterator
from email import policy
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

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


def mail_env(port: int, security: str = "none", **more: str) -> dict[str, str]:
    return {"PDFGEN_SMTP_HOST": "127.0.0.1", "PDFGEN_SMTP_PORT": str(port),
            "PDFGEN_SMTP_SECURITY": security, "PDFGEN_SMTP_USER": "clinic",
            "PDFGEN_SMTP_FROM": "frontdesk@example.com", "PDFGEN_SMTP_PASSWORD": PASSWORD,
            **more}


def received(box: Mailbox) -> email.message.EmailMessage:
    assert len(box.received) == 1
    return email.message_from_bytes(box.received[0].content, policy=policy.default)


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

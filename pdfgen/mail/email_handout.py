"""E-mail a handout: build and save it first (so it is never lost), then send it, write it
as a draft, or only say what would be sent (saving nothing)."""

from __future__ import annotations

import os
import ssl
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from email.message import EmailMessage
from pathlib import Path
from typing import Literal

from pdfgen.build import Handout, HandoutRequest, build_handout, save_handout
from pdfgen.content.loading import load_clinic
from pdfgen.content.project import Project
from pdfgen.errors import (
    MailError,
    MailSentBeforeError,
    MailSettingsError,
    MailUnknownError,
    display_path,
)
from pdfgen.mail.message import handout_message, write_draft
from pdfgen.mail.sender import send
from pdfgen.mail.sent import FAILED, SENDING, SENT, Earlier, SentJournal, send_key
from pdfgen.mail.settings import Server, check_address, server_settings

Mode = Literal["send", "draft", "dry-run"]


@dataclass(frozen=True)
class Delivery:
    """What happened: the handout, the message, and where it went."""

    handout: Handout
    to: str
    subject: str
    attachment: str
    size: int
    server: str | None
    draft: Path | None
    # A dry run: when this handout went to this address before, "on 2026-12-07 09:30" (a
    # send needs --resend).
    sent_before: str | None = None


def email_handout(project: Project, request: HandoutRequest, to: str, mode: Mode,
                  environ: Mapping[str, str] = os.environ,
                  tls: ssl.SSLContext | None = None,
                  before_send: Callable[[Handout], None] = lambda handout: None,
                  resend: bool = False) -> Delivery:
    """Build and save the handout, then send it (`resend`: even when this handout went, or
    may have gone, to this address before), write it as a draft, or say what would go."""
    to = check_address(to)  # before anything is built
    clinic = load_clinic(project)
    server, unset = None, ""
    if mode == "send":
        server = server_settings(clinic.model, environ)
    elif mode == "dry-run":  # say what is missing, rather than stop at it
        try:
            server = server_settings(clinic.model, environ)
        except MailSettingsError as error:
            unset = f"not set up yet ({error.message})"
    # Saved first: a failure to send never loses it. A dry run writes nothing: it would
    # replace a patient's saved handout of the same name with what it only tried.
    made = build_handout if mode == "dry-run" else save_handout
    handout = made(project, replace(request, with_email=True))
    try:
        words, message = handout_message(project, handout, to, server)
    except MailError as error:  # too large to mail
        _say_saved(error, handout.path)
        raise
    journal, key = SentJournal(project.out_dir), send_key(handout.pdf, to)
    draft, before = None, None
    if mode == "dry-run" and (earlier := journal.earlier(key)) is not None \
            and earlier.state != FAILED:
        before = f"on {earlier.when}" if earlier.state == SENT else (
            f"perhaps, on {earlier.when} (the server never said whether it kept it)")
    if mode != "send":
        before_send(handout)
        if mode == "draft":
            draft = handout.path.with_suffix(".eml")
            write_draft(message, draft)
    else:
        assert server is not None
        with journal.held(key):  # a second send of it at this moment waits, then is refused
            if not resend:
                _not_sent_before(journal.earlier(key), to)
            before_send(handout)  # e.g. print it: saved, checked, and not yet sent
            _send(message, server, tls, journal, key, handout.path)
    return Delivery(handout=handout, to=to, subject=words.subject,
                    attachment=words.filename, size=len(handout.pdf),
                    server=server.describe() if server else unset or None, draft=draft,
                    sent_before=before)


def _send(message: EmailMessage, server: Server, tls: ssl.SSLContext | None,
          journal: SentJournal, key: str, path: Path) -> None:
    """Send it, each state in the journal the moment it is true."""
    committing: list[bool] = []

    def before_commit() -> None:  # the whole message is out; the final dot is next
        journal.record(key, SENDING)
        committing.append(True)

    try:
        send(message, server, tls, before_commit)
    except MailError as error:
        # ("sending" stays when the server never said: a second send asks for --resend)
        if committing and not isinstance(error, MailUnknownError):
            journal.record(key, FAILED)  # the server refused it after the dot
        _say_saved(error, path)
        raise
    journal.record(key, SENT)


def _say_saved(error: MailError, path: Path) -> None:
    """The error, its one line also saying where the handout is: nothing went, and the clinic
    may print it or send it another way."""
    error.message = f"{error.message}; the handout is saved as {display_path(path)}"
    error.args = (error.message,)


def _not_sent_before(earlier: Earlier | None, to: str) -> None:
    if earlier is None or earlier.state == FAILED:
        return
    if earlier.state == SENT:
        raise MailSentBeforeError(f"this handout was sent to {to} on {earlier.when} (the "
                                  "server took it); add --resend to send it again")
    raise MailSentBeforeError(f"this handout may have reached {to} on {earlier.when} (the "
                              "server had the whole message but never said whether it kept "
                              "it): ask the patient, and add --resend to send it again")

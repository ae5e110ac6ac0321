"""E-mail a handout: build and save it first (so it is never lost), then send it, write it
as a draft, or only say what would be sent."""

from __future__ import annotations

import os
import ssl
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pdfgen.content.loading import load_clinic
from pdfgen.content.project import Project
from pdfgen.deliver.mail import (
    Letter,
    check_address,
    check_size,
    compose,
    server_settings,
    write_draft,
)
from pdfgen.deliver.pipeline import Handout, HandoutRequest, build_handout, write_handout
from pdfgen.deliver.smtp import send
from pdfgen.errors import ContentError, MailSettingsError
from pdfgen.text.engine import TextError, text_engine

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


def email_handout(project: Project, request: HandoutRequest, to: str, mode: Mode,
                  environ: Mapping[str, str] = os.environ,
                  tls: ssl.SSLContext | None = None,
                  before_send: Callable[[Handout], None] = lambda handout: None) -> Delivery:
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
    handout = build_handout(project, request)
    write_handout(handout)  # saved first: a failure to send never loses the handout
    letter = letter_for(project, handout)
    limit = server.max_bytes if server else int(clinic.model.email.max_attachment_mb * 1048576)
    check_size(handout.data, limit)
    sender = server.from_address if server else (
        clinic.model.email.from_address or clinic.model.contact_email)
    reply_to = server.reply_to if server else clinic.model.email.reply_to
    message = compose(letter, handout.data, to=to, sender=sender, reply_to=reply_to)
    before_send(handout)  # e.g. print it: saved, checked, and not yet sent
    draft = None
    if mode == "draft":
        draft = handout.path.with_suffix(".eml")
        write_draft(message, draft)
    elif mode == "send":
        assert server is not None
        send(message, server, tls)
    return Delivery(handout=handout, to=to, subject=letter.subject,
                    attachment=letter.filename, size=len(handout.data),
                    server=server.describe() if server else unset or None, draft=draft)


def letter_for(project: Project, handout: Handout) -> Letter:
    """The e-mail's subject, bodies and file name for this handout, from email.j2."""
    engine = text_engine(project.templates_dir)

    def block(name: str) -> str:
        try:
            return engine.render_block("email.j2", name, handout.context)
        except TextError as error:
            path = Path(engine.template_path("email.j2"))
            raise ContentError(path, f"block {name}", str(error)) from None

    # A mail header is one line: line breaks and control characters a template made become
    # spaces (a file name with a line break would end the header and start the body).
    filename = " ".join("".join(c if c.isprintable() else " " for c in block("filename"))
                        .replace("/", " ").replace("\\", " ").split())
    if not filename:
        path = Path(engine.template_path("email.j2"))
        raise ContentError(path, "block filename", "empty; the attachment needs a file name, "
                           "such as exercise-handout.pdf")
    return Letter(subject=" ".join(block("subject").split()), text=block("text"),
                  html=block("html"), filename=filename)

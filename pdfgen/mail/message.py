"""The message that carries a handout: its parts put together, its size checked, who it is
from, and the draft a mail program opens."""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path
from typing import TYPE_CHECKING

from pdfgen.content.clinic_settings import Clinic
from pdfgen.content.loading import load_clinic
from pdfgen.content.project import Project
from pdfgen.errors import MailTooLargeError
from pdfgen.mail.settings import Server, check_address
from pdfgen.text.handout_text import EmailWords

if TYPE_CHECKING:
    from pdfgen.build import Handout


def handout_message(project: Project, handout: Handout, to: str,
                    server: Server | None) -> tuple[EmailWords, EmailMessage]:
    """The message that carries the handout to `to`: for sending (`server`) or for a draft
    (None). One sender rule, one address rule, one attachment limit, for every command."""
    clinic = load_clinic(project).model
    to = check_address(to)
    words = handout.email_words
    assert words is not None, "build the handout with HandoutRequest(with_email=True)"
    check_size(handout.pdf, attachment_limit(clinic, server))
    return words, compose(words, handout.pdf, to=to, sender=sender(clinic, server),
                           reply_to=reply_to(clinic, server))


def compose(words: EmailWords, pdf: bytes, *, to: str, sender: str | None,
            reply_to: str | None) -> EmailMessage:
    """A message with a plain-text body, an HTML alternative, and the handout attached."""
    message = EmailMessage()
    message["Subject"] = words.subject
    if sender:
        message["From"] = sender
    message["To"] = to
    if reply_to:
        message["Reply-To"] = reply_to
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain=(sender or "pdfgen.invalid").split("@")[-1])
    message.set_content(words.text)
    message.add_alternative(words.html, subtype="html")
    message.add_attachment(pdf, maintype="application", subtype="pdf",
                           filename=words.filename)
    return message


def check_size(pdf: bytes, limit: int) -> None:
    # Base64 makes the message about 1.37 times the attachment (REFERENCE.md).
    if len(pdf) * 1.37 > limit:
        # (Both sizes, in KB when small: "the handout is 0.0 MB, ... the limit is 0 MB".)
        raise MailTooLargeError(
            f"the handout is {_size(len(pdf))}, {_size(int(len(pdf) * 1.37))} in the e-mail, "
            f"too large to e-mail (the limit is {_size(limit)}, max_attachment_mb in "
            "[email]); print it, or use fewer or smaller pictures")


def _size(count: int) -> str:
    return f"{count / 1048576:.1f} MB" if count >= 1048576 else f"{max(count // 1024, 1)} KB"


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
    from pdfgen.files import write_file

    write_file(path, draft_bytes(message))

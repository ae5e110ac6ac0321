"""The e-mail that carries a handout: its subject, bodies and attachment name, rendered from
email.j2 with the handout's own context and language, in resolve like every other text."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pdfgen.errors import ContentError
from pdfgen.text.engine import TextEngine, TextError
from pdfgen.text.handout_text import EmailWords


def render_email_words(engine: TextEngine, context: dict[str, Any]) -> EmailWords:
    """The letter's parts; a ContentError naming email.j2 and the block for a mistake in it.
    (An e-mail is not printed: its text need not be in the handout's fonts.)"""

    def block(name: str) -> str:
        try:
            return engine.render_block("email.j2", name, context)
        except TextError as error:
            path = Path(engine.template_path("email.j2"))
            raise ContentError(path, f"block {name}", str(error), error.line) from None

    # A mail header is one line: line breaks and control characters a template made become
    # spaces (a file name with a line break would end the header and start the body).
    filename = " ".join("".join(c if c.isprintable() else " " for c in block("filename"))
                        .replace("/", " ").replace("\\", " ").split())
    if not filename:
        path = Path(engine.template_path("email.j2"))
        raise ContentError(path, "block filename", "empty; the attachment needs a file name, "
                           "such as exercise-handout.pdf")
    return EmailWords(subject=" ".join(block("subject").split()), text=block("text"),
                      html=block("html"), filename=filename)

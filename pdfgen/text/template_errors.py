"""What to say when a template fails: a block it lacks (most often misspelt), a variable
unknown, a syntax error, a limit reached."""

from __future__ import annotations

import difflib
import re
from pathlib import Path

from jinja2 import Template, TemplateError, TemplateNotFound, TemplateSyntaxError, UndefinedError
from jinja2.exceptions import SecurityError

from pdfgen.errors import MissingLabel
from pdfgen.text.limits import LimitError


class TextError(Exception):
    """A content string or template could not be rendered; the message says why, and `line`
    which line of the template, when it is known."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


class NoBlock(TextError):
    """A template without a block pdfgen draws (`line`: of a block misspelt, if one is)."""


def no_block(own: Template, builtin: Template, block: str, template: str) -> NoBlock:
    """A clinic's template (`own`) without a block pdfgen draws: most often the block is
    there, its name misspelt (`{% block lefft %}`), which is said with its line."""
    said = "not in the template"
    close = difflib.get_close_matches(
        block, [name for name in own.blocks if name not in builtin.blocks], n=1)
    if not close:
        return NoBlock(f"{said} (pdfgen's blocks of {template}: {', '.join(builtin.blocks)})")
    source = Path(own.filename).read_text(encoding="utf-8") if own.filename else ""
    found = re.search(r"{%[-+]?\s*block\s+" + re.escape(close[0]) + r"\b", source)
    line = source.count("\n", 0, found.start()) + 1 if found else None
    return NoBlock(f"{said}: is '{close[0]}' a misspelling of it?", line)


def failed_line(exc: BaseException, template: Template) -> int | None:
    """The line of `template` whose code raised `exc` (Jinja maps the Python it compiled the
    template to back to the template's lines); None when the error came from elsewhere."""
    line, frame = None, exc.__traceback__
    compiled = template.root_render_func.__globals__  # the namespace its code runs in
    while frame is not None:
        if frame.tb_frame.f_globals is compiled:
            line = template.get_corresponding_lineno(frame.tb_lineno)
        frame = frame.tb_next
    return line


def jinja_reason(exc: Exception) -> str:
    """One line for a template's failure, in a clinic's words."""
    if isinstance(exc, LimitError | MissingLabel):
        return str(exc)
    if isinstance(exc, RecursionError | MemoryError):
        return "too much work: the template nests or repeats too deeply"
    if not isinstance(exc, TemplateError):
        return f"template error ({exc})"
    message = exc.message or type(exc).__name__
    if isinstance(exc, UndefinedError):
        match = re.search(r"has no attribute '([^']+)'|'([^']+)' is undefined", message)
        name = next((g for g in match.groups() if g), None) if match else None
        if name:
            return f"unknown template variable '{name}' (misspelt, or not set in clinic.toml)"
        return f"unknown template variable ({message})"
    if isinstance(exc, TemplateSyntaxError):
        return f"template syntax error on line {exc.lineno} ({message})"
    if isinstance(exc, TemplateNotFound):  # `{% include "/etc/passwd" %}`, or a name misspelt
        return (f"no template {exc.name!r} to include (templates/ has the clinic's, and "
                "pdfgen has its own: header.j2, footer.j2, ...)")
    if isinstance(exc, SecurityError):
        return f"not allowed in a template ({message})"
    return f"template error ({message})"

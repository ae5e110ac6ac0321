"""The mistakes a user can make, each with its exit code and a one-line message."""

from __future__ import annotations

import os
from pathlib import Path


def display_path(path: Path) -> str:
    """A path as the user would type it: relative to the working directory when inside it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if rel.startswith("..") else rel


def one_line(text: str) -> str:
    """The text on one line: a line break or other control character a user typed into a
    value (a name, a path, a field of a web request) shown escaped, as Python writes it
    ("a\\nb"), so it neither starts a second line nor moves the terminal's cursor."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() or c == "\t" else repr(c)[1:-1] for c in text)


class PdfgenError(Exception):
    """A mistake the user can fix; the CLI prints `message` and exits with `exit_code`.
    The message is one line, whatever the values it quotes hold."""

    exit_code = 2

    def __init__(self, message: str) -> None:
        message = one_line(message)
        super().__init__(message)
        self.message = message


class ContentError(PdfgenError):
    """Something wrong in a clinic file: names the file, the field and what was expected."""

    def __init__(self, path: Path, field: str, problem: str, line: int | None = None) -> None:
        where = display_path(path) + (f":{line}" if line else "")
        text = f"{where}: {field}: {problem}" if field else f"{where}: {problem}"
        super().__init__(text)
        self.path = path
        self.field = field
        self.problem = problem
        self.line = line


class ProjectError(PdfgenError):
    """The clinic folder cannot be found or is not a clinic folder."""


class SelectionError(PdfgenError):
    """An unknown routine topic or level was asked for."""


class OutputError(PdfgenError):
    """The handout could not be written where it was asked to go."""


class MailError(PdfgenError):
    """Sending failed; each kind has its own exit code (README: "When something is wrong")."""


class MailSettingsError(MailError):
    """The mail settings are missing or wrong (clinic.toml [email] or PDFGEN_SMTP_*)."""

    exit_code = 2


class MailConnectError(MailError):
    """The mail server could not be reached: unknown host, refused, no answer."""

    exit_code = 3


class MailTlsError(MailError):
    """The secure connection failed: the certificate could not be verified."""

    exit_code = 4


class MailAuthError(MailError):
    """The server refused the user name or password."""

    exit_code = 5


class MailRejectedError(MailError):
    """The server refused the message for good (a 5xx reply)."""

    exit_code = 6


class MailTemporaryError(MailError):
    """The server said: not now (a 4xx reply). Nothing was retried."""

    exit_code = 7


class MailTooLargeError(MailError):
    """The handout is larger than the clinic's limit for attachments."""

    exit_code = 8


class MailUnknownError(MailError):
    """The server had the whole message, then closed or stopped answering before it said
    whether it kept it: the mail may have been delivered."""

    exit_code = 10


class MailSentBeforeError(MailError):
    """This handout went (or may have gone) to this address before: --resend sends it
    again."""

    exit_code = 2


class LanguageError(PdfgenError):
    """A language that pdfgen cannot make a handout in (unknown, or no catalog)."""


class MissingLabel(LanguageError):
    """A built-in label with no entry in the language's catalog: never print it in English."""

    def __init__(self, msgid: str, catalog: Path) -> None:
        super().__init__(f"no translation of the label {msgid!r} in {display_path(catalog)} "
                         "(add it to the catalog)")


class InitError(PdfgenError):
    """The clinic folder cannot be made as asked."""


class ScaffoldError(PdfgenError):
    """A name that cannot be a file name, or a file that already exists."""


class PlanExistsError(ScaffoldError):
    """A plan of that name is in content/plans/ already: saved over only when asked to
    (`pdfgen serve`'s "replace"; a 409 there, as a handout sent before is)."""


class BatchBusyError(PdfgenError):
    """Another pdfgen batch is working on the same batch folder (exit code 2)."""


class BatchFileError(PdfgenError):
    """The patient list cannot be used at all (exit code 2)."""


class PrintError(PdfgenError):
    """Nothing was printed: no print service, unknown or paused printer, job refused."""

    exit_code = 9


class PrintUnknownError(PrintError):
    """The print service did not answer: the job may or may not have been taken."""


class FieldError(PdfgenError):
    """A mistake in one field of a request to `pdfgen serve` (an unknown field, a wrong
    type, a list too long): its message names the field, and `field` is the body's."""

    def __init__(self, message: str, field: str | None) -> None:
        super().__init__(message)
        self.field = field


class ServeTokenError(PdfgenError):
    """`pdfgen serve` on a network address without PDFGEN_SERVE_TOKEN, or with one too short
    (exit code 2): it does not start."""


class ServeAddressError(PdfgenError):
    """`pdfgen serve` cannot listen where asked: the port is in use or not a port (exit code
    2): it does not start."""


class CompletionFileError(PdfgenError):
    """`pdfgen --install-completion` cannot write the shell's completion file in the home
    folder (exit code 2)."""


class Finished(Exception):
    """A command has said all it had to say, and ends with `exit_code` (no message)."""

    exit_code = 1


class CheckErrors(Finished):
    """`pdfgen check` found errors (it listed them)."""

    exit_code = 2


class CheckWarnings(Finished):
    """`pdfgen check --strict` found warnings (it listed them)."""

    exit_code = 1


class RowsNotDone(Finished):
    """A batch ended with rows that failed or whose mail is not confirmed (it listed them)."""

    exit_code = 1


class UsageShown(Finished):
    """`pdfgen` with no command: it showed its help, as for any mistyped command line."""

    exit_code = 2


class Interrupted(Finished):
    """Ctrl-C (or SIGTERM) stopped the command; what it wrote is whole."""

    exit_code = 130


class Aborted(Finished):
    """A question the command asked was left unanswered (Typer's "Aborted."); nothing was
    written."""

    exit_code = 1

"""The handout commands: handout, email, preview and batch. Each parses its options and
calls the core once; errors become exit codes in cli.app."""

# No `from __future__ import annotations`: Typer reads a command's annotations each run,
# and would compile and evaluate every one written as a string (~3 ms of `pdfgen --help`).
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from pdfgen.cli.options import (
    CopiesOption,
    HandoutOptions,
    LayoutOption,
    LevelOption,
    OneSidedOption,
    PrinterOption,
    ProjectOption,
    clinic_folder,
    handout_options,
    whole_number,
)
from pdfgen.cli.print_options import print_options, print_saved
from pdfgen.errors import PdfgenError, display_path

if TYPE_CHECKING:
    from pdfgen.api import Choices, ClinicFolder, Handout
    from pdfgen.deliver.batch_worker import Mode as BatchMode
    from pdfgen.deliver.printing import PrintOptions
    from pdfgen.mail.email_handout import Mode as MailMode

__all__ = ["LevelOption", "batch", "email", "handout", "preview"]


@handout_options("level patient date paper output routine plan log large_print layout language "
                 "print project")
def handout(
    options: HandoutOptions,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", metavar="FILE.pdf",
        help="Where to write the PDF (default: out/TOPIC-level-N.pdf, or "
             "out/TOPIC-level-N-NAME.pdf with --patient).",
    )] = None,
) -> None:
    """Write a handout PDF for one routine level, or for a patient's plan.

    Example: pdfgen handout --level 2 --patient "Ana Ruiz" --paper a4

    Example: pdfgen handout --plan content/plans/example.yaml --log 4 --large-print

    Example: pdfgen handout --level 2 --print
    """
    choices = options.choices()
    clinic = options.clinic()
    printing = _printing(options, clinic, choices.paper)
    result = clinic.handout(choices, output=output)
    result.save()
    size = len(result.pdf)
    pages = f"{result.pages} page{'s' if result.pages != 1 else ''}"
    typer.echo(f"{display_path(result.path)}  ({pages}, {size / 1024:.0f} KB)")
    _say_notes(result, choices)
    print_saved(clinic, result.path, printing)


def _say_notes(result: "Handout", choices: "Choices") -> None:
    """What the clinician should know of a handout just made, a line each on stderr."""
    from pdfgen.handout_notes import handout_notes

    for line in handout_notes(result, choices.plan, choices.date is not None):
        typer.echo(line, err=True)


def say_stale(translations: Iterable[Path], handouts: str = "this handout prints") -> None:
    """A line for each translation older than its English that a handout printed."""
    from pdfgen.handout_notes import stale_notes

    for line in stale_notes(translations, handouts):
        typer.echo(line, err=True)


@handout_options("to level patient date paper routine plan log large_print layout language draft "
                 "dry_run print project")
def email(
    options: HandoutOptions,
    to: Annotated[str, typer.Option("--to", metavar="ADDRESS",
                                    help="The patient's e-mail address.")],
    draft: Annotated[bool, typer.Option(
        "--draft", help="Send nothing: write an .eml draft beside the PDF, for your mail "
                        "program.")] = False,
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", help="Send nothing: say what would be sent, and where.")] = False,
    resend: Annotated[bool, typer.Option(
        "--resend", help="Send it even though this handout went (or may have gone) to this "
                         "address before.")] = False,
) -> None:
    """Build a handout, save it in out/, and e-mail it as an attachment.

    The mail server comes from [email] in clinic.toml and the PDFGEN_SMTP_* variables;
    the password only from PDFGEN_SMTP_PASSWORD (see docs/email.md).

    Example: pdfgen email --level 2 --to jane@example.com

    Example: pdfgen email --plan content/plans/example.yaml --to jane@example.com --draft

    Example: pdfgen email --level 2 --to jane@example.com --print
    """
    mode: MailMode = "draft" if draft else "dry-run" if dry_run else "send"
    if options.print_ and dry_run:
        raise PdfgenError("--print and --dry-run: choose one")
    if draft and dry_run:  # (the draft was written, the saved handout replaced)
        raise PdfgenError("--draft and --dry-run: choose one")
    choices = options.choices()
    clinic = options.clinic()
    printing = _printing(options, clinic, choices.paper)
    # Printed once saved and before the mail goes: a printer that fails sends nothing,
    # so the same command can simply be run again. A draft sends nothing either: it is
    # written first, and kept when the printer then fails (writing it again is harmless).
    done = clinic.email(to, choices, mode=mode, resend=resend,
                        before_send=None if draft else
                        lambda saved: print_saved(clinic, saved.path, printing))
    pdf = display_path(done.handout.path)
    _say_notes(done.handout, choices)
    if done.draft is not None:
        typer.echo(f"{display_path(done.draft)}  (a draft to {done.to}; the PDF is {pdf})")
        print_saved(clinic, done.handout.path, printing)
    elif mode == "dry-run":
        again = (f"Sent before: {done.sent_before}; sending it again needs --resend\n"
                 if done.sent_before else "")
        typer.echo(f"To: {done.to}\nSubject: {done.subject}\n"
                   f"Attachment: {done.attachment} ({done.size / 1024:.0f} KB, as {pdf})\n"
                   f"Server: {done.server}\n{again}Nothing was sent or saved (--dry-run).")
    else:
        typer.echo(f"Sent {pdf} to {done.to} via {done.server}")


@handout_options("level page open_pdf patient date paper routine plan log large_print "
                 "layout language print project")
def preview(
    options: HandoutOptions,
    page: Annotated[int | None, typer.Option(
        "--page", metavar="N", parser=whole_number("--page", least=1),
        help="Only page N (default: every page).")] = None,
    open_pdf: Annotated[bool, typer.Option(
        "--open", help="Also open the PDF with this computer's viewer.")] = False,
) -> None:
    """Build a handout and save its pages as PNG pictures in out/, to look at.

    Example: pdfgen preview --level 2 --page 1
    """
    from pdfgen.clinic.preview import open_in_viewer

    choices = options.choices()
    clinic = options.clinic()
    printing = _printing(options, clinic, choices.paper)
    result = clinic.handout(choices)
    if page is not None and page > result.pages:  # a mistake writes nothing
        raise PdfgenError(f"--page {page}: the handout has pages 1 to {result.pages}")
    # The PDF saved only to be opened or printed: a look at a handout never replaces a
    # patient's saved one of the same name (a plan's, by "--level 2 --patient" alike).
    saved = open_pdf or printing is not None
    if saved:  # said, as it may replace a saved handout of the same name
        result.save()
        typer.echo(f"{display_path(result.path)}  ({result.pages} "
                   f"page{'s' if result.pages != 1 else ''}, saved to "
                   f"{'open' if open_pdf else 'print'})")
    _say_notes(result, choices)
    for picture in clinic.preview(result, page):
        typer.echo(display_path(picture))
    if open_pdf:
        try:
            open_in_viewer(result.path)
        except PdfgenError as error:  # the pictures are there: a note, not a failure
            typer.echo(f"note: {error.message}", err=True)
    if printing:
        print_saved(clinic, result.path, printing)


def _printing(options: HandoutOptions, clinic: "ClinicFolder", paper: str | None
              ) -> "PrintOptions | None":
    return print_options(clinic, paper, options.print_, options.printer, options.copies,
                         options.one_sided)


def batch(
    patients: Annotated[Path, typer.Argument(
        metavar="PATIENTS.csv",
        help="One row per patient, with a header line: name (required), level, routine, "
             "plan, date, email, language.")],
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", metavar="DIR",
        help="Where to write the handouts (default: out/NAME/ of the clinic folder, NAME "
             "being the list's file name).")] = None,
    send: Annotated[bool, typer.Option(
        "--email", help="E-mail each handout to the row's email address.")] = False,
    draft: Annotated[bool, typer.Option(
        "--draft", help="Write an .eml draft beside each handout.")] = False,
    print_: Annotated[bool, typer.Option(
        "--print", help="Print each handout, in the order of the list, once.")] = False,
    printer: PrinterOption = None,
    copies: CopiesOption = None,
    one_sided: OneSidedOption = None,
    jobs: Annotated[int | None, typer.Option(
        "--jobs", "-j", metavar="N", parser=whole_number("--jobs", least=1),
        help="How many handouts to build at once (default: one per processor core).")] = None,
    layout: LayoutOption = None,
    project: ProjectOption = None,
) -> None:
    """Build a handout for every patient on a list: in parallel, resumable, with a report.

    Rows that fail are listed at the end and in batch-report.csv; the others are built.
    Running the same batch again skips the handouts that are already up to date.

    Example: pdfgen batch patients.csv --jobs 2

    Example: pdfgen batch new-patients.csv --email

    Example: pdfgen batch new-patients.csv --print
    """
    from pdfgen.cli.batch_progress import report_batch

    if send + draft + print_ > 1:
        raise PdfgenError("--email, --draft and --print: choose one (run the batch again for "
                          "the other)")
    mode: BatchMode = "email" if send else "draft" if draft else "print" if print_ else "build"
    clinic = clinic_folder(project, belongs_to=patients)
    printing = print_options(clinic, None, print_, printer, copies, one_sided)
    # (No --output: the list's own folder in out/, which the API names.)
    report_batch(clinic, patients, output, mode, jobs, printing, layout)

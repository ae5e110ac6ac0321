"""The command line: parse options, call the core once, turn user errors into exit codes."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from pdfgen import __version__
from pdfgen.cli_options import paper as paper_size
from pdfgen.cli_options import whole_number
from pdfgen.cli_print import (
    CopiesOption,
    OneSidedOption,
    PrinterOption,
    PrintOption,
    print_options,
    print_saved,
)
from pdfgen.errors import PdfgenError, display_path

if TYPE_CHECKING:
    from pdfgen.handout import HandoutRequest
    from pdfgen.project import Project

app = typer.Typer(
    name="pdfgen",
    add_completion=True,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


ProjectOption = Annotated[
    Path | None,
    typer.Option("--project", metavar="DIR", help="The clinic folder to use (default: the one "
                 "holding the --plan or patient list, else this folder, or the demo clinic "
                 "when this folder has no content/clinic.toml).",
                 file_okay=False),
]


def _clinic_folder(project: Path | None, quiet: bool = False, belongs_to: Path | None = None,
                   what: str = "") -> Project:
    """The clinic folder to work on (the one holding `belongs_to`, a plan or a patient list,
    if no --project); say so when it is the demo, not the user's own."""
    from pdfgen.project import find_project

    clinic = find_project(project, belongs_to=belongs_to, what=what)
    if clinic.bundled and not quiet:
        typer.echo("note: no content/clinic.toml here or above, so the demo clinic is used "
                   "(see --project)", err=True)
    return clinic


def _fail(error: PdfgenError) -> typer.Exit:
    typer.echo(f"error: {error.message}", err=True)
    return typer.Exit(error.exit_code)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"pdfgen {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Show the version and exit.")] = False,
) -> None:
    """Branded, printable exercise handouts for your patients.

    Example: pdfgen handout --level 2 --patient "Ana Ruiz"
    """


LevelOption = Annotated[int | None, typer.Option(
    "--level", metavar="N", parser=whole_number("--level"),
    help="The routine level, e.g. 2 (or from --plan).")]
PatientOption = Annotated[str | None, typer.Option(
    "--patient", metavar="NAME",
    help='Print "Prepared for NAME" on page 1 and add the name to the file name.')]
DateOption = Annotated[str | None, typer.Option(
    "--date", metavar="YYYY-MM-DD", help="The date on the handout (default: today).")]
PaperOption = Annotated[str | None, typer.Option(
    "--paper", metavar="letter|a4", parser=paper_size,
    help="Paper size (default: the clinic's, from clinic.toml).")]
RoutineOption = Annotated[str | None, typer.Option(
    "--routine", metavar="TOPIC",
    help="The routine topic, e.g. back-pain (default: the only one).")]
PlanOption = Annotated[Path | None, typer.Option(
    "--plan", metavar="PLAN.yaml",
    help="A patient's plan: exercises, doses, notes, follow-up (see docs/plans.md).")]
LogOption = Annotated[int | None, typer.Option(
    "--log", metavar="WEEKS", parser=whole_number("--log"),
    help="Add an exercise log for 0 to 12 weeks.")]
LargePrintOption = Annotated[bool | None, typer.Option(
    "--large-print/--normal-print", help="Large type: 18 pt and up, one exercise a page.")]
LanguageOption = Annotated[str | None, typer.Option(
    "--language", metavar="LANG",
    help="The handout's language, e.g. es (default: the clinic's, from clinic.toml).")]


def _request(level: int | None, routine: str | None, patient: str | None, date: str | None,
             paper: str | None, plan: Path | None, log: int | None,
             large_print: bool | None, output: Path | None = None,
             language: str | None = None) -> HandoutRequest:
    from pdfgen.handout import HandoutRequest, parse_date

    return HandoutRequest(
        level=level, topic=routine, patient=patient,
        date=parse_date(date) if date is not None else None,
        paper=paper, output=output, plan=plan,
        log_weeks=log, large_print=large_print, language=language,
    )


@app.command()
def handout(
    level: LevelOption = None,
    patient: PatientOption = None,
    date: DateOption = None,
    paper: PaperOption = None,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", metavar="FILE.pdf",
        help="Where to write the PDF (default: out/TOPIC-level-N.pdf, or "
             "out/TOPIC-level-N-NAME.pdf with --patient).",
    )] = None,
    routine: RoutineOption = None,
    plan: PlanOption = None,
    log: LogOption = None,
    large_print: LargePrintOption = None,
    language: LanguageOption = None,
    print_: PrintOption = False,
    printer: PrinterOption = None,
    copies: CopiesOption = None,
    one_sided: OneSidedOption = None,
    project: ProjectOption = None,
) -> None:
    """Write a handout PDF for one routine level, or for a patient's plan.

    Example: pdfgen handout --level 2 --patient "Ana Ruiz" --paper a4

    Example: pdfgen handout --plan content/plans/example.yaml --log 4 --large-print

    Example: pdfgen handout --level 2 --print
    """
    from pdfgen.handout import build_handout, write_handout

    try:
        request = _request(level, routine, patient, date, paper, plan, log, large_print,
                           output, language)
        clinic = _clinic_folder(project, belongs_to=plan, what="--plan")
        printing = print_options(clinic, request.paper, print_, printer, copies, one_sided)
        result = build_handout(clinic, request)
        write_handout(result)
    except PdfgenError as error:
        raise _fail(error) from None
    size = len(result.data)
    typer.echo(f"{display_path(result.path)}  ({result.pages} pages, {size / 1024:.0f} KB)")
    print_saved(result.path, printing)


@app.command()
def email(
    to: Annotated[str, typer.Option("--to", metavar="ADDRESS",
                                    help="The patient's e-mail address.")],
    level: LevelOption = None,
    patient: PatientOption = None,
    date: DateOption = None,
    paper: PaperOption = None,
    routine: RoutineOption = None,
    plan: PlanOption = None,
    log: LogOption = None,
    large_print: LargePrintOption = None,
    language: LanguageOption = None,
    draft: Annotated[bool, typer.Option(
        "--draft", help="Send nothing: write an .eml draft beside the PDF, for your mail "
                        "program.")] = False,
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", help="Send nothing: say what would be sent, and where.")] = False,
    print_: PrintOption = False,
    printer: PrinterOption = None,
    copies: CopiesOption = None,
    one_sided: OneSidedOption = None,
    project: ProjectOption = None,
) -> None:
    """Build a handout, save it in out/, and e-mail it as an attachment.

    The mail server comes from [email] in clinic.toml and the PDFGEN_SMTP_* variables;
    the password only from PDFGEN_SMTP_PASSWORD (see docs/email.md).

    Example: pdfgen email --level 2 --to jane@example.com

    Example: pdfgen email --plan content/plans/example.yaml --to jane@example.com --draft

    Example: pdfgen email --level 2 --to jane@example.com --print
    """
    from pdfgen.delivery import email_handout

    mode = "draft" if draft else "dry-run" if dry_run else "send"
    if print_ and dry_run:
        typer.echo("error: --print and --dry-run: choose one", err=True)
        raise typer.Exit(2)
    try:
        request = _request(level, routine, patient, date, paper, plan, log, large_print,
                           language=language)
        clinic = _clinic_folder(project, belongs_to=plan, what="--plan")
        printing = print_options(clinic, request.paper, print_, printer, copies, one_sided)
        # Printed once saved and before the mail goes: a printer that fails sends nothing,
        # so the same command can simply be run again.
        done = email_handout(clinic, request, to, mode,
                             before_send=lambda saved: print_saved(saved.path, printing))
    except PdfgenError as error:
        raise _fail(error) from None
    pdf = display_path(done.handout.path)
    if done.draft is not None:
        typer.echo(f"{display_path(done.draft)}  (a draft to {done.to}; the PDF is {pdf})")
    elif mode == "dry-run":
        typer.echo(f"To: {done.to}\nSubject: {done.subject}\n"
                   f"Attachment: {done.attachment} ({done.size / 1024:.0f} KB, from {pdf})\n"
                   f"Server: {done.server}\nNothing was sent (--dry-run).")
    else:
        typer.echo(f"Sent {pdf} to {done.to} via {done.server}")


@app.command("list")
def list_command(project: ProjectOption = None) -> None:
    """Show the routines and levels of the clinic, with their exercises.

    Example: pdfgen list --project ~/my-clinic
    """
    from pdfgen.catalog import list_routines

    try:
        clinic = _clinic_folder(project)
        summaries = list_routines(clinic)
    except PdfgenError as error:
        raise _fail(error) from None
    if not summaries:
        typer.echo("No routines found (add content/routines/TOPIC/level-N.yaml).")
        return
    topic = None
    for s in summaries:
        if s.topic != topic:
            topic = s.topic
            typer.echo(("" if s is summaries[0] else "\n") + f"{topic}")
        if s.problem:
            typer.echo(f"  --level {s.level}  (cannot be printed: {s.problem})")
            continue
        typer.echo(f"  --level {s.level}  {s.title}")
        for number, (slug, name) in enumerate(s.exercises, 1):
            typer.echo(f"      {number}. {name} ({slug})")
        typer.echo(f"      languages: {', '.join(s.languages)}")


@app.command()
def batch(
    patients: Annotated[Path, typer.Argument(
        metavar="PATIENTS.csv",
        help="One row per patient, with a header line: name (required), level, routine, "
             "plan, date, email, language.")],
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", metavar="DIR", file_okay=False,
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
    project: ProjectOption = None,
) -> None:
    """Build a handout for every patient on a list: in parallel, resumable, with a report.

    Rows that fail are listed at the end and in batch-report.csv; the others are built.
    Running the same batch again skips the handouts that are already up to date.

    Example: pdfgen batch patients.csv --jobs 2

    Example: pdfgen batch new-patients.csv --email

    Example: pdfgen batch new-patients.csv --print
    """
    import os

    from pdfgen.batch_files import batch_folder
    from pdfgen.progress import report_batch

    if send + draft + print_ > 1:
        typer.echo("error: --email, --draft and --print: choose one (run the batch again "
                   "for the other)", err=True)
        raise typer.Exit(2)
    mode = "email" if send else "draft" if draft else "print" if print_ else "build"
    try:
        clinic = _clinic_folder(project, belongs_to=patients)
        printing = print_options(clinic, None, print_, printer, copies, one_sided)
        # A folder per list: one batch never replaces another's (or a single handout's) files.
        out_dir = output or batch_folder(clinic.out_dir, patients)
        code = report_batch(clinic, patients, out_dir, mode, jobs or os.cpu_count() or 1,
                            printing)
    except PdfgenError as error:
        raise _fail(error) from None
    raise typer.Exit(code)


# The commands for setting up and writing content live in their own module.
from pdfgen import cli_clinic  # noqa: E402, F401  (registers its commands on `app`)
from pdfgen.cli_print import printers  # noqa: E402

app.command()(printers)


def main() -> None:
    """Entry point of the `pdfgen` command."""
    app(prog_name="pdfgen")


if __name__ == "__main__":
    sys.exit(main())

"""The command line's printing: what --print and its options ask for, printing the saved
handout, and `pdfgen printers`."""

# No `from __future__ import annotations`: Typer reads a command's annotations each run,
# and would compile and evaluate every one written as a string (~3 ms of `pdfgen --help`).
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from pdfgen.errors import PdfgenError, PrintError, display_path

if TYPE_CHECKING:
    from pdfgen.api import ClinicFolder
    from pdfgen.deliver.printing import PrintOptions


def print_options(clinic: "ClinicFolder", paper: str | None, wanted: bool, printer: str | None,
                  copies: int | None, one_sided: bool | None) -> "PrintOptions | None":
    """The print job's options, checked before anything is built; None without --print."""
    if not wanted:
        if printer is not None or copies is not None or one_sided is not None:
            raise PdfgenError("--printer, --copies and --one-sided go with --print: add it")
        return None
    return clinic.print_options(paper=paper, printer=printer, copies=copies,
                                one_sided=one_sided)


def print_saved(clinic: "ClinicFolder", pdf: Path, options: "PrintOptions | None") -> None:
    """Print the saved handout and say where it went; exit code 9 when it was not."""
    if options is None:
        return
    try:
        job = clinic.print(pdf, options)
    except PrintError as error:
        raise PrintError(f"not printed: {error.message} (the handout is saved: "
                         f"{display_path(pdf)})") from None
    typer.echo(f"Printed on {options.describe(job.printer)}: job {job.job}")


def printers() -> None:
    """List the printers of this computer's print service (CUPS), the default marked.

    Example: pdfgen printers
    """
    from pdfgen.deliver.batch_files import printable
    from pdfgen.deliver.printing import list_printers

    found = list_printers()
    if not found:
        typer.echo("No printers: add one in your system's printer settings (or, to try "
                   "printing first, a PDF printer: see pdfgen's README, \"Trying it without a "
                   "printer\").")
        return
    width = max(len(p.name) for p in found)
    for p in found:
        state = "ready" if p.enabled and p.accepting else (
            "paused" if not p.enabled else "not accepting jobs")
        why = f" ({p.reason})" if p.reason and state != "ready" else ""
        mark = "  (default)" if p.default else ""
        # A queue's reason is whatever its owner typed: never raw control characters.
        typer.echo(printable(f"{p.name:<{width}}  {state}{why}{mark}"))

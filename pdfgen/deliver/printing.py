"""Send a built handout to a printer through CUPS (`lp`, `lpstat`: Linux and macOS)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pdfgen.children import child_environment
from pdfgen.content.choices import Paper
from pdfgen.errors import PdfgenError, PrintError, PrintUnknownError

if TYPE_CHECKING:
    from pdfgen.content.clinic_settings import PrintSettings

MEDIA = {"letter": "Letter", "a4": "A4"}  # the names lp knows for the handout's paper
TIMEOUT = 60  # seconds: a scheduler that does not answer in a minute is not going to
TITLE = "Exercise handout"  # the queue is visible to others: it never names the patient
# Each paper's page in points, as the handout is laid out on it.
SIZES: dict[Paper, tuple[float, float]] = {"letter": (612, 792), "a4": (595.28, 841.89)}


def paper_of(pdf: Path) -> Paper | None:
    """The paper a saved handout is laid out on, from its first page; None for a page of
    another size (printed on the paper asked for, or the clinic's)."""
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(pdf)
    except pypdfium2.PdfiumError:  # (not a PDF pdfium reads: lp says what it makes of it)
        return None
    try:
        width, height = sorted(document[0].get_size()) if len(document) else (0.0, 0.0)
    finally:
        document.close()
    return next((paper for paper, (w, h) in SIZES.items()
                 if abs(width - w) < 2 and abs(height - h) < 2), None)




@dataclass(frozen=True)
class PrintOptions:
    """How to print: which printer (None: the default), copies, sides and paper."""

    printer: str | None = None
    copies: int = 1
    two_sided: bool = True
    paper: Paper = "letter"

    def describe(self, printer: str) -> str:
        sides = "two-sided" if self.two_sided else "one-sided"
        copies = f"{self.copies} copies" if self.copies > 1 else "1 copy"
        return f"{printer} ({sides}, {MEDIA[self.paper]}, {copies})"


@dataclass(frozen=True)
class Printer:
    """A queue of the print service, as `pdfgen printers` shows it."""

    name: str
    default: bool = False
    enabled: bool = True
    accepting: bool = True
    reason: str = ""


@dataclass(frozen=True)
class PrintJob:
    """What took the handout: the printer and the print service's job id."""

    printer: str
    job: str


def choose_options(settings: PrintSettings, *, printer: str | None = None,
                   copies: int | None = None, one_sided: bool | None = None,
                   paper: Paper = "letter") -> PrintOptions:
    """The command line's choices over clinic.toml's [print] table (a `PrintSettings`)."""
    from pdfgen.content.clinic_settings import PRINTER_NAME

    if printer is not None and not re.fullmatch(PRINTER_NAME, printer):
        raise PdfgenError(f"--printer {printer!r}: not a printer name; `pdfgen printers` "
                          "lists the names")
    if copies is not None and not 1 <= copies <= 100:
        raise PdfgenError(f"--copies {copies}: expected a whole number from 1 to 100")
    two_sided = settings.sides == "two-sided"
    return PrintOptions(
        printer=printer or settings.printer,
        copies=copies or settings.copies,
        two_sided=not one_sided if one_sided is not None else two_sided,
        paper=paper)


def list_printers() -> list[Printer]:
    """Every printer of the print service, the default marked; PrintError if there is none
    to ask (no CUPS, or its scheduler is not running)."""
    _needs_cups()
    out = _lpstat("-r")
    if out.strip() != "scheduler is running":
        where = os.environ.get("CUPS_SERVER")
        at = f" at {where}" if where else ""
        raise PrintError(f"the print service (CUPS){at} is not running: start it (on Linux: "
                         "sudo systemctl start cups), then run the same command again")
    default = re.search(r"^system default destination: (\S+)", _lpstat("-d"), re.M)
    accepting = {m[1]: m[2] != "not " for m in re.finditer(
        r"^(\S+) (not )?accepting requests", _lpstat("-a"), re.M)}
    printers = []
    for m in re.finditer(r"^printer (\S+) (.*)\n?((?:\t.*\n?)*)", _lpstat("-p"), re.M):
        name, state, reason = m[1], m[2], " ".join(m[3].split())
        printers.append(Printer(name=name, default=default is not None and default[1] == name,
                                enabled=not state.startswith("disabled"),
                                accepting=accepting.get(name, True), reason=reason))
    return printers


def ready_printer(options: PrintOptions) -> str:
    """The printer that will take the job, checked: known, enabled and accepting jobs."""
    printers = list_printers()
    names = ", ".join(p.name for p in printers)
    if not printers:
        raise PrintError("the print service has no printers: add one in your system's "
                         "printer settings (or, to try printing first, a PDF printer: see "
                         "pdfgen's README, \"Trying it without a printer\"), then see "
                         "`pdfgen printers`")
    if options.printer is None:
        default = next((p for p in printers if p.default), None)
        if default is None:
            raise PrintError(f"no default printer: choose one with --printer NAME, or set "
                             f"printer under [print] in clinic.toml (printers: {names})")
        printer = default
    else:
        found = [p for p in printers if p.name == options.printer]
        if not found:
            raise PrintError(f"printer {options.printer!r}: no such printer (printers: "
                             f"{names}); choose one with --printer NAME")
        printer = found[0]
    why = f" ({printer.reason})" if printer.reason else ""
    if not printer.enabled:
        raise PrintError(f"printer {printer.name} is paused{why}: resume it with `cupsenable "
                         f"{printer.name}` or in your printer settings, or choose another "
                         "with --printer NAME")
    if not printer.accepting:
        raise PrintError(f"printer {printer.name} is not accepting jobs{why}: allow them "
                         f"with `cupsaccept {printer.name}` or in your printer settings, or "
                         "choose another with --printer NAME")
    return printer.name


def print_file(pdf: Path, options: PrintOptions, printer: str | None = None) -> PrintJob:
    """Hand the PDF to the print service; the job it took. `printer` skips the checks (it
    came from ready_printer)."""
    printer = printer or ready_printer(options)
    command = ["lp", "-d", printer, "-n", str(options.copies), "-t", TITLE,
               "-o", "sides=" + ("two-sided-long-edge" if options.two_sided else "one-sided"),
               "-o", f"media={MEDIA[options.paper]}"]
    if options.copies > 1:
        command += ["-o", "collate=true"]  # whole handouts, not a pile of page 1s
    # Its own session: Ctrl-C reaches pdfgen, which decides, not lp halfway through.
    result = _run([*command, "--", str(pdf)], new_session=True)
    job = re.search(r"request id is (\S+)", result.stdout)
    if result.returncode != 0 or job is None:
        said = _said(result.stderr or result.stdout)
        raise PrintError(f"printer {printer} refused the job ({said}): check the printer and "
                         "its queue (`pdfgen printers`), then run the same command again")
    return PrintJob(printer=printer, job=job[1])


def _needs_cups() -> None:
    if sys.platform.startswith("win"):
        raise PrintError("printing needs CUPS (Linux/macOS), which Windows does not have: "
                         "open the PDF and print it two-sided from your PDF viewer")
    missing = [c for c in ("lp", "lpstat") if shutil.which(c) is None]
    if missing:
        verb = "are" if len(missing) > 1 else "is"
        raise PrintError(f"printing needs CUPS, and {' and '.join(missing)} {verb} not "
                         "installed: install CUPS (Debian and Ubuntu: sudo apt install cups), "
                         "or open the PDF and print it from your PDF viewer")


def _lpstat(flag: str) -> str:
    result = _run(["lpstat", flag])
    # lpstat says "no destinations" with exit code 1; a dead scheduler shows up in -r.
    return result.stdout


def _run(command: list[str], new_session: bool = False) -> subprocess.CompletedProcess[str]:
    # English answers whatever the user's language, as the parsing above expects them; and
    # none of pdfgen's settings (its mail password above all) in lp's environment.
    env = child_environment("print", LC_ALL="C", LANG="C")
    try:
        return subprocess.run(command, capture_output=True, text=True, env=env,
                              timeout=TIMEOUT, check=False, start_new_session=new_session,
                              stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        raise PrintUnknownError(f"the print service did not answer in {TIMEOUT} s: check that CUPS "
                         "is running (`pdfgen printers`), then run the same command "
                         "again") from None
    except OSError as error:
        raise PrintError(f"cannot run {command[0]} ({error.strerror}): install CUPS, or open "
                         "the PDF and print it from your PDF viewer") from None


def _said(text: str) -> str:
    """lp's own reason, on one line and without control characters."""
    line = " ".join(text.split()).removeprefix("lp: ").removeprefix("Error - ")
    return "".join(c for c in line if c.isprintable())[:200] or "no reason given"

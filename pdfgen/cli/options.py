"""The command line's options, each defined once, read in pdfgen's words (one line, exit
code 2), and the handout options shared by handout, email and preview."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from dataclasses import dataclass, fields
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated, Any

import typer

from pdfgen.errors import PdfgenError

if TYPE_CHECKING:
    from pdfgen.api import Choices, ClinicFolder



class OptionError(typer.BadParameter):
    """A value on the command line that cannot be used; shown as pdfgen's own one line. (A
    Typer error, so that Typer stops at it as it parses: pdfgen.errors imports no Typer. Its
    exit code is every user mistake's.)"""

    exit_code = PdfgenError.exit_code

    def show(self, file: IO[Any] | None = None) -> None:
        typer.echo(f"error: {self.message}", err=True)


def whole_number(option: str, least: int | None = None) -> Callable[[str], int]:
    """A parser for an option that takes a whole number (at least `least`)."""

    def parse(value: str) -> int:
        text = value.strip()
        if not text.lstrip("-").isdigit() or not text.isascii():
            raise OptionError(f"{option}: expected a whole number, got {value!r}")
        number = int(text)
        if least is not None and number < least:
            raise OptionError(f"{option}: expected a number of at least {least}, got {number}")
        return number

    return parse


ProjectOption = Annotated[
    Path | None,
    # (A file given is said by pdfgen, as every other mistake: not Click's "dir ... is a file")
    typer.Option("--project", metavar="DIR", help="The clinic folder to use (default: the one "
                 "holding the --plan or patient list, else this folder, or the demo clinic "
                 "when this folder has no content/clinic.toml)."),
]
LevelOption = Annotated[int | None, typer.Option(
    "--level", metavar="N", parser=whole_number("--level"),
    help="The routine level, e.g. 2 (or from --plan).")]
LayoutOption = Annotated[str | None, typer.Option(
    "--layout", metavar="detailed|compact",
    help="detailed: the whole handout (default); compact: every exercise on a one-page "
         "sheet, for the fridge.")]
PrintOption = Annotated[bool, typer.Option(
    "--print", help="Also print the handout: two-sided, on the handout's paper, on the "
                    "printer of [print] in clinic.toml or else the default one.")]
PrinterOption = Annotated[str | None, typer.Option(
    "--printer", metavar="NAME", help="With --print: this printer (see pdfgen printers).")]
CopiesOption = Annotated[int | None, typer.Option(
    "--copies", metavar="N", parser=whole_number("--copies"),
    help="With --print: how many copies (default 1).")]
OneSidedOption = Annotated[bool | None, typer.Option(
    "--one-sided/--two-sided", help="With --print: on one side of the paper, for printers "
                                    "that cannot print on both (default: two-sided).")]


@dataclass(frozen=True)
class HandoutOptions:
    """The options every handout command takes, as given (None: not given)."""

    level: LevelOption = None
    patient: Annotated[str | None, typer.Option(
        "--patient", metavar="NAME",
        help='Print "Prepared for NAME" on page 1 and add the name to the file name.')] = None
    date: Annotated[str | None, typer.Option(
        "--date", metavar="YYYY-MM-DD", help="The date on the handout (default: today).")
    ] = None
    paper: Annotated[str | None, typer.Option(
        "--paper", metavar="letter|a4",
        help="Paper size (default: the clinic's, from clinic.toml).")] = None
    routine: Annotated[str | None, typer.Option(
        "--routine", metavar="TOPIC",
        help="The routine topic, e.g. back-pain (default: the only one).")] = None
    plan: Annotated[Path | None, typer.Option(
        "--plan", metavar="PLAN.yaml",
        help="A patient's plan: exercises, doses, notes, follow-up (see docs/plans.md).")
    ] = None
    log: Annotated[int | None, typer.Option(
        "--log", metavar="WEEKS", parser=whole_number("--log"),
        help="Add an exercise log for 0 to 12 weeks.")] = None
    large_print: Annotated[bool | None, typer.Option(
        "--large-print/--normal-print",
        help="Large type: 18 pt and up; an exercise's pictures and steps on one page or on "
             "facing pages.")
    ] = None
    layout: LayoutOption = None
    language: Annotated[str | None, typer.Option(
        "--language", metavar="LANG",
        help="The handout's language, e.g. es (default: the clinic's, from clinic.toml).")
    ] = None
    print_: PrintOption = False
    printer: PrinterOption = None
    copies: CopiesOption = None
    one_sided: OneSidedOption = None
    project: ProjectOption = None

    def choices(self) -> Choices:
        """What the user asked for, in the API's terms (a bad --date is said here)."""
        from pdfgen.api import Choices

        return Choices(level=self.level, routine=self.routine, plan=self.plan,
                       patient=self.patient, date=self.date, paper=self.paper,
                       language=self.language, large_print=self.large_print,
                       layout=self.layout, log=self.log)

    def clinic(self) -> ClinicFolder:
        return clinic_folder(self.project, belongs_to=self.plan, what="--plan")


_SHARED = {f.name: f for f in fields(HandoutOptions)}
_GROUPS = {"print": ("print_", "printer", "copies", "one_sided")}


def handout_options(order: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Give a command the shared handout options, in the `order` its --help lists them
    ("print" stands for --print and its three options); the command receives them as one
    `options: HandoutOptions`."""
    names = [n for word in order.split() for n in _GROUPS.get(word, (word,))]

    def decorate(command: Callable[..., None]) -> Callable[..., None]:
        hints = inspect.get_annotations(command, eval_str=True)
        own = {p.name: p.replace(annotation=hints[p.name])
               for p in inspect.signature(command).parameters.values() if p.name != "options"}
        params = [own.pop(n) if n in own else inspect.Parameter(
            n, inspect.Parameter.KEYWORD_ONLY, default=_SHARED[n].default,
            annotation=HANDOUT_HINTS[n]) for n in names]
        params = [*own.values(), *params]  # arguments and options not in `order` lead

        @functools.wraps(command)
        def run(**given: Any) -> None:
            shared = {n: given.pop(n) for n in _SHARED if n in given}
            return command(options=HandoutOptions(**shared), **given)

        run.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
            [p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in params])
        run.__annotations__ = {p.name: p.annotation for p in params}
        return run

    return decorate


HANDOUT_HINTS = inspect.get_annotations(HandoutOptions, eval_str=True)


def _elsewhere(clinic: ClinicFolder) -> bool:
    """Whether pdfgen runs in (or under) a clinic folder other than `clinic`."""
    from pdfgen.content.project import clinic_holding

    here = clinic_holding(Path.cwd() / "out")
    return here is not None and here != clinic.path.resolve()


def clinic_folder(project: Path | None, quiet: bool = False, belongs_to: Path | None = None,
                  what: str = "", writes: bool = False) -> ClinicFolder:
    """The clinic folder to work on (the one holding `belongs_to`, a plan or a patient list,
    if no --project); say so when it is the demo, not the user's own (`writes`: a command
    that writes into it, which the demo pdfgen installs refuses in its own words)."""
    from pdfgen.api import ClinicFolder

    clinic = ClinicFolder.find(project, belongs_to=belongs_to, what=what)
    if clinic.is_demo and not quiet and not writes:
        # Run in the folder that holds the clinic `pdfgen init` made: named, as the way there.
        yours = _clinics_here()
        where = (f"; {yours[0]}/ is a clinic folder: cd {yours[0]}, or add --project "
                 f"{yours[0]}" if len(yours) == 1 else " (see --project)")
        typer.echo(f"note: no content/clinic.toml here or above, so the demo clinic is used"
                   f"{where}", err=True)
    elif clinic.is_demo_copy and not quiet and belongs_to is not None and _elsewhere(clinic):
        # Run in the clinic's own folder with the demo's plan: the demo makes it (a plan is
        # its clinic's), which "this folder is the demo" did not say.
        from pdfgen.errors import display_path

        shown = f"{what} {display_path(belongs_to)}".strip()
        typer.echo(f"note: {shown} is pdfgen's demo clinic's, so the handout is the demo "
                   f"clinic's (its name and phone, in {display_path(clinic.out_dir)}); for "
                   "your clinic, copy it into your clinic folder", err=True)
    elif clinic.is_demo_copy and not quiet:
        # Run in the folder pdfgen came in (its clone), not in the clinic `pdfgen init` made
        # beside it: a handout under the demo's name and phone would go out without a word.
        yours = _clinics_here()
        where = (f"cd {yours[0]}, or add --project {yours[0]}" if len(yours) == 1 else
                 "run pdfgen in its folder or add --project DIR")
        typer.echo(f"note: this folder is pdfgen's own demo clinic; for your clinic, {where}",
                   err=True)
    return clinic


def _clinics_here() -> list[str]:
    """The folders here that are clinic folders (none where this one cannot be listed)."""
    try:
        return sorted(folder.name for folder in Path.cwd().iterdir()
                      if (folder / "content" / "clinic.toml").is_file())
    except OSError:
        return []


def given_once(params: list[Any], args: list[str]) -> None:
    """Refuse an option given twice, or both of a pair: Click keeps the last, so
    `--to jane@… --to bob@…` mailed Bob alone, and `--level 2 --level 1` made Level 1."""
    # Each name: its option, the name said for it (-o is --output), and whether it says no.
    options: dict[str, tuple[str, str, bool]] = {}
    for param in params:
        if getattr(param, "param_type_name", "") == "option" and not (
                getattr(param, "multiple", False) or getattr(param, "count", False)):
            longest = max(param.opts, key=len)
            options.update({name: (param.name, longest, False) for name in param.opts})
            options.update({name: (param.name, name, True) for name in param.secondary_opts})
    said: dict[str, list[tuple[str, bool]]] = {}
    for arg in args:
        if arg == "--":  # what follows is values, not options
            break
        if arg.split("=", 1)[0] in options:
            option, shown, no = options[arg.split("=", 1)[0]]
            said.setdefault(option, []).append((shown, no))
    for given in said.values():
        if len(given) > 1:
            names = list(dict.fromkeys(name for name, _ in given))
            raise PdfgenError(f"{' and '.join(names)}: choose one" if len({no for _, no in given})
                              > 1 else f"{names[0]}: given twice; give it once")

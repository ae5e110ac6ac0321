"""pdfgen's Python API: open a clinic folder and make, check, save, e-mail, print and preview
handouts with the command line's choices; it never prints, exits or reads the terminal."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

from pdfgen.build import Handout, HandoutRequest, parse_date
from pdfgen.content.choices import LAYOUTS, PAPERS, Layout, Paper
from pdfgen.errors import PdfgenError, SelectionError

if TYPE_CHECKING:
    from pdfgen.clinic.check import Report
    from pdfgen.content.project import Project
    from pdfgen.deliver.batch import Outcome, Summary
    from pdfgen.deliver.batch_worker import Mode as BatchMode
    from pdfgen.deliver.printing import PrintJob, PrintOptions
    from pdfgen.mail.email_handout import Delivery
    from pdfgen.mail.email_handout import Mode as MailMode

Word = TypeVar("Word", bound=str)  # one of a fixed set of words: a Literal type

__all__ = ["LAYOUTS", "PAPERS", "Choices", "ClinicFolder", "Handout", "open_clinic"]


def open_clinic(path: str | os.PathLike[str] | None = None) -> ClinicFolder:
    """The clinic folder at `path` (the folder holding content/clinic.toml); the demo clinic
    that ships with pdfgen when None (its handouts go to ./out)."""
    from pdfgen.content.project import Project, bundled_root, find_project

    if path is None:
        return ClinicFolder(Project(root=bundled_root(), out_dir=Path.cwd().resolve() / "out",
                                    bundled=True))
    return ClinicFolder(find_project(Path(path)))


@dataclass(frozen=True)
class Choices:
    """What goes into a handout, as on the command line; None: the plan's, else the
    clinic's default. Checked when made, in the command line's words."""

    level: int | None = None
    routine: str | None = None
    plan: Path | None = None
    patient: str | None = None
    date: dt.date | None = None
    paper: Paper | None = None
    language: str | None = None
    large_print: bool | None = None
    layout: Layout | None = None
    log: int | None = None

    @classmethod
    def of(cls, *, level: int | None = None, routine: str | None = None,
           plan: str | os.PathLike[str] | None = None, patient: str | None = None,
           date: dt.date | str | None = None, paper: str | None = None,
           language: str | None = None, large_print: bool | None = None,
           layout: str | None = None, log: int | None = None) -> Choices:
        """Choices from plain values (a date may be "YYYY-MM-DD"), checked."""
        for option, number in (("--level", level), ("--log", log)):
            if number is not None and (isinstance(number, bool) or not isinstance(number, int)):
                raise SelectionError(f"{option}: expected a whole number, got {number!r}")
        return cls(level=level, routine=routine, plan=Path(plan) if plan is not None else None,
                   patient=patient, date=_date(date), paper=_one_of("--paper", paper, PAPERS),
                   language=language, large_print=large_print,
                   layout=_one_of("--layout", layout, LAYOUTS), log=log)

    def request(self, output: Path | None = None, with_email: bool = False) -> HandoutRequest:
        return HandoutRequest(level=self.level, topic=self.routine, patient=self.patient,
                              date=self.date, paper=self.paper, output=output, plan=self.plan,
                              log_weeks=self.log, large_print=self.large_print,
                              layout=self.layout, language=self.language,
                              with_email=with_email)


def _date(value: dt.date | str | None) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return parse_date(str(value))


def _one_of(option: str, value: str | None, allowed: tuple[Word, ...]) -> Word | None:
    if value is None:
        return None
    for word in allowed:
        if isinstance(value, str) and value.strip().lower() == word:
            return word
    raise SelectionError(f"{option}: expected {' or '.join(allowed)}, got {value!r}")


class ClinicFolder:
    """A clinic folder (or the demo): its handouts, its check, and where its files go."""

    def __init__(self, project: Project) -> None:
        self.project = project

    def __repr__(self) -> str:
        return f"ClinicFolder({str(self.path)!r}{', demo' if self.is_demo else ''})"

    @classmethod
    def find(cls, project: str | os.PathLike[str] | None = None,
             belongs_to: Path | None = None, what: str = "") -> ClinicFolder:
        """The folder the command line would use: `project` (--project), else the one holding
        `belongs_to` (a plan or patient list), else the working directory's, else the demo."""
        from pdfgen.content.project import find_project

        return cls(find_project(Path(project) if project is not None else None,
                                belongs_to=belongs_to, what=what))

    @property
    def path(self) -> Path:
        return self.project.root

    @property
    def out_dir(self) -> Path:
        """Where handouts go unless told otherwise."""
        return self.project.out_dir

    @property
    def is_demo(self) -> bool:
        return self.project.bundled

    def handout(self, choices: Choices | None = None, *, output: str | os.PathLike[str] | None
                = None, **plain: object) -> Handout:
        """A handout built in memory (nothing written: see Handout.save). Give `choices`, or
        the same choices as keywords: level, routine, plan, patient, date, paper, language,
        large_print, layout, log."""
        from pdfgen.build import build_handout

        chosen = _choices(choices, plain)
        return build_handout(self.project, chosen.request(
            Path(output) if output is not None else None))

    def check(self) -> Report:
        """Every problem of the folder's files (errors and warnings), as `pdfgen check`."""
        from pdfgen.clinic.check import check_project

        return check_project(self.project)

    def email(self, to: str, choices: Choices | None = None, *, mode: MailMode = "send",
              resend: bool = False,
              before_send: Callable[[Handout], None] | None = None,
              **plain: object) -> Delivery:
        """Build and save a handout, then send it to `to` (or write a draft, or only say
        what would go: `mode`), as `pdfgen email`; `before_send` runs once it is saved."""
        from pdfgen.mail.email_handout import email_handout

        if mode not in ("send", "draft", "dry-run"):
            raise PdfgenError(f"mode {mode!r}: expected send, draft or dry-run")
        return email_handout(self.project, _choices(choices, plain).request(), to, mode,
                             before_send=before_send or (lambda handout: None),
                             resend=resend)

    def print_options(self, *, paper: str | None = None, printer: str | None = None,
                      copies: int | None = None, one_sided: bool | None = None
                      ) -> PrintOptions:
        """How a handout would print: the given values, else [print] in clinic.toml."""
        from pdfgen.content.loading import load_clinic
        from pdfgen.deliver.printing import choose_options

        clinic = load_clinic(self.project).model
        return choose_options(clinic.print, printer=printer, copies=copies,
                              one_sided=one_sided, paper=_one_of("--paper", paper, PAPERS)
                              or clinic.paper)

    def print(self, saved: Handout | Path, options: PrintOptions | None = None) -> PrintJob:
        """Send a saved handout to the printer (two-sided unless `options` say otherwise)."""
        from pdfgen.deliver.printing import print_file

        path = saved.path if isinstance(saved, Handout) else Path(saved)
        if not path.is_file():
            raise PdfgenError(f"{path}: not saved yet (save the handout first)")
        return print_file(path, options or self.print_options())

    def batch(self, patients: str | os.PathLike[str], *, out_dir: Path | None = None,
              mode: BatchMode = "build", jobs: int | None = None,
              printing: PrintOptions | None = None, layout: str | None = None,
              on_outcome: Callable[[Outcome, int], None] | None = None) -> Summary:
        """A handout for every row of a patient list (CSV), as `pdfgen batch`: resumable,
        never mailed or printed twice; `on_outcome(outcome, rows_left)` after each row."""
        from pdfgen.deliver.batch import run_batch
        from pdfgen.deliver.batch_files import batch_folder

        csv = Path(patients)
        return run_batch(self.project, csv, out_dir or batch_folder(self.out_dir, csv), mode,
                         jobs or os.cpu_count() or 1,
                         on_outcome or (lambda outcome, left: None), printing=printing,
                         layout=_one_of("--layout", layout, LAYOUTS))

    def preview(self, saved: Handout | Path, page: int | None = None) -> list[Path]:
        """PNG pictures of a saved handout's pages (or of `page`), beside the PDF."""
        from pdfgen.clinic.preview import render_pages

        return render_pages(saved.path if isinstance(saved, Handout) else Path(saved), page)


def _choices(choices: Choices | None, plain: dict[str, object]) -> Choices:
    if choices is not None and plain:
        raise PdfgenError("give the handout's choices either as Choices or as keywords")
    if choices is not None:
        return choices
    unknown = sorted(set(plain) - set(Choices.__dataclass_fields__))
    if unknown:
        raise PdfgenError(f"{unknown[0]}: not a handout choice (expected one of "
                          f"{', '.join(Choices.__dataclass_fields__)})")
    return Choices.of(**cast("dict[str, Any]", plain))

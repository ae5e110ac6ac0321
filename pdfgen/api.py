"""pdfgen's Python API: open a clinic folder and make, check, save, e-mail, print and preview
handouts with the command line's choices; it never prints, exits or reads the terminal."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from pdfgen.build import Handout
from pdfgen.content.choices import LAYOUTS, PAPERS
from pdfgen.content.project import not_the_hosts
from pdfgen.errors import PdfgenError, ProjectError, display_path
from pdfgen.handout_choices import Choices, call, choices_from, flag, one_of, text, whole
from pdfgen.handout_choices import path as as_path

if TYPE_CHECKING:
    from pdfgen.clinic.check import Report
    from pdfgen.clinic.listing import ExerciseSummary, RoutineSummary
    from pdfgen.content.project import Project
    from pdfgen.deliver.batch import Outcome, Summary
    from pdfgen.deliver.batch_worker import Mode as BatchMode
    from pdfgen.deliver.printing import PrintJob, PrintOptions
    from pdfgen.mail.email_handout import Delivery
    from pdfgen.mail.email_handout import Mode as MailMode

__all__ = ["LAYOUTS", "PAPERS", "Choices", "ClinicFolder", "Handout", "open_clinic"]


def open_clinic(path: str | os.PathLike[str] | None = None) -> ClinicFolder:
    """The clinic folder at `path` (the folder holding content/clinic.toml); the demo clinic
    that ships with pdfgen when None (its handouts go to ./out)."""
    from pdfgen.content.project import (
        Project,
        bundled_root,
        clinic_holding,
        find_project,
        working_folder,
    )

    if path is None:
        here = working_folder().resolve()
        host = clinic_holding(here / "out")
        if host is not None and ClinicFolder(Project(root=host, out_dir=host)).is_demo_copy:
            host = None  # (the demo's own folder: pdfgen's, or a clone of it)
        return ClinicFolder(Project(root=bundled_root(), out_dir=here / "out", bundled=True,
                                    host=host))
    folder = as_path("--project", path)
    assert folder is not None
    return ClinicFolder(find_project(folder))


class ClinicFolder:
    """A clinic folder (or the demo): its handouts, its check, and where its files go."""

    def __init__(self, project: Project) -> None:
        from pdfgen.content.project import Project

        if not isinstance(project, Project):
            raise PdfgenError(f"{project!r}: use pdfgen.open_clinic(path) to open a clinic "
                              "folder")
        self.project = project

    def __repr__(self) -> str:
        return f"ClinicFolder({str(self.path)!r}{', demo' if self.is_demo else ''})"

    @classmethod
    def find(cls, project: str | os.PathLike[str] | None = None,
             belongs_to: Path | None = None, what: str = "") -> ClinicFolder:
        """The folder the command line would use: `project` (--project), else the one holding
        `belongs_to` (a plan or patient list), else the working directory's, else the demo."""
        from pdfgen.content.project import find_project

        return cls(find_project(as_path("--project", project),
                                belongs_to=as_path(what or "file", belongs_to), what=what))

    @property
    def path(self) -> Path:
        """The clinic folder (the one holding content/clinic.toml)."""
        return self.project.root

    @property
    def out_dir(self) -> Path:
        """Where handouts go unless told otherwise."""
        return self.project.out_dir

    @property
    def is_demo(self) -> bool:
        """Whether this is the demo clinic that ships with pdfgen."""
        return self.project.bundled

    @property
    def is_demo_copy(self) -> bool:
        """Whether this folder is the demo clinic of the folder pdfgen came in (a clone of
        its source, installed from or not), found where pdfgen runs; not the demo used
        outside any clinic folder."""
        from pdfgen.content.project import is_demo_folder

        return not self.project.bundled and is_demo_folder(self.project.root)

    def handout(self, choices: Choices | None = None, *, output: str | os.PathLike[str] | None
                = None, **plain: object) -> Handout:
        """A handout built in memory (nothing written: see Handout.save). Give `choices`, or
        the same choices as keywords: level, routine, plan, patient, date, paper, language,
        large_print, layout, log."""
        from pdfgen.build import build_handout

        chosen = self._choices(choices, plain)
        return build_handout(self.project, chosen.request(as_path("--output", output)))

    def figures(self, *, output: str | os.PathLike[str] | None = None) -> Path:
        """Write a PDF sheet of every base pose and prop a figure can start from (by
        default out/figures.pdf), on the clinic's paper; its path."""
        from pdfgen.clinic.figure_catalog import write_figure_sheet
        from pdfgen.content.loading import load_clinic
        from pdfgen.text.fonts import load_fonts

        settings = load_clinic(self.project)  # clinic.toml
        fonts = load_fonts(settings.model.fonts, self.project.font_dirs, settings.path)
        faces = (fonts.body, fonts.bold)  # the clinic's own type, embedded as in a handout
        paper, target = settings.model.paper, as_path("--output", output)
        if target is None:
            not_the_hosts(self.project.host, self.out_dir / "figures.pdf")
            return write_figure_sheet(self.out_dir / "figures.pdf", paper, faces,
                                      checked=False)
        return write_figure_sheet(target, paper, faces)

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
        if not isinstance(to, str):
            raise PdfgenError(f"--to {to!r}: expected an e-mail address")
        again, hook = flag("resend", resend), call("before_send", before_send)
        if mode == "send":
            self._not_the_demo("pdfgen email")
        if mode != "draft" and self.is_demo_copy:  # (a dry run said a patient would get it)
            from pdfgen.mail.demo_addresses import only_example_addresses

            only_example_addresses(self.path, [("--to", to)])
        return email_handout(self.project, self._choices(choices, plain).request(), to, mode,
                             before_send=hook or (lambda handout: None),
                             resend=bool(again))

    def _not_the_demo(self, what: str) -> None:
        """A patient is never mailed the made-up demo clinic's handout (its name and phone):
        a folder without content/clinic.toml falls back to the demo, and mail settings
        given in PDFGEN_SMTP_* would otherwise send it."""
        if self.is_demo:
            raise ProjectError(f"{what}: no content/clinic.toml here or above, so this is "
                               "the demo clinic, whose handouts are not mailed to patients: "
                               "run it in your clinic folder (or give --project), or start "
                               "one with pdfgen init (--draft and --dry-run work with the demo)")

    def print_options(self, *, paper: str | None = None, printer: str | None = None,
                      copies: int | None = None, one_sided: bool | None = None
                      ) -> PrintOptions:
        """How a handout would print: the given values, else [print] in clinic.toml."""
        from pdfgen.content.loading import load_clinic
        from pdfgen.deliver.printing import choose_options

        settings = load_clinic(self.project).model  # clinic.toml
        return choose_options(settings.print, printer=text("--printer", printer),
                              copies=whole("--copies", copies),
                              one_sided=flag("--one-sided", one_sided),
                              paper=one_of("--paper", paper, PAPERS) or settings.paper)

    def print(self, saved: Handout | Path, options: PrintOptions | None = None) -> PrintJob:
        """Send a saved handout to the printer (two-sided unless `options` say otherwise),
        on the paper it is laid out on unless `options` say otherwise."""
        from pdfgen.deliver.printing import paper_of, print_file

        file = _saved(saved)
        return print_file(file, _options(options) or self.print_options(paper=paper_of(file)))

    def batch(self, patients: str | os.PathLike[str], *,
              out_dir: str | os.PathLike[str] | None = None,
              mode: BatchMode = "build", jobs: int | None = None,
              printing: PrintOptions | None = None, layout: str | None = None,
              on_outcome: Callable[[Outcome, int], None] | None = None,
              on_start: Callable[[int], None] | None = None) -> Summary:
        """A handout for every row of a patient list (CSV), as `pdfgen batch`: resumable,
        never mailed or printed twice; `on_start(rows)` once the list is read,
        `on_outcome(outcome, rows_left)` after each row; the summary's `folder` holds the
        handouts and the report."""
        from pdfgen.deliver.batch import run_batch
        from pdfgen.deliver.batch_files import batch_folder

        csv = self._in_clinic(as_path("PATIENTS.csv", patients))
        outcome, start = call("on_outcome", on_outcome), call("on_start", on_start)
        if mode not in ("build", "email", "draft", "print"):
            raise PdfgenError(f"mode {mode!r}: expected build, email, draft or print")
        self._own("PATIENTS.csv", csv)
        if mode == "email" and self.is_demo_copy:
            from pdfgen.deliver.patient_list import read_rows
            from pdfgen.mail.demo_addresses import only_example_addresses

            only_example_addresses(self.path, (
                (f"{display_path(csv)} row {r.number}:", r.email) for r in read_rows(csv)))
        if out_dir is None:
            not_the_hosts(self.project.host, batch_folder(self.out_dir, csv))
        return run_batch(self.project, csv,
                         as_path("--output", out_dir) or batch_folder(self.out_dir, csv), mode,
                         whole("--jobs", jobs, least=1) or os.cpu_count() or 1,
                         outcome or (lambda outcome, left: None), printing=_options(printing),
                         layout=one_of("--layout", layout, LAYOUTS),
                         on_start=start or (lambda rows: None))

    def preview(self, handout: Handout | Path, page: int | None = None) -> list[Path]:
        """PNG pictures of a handout's pages (or of `page`), beside its PDF: a Handout's
        from its bytes, saved or not (named as they would be beside it); a path's, the
        saved PDF's."""
        from pdfgen.clinic.preview import render_pages

        number = whole("--page", page, least=1)
        if isinstance(handout, Handout):
            not_the_hosts(handout.host, handout.path)  # (as its save: the pictures go beside)
            return render_pages(handout.path, number, data=handout.pdf)
        return render_pages(_saved(handout), number)

    def page_images(self, handout: Handout, dpi: int = 110) -> list[bytes]:
        """PNG pictures of a handout's pages, in memory (nothing written)."""
        from pdfgen.clinic.preview import page_pngs

        if not isinstance(handout, Handout):
            raise PdfgenError(f"{handout!r}: expected a Handout")
        return page_pngs(handout.pdf, whole("dpi", dpi, least=20, most=600) or 110)

    def routines(self) -> list[RoutineSummary]:
        """Every routine topic and level with its exercises, as `pdfgen list` shows them."""
        from pdfgen.clinic.listing import list_routines

        return list_routines(self.project)

    def other_exercises(self, routines: list[RoutineSummary] | None = None
                        ) -> list[ExerciseSummary]:
        """The exercises no routine holds (a plan can name them), as `pdfgen list` shows
        them after the routines (`routines`: those already listed, not read again)."""
        from pdfgen.clinic.listing import RoutineSummary, list_other_exercises

        if routines is not None and not (isinstance(routines, list) and all(
                isinstance(r, RoutineSummary) for r in routines)):
            raise PdfgenError("routines: expected the list clinic.routines() gives, got "
                              f"{repr(routines)[:80]}")
        return list_other_exercises(self.project,
                                    self.routines() if routines is None else routines)

    def exercises(self) -> list[tuple[str, str]]:
        """The clinic's library of exercises: (slug, name), by slug; one that cannot be
        read is left out (`check` names it)."""
        from pdfgen.content.loading import exercise_slugs, load_exercise

        found = []
        for slug in exercise_slugs(self.project):
            try:
                found.append((slug, load_exercise(self.project, slug).model.name))
            except PdfgenError:
                continue
        return found

    def _choices(self, choices: object, plain: dict[str, object]) -> Choices:
        chosen = choices_from(choices, plain)
        if chosen.plan is not None:
            plan = self._in_clinic(chosen.plan)
            if plan != chosen.plan:
                chosen = replace(chosen, plan=plan)
            self._own("--plan", plan)
        return chosen

    def _in_clinic(self, file: Path | None) -> Path:
        """A plan or a patient list as named: from here, or else from the clinic folder (as
        a patient list's plan column names plans), for one who runs pdfgen elsewhere."""
        if file is None:
            raise PdfgenError("PATIENTS.csv: expected the path of a patient list, got None")
        inside = self.path / file
        if not file.is_absolute() and not file.exists() and inside.is_file():
            return inside
        return file

    def _own(self, what: str, file: Path) -> None:
        """A plan or a patient list inside a clinic folder is that clinic's: never made with
        another clinic's name, phone and branding (as on the command line)."""
        from pdfgen.content.project import clinic_holding

        holder = clinic_holding(file)
        if holder is not None and holder.resolve() != self.path.resolve():
            raise ProjectError(f"{what} {display_path(file)}: belongs to the clinic in "
                               f"{display_path(holder)}, not to {display_path(self.path)}; "
                               "open that clinic, or copy it into this one")


def _saved(saved: object) -> Path:
    """The saved PDF of a handout (or a path to one)."""
    file = saved.path if isinstance(saved, Handout) else as_path("handout", saved)
    if file is None:
        raise PdfgenError("handout: expected a Handout, or the path of a saved handout's PDF, "
                          "got None")
    if not file.is_file():
        raise PdfgenError(f"{display_path(file)}: " + (
            "not saved (save the handout first)" if isinstance(saved, Handout) else
            "is a folder, expected a handout's PDF" if file.is_dir() else "no such file"))
    with file.open("rb") as pdf:
        if pdf.read(5) != b"%PDF-":
            raise PdfgenError(f"{display_path(file)}: not a PDF")
    return file


def _options(options: object) -> PrintOptions | None:
    """Print options as clinic.print_options() makes them, or None."""
    from pdfgen.deliver.printing import PrintOptions

    if options is None or isinstance(options, PrintOptions):
        return options
    raise PdfgenError("print options: expected what clinic.print_options(...) gives, got "
                      f"{repr(options)[:80]}")

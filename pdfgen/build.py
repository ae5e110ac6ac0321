"""The one pipeline every command calls: a handout request in, a PDF built (load → resolve
→ lay out) and saved whole (the message that carries it: pdfgen.mail.message)."""

from __future__ import annotations

import datetime as dt
import os
import re
import threading
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from pdfgen import collector
from pdfgen.content.choices import Layout, Paper
from pdfgen.content.loading import load_clinic
from pdfgen.content.project import Project, likely_plan, not_the_hosts
from pdfgen.errors import ContentError, OutputError, SelectionError, display_path
from pdfgen.files import check_output, default_filename, write_file
from pdfgen.text.handout_text import EmailWords, LogCut

if TYPE_CHECKING:
    from gettext import NullTranslations

    from reportlab.platypus import Flowable

    from pdfgen.content.clinic_settings import Clinic
    from pdfgen.content.loading import Loaded
    from pdfgen.content.pictures import Picture
    from pdfgen.content.selection import Selection
    from pdfgen.languages import Language
    from pdfgen.layout.theme import Theme
    from pdfgen.text.engine import TextEngine
    from pdfgen.text.fonts import FontSet
    from pdfgen.text.handout_text import HandoutText


@dataclass(frozen=True)
class HandoutRequest:
    """What the user asked for; None means "the plan's, or else the clinic's, default"."""

    level: int | None = None
    topic: str | None = None
    patient: str | None = None
    date: dt.date | None = None
    paper: Paper | None = None
    output: Path | None = None
    plan: Path | None = None
    log_weeks: int | None = None
    large_print: bool | None = None
    layout: Layout | None = None  # "detailed" or "compact" (the one-page sheet)
    language: str | None = None  # a language tag; None: the clinic's
    tagged: bool = True  # a tagged PDF (PDF/UA-1); off only to measure what tagging costs
    with_email: bool = False  # also the e-mail that carries it (for email, drafts, batches)


@dataclass(frozen=True)
class Handout:
    """A built handout: the PDF's bytes, where it belongs (out/, or --output) and how many
    pages it has."""

    pdf: bytes = field(repr=False)  # tens of KB: shown as its size
    path: Path
    pages: int
    email_words: EmailWords | None = field(default=None, repr=False)  # when asked for
    # The demo's handout, made in another clinic's folder: not saved into its out/.
    host: Path | None = field(default=None, repr=False)
    # The log's weeks when they are not the weeks asked (it runs to the next visit): the
    # command says so.
    log_cut: LogCut | None = None
    # Whether page 1 has warning signs ("Stop and call us if you have"): a plan of chosen
    # exercises without a routine has none, and the command says so.
    warning_signs: bool = True
    # The files of its exercises from pdfgen's starter library, not the clinic's own until it
    # has reviewed them: the command names them.
    starters: tuple[Path, ...] = ()
    # The routine's title or introduction, when it counts the routine's exercises and a plan
    # prints it over another number of them: (field, what to do), for the command to say.
    miscounted: tuple[tuple[str, str], ...] = ()
    # What it prints that the clinic may have typed by mistake (a dose of 800 reps, "3 Best
    # Exercises" over a routine of four): `pdfgen check`'s warnings, for the command to say.
    to_check: tuple[ContentError, ...] = ()
    # Translations printed that were written before their English last changed: the
    # command names them (`pdfgen check` says the same).
    stale: tuple[Path, ...] = ()
    day: dt.date | None = None  # the date printed on it
    # The exercises whose safety lines the one-page sheet had no room for: the command says
    # the detailed handout has them.
    sheet_left_out: tuple[str, ...] = ()

    def __repr__(self) -> str:
        return (f"Handout(path={str(self.path)!r}, pages={self.pages}, "
                f"pdf=<{len(self.pdf):,} bytes>)")

    def save(self, path: str | os.PathLike[str] | None = None) -> Path:
        """Write the PDF whole (never half a file) to `path`, or where it belongs; returns
        where it went."""
        target = self.path
        if path is None:
            not_the_hosts(self.host, target)
        else:
            if not isinstance(path, str | os.PathLike):
                raise OutputError(f"--output {path!r}: expected a path to a .pdf file")
            target = Path(path)
            check_output(target)
        if target.is_dir():
            raise OutputError(f"--output {display_path(target)}: is a folder, expected a file")
        write_file(target, self.pdf)
        return target


@dataclass(frozen=True)
class Resolved:
    """A handout's every string resolved, with the theme that lays it out: what the layout
    stage takes (and the engine, for a footer rendered once the pages are counted)."""

    clinic: Loaded[Clinic]
    chosen: Selection
    text: HandoutText
    theme: Theme
    engine: TextEngine
    language: Language
    subject: str  # the PDF's subject line, in the handout's language
    stale: tuple[Path, ...] = ()  # translations older than their English


def text_tools(project: Project, clinic: Loaded[Clinic], labels: NullTranslations | None = None
               ) -> tuple[FontSet, TextEngine]:
    """The fonts and the text engine a clinic folder's strings are rendered with (`labels`:
    a language's label catalog; None: English)."""
    from pdfgen.text.engine import text_engine
    from pdfgen.text.fonts import load_fonts

    fonts = load_fonts(clinic.model.fonts, project.font_dirs, clinic.path)
    return fonts, text_engine(project.templates_dir, labels)


def resolve(project: Project, request: HandoutRequest) -> Resolved:
    """Load, select, translate and resolve the handout asked for: everything but layout."""
    from pdfgen.content.selection import select
    from pdfgen.content.translations import languages_of, stale_translations
    from pdfgen.layout.theme import make_theme
    from pdfgen.text.localize import localize
    from pdfgen.text.resolve_handout import resolve_handout

    if request.output is not None:
        check_output(request.output)  # before any work: a typo in a path fails at once
    if request.plan is not None and not request.plan.is_file():
        likely = None if request.plan.is_dir() else likely_plan(project, request.plan)
        raise SelectionError(f"--plan {display_path(request.plan)}: " + (
            "is a folder, expected a plan file (.yaml)" if request.plan.is_dir()
            else "no such file" + (f" (did you mean {display_path(likely)}?)" if likely
                                   else "")))
    clinic = load_clinic(project)
    chosen = select(project, level=request.level, topic=request.topic,
                    patient=request.patient, day=request.date, plan_path=request.plan,
                    log_weeks=request.log_weeks, large_print=request.large_print,
                    layout=request.layout)
    # Every language the routine is printed in, for the line naming the handout's other forms
    # (a plan's: none, its own words are in one language; it said "and in Spanish").
    languages = (languages_of(project, chosen.routine.path,
                              [item.exercise.path.stem for item in chosen.items])
                 if chosen.topic is not None and request.plan is None else [])
    # The handout's language: its content from the translations, its labels from a catalog.
    local = localize(project, clinic, chosen, request.language)
    fonts, engine = text_tools(project, local.clinic, local.labels)
    text = resolve_handout(local.clinic, local.chosen, engine=engine, fonts=fonts,
                           language=local.language.tag, with_email=request.with_email,
                           languages=languages)
    theme = make_theme(local.clinic.model.brand, fonts, large_print=local.chosen.large_print)
    subject = local.labels.gettext("Exercise handout from %(clinic)s") % {
        "clinic": text.clinic_name}
    stale = () if local.language.is_source else stale_translations(
        [clinic.path, chosen.routine.path, *(item.exercise.path for item in chosen.items)],
        local.language.code)
    return Resolved(clinic=local.clinic, chosen=local.chosen, text=text, theme=theme,
                    engine=engine, language=local.language, subject=subject, stale=stale)


# ReportLab builds with its settings as process globals (reportlab_door.build_settings) and
# one font registry, and a handout's pages are counted as they are drawn: builds take turns,
# whichever thread asks (two at once gave other bytes than each alone).
_ONE_AT_A_TIME = threading.RLock()


def build_handout(project: Project, request: HandoutRequest) -> Handout:
    """Build the handout in memory; nothing is written. Safe to call from several threads:
    their builds take turns."""
    with _ONE_AT_A_TIME, collector.paused():
        return _build_handout(project, request)


def _build_handout(project: Project, request: HandoutRequest) -> Handout:
    from pdfgen.content.pictures import load_logo
    from pdfgen.text.footer_text import count_pages

    done = resolve(project, request)
    clinic, chosen, text = done.clinic, done.chosen, done.text
    logo = (load_logo(project.content_dir / clinic.model.logo, clinic.path)
            if clinic.model.logo else None)
    paper = request.paper or clinic.model.paper

    def lay_out(text: HandoutText) -> tuple[bytes, int, tuple[str, ...]]:
        return _lay_out(text, done.theme, logo, chosen.layout, paper=paper,
                        language=done.language.tag, subject=done.subject,
                        tagged=request.tagged)

    data, pages, left_out = lay_out(text)
    # A footer that decides on the page numbers (`{% if pages > 1 %}`) is rendered for the
    # pages now counted, and the handout laid out again with it (its words move no page:
    # their room is kept for page 88 of 88, whatever they say).
    while text.footer.slots is None and len(text.footer.counted) != pages:
        text = replace(text, footer=count_pages(done.engine, text.footer, pages))
        data, pages, left_out = lay_out(text)
    try:
        name = default_filename(chosen.topic, chosen.routine.model.level, chosen.patient,
                                large_print=chosen.large_print, layout=chosen.layout,
                                language=None if request.language is None
                                else done.language.code)
    except SelectionError:
        if not chosen.patient_from:  # --patient's, as the message says
            raise
        path, line = chosen.patient_from  # the plan's patient line, not an option never given
        raise ContentError(path, "patient", f"{chosen.patient!r}: no letter or digit; give "
                           "the patient's name, or leave out the patient line", line) from None
    return Handout(pdf=data, path=request.output or project.out_dir / name, pages=pages,
                   host=None if request.output else project.host,
                   email_words=text.email_words, log_cut=text.log.cut if text.log else None,
                   warning_signs=bool(text.stop_if),
                   starters=tuple(item.exercise.path for item in chosen.items
                                  if item.exercise.model.origin == "starter"),
                   miscounted=_miscounted(chosen),
                   to_check=_to_check(chosen, clinic if text.stop_if else None),
                   stale=done.stale, day=chosen.day, sheet_left_out=left_out)


def _miscounted(chosen: Selection) -> tuple[tuple[str, str], ...]:
    from pdfgen.content.counts import miscount_advice, miscounts

    routine, count = chosen.routine.model, len(chosen.items)
    return tuple((name, miscount_advice(name, words, len(routine.exercises), count))
                 for name, words in miscounts(count, routine, chosen.title is not None,
                                              chosen.intro is not None))


def _to_check(chosen: Selection, boxed: Loaded[Clinic] | None) -> tuple[ContentError, ...]:
    """Each dose it prints far beyond a home exercise's, where it was written; its
    routine's own words counting another number of exercises than the routine has, where
    it prints them (a plan of other exercises: _miscounted); and the clinic's emergency
    number when it is not the country's and the warning box (`boxed`) tells patients to
    call it ("Call 991 now" printed and only `pdfgen check` said so)."""
    from pdfgen.content.counts import routine_miscounts
    from pdfgen.content.dose_checks import dose_problems
    from pdfgen.content.emergency_check import emergency_problem

    found = [problem for item in chosen.items for problem in (
        dose_problems(item.dose, *item.dose_at) if item.dose_at is not None
        else dose_problems(item.exercise.model.dose, item.exercise.path, ("dose",)))]
    routine = chosen.routine
    if routine.model.exercises and len(chosen.items) == len(routine.model.exercises):
        found += [problem for problem in routine_miscounts(routine.model, routine.path)
                  if not (chosen.title if problem.field == "title" else chosen.intro)]
    emergency = boxed and emergency_problem(boxed.model, boxed.path)
    return tuple([*found, emergency] if emergency else found)


def _lay_out(text: HandoutText, theme: Theme, logo: Picture | None, layout: Layout, *,
             paper: Paper, language: str, subject: str, tagged: bool
             ) -> tuple[bytes, int, tuple[str, ...]]:
    """The PDF bytes and page count of the detailed handout or of the one-page sheet, each
    with the logo at the sizes it prints it, and the exercises whose safety lines the sheet
    had no room for."""
    from pdfgen.layout.pages import render_pdf
    from pdfgen.layout.pictures import logo_flowable

    def sized(height: float, max_width: float) -> Flowable | None:
        return logo_flowable(logo, height, max_width) if logo is not None else None

    if layout == "compact":
        from pdfgen.layout.sheet_pages import render_sheet

        return render_sheet(text, theme, paper=paper, language=language,
                            logo=sized(54 * theme.scale, 160 * theme.scale), subject=subject,
                            tagged=tagged)
    # As tall as the header's two lines beside it: a low band leaves page 1 its room.
    large = theme.large_print
    return (*render_pdf(text, theme, paper=paper, language=language,
                        logo=sized(48 if large else 36, 150 if large else 130),
                        logo_small=sized(72, 110), subject=subject, tagged=tagged), ())


def save_handout(project: Project, request: HandoutRequest) -> Handout:
    """Build the handout and write it atomically: what `pdfgen handout` and `email` do."""
    handout = build_handout(project, request)
    handout.save()
    return handout


def parse_date(text: str) -> dt.date:
    """A --date value: YYYY-MM-DD, and a day that exists."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.strip()):
        raise SelectionError(f"--date {text}: expected YYYY-MM-DD, for example 2026-11-24")
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise SelectionError(f"--date {text}: there is no such day") from None

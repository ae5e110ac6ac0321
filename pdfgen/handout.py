"""The core job: a handout request in, a PDF file out (load → resolve → lay out → write)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pdfgen.content import load_clinic
from pdfgen.errors import OutputError, SelectionError, display_path
from pdfgen.project import Project


@dataclass(frozen=True)
class HandoutRequest:
    """What the user asked for; None means "the plan's, or else the clinic's, default"."""

    level: int | None = None
    topic: str | None = None
    patient: str | None = None
    date: dt.date | None = None
    paper: str | None = None
    output: Path | None = None
    plan: Path | None = None
    log_weeks: int | None = None
    large_print: bool | None = None
    language: str | None = None  # a language tag; None: the clinic's


@dataclass(frozen=True)
class Handout:
    """A built handout: its bytes, where it belongs and how many pages it has."""

    data: bytes
    path: Path
    pages: int
    context: dict[str, Any] = field(default_factory=dict, repr=False)  # for the e-mail
    labels: Any = None  # the language's label catalog, for the e-mail (None: English)


def build_handout(project: Project, request: HandoutRequest) -> Handout:
    """Build the handout in memory; nothing is written."""
    from pdfgen.build import render_pdf
    from pdfgen.fonts import load_fonts
    from pdfgen.pictures import logo_flowable
    from pdfgen.plan import select
    from pdfgen.resolve import resolve_handout
    from pdfgen.text import text_engine
    from pdfgen.theme import make_theme
    from pdfgen.translations import localize

    if request.output is not None:
        check_output(request.output)  # before any work: a typo in a path fails at once
    if request.plan is not None and not request.plan.is_file():
        raise SelectionError(f"--plan {display_path(request.plan)}: no such file")
    clinic = load_clinic(project)
    chosen = select(project, level=request.level, topic=request.topic,
                    patient=request.patient, day=request.date, plan_path=request.plan,
                    log_weeks=request.log_weeks, large_print=request.large_print)
    fonts = load_fonts(clinic.model.fonts, project.font_dirs, clinic.path)
    local = localize(project, clinic, chosen, request.language)
    clinic, chosen, lang = local.clinic, local.chosen, local.language
    engine = text_engine(project.templates_dir, local.labels)
    text = resolve_handout(clinic, chosen, engine=engine, fonts=fonts, language=lang.tag)
    theme = make_theme(clinic.model.brand, fonts, large_print=chosen.large_print)
    logo = logo_small = None
    if clinic.model.logo:
        logo_path = project.content_dir / clinic.model.logo
        logo = logo_flowable(logo_path, clinic.path, height=54 * theme.scale,
                             max_width=160 * theme.scale)
        logo_small = logo_flowable(logo_path, clinic.path, height=72, max_width=110)
    paper = request.paper or clinic.model.paper
    subject = local.labels.gettext("Exercise handout from %(clinic)s") % {
        "clinic": text.clinic_name}
    data, pages = render_pdf(text, theme, engine, paper=paper, language=lang.tag,
                             logo=logo, logo_small=logo_small, subject=subject)
    name = default_filename(chosen.topic, chosen.routine.model.level, chosen.patient,
                            large_print=chosen.large_print,
                            language=None if request.language is None else lang.code)
    return Handout(data=data, path=request.output or project.out_dir / name, pages=pages,
                   context=text.footer_context, labels=local.labels)


def parse_date(text: str) -> dt.date:
    """A --date value: YYYY-MM-DD, and a day that exists."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.strip()):
        raise SelectionError(f"--date {text}: expected YYYY-MM-DD, for example 2026-11-24")
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise SelectionError(f"--date {text}: there is no such day") from None


def check_output(path: Path) -> None:
    """An --output path must name a .pdf file in a folder that exists."""
    shown = display_path(path)
    if path.is_dir() or not path.name:
        raise OutputError(f"--output {shown}: is a folder, expected a file name ending in .pdf")
    if path.suffix.lower() != ".pdf":
        raise OutputError(f"--output {shown}: expected a file name ending in .pdf")
    if not path.parent.is_dir():
        raise OutputError(f"--output {shown}: the folder {display_path(path.parent)} "
                          "does not exist")


def write_handout(handout: Handout) -> None:
    """Write the handout atomically; a failure leaves no partial file behind."""
    from pdfgen.build import write_atomic

    if handout.path.is_dir():
        raise OutputError(f"--output {display_path(handout.path)}: is a folder, expected a file")
    try:
        write_atomic(handout.path, handout.data)
    except OSError as exc:
        raise OutputError(f"{display_path(handout.path)}: cannot write ({exc.strerror})") from None


def default_filename(topic: str | None, level: int, patient: str | None,
                     large_print: bool = False, language: str | None = None) -> str:
    """'back-pain-level-2.pdf', or 'back-pain-level-2-zoe-lodz-muller.pdf' for a patient;
    'exercise-plan-….pdf' for a plan of chosen exercises; '-large-print' when it is;
    '-es' for a language chosen with --language (beside the clinic's own, not over it)."""
    name = f"{topic}-level-{level}" if topic else "exercise-plan"
    if patient:
        slug = slugify(patient)
        if slug:
            name += f"-{slug}"
    return (f"{name}{'-large-print' if large_print else ''}"
            f"{'-' + language if language else ''}.pdf")


def slugify(text: str) -> str:
    """ASCII, lower case, words joined by hyphens (Greek and Cyrillic transliterated)."""
    from anyascii import anyascii

    ascii_text = anyascii(text).lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:60].strip("-")

"""Resolve every human-facing string of a handout: Jinja2 rendered, checked against the fonts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pdfgen.content import Loaded
from pdfgen.errors import ContentError
from pdfgen.fonts import FontSet
from pdfgen.models import Clinic, Dose, Exercise, Routine
from pdfgen.parsing import source_line
from pdfgen.problems import field_name
from pdfgen.text import TextEngine, TextError, check_drawable, normalize

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)


@dataclass(frozen=True)
class CardText:
    number: int
    name: str
    summary: str
    why: list[str]
    steps: list[str]
    tips: list[str]
    easier: str | None
    harder: str | None
    dose: str | None
    video: str | None
    labels: dict[str, str]


@dataclass(frozen=True)
class ContactText:
    heading: str
    phone: str
    name: str
    clinic: str
    details: list[str]


@dataclass(frozen=True)
class HandoutText:
    """Everything the layout draws, as plain text (not yet markup)."""

    title: str
    subtitle: str
    prepared_for: str
    overview_heading: str
    intro: list[str]
    disclaimer_heading: str
    disclaimer: str
    cards: list[CardText]
    conclusion_heading: str
    conclusion: list[str]
    contact: ContactText
    clinic_name: str
    clinician: str
    phone: str
    subject: str
    running_header: str
    day: dt.date
    footer_context: dict[str, Any] = field(repr=False, default_factory=dict)


def format_date(day: dt.date, language: str) -> str:
    """A date the way patients read it: 'November 24, 2026' (US) or '24 November 2026'."""
    month = MONTHS[day.month - 1]
    if language.lower() in ("en", "en-us"):
        return f"{month} {day.day}, {day.year}"
    return f"{day.day} {month} {day.year}"


def topic_name(topic: str) -> str:
    words = topic.replace("_", "-").split("-")
    return " ".join(words).strip().capitalize()


class _Resolver:
    """Renders strings with the file and field they came from, for error messages.

    With a `problems` list it collects every problem (for `pdfgen check`) instead of
    stopping at the first.
    """

    def __init__(self, engine: TextEngine, fonts: FontSet, context: dict[str, Any],
                 problems: list[ContentError] | None) -> None:
        self.engine, self.fonts, self.context = engine, fonts, context
        self.problems = problems

    def _fail(self, error: ContentError, fallback: str) -> str:
        if self.problems is None:
            raise error
        self.problems.append(error)
        return fallback

    def string(self, text: str, path: Path, *loc: str | int) -> str:
        """Render one string; `loc` is its place in the file, e.g. ("steps", 2)."""
        try:
            out = normalize(self.engine.render_string(text, self.context))
            check_drawable(out, self.fonts)
        except TextError as exc:
            error = ContentError(path, field_name(loc), str(exc), source_line(path, loc))
            return self._fail(error, text)
        return out

    def many(self, texts: list[str], path: Path, name: str) -> list[str]:
        return [self.string(t, path, name, i) for i, t in enumerate(texts)]

    def block(self, template: str, block: str, extra: dict[str, Any] | None = None) -> str:
        context = self.context if extra is None else {**self.context, **extra}
        try:
            out = self.engine.render_block(template, block, context)
            check_drawable(out, self.fonts)
        except TextError as exc:
            path = Path(self.engine.template_path(template))
            return self._fail(ContentError(path, f"block {block}", str(exc)), "")
        return out


def resolve_handout(
    clinic: Loaded[Clinic],
    routine: Loaded[Routine],
    exercises: list[Loaded[Exercise]],
    *,
    topic: str,
    patient: str | None,
    day: dt.date,
    engine: TextEngine,
    fonts: FontSet,
    problems: list[ContentError] | None = None,
) -> HandoutText:
    """Turn validated content and the request into the text of every part of the handout.

    Stops at the first problem, or, given a `problems` list, collects them all there.
    """
    c, r = clinic.model, routine.model
    # Optional fields that are not set are left out, so that using one is an error naming
    # it (StrictUndefined) rather than the word "None" on a patient's handout.
    context: dict[str, Any] = {
        "clinic": c.model_dump(exclude_none=True),
        "patient": patient or "",
        "date": format_date(day, c.language),
        "date_iso": day.isoformat(),
        "routine": {"title": r.title, "level": r.level, "topic": topic,
                    "topic_name": topic_name(topic)},
    }
    res = _Resolver(engine, fonts, context, problems)
    if patient:
        try:
            check_drawable(patient, fonts)
        except TextError as exc:
            raise ContentError(Path("--patient"), "", str(exc)) from None
    # The clinic's own strings may be templates too (e.g. a disclaimer naming the clinic);
    # templates then see the rendered values.
    resolved = {
        name: res.string(value, clinic.path, name)
        for name, value in context["clinic"].items()
        if isinstance(value, str)
    }
    resolved["address"] = res.many(c.address, clinic.path, "address")
    # A phone number must not break across two lines in running text.
    context["clinic"] = {**context["clinic"], **resolved,
                         "phone": resolved["phone"].replace(" ", "\u00a0")}

    cards = [
        _card(res, number, loaded, item.dose)
        for number, (loaded, item) in enumerate(zip(exercises, r.exercises, strict=True), 1)
    ]
    return HandoutText(
        title=res.string(r.title, routine.path, "title"),
        subtitle=res.block("title.j2", "subtitle"),
        prepared_for=res.block("title.j2", "prepared_for"),
        overview_heading=res.block("title.j2", "overview"),
        intro=res.many(r.intro, routine.path, "intro"),
        disclaimer_heading=res.block("disclaimer.j2", "heading"),
        disclaimer=res.block("disclaimer.j2", "body"),
        cards=cards,
        conclusion_heading=res.block("closing.j2", "conclusion_heading"),
        conclusion=res.many(r.conclusion, routine.path, "conclusion"),
        contact=ContactText(
            heading=res.block("contact.j2", "heading"),
            phone=res.block("contact.j2", "phone"),
            name=res.block("contact.j2", "name"),
            clinic=res.block("contact.j2", "clinic"),
            details=[
                line.strip()
                for line in res.block("contact.j2", "details").splitlines()
                if line.strip()
            ],
        ),
        clinic_name=resolved["name"],
        clinician=resolved["clinician"],
        phone=resolved["phone"],
        subject=f"{r.title} · Level {r.level}",
        running_header=res.block("header.j2", "running"),
        day=day,
        footer_context=_footer_check(res),
    )


def _footer_check(res: _Resolver) -> dict[str, Any]:
    # The footer is drawn per page; render it once here so its errors surface before layout.
    for block in ("left", "right"):
        res.block("footer.j2", block, {"page": 1, "pages": 1})
    return res.context


def _card(res: _Resolver, number: int, loaded: Loaded[Exercise], dose: Dose | None) -> CardText:
    e, path = loaded.model, loaded.path
    dose = dose or e.dose
    labels = {
        name: res.block("card.j2", name)
        for name in ("why", "steps", "tips", "easier", "harder", "dose_label", "continued")
    }
    return CardText(
        number=number,
        name=res.string(e.name, path, "name"),
        summary=res.string(e.summary, path, "summary"),
        why=res.many(e.why, path, "why"),
        steps=res.many(e.steps, path, "steps"),
        tips=res.many(e.tips, path, "tips"),
        easier=res.string(e.easier, path, "easier") if e.easier else None,
        harder=res.string(e.harder, path, "harder") if e.harder else None,
        dose=res.block("card.j2", "dose", {"dose": dose.model_dump()}) or None if dose else None,
        video=res.block("card.j2", "video", {"video": e.video}) if e.video else None,
        labels=labels,
    )

"""Resolve every human-facing string of a handout: Jinja2 rendered, checked against the fonts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from pdfgen.content.loading import Loaded
from pdfgen.content.models import Clinic, Dose, dose_list
from pdfgen.content.parsing import source_line
from pdfgen.content.problems import field_name
from pdfgen.content.selection import Chosen, Selection
from pdfgen.errors import ContentError
from pdfgen.text.engine import (
    BUILTIN_TEMPLATES,
    TextEngine,
    TextError,
    check_drawable,
    normalize,
)
from pdfgen.text.fonts import FontSet
from pdfgen.text.handout_text import CardText, ContactText, HandoutText, Link, LogText, PictureRef
from pdfgen.text.i18n import emergency_number, format_date, format_day
from pdfgen.text.letter import render_letter
from pdfgen.text.sandbox import freeze


def topic_name(topic: str | None) -> str:
    words = (topic or "").replace("_", "-").split("-")
    return " ".join(words).strip().capitalize()


def short_url(url: str) -> str:
    return url.removeprefix("https://").removeprefix("http://").rstrip("/")


class _Resolver:
    """Renders strings with the file and field they came from, for error messages.

    With a `problems` list it collects every problem (for `pdfgen check`) instead of
    stopping at the first.
    """

    def __init__(self, engine: TextEngine, fonts: FontSet, context: dict[str, Any],
                 problems: list[ContentError] | None) -> None:
        self.engine, self.fonts, self.context = engine, fonts, context
        self.problems = problems
        self.labels: dict[str, str] | None = None

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

    def block(self, template: str, block: str, extra: dict[str, Any] | None = None,
              where: str = "") -> str:
        context = self.context if extra is None else {**self.context, **extra}
        try:
            out = self.engine.render_block(template, block, context)
            check_drawable(out, self.fonts)
        except TextError as exc:
            path = Path(self.engine.template_path(template))
            problem = f"{exc} {where}" if where else str(exc)
            return self._fail(ContentError(path, f"block {block}", problem), "")
        return out


def resolve_handout(
    clinic: Loaded[Clinic],
    chosen: Selection,
    *,
    engine: TextEngine,
    fonts: FontSet,
    problems: list[ContentError] | None = None,
    language: str | None = None,
    letter: bool = False,
) -> HandoutText:
    """Turn validated content and the selection into the text of every part of the handout
    (and, `letter`, of the e-mail that carries it).

    Stops at the first problem, or, given a `problems` list, collects them all there.
    """
    c, routine = clinic.model, chosen.routine
    r = routine.model
    language = language or c.language  # a tag: dates are written in it (text.i18n)
    # Optional fields that are not set are left out, so that using one is an error naming
    # it (StrictUndefined) rather than the word "None" on a patient's handout.
    context: dict[str, Any] = {
        "clinic": c.model_dump(exclude_none=True),
        "patient": chosen.patient or "",
        "date": format_date(chosen.day, language),
        "date_iso": chosen.day.isoformat(),
        "follow_up": format_date(chosen.follow_up, language) if chosen.follow_up else "",
        "routine": {"title": r.title, "level": r.level, "topic": chosen.topic or "",
                    "topic_name": chosen.topic_name or topic_name(chosen.topic)},
        "language": language,
    }
    # The number to call when the clinic cannot be reached: clinic.toml's, or its country's.
    context["clinic"]["emergency_phone"] = (c.emergency_phone or emergency_number(c.country)
                                            or "911")
    res = _Resolver(engine, fonts, context, problems)
    if chosen.patient:
        try:
            check_drawable(chosen.patient, fonts)
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
    # The title as printed: the running line and the e-mail name it too, so they get the
    # text that was checked, never the raw one.
    title = (res.string(chosen.title[0], chosen.title[1], "title") if chosen.title
             else res.string(r.title, routine.path, "title"))
    context["routine"] = {**context["routine"], "title": title}
    # Read-only once, here, rather than again at each of the many renderings that follow.
    context.update({name: freeze(value) for name, value in context.items()})

    content_dir = clinic.path.parent
    cards = [_card(res, n, item, content_dir) for n, item in enumerate(chosen.items, 1)]
    note = res.string(chosen.note[0], chosen.note[1], "note") if chosen.note else None
    return HandoutText(
        title=title,
        subtitle=res.block("title.j2", "subtitle"),
        prepared_for=res.block("title.j2", "prepared_for"),
        follow_up=res.block("title.j2", "follow_up") if chosen.follow_up else None,
        note_heading=res.block("title.j2", "note_heading"),
        note=note,
        overview_heading=res.block("title.j2", "overview"),
        set_meaning=res.block("title.j2", "set_meaning"),
        intro=(res.many(chosen.intro[0], chosen.intro[1], "intro") if chosen.intro
               else res.many(r.intro, routine.path, "intro")),
        disclaimer_heading=res.block("disclaimer.j2", "heading"),
        disclaimer=res.block("disclaimer.j2", "body"),
        stop_heading=res.block("safety.j2", "heading"),
        stop_if=res.many(r.stop_if, routine.path, "stop_if"),
        stop_footer=res.block("safety.j2", "footer"),
        cards=cards,
        conclusion_heading=res.block("closing.j2", "conclusion_heading"),
        conclusion=res.many(r.conclusion, routine.path, "conclusion"),
        notes_heading=res.block("closing.j2", "notes"),
        contact=_contact(res, c.booking_url or c.website),
        log=_log(res, chosen, cards, language) if chosen.log_weeks else None,
        clinic_name=resolved["name"],
        clinician=resolved["clinician"],
        phone=resolved["phone"],
        running_header=res.block("header.j2", "running"),
        day=chosen.day,
        grayscale=c.pictures == "grayscale",
        footer_context=_footer_check(res),
        letter=render_letter(engine, res.context) if letter else None,
    )


# The page counts whose footers are rendered before layout; a handout rarely has more.
CHECKED_PAGES = 12


def page_classes(most: int = CHECKED_PAGES) -> list[tuple[int, int]]:
    """(page, pages) pairs a footer meets: first, second, middle, last-but-one and last
    pages of every page count up to `most`."""
    pairs = {(page, pages) for pages in range(1, most + 1)
             for page in (1, 2, (pages + 1) // 2, pages - 1, pages) if 1 <= page <= pages}
    return sorted(pairs, key=lambda pair: (pair[1], pair[0]))


def _footer_check(res: _Resolver) -> dict[str, Any]:
    # The footer is drawn per page, after layout: render it here for every kind of page, so
    # that `{% if page == 2 %}{{ nope }}{% endif %}` is found before anything is drawn. The
    # built-in footer treats every page alike: one page of it says all (and saves a hundred
    # renderings a handout).
    builtin = Path(res.engine.template_path("footer.j2")).parent == BUILTIN_TEMPLATES
    for page, pages in page_classes(1 if builtin else CHECKED_PAGES):
        for block in ("left", "right"):
            before = len(res.problems or ())
            res.block("footer.j2", block, {"page": page, "pages": pages},
                      where=f"(on page {page} of {pages})")
            if res.problems is not None and len(res.problems) > before:
                return res.context  # one finding for the footer is enough
    return res.context


def footer_text(engine: TextEngine, context: dict[str, Any], page: int, pages: int
                ) -> tuple[str, str]:
    """The two ends of one page's footer (pages that resolve did not try may still fail:
    then one line naming the template and the page, never a traceback)."""
    values = {**context, "page": page, "pages": pages}
    ends = []
    for block in ("left", "right"):
        try:
            ends.append(engine.render_block("footer.j2", block, values))
        except TextError as exc:
            path = Path(engine.template_path("footer.j2"))
            raise ContentError(path, f"block {block}",
                               f"{exc} (on page {page} of {pages})") from None
    return ends[0], ends[1]


def _contact(res: _Resolver, url: str | None) -> ContactText:
    link = None
    if url:
        link = Link(url, res.block("contact.j2", "link", {"url": url}), short_url(url))
    return ContactText(
        heading=res.block("contact.j2", "heading"),
        phone=res.block("contact.j2", "phone"),
        name=res.block("contact.j2", "name"),
        clinic=res.block("contact.j2", "clinic"),
        details=[line.strip() for line in res.block("contact.j2", "details").splitlines()
                 if line.strip()],
        link=link,
    )


def _card(res: _Resolver, number: int, item: Chosen, content_dir: Path) -> CardText:
    e, path = item.exercise.model, item.exercise.path
    doses = dose_list(item.dose or e.dose)
    # Each part's name, when the exercise has a dose for each of its parts; a plan's own
    # doses are named in the plan.
    where = item.source[0] if item.dose is not None and item.source else path
    names = [res.string(d.name or "", where, "dose", i, "name") if len(doses) > 1 else ""
             for i, d in enumerate(doses)]
    labels = _labels(res)
    note = None
    if item.note and item.source:
        note = res.string(item.note, item.source[0], *item.source[1])
    video = None
    if e.video:
        video = Link(e.video, res.block("card.j2", "video", {"video": e.video}),
                     short_url(e.video))
    return CardText(
        number=number,
        name=res.string(e.name, path, "name"),
        summary=res.string(e.summary, path, "summary"),
        why=res.many(e.why, path, "why"),
        steps=res.many(e.steps, path, "steps"),
        tips=res.many(e.tips, path, "tips"),
        easier=res.string(e.easier, path, "easier") if e.easier else None,
        harder=res.string(e.harder, path, "harder") if e.harder else None,
        dose="\n".join(line for line in (_dose_line(res, d, name)
                                          for d, name in zip(doses, names, strict=True))
                       if line) or None,
        note=note,
        video=video,
        pictures=[_picture(res, content_dir / p.file,
                           res.string(p.caption, path, "pictures", i, "caption"), path, i,
                           res.string(p.alt, path, "pictures", i, "alt") if p.alt else "")
                  for i, p in enumerate(e.pictures)],
        labels=labels,
        dose_parts=_dose_parts(res, doses[0].model_dump()) if len(doses) == 1 else [],
        named_doses=[(name, _dose_parts(res, d.model_dump()))
                     for d, name in zip(doses, names, strict=True)] if len(doses) > 1 else [],
    )


def _dose_line(res: _Resolver, dose: Dose, name: str) -> str:
    """The dose in words, for page 1; with its part's name when the exercise has parts."""
    words = res.block("card.j2", "dose", {"dose": dose.model_dump()})
    return f"{name}: {words}" if name and words else words


def _picture(res: _Resolver, file: Path, caption: str, source: Path, index: int,
             alt: str = "") -> PictureRef:
    """A picture, measured here so that layout reads no file to size it: a missing or
    unreadable picture is the exercise file's error, with its line."""
    from pdfgen.layout.pictures import PictureError, load_picture, size_of

    loaded = None
    try:
        loaded = load_picture(file)
        size = size_of(loaded)
    except PictureError as error:
        loc = ("pictures", index, "file")
        problem = ContentError(source, f"pictures[{index + 1}].file", str(error),
                               source_line(source, loc))
        if res.problems is None:
            raise problem from None
        size = (1.0, 1.0)  # pdfgen check reports every picture's problems itself
    return PictureRef(file, caption, source, index, size, alt or caption, loaded)


def _dose_parts(res: _Resolver, dose: dict[str, Any]) -> list[tuple[str, str]]:
    """The dose as labelled numbers: one "Label: value" line of the template each."""
    lines = res.block("card.j2", "dose_parts", {"dose": dose}).splitlines()
    parts = [line.partition(":") for line in lines if line.strip()]
    return [(label.strip(), value.strip()) for label, _, value in parts]


def _labels(res: _Resolver) -> dict[str, str]:
    """The card's labels: the same on every card, so rendered once a handout."""
    if res.labels is None:
        res.labels = {
            name: res.block("card.j2", name)
            for name in ("why", "steps", "tips", "easier", "harder", "dose_label",
                         "continued", "note")
        }
    return res.labels


def _log(res: _Resolver, chosen: Selection, cards: list[CardText], language: str) -> LogText:
    weeks = chosen.log_weeks
    visit_week = None
    if chosen.follow_up and chosen.follow_up >= chosen.day:
        # The log runs to the week of the next visit, where the patient brings it: never
        # stopping short of it, never weeks past it.
        visit_week = min((chosen.follow_up - chosen.day).days // 7, 11)
        weeks = visit_week + 1
    rows = []
    for n in range(weeks):
        first = chosen.day + dt.timedelta(days=7 * n)
        last = first + dt.timedelta(days=6)
        days = f"{format_day(first, language)} – {format_day(last, language)}"
        rows.append((res.block("log.j2", "week", {"week": n + 1}), days))
    doses = [dose_list(item.dose or item.exercise.model.dose) for item in chosen.items]
    return LogText(
        heading=res.block("log.j2", "heading"),
        intro=res.block("log.j2", "intro"),
        who=res.block("log.j2", "who"),
        week_label=res.block("log.j2", "week_column"),
        weeks=rows,
        pain_label=res.block("log.j2", "pain"),
        exercises=[f"{card.number} {card.name}" for card in cards],
        boxes=[_times_a_week(d) for d in doses],
        visit=res.block("log.j2", "visit") if visit_week is not None else "",
        visit_week=visit_week,
    )


def _times_a_week(doses: list[Dose]) -> int:
    """A box for each time the dose asks for in a week: 3 days a week is 3 boxes, twice a
    day 14; with no "how often", one a day. An exercise in parts: the most any part asks."""
    often = [min(d.times * (7 if d.per == "day" else 1), 21) for d in doses
             if d.times and d.per]
    return max(often) if often else 7

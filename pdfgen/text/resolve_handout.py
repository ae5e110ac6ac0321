"""Resolve every human-facing string of a handout: Jinja2 rendered, checked against the fonts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from pdfgen.content.clinic_settings import Clinic
from pdfgen.content.loading import Loaded
from pdfgen.content.models import Dose, Routine, dose_list, next_review
from pdfgen.content.selection import MAX_LOG_WEEKS, Selection
from pdfgen.content.translations import CLINIC_OPTIONAL, CLINIC_TEXT
from pdfgen.errors import ContentError, SelectionError
from pdfgen.languages import emergency_place
from pdfgen.text.email_words import render_email_words
from pdfgen.text.engine import TextEngine, TextError, use_name
from pdfgen.text.fonts import FontSet
from pdfgen.text.footer_text import footer
from pdfgen.text.handout_text import (
    CardText,
    ContactText,
    EmailWords,
    HandoutText,
    Link,
    LogCut,
    LogText,
    PainBandText,
)
from pdfgen.text.i18n import (
    format_date,
    format_day,
    format_month,
    format_weekday,
    language_name,
)
from pdfgen.text.resolve_card import card_text, times_a_week
from pdfgen.text.resolve_strings import Resolver, short_url
from pdfgen.text.sandbox import freeze

# The fields of clinic.toml a translation (clinic.es.toml) gives: a mistake in one of them
# is told against the translation, in any other against clinic.toml.
TRANSLATED_CLINIC = (*CLINIC_TEXT, *CLINIC_OPTIONAL)


def topic_name(topic: str | None) -> str:
    words = (topic or "").replace("_", "-").split("-")
    return " ".join(words).strip().capitalize()


def resolve_handout(
    clinic: Loaded[Clinic],
    chosen: Selection,
    *,
    engine: TextEngine,
    fonts: FontSet,
    problems: list[ContentError] | None = None,
    language: str | None = None,
    with_email: bool = False,
    languages: list[str] | None = None,
) -> HandoutText:
    """Turn validated content and the selection into the text of every part of the handout
    (and, with `with_email`, of the e-mail that carries it).

    `languages`: the codes of every language the routine can be printed in (for the line
    naming the other forms of the handout).
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
                    "topic_name": chosen.topic_name or topic_name(chosen.topic),
                    **_signoff(r, language)},
        "language": language,
        "large_print": chosen.large_print,
        # The other languages the handout is printed in, each named in the handout's and in
        # itself ("Spanish (Español)").
        "languages": [language_name(code, language) for code in languages or ()
                      if code != language.replace("_", "-").split("-")[0].lower()],
    }
    # The number to call when the clinic cannot be reached: clinic.toml's, or its country's.
    context["clinic"]["emergency_phone"] = c.emergency_number
    context["clinic"]["emergency_place"] = emergency_place(c.country)
    res = Resolver(engine, fonts, context, problems)
    try:
        use_name(chosen.patient, fonts)
    except TextError as exc:
        if chosen.patient_from:  # the plan's patient line, not an option never given
            path, line = chosen.patient_from
            raise ContentError(path, "patient", str(exc), line) from None
        raise ContentError(Path("--patient"), "", str(exc)) from None
    # The clinic's own strings may be templates too (e.g. a disclaimer naming the clinic);
    # templates then see the rendered values.
    resolved = {
        name: res.string(value, clinic.path_of(name, TRANSLATED_CLINIC), name)
        for name, value in context["clinic"].items()
        if isinstance(value, str)
    }
    address = res.many(c.address, clinic.path, "address")
    # A phone number must not break across two lines in running text.
    context["clinic"] = {**context["clinic"], **resolved, "address": address,
                         "phone": resolved["phone"].replace(" ", "\u00a0")}
    # The title as printed: the running line and the e-mail name it too, so they get the
    # text that was checked, never the raw one.
    title = (res.string(chosen.title[0], chosen.title[1], "title") if chosen.title
             else res.string(r.title, routine.path, "title"))
    context["routine"] = {**context["routine"], "title": title}
    # Read-only once, here, rather than again at each of the many renderings that follow.
    context.update({name: freeze(value) for name, value in context.items()})

    content_dir = clinic.path.parent
    cards = [card_text(res, n, item, content_dir) for n, item in enumerate(chosen.items, 1)]
    note = res.string(chosen.note[0], chosen.note[1], "note") if chosen.note else None
    # Signs that need emergency care send the patient to the emergency number first, not to
    # the clinic (a clinic's own safety.j2 without these blocks gets pdfgen's).
    urgent = r.stop_if_emergency
    return HandoutText(
        title=title,
        subtitle=res.block("title.j2", "subtitle"),
        prepared_for=res.block("title.j2", "prepared_for"),
        follow_up=res.block("title.j2", "follow_up") if chosen.follow_up else None,
        note_heading=res.block("title.j2", "note_heading"),
        note=note,
        overview_heading=res.block("title.j2", "overview"),
        set_meaning=res.block("title.j2", "set_meaning"),
        # (With a log, the sets done are written there: page 1 has no boxes to tick.)
        tick=(res.block("title.j2", "tick_log" if _all_sets(chosen) else "tick_log_counts",
                        builtin=True) if chosen.log_weeks else res.block("title.j2", "tick")),
        intro=(res.many(chosen.intro[0], chosen.intro[1], "intro") if chosen.intro
               else res.many(r.intro, routine.path, "intro")),
        intro_heading=res.block("title.j2", "intro_heading", builtin=True),
        disclaimer_heading=res.block("disclaimer.j2", "heading"),
        disclaimer=res.block("disclaimer.j2", "body"),
        stop_heading=res.block("safety.j2", "emergency_heading" if urgent else "heading",
                               builtin=urgent),
        stop_if=res.many(r.stop_if, routine.path, "stop_if"),
        stop_footer=res.block("safety.j2", "emergency_footer" if urgent else "footer",
                              builtin=urgent),
        cards=cards,
        conclusion_heading=res.block("closing.j2", "conclusion_heading"),
        conclusion=res.many(r.conclusion, routine.path, "conclusion"),
        notes_heading=res.block("closing.j2", "notes"),
        contact=_contact(res, c.booking_url or c.website),
        log=(_log(res, chosen, cards, language, _pain_scale(res, r, routine.path))
             if chosen.log_weeks else None),
        clinic_name=resolved["name"],
        clinician=resolved["clinician"],
        phone=resolved["phone"],
        # A patient's name is never broken across the line's two lines.
        running_header=_bound(res.block("header.j2", "running"), res.context.get("patient")),
        day=chosen.day,
        grayscale=c.pictures == "grayscale",
        footer=footer(res),
        running_template=res.engine.template_path("header.j2"),
        email_words=_email_words(res) if with_email else None,
        pain_heading=(res.block("safety.j2", "pain_heading", builtin=True)
                      if r.pain_rule or r.pain_scale else ""),
        pain_rule=res.string(r.pain_rule, routine.path, "pain_rule") if r.pain_rule else None,
        pain_scale=_pain_scale(res, r, routine.path),
        pain_rule_short=(res.string(r.pain_rule_short, routine.path, "pain_rule_short")
                         if r.pain_rule_short else None),
        signoff=res.block("closing.j2", "signoff", builtin=True),
        also_in=res.block("closing.j2", "also_in", builtin=True),
        prepared_name=res.block("title.j2", "prepared_name", builtin=True),
        dated=res.block("title.j2", "dated", builtin=True),
    )


def _signoff(routine: Routine, language: str) -> dict[str, str]:
    """The routine's sign-off for the templates: only the fields it gives."""
    given = {"version": routine.version, "reviewed_by": routine.reviewed_by}
    if routine.reviewed:
        given["reviewed"] = format_month(routine.reviewed, language)
        due = next_review(routine)
        given["next_review"] = format_month(due, language) if due else None
    return {key: value for key, value in given.items() if value}


def scores(low: int, high: int) -> str:
    """A band of the pain score as printed: '0–2', or '10' alone."""
    return f"{low}\u2013{high}" if high != low else str(low)


def _pain_scale(res: Resolver, routine: Routine, path: Path) -> list[PainBandText]:
    return [PainBandText(scores(band.low, band.high),
                         res.string(band.label, path, "pain_scale", index, "label"),
                         res.string(band.meaning, path, "pain_scale", index, "meaning"))
            for index, band in enumerate(routine.pain_scale or [])]


def _email_words(res: Resolver) -> EmailWords | None:
    """The e-mail's parts; with a `problems` list (pdfgen check), a mistake goes there."""
    try:
        return render_email_words(res.engine, res.context)
    except ContentError as error:
        return res.fail(error, None)


def _contact(res: Resolver, url: str | None) -> ContactText:
    link = None
    if url:
        link = Link(url, res.block("contact.j2", "link", {"url": url}), short_url(url),
                    res.block("card.j2", "qr_code", builtin=True))
    return ContactText(
        heading=res.block("contact.j2", "heading"),
        phone=res.block("contact.j2", "phone"),
        name=res.block("contact.j2", "name"),
        clinic=res.block("contact.j2", "clinic"),
        details=[line.strip() for line in res.block("contact.j2", "details").splitlines()
                 if line.strip()],
        link=link,
    )


def _log(res: Resolver, chosen: Selection, cards: list[CardText], language: str,
         pain: list[PainBandText]) -> LogText:
    weeks = chosen.log_weeks
    visit_week = None
    if chosen.follow_up and chosen.follow_up >= chosen.day:
        # The log runs to the week of the next visit, where the patient brings it: never
        # stopping short of it, never weeks past it (a week that would start on the day of
        # the visit has no day to log before it).
        visit_week = max((chosen.follow_up - chosen.day).days - 1, 0) // 7
        weeks = min(visit_week + 1, MAX_LOG_WEEKS)
        if visit_week >= MAX_LOG_WEEKS:  # later than the log's last week: no row names it
            visit_week = None
    if chosen.day > dt.date.max - dt.timedelta(days=7 * weeks):
        raise SelectionError(f"--date {chosen.day.isoformat()}: a log of {weeks} "
                             f"week{'s' * (weeks != 1)} would run past the year 9999; choose "
                             "an earlier date, or no log")
    rows = []
    for n in range(weeks):
        first = chosen.day + dt.timedelta(days=7 * n)
        last = first + dt.timedelta(days=6)
        days = f"{format_day(first, language)} – {format_day(last, language)}"
        rows.append((res.block("log.j2", "week", {"week": n + 1}), days))
    doses = _doses(chosen)
    counts = _all_sets(chosen)
    return LogText(
        heading=res.block("log.j2", "heading"),
        intro=res.block("log.j2", "intro") if counts else res.block("log.j2", "intro_counts",
                                                                     builtin=True),
        who=res.block("log.j2", "who"),
        week_label=res.block("log.j2", "week_column"),
        weeks=rows,
        pain_label=res.block("log.j2", "pain"),
        exercises=[f"{card.number} {card.name}" for card in cards],
        boxes=[times_a_week(d) or 7 for d in doses],
        # In the week's narrow cell, the visit's day as the weeks' days are written ("Next
        # visit: Tue Dec 8", not a date broken over three lines).
        visit=res.block("log.j2", "visit", {"follow_up": format_day(chosen.follow_up,
                                                                   language)})
        if visit_week is not None and chosen.follow_up else "",
        visit_week=visit_week,
        box_labels=[res.block("log.j2", _counted(dose), builtin=True) for dose in doses],
        # A band's label kept on one line in the narrow column.
        pain_bands=[res.block("log.j2", "pain_band", {
            "scores": band.scores, "label": band.label.replace(" ", "\u00a0")}, builtin=True)
            for band in pain],
        cut=(LogCut(chosen.log_weeks, weeks, chosen.follow_up, visit_week is not None)
             if chosen.follow_up and weeks != chosen.log_weeks else None),
        days=[format_weekday(chosen.day + dt.timedelta(days=n), language) for n in range(7)],
        day_label=res.block("log.j2", "day", builtin=True),
    )


def _doses(chosen: Selection) -> list[list[Dose]]:
    return [dose_list(item.dose or item.exercise.model.dose) for item in chosen.items]


def _all_sets(chosen: Selection) -> bool:
    """Whether every exercise's boxes in the log count sets (the words then say "sets")."""
    return all(_counted(doses) == "sets_done" for doses in _doses(chosen))


def _counted(doses: list[Dose]) -> str:
    """What a patient writes in an exercise's boxes (a block of log.j2): the sets done, or
    the reps of an exercise without sets, or a tick for one with neither (a hold)."""
    if any(dose.sets for dose in doses):
        return "sets_done"
    return "reps_done" if any(dose.reps for dose in doses) else "ticked"


# The longest name kept whole on the running line: a line holds it in large print too. A
# longer one, kept whole, was cut inside a word at the line's end ("Fernandez Villa" over
# "nueva de los Santos"): it breaks between its words instead.
BOUND_NAME = 32


def _bound(text: str, name: object) -> str:
    """`text` with the words of `name` in it joined by no-break spaces (a name that a line
    holds: BOUND_NAME)."""
    if not isinstance(name, str) or " " not in name.strip() or len(name) > BOUND_NAME:
        return text
    return text.replace(name, name.replace(" ", "\u00a0"))

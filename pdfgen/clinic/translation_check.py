"""`pdfgen check` for translations: their shape, English that changed after them, what is
missing per language, and readability measured the language's own way."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pdfgen.clinic.untranslated import left_in_english
from pdfgen.content.clinic_settings import Clinic
from pdfgen.content.loading import Loaded
from pdfgen.content.models import Exercise, Routine
from pdfgen.content.parsing import source_line
from pdfgen.content.project import Project
from pdfgen.content.selection import Chosen, Selection
from pdfgen.content.translations import (
    CLINIC_OPTIONAL,
    CLINIC_TEXT,
    TRANSLATES,
    TRANSLATION_NAME,
    exercise_text,
    fingerprint,
    is_translation,
    orphans,
    read_translation,
    routine_text,
    shape_problems,
    translate_selection,
    translation_mark,
    translation_of,
)
from pdfgen.errors import ContentError, PdfgenError
from pdfgen.languages import Language
from pdfgen.text.i18n import language, translations

Add = Callable[[str, ContentError], None]  # Report.add: severity and problem


def _translations(project: Project) -> dict[Path, str]:
    """Every translation file of the clinic folder, with its language's code."""
    content = project.content_dir
    files = [*content.glob("clinic.*.toml"), *content.glob("exercises/*.yaml"),
             *content.glob("routines/*/*.yaml")]
    return {f: m["code"] for f in files if (m := TRANSLATION_NAME.match(f.name))}


def languages(project: Project, clinic: Clinic | None) -> list[str]:
    """The languages a clinic has translations in, and its own language when not English."""
    codes = set(_translations(project).values())
    if clinic is not None:
        try:
            own = language(clinic.language, "language")
        except PdfgenError:
            own = None  # clinic.toml's own check reports it
        if own is not None and not own.is_source:
            codes.add(own.code)
    return sorted(codes)


def check_translations(project: Project, add: Add, clinic: Loaded[Clinic] | None,
                       exercises: dict[str, Loaded[Exercise]],
                       routines: list[Loaded[Routine]], engine_for: Callable[[Any], Any],
                       fonts: Any) -> int:
    """Every translation in every language, read against its English; how many files that
    read (for the count of files checked)."""
    own = _own_code(clinic)
    read = 0
    for code in languages(project, clinic.model if clinic else None):
        lang = language(code, "language")
        for problem in orphans(project, code):
            add("error", problem)
        try:
            labels = translations(lang, project.root)
        except PdfgenError as error:
            add("error", _no_catalog(project, code, own, error.message))
            labels = None
        sources: list[tuple[Path, dict[str, Any], tuple[str, ...]]] = []
        if clinic is not None:
            text = clinic.model.model_dump(include=set(CLINIC_TEXT))
            sources.append((clinic.path, text, CLINIC_OPTIONAL))
        sources += [(e.path, exercise_text(e.model), ()) for e in exercises.values()]
        sources += [(r.path, routine_text(r.model), ("topic",)) for r in routines]
        read += sum(translation_of(path, code).is_file() for path, _, _ in sources)
        _waiting(project, code, {path for path, _, _ in sources}, add)
        sound = {path for path, english, allowed in sources
                 if _one(path, english, allowed, lang, code == own, add)}
        if labels is None or clinic is None or clinic.path not in sound:
            continue
        for routine in routines:
            slugs = [item.slug for item in routine.model.exercises]
            unsound = [translation_of(p, code).name for p in
                       (routine.path, *(exercises[s].path for s in slugs)) if p not in sound]
            if not unsound:
                _readability(project, clinic, routine, exercises, lang, labels,
                             engine_for(labels), fonts, add)
            elif translation_of(routine.path, code).is_file():  # (its line went, unsaid)
                add("info", ContentError(translation_of(routine.path, code), "", (
                    f"reading ease not measured yet: see {', '.join(unsound)} above")))
    return read


def _waiting(project: Project, code: str, sources: set[Path], add: Add) -> None:
    """A translation whose English has a mistake is read once that is fixed: say so, rather
    than leave it out of the report without a word."""
    content = project.content_dir
    english = [content / "clinic.toml", *sorted(content.glob("exercises/*.yaml")),
               *sorted(content.glob("routines/*/level-*.yaml"))]
    for source in english:
        path = translation_of(source, code)
        if source in sources or is_translation(source) or not path.is_file():
            continue
        named = " or an exercise it names" if source.parent.parent.name == "routines" else ""
        add("info", ContentError(path, "", f"not checked yet: fix the errors above in "
                                 f"{source.name}{named}, then check again"))


def _no_catalog(project: Project, code: str, own: str | None, message: str) -> ContentError:
    """A language without pdfgen's labels, told where it is asked for: clinic.toml's own
    language, or else its first translation (squat.fr.yaml in an English clinic was once
    blamed on clinic.toml, which says en-CA)."""
    if code == own:
        return ContentError(project.clinic_file, "language", message)
    first = min((f for f, of in _translations(project).items() if of == code), default=None)
    if first is None:
        return ContentError(project.clinic_file, "language", message)
    return ContentError(first, "", f"{message}; no handout in it can be made until then")


def _own_code(clinic: Loaded[Clinic] | None) -> str | None:
    try:
        return language(clinic.model.language).code if clinic else None
    except PdfgenError:
        return None


def _one(source: Path, english: dict[str, Any], allowed: tuple[str, ...], lang: Language,
         needed: bool, add: Add) -> bool:
    """One translation: missing, of another shape, or made from an older English."""
    path = translation_of(source, lang.code)
    if not os.path.lexists(path):  # (a folder of that name: read, it says so)
        hint = (f" (start one with: pdfgen new exercise {source.stem} --translate {lang.code})"
                if source.parent.name == "exercises" else
                f" (start one with: pdfgen new routine {source.parent.name} --level "
                f"{source.stem.removeprefix('level-')} --translate {lang.code})"
                if source.parent.parent.name == "routines" else "")
        why = (f"clinic.toml's language is {lang.tag}: its handouts cannot be made" if needed
               else f"a handout in {lang.name} that needs it cannot be made")
        add("error" if needed else "info", ContentError(
            path, "", f"missing: the {lang.name} translation of {source.name}; {why}{hint}"))
        return False
    try:
        data = read_translation(path, source)
    except ContentError as error:
        add("error", error)
        return False
    problems = []
    if "topic" in allowed:  # a routine's: the topic's name, from an English folder name
        topic = data.pop("topic", None)
        if not isinstance(topic, str) or not topic.strip():  # (told with the rest, at once)
            problems.append(ContentError(path, "topic", "expected the topic's name in the "
                                         "language, printed under the title",
                                         source_line(path, ("topic",))))
    problems += shape_problems(english, data, path, tuple(a for a in allowed if a != "topic"))
    for problem in problems:  # every field left to translate, at once
        add("error", problem)
    if problems:
        return False
    if not lang.is_source:
        for problem in left_in_english(english, data, path, lang.name):
            add("warning", problem)
    mark = TRANSLATES.match(translation_mark(path))
    now = fingerprint(source)
    if mark is not None and mark["sha"] != now:
        add("warning", ContentError(
            path, "translates", f"{source.name} changed after this translation (it translates "
            f"@{mark['sha']}, the English is now @{now}): bring the translation up to date, "
            f"then write translates: {source.name}@{now}", source_line(path, ("translates",))))
    return True


def _readability(project: Project, clinic: Loaded[Clinic], routine: Loaded[Routine],
                 exercises: dict[str, Loaded[Exercise]], lang: Language, labels: Any,
                 engine: Any, fonts: Any, add: Add) -> None:
    """The translated handout's reading ease, by the language's own measure."""
    from pdfgen.text.readability import MIN_INFLESZ, inflesz, inflesz_band, prose
    from pdfgen.text.resolve_handout import resolve_handout

    chosen = Selection(
        topic=routine.path.parent.name, routine=routine,
        items=[Chosen(exercises[i.slug], i.dose, None) for i in routine.model.exercises],
        patient=None, day=dt.date.today(), follow_up=None, note=None, log_weeks=0,
        large_print=False)
    try:
        local_clinic, local = translate_selection(project, clinic, chosen, lang, labels)
        problems: list[ContentError] = []
        text = resolve_handout(local_clinic, local, engine=engine, fonts=fonts,
                               problems=problems, language=lang.tag)
    except PdfgenError as error:
        add("error", error if isinstance(error, ContentError)
            else ContentError(routine.path, "", error.message))
        return
    for problem in problems:
        add("error", problem)
    path = translation_of(routine.path, lang.code)
    if lang.code != "es":
        add("info", ContentError(path, "", f"no reading measure for {lang.name} in pdfgen "
                                 "yet: have a patient or two read it"))
        return
    score = inflesz(prose(text))
    add("info", ContentError(path, "", f"reading ease {score:.0f}, {inflesz_band(score)} "
                             "(Szigriszt-Pazos, INFLESZ scale; aim for 65 or more)"))
    if score < MIN_INFLESZ:
        add("warning", ContentError(path, "", f"reading ease {score:.0f} is "
                                    f"{inflesz_band(score)}: use shorter sentences and "
                                    "everyday words"))

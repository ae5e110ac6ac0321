"""Content translations: squat.es.yaml beside squat.yaml, read over the English and checked.

A translation holds the English file's text fields only, in the same shape (the same lists,
as many items), and `translates: squat.yaml@SHA12`: a fingerprint of the words of the
English file it was made from, so `pdfgen check` can tell when they changed.
"""

from __future__ import annotations

import dataclasses
import difflib
import hashlib
import os
import re
from pathlib import Path
from typing import Any

from pdfgen.caches import current
from pdfgen.content.clinic_settings import Clinic
from pdfgen.content.loading import Loaded, exercise_path
from pdfgen.content.models import Exercise, Picture, Routine
from pdfgen.content.parsing import parse_toml, parse_yaml, source_line
from pdfgen.content.problems import field_name, validate
from pdfgen.content.project import Project
from pdfgen.content.selection import Selection
from pdfgen.errors import ContentError
from pdfgen.languages import Language

# The text of each kind of file: what a translation holds (and nothing else).
EXERCISE_TEXT = ("name", "summary", "why", "steps", "tips", "safety", "easier", "harder",
                 "pictures")
ROUTINE_TEXT = ("title", "intro", "conclusion", "stop_if", "pain_rule", "pain_scale",
                "pain_rule_short")
CLINIC_TEXT = ("disclaimer",)
CLINIC_OPTIONAL = ("credentials",)  # a degree may read differently in the language
TRANSLATES = re.compile(r"^(?P<file>[^@\s]+)@(?P<sha>[0-9a-f]{12})$")
TRANSLATION_NAME = re.compile(r"^(?P<stem>[^.]+)\.(?P<code>[a-z]{2,3})\.(yaml|toml)$")


def translation_of(path: Path, code: str) -> Path:
    """squat.yaml -> squat.es.yaml, clinic.toml -> clinic.es.toml."""
    return path.with_name(f"{path.stem}.{code}{path.suffix}")


def is_translation(path: Path) -> bool:
    """Whether a file is a translation (a language code before its extension)."""
    return TRANSLATION_NAME.match(path.name) is not None


def fingerprint(path: Path) -> str:
    """The 12 hex digits a translation records of its English file: of the file's words, the
    fields a translation holds. A new colour, dose or picture file leaves every translation
    as up to date as it was; a changed sentence does not."""
    import json

    from pdfgen.content.parsing import parse_toml, parse_yaml

    try:
        data = parse_toml(path) if path.suffix == ".toml" else parse_yaml(path)
    except ContentError:
        data = None
    if not isinstance(data, dict):  # unreadable: its bytes, whatever they are
        return hashlib.sha256(path.read_bytes()).hexdigest()[:12]
    fields: tuple[str, ...]
    if path.suffix == ".toml":
        fields = (*CLINIC_TEXT, *CLINIC_OPTIONAL)
    elif path.parent.name == "exercises":
        fields = EXERCISE_TEXT
    else:
        fields = ROUTINE_TEXT
    words = {key: data[key] for key in fields if key in data}
    if isinstance(words.get("pictures"), list):
        words["pictures"] = [p.get("caption") if isinstance(p, dict) else p
                             for p in words["pictures"]]
    dose = data.get("dose")
    if isinstance(dose, list):  # the names of an exercise's parts
        words["dose"] = [d.get("name") if isinstance(d, dict) else d for d in dose]
    canonical = json.dumps(words, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:12]


def translation_mark(path: Path) -> str:
    """A translation's `translates` mark as written ("squat.yaml@0123456789ab"), or ""."""
    data = parse_toml(path) if path.suffix == ".toml" else parse_yaml(path)
    mark = data.get("translates") if isinstance(data, dict) else None
    return mark if isinstance(mark, str) else ""


def stale_translations(sources: list[Path], code: str) -> tuple[Path, ...]:
    """The translations into `code` of these English files that were written before their
    English last changed (their mark names an older fingerprint of its words)."""
    # Asked on every build in a language: answered from memory while neither file changed
    # (a batch's thousand Spanish handouts parse each pair once, not a thousand times).
    known = current().map("stale_translations", _MOST_PAIRS)
    stale = []
    for source in sources:
        path = translation_of(source, code)
        key = (_state(source), _state(path))
        older = known.get(key)
        if older is None:
            found = TRANSLATES.match(translation_mark(path)) if key[1] else None
            older = known.put(key, found is not None and found["sha"] != fingerprint(source))
        if older:
            stale.append(path)
    return tuple(stale)


_MOST_PAIRS = 256  # English files and their translations remembered (pdfgen.caches)


def _state(path: Path) -> tuple[str, int, int] | None:
    """A file's path, size and time of change; None when there is no such file."""
    try:
        info = path.stat()
    except OSError:
        return None
    return str(path), info.st_size, info.st_mtime_ns


def read_translation(path: Path, source: Path) -> dict[str, Any]:
    """A translation file's fields, with `translates` checked (and taken out)."""
    data = parse_toml(path) if path.suffix == ".toml" else parse_yaml(path)
    if not isinstance(data, dict):
        raise ContentError(path, "", "expected the translated fields (name: ..., steps: ...)")
    data = dict(data)
    mark = data.pop("translates", None)
    found = TRANSLATES.match(mark) if isinstance(mark, str) else None
    if found is None or found["file"] != source.name:
        raise ContentError(path, "translates", f"expected '{source.name}@' and the 12 hex "
                           f"digits of its words' fingerprint (now {source.name}@"
                           f"{fingerprint(source)}), got {mark!r}",
                           source_line(path, ("translates",)))
    return data


def check_shape(english: dict[str, Any], translated: dict[str, Any], path: Path,
                allowed: tuple[str, ...] = ()) -> None:
    """The translation has every text field of the English, in the same shape, and no other
    (the first problem, for a build)."""
    problems = shape_problems(english, translated, path, allowed)
    if problems:
        raise problems[0]


def shape_problems(english: dict[str, Any], translated: dict[str, Any], path: Path,
                   allowed: tuple[str, ...] = ()) -> list[ContentError]:
    """Every way the translation's shape differs from the English (for `pdfgen check`, so
    a translator sees every field left to translate at once)."""
    fields = [*english, *allowed]
    meant = {key: _meant(key, fields) for key in translated
             if key not in english and key not in allowed}
    problems = [ContentError(path, key, _not_a_field(meant[key]), source_line(path, (key,)))
                for key in meant]
    for key, value in english.items():
        if key not in translated and key in meant.values():
            continue  # ("tipps": one mistake, not that and "tips" missing as well)
        _same_shape(value, translated.get(key), path, (key,), problems)
    return problems


def _meant(key: str, fields: list[str]) -> str | None:
    close = difflib.get_close_matches(key, fields, n=1, cutoff=0.75)
    return close[0] if close else None


def _not_a_field(meant: str | None) -> str:
    """A field the English does not have: misspelt ("tipps", said as the English's are), or
    none a translation holds."""
    if meant:
        return f"not a text field of the English file (did you mean '{meant}'?)"
    return "not a text field of the English file (a translation holds only the English's " \
        "text fields)"


def _same_shape(english: Any, other: Any, path: Path, loc: tuple[str | int, ...],
                problems: list[ContentError]) -> None:
    def fail(expected: str) -> None:
        problems.append(ContentError(path, field_name(loc), expected, source_line(path, loc)))

    if other is None:
        fail("missing: the English has it; translate it (never leave English in a "
             "translation)")
    elif isinstance(english, str):
        if not isinstance(other, str):
            fail("expected text, as in the English")
        elif not other.strip() and not english:  # (a picture's alt of its own)
            fail("empty: write what a screen reader says for the picture, or leave out alt")
        elif not other.strip():
            fail("empty: not translated yet (the English is in the comment above it)")
    elif isinstance(english, list):
        if not isinstance(other, list):
            fail(f"expected a list of {len(english)}, as in the English")
        elif len(other) != len(english):
            fail(f"expected {len(english)} items, as in the English, got {len(other)}")
        else:
            for index, (a, b) in enumerate(zip(english, other, strict=True)):
                _same_shape(a, b, path, (*loc, index), problems)
    elif isinstance(english, dict):
        # A picture's words for a screen reader, which its English may leave to its caption.
        extra = {"alt"} if loc[:1] == ("pictures",) else set()
        if not isinstance(other, dict):
            said = ", ".join([*english, *(f"{k} (if you like)" for k in extra - set(english))])
            fail(f"expected {said} (as in the English)")
            return
        for key in other:
            if key in english or key in extra:
                _same_shape(english.get(key, ""), other[key], path, (*loc, key), problems)
                continue
            close = difflib.get_close_matches(str(key), [*english, *extra], n=1)
            hint = (f"did you mean '{close[0]}'?" if close else
                    f"expected {', '.join([*english, *extra])}")
            problems.append(ContentError(path, field_name((*loc, str(key))), "not a field of "
                                         f"the English here ({hint})",
                                         source_line(path, (*loc, str(key)))))
        for key in english:
            if key not in other:
                _same_shape(english[key], None, path, (*loc, key), problems)


def _missing(path: Path, source: Path, lang: Language, how: str = "") -> ContentError:
    return ContentError(path, "", f"missing: the {lang.name} translation of {source.name} "
                        f"(a handout never mixes two languages){how}")


def exercise_text(exercise: Exercise) -> dict[str, Any]:
    """An exercise's text fields, as a translation holds them (pictures: captions only)."""
    text = exercise.model_dump(include=set(EXERCISE_TEXT), exclude_none=True)
    text["pictures"] = [{"caption": p.caption} for p in exercise.pictures]
    if isinstance(exercise.dose, list):  # the parts' names: the numbers are the same
        text["dose"] = [{"name": d.name} for d in exercise.dose]
    return {key: value for key, value in text.items() if value not in ([], None)}


def routine_text(routine: Routine) -> dict[str, Any]:
    """A routine's text fields, as a translation holds them (the pain scale: each band's
    label and meaning; its numbers come from the English)."""
    text = routine.model_dump(include=set(ROUTINE_TEXT), exclude={"pain_scale"})
    if routine.pain_scale:
        text["pain_scale"] = [{"label": b.label, "meaning": b.meaning}
                              for b in routine.pain_scale]
    return {key: value for key, value in text.items() if value}


def translate_exercise(loaded: Loaded[Exercise], lang: Language) -> Loaded[Exercise]:
    path = translation_of(loaded.path, lang.code)
    if not os.path.lexists(path):  # (a folder of that name: read, it says so)
        raise _missing(path, loaded.path, lang, f"; start one with: pdfgen new exercise "
                       f"{loaded.path.stem} --translate {lang.code}")
    english = exercise_text(loaded.model)
    data = read_translation(path, loaded.path)
    check_shape(english, data, path)
    pictures = [Picture(file=p.file, figure=p.figure, caption=data["pictures"][i]["caption"],
                        alt=data["pictures"][i].get("alt"))
                for i, p in enumerate(loaded.model.pictures)]
    merged = {**loaded.model.model_dump(exclude_none=True), **data,
              "pictures": [p.model_dump() for p in pictures]}
    if isinstance(loaded.model.dose, list):
        merged["dose"] = [{**d.model_dump(exclude_none=True), "name": data["dose"][i]["name"]}
                          for i, d in enumerate(loaded.model.dose)]
    return Loaded(validate(Exercise, merged, path), path, english=loaded.path)


def translate_routine(loaded: Loaded[Routine], lang: Language) -> tuple[Loaded[Routine], str]:
    """The routine in the language, and its topic's name (the folder's name is English)."""
    path = translation_of(loaded.path, lang.code)
    if not os.path.lexists(path):  # (a folder of that name: read, it says so)
        raise _missing(path, loaded.path, lang, "; start one with: pdfgen new routine "
                       f"{loaded.path.parent.name} --level {loaded.model.level} "
                       f"--translate {lang.code}")
    english = routine_text(loaded.model)
    data = read_translation(path, loaded.path)
    topic = data.pop("topic", None)
    if not isinstance(topic, str) or not topic.strip():
        raise ContentError(path, "topic", "expected the topic's name in the language (e.g. "
                           "'Dolor de espalda' for back-pain), printed under the title",
                           source_line(path, ("topic",)))
    check_shape(english, data, path)
    merged = {**loaded.model.model_dump(), **data}
    if loaded.model.pain_scale:
        merged["pain_scale"] = [{**band.model_dump(), **data["pain_scale"][i]}
                                for i, band in enumerate(loaded.model.pain_scale)]
    return Loaded(validate(Routine, merged, path), path), topic.strip()


def translate_clinic(loaded: Loaded[Clinic], lang: Language) -> Loaded[Clinic]:
    path = translation_of(loaded.path, lang.code)
    if not os.path.lexists(path):  # (a folder of that name: read, it says so)
        raise _missing(path, loaded.path, lang)
    english = loaded.model.model_dump(include=set(CLINIC_TEXT))
    data = read_translation(path, loaded.path)
    check_shape(english, data, path, allowed=CLINIC_OPTIONAL)
    merged = {**loaded.model.model_dump(exclude_none=True), **data}
    # The clinic's own file for what is not text (a name, a logo): a mistake there is told
    # against clinic.toml, one in the translated text against this file (Loaded.path_of).
    return Loaded(validate(Clinic, merged, path), loaded.path, translation=path)


def orphans(project: Project, code: str) -> list[ContentError]:
    """Translations in a language whose English file does not exist."""
    found = []
    folders = [project.content_dir / "exercises"]
    routines = project.content_dir / "routines"
    if routines.is_dir():
        folders += sorted(p for p in routines.iterdir() if p.is_dir())
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob(f"*.{code}.yaml")):
            source = path.with_name(path.name.replace(f".{code}.yaml", ".yaml"))
            if not source.is_file():
                what = "exercise" if folder.name == "exercises" else "routine level"
                found.append(ContentError(path, "", f"translates an {what} that does not "
                                          f"exist (no {source.name} beside it)"))
    return found


def translate_selection(project: Project, clinic: Loaded[Clinic], chosen: Selection,
                        lang: Language, labels: Any) -> tuple[Loaded[Clinic], Selection]:
    """The clinic and the chosen content read in the language; any gap is an error."""
    for problem in orphans(project, lang.code):
        raise problem
    clinic = translate_clinic(clinic, lang)
    routine, topic = chosen.routine, None
    if chosen.topic is not None:
        routine, topic = translate_routine(chosen.routine, lang)
    elif chosen.title is None:  # a plan of chosen exercises, titled by pdfgen
        title = labels.gettext("Your exercise plan")  # plan.py's English title
        routine = Loaded(routine.model.model_copy(update={"title": title}), routine.path)
    items = [dataclasses.replace(item, exercise=translate_exercise(item.exercise, lang))
             for item in chosen.items]
    return clinic, dataclasses.replace(chosen, routine=routine, items=items, topic_name=topic)


def exercise_file(project: Project, slug: str, code: str) -> Path:
    return translation_of(exercise_path(project, slug), code)


def languages_of(project: Project, routine: Path, slugs: list[str]) -> list[str]:
    """The languages a routine can be printed in: English, and each language it and its
    exercises (and the clinic's text) have translations in (their files, not yet checked)."""
    found = ["en"]
    for path in sorted(routine.parent.glob(f"{routine.stem}.*.yaml")):
        code = path.name.split(".")[-2]
        files = [project.clinic_file, *(exercise_path(project, s) for s in slugs)]
        if all(translation_of(f, code).is_file() for f in files):
            found.append(code)
    return found

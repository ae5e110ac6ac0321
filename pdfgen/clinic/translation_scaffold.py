"""`pdfgen new exercise SLUG --translate es` and `pdfgen new routine TOPIC --level N
--translate es`: a translation to fill in, the English beside every field as a comment."""

from __future__ import annotations

import difflib
import json
import textwrap
from pathlib import Path
from typing import Any

from pdfgen.content.loading import (
    exercise_path,
    load_exercise,
    load_routine,
    routine_files,
    unknown_exercise,
)
from pdfgen.content.project import Project
from pdfgen.content.translations import exercise_text, fingerprint, routine_text, translation_of
from pdfgen.errors import ContentError, PdfgenError

WIDTH = 96


def new_exercise_translation(project: Project, slug: str, tag: str) -> Path:
    """Write content/exercises/SLUG.CODE.yaml: every text field empty, its English above."""
    from pdfgen.clinic.scaffold import create_file
    from pdfgen.errors import ScaffoldError

    lang = _language(tag)
    source = exercise_path(project, slug)
    if not source.is_file():
        raise ScaffoldError(f"exercise SLUG '{slug}': {unknown_exercise(project, slug)}")
    try:
        exercise = load_exercise(project, slug).model
    except PdfgenError as error:
        raise ScaffoldError(f"{error.message} (fix the English first)") from None
    english = exercise_text(exercise)
    for index, picture in enumerate(exercise.pictures):  # (its alt, where the English has one)
        if picture.alt:
            english["pictures"][index]["alt"] = picture.alt
    head = [
        f"# The {lang.name} ({lang.code}) text of {source.name}. Translate each \"\" below: the",
        "# English is in the comment above it. Keep every list as long as the English's;",
        "# doses (but the names of an exercise's parts), pictures' files and the video come",
        "# from the English file.",
        "# Then run `pdfgen check`, and `pdfgen handout --language "
        f"{lang.code}` with a routine that uses it.",
        "# `translates` records which English this is made from: when the English changes,",
        "# pdfgen check says so. Update it (the new value is in that warning) once translated.",
        f"translates: {source.name}@{fingerprint(source)}",
    ]
    body = [line for key, value in english.items() for line in _field(key, value)]
    path = translation_of(source, lang.code)
    return create_file(project, path, "\n".join([*head, *body]) + "\n")


def new_routine_translation(project: Project, topic: str, level: int, tag: str) -> Path:
    """Write content/routines/TOPIC/level-N.CODE.yaml: the topic's name and every text field
    empty, its English above."""
    from pdfgen.clinic.scaffold import create_file
    from pdfgen.errors import ScaffoldError

    lang = _language(tag)
    topics = sorted(routine_files(project))
    if topic not in topics:
        close = difflib.get_close_matches(topic.lower(), topics, n=1)
        hint = f"did you mean {close[0]}? " if close else ""
        raise ScaffoldError(f"TOPIC '{topic}': no routine of that topic to translate ({hint}"
                            f"known: {', '.join(topics) or 'none'})")
    try:
        loaded = load_routine(project, topic, level)
    except ContentError as error:  # (no such level: said as --level's own mistake)
        raise ScaffoldError(f"{error.message} (fix the English first)") from None
    source = loaded.path
    head = [
        f"# The {lang.name} ({lang.code}) text of {topic}/{source.name}. Translate each \"\" "
        "below:",
        "# the English is in the comment above it. Keep every list as long as the English's;",
        "# the level, the exercises and their doses, and the pain scale's numbers come from",
        "# the English file.",
        f"# Then run `pdfgen check`, and `pdfgen handout --routine {topic} --level {level} "
        f"--language {lang.code}`.",
        "# `translates` records which English this is made from: when the English changes,",
        "# pdfgen check says so. Update it (the new value is in that warning) once translated.",
        f"translates: {source.name}@{fingerprint(source)}",
        f"# The topic's name, printed under the title (the folder's name, {topic}, is English).",
        'topic: ""',
    ]
    body = [line for key, value in routine_text(loaded.model).items()
            for line in _field(key, value)]
    return create_file(project, translation_of(source, lang.code),
                       "\n".join([*head, *body]) + "\n")


def _language(tag: str) -> Any:
    from pdfgen.errors import ScaffoldError
    from pdfgen.text.i18n import language

    lang = language(tag, "--translate")
    if lang.is_source:
        raise ScaffoldError(f"--translate {tag}: English is the language pdfgen's content is "
                            "written in; give the language to translate into, e.g. es")
    return lang


def _field(key: str, value: Any) -> list[str]:
    if isinstance(value, str):
        return [*_comment(value, ""), f'{key}: ""']
    lines = [f"{key}:"]
    for item in value:
        if isinstance(item, dict):  # a picture's caption, a dose's part's name, a pain band's
            for index, (name, english) in enumerate(item.items()):  # label and meaning
                indent = "  " if index == 0 else "    "
                lines += [*_comment(str(english), indent),
                          f'{indent}{"- " if index == 0 else ""}{name}: ""']
        else:
            lines += [*_comment(item, "  "), '  - ""']
    return lines


def _comment(english: str, indent: str) -> list[str]:
    text = " ".join(english.split())
    return textwrap.wrap(text, WIDTH - len(indent) - 2, initial_indent=f"{indent}# ",
                         subsequent_indent=f"{indent}# ", break_on_hyphens=False) or [
        f"{indent}# {json.dumps(text)}"]

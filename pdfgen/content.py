"""Read clinic.toml and the YAML content into models; every error names its file and field."""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from pdfgen.errors import ContentError, SelectionError
from pdfgen.models import Clinic, Exercise, Routine
from pdfgen.project import Project

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")
LEVEL_FILE = re.compile(r"^level-(\d+)\.ya?ml$")
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Loaded(Generic[T]):
    """A validated model and the file it came from (kept for error messages)."""

    model: T
    path: Path


def load_clinic(project: Project) -> Loaded[Clinic]:
    path = project.clinic_file
    try:
        data = tomllib.loads(_read(path))
    except tomllib.TOMLDecodeError as exc:
        line = _toml_line(str(exc))
        reason = _toml_reason(str(exc))
        hint = "; text must be in double quotes, like name = \"My Clinic\"" if (
            reason.startswith("Invalid value")) else ""
        raise ContentError(path, "", f"not valid TOML ({reason}){hint}", line) from None
    clinic = _validate(Clinic, data, path)
    if clinic.logo is not None and not (project.content_dir / clinic.logo).is_file():
        raise ContentError(path, "logo", f"file not found: content/{clinic.logo}")
    return Loaded(clinic, path)


def load_exercise(project: Project, slug: str) -> Loaded[Exercise]:
    path = project.content_dir / "exercises" / f"{slug}.yaml"
    return Loaded(_validate(Exercise, _load_yaml(path), path), path)


def exercise_exists(project: Project, slug: str) -> bool:
    return (project.content_dir / "exercises" / f"{slug}.yaml").is_file()


def routine_files(project: Project) -> dict[str, dict[int, Path]]:
    """Every routine file by topic and level, from the folder layout alone."""
    found: dict[str, dict[int, Path]] = {}
    base = project.content_dir / "routines"
    if not base.is_dir():
        return found
    for topic_dir in sorted(p for p in base.iterdir() if p.is_dir()):
        for file in sorted(topic_dir.iterdir()):
            match = LEVEL_FILE.match(file.name)
            if match:
                found.setdefault(topic_dir.name, {})[int(match.group(1))] = file
    return found


def choose_topic(project: Project, topic: str | None) -> str:
    """The topic asked for, or the only one there is."""
    topics = sorted(routine_files(project))
    if not topics:
        raise SelectionError(f"{_rel(project, project.content_dir)}/routines: no routines found")
    if topic is None:
        if len(topics) > 1:
            raise SelectionError(
                f"--routine is needed: this clinic has several topics ({', '.join(topics)})"
            )
        return topics[0]
    if topic not in topics:
        raise SelectionError(f"--routine {topic}: unknown topic (known: {', '.join(topics)})")
    return topic


def load_routine(project: Project, topic: str, level: int) -> Loaded[Routine]:
    levels = routine_files(project)[topic]
    if level not in levels:
        known = ", ".join(str(n) for n in sorted(levels))
        raise SelectionError(f"--level {level}: no such level for {topic} (known: {known})")
    path = levels[level]
    routine = _validate(Routine, _load_yaml(path), path)
    if routine.level != level:
        raise ContentError(
            path, "level", f"expected {level} (from the file name), got {routine.level}"
        )
    for index, item in enumerate(routine.exercises, start=1):
        if not exercise_exists(project, item.slug):
            raise ContentError(
                path,
                f"exercises[{index}]",
                f"unknown exercise '{item.slug}' "
                f"(expected a file content/exercises/{item.slug}.yaml)",
                yaml_line(path, ("exercises", index - 1)),
            )
    return Loaded(routine, path)


def _rel(project: Project, path: Path) -> str:
    return path.relative_to(project.root).as_posix()


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ContentError(path, "", "file not found") from None
    except UnicodeDecodeError as exc:
        raise ContentError(path, "", f"not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise ContentError(path, "", f"cannot be read ({exc.strerror})") from None


def _load_yaml(path: Path) -> object:
    text = _read(path)
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.reader.ReaderError as exc:
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        raise ContentError(path, "", f"not valid YAML (the control character U+{code:04X} "
                           "is not allowed)") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or "could not be parsed"
        line = mark.line + 1 if mark is not None else None
        hint = _yaml_hint(text, line, problem)
        raise ContentError(path, "", f"not valid YAML ({problem}){hint}", line) from None


def _yaml_hint(text: str, line: int | None, problem: str) -> str:
    """The likely mistake behind a YAML parser's message, in the admin's words."""
    lines = text.splitlines()
    nearby = lines[max(0, (line or 1) - 3):(line or 1)]
    if any("\t" in row[: len(row) - len(row.lstrip())] for row in nearby):
        return "; indent with spaces, not tabs"
    if any(re.search(r"(^|:\s|-\s)\{\{", row.lstrip()) for row in nearby):
        return "; text that starts with {{ must be in double quotes"
    if "mapping values are not allowed" in problem:
        return "; put text that contains ': ' in double quotes"
    return ""


def _validate(model: type[M], data: object, path: Path) -> M:
    if not isinstance(data, dict):
        kind = "empty" if data is None else f"a {type(data).__name__}"
        raise ContentError(path, "", f"expected a mapping of fields, but the file is {kind}")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        # An unknown field is usually a misspelt one, which also makes a field "missing":
        # report the misspelling, the cause.
        errors = sorted(exc.errors(), key=lambda e: e["type"] != "extra_forbidden")
        error = errors[0]
        loc = _trim_loc(error["loc"])
        line = yaml_line(path, loc) if path.suffix in (".yaml", ".yml") else None
        raise ContentError(path, field_name(loc), _problem(error, model), line) from None


def _trim_loc(loc: tuple[int | str, ...]) -> tuple[int | str, ...]:
    # pydantic adds the names of union members and validator wrappers to the location.
    return tuple(
        part
        for part in loc
        if not (isinstance(part, str) and (part.startswith("function-") or "[" in part))
        and part not in ("str", "int", "RoutineItem")
    )


def field_name(loc: tuple[int | str, ...]) -> str:
    # Items count from 1, as a person counts the dashes in a YAML list.
    name = ""
    for part in loc:
        if isinstance(part, int):
            name += f"[{part + 1}]"
        else:
            name += f".{part}" if name else str(part)
    return name or "(top level)"


_PROBLEMS = {
    "missing": "required field is missing",
    "string_type": "expected text",
    "int_type": "expected a whole number",
    "list_type": "expected a list",
    "dict_type": "expected a mapping of fields",
    "model_type": "expected a mapping of fields",
    "string_too_short": "expected text, got an empty value",
    "too_short": "expected at least one item",
    "greater_than": "expected a number greater than 0",
}


def _problem(error: dict, model: type[BaseModel]) -> str:
    kind = error["type"]
    given = error.get("input")
    if kind == "extra_forbidden":
        known = _known_fields(model, error["loc"])
        close = difflib.get_close_matches(str(error["loc"][-1]), known, n=1)
        hint = f"did you mean '{close[0]}'?" if close else f"expected one of: {', '.join(known)}"
        return f"unknown field ({hint})"
    if kind == "string_pattern_mismatch":
        return f"{_pattern_hint(error['loc'])}, got {given!r}"
    if kind == "string_type" and isinstance(given, dict):
        # YAML reads `summary: {{ clinic.name }} ...` as a mapping, not as text.
        return "expected text; text that starts with {{ must be in double quotes"
    if kind in _PROBLEMS:
        text = _PROBLEMS[kind]
        bare = kind in ("missing", "too_short", "string_too_short")
        return text if bare else f"{text}, got {given!r}"
    if kind == "value_error":  # our own validators say the whole thing
        return str(error["ctx"]["error"])
    message = error["msg"].replace("Input should be", "expected")
    return f"{message[0].lower()}{message[1:]}, got {given!r}"


def _known_fields(model: type[BaseModel], loc: tuple[int | str, ...]) -> list[str]:
    """The field names allowed where `loc` points, following nested models."""
    current: type[BaseModel] = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        field = current.model_fields.get(str(part))
        nested = _model_in(field.annotation) if field else None
        if nested is None:
            return []
        current = nested
    return list(current.model_fields)


def _model_in(annotation: object) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _pattern_hint(loc: tuple[int | str, ...]) -> str:
    field = next((p for p in reversed(loc) if isinstance(p, str)), "")
    return {
        "primary": "expected a colour like '#1D5C4D'",
        "accent": "expected a colour like '#1D5C4D'",
        "contact_email": "expected an e-mail address like 'name@example.com'",
        "website": "expected a web address starting with https://",
        "video": "expected a web address starting with https://",
        "language": "expected a language tag like 'en-US'",
    }.get(field, "not in the expected form")


def _toml_line(message: str) -> int | None:
    match = re.search(r"line (\d+)", message)
    return int(match.group(1)) if match else None


def _toml_reason(message: str) -> str:
    return re.sub(r"\s*\(at line \d+, column \d+\)", "", message) or "could not be parsed"


def yaml_line(path: Path, loc: tuple[int | str, ...]) -> int | None:
    """The line of the YAML node at `loc`, or of its nearest parent that exists."""
    try:
        node = yaml.compose(path.read_text(encoding="utf-8"), Loader=_Loader)
    except (OSError, yaml.YAMLError, UnicodeDecodeError):
        return None
    line = None
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            match = next((v for k, v in node.value if k.value == part), None)
            key = next((k for k, v in node.value if k.value == part), None)
            if match is None:
                break
            line = key.start_mark.line + 1 if key is not None else line
            node = match
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if part >= len(node.value):
                break
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            break
    return line

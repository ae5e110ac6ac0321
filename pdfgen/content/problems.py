"""pydantic's validation errors, told as file, line, field and what was expected."""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from pydantic import BaseModel, ValidationError

from pdfgen.content.parse_hints import CURLY
from pdfgen.content.parsing import source_line
from pdfgen.errors import ContentError

if TYPE_CHECKING:
    from pydantic_core import ErrorDetails

M = TypeVar("M", bound=BaseModel)


def validate(model: type[M], data: object, path: Path) -> M:
    """The validated model, or the first problem (the cause, when a field is misspelt)."""
    result, problems = validate_all(model, data, path)
    if problems:
        raise problems[0]
    assert result is not None
    return result


def validate_all(model: type[M], data: object, path: Path) -> tuple[M | None, list[ContentError]]:
    """The validated model, or every problem in the data."""
    if not isinstance(data, dict):
        kind = "empty" if data is None else f"a {type(data).__name__}"
        written = "name = value" if path.suffix == ".toml" else "name: value"
        guide = "docs/plans.md" if model.__name__ == "Plan" else "docs/content.md"
        problem = (f"expected its fields, one a line as `{written}` ({guide} lists "
                   f"them), but the file is {kind}")
        return None, [ContentError(path, "", problem)]
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        # An unknown field is usually a misspelt one, which also makes a field "missing":
        # report the misspelling first, as the cause.
        errors = sorted(exc.errors(), key=lambda e: e["type"] != "extra_forbidden")
        problems = []
        for error in errors:
            loc, problem = _as_written(_trim_loc(error["loc"]), data), _problem(error, model)
            named = re.match(r"(\w+): ", problem) if not loc else None
            if named and named.group(1) in model.model_fields:
                # (A check of the whole file that names its field first, "layout: compact and
                # large_print: true: …", is told at that field's line, not "(top level)".)
                loc, problem = (named.group(1),), problem[named.end():]
            problems.append(ContentError(path, field_name(loc), problem, source_line(path, loc)))
        return None, _without_misspelt(problems)


def _without_misspelt(problems: list[ContentError]) -> list[ContentError]:
    """The problems, less a required field's "missing" where an unknown field beside it is
    its misspelling (`phnoe`, "did you mean 'phone'?"): one mistake, told once."""
    meant = set()
    for problem in problems:
        said = re.fullmatch(r"unknown field \(did you mean '([^']+)'\?\)", problem.problem)
        if said:
            parent = problem.field.rpartition(".")[0]
            meant.add(f"{parent}.{said.group(1)}" if parent else said.group(1))
    return [p for p in problems
            if not (p.problem == _PROBLEMS["missing"] and p.field in meant)]


def shown(value: object, limit: int = 60) -> str:
    """A value as a message may quote it: never more than `limit` characters of it."""
    if isinstance(value, list | tuple | dict) and len(value) > 20:
        return f"a {type(value).__name__} of {len(value)} items"
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + "…"


def field_name(loc: tuple[int | str, ...]) -> str:
    """`steps[3]`, `dose.reps`: items count from 1, as a person counts the dashes in a list."""
    name = ""
    for part in loc:
        if isinstance(part, int):
            name += f"[{part + 1}]"
        else:
            name += f".{part}" if name else str(part)
    return name or "(top level)"


def _as_written(loc: tuple[int | str, ...], data: object) -> tuple[int | str, ...]:
    """The place as the file has it: `exercises[2]` for `- Clamshell` (an item written as
    its slug alone), not `exercises[2].slug`, a field the clinic never wrote."""
    if not loc or loc[-1] != "slug":
        return loc
    item = data
    for part in loc[:-1]:
        try:
            item = item[part]  # type: ignore[index]
        except (KeyError, IndexError, TypeError):
            return loc
    return loc[:-1] if isinstance(item, str) else loc


def _trim_loc(loc: tuple[int | str, ...]) -> tuple[int | str, ...]:
    # pydantic adds the names of union members and validator wrappers to the location (and
    # the tags of a union chosen by shape, named "tagged-...").
    return tuple(
        part
        for part in loc
        if not (isinstance(part, str) and (part.startswith(("function-", "tagged-"))
                                           or "[" in part))
        and part not in ("str", "int", "RoutineItem")
    )


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
    "bool_type": "expected true or false",
    "bool_parsing": "expected true or false",
}


def _problem(error: ErrorDetails, model: type[BaseModel]) -> str:
    kind = error["type"]
    given = error["input"]
    if kind == "extra_forbidden":
        known = _known_fields(model, _trim_loc(error["loc"]))
        close = difflib.get_close_matches(str(error["loc"][-1]), known, n=1)
        hint = f"did you mean '{close[0]}'?" if close else f"expected one of: {', '.join(known)}"
        return f"unknown field ({hint})"
    if kind == "string_pattern_mismatch":
        said = f"{_pattern_hint(error['loc'])}, got {shown(given)}"
        name = re.sub(r"\.ya?ml$", "", str(given).strip(), flags=re.I)
        slug = "-".join(re.findall(r"[a-z0-9]+", name.lower()))
        # ("Clamshell", "Bird Dog", "side_plank", "squat.yaml"; never a path: "../../x")
        if error["loc"][-1] == "slug" and slug and not re.search(r"[/\\.]", name):
            said += f" (the exercise's file name without .yaml: '{slug}'?)"
        if error["loc"][-1] == "country" and isinstance(given, str):
            from pdfgen.languages import country_named

            code = country_named(given)
            said += f": write {code}" if code else ""
        if error["loc"][-1] == "language" and isinstance(given, str):
            from pdfgen.languages import language_named  # ("español", as country "México")

            named = language_named(given)
            said += f": for {named[1]}, write {named[0]}" if named else ""
        return said
    if kind in ("dict_type", "model_type") and error["loc"] == ("email",) and "@" in str(given):
        # (clinic.toml's `email` is its mail server's table: an address there was meant as
        # the one patients write to.)
        return (f"expected the mail server's settings, an [email] table (docs/email.md), got "
                f"{shown(given)}: the address patients write to is contact_email")
    if kind in ("less_than_equal", "greater_than_equal"):
        bound = error["ctx"].get("le", error["ctx"].get("ge"))
        word = "at most" if kind == "less_than_equal" else "at least"
        return f"expected a number of {word} {bound}, got {shown(given)}"
    # (A text whose own check runs first, as Text's curly quotes, is "too_long" to pydantic.)
    if kind == "string_too_long" or (kind == "too_long" and isinstance(given, str)):
        return f"expected at most {error['ctx']['max_length']} characters, got {len(given)}"
    if kind == "too_long" and isinstance(given, list):
        return f"expected at most {error['ctx']['max_length']} items, got {len(given)}"
    if kind == "string_type" and isinstance(given, dict):
        # YAML reads `- Note: keep your back straight.` as a mapping, not as text (and
        # `{{ clinic.name }}` too, which parsing names: a mapping as a field's name).
        return "expected text; put text that contains ': ' in double quotes"
    if kind == "int_type" and isinstance(given, str) and re.fullmatch(r"[-+]?0[0-9]+", given):
        # (YAML 1.1 read 010 as 8: pdfgen reads it as text, and says what was meant)
        return f"write whole numbers without a leading 0 ({int(given)}), got {shown(given)}"
    if kind == "int_type" and isinstance(given, str) and given.strip(f" {CURLY}").isdigit():
        # (To most people "2" is a whole number: the quotes, straight or curly, are wrong.)
        return f"expected a whole number, got the text {shown(given)}: write " \
               f"{given.strip(f' {CURLY}')} without quotes"
    if kind == "float_type" and isinstance(given, str) and _number(given.strip(f" {CURLY}")):
        return f"expected a number, got the text {shown(given)}: write " \
               f"{given.strip(f' {CURLY}')} without quotes"
    if kind == "string_type" and isinstance(given, int | float) and not isinstance(given, bool):
        # (`version: 1` is YAML's number; the README's "a number in quotes" is a dose's)
        return f"expected text, got the number {given}: put it in double quotes, \"{given}\""
    if kind == "string_type" and isinstance(given, bool):
        # (`- No` is YAML 1.1's false: text of one word it reads as true or false)
        return (f"expected text, got {shown(given)}: YAML reads yes, no, on and off as true or "
                "false; put the text in double quotes")
    if kind in ("list_type", "string_type") and given is None:
        if _required(model, error["loc"]):  # (a field with no default: the line must stay)
            return "nothing is written after it: write its value"
        return "nothing is written after it: write its value, or take the line out"
    if kind == "float_parsing":
        return f"expected a number, got {shown(given)}"
    if kind == "list_type" and isinstance(given, str) and given.strip():
        # (`props: wall` or `exercises: squat`: one item, written without its list)
        if "," in given:  # (in brackets, each comma would start an item of its own)
            return (f"expected a list, got {shown(given)}: write it in brackets, with the text "
                    f"in double quotes: [\"{given.strip()}\"] (or one item a line, '- ')")
        return f"expected a list, got {shown(given)}: write it in brackets, [{given.strip()}]"
    if kind.startswith(("date_", "datetime_")):
        if isinstance(given, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", given.strip()):
            return f"{given.strip()}: there is no such day"  # as --date says it
        return f"expected a date like 2026-11-24, got {shown(given)}"
    if kind == "string_too_short" and error["loc"][-1] == "patient":
        # (as `patient:` with nothing after it is told: a handout without a name is fine)
        return (f"{_PROBLEMS[kind]}; write the patient's name, or leave out the patient "
                "line")
    if kind == "string_too_short" and not _required(model, error["loc"]):
        # (A new exercise's template has a "" for every field, the optional ones too: "why[1]:
        # expected text" did not say that the line may simply go.)
        return f"{_PROBLEMS[kind]}: write it, or take the line out"
    if kind in _PROBLEMS:
        text = _PROBLEMS[kind]
        bare = kind in ("missing", "too_short", "string_too_short")
        return text if bare else f"{text}, got {shown(given)}"
    if kind == "literal_error" and isinstance(given, str):
        options = re.findall(r"'([^']*)'", str(error.get("ctx", {}).get("expected", "")))
        close = difflib.get_close_matches(given.strip().lower(), options, n=1, cutoff=0.6)
        if close and len(options) > 8:  # (a line of 25 joints' names hid the answer)
            return f"did you mean '{close[0]}'? (got {given!r})"
        if close:
            return f"did you mean '{close[0]}'? (expected {' or '.join(map(repr, options))}, " \
                   f"got {given!r})"
    if kind == "value_error":  # our own validators say the whole thing
        return str(error["ctx"]["error"])
    message = error["msg"].replace("Input should be", "expected")
    return f"{message[0].lower()}{message[1:]}, got {shown(given)}"


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


def _required(model: type[BaseModel], loc: tuple[int | str, ...]) -> bool:
    """Whether `loc` names a field its model cannot do without (not an item of a list)."""
    if not loc or not isinstance(loc[-1], str):
        return False
    current: type[BaseModel] | None = model
    for part in loc[:-1]:
        if isinstance(part, str) and current is not None:
            field = current.model_fields.get(part)
            current = _model_in(field.annotation) if field else None
    field = current.model_fields.get(loc[-1]) if current is not None else None
    return field is not None and field.is_required()


def _model_in(annotation: object) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _number(text: str) -> bool:
    return re.fullmatch(r"[-+]?(\d+\.?\d*|\.\d+)", text) is not None


def _pattern_hint(loc: tuple[int | str, ...]) -> str:
    field = next((p for p in reversed(loc) if isinstance(p, str)), "")
    return {
        "primary": "expected a colour like '#1D5C4D'",
        "accent": "expected a colour like '#1D5C4D'",
        "contact_email": "expected an e-mail address like 'name@example.com'",
        "from_address": "expected an e-mail address like 'name@example.com'",
        "reply_to": "expected an e-mail address like 'name@example.com'",
        "website": "expected a web address starting with https://",
        "video": "expected a web address starting with https://",
        "language": "expected a language tag like 'en-US'",
        "country": "expected a two-letter country code (ISO 3166) like US or ES",
        "printer": "expected a printer's name as `pdfgen printers` lists it (no spaces, "
                   "slashes or '#')",
        "slug": "expected an exercise slug: lower case letters, digits and dashes, like "
                "'wall-sit'",
    }.get(field, "not in the expected form")

"""A request's JSON body read as the command line's choices and a plan's fields, and every
mistake said in the command line's words with the field it concerns."""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from pdfgen.api import Choices
from pdfgen.errors import ContentError, FieldError, PdfgenError

# The command line's options (handout --patient ...), as a body's fields.
OPTIONS = ("level", "routine", "patient", "date", "paper", "language", "large_print",
           "layout", "log")
# A plan file's own fields, beyond those options: with any of them, the handout is made
# from a plan of these fields (as `pdfgen handout --plan` makes it).
PLAN_ONLY = ("title", "intro", "exercises", "note", "follow_up", "log_weeks")
SAVED_PLAN = "plan"  # the name of a plan saved in content/plans/
PLAN_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,79}\.yaml")
# Which field a message of the command line concerns, by the option it starts with.
OPTION_FIELD = {"--large-print": "large_print", "--log": "log", "--plan": SAVED_PLAN}


@dataclass(frozen=True)
class Asked:
    """What a request asks for: the choices, and a plan's own fields (or a saved plan)."""

    choices: dict[str, object]
    plan: dict[str, object]
    saved: str | None

    @contextmanager
    def made(self, plans: Path, scratch: Path) -> Iterator[Choices]:
        """The Choices, with the plan (a saved one, or these fields as a plan file of the
        server's private scratch folder, removed once used) when there is one."""
        if self.saved is not None:
            yield _choices({**self.choices, "plan": plans / self.saved})
            return
        if not self.plan:
            yield _choices(self.choices)
            return
        fd, name = tempfile.mkstemp(suffix=".yaml", dir=scratch)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as file:
                file.write(plan_yaml(self.plan))
            yield _choices({**self.choices, "plan": Path(name)})
        finally:
            Path(name).unlink(missing_ok=True)


def only_fields(body: object, known: tuple[str, ...], shape: str) -> dict[str, Any]:
    """A body that is an object of these fields and no other (a misspelt "replce": true was
    taken as no answer at all)."""
    if not isinstance(body, dict):
        raise FieldError(f"the request: expected {shape}", None)
    for name in body:
        if name not in known:
            raise FieldError(f"{name}: not a field of this request (expected one of "
                             f"{', '.join(known)})"[:300], str(name)[:80])
    return body


def read_body(body: object, extra: tuple[str, ...] = ()) -> tuple[Asked, dict[str, Any]]:
    """The handout's part of a body, and the fields named in `extra` (e.g. `to`)."""
    body = only_fields(body, (*OPTIONS, *PLAN_ONLY, SAVED_PLAN, *extra),
                       "a JSON object of a handout's fields")
    given = {k: v for k, v in body.items() if v is not None and v != ""}
    saved = given.get(SAVED_PLAN)
    if saved is not None and (not isinstance(saved, str) or not PLAN_NAME.fullmatch(saved)):
        raise FieldError(f"plan {saved!r}: expected the name of a plan in content/plans/, "
                         "such as example.yaml", SAVED_PLAN)
    if given.get("exercises") == []:
        raise FieldError("exercises: choose at least one exercise (or a routine and its "
                         "level)", "exercises")
    plan = {k: given[k] for k in PLAN_ONLY if k in given}
    if saved is not None and plan:
        raise FieldError(f"{next(iter(plan))}: give a saved plan or a plan's fields, not both",
                         next(iter(plan)))
    choices = {k: given[k] for k in OPTIONS if k in given}
    if plan:  # the routine and level belong to the plan file, as a saved plan has them
        plan.update({k: choices.pop(k) for k in ("routine", "level") if k in choices})
        if "language" in choices:  # the form's words are in the handout's language
            plan["language"] = choices["language"]
    return Asked(choices, plan, saved), {k: given.get(k) for k in extra}


def plan_yaml(fields: dict[str, object]) -> str:
    """A plan file's text: the fields in the order docs/plans.md gives them."""
    order = ("patient", "date", "follow_up", "routine", "level", "title", "intro",
             "exercises", "note", "log_weeks", "large_print", "layout", "language")
    ordered = {k: _day(fields[k]) if k in ("date", "follow_up") else fields[k]
               for k in order if k in fields}
    return yaml.safe_dump(ordered, allow_unicode=True, sort_keys=False, width=88)


def _day(value: object) -> object:
    """A date as a plan file writes it (2026-12-08, not '2026-12-08'); else as given, for
    the plan's own check to name."""
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    return value


def _choices(given: dict[str, object]) -> Choices:
    try:
        return Choices(**given)  # type: ignore[arg-type]  # each value is checked there
    except PdfgenError as error:
        raise FieldError(error.message, field_of(error)) from None


def field_of(error: PdfgenError, scratch: Path | None = None) -> str | None:
    """The body's field a mistake of the command line's concerns, or None."""
    if isinstance(error, FieldError):
        return error.field
    if isinstance(error, ContentError) and (error.path.parent.name == "plans"
                                            or error.path.parent == scratch):
        return re.split(r"[.\[]", error.field, maxsplit=1)[0] or None
    # ("--patient: the emoji …", a ContentError too, is the name field's.)
    found = re.match(r"(--[a-z-]+)", error.message)
    if found is None:
        return None
    option = found.group(1)
    return OPTION_FIELD.get(option, option.removeprefix("--").replace("-", "_"))


def said(error: PdfgenError, scratch: Path) -> str:
    """The command line's one line; a plan of the request's fields is called "plan"."""
    if isinstance(error, ContentError) and error.path.parent == scratch:
        return f"plan: {error.field}: {error.problem}" if error.field else \
            f"plan: {error.problem}"
    return error.message

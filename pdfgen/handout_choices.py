"""What goes into a handout, as a Python caller gives it: each value checked when given, and a
mistake said in the command line's words (the option it would be), as one PdfgenError."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TypeVar

from pdfgen.build import HandoutRequest, parse_date
from pdfgen.content.choices import LAYOUTS, PAPERS, Layout, Paper
from pdfgen.content.selection import checked_patient, checked_weeks, no_large_sheet
from pdfgen.errors import PdfgenError, SelectionError
from pdfgen.text.i18n import language as language_tag

Word = TypeVar("Word", bound=str)  # one of a fixed set of words: a Literal type
T = TypeVar("T")


@dataclass(frozen=True, init=False)
class Choices:
    """What goes into a handout, as on the command line; None: the plan's, else the
    clinic's default (the paper and the language: clinic.toml's, never a plan's). Each
    value is checked when Choices are made: a date may be "YYYY-MM-DD", a plan any path,
    paper and layout in any case."""

    level: int | None
    routine: str | None
    plan: Path | None
    patient: str | None
    date: dt.date | None
    paper: Paper | None
    language: str | None
    large_print: bool | None
    layout: Layout | None
    log: int | None

    def __init__(self, *given: object, level: int | None = None, routine: str | None = None,
                 plan: str | os.PathLike[str] | None = None, patient: str | None = None,
                 date: dt.date | str | None = None, paper: str | None = None,
                 language: str | None = None, large_print: bool | None = None,
                 layout: str | None = None, log: int | None = None,
                 **unknown: object) -> None:
        # Said as a PdfgenError, as every other mistake in them (Python's TypeError was not).
        if given:
            raise PdfgenError(f"Choices{repr(given)[:80]}: give the choices as keywords, as "
                              "in Choices(level=2)")
        _known(unknown)
        name, weeks = text("--patient", patient), whole("--log", log)
        tag, large = text("--language", language), flag("--large-print", large_print)
        sheet = one_of("--layout", layout, LAYOUTS)
        # What the command line checks before it reads a file, checked here as well: a
        # blank or too long name, the log's weeks, the language's tag, a sheet in large print.
        checked_patient(name)
        if weeks is not None:
            checked_weeks(weeks)
        if tag is not None:
            language_tag(tag)
        if sheet == "compact" and large:
            raise SelectionError(no_large_sheet("compact", True, None))
        checked = {
            "level": whole("--level", level), "routine": text("--routine", routine),
            "plan": path("--plan", plan), "patient": name, "date": _date(date),
            "paper": one_of("--paper", paper, PAPERS), "language": tag, "large_print": large,
            "layout": sheet, "log": weeks,
        }
        for field_name, value in checked.items():
            object.__setattr__(self, field_name, value)

    def request(self, output: Path | None = None, with_email: bool = False) -> HandoutRequest:
        return HandoutRequest(level=self.level, topic=self.routine, patient=self.patient,
                              date=self.date, paper=self.paper, output=output, plan=self.plan,
                              log_weeks=self.log, large_print=self.large_print,
                              layout=self.layout, language=self.language,
                              with_email=with_email)


NAMES = tuple(f.name for f in fields(Choices))


def choices_from(choices: object, plain: dict[str, object]) -> Choices:
    """The Choices given, or made from keywords (never both)."""
    if choices is not None and not isinstance(choices, Choices):
        raise PdfgenError(f"{choices!r}: expected pdfgen.Choices, or the choices as keywords "
                          "(level=2)")
    if choices is not None and plain:
        raise PdfgenError("give the handout's choices either as Choices or as keywords")
    if choices is not None:
        return choices
    _known(plain)
    return Choices(**plain)  # type: ignore[arg-type]  # each value is checked there


def _known(given: dict[str, object]) -> None:
    unknown = sorted(set(given) - set(NAMES))
    if unknown:
        raise PdfgenError(f"{unknown[0]}: not a handout choice (expected one of "
                          f"{', '.join(NAMES)})")


def _date(value: object) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise SelectionError(f"--date: expected a date or YYYY-MM-DD, got {value!r}")
    return parse_date(value)


def one_of(option: str, value: object, allowed: tuple[Word, ...]) -> Word | None:
    """`value` as one of the `allowed` words (in any case), or None."""
    if value is None:
        return None
    for word in allowed:
        if isinstance(value, str) and value.strip().lower() == word:
            return word
    raise SelectionError(f"{option}: expected {' or '.join(allowed)}, got {value!r}")


def whole(option: str, value: object, least: int | None = None, most: int | None = None
          ) -> int | None:
    """A whole number (not a bool, not a string of digits), from `least` to `most`, or
    None."""
    if value is None:
        return None
    if isinstance(value, str) and value.strip().isdigit():  # '2' reads as a number to most
        raise SelectionError(f"{option}: expected a whole number, got the text {value!r} "
                             f"(give {value.strip()}, without quotes)")
    if isinstance(value, bool) or not isinstance(value, int):
        raise SelectionError(f"{option}: expected a whole number, got {value!r}")
    if least is not None and value < least:
        raise SelectionError(f"{option}: expected a number of at least {least}, got {value}")
    if most is not None and value > most:
        raise SelectionError(f"{option}: expected a number of at most {most}, got {value}")
    return value


def call(option: str, value: T) -> T | None:
    """A function to call back, or None (checked when given, not once work is half done)."""
    if value is None or callable(value):
        return value
    raise SelectionError(f"{option}: expected a function, got {value!r}")


def text(option: str, value: object) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise SelectionError(f"{option}: expected text, got {value!r}")


def flag(option: str, value: object) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    raise SelectionError(f"{option}: expected True or False, got {value!r}")


def path(option: str, value: object) -> Path | None:
    if value is None:
        return None
    if isinstance(value, str | os.PathLike) and not isinstance(value, bytes):
        if "\x00" in os.fspath(value):  # (no file system takes it: not "no such file")
            raise SelectionError(f"{option} {os.fspath(value)}: a path cannot hold the "
                                 "character U+0000")
        return Path(value)
    raise SelectionError(f"{option}: expected a path, got {value!r}")

"""Command-line values read in pdfgen's words: one line, exit code 2, saying what is expected."""

from __future__ import annotations

from collections.abc import Callable
from typing import IO, Any

import typer

PAPERS = ("letter", "a4")


class OptionError(typer.BadParameter):
    """A value on the command line that cannot be used; shown as pdfgen's own one line."""

    exit_code = 2

    def show(self, file: IO[Any] | None = None) -> None:
        typer.echo(f"error: {self.message}", err=True)


def whole_number(option: str, least: int | None = None) -> Callable[[str], int]:
    """A parser for an option that takes a whole number (at least `least`)."""

    def parse(value: str) -> int:
        text = value.strip()
        if not text.lstrip("-").isdigit() or not text.isascii():
            raise OptionError(f"{option}: expected a whole number, got {value!r}")
        number = int(text)
        if least is not None and number < least:
            raise OptionError(f"{option}: expected a number of at least {least}, got {number}")
        return number

    return parse


def paper(value: str) -> str:
    """--paper: letter or a4, in any case."""
    if value.strip().lower() not in PAPERS:
        raise OptionError(f"--paper: expected letter or a4, got {value!r}")
    return value.strip().lower()

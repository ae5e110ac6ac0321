"""The mistakes a user can make, each with its exit code and a one-line message."""

from __future__ import annotations

import os
from pathlib import Path


def display_path(path: Path) -> str:
    """A path as the user would type it: relative to the working directory when inside it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if rel.startswith("..") else rel


class PdfgenError(Exception):
    """A mistake the user can fix; the CLI prints `message` and exits with `exit_code`."""

    exit_code = 2

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ContentError(PdfgenError):
    """Something wrong in a clinic file: names the file, the field and what was expected."""

    def __init__(self, path: Path, field: str, problem: str, line: int | None = None) -> None:
        where = display_path(path) + (f":{line}" if line else "")
        text = f"{where}: {field}: {problem}" if field else f"{where}: {problem}"
        super().__init__(text)
        self.path = path
        self.field = field
        self.problem = problem
        self.line = line


class ProjectError(PdfgenError):
    """The clinic folder cannot be found or is not a clinic folder."""


class SelectionError(PdfgenError):
    """An unknown routine topic or level was asked for."""


class OutputError(PdfgenError):
    """The handout could not be written where it was asked to go."""

"""The patient list of a batch: a CSV file read as RFC 4180 says, one row per patient."""

from __future__ import annotations

import csv
import difflib
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pdfgen.content.confine import OutsideError, confined
from pdfgen.errors import BatchFileError, display_path

COLUMNS = ("name", "level", "routine", "plan", "date", "email", "language")



@dataclass(frozen=True)
class Row:
    number: int  # the row of the list as a spreadsheet shows it (the header is row 1)
    name: str
    level: str = ""
    routine: str = ""
    plan: str = ""
    date: str = ""
    email: str = ""
    language: str = ""  # a language tag; empty: the clinic's
    file: str = ""  # the handout's file name, unique within the batch


def read_rows(path: Path) -> list[Row]:
    """The patients of a CSV file as Excel or Google Sheets export it (UTF-8, with a BOM or
    without, a header line); an unusable file is one error naming what is wrong."""
    shown = display_path(path)
    try:
        confined(path)
    except OutsideError as exc:
        raise BatchFileError(f"{shown}: {exc}") from None
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise BatchFileError(f"{shown}: no such file") from None
    except IsADirectoryError:
        raise BatchFileError(f"{shown}: is a folder, expected a CSV file") from None
    except UnicodeDecodeError:
        raise BatchFileError(f"{shown}: not UTF-8 text; save it as \"CSV UTF-8\"") from None
    # Records end only at CR or LF outside quotes: str.splitlines() would also end them at
    # U+2028 and other separators, and so give one patient's cells to the next.
    first = text.split("\n", 1)[0]
    # Excel in many countries saves "CSV" with semicolons, and a sheet copied out of a
    # spreadsheet is separated by tabs: read what was written.
    delimiter = max((",", ";", "\t"), key=first.count)  # (a tie: the comma)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    records = _records(reader, shown)
    header = [cell.strip().lower() for cell in (records[0] if records else [])]
    if not any(header):
        raise BatchFileError(f"{shown}: the file is empty; expected a header line with "
                             f"a name column ({', '.join(COLUMNS)})")
    unknown = [column for column in header if column not in COLUMNS]
    if unknown:
        meant = [m for m in map(_meant, unknown) if m]
        hint = f" (did you mean {', '.join(map(repr, meant))}?)" if meant else ""
        raise BatchFileError(f"{shown}: unknown column(s) {', '.join(map(repr, unknown))}"
                             f"{hint}; expected {', '.join(COLUMNS)}")
    twice = next((c for c in header if header.count(c) > 1), None)
    if twice is not None:  # (read as it was, the last would win: another address, level)
        places = [str(i + 1) for i, c in enumerate(header) if c == twice]
        raise BatchFileError(f"{shown}: the column {twice!r} is there twice (columns "
                             f"{' and '.join(places)}); keep one")
    if "name" not in header:
        raise BatchFileError(f"{shown}: no 'name' column; the header line must name it")
    rows = []
    for number, cells in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) > len(header):
            extra = cells[len(header)]
            raise BatchFileError(
                f"{shown}: row {number}: {len(cells)} cells but the header names "
                f"{len(header)} columns ({', '.join(header)}); cell {len(header) + 1} is "
                f"{_short(extra)}: put a cell that holds a {_name(delimiter)} in double "
                "quotes")
        # A line break inside a quoted name is a spreadsheet's wrapped cell: one space.
        values = {column: " ".join(cells[i].split()) if i < len(cells) else ""
                  for i, column in enumerate(header)}
        rows.append(Row(number=number, **values))
    if not rows:
        raise BatchFileError(f"{shown}: no patients below the header line")
    return rows


def _records(reader: Any, shown: str) -> list[list[str]]:
    records: list[list[str]] = []
    try:
        for cells in reader:
            records.append(cells)
    except csv.Error:
        row = len(records) + 1
        raise BatchFileError(
            f"{shown}: row {row}: not valid CSV (near line {reader.line_num} of the file): a "
            "cell with a double quote must start and end with one, and a quote inside it is "
            "written twice (\"\")") from None
    return records


def _meant(column: str) -> str | None:
    """The column a header most likely meant: 'e-mail' email, 'patient name' name."""
    plain = column.replace("-", "").replace("_", "")
    close = difflib.get_close_matches(plain, COLUMNS, n=1, cutoff=0.6)
    return close[0] if close else next((c for c in COLUMNS if c in column.split()), None)


def _short(cell: str) -> str:
    cell = " ".join(cell.split())
    return repr(cell if len(cell) <= 40 else cell[:37] + "...")


def _name(delimiter: str) -> str:
    return {";": "semicolon", "\t": "tab"}.get(delimiter, "comma")

"""Dates in a patient list as a clinic's spreadsheet writes them: YYYY-MM-DD always, and
day/month/year or month/day/year in the clinic's own order (clinic.toml's date_format, else
its country's); what could be two days is refused in one line."""

from __future__ import annotations

import datetime as dt
import re

from pdfgen.errors import SelectionError

DMY, MDY = "DD/MM/YYYY", "MM/DD/YYYY"
# Countries that write the month first; Canada writes both, so its order must be given.
MONTH_FIRST = frozenset({"US", "PH", "FM", "MH", "PW", "GU", "AS", "MP", "VI", "UM"})
BOTH = frozenset({"CA"})
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")
_WRITTEN = re.compile(r"(\d{1,2})([./-])(\d{1,2})\2(\d{2}|\d{4})")


def date_order(date_format: str | None, country: str | None, language: str) -> str | None:
    """The order of the clinic's dates (DMY or MDY), None when its country writes both."""
    if date_format:
        return date_format
    region = country or (language.replace("_", "-").split("-")[1]
                         if "-" in language.replace("_", "-") else "US")
    region = region.upper()
    if region in BOTH:
        return None
    return MDY if region in MONTH_FIRST else DMY


def row_date(text: str, order: str | None) -> dt.date:
    """The day a list's `date` cell names, or SelectionError saying what to write."""
    value = text.strip()
    iso = "write it as YYYY-MM-DD, for example 2026-11-24"
    if _ISO.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise SelectionError(f"date {value}: there is no such day") from None
    written = _WRITTEN.fullmatch(value)
    if written is None:
        shown = f"YYYY-MM-DD or {order}" if order else "YYYY-MM-DD"
        raise SelectionError(f"date {value!r}: expected {shown}, for example 2026-11-24")
    first, separator, second, year = written.groups()
    if len(year) == 2:
        raise SelectionError(f"date {value!r}: the year in two digits could be of any "
                             f"century; write it in full, or {iso}")
    a, b, y = int(first), int(second), int(year)
    # Dots are how day-first countries write a date: in a month-first clinic's list, one
    # that could be either day is refused rather than read the clinic's way unsaid.
    dotted = separator == "." and order == MDY
    orders = [DMY, MDY] if dotted or not order else [order]
    days = {}
    for each in orders:
        day, month = (a, b) if each == DMY else (b, a)
        try:
            days[each] = dt.date(y, month, day)
        except ValueError:
            continue
    found = set(days.values())
    if len(found) == 1:
        return found.pop()
    if not found:
        months = [b if each == DMY else a for each in orders]
        if any(1 <= month <= 12 for month in months):  # a month, and a day it does not have
            raise SelectionError(f"date {value}: there is no such day")
        how = f"written {order}, the clinic's order" if order else "in any order"
        raise SelectionError(f"date {value!r}: not a day {how}; {iso}")
    if dotted:
        raise SelectionError(
            f"date {value!r}: could be {days[DMY].isoformat()} or {days[MDY].isoformat()} "
            f"(dots are written day first, the clinic's order is {MDY}); {iso}")
    raise SelectionError(
        f"date {value!r}: could be {days[DMY].isoformat()} or {days[MDY].isoformat()}; set "
        f"date_format in clinic.toml (\"{DMY}\" or \"{MDY}\"), or {iso}")

"""Dates in a patient list as a non-US clinic's spreadsheet writes them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from batch_helpers import patients_csv, report
from conftest import pdf_text
from hypothesis import given
from hypothesis import strategies as st
from limited import run_limited

from pdfgen.deliver.row_dates import DMY, MDY, date_order, row_date
from pdfgen.errors import SelectionError


@pytest.mark.parametrize(("text", "order", "day"), [
    ("2026-11-24", DMY, dt.date(2026, 11, 24)),
    ("2026-11-24", MDY, dt.date(2026, 11, 24)),
    ("24/11/2026", DMY, dt.date(2026, 11, 24)),
    ("24.11.2026", DMY, dt.date(2026, 11, 24)),
    ("3/4/2026", DMY, dt.date(2026, 4, 3)),
    ("3/4/2026", MDY, dt.date(2026, 3, 4)),
    ("11/24/2026", MDY, dt.date(2026, 11, 24)),
    ("24/11/2026", None, dt.date(2026, 11, 24)),  # Canada: only one of the two is a day
    ("04/04/2026", None, dt.date(2026, 4, 4)),
    # Dots in a month-first clinic's list: read when only one of the two is a day.
    ("07.25.2026", MDY, dt.date(2026, 7, 25)),
    ("25.07.2026", MDY, dt.date(2026, 7, 25)),
    ("07.07.2026", MDY, dt.date(2026, 7, 7)),
])
def test_a_day_in_the_clinics_order_is_read(text: str, order: str | None, day: dt.date
                                            ) -> None:
    assert row_date(text, order) == day


@pytest.mark.parametrize(("text", "order", "message"), [
    ("11/24/2026", DMY, "date '11/24/2026': not a day written DD/MM/YYYY, the clinic's order; "
                        "write it as YYYY-MM-DD, for example 2026-11-24"),
    ("03/04/2026", None, "date '03/04/2026': could be 2026-04-03 or 2026-03-04; set date_format "
                         "in clinic.toml (\"DD/MM/YYYY\" or \"MM/DD/YYYY\"), or write it as "
                         "YYYY-MM-DD, for example 2026-11-24"),
    ("24/11/26", DMY, "date '24/11/26': the year in two digits could be of any century; write "
                      "it in full, or write it as YYYY-MM-DD, for example 2026-11-24"),
    ("2026-02-30", DMY, "date 2026-02-30: there is no such day"),
    ("30/02/2026", DMY, "date 30/02/2026: there is no such day"),
    # (A US clinic's list once read 07.12.2026 as July 12 without a word.)
    ("07.12.2026", MDY, "date '07.12.2026': could be 2026-12-07 or 2026-07-12 (dots are "
                        "written day first, the clinic's order is MM/DD/YYYY); write it as "
                        "YYYY-MM-DD, for example 2026-11-24"),
    ("next Tuesday", MDY, "date 'next Tuesday': expected YYYY-MM-DD or MM/DD/YYYY, for "
                          "example 2026-11-24"),
])
def test_what_could_be_two_days_or_none_is_refused_in_one_line(text: str, order: str | None,
                                                               message: str) -> None:
    with pytest.raises(SelectionError) as raised:
        row_date(text, order)
    assert raised.value.message == message


@pytest.mark.parametrize(("date_format", "country", "language", "order"), [
    (None, "GB", "en-GB", DMY), (None, "US", "en-US", MDY), (None, "ES", "es", DMY),
    (None, "CA", "en-CA", None), (MDY, "CA", "en-CA", MDY), (None, None, "en-AU", DMY),
    (None, None, "en-US", MDY)])
def test_the_order_is_the_clinics_own_else_its_countrys(date_format: str | None,
                                                        country: str | None, language: str,
                                                        order: str | None) -> None:
    assert date_order(date_format, country, language) == order


@given(st.text(max_size=40))
def test_whatever_is_typed_is_a_day_or_one_line(text: str) -> None:
    for order in (DMY, MDY, None):
        try:
            assert isinstance(row_date(text, order), dt.date)
        except SelectionError as error:
            assert "\n" not in error.message and error.message.startswith("date ")


def test_a_british_clinics_list_prints_every_row(demo: Path) -> None:
    toml = demo / "content" / "clinic.toml"
    text = toml.read_text(encoding="utf-8")
    toml.write_text(text.replace('country = "US"', 'country = "GB"')
                    if 'country = "US"' in text else text + '\ncountry = "GB"\n',
                    encoding="utf-8")
    patients_csv(demo / "p.csv", [{"name": "Ana Ruiz", "level": "2", "date": "24/11/2026"},
                                  {"name": "Ben Ode", "level": "1", "date": "03/12/2026"}])
    result = run_limited("batch", "p.csv", "--jobs", "1", cwd=demo, timeout=180)
    assert result.returncode == 0, result.stderr
    lines = report(demo / "out" / "p")
    assert [line["status"] for line in lines] == ["built", "built"]
    printed = [pdf_text(demo / "out" / "p" / line["file"]) for line in lines]
    assert "November 24, 2026" in printed[0] and "December 3, 2026" in printed[1]

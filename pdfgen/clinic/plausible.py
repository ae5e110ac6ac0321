"""`pdfgen check`'s warnings of dates and numbers a clinic may have typed by mistake: a
review still to come or overdue, an emergency number that is not the country's (a dose far
beyond any home exercise's: content/dose_checks.py)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from pdfgen.content.clinic_settings import Clinic
from pdfgen.content.models import Routine, next_review
from pdfgen.content.parsing import toml_line, yaml_line
from pdfgen.errors import ContentError

# Where 112 reaches the emergency services as well as the country's own number (a phone
# network routes it): printed on a handout there, it is no mistake. (Europe's own is 112.)
_ALSO_112 = frozenset({"GB", "AU", "NZ", "IN", "ZA"})


def review_problems(routine: Routine, path: Path, today: dt.date
                    ) -> list[tuple[str, ContentError]]:
    """A note when the routine was never reviewed, a warning when its review is overdue
    (reviewed + review_every months) or dated after today (a typed year: the handout's
    sign-off said "Reviewed Jun 2027" in December 2026)."""
    if routine.reviewed is None:  # a new clinic's routine: its handouts print no sign-off
        return [("info", ContentError(
            path, "reviewed", "no review yet: once the clinic has checked this routine, add "
            "version, reviewed and reviewed_by (the sign-off on the handout's last page)",
            yaml_line(path, ("title",))))]
    if routine.reviewed > today:
        return [("warning", ContentError(
            path, "reviewed", f"{routine.reviewed} is after today ({today}); every handout "
            "prints it in its sign-off: write the day the clinic reviewed the routine",
            yaml_line(path, ("reviewed",))))]
    due = next_review(routine)
    if due is not None and due < today:
        return [("warning", ContentError(
            path, "reviewed", f"review overdue: reviewed {routine.reviewed}, every "
            f"{routine.review_every} months, so due {due}; review the handout and update "
            "reviewed", yaml_line(path, ("reviewed",))))]
    return []


def emergency_problem(clinic: Clinic, path: Path) -> ContentError | None:
    """A warning when emergency_phone is not the emergency number of the clinic's country
    (911 kept from an American template in Australia): the warning box on page 1 of every
    handout tells patients to call it."""
    known = other_than_the_countrys(clinic.emergency_phone, clinic.country)
    if known is None:
        return None
    return ContentError(path, "emergency_phone", (
        f"{clinic.emergency_phone} is not the emergency number of {clinic.country} "
        f"({known}), and every handout's warning box tells patients to call it: write "
        f"{known}, or leave emergency_phone out to use the country's"),
        toml_line(path, ("emergency_phone",)))


def other_than_the_countrys(number: str | None, country: str | None) -> str | None:
    """The country's emergency number when `number` is another (and pdfgen knows the
    country's); else None."""
    from pdfgen.languages import emergency_number

    known = emergency_number(country)
    if not number or not known or not country:
        return None
    # ("999 / 112": the numbers a box may give, one of them the country's)
    given = {re.sub(r"\D", "", part) for part in number.split("/")}
    if known in given or (given == {"112"} and country.upper() in _ALSO_112):
        return None
    return known

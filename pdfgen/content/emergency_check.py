"""An emergency number that is not the emergency number of the clinic's country (911 kept
from an American template in Australia): `pdfgen check` warns of it, and a handout that
prints it in its warning box notes it."""

from __future__ import annotations

import re
from pathlib import Path

from pdfgen.content.clinic_settings import Clinic
from pdfgen.content.parsing import toml_line
from pdfgen.errors import ContentError

# Where 112 reaches the emergency services as well as the country's own number (a phone
# network routes it): printed on a handout there, it is no mistake. (Europe's own is 112.)
_ALSO_112 = frozenset({"GB", "AU", "NZ", "IN", "ZA"})


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

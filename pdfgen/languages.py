"""Languages and countries as plain facts: a handout's language (its tag and code), and what a
country says of a clinic's handouts (paper, language, emergency number). Of no stage: every
stage may use it (a tag is checked against Babel in pdfgen.text.i18n)."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

# English is the source language: its labels are the templates' own words, no catalog.
SOURCE = "en"

# Emergency numbers by ISO 3166 country: the number a patient dials for an ambulance.
_EU_112 = ("AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK "
           "IS LI NO CH")
EMERGENCY: dict[str, str] = {
    **dict.fromkeys(_EU_112.split(), "112"),
    "US": "911", "CA": "911", "MX": "911", "AR": "911", "CO": "123", "CL": "131",
    "PE": "106", "VE": "911", "UY": "911", "PR": "911", "DO": "911", "CR": "911",
    "PA": "911", "SV": "911", "GT": "128", "EC": "911", "PY": "911", "BO": "110",
    "GB": "999", "AU": "000", "NZ": "111", "IN": "112", "PH": "911", "CN": "120",
    "JP": "119", "KR": "119", "VN": "115", "ZA": "112", "BR": "192", "IL": "101",
}
# Where an English handout sends a patient the clinic cannot reach: the US words ("emergency
# room") where they are said, the NHS's own name in the UK, else the words hospitals use.
EMERGENCY_ROOM_COUNTRIES = frozenset({"US", "CA", "PH", "PR"})
EMERGENCY_PLACE = {"GB": "A&E"}


def emergency_place(country: str | None) -> str:
    """Where to go in an emergency, as the English handout words it for a country (the US
    words when the clinic names none)."""
    country = (country or "US").upper()
    if country in EMERGENCY_ROOM_COUNTRIES:
        return "the nearest emergency room"
    return EMERGENCY_PLACE.get(country, "the nearest emergency department")


# International prefixes whose country is certain (+1 is shared by the US, Canada and the
# Caribbean, +7 by Russia and Kazakhstan: those are asked).
PREFIXES: dict[str, str] = {
    "34": "ES", "44": "GB", "61": "AU", "64": "NZ", "52": "MX", "54": "AR", "57": "CO",
    "56": "CL", "51": "PE", "58": "VE", "598": "UY", "593": "EC", "595": "PY", "591": "BO",
    "502": "GT", "503": "SV", "506": "CR", "507": "PA", "63": "PH", "86": "CN", "81": "JP",
    "82": "KR", "84": "VN", "27": "ZA", "55": "BR", "972": "IL", "91": "IN",
    "33": "FR", "49": "DE", "39": "IT", "351": "PT", "31": "NL", "32": "BE", "43": "AT",
    "41": "CH", "45": "DK", "46": "SE", "47": "NO", "358": "FI", "353": "IE", "48": "PL",
    "30": "GR", "420": "CZ", "36": "HU", "40": "RO", "359": "BG", "385": "HR", "386": "SI",
    "421": "SK", "370": "LT", "371": "LV", "372": "EE", "352": "LU", "356": "MT", "357": "CY",
    "354": "IS",
}


# Countries that print on US Letter; every other prints on A4.
LETTER_COUNTRIES = frozenset({"US", "CA", "MX", "PH", "CL", "CO", "VE", "GT", "CR", "DO",
                              "PR", "PA", "SV"})
# Countries whose handouts are in Spanish by default (pdfgen ships English and Spanish).
SPANISH_COUNTRIES = frozenset({"ES", "MX", "AR", "CO", "CL", "PE", "VE", "UY", "EC", "PY",
                               "BO", "GT", "SV", "CR", "PA", "DO", "PR", "HN", "NI", "CU"})


def paper_for(country: str) -> str:
    """The paper a country's printers hold: letter or a4."""
    return "letter" if country.upper() in LETTER_COUNTRIES else "a4"


def language_for(country: str) -> str:
    """A new clinic's handout language for its country: Spanish where it is spoken, else the
    country's English (en-GB, en-AU: its dates and spelling), else US English."""
    from babel import Locale, UnknownLocaleError

    country = country.upper()
    base = "es" if country in SPANISH_COUNTRIES else "en"
    try:
        Locale.parse(f"{base}_{country}")
    except (UnknownLocaleError, ValueError):
        return "en-US" if base == "en" else "es"
    return f"{base}-{country}"



def emergency_number(country: str | None) -> str | None:
    """The emergency number of a country (ISO 3166 alpha-2), or None if pdfgen does not know."""
    return EMERGENCY.get((country or "").upper())


def country_from_phone(phone: str) -> str | None:
    """The country of an international number (+34 ... is ES), or None when it is not certain."""
    digits = re.sub(r"[\s().-]", "", phone)
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    if not digits.startswith("+"):
        return None
    for length in (3, 2):  # the longest prefix first: +351 is Portugal, not +35
        country = PREFIXES.get(digits[1:1 + length])
        if country:
            return country
    return None


def may_be_north_american(phone: str) -> bool:
    """Whether a number without an international prefix could be a US or Canadian one: not
    one that starts with 0, the trunk prefix of most other countries (020 ... in London)."""
    digits = re.sub(r"[\s().-]", "", phone)
    return digits.startswith("+1") or not (digits.startswith("0") or digits.startswith("+"))


@dataclass(frozen=True)
class Language:
    """A handout's language: the tag as written ("es-MX"), and its code for files ("es")."""

    tag: str
    code: str

    @property
    def is_source(self) -> bool:
        return self.code == SOURCE

    @functools.cached_property
    def name(self) -> str:
        """The language's name in English, for messages ("Spanish", for es-MX too). Found
        only when a message needs it: it reads all of Babel's English locale data."""
        from babel import Locale

        return Locale(self.code).get_display_name("en") or self.tag


# "UK": two letters, as a code is, and the name most write; its code is GB.
UK_IS_GB = "the United Kingdom's code (ISO 3166) is GB: write GB"


def country_named(name: str) -> str | None:
    """The two-letter code of a country written by its name, in English or Spanish
    ("Canada", "españa", "USA"), as a clinic may write it; None for any other text."""
    from babel import Locale

    wanted = " ".join(name.split()).casefold()
    if wanted in ("usa", "u.s.", "u.s.a."):
        return "US"
    for language in ("en", "es"):
        for code, territory in Locale(language).territories.items():
            if len(code) == 2 and code.isalpha() and territory.casefold() == wanted:
                return code
    return None


def language_code(text: str) -> str:
    """The language of a tag ("es" for es-MX); "" when Babel knows no such language."""
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(text.replace("-", "_")).language
    except (ValueError, UnknownLocaleError):
        return ""


def language_named(name: str) -> tuple[str, str] | None:
    """The code of a language written by its name in English ("spanish": es), or in itself
    for a language pdfgen has labels in ("Español", "español"), and its English name; None
    for any other text, or a language Babel has no words for."""
    from pathlib import Path

    from babel import Locale

    wanted = name.strip().casefold()
    english = Locale("en").languages
    found = [code for code, called in english.items()
             if "_" not in code and called.casefold() == wanted]
    labelled = Path(__file__).resolve().parent / "locale"  # (pdfgen's own catalogs)
    found += [folder.name for folder in sorted(labelled.iterdir()) if folder.is_dir()
              and (Locale.parse(folder.name).get_display_name(folder.name) or "").casefold()
              == wanted]
    for code in found:
        if language_code(code):
            return code, english[code]
    return None

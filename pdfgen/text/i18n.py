"""Languages: which one a handout is in, its label catalog, its dates, its emergency number."""

from __future__ import annotations

import datetime as dt
import functools
import gettext
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pdfgen.caches import cached
from pdfgen.content.confine import OutsideError, confined
from pdfgen.errors import LanguageError, MissingLabel, display_path
from pdfgen.text.babel_memory import remembered

LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"
DOMAIN = "pdfgen"
# English is the source language: its labels are the templates' own words, no catalog.
SOURCE = "en"
TAG = re.compile(r"^[a-zA-Z]{2,3}([-_][A-Za-z0-9]{2,8})*$")

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


def language(tag: str, where: str = "--language") -> Language:
    """A language tag checked against the languages Babel knows."""
    text = tag.strip()
    code = _language_code(text) if TAG.match(text) else ""
    if not code:
        raise LanguageError(f"{where} {tag}: unknown language code (expected a language tag "
                            "like es, es-MX or en-US)")
    return Language(tag=text, code=code)


@remembered
def _language_code(text: str) -> str:
    """The language of a tag ("es" for es-MX); "" when Babel knows no such language."""
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(text.replace("-", "_")).language
    except (ValueError, UnknownLocaleError):
        return ""


def catalog_paths(code: str, clinic_root: Path | None) -> list[Path]:
    """Where a language's catalogs may be: the clinic's own locale/ folder (a .po file, as
    translators write it), then pdfgen's (compiled, with its .po beside it)."""
    found = []
    if clinic_root is not None:
        folder = clinic_root / "locale" / code / "LC_MESSAGES"
        found += [folder / f"{DOMAIN}.po", folder / f"{DOMAIN}.mo"]
    folder = LOCALE_DIR / code / "LC_MESSAGES"
    return [*found, folder / f"{DOMAIN}.mo", folder / f"{DOMAIN}.po"]


def translations(lang: Language, clinic_root: Path | None) -> gettext.NullTranslations:
    """The label catalog of a language: the clinic's entries first, then pdfgen's; a label
    neither has raises MissingLabel."""
    if lang.is_source:
        return ENGLISH
    chain: list[Path] = []
    for path in catalog_paths(lang.code, clinic_root):
        if path.is_file() and not any(p.parent == path.parent for p in chain):
            chain.append(path)  # one file a folder: the .po or the .mo compiled from it
    if not chain:
        expected = catalog_paths(lang.code, clinic_root)[0]
        raise LanguageError(f"{lang.tag}: pdfgen has no catalog for {lang.name} (expected "
                            f"{'/'.join(expected.parts[-4:])} in the clinic folder; see "
                            "README, Languages)")
    try:
        versions = tuple((p, p.stat().st_mtime_ns, p.stat().st_size) for p in chain)
    except OSError as exc:
        raise LanguageError(f"{exc.filename}: cannot read ({exc.strerror})") from None
    return _load(versions)


# The source language's labels: the templates' own words.
ENGLISH = gettext.NullTranslations()


@cached("catalogs", 16)  # keyed on each file's version: an edited catalog is read again
def _load(versions: tuple[tuple[Path, int, int], ...]) -> gettext.NullTranslations:
    catalogs = []
    for path, _, _ in versions:
        try:
            confined(path)
        except OutsideError as exc:
            raise LanguageError(f"{display_path(path)}: {exc}") from None
        data = _compile_po(path) if path.suffix == ".po" else path.read_bytes()
        try:
            catalogs.append(gettext.GNUTranslations(io.BytesIO(data)))
        except (OSError, ValueError, KeyError) as exc:
            raise LanguageError(f"{display_path(path)}: not a gettext catalog ({exc})") from None
    for then in catalogs[1:]:  # each appends to the end of the chain
        catalogs[0].add_fallback(then)
    catalogs[0].add_fallback(_Strict(versions[0][0]))
    return catalogs[0]


def _compile_po(path: Path) -> bytes:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import PoFileError, read_po

    try:
        with path.open("rb") as handle:
            catalog = read_po(handle, abort_invalid=True)
    except (PoFileError, ValueError, UnicodeDecodeError) as exc:
        raise LanguageError(f"{display_path(path)}: not a valid catalog ({exc})") from None
    out = io.BytesIO()
    write_mo(out, catalog)  # fuzzy entries are left out: they count as missing
    return out.getvalue()


class _Strict(gettext.NullTranslations):
    """The last fallback of a catalog: a label not found is an error, not English."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path

    def gettext(self, message: str) -> str:
        raise MissingLabel(message, self.path)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        raise MissingLabel(msgid1, self.path)

    def pgettext(self, context: str, message: str) -> str:
        raise MissingLabel(message, self.path)

    def npgettext(self, context: str, msgid1: str, msgid2: str, n: int) -> str:
        raise MissingLabel(msgid1, self.path)


@remembered
def format_date(day: dt.date, tag: str) -> str:
    """A date the way patients read it: 'November 24, 2026', '24 de noviembre de 2026'."""
    from babel.dates import format_date as babel_date

    return babel_date(day, "long", locale=_locale(tag))


@remembered
def format_day(day: dt.date, tag: str) -> str:
    """A short day for the log: 'Tue Nov 24' (US), 'Tue 24 Nov', 'mar 24 nov'."""
    from babel.dates import format_date as babel_date

    locale = _locale(tag)
    if locale.language == SOURCE:
        # English keeps its comma-free short form, as printed before Babel.
        pattern = "EEE MMM d" if locale.territory in (None, "US") else "EEE d MMM"
        return babel_date(day, pattern, locale=locale)
    from babel.dates import format_skeleton

    return format_skeleton("EEEMMMd", day, locale=locale).replace(",", "").replace(".", "")


@remembered
def format_month(day: dt.date, tag: str) -> str:
    """A month and year, short: 'Nov 2026', 'nov 2026'."""
    from babel.dates import format_skeleton

    return format_skeleton("yMMM", day, locale=_locale(tag))


@remembered
def autonym(code: str) -> str:
    """A language's name in itself, as its readers look for it: 'Español', 'English'."""
    from babel import Locale

    name = Locale.parse(code).get_display_name(code) or code
    return name[:1].upper() + name[1:]


@cached("locales", 32)
def _locale(tag: str) -> Any:
    from babel import Locale

    locale = Locale.parse(tag.replace("-", "_"))
    if locale.language == SOURCE and locale.territory is None:
        return Locale.parse("en_US")  # plain "en" was always written the US way here
    return locale

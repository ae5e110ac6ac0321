"""A handout's language in print: its tag checked, its label catalog (pdfgen's and the
clinic's) and its dates (the countries' and the tags' plain facts: pdfgen.languages)."""

from __future__ import annotations

import datetime as dt
import gettext
import io
import re
from pathlib import Path
from typing import Any

from pdfgen.caches import cached
from pdfgen.content.confine import OutsideError, confined
from pdfgen.errors import LanguageError, MissingLabel, display_path
from pdfgen.languages import SOURCE, Language, language_named
from pdfgen.languages import language_code as _plain_language_code
from pdfgen.text.babel_memory import remembered

LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"
DOMAIN = "pdfgen"
TAG = re.compile(r"^[a-zA-Z]{2,3}([-_][A-Za-z0-9]{2,8})*$")


def language(tag: str, where: str = "--language") -> Language:
    """A language tag checked against the languages Babel knows."""
    text = tag.strip()
    code = _language_code(text) if TAG.match(text) else ""
    if not code:
        named = language_named(text)
        hint = f": for {named[1]}, {named[0]}" if named else ""
        raise LanguageError(f"{where} {tag}: unknown language code (expected a language tag "
                            f"like es, es-MX or en-US{hint})")
    return Language(tag=text, code=code)


# (Babel's answer remembered: a command that prints in Spanish loads no locale data for it.)
_language_code = remembered(_plain_language_code)


_PERCENTS = re.compile(r"%%|%\(\w+\)[sd]|%")


def literal(text: str) -> str:
    """A catalog's words as written: every percent sign that is not a %(name)s placeholder
    (nor already doubled) doubled, so that filling in the placeholders leaves it as it is."""
    return _PERCENTS.sub(lambda m: m.group(0) if len(m.group(0)) > 1 else "%%", text)


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
def format_weekday(day: dt.date, tag: str) -> str:
    """A day of the week, short, for the log's day column: 'Tue', 'mar'."""
    from babel.dates import format_date as babel_date

    return babel_date(day, "EEE", locale=_locale(tag)).replace(".", "")


@remembered
def format_month(day: dt.date, tag: str) -> str:
    """A month and year in short: 'Nov 2026', 'nov 2026' (the sign-off's small print, kept
    to a line: 'noviembre de 2026' twice took the Spanish one to two, and a handout with a
    clinic's photos to five pages)."""
    from babel.dates import format_skeleton

    return format_skeleton("yMMM", day, locale=_locale(tag))


@remembered
def autonym(code: str) -> str:
    """A language's name in itself, as its readers look for it: 'Español', 'English'."""
    from babel import Locale

    name = Locale.parse(code).get_display_name(code) or code
    return name[:1].upper() + name[1:]


def language_name(code: str, tag: str) -> str:
    """A language as a handout in `tag` names it, with its own name after it when that
    differs, for the reader of either: 'Spanish (Español)', 'inglés (English)'."""
    own = autonym(code)
    said = _name_in(code.replace("-", "_").split("_")[0].lower(), tag)
    if not said or said.casefold() == own.casefold():
        return own
    return f"{said} ({own})"


@remembered
def _name_in(code: str, tag: str) -> str:
    """A language's name in the language of `tag` ("" when Babel has none): remembered, so
    that a handout naming its other forms loads no locale data (~8 ms of a first build)."""
    return str(_locale(tag).languages.get(code, ""))


@cached("locales", 32)
def _locale(tag: str) -> Any:
    from babel import Locale

    locale = Locale.parse(tag.replace("-", "_"))
    if locale.language == SOURCE and locale.territory is None:
        return Locale.parse("en_US")  # plain "en" was always written the US way here
    return locale

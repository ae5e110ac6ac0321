"""The field types every model of the clinic folder shares: text, names, colours,
addresses, counts, slugs, and a model that refuses unknown fields."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
)


def _not_curly_quoted(value: str) -> str:
    # `caption: “Stand tall.”` is YAML's plain text, quotes and all: meant as quoting, it
    # printed the curly quotes on the page. A quote inside the text is the writer's own.
    if len(value) > 1 and value[0] in "“„‘‚" and value[-1] in "”“’‘":
        raise ValueError(f"{value} is in a word processor's curly quotes, which would be "
                         "printed: leave them out, or type straight quotes \" instead")
    return value


Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1),
                 AfterValidator(_not_curly_quoted)]
# Names and titles print in headers, footers and headings: keep them to what fits.
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80),
                 AfterValidator(_not_curly_quoted)]
Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120),
                  AfterValidator(_not_curly_quoted)]
Color = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^#[0-9A-Fa-f]{6}$")]
# An e-mail address: the one rule, for clinic.toml, --to, the email column and the sender.
# A mailbox's name of RFC 5322's characters (letters of any script too), dots only between
# them; a domain of labels of letters, digits and inner hyphens. (jane.@, ..com and @.example
# were sent and bounced later; a server was given "a" for a[b]@gmail.com.)
_ATEXT = r"[\w!#$%&'*+/=?^`{|}~-]"
_LOCAL = rf"{_ATEXT}+(?:\.{_ATEXT}+)*"
_LABEL = r"[^\W_](?:(?:[^\W_]|-)*[^\W_])?"
ADDRESS_PATTERN = rf"^{_LOCAL}@(?:{_LABEL}\.)+[A-Za-z]{{2,}}$"
_ADDRESS = re.compile(ADDRESS_PATTERN)


def too_long(address: str) -> str | None:
    """Which part of an address is longer than mail allows (RFC 5321: a mailbox's name of
    64 characters, a domain's part of 63, 254 in all), or None. A server refuses it later."""
    name, _, domain = address.rpartition("@")
    longest = max(domain.split("."), key=len)
    return (f"the part before @ is {len(name)} characters, at most 64" if len(name) > 64 else
            f"'{longest[:20]}…' is {len(longest)} characters, at most 63"
            if len(longest) > 63 else
            f"it is {len(address)} characters, at most 254" if len(address) > 254 else None)


def is_address(text: str) -> bool:
    """Whether `text` is an e-mail address: the one rule, for every address pdfgen reads."""
    return bool(_ADDRESS.match(text)) and too_long(text) is None


def _mailable(address: str) -> str:
    reason = too_long(address)
    if reason:
        raise ValueError(f"not an e-mail address a server takes: {reason}")
    return address


Email = Annotated[str, StringConstraints(strip_whitespace=True, pattern=ADDRESS_PATTERN),
                  AfterValidator(_mailable)]
# A web address; at most 256 characters, since it is printed as a QR code too: a longer one
# makes a code too dense for a phone to read at 0.8 in (a short link does).
URL_LONGEST = 256


def _short_url(value: str) -> str:
    if len(value) > URL_LONGEST:
        raise ValueError(f"the address is {len(value):,} characters long; its QR code could "
                         f"not be read: at most {URL_LONGEST} (use a short link)")
    return value


Url = Annotated[str, StringConstraints(strip_whitespace=True,
                                       pattern=r"^https?://[^\s/]+\.[^\s]+$"),
                AfterValidator(_short_url)]
# A phone number as patients dial it: at least 3 digits, with the marks that group them, an
# extension, or the letters of a number spelt as a word (1-800-BACK-PAIN); never a sentence
# or a file's path typed in its place.
PHONE_PATTERN = re.compile(r"\+?[0-9A-Za-z(][0-9A-Za-z ().\-/#]*(,? ?(ext\.?|x) ?[0-9]+)?")


def _phone(value: str) -> str:
    words = re.findall(r"[A-Za-z]{2,}", value)
    spelt = all(w.isupper() or w.lower() in ("ext", "x") for w in words)
    if not PHONE_PATTERN.fullmatch(value) or sum(c.isdigit() for c in value) < 3 or not spelt:
        raise ValueError("expected a phone number: digits, spaces and + ( ) - . as in "
                         f"(813) 555-0142 or +44 20 7946 0018, got {value!r}")
    for group in re.findall(r"[0-9A-Za-z]+", value):
        # 555-O199: a letter typed for the digit it looks like, which no one could dial (a
        # number spelt as a word, 1-800-GO4-BACK, has other letters in the group).
        wrong = [c for c in group if c in _LOOKALIKES]
        if wrong and any(map(str.isdigit, group)) and all(
                c.isdigit() or c in _LOOKALIKES for c in group):
            raise ValueError(f"{value!r} has the letter {wrong[0]} among its digits ({group}): "
                             f"write the digit {_LOOKALIKES[wrong[0]]}")
    return value


_LOOKALIKES = {"O": "0", "o": "0", "I": "1", "l": "1"}


def _emergency(value: str) -> str:
    # It is printed as "Call 911 now": numbers, never words or a file's name typed there.
    if not re.fullmatch(r"[0-9][0-9 ,/-]*", value) or not 2 <= sum(map(str.isdigit, value)) <= 12:
        raise ValueError("expected the emergency number patients dial, like 911, 999 or 112, "
                         f"got {value!r}")
    return value


Phone = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40),
                  AfterValidator(_phone)]
EmergencyNumber = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1,
                                                   max_length=20), AfterValidator(_emergency)]
Count = Annotated[int, Field(strict=True, gt=0, le=1000)]
# An exercise's file name without .yaml (docs/content.md): never a path.
SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
Slug = Annotated[str, StringConstraints(strip_whitespace=True, pattern=SLUG_PATTERN)]


def _one_or_many(value: object) -> object:
    """Let a single paragraph be written as a plain string instead of a list."""
    return [value] if isinstance(value, str) else value


Paragraphs = Annotated[list[Text], BeforeValidator(_one_or_many)]
# A plan's own words, bounded as the web page's fields are: a 200,000-character note sent to
# `pdfgen serve` took 35 s to print on 72 pages, every other clinician waiting.
ShortText = Annotated[Text, StringConstraints(max_length=1500)]
ShortParagraphs = Annotated[list[ShortText], BeforeValidator(_one_or_many), Field(max_length=10)]


class StrictModel(BaseModel):
    # An unknown field is almost always a typo: refuse it rather than ignore it.
    model_config = ConfigDict(extra="forbid", frozen=True)

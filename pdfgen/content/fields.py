"""The field types every model of the clinic folder shares: text, names, colours,
addresses, counts, slugs, and a model that refuses unknown fields."""

from __future__ import annotations

from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
)

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
# Names and titles print in headers, footers and headings: keep them to what fits.
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80)]
Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
Color = Annotated[str, StringConstraints(pattern=r"^#[0-9A-Fa-f]{6}$")]
# An e-mail address: the one rule, for clinic.toml, --to, the email column and the sender.
ADDRESS_PATTERN = r"^[^@\s<>,;\"]+@[^@\s<>,;\"]+\.[A-Za-z]{2,}$"
Email = Annotated[str, StringConstraints(strip_whitespace=True, pattern=ADDRESS_PATTERN)]
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
Count = Annotated[int, Field(strict=True, gt=0, le=1000)]
# An exercise's file name without .yaml (docs/content.md): never a path.
Slug = Annotated[str, StringConstraints(strip_whitespace=True,
                                        pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]


def _one_or_many(value: object) -> object:
    """Let a single paragraph be written as a plain string instead of a list."""
    return [value] if isinstance(value, str) else value


Paragraphs = Annotated[list[Text], BeforeValidator(_one_or_many)]


class StrictModel(BaseModel):
    # An unknown field is almost always a typo: refuse it rather than ignore it.
    model_config = ConfigDict(extra="forbid", frozen=True)

"""Typed models of the clinic folder: Clinic (clinic.toml), Exercise and Routine (YAML)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Color = Annotated[str, StringConstraints(pattern=r"^#[0-9A-Fa-f]{6}$")]
Email = Annotated[
    str, StringConstraints(strip_whitespace=True, pattern=r"^[^@\s<>]+@[^@\s<>]+\.[A-Za-z]{2,}$")
]
Url = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^https?://[^\s/]+\.[^\s]+$")]
Count = Annotated[int, Field(strict=True, gt=0, le=1000)]


def _one_or_many(value: object) -> object:
    """Let a single paragraph be written as a plain string instead of a list."""
    return [value] if isinstance(value, str) else value


Paragraphs = Annotated[list[Text], BeforeValidator(_one_or_many)]


class _Model(BaseModel):
    # An unknown field is almost always a typo: refuse it rather than ignore it.
    model_config = ConfigDict(extra="forbid", frozen=True)


class Brand(_Model):
    primary: Color = "#1D5C4D"
    accent: Color = "#8A4B12"


class Fonts(_Model):
    """The body font family: four TTF files in the clinic's fonts/ folder."""

    regular: Text = "AtkinsonHyperlegible-Regular.ttf"
    bold: Text = "AtkinsonHyperlegible-Bold.ttf"
    italic: Text = "AtkinsonHyperlegible-Italic.ttf"
    bold_italic: Text = "AtkinsonHyperlegible-BoldItalic.ttf"


class Clinic(_Model):
    name: Text
    clinician: Text
    credentials: Text | None = None
    phone: Text
    email: Email | None = None
    website: Url | None = None
    address: Paragraphs = []
    logo: Text | None = None
    paper: Literal["letter", "a4"] = "letter"
    language: Annotated[str, StringConstraints(pattern=r"^[a-zA-Z]{2,3}(-[A-Za-z0-9]{2,8})*$")] = (
        "en-US"
    )
    disclaimer: Text
    brand: Brand = Brand()
    fonts: Fonts = Fonts()


class Dose(_Model):
    sets: Count | None = None
    reps: Count | None = None
    hold_seconds: Count | None = None
    times: Count | None = None
    per: Literal["day", "week"] | None = None
    side: Literal["each", "left", "right", "both"] | None = None


class Exercise(_Model):
    name: Text
    summary: Text
    why: Paragraphs = []
    steps: Annotated[list[Text], Field(min_length=1)]
    tips: list[Text] = []
    easier: Text | None = None
    harder: Text | None = None
    dose: Dose | None = None
    video: Url | None = None


class RoutineItem(_Model):
    slug: Text
    dose: Dose | None = None


def _slug_or_item(value: object) -> object:
    return {"slug": value} if isinstance(value, str) else value


class Routine(_Model):
    title: Text
    level: Annotated[int, Field(strict=True, ge=1, le=99)]
    intro: Paragraphs = []
    exercises: Annotated[
        list[Annotated[RoutineItem, BeforeValidator(_slug_or_item)]], Field(min_length=1)
    ]
    conclusion: Paragraphs = []

"""The model of clinic.toml: the clinic's details, colours, fonts, e-mail and printing."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
)

from pdfgen.content.choices import PAPERS, Paper
from pdfgen.content.fields import (
    Color,
    Email,
    EmergencyNumber,
    Name,
    Paragraphs,
    Phone,
    Text,
    Url,
)
from pdfgen.content.fields import StrictModel as _Model


def contrast_on_white(color: str) -> float:
    """WCAG contrast ratio of a #RRGGBB colour against white paper."""
    def channel(hex_pair: str) -> float:
        c = int(hex_pair, 16) / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(color[i:i + 2]) for i in (1, 3, 5))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return 1.05 / (luminance + 0.05)


MIN_CONTRAST = 4.5  # WCAG AA for text: both colours are used for headings and labels


def _readable(color: str) -> str:
    ratio = contrast_on_white(color)
    if ratio < MIN_CONTRAST:
        raise ValueError(
            f"{color} is too light to read on white paper (contrast {ratio:.1f}:1, "
            f"needs at least {MIN_CONTRAST}:1); choose a darker colour"
        )
    return color


class Brand(_Model):
    primary: Annotated[Color, AfterValidator(_readable)] = "#1D5C4D"
    accent: Annotated[Color, AfterValidator(_readable)] = "#8A4B12"


class Fonts(_Model):
    """The body font family: four TTF files in the clinic's fonts/ folder."""

    regular: Text = "AtkinsonHyperlegible-Regular.ttf"
    bold: Text = "AtkinsonHyperlegible-Bold.ttf"
    italic: Text = "AtkinsonHyperlegible-Italic.ttf"
    bold_italic: Text = "AtkinsonHyperlegible-BoldItalic.ttf"
    names: list[Text] = Field(default_factory=list, description=(
        "TrueType fonts (.ttf) in fonts/ for patients' names in other scripts (Arabic, "
        "Chinese, ...), tried before the system's fonts."))


class EmailSettings(_Model):
    """How the clinic sends mail. The password never goes here: PDFGEN_SMTP_PASSWORD."""

    host: Text | None = Field(None, description="The SMTP server, e.g. smtp.example.com.")
    port: Annotated[int, Field(strict=True, ge=1, le=65535)] | None = Field(
        None, description="The port (default: 587 for starttls, 465 for ssl, 25 for none).")
    security: Literal["starttls", "ssl", "none"] = Field(
        "starttls", description="starttls, ssl, or none (only to this computer).")
    username: Text | None = Field(None, description="The login name, if the server wants one.")
    from_address: Email | None = Field(None, description="The sender's address.")
    reply_to: Email | None = Field(None, description="Where patients' replies go.")
    # (strict, as the port: "10" in quotes was taken here and refused there)
    max_attachment_mb: Annotated[float, Field(strict=True, gt=0, le=25)] = Field(
        10, description="The largest handout to send, in MB.")


# CUPS's rule for a queue's name: printable, no space, slash or '#' (and never an lp option).
PRINTER_NAME = r"^[^\s/\\#'\"-][^\s/\\#'\"]{0,126}$"


class PrintSettings(_Model):
    """How handouts are printed (--print), through the system's print service (CUPS)."""

    printer: Annotated[str, StringConstraints(strip_whitespace=True,
                                              pattern=PRINTER_NAME)] | None = Field(
        None, description="The printer, as `pdfgen printers` names it (default: the "
                          "system's default printer).")
    copies: Annotated[int, Field(strict=True, ge=1, le=100)] = Field(
        1, description="How many copies of each handout (1 to 100).")
    sides: Literal["two-sided", "one-sided"] = Field(
        "two-sided", description="'two-sided' (on the long edge) or 'one-sided', for "
                                 "printers that cannot print on both sides.")


_SPELT = {"colour": "color", "greyscale": "grayscale"}


class Clinic(_Model):
    name: Name = Field(description="The clinic's name, in the header and footer of every page.")
    clinician: Name = Field(description="The clinician who gives the handout.")
    credentials: Name | None = Field(None, description="Degree or title, after the name.")
    phone: Phone = Field(
        description="The number patients should call.")
    contact_email: Email | None = Field(None, description="E-mail address for patients.")
    website: Url | None = Field(None, description="The website, starting with https://.")
    booking_url: Url | None = Field(
        None, description="Where patients book a visit; its QR code goes in the contact block.")
    address: Paragraphs = Field([], description="The address, one item per printed line.")
    logo: Text | None = Field(None, description="Logo file (SVG, PNG, JPEG), from content/.")
    # "A4" as the command line takes it (--paper A4), and as the paper's name is printed.
    paper: Annotated[Paper, BeforeValidator(
        lambda v: v.lower() if isinstance(v, str) and v.lower() in PAPERS else v)] = Field(
        "letter", description="Paper size.")
    language: Annotated[str, StringConstraints(pattern=r"^[a-zA-Z]{2,3}(-[A-Za-z0-9]{2,8})*$")] = (
        Field("en-US", description="Language tag of the handout, like en-US.")
    )
    disclaimer: Text = Field(description="The safety note in a box on page 1.")
    emergency_phone: EmergencyNumber | None = Field(
        None, description="The emergency number the warning signs box tells patients to "
                          "call (default: the country's, else 911).")
    country: Annotated[str, StringConstraints(pattern=r"^[A-Za-z]{2}$"),
                       AfterValidator(str.upper)] | None = Field(
        None, description="The clinic's country, as an ISO 3166 code like US or ES: gives "
                          "the emergency number.")
    date_format: Literal["DD/MM/YYYY", "MM/DD/YYYY"] | None = Field(
        None, description="How dates in patient lists are written when not YYYY-MM-DD "
                          "(default: the country's order; Canada writes both, so give it).")
    brand: Brand = Field(Brand(), description="The clinic's two colours.")
    fonts: Fonts = Field(Fonts(), description="The body font family's four TTF files.")
    # (British spelling taken too: a clinic in the UK writes "colour", as its file says.)
    pictures: Annotated[Literal["color", "grayscale"], BeforeValidator(
        lambda v: _SPELT.get(v, v) if isinstance(v, str) else v)] = Field(
        "color", description="'grayscale' (or 'greyscale') turns photos grey, for "
                             "black-and-white printing.")
    email: EmailSettings = Field(EmailSettings(), description="How handouts are e-mailed.")
    print: PrintSettings = Field(PrintSettings(), description="How handouts are printed.")

    @property
    def emergency_number(self) -> str:
        """The number a handout tells patients to call in an emergency: emergency_phone, or
        the country's (911 when the clinic names neither)."""
        from pdfgen.languages import emergency_number

        return self.emergency_phone or emergency_number(self.country) or "911"

    @field_validator("country")
    @classmethod
    def _known_country(cls, country: str | None, info: ValidationInfo) -> str | None:
        from pdfgen.languages import UK_IS_GB, emergency_number

        if country == "UK":
            raise ValueError(UK_IS_GB)
        if country and not info.data.get("emergency_phone") and not emergency_number(country):
            raise ValueError(f"pdfgen does not know the emergency number of {country}; set "
                             "emergency_phone")
        return country

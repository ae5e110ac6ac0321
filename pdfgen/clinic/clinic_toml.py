"""The clinic.toml a new clinic starts with: `pdfgen init`'s answers, every field explained."""

from __future__ import annotations

import json
import tomllib
from typing import TYPE_CHECKING

from pdfgen.content.project import bundled_root

if TYPE_CHECKING:
    from pdfgen.clinic.init_clinic import ClinicAnswers


def _q(value: str) -> str:
    # A JSON string is a valid TOML basic string (same quotes and escapes).
    return json.dumps(value, ensure_ascii=False)


def _optional(key: str, value: str, comment: str) -> str:
    line = f"{key} = {_q(value)}" if value else f"# {key} = \"\""
    return f"# {comment}\n{line}\n"


# The demo's safety note, made of the source article's, names back pain: a new clinic's
# prints on every routine it writes (hips, shoulders...), so its pain is any pain.
ANY_PAIN = {"If you have back pain or other symptoms": "If you have pain or other symptoms",
            "Si tiene dolor de espalda u otros síntomas": "Si tiene dolor u otros síntomas"}


def for_any_routine(text: str) -> str:
    """The demo's safety note (or its translation) with the pain it names any pain."""
    for demo, own in ANY_PAIN.items():
        text = text.replace(demo, own)
    return text


def clinic_toml(a: ClinicAnswers, logo: str | None) -> str:
    """The text of a new clinic's clinic.toml: its answers, each field explained."""
    demo = tomllib.loads((bundled_root() / "content" / "clinic.toml").read_text("utf-8"))
    address = ", ".join(_q(line) for line in a.address)
    return f"""\
#:schema ../schemas/clinic.schema.json
# Your clinic, printed on every handout. Every field is explained in pdfgen's content
# guide (docs/content.md in its repository); run `pdfgen check` after each change.

# The clinic's name, in the header and footer of every page.
name = {_q(a.name)}

# The clinician who gives the handout.
clinician = {_q(a.clinician)}
{_optional("credentials", a.credentials, "Degree or title, after the clinician's name.")}
# The number patients should call: in the header, the contact block and every footer.
phone = {_q(a.phone)}
{_optional("contact_email", a.email, "E-mail address for patients, in the contact block.")}
{_optional("website", a.website, "Website, starting with https:// (a QR code for it).")}
# Street address, one item per printed line.
{"address = [" + address + "]" if a.address else "# address = []"}

# Logo, from content/: SVG, PNG or JPEG. Without one, the clinic's name heads the page.
{f"logo = {_q(logo)}" if logo else '# logo = "images/logo.svg"'}

# Paper: "letter" or "a4".
paper = {_q(a.paper)}

# The clinic's country (ISO 3166 code: US, CA, ES, GB, AU...): its emergency number heads
# the warning box ("Call 911 now if you have:"; 911 in the US and Canada, 112 in Spain and
# the EU).
country = {_q(a.country)}
{_optional("emergency_phone", a.emergency, "Another emergency number than the country's.")}
# The language of the handouts, as a tag like "en-US" or "es" (any other language needs its
# translations: see pdfgen's README, Languages). `pdfgen handout --language es` for one.
language = {_q(a.language)}

# How the dates of a patient list are written when not YYYY-MM-DD (always read): by default
# the country's order; Canada writes both, so set it there.
# date_format = "DD/MM/YYYY"   # or "MM/DD/YYYY"

# Photos: "color", or "grayscale" for clinics that print in black and white.
pictures = "color"

# Where patients book a visit: a QR code in the contact block (else the website's).
# booking_url = "https://www.example.com/book"

# The safety note in a box on page 1. Keep it short and plain.
disclaimer = {_q(for_any_routine(" ".join(demo["disclaimer"].split())))}

[brand]
# Headings, lines and step numbers: a dark colour (at least 4.5:1 against white paper).
primary = {_q(a.color)}
# The dose box and notes.
accent = {_q(a.color)}

# Your own font family (four TTF files in fonts/, with their licence); default:
# Atkinson Hyperlegible, made for readers with low vision.
# [fonts]
# regular = "MyFont-Regular.ttf"
# bold = "MyFont-Bold.ttf"
# italic = "MyFont-Italic.ttf"
# bold_italic = "MyFont-BoldItalic.ttf"
# names = ["NotoSansArabic-Regular.ttf"]  # for patients' names in other scripts

# Sending handouts by e-mail (pdfgen email): see pdfgen's docs/email.md. The password is
# only ever read from the environment variable PDFGEN_SMTP_PASSWORD.
# [email]
# host = "smtp.example.com"
# security = "starttls"
# username = "frontdesk@example.com"
# from_address = "frontdesk@example.com"

# Printing handouts (pdfgen handout --print): the printer, as `pdfgen printers` lists it
# (default: this computer's default printer), copies, and "two-sided" or "one-sided".
# [print]
# printer = "front-desk"
# copies = 1
# sides = "two-sided"
"""

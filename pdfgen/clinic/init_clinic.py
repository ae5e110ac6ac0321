"""`pdfgen init`: a new clinic folder, with the clinic's details and the demo's content."""

from __future__ import annotations

import json
import re
import shutil
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pdfgen.content.clinic_settings import Clinic
from pdfgen.content.problems import validate_all
from pdfgen.content.project import CLINIC_FILE, bundled_root
from pdfgen.errors import InitError, display_path

LOGO_TYPES = (".svg", ".png", ".jpg", ".jpeg")

TEMPLATES_README = """\
# Your templates

Any file here replaces pdfgen's built-in template of the same name: the subtitle and
"Prepared for" line (title.j2), the disclaimer box (disclaimer.j2), the card labels and how
a dose is written (card.j2), the warning signs box (safety.j2), the closing (closing.j2),
the contact block (contact.j2), the line atop pages 2 and on (header.j2), the footer
(footer.j2), the exercise log (log.j2) and the e-mail (email.j2).

    pdfgen templates               # the built-in templates, and which ones you override
    pdfgen templates --copy footer.j2

Each template is a set of named blocks; edit the text inside a block and keep the block.
Templates are Jinja2, sandboxed: `{{ clinic.name }}` and the other variables of
docs/content.md work; a misspelt variable stops the build with an error naming it.
"""



@dataclass(frozen=True)
class ClinicAnswers:
    name: str
    clinician: str
    phone: str
    credentials: str = ""
    email: str = ""
    website: str = ""
    address: list[str] = field(default_factory=list)
    color: str = "#1D5C4D"
    paper: str = "letter"
    logo: Path | None = None
    emergency: str = ""  # empty: the country's number
    country: str = "US"
    language: str = "en-US"


def check_answers(answers: ClinicAnswers) -> None:
    """The answers as clinic.toml would hold them; the first problem as a clear error."""
    from pdfgen.text.i18n import language

    language(answers.language, "--language")  # a tag Babel knows
    _, problems = validate_all(Clinic, _clinic_data(answers, None), Path("clinic.toml"))
    if problems:
        option = {"contact_email": "email", "brand.primary": "color", "brand.accent": "color",
                  "emergency_phone": "emergency",
                  "name": "clinic"}.get(problems[0].field, problems[0].field)
        raise InitError(f"--{option}: {problems[0].problem}")
    if answers.logo is not None:
        if not answers.logo.is_file():
            raise InitError(f"--logo {display_path(answers.logo)}: no such file")
        if answers.logo.suffix.lower() not in LOGO_TYPES:
            raise InitError(f"--logo {display_path(answers.logo)}: expected an .svg, .png "
                            "or .jpg file")


def answer_problem(name: str, value: str) -> str | None:
    """What is wrong with one answer typed at init's questions (`name`, a field of
    ClinicAnswers), found as check_answers finds it at the end: asked again at once, not
    after every other question with every answer lost. None when it will do."""
    # (As init takes them: the paper in lower case, no spaces around.)
    value = {"paper": value.lower()}.get(name, value).strip()
    if name == "country":  # (its emergency number is asked next, if pdfgen has none)
        return None if re.fullmatch(r"[A-Za-z]{2}", value) else (
            f"expected the country's two letters, like US, CA, GB or AU, got {value!r}")
    given: dict[str, Any] = {name: (Path(value) if value else None) if name == "logo"
                             else value}
    try:
        check_answers(replace(SAMPLE, **given))
    except InitError as error:
        # ("--email: expected …", "--logo x.png: no such file": the question names it.)
        return re.sub(r"^--[\w-]+:? ?", "", error.message)
    return None


SAMPLE = ClinicAnswers(name="Clinic", clinician="Clinician", phone="555 0100")


def catalog_missing(folder: Path, answers: ClinicAnswers) -> str | None:
    """Why the new clinic cannot make a handout yet, when pdfgen has no catalog of its
    language (the clinic may add one: README, Languages); else None."""
    from pdfgen.errors import LanguageError
    from pdfgen.text.i18n import language, translations

    try:
        translations(language(answers.language, "--language"), folder)
    except LanguageError as missing:
        return str(missing)
    return None


def refuse_taken(folder: Path) -> None:
    """Refuse a folder that exists and is not empty (before any question is asked)."""
    if (folder / CLINIC_FILE).exists() or (folder.exists() and any(folder.iterdir())):
        raise InitError(f"{display_path(folder)}: the folder exists and is not empty; "
                        "pdfgen never overwrites a clinic folder")


def create_clinic(folder: Path, answers: ClinicAnswers) -> Path:
    """Write a clinic folder; refuse to touch one that exists. Returns its clinic.toml."""
    check_answers(answers)
    refuse_taken(folder)
    demo = bundled_root() / "content"
    content = folder / "content"
    for part in ("exercises", "routines", "plans"):
        shutil.copytree(demo / part, content / part)
    (content / "images").mkdir()  # the clinic's own photos and drawings (the demo's are figures)
    _unsigned(content / "routines")
    code = answers.language.lower().replace("_", "-").split("-")[0]
    translated = EXAMPLE_PLANS / f"example.{code}.yaml"
    if translated.is_file():  # the example plan in the clinic's own language
        shutil.copyfile(translated, content / "plans" / "example.yaml")
    elif code != "en":
        _mark_english(content / "plans")
    logo = None
    if answers.logo is not None:
        logo = f"images/logo{answers.logo.suffix.lower()}"
        shutil.copyfile(answers.logo, content / logo)
    (content / "clinic.toml").write_text(_clinic_toml(answers, logo), encoding="utf-8")
    write_clinic_translations(demo, content)
    (folder / "templates").mkdir()
    (folder / "templates" / "README.md").write_text(TEMPLATES_README, encoding="utf-8")
    (folder / "out").mkdir()
    from pdfgen.clinic.schema import write_schemas

    write_schemas(folder / "schemas")  # for editors: clinic.toml's first line points there
    return content / "clinic.toml"


SIGN_OFF = ("version:", "reviewed:", "reviewed_by:", "review_every:")
# The example plan written in other languages than English, for a new clinic in one.
EXAMPLE_PLANS = Path(__file__).parent / "example_plans"


def _unsigned(routines: Path) -> None:
    """The demo's routines without the demo clinic's sign-off: a new clinic's handouts say
    who reviewed them once someone there has."""
    for path in sorted(routines.glob("*/level-*.yaml")):
        if path.stem.count(".") or not path.is_file():
            continue  # a translation holds no sign-off
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        kept = [line for line in lines if not line.startswith(SIGN_OFF)]
        if kept != lines:
            kept = [("# The sign-off on the last page: once your clinic has reviewed this "
                     "handout, add\n# version, reviewed (YYYY-MM-DD), reviewed_by and "
                     "review_every (docs/content.md).\n")
                    if line.startswith("# The sign-off on the last page") else line
                    for line in kept]
            path.write_text("".join(kept), encoding="utf-8")


def _clinic_data(answers: ClinicAnswers, logo: str | None) -> dict[str, object]:
    data: dict[str, object] = {"name": answers.name, "clinician": answers.clinician,
                               "phone": answers.phone, "paper": answers.paper,
                               "country": answers.country, "language": answers.language,
                               "disclaimer": "x", "brand": {"primary": answers.color,
                                                            "accent": answers.color}}
    for key, value in (("credentials", answers.credentials),
                       ("emergency_phone", answers.emergency),
                       ("contact_email", answers.email), ("website", answers.website),
                       ("logo", logo)):
        if value:
            data[key] = value
    if answers.address:
        data["address"] = answers.address
    return data


def _q(value: str) -> str:
    # A JSON string is a valid TOML basic string (same quotes and escapes).
    return json.dumps(value, ensure_ascii=False)


def _optional(key: str, value: str, comment: str) -> str:
    line = f"{key} = {_q(value)}" if value else f"# {key} = \"\""
    return f"# {comment}\n{line}\n"


def _clinic_toml(a: ClinicAnswers, logo: str | None) -> str:
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
disclaimer = {_q(" ".join(demo["disclaimer"].split()))}

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


def write_clinic_translations(demo: Path, content: Path) -> None:
    """The demo's translations of the clinic's text (the disclaimer), marked as translating
    the new clinic.toml: init writes the demo's disclaimer, word for word. Never the demo's
    degree: a clinic's own credentials print as clinic.toml has them until it writes them
    in the language."""
    from pdfgen.content.translations import fingerprint

    mark = f"clinic.toml@{fingerprint(content / 'clinic.toml')}"
    for source in sorted(demo.glob("clinic.*.toml")):
        kept: list[str] = []
        for line in source.read_text("utf-8").splitlines(keepends=True):
            if line.startswith("translates"):
                line = f'translates = "{mark}"\n'
            elif line.startswith("credentials"):
                while kept and kept[-1].startswith("#"):
                    kept.pop()  # the demo's comment on its own degree goes with it
                line = ('# credentials = "..."  # your degree as it reads in this language, '
                        "if it reads otherwise\n")
            kept.append(line)
        (content / source.name).write_text("".join(kept), encoding="utf-8")


def _mark_english(plans: Path) -> None:
    """The demo's plans say they are written in English: a handout in the clinic's own
    language refuses them (never mixing two) until their words are translated."""
    for plan in sorted(plans.glob("*.yaml")):
        text = plan.read_text("utf-8")
        mark = ("\n# The words of this plan (its notes) are English. Translate them, then set\n"
                "# language to your handouts' language.\nlanguage: en\n")
        plan.write_text(text.rstrip("\n") + "\n" + mark, encoding="utf-8")


def own_emergency_number(answer: str, country: str) -> str:
    """The emergency number to write in clinic.toml: none when it is the country's."""
    from pdfgen.languages import emergency_number

    return "" if answer.strip() == emergency_number(country) else answer.strip()

"""`pdfgen init`: a new clinic folder, with the clinic's details and the demo's content."""

from __future__ import annotations

import contextlib
import re
import shutil
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pdfgen.clinic.clinic_toml import clinic_toml
from pdfgen.content.clinic_settings import Clinic
from pdfgen.content.problems import validate_all
from pdfgen.content.project import CLINIC_FILE, bundled_root, is_demo_folder
from pdfgen.errors import InitError, OutputError, display_path

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
    if (problems and problems[0].field == "country" and not answers.emergency
            and "emergency number" in problems[0].problem):
        raise InitError(f"--country {answers.country}: pdfgen does not know its emergency "
                        "number; give it with --emergency")
    if problems:
        option = {"contact_email": "email", "brand.primary": "color", "brand.accent": "color",
                  "emergency_phone": "emergency",
                  "name": "clinic"}.get(problems[0].field, problems[0].field)
        raise InitError(f"--{option}: {problems[0].problem}")
    if answers.logo is not None:
        if answers.logo.is_dir():  # (named as it was typed: "--logo ." for the folder)
            raise InitError(f"--logo {answers.logo}: is a folder, expected the logo's file")
        if not answers.logo.is_file():
            raise InitError(f"--logo {display_path(answers.logo)}: no such file")
        if answers.logo.suffix.lower() not in LOGO_TYPES:
            raise InitError(f"--logo {display_path(answers.logo)}: expected an .svg, .png "
                            "or .jpg file")
        _printable_logo(answers.logo)
    _printable_words(answers)


def _printable_logo(logo: Path) -> None:
    """A logo every handout can print: one that is no picture, refused now rather than by
    each handout of the new clinic."""
    from pdfgen.content.pictures import PictureError, load_picture

    try:
        load_picture(logo)
    except PictureError as error:
        raise InitError(f"--logo {display_path(logo)}: {error}") from None


def _printable_words(answers: ClinicAnswers) -> None:
    """The clinic's words in letters the bundled fonts print (an emoji in its name stopped
    every handout of the new clinic)."""
    from pdfgen.content.clinic_settings import Fonts
    from pdfgen.errors import ContentError
    from pdfgen.text.engine import TextError, check_drawable
    from pdfgen.text.fonts import load_fonts

    fonts = load_fonts(Fonts(), [bundled_root() / "fonts"], Path(CLINIC_FILE))
    for option, text in (("--clinic", answers.name), ("--clinician", answers.clinician),
                         ("--credentials", answers.credentials),
                         *(("--address", line) for line in answers.address)):
        try:
            check_drawable(text, fonts)
        except (TextError, ContentError) as error:
            raise InitError(f"{option}: {error}") from None


def answer_problem(name: str, value: str) -> str | None:
    """What is wrong with one answer typed at init's questions (`name`, a field of
    ClinicAnswers), found as check_answers finds it at the end: asked again at once, not
    after every other question with every answer lost. None when it will do."""
    value = {"paper": paper_answer(value)}.get(name, value).strip()
    if name == "country":  # (its emergency number is asked next, if pdfgen has none)
        from pdfgen.languages import UK_IS_GB, country_named
        if value.upper() == "UK":
            return UK_IS_GB
        code = country_named(value)
        return None if re.fullmatch(r"[A-Za-z]{2}", value) else (
            f"expected the country's two letters, like US, CA, GB or AU, got {value!r}"
            + (f": write {code}" if code else ""))
    given: dict[str, Any] = {name: (Path(value) if value else None) if name == "logo"
                             else value}
    try:
        check_answers(replace(SAMPLE, **given))
    except InitError as error:
        # ("--email: expected …", "--logo x.png: no such file": the question names it.)
        return re.sub(r"^--[\w-]+:? ?", "", error.message)
    return None


def paper_answer(typed: str) -> str:
    """The paper as init takes it: letter or a4 in any capitals; else as typed, so that the
    error quotes what the user wrote ('A5', not 'a5')."""
    from pdfgen.content.choices import PAPERS

    return typed.strip().lower() if typed.strip().lower() in PAPERS else typed.strip()


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


def new_clinic_notes(folder: Path, answers: ClinicAnswers, missing: str | None) -> list[str]:
    """What a new clinic should know of the folder just made, a line each."""
    notes = []
    if missing:  # the clinic may add one; until then no handout can be made
        notes.append(f"--language {missing}: no handout can be made until the clinic adds "
                     "it, or sets language = \"en\" or \"es\" in content/clinic.toml")
    if answers.country == "CA":  # (a list's 03/04/2026 is refused as either day until set)
        notes.append("country CA: patient lists write dates both ways in Canada; set "
                     "date_format = \"DD/MM/YYYY\" or \"MM/DD/YYYY\" in content/clinic.toml")
    from pdfgen.content.emergency_check import other_than_the_countrys as countrys

    # (As check warns: kept from another country's clinic, a patient dials it.)
    if known := countrys(answers.emergency, answers.country):
        notes.append(f"--emergency {answers.emergency}: the emergency number of "
                     f"{answers.country} is {known}, and every handout tells patients to "
                     "call the one given; check it")
    spanish = sorted(folder.glob("content/**/*.es.*"))
    if spanish and not answers.language.lower().startswith("es"):
        # (The demo's translations come with the starting content; a clinic in Bristol
        # found its handouts offering Spanish it had never chosen.)
        notes.append(f"content/ has the Spanish of its files ({len(spanish)} *.es.* files), "
                     "so every handout says it is also in Spanish (Español): delete them if "
                     "the clinic does not offer Spanish")
    return notes


def refuse_taken(folder: Path) -> None:
    """Refuse a folder that exists and is not empty, or a file (before any question is
    asked)."""
    if folder.exists() and not folder.is_dir():
        raise InitError(f"{display_path(folder)}: is a file; give the name of a new folder")
    for above in reversed(folder.parents):
        if above.exists() and not above.is_dir():
            raise InitError(f"{display_path(above)}: is a file; a folder is needed there")
    try:
        taken = (folder / CLINIC_FILE).exists() or (folder.exists() and any(folder.iterdir()))
    except OSError as exc:
        raise InitError(f"{display_path(folder)}: cannot look inside it "
                        f"({(exc.strerror or type(exc).__name__).lower()})") from None
    if taken:
        raise InitError(f"{display_path(folder)}: the folder exists and is not empty; "
                        "pdfgen never overwrites a clinic folder")
    host = next((a for a in folder.resolve().parents if (a / CLINIC_FILE).is_file()), None)
    if host is not None and not is_demo_folder(host, copied=True):  # (as the README does)
        raise InitError(f"{display_path(folder)}: inside the clinic folder {host.name}/; make "
                        "a new clinic beside it, not in it (cd .. first)")


def create_clinic(folder: Path, answers: ClinicAnswers) -> Path:
    """Write a clinic folder; refuse to touch one that exists. Returns its clinic.toml.
    A folder that cannot be written whole (no such place, no permission, a full disk) is
    told in one line, and what was written of it is taken away."""
    check_answers(answers)
    refuse_taken(folder)
    existed = folder.exists()  # (then empty: refuse_taken)
    try:
        return _write_clinic(folder, answers)
    except (OSError, OutputError) as exc:
        _take_away(folder, existed)
        if isinstance(exc, OutputError):
            raise InitError(exc.message) from None
        raise InitError(f"{display_path(folder)}: cannot make the clinic folder here "
                        f"({_why(exc)})") from None


def _why(exc: OSError) -> str:
    """The system's reason, "file too large", also from a copy of many files (shutil.Error
    lists each file's failure as text)."""
    if exc.strerror:
        return exc.strerror.lower()
    found = re.search(r"\[Errno \d+\] ([^:'\]]+)", str(exc))
    return found.group(1).lower() if found else type(exc).__name__


def _take_away(folder: Path, existed: bool) -> None:
    """What create_clinic wrote, taken away: the folder, or its contents when it was there
    (empty) before."""
    if not existed:
        shutil.rmtree(folder, ignore_errors=True)
        return
    with contextlib.suppress(OSError):
        for child in folder.iterdir():
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child, ignore_errors=True)
            else:
                child.unlink(missing_ok=True)


def _write_clinic(folder: Path, answers: ClinicAnswers) -> Path:
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
    (content / "clinic.toml").write_text(clinic_toml(answers, logo), encoding="utf-8")
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


def write_clinic_translations(demo: Path, content: Path) -> None:
    """The demo's translations of the clinic's text (the disclaimer), marked as translating
    the new clinic.toml: init writes the demo's disclaimer, word for word. Never the demo's
    degree: a clinic's own credentials print as clinic.toml has them until it writes them
    in the language."""
    from pdfgen.clinic.clinic_toml import for_any_routine
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
        (content / source.name).write_text(for_any_routine("".join(kept)), encoding="utf-8")


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

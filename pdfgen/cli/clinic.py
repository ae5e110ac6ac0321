"""The commands for a clinic's own folder and content: list, check, new, schema, init and
templates. Each parses its options and calls the core once; errors become exit codes in
cli.app."""

# No `from __future__ import annotations`: Typer reads a command's annotations each run,
# and would compile and evaluate every one written as a string (~3 ms of `pdfgen --help`).
from pathlib import Path
from typing import Annotated

import typer

from pdfgen.cli.options import ProjectOption, clinic_folder, whole_number
from pdfgen.errors import CheckErrors, CheckWarnings, Interrupted, PdfgenError, display_path


def list_command(project: ProjectOption = None) -> None:
    """Show the routines and levels of the clinic, with their exercises, then the other
    exercises a plan can use (the starter library marked for review).

    Example: pdfgen list --project ~/my-clinic
    """
    clinic = clinic_folder(project)
    summaries = clinic.routines()
    others = clinic.other_exercises(summaries)
    if not summaries:
        typer.echo("No routines found (add content/routines/TOPIC/level-N.yaml).")
    topic = None
    for s in summaries:
        if s.topic != topic:
            topic = s.topic
            typer.echo(("" if s is summaries[0] else "\n") + f"{topic}")
        if s.problem:
            typer.echo(f"  --level {s.level}  (cannot be printed: {s.problem})")
            continue
        typer.echo(f"  --level {s.level}  {s.title}")
        for number, item in enumerate(s.exercises, 1):
            typer.echo(f"      {number}. {item.line()}")
        typer.echo(f"      languages: {', '.join(s.languages)}")
    if others:
        typer.echo("\nOther exercises, for a plan (docs/plans.md):")
        for item in others:
            typer.echo(f"  {item.line()}")


def check(
    strict: Annotated[bool, typer.Option(
        "--strict", help="Exit with code 1 when there are warnings (for scripts and CI).")] = False,
    project: ProjectOption = None,
) -> None:
    """Check every file of the clinic folder and report all problems at once.

    Exit code 0: no errors (warnings allowed unless --strict); 1: warnings with --strict;
    2: errors.

    Example: pdfgen check --strict
    """
    report = clinic_folder(project).check()
    for finding in report.findings:
        typer.echo(str(finding))
    typer.echo(report.summary())
    if report.count("error"):
        raise CheckErrors
    if strict and report.count("warning"):
        raise CheckWarnings


def new_exercise(
    slug: Annotated[str, typer.Argument(help="The exercise's short name, e.g. wall-sit.")],
    translate: Annotated[str | None, typer.Option(
        "--translate", metavar="LANG",
        help="Start a translation of the existing exercise SLUG instead, e.g. es: "
             "content/exercises/SLUG.LANG.yaml, the English beside every field.")] = None,
    pose: Annotated[str | None, typer.Option(
        "--pose", metavar="NAME",
        help="Start its pictures as figures from this base pose, e.g. standing "
             "(pdfgen figures shows them all).")] = None,
    project: ProjectOption = None,
) -> None:
    """Write content/exercises/SLUG.yaml to fill in (or, with --translate, its translation).

    Example: pdfgen new exercise wall-sit

    Example: pdfgen new exercise wall-sit --pose standing

    Example: pdfgen new exercise wall-sit --translate es
    """
    from pdfgen.clinic.scaffold import new_exercise as create
    from pdfgen.clinic.translation_scaffold import new_exercise_translation

    if translate is not None:
        _created(new_exercise_translation(clinic_folder(project, writes=True).project, slug,
                                                  translate))
        return
    _created(create(clinic_folder(project, writes=True).project, slug, pose))


def new_routine(
    topic: Annotated[str, typer.Argument(help="The topic folder, e.g. back-pain.")],
    level: Annotated[int, typer.Option("--level", metavar="N", parser=whole_number("--level"),
                                       help="The level, e.g. 3.")],
    translate: Annotated[str | None, typer.Option(
        "--translate", metavar="LANG",
        help="Start a translation of the existing routine instead, e.g. es: "
             "content/routines/TOPIC/level-N.LANG.yaml, the English beside every field.")
    ] = None,
    project: ProjectOption = None,
) -> None:
    """Write content/routines/TOPIC/level-N.yaml to fill in (or, with --translate, its
    translation).

    Example: pdfgen new routine neck-pain --level 1

    Example: pdfgen new routine back-pain --level 2 --translate fr
    """
    from pdfgen.clinic.scaffold import new_routine as create
    from pdfgen.clinic.translation_scaffold import new_routine_translation

    folder = clinic_folder(project, writes=True).project
    if translate is not None:
        _created(new_routine_translation(folder, topic, level, translate))
        return
    _created(create(folder, topic, level))


def figures(
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", metavar="FILE",
        help="Where to write the sheet (default: out/figures.pdf).")] = None,
    project: ProjectOption = None,
) -> None:
    """Write a PDF sheet of every base pose and prop a figure can start from.

    Example: pdfgen figures
    """
    typer.echo(display_path(clinic_folder(project, quiet=True).figures(output=output)))


def _created(path: Path) -> None:
    typer.echo(f"{display_path(path)}  (fill in the empty quotes, then run pdfgen check)")


def schema(
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", metavar="DIR",
        help="Where to write the schemas (default: schemas/ in the clinic folder).")] = None,
    project: ProjectOption = None,
) -> None:
    """Write JSON Schemas of the exercise, routine, plan and clinic files, for editors.

    Editors with a YAML extension then check and complete fields as you type (files made
    by `pdfgen new` point to them).

    Example: pdfgen schema
    """
    from pdfgen.clinic.schema import write_schemas

    clinic = clinic_folder(project, quiet=True)
    if output is None and clinic.is_demo:
        raise PdfgenError("no clinic folder here: run inside your clinic folder, or give "
                          "--project or --output")
    paths = write_schemas(output or clinic.path / "schemas")
    for path in paths:
        typer.echo(display_path(path))


def init(
    folder: Annotated[Path, typer.Argument(metavar="DIR", help="The new clinic folder.")],
    clinic: Annotated[str | None, typer.Option("--clinic", metavar="NAME",
                                                help="The clinic's name.")] = None,
    clinician: Annotated[str | None, typer.Option(metavar="NAME",
                                                   help="The clinician's name.")] = None,
    credentials: Annotated[str | None, typer.Option(metavar="TEXT",
                                                     help="Degree or title, e.g. DC.")] = None,
    phone: Annotated[str | None, typer.Option(metavar="NUMBER",
                                               help="The number patients call.")] = None,
    email: Annotated[str | None, typer.Option(metavar="ADDRESS",
                                               help="E-mail address for patients.")] = None,
    website: Annotated[str | None, typer.Option(metavar="URL",
                                                 help="Website, starting with https://.")
                       ] = None,
    address: Annotated[list[str] | None, typer.Option(
        metavar="LINE", help="An address line (repeat for more lines).")] = None,
    color: Annotated[str | None, typer.Option(
        metavar="#RRGGBB", help="Brand colour, dark enough to read on white.")] = None,
    paper: Annotated[str | None, typer.Option(
        metavar="letter|a4", help="Paper size (default: the country's, Letter in the "
        "Americas).")] = None,
    logo: Annotated[Path | None, typer.Option(metavar="FILE",
                                               help="Logo file: SVG, PNG or JPEG.")] = None,
    emergency: Annotated[str | None, typer.Option(
        metavar="NUMBER", help="The emergency number patients call (default: the "
        "country's).")] = None,
    country: Annotated[str | None, typer.Option(
        metavar="CODE", help="The clinic's country, e.g. US or ES (default: from the "
        "phone's +prefix).")] = None,
    language: Annotated[str | None, typer.Option(
        metavar="LANG", help="The handouts' language, e.g. en-US or es (default: the "
        "country's: es-MX, en-GB...).")] = None,
    yes: Annotated[bool, typer.Option(
        "--yes", "-y", help="Ask nothing: take the options (--clinic, --clinician and "
        "--phone are then needed), and defaults for the rest.")
    ] = False,
) -> None:
    """Start a clinic folder of your own: your details, the demo's exercises to edit.

    Example: pdfgen init my-clinic

    Example: pdfgen init sol --clinic "Clínica Sol" --clinician "Ana Ruiz" --phone
    "+34 555 010 203" --paper a4 --color "#7A2E0E" --yes
    """
    from pdfgen.clinic.init_clinic import (
        ClinicAnswers,
        answer_problem,
        catalog_missing,
        check_answers,
        create_clinic,
        new_clinic_notes,
        own_emergency_number,
        paper_answer,
        refuse_taken,
    )
    from pdfgen.languages import (
        country_from_phone,
        emergency_number,
        language_for,
        may_be_north_american,
        paper_for,
    )
    from pdfgen.text.i18n import language as language_of

    refuse_taken(folder)  # before a question is asked

    def ask(value: str | None, question: str, default: str = "", required: bool = False,
            why: str = "every handout prints it", field: str = "") -> str:
        if value is not None:
            return value  # (an option: checked with the others, once all are known)
        if yes:
            if required:
                raise PdfgenError(f"--{question.split()[0].lower()} is needed with --yes")
            return default
        shown = question if required or default else f"{question} (Enter to leave out)"
        try:
            while True:  # asked again, saying why, rather than silently
                answer: str = typer.prompt(shown, default=default,
                                           show_default=bool(default), type=str)
                if required and not answer.strip():
                    typer.echo(f"{question} is needed: {why}.", err=True)
                    continue
                problem = answer_problem(field, answer) if field and answer.strip() else None
                if problem is None:
                    return answer
                typer.echo(f"{question}: {problem}; type it again.", err=True)
        except typer.Abort as stop:
            typer.echo()  # (what follows on a line of its own, not after "^C" or the question)
            if isinstance(stop.__context__, KeyboardInterrupt):
                raise Interrupted from None
            # Input ended (a script, or Ctrl-D): say how to answer without questions.
            raise PdfgenError(f"init: no answer to '{question}' (the input ended); answer "
                              "the questions, or give the details as options with --yes "
                              "(see pdfgen init --help)") from None

    name = ask(clinic, "Clinic name", required=True, field="name")
    clinician_name = ask(clinician, "Clinician name", required=True, field="clinician")
    credentials = ask(credentials, "Credentials, e.g. DC", field="credentials")
    phone = ask(phone, "Phone number", required=True, field="phone")
    # The emergency number follows the country: from the phone's +prefix when it is certain
    # (+34 is Spain; +1 is the US, Canada or the Caribbean), else asked.
    known = country or country_from_phone(phone)
    # US when a number may be one; never for one a US number cannot be (a wrong emergency
    # number on every handout): then the country is asked, or needed with --yes.
    guess = "US" if may_be_north_american(phone) else ""
    if not known and not guess and yes:
        raise PdfgenError(f"--phone {phone}: a number that starts with 0 is not a US or "
                          "Canadian one, and pdfgen cannot tell its country: give --country "
                          "(e.g. GB, AU, DE) or the number with its prefix (+44 ...)")
    country = (known or ask(None, "Country (two letters: US, CA, GB, AU...)", guess,
                            required=not guess, field="country",
                            why="its emergency number goes on every handout")).upper()
    if not known and yes:  # nobody was asked: say what was chosen, and how to change it
        why = ("+1 is shared by the US, Canada and the Caribbean" if phone.strip().startswith(
            "+1") else "the phone has no international prefix that tells (+44, +34...)")
        typer.echo(f"note: country {country}: {why}; give --country to choose another",
                   err=True)
    answers = ClinicAnswers(
        name=name,
        clinician=clinician_name,
        credentials=credentials,
        phone=phone,
        country=country,
        language=language or language_for(country),
        email=ask(email, "E-mail for patients", field="email"),
        website=ask(website, "Website (https://...)", field="website"),
        address=address if address is not None else [
            line.strip() for line in ask(None, "Address (lines separated by ;)").split(";")
            if line.strip()] if not yes else [],
        color=ask(color, "Brand colour (#RRGGBB)", "#1D5C4D", field="color").strip(),
        paper=paper_answer(ask(paper, "Paper (letter or a4)", paper_for(country),
                               field="paper")),
        # Needed where pdfgen knows no number for the country: every warning box prints it.
        emergency=own_emergency_number(ask(
            emergency, "Emergency number", emergency_number(country) or "", field="emergency",
            required=not emergency_number(country) and not yes,
            why=f"pdfgen does not know {country}'s, and every handout's warning box prints "
                "it"), country),
        logo=Path(logo_file) if (logo_file := (str(logo) if logo else ask(
            None, "Logo file (SVG, PNG or JPEG)", field="logo"))) else None,
    )
    check_answers(answers)
    created = create_clinic(folder, answers)
    typer.echo(f"{display_path(created)}  (your clinic folder is {display_path(folder)})")
    missing = catalog_missing(folder, answers)
    for note in new_clinic_notes(folder, answers, missing):
        typer.echo(f"note: {note}", err=True)
    # Its handouts print no sign-off until someone at the clinic has reviewed them.
    typer.echo("Before a patient gets a handout: read the exercises and routines in content/ "
               "(pdfgen's starting point, not yet your clinic's), then sign each routine off "
               "with version, reviewed and reviewed_by (docs/content.md); until then its "
               "handouts print no sign-off")
    if missing:  # (the handout command would only repeat the note)
        code = language_of(answers.language, "--language").code
        typer.echo(f"Next: add locale/{code}/LC_MESSAGES/pdfgen.po to "
                   f"{display_path(folder)} (README, Languages), then cd "
                   f"{display_path(folder)} && pdfgen handout --level 2")
    else:
        typer.echo(f"Next: cd {display_path(folder)} && pdfgen handout --level 2")


def templates(
    copy: Annotated[str | None, typer.Option(
        "--copy", metavar="NAME", help="Copy a built-in template into templates/ to edit.")
    ] = None,
    project: ProjectOption = None,
) -> None:
    """List the built-in templates and the ones your clinic overrides, or copy one to edit.

    Example: pdfgen templates --copy footer.j2
    """
    from pdfgen.clinic.overrides import copy_template, list_templates

    # (Copying refuses the demo itself: "the demo clinic is used" before it was a contradiction.)
    clinic = clinic_folder(project, quiet=copy is not None).project
    if copy is not None:
        path = copy_template(clinic, copy)
        typer.echo(f"{display_path(path)}  (edit it; it now replaces the built-in one)")
        return
    found = list_templates(clinic)
    for info in found:
        state = f"overridden by {display_path(info.override)}" if info.override else "built-in"
        typer.echo(f"{info.name:<16} {state}")
        typer.echo(f"{'':<16} blocks: {', '.join(info.blocks)}")

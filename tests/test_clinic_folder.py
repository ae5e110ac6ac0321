"""A clinic of its own: `pdfgen init`, template overrides, `pdfgen preview`."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from conftest import files_in, pdf_text, run, succeeds
from PIL import Image

from pdfgen.clinic.preview import viewer_command

SOL = ["--clinic", "Clínica Sol", "--clinician", "Ana Ruiz", "--phone", "+34 555 010 203",
       "--paper", "a4", "--color", "#7A2E0E"]


def sol_logo(folder: Path) -> Path:
    logo = folder / "sol.png"
    image = Image.new("RGBA", (400, 200), (0, 0, 0, 0))
    image.paste((122, 46, 14, 255), (20, 20, 380, 180))
    image.save(logo)
    return logo


def test_init_with_options_makes_a_clinic_that_prints_in_its_brand(tmp_path: Path) -> None:
    logo = sol_logo(tmp_path)
    result = run("init", "sol", *SOL, "--logo", str(logo), "--yes", cwd=tmp_path)
    assert result.exception is None, result.output
    assert result.stdout.splitlines()[-1] == "Next: cd sol && pdfgen handout --level 2"
    assert result.stdout.splitlines()[-2].startswith(
        "Before a patient gets a handout: read the exercises and routines in content/")
    sol = tmp_path / "sol"
    clinic = tomllib.loads((sol / "content/clinic.toml").read_text())
    assert (clinic["name"], clinic["paper"], clinic["brand"]["primary"]) == (
        "Clínica Sol", "a4", "#7A2E0E")
    assert clinic["logo"] == "images/logo.png" and (sol / "content/images/logo.png").is_file()
    assert (sol / "templates/README.md").is_file() and (sol / "out").is_dir()
    # The demo's 6 and the starter library's 14, each in Spanish too.
    assert len(list((sol / "content/exercises").glob("*.yaml"))) == 40
    assert not (sol / "content/images/logo.svg").exists()  # not the demo's logo

    assert run("check", "--strict", cwd=sol).exit_code == 0
    result = run("handout", "--level", "2", cwd=sol)
    assert result.exception is None, result.output
    text = pdf_text(sol / "out/back-pain-level-2.pdf")
    assert text.startswith("Clínica Sol Ana Ruiz · +34 555 010 203")
    assert "Mangrove" not in text


def test_init_asks_in_a_terminal(tmp_path: Path) -> None:
    answers = "\n".join(["Clínica Sol", "Ana Ruiz", "DC", "+34 555 010 203",
                         "hola@example.com", "https://www.example.com", "Calle Mayor 1; Madrid",
                         "#7A2E0E", "a4", "112", ""]) + "\n"
    from conftest import working_directory
    from typer.testing import CliRunner

    from pdfgen.cli.app import app

    with working_directory(tmp_path):
        result = CliRunner().invoke(app, ["init", "sol"], input=answers)
    assert result.exception is None, result.output
    assert "Clinic name:" in result.output and "Brand colour (#RRGGBB) [#1D5C4D]:" in result.output
    clinic = tomllib.loads((tmp_path / "sol/content/clinic.toml").read_text())
    assert clinic["address"] == ["Calle Mayor 1", "Madrid"]
    assert clinic["contact_email"] == "hola@example.com" and "logo" not in clinic
    # +34: Spain, whose emergency number is 112 (asked, with it as the default).
    assert clinic["country"] == "ES" and "emergency_phone" not in clinic
    assert "Emergency number [112]:" in result.output and "Country" not in result.output
    # Paper and language follow the country too: A4 (answered) and Spanish.
    assert clinic["paper"] == "a4" and clinic["language"] == "es-ES"
    result = run("handout", "--level", "2", cwd=tmp_path / "sol")
    assert result.exception is None, result.output
    assert "Llame ya al 112 si tiene:" in pdf_text(
        tmp_path / "sol/out/back-pain-level-2.pdf")


def test_init_never_takes_a_number_starting_with_0_for_a_us_one(tmp_path: Path) -> None:
    """020 7946 0958 is London's, not the US's: with --yes the country is needed (nothing
    written); asked, the country has no US default and a blank answer is asked again."""
    result = run("init", "uk", "--clinic", "Bay PT", "--clinician", "Y", "--phone",
                 "020 7946 0958", "--yes", cwd=tmp_path)
    assert result.exit_code == 2, result.output
    assert result.stderr == (
        "error: --phone 020 7946 0958: a number that starts with 0 is not a US or Canadian "
        "one, and pdfgen cannot tell its country: give --country (e.g. GB, AU, DE) or the "
        "number with its prefix (+44 ...)\n")
    assert not (tmp_path / "uk").exists()
    answers = "\n".join(["Bay PT", "Y", "", "020 7946 0958", "", "GB"]) + "\n" * 9
    from conftest import working_directory
    from typer.testing import CliRunner

    from pdfgen.cli.app import app

    with working_directory(tmp_path):
        asked = CliRunner().invoke(app, ["init", "uk"], input=answers)
    assert asked.exit_code == 0, asked.output
    assert "Country (two letters: US, CA, GB, AU...): " in asked.output
    assert "[US]" not in asked.output
    assert ("Country (two letters: US, CA, GB, AU...) is needed: its emergency number goes "
            "on every handout.") in asked.stderr
    clinic = tomllib.loads((tmp_path / "uk/content/clinic.toml").read_text())
    assert (clinic["country"], clinic["paper"], clinic["language"]) == ("GB", "a4", "en-GB")
    # A US number without its +1 is still taken for one, as before.
    us = run("init", "us", "--clinic", "C", "--clinician", "D", "--phone", "(813) 555-0142",
             "--yes", cwd=tmp_path)
    assert us.exit_code == 0, us.output
    assert tomllib.loads((tmp_path / "us/content/clinic.toml").read_text())["country"] == "US"

def test_init_in_a_language_pdfgen_has_no_catalog_for_says_so_at_once(tmp_path: Path) -> None:
    """French: the folder is made (the clinic may add a catalog), and init says at once
    that no handout can be made until then, in the words the handout command would use."""
    made = run("init", "fr", "--clinic", "C", "--clinician", "D", "--phone",
               "+33 1 23 45 67 89", "--language", "fr", "--yes", cwd=tmp_path)
    assert made.exit_code == 0, made.output
    assert made.stderr == (
        "note: --language fr: pdfgen has no catalog for French (expected "
        "locale/fr/LC_MESSAGES/pdfgen.po in the clinic folder; see README, Languages): no "
        'handout can be made until the clinic adds it, or sets language = "en" or "es" in '
        "content/clinic.toml\n")
    handout = run("handout", "--level", "2", cwd=tmp_path / "fr")
    assert handout.exit_code == 2, handout.output
    assert "pdfgen has no catalog for French" in handout.stderr
    spanish = run("init", "es", "--clinic", "C", "--clinician", "D", "--phone",
                  "+34 912 345 678", "--yes", cwd=tmp_path)
    assert spanish.exit_code == 0 and "catalog" not in spanish.stderr, spanish.output

def test_init_says_why_it_asks_again_for_a_blank_answer(tmp_path: Path) -> None:
    """A blank clinic name or phone number is asked for again, with the reason, not in
    silence; the answer then given is the one written."""
    answers = "\n".join(["", "Clínica Sol", "Ana Ruiz", "", "  ", "+34 555 010 203", "", "",
                         "", "", "", "", ""]) + "\n"
    from conftest import working_directory
    from typer.testing import CliRunner

    from pdfgen.cli.app import app

    with working_directory(tmp_path):
        result = CliRunner().invoke(app, ["init", "sol"], input=answers)
    assert result.exit_code == 0, result.output
    assert result.stderr.count("is needed: every handout prints it.") == 2, result.stderr
    assert "Clinic name is needed" in result.stderr and "Phone number is needed" in result.stderr
    clinic = tomllib.loads((tmp_path / "sol/content/clinic.toml").read_text())
    assert clinic["name"] == "Clínica Sol" and clinic["phone"] == "+34 555 010 203"

@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--yes"], "error: --clinic is needed with --yes"),
        ([*SOL[:6], "--color", "#FFFF00", "--yes"],
         "error: --color: #FFFF00 is too light to read on white paper (contrast 1.1:1, needs "
         "at least 4.5:1); choose a darker colour"),
        ([*SOL, "--email", "nope", "--yes"],
         "error: --email: expected an e-mail address like 'name@example.com', got 'nope'"),
        ([*SOL, "--logo", "missing.png", "--yes"], "error: --logo missing.png: no such file"),
    ],
)
def test_init_refuses_bad_answers(tmp_path: Path, args: list[str], message: str) -> None:
    result = run("init", "sol", *args, cwd=tmp_path)
    assert (result.exit_code, result.stderr) == (2, message + "\n")
    assert files_in(tmp_path) == []


def test_init_never_overwrites_a_clinic_folder(tmp_path: Path, demo: Path) -> None:
    before = files_in(demo)
    result = run("init", str(demo), *SOL, "--yes", cwd=tmp_path)
    assert result.exit_code == 2
    assert "pdfgen never overwrites a clinic folder" in result.stderr
    assert files_in(demo) == before
    # Said first: not after questions asked for nothing, nor instead of a missing option.
    bare = run("init", str(demo), "--clinic", "X", "--yes", cwd=tmp_path)
    assert bare.exit_code == 2, bare.output
    assert bare.stderr.endswith("the folder exists and is not empty; pdfgen never overwrites "
                                "a clinic folder\n"), bare.stderr
    from conftest import working_directory
    from typer.testing import CliRunner

    from pdfgen.cli.app import app

    with working_directory(tmp_path):
        asked = CliRunner().invoke(app, ["init", str(demo)], input="Sol\n")
    assert asked.exit_code == 2 and "Clinic name" not in asked.output, asked.output


def test_a_template_override_changes_the_footer(demo: Path) -> None:
    result = run("templates", "--copy", "footer.j2", cwd=demo)
    assert result.stdout == "templates/footer.j2  (edit it; it now replaces the built-in one)\n"
    footer = demo / "templates/footer.j2"
    footer.write_text(footer.read_text().replace("{{ clinic.name }} · {{ clinic.phone }}",
                                                 "Book online or call {{ clinic.phone }}"))
    listing = run("templates", cwd=demo).stdout
    assert "footer.j2        overridden by templates/footer.j2" in listing
    assert "disclaimer.j2    built-in" in listing
    succeeds(run("handout", "--level", "2", cwd=demo))
    assert "Book online or call (813) 555-0142 Page 1 of" in pdf_text(
        demo / "out/back-pain-level-2.pdf")
    again = run("templates", "--copy", "footer.j2", cwd=demo)
    assert again.exit_code == 2 and "never overwrites" in again.stderr
    unknown = run("templates", "--copy", "nope.j2", cwd=demo)
    assert unknown.exit_code == 2 and unknown.stderr.startswith(
        "error: --copy nope.j2: no such template (known: card.j2,")


def test_preview_writes_pngs_of_the_pages(demo: Path) -> None:
    result = run("preview", "--level", "2", "--page", "1", cwd=demo)
    assert result.exception is None, result.output
    assert result.stdout == "out/back-pain-level-2-page-1.png\n"
    image = Image.open(demo / "out/back-pain-level-2-page-1.png")
    assert image.size == (round(8.5 * 110), (11 * 110))  # Letter at 110 dpi
    result = run("preview", "--level", "1", cwd=demo)
    assert len(result.stdout.splitlines()) >= 4
    result = run("preview", "--level", "2", "--page", "99", cwd=demo)
    assert result.exit_code == 2 and "--page 99: the handout has pages 1 to" in result.stderr


def test_the_viewer_is_the_systems_own() -> None:
    pdf = Path("out/h.pdf")
    assert viewer_command(pdf, "linux") == ["xdg-open", "out/h.pdf"]
    assert viewer_command(pdf, "darwin") == ["open", "out/h.pdf"]
    assert viewer_command(pdf, "win32") is None  # os.startfile


def test_every_command_has_help_with_an_example() -> None:
    from pdfgen.cli.app import app

    here = Path.cwd()
    commands = ["handout", "email", "batch", "list", "check", "schema", "templates", "init",
                "preview", "new exercise", "new routine"]
    for command in commands:
        result = run(*command.split(), "--help", cwd=here)
        assert result.exit_code == 0, command
        assert "Example: pdfgen" in result.stdout, command
    assert {c.name or c.callback.__name__ for c in app.registered_commands} >= {
        "handout", "email", "batch", "check", "init", "preview", "templates", "schema"}


def test_init_stopped_by_the_end_of_its_input_says_what_to_do(tmp_path: Path) -> None:
    # Before: "Aborted!" and exit code 1. A real process, its input a file that ends early.
    proc = subprocess.run([sys.executable, "-m", "pdfgen", "init", "sol"], cwd=tmp_path,
                          input="Clínica Sol\n", capture_output=True, text=True, timeout=60,
                          check=False)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.endswith(
        "error: init: no answer to 'Clinician name' (the input ended); answer the questions, "
        "or give the details as options with --yes (see pdfgen init --help)\n")
    assert proc.stderr.count("\n") == 1  # the prompts go to stdout
    assert "Aborted" not in proc.stderr + proc.stdout
    assert not (tmp_path / "sol").exists()


def test_init_asks_the_country_when_the_phone_does_not_tell(tmp_path: Path) -> None:
    from conftest import working_directory
    from typer.testing import CliRunner

    from pdfgen.cli.app import app

    answers = "\n".join(["Maple Physio", "Sam Lee", "", "+1 416 555 0100", "ca", "", "", "",
                         "#1D5C4D", "letter", "", ""]) + "\n"
    with working_directory(tmp_path):
        result = CliRunner().invoke(app, ["init", "maple"], input=answers)
    assert result.exit_code == 0, result.output
    assert "Country (two letters: US, CA, GB, AU...) [US]:" in result.output
    assert "Emergency number [911]:" in result.output
    clinic = tomllib.loads((tmp_path / "maple/content/clinic.toml").read_text())
    assert clinic["country"] == "CA" and "emergency_phone" not in clinic


@pytest.mark.parametrize(("args", "country", "number", "place"), [
    (["--phone", "+44 20 7946 0018"], "GB", "999", "A&E"),
    (["--phone", "+61 2 9999 0000"], "AU", "000", "the nearest emergency department"),
    (["--phone", "(813) 555-0142"], "US", "911", "the nearest emergency room"),
    (["--phone", "+34 912 345 678", "--emergency", "061", "--language", "en"], "ES", "061",
     "the nearest emergency department"),
    (["--phone", "555 0142", "--country", "de"], "DE", "112",
     "the nearest emergency department"),
])
def test_the_emergency_number_follows_the_country(tmp_path: Path, args: list[str],
                                                  country: str, number: str,
                                                  place: str) -> None:
    """The number, and the words for where to go: "emergency room" is American; the UK
    says A&E, and most other English-speaking countries an emergency department."""
    result = run("init", "c", "--clinic", "C", "--clinician", "D", *args, "--yes", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    clinic = tomllib.loads((tmp_path / "c/content/clinic.toml").read_text())
    assert clinic["country"] == country
    result = run("handout", "--level", "1", cwd=tmp_path / "c")
    assert result.exit_code == 0, result.output
    printed = pdf_text(tmp_path / "c/out/back-pain-level-1.pdf")
    assert f"Call {number} now if you have:" in printed
    assert f"Or go to {place}. Then let us know." in printed


def test_the_readmes_spain_clinic_prints_spanish_handouts_that_say_112(tmp_path: Path) -> None:
    result = run("init", "sol", *SOL, "--language", "es", "--yes", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert run("check", "--strict", cwd=tmp_path / "sol").exit_code == 0
    result = run("handout", "--level", "2", "--date", "2026-11-24", cwd=tmp_path / "sol")
    assert result.exit_code == 0, result.output
    text = pdf_text(tmp_path / "sol/out/back-pain-level-2.pdf")
    assert "Llame ya al 112 si tiene:" in text
    assert "24 de noviembre de 2026" in text and "911" not in text


def test_a_new_clinics_handouts_in_another_language_name_its_own_degree(tmp_path: Path) -> None:
    """init copies the demo's Spanish disclaimer, never the demo's degree."""
    result = run("init", "fis", "--clinic", "Fisio Norte", "--clinician", "Luis Gil",
                 "--credentials", "Fisioterapeuta", "--phone", "+34 555 010 204",
                 "--language", "es", "--yes", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert "Quiropráctica" not in (tmp_path / "fis/content/clinic.es.toml").read_text("utf-8")
    assert run("check", "--strict", cwd=tmp_path / "fis").exit_code == 0
    succeeds(run("handout", "--level", "2", cwd=tmp_path / "fis"))
    text = pdf_text(tmp_path / "fis/out/back-pain-level-2.pdf")
    assert "Luis Gil, Fisioterapeuta" in text and "Doctor en Quiropráctica" not in text


def test_a_plan_in_english_never_makes_a_spanish_handout(tmp_path: Path) -> None:
    """A Spanish clinic's own example plan is in Spanish and prints; a plan with English
    notes (the demo's) is refused rather than printed in two languages."""
    from conftest import REPO

    result = run("init", "sol", *SOL, "--language", "es", "--yes", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    sol = tmp_path / "sol"
    made = succeeds(run("handout", "--plan", "content/plans/example.yaml", cwd=sol))
    assert made.stdout.startswith("out/back-pain-level-2-ana-ejemplo.pdf  (")
    text = pdf_text(sol / "out/back-pain-level-2-ana-ejemplo.pdf")
    assert "Agárrese al respaldo de una silla durante la primera semana." in text
    assert "Hoy lo ha hecho muy bien." in text
    english = sol / "content/plans/english.yaml"
    english.write_text((REPO / "content/plans/example.yaml").read_text(encoding="utf-8")
                       + "language: en\n", encoding="utf-8")
    refused = run("handout", "--plan", "content/plans/english.yaml", cwd=sol)
    assert refused.exit_code == 2
    assert refused.stderr == (
        "error: content/plans/english.yaml: language: the plan's own words are in English "
        "(en), the handout in Spanish (es); a handout never mixes two languages: write them "
        "in Spanish and set language: es, or make the handout with --language en\n")
    assert files_in(sol / "out") == ["back-pain-level-2-ana-ejemplo.pdf"]  # nothing more
    succeeds(run("handout", "--plan", "content/plans/english.yaml", "--language", "en",
                 cwd=sol))


@pytest.mark.parametrize(("phone", "paper", "language"), [
    ("+44 20 7946 0958", "a4", "en-GB"), ("+61 2 9999 0000", "a4", "en-AU"),
    ("+52 55 1234 5678", "letter", "es-MX"), ("+34 912 345 678", "a4", "es-ES"),
    ("(813) 555-0142", "letter", "en-US")])
def test_paper_and_language_follow_the_country_unless_given(tmp_path: Path, phone: str,
                                                            paper: str, language: str) -> None:
    result = run("init", "c", "--clinic", "C", "--clinician", "D", "--phone", phone, "--yes",
                 cwd=tmp_path)
    assert result.exit_code == 0, result.output
    clinic = tomllib.loads((tmp_path / "c/content/clinic.toml").read_text())
    assert (clinic["paper"], clinic["language"]) == (paper, language)
    succeeds(run("check", "--strict", cwd=tmp_path / "c"))
    given = run("init", "g", "--clinic", "C", "--clinician", "D", "--phone", phone, "--paper",
                "letter", "--language", "en-US", "--yes", cwd=tmp_path)
    assert given.exit_code == 0, given.output
    clinic = tomllib.loads((tmp_path / "g/content/clinic.toml").read_text())
    assert (clinic["paper"], clinic["language"]) == ("letter", "en-US")



def test_init_says_which_country_it_chose_when_nobody_was_asked(tmp_path: Path) -> None:
    result = run("init", "c", "--clinic", "C", "--clinician", "D", "--phone", "555 0142",
                 "--yes", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert result.stderr == ("note: country US: the phone has no international prefix that "
                             "tells (+44, +34...); give --country to choose another\n")
    shared = run("init", "d", "--clinic", "C", "--clinician", "D", "--phone",
                 "+1 415 555 0100", "--yes", cwd=tmp_path)
    assert shared.exit_code == 0, shared.output
    assert shared.stderr == ("note: country US: +1 is shared by the US, Canada and the "
                             "Caribbean; give --country to choose another\n")
    clinic = (tmp_path / "c/content/clinic.toml").read_text()
    assert '# date_format = "DD/MM/YYYY"' in clinic  # where the README says to set it

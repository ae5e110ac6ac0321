"""`pdfgen init` in a terminal asks, says why it asks again, and stops cleanly."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from conftest import pdf_text, run
from init_helpers import but_spanish


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


def test_ctrl_c_at_a_question_ends_its_line_and_writes_nothing(tmp_path: Path) -> None:
    # (The shell's prompt came back after "Clinician name: ^C", on the question's line.)
    import select
    import signal

    asked = subprocess.Popen([sys.executable, "-m", "pdfgen", "init", "k"], cwd=tmp_path,
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE)
    try:
        assert asked.stdout is not None
        shown = b""
        while not shown.endswith(b"Clinic name: "):
            ready, _, _ = select.select([asked.stdout], [], [], 60)
            assert ready, shown  # the first question, within a minute
            shown += asked.stdout.read1(100)
        asked.send_signal(signal.SIGINT)
        out, err = asked.communicate(timeout=60)
    finally:
        asked.kill()
    assert (asked.returncode, shown + out, err) == (130, b"Clinic name: \n", b"")
    assert list(tmp_path.iterdir()) == []


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
    assert but_spanish(made.stderr) == (
        "note: --language fr: pdfgen has no catalog for French (expected "
        "locale/fr/LC_MESSAGES/pdfgen.po in the clinic folder; see README, Languages): no "
        'handout can be made until the clinic adds it, or sets language = "en" or "es" in '
        "content/clinic.toml\n")
    # Its next step is the catalog, not a handout it cannot make.
    assert made.stdout.splitlines()[-1] == (
        "Next: add locale/fr/LC_MESSAGES/pdfgen.po to fr (README, Languages), then cd fr && "
        "pdfgen handout --level 2")
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
    # The question's line ended: the error not printed after it, on its line, in a terminal.
    assert proc.stdout == "Clinic name: Clinician name: \n", proc.stdout
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


def test_init_asks_for_the_emergency_number_of_a_country_pdfgen_has_none_for(
        tmp_path: Path) -> None:
    """(Country XX and Enter at "Emergency number (Enter to leave out)" were taken, every
    other question asked, and all the answers lost to "--country: ... set
    emergency_phone".) A paper typed "A4 " is taken as a4, as `handout --paper` takes it."""
    from conftest import working_directory
    from typer.testing import CliRunner

    from pdfgen.cli.app import app

    answers = "\n".join(["Isla Physio", "Ana Ruiz", "", "020 555 0100", "XX", "", "", "",
                         "#1D5C4D", "A4 ", "", "118", ""]) + "\n"
    with working_directory(tmp_path):
        result = CliRunner().invoke(app, ["init", "isla"], input=answers)
    assert result.exit_code == 0, result.output
    assert but_spanish(result.stderr).splitlines() == [
        "Emergency number is needed: pdfgen does not know XX's, and every handout's warning "
        "box prints it."]
    clinic = tomllib.loads((tmp_path / "isla/content/clinic.toml").read_text())
    assert (clinic["country"], clinic["emergency_phone"], clinic["paper"]) == ("XX", "118",
                                                                               "a4")
    refused = run("init", "isla2", "--clinic", "Isla", "--clinician", "Ana", "--phone",
                  "020 555 0100", "--country", "XX", "--yes", cwd=tmp_path)
    assert (refused.exit_code, refused.stderr) == (
        2, "error: --country XX: pdfgen does not know its emergency number; give it with "
           "--emergency\n")
    assert not (tmp_path / "isla2").exists()


def test_init_asks_again_at_once_for_an_answer_that_will_not_do(tmp_path: Path) -> None:
    """A phone or emergency number that is not one (a shifted answer once printed "Call
    /tmp/nope.png now" on every handout), a country that is not two letters, a bad e-mail or
    website, a colour too light, a paper pdfgen has not and a logo that is not there are
    each asked again at once, saying why (they were taken, every other question asked, and
    then all the answers lost to one line naming an option never typed)."""
    from conftest import working_directory
    from typer.testing import CliRunner

    from pdfgen.cli.app import app

    answers = "\n".join([
        "Riverside PT", "Jo Park", "PT", "the front desk", "(555) 010-2000",
        "USA", "",  # country: two letters (US, the default for a number that may be one)
        "front@riverside-pt", "front@riverside-pt.com",  # e-mail: asked again
        "www.riverside-pt.com", "https://www.riverside-pt.com",  # website
        "",  # address
        "#FFEE00", "#7A2E0E",  # colour
        "Legal", "A4",  # paper
        "/tmp/logo.png", "",  # emergency number: a shifted answer, then the country's
        "logo.png", "",  # logo: not there, then left out
    ]) + "\n"
    with working_directory(tmp_path):
        result = CliRunner().invoke(app, ["init", "river"], input=answers)
    assert result.exit_code == 0, result.output
    assert but_spanish(result.stderr).splitlines() == [
        "Phone number: expected a phone number: digits, spaces and + ( ) - . as in "
        "(813) 555-0142 or +44 20 7946 0018, got 'the front desk'; type it again.",
        "Country (two letters: US, CA, GB, AU...): expected the country's two letters, like "
        "US, CA, GB or AU, got 'USA': write US; type it again.",
        "E-mail for patients: expected an e-mail address like 'name@example.com', got "
        "'front@riverside-pt'; type it again.",
        "Website (https://...): expected a web address starting with https://, got "
        "'www.riverside-pt.com'; type it again.",
        "Brand colour (#RRGGBB): #FFEE00 is too light to read on white paper (contrast "
        "1.2:1, needs at least 4.5:1); choose a darker colour; type it again.",
        "Paper (letter or a4): expected 'letter' or 'a4', got 'Legal'; type it again.",
        "Emergency number: expected the emergency number patients dial, like 911, 999 or 112, "
        "got '/tmp/logo.png'; type it again.",
        "Logo file (SVG, PNG or JPEG): logo.png: no such file; type it again."]
    clinic = tomllib.loads((tmp_path / "river/content/clinic.toml").read_text())
    assert (clinic["contact_email"], clinic["website"], clinic["brand"]["primary"],
            clinic["paper"]) == ("front@riverside-pt.com", "https://www.riverside-pt.com",
                                 "#7A2E0E", "a4")
    assert "logo" not in clinic


@pytest.mark.parametrize(("args", "message"), [
    (["--clinic", "Spine \U0001F9B4 Clinic"],
     "error: --clinic: the character '\U0001F9B4' (U+1F9B4 BONE) is in no bundled font; "
     "remove it"),
    (["--clinic", "Sol", "--logo", "fake.png"],
     "error: --logo fake.png: cannot read the image fake.png (not a PNG file, or damaged)"),
    # (what was typed, as `handout --paper A5` quotes it: it said 'a5')
    (["--clinic", "Sol", "--paper", "A5"], "error: --paper: expected 'letter' or 'a4', got 'A5'"),
])
def test_init_refuses_what_no_handout_could_print(tmp_path: Path, args: list[str],
                                                  message: str) -> None:
    """Taken, they made a clinic whose every handout failed."""
    (tmp_path / "fake.png").write_text("not an image", encoding="utf-8")
    result = run("init", "sol", *args, "--clinician", "Ana Ruiz", "--phone",
                 "+34 555 010 203", "--yes", cwd=tmp_path)
    assert (result.exit_code, result.stderr) == (2, message + "\n")
    assert not (tmp_path / "sol").exists()


def test_init_asks_again_for_a_name_no_font_prints(tmp_path: Path) -> None:
    from conftest import working_directory
    from typer.testing import CliRunner

    from pdfgen.cli.app import app

    answers = "\n".join(["Spine \U0001F9B4", "Spine Clinic", "Jo Park", "", "(555) 010-2000",
                         "", "", "", "", "", "", "", ""]) + "\n"
    with working_directory(tmp_path):
        result = CliRunner().invoke(app, ["init", "spine"], input=answers)
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[0] == (
        "Clinic name: the character '\U0001F9B4' (U+1F9B4 BONE) is in no bundled font; "
        "remove it; type it again.")

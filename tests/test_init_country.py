"""A new clinic's country sets its emergency number, paper and language unless given."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from conftest import files_in, pdf_text, run, succeeds
from init_helpers import SOL, but_spanish


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
    assert but_spanish(result.stderr) == ("note: country US: the phone has no international "
                                          "prefix that "
                             "tells (+44, +34...); give --country to choose another\n")
    shared = run("init", "d", "--clinic", "C", "--clinician", "D", "--phone",
                 "+1 415 555 0100", "--yes", cwd=tmp_path)
    assert shared.exit_code == 0, shared.output
    assert but_spanish(shared.stderr) == ("note: country US: +1 is shared by the US, Canada "
                                          "and the Caribbean; give --country to choose "
                                          "another\n")
    clinic = (tmp_path / "c/content/clinic.toml").read_text()
    assert '# date_format = "DD/MM/YYYY"' in clinic  # where the README says to set it


@pytest.mark.parametrize(("country", "said"), [
    ("Canada", "expected a two-letter country code (ISO 3166) like US or ES, got 'CANADA': "
               "write CA"),
    ("UK", "the United Kingdom's code (ISO 3166) is GB: write GB"),
    ("Narnia", "expected a two-letter country code (ISO 3166) like US or ES, got 'NARNIA'")])
def test_a_country_written_by_its_name_gets_its_code(tmp_path: Path, country: str,
                                                     said: str) -> None:
    """(Each was told "pdfgen does not know its emergency number; give it with --emergency",
    and `pdfgen check` on `country = "Canada"` named no code.)"""
    result = run("init", "c", "--clinic", "C", "--clinician", "D", "--phone", "555 0142",
                 "--country", country, "--yes", cwd=tmp_path)
    assert (result.exit_code, result.stderr) == (2, f"error: --country: {said}\n")
    assert not (tmp_path / "c").exists()
    # The same country in a clinic.toml, as `pdfgen check` reads it.
    assert succeeds(run("init", "d", "--clinic", "C", "--clinician", "D", "--phone",
                        "555 0142", "--yes", cwd=tmp_path))
    toml = tmp_path / "d/content/clinic.toml"
    toml.write_text(toml.read_text().replace('country = "US"', f'country = "{country}"'))
    checked = run("check", cwd=tmp_path / "d")
    assert checked.exit_code == 2
    assert f"country: {said.replace(country.upper(), country)}" in checked.stdout


def test_init_s_question_takes_a_country_s_name_back_with_its_code() -> None:
    from pdfgen.clinic.init_clinic import answer_problem

    assert answer_problem("country", "Canada") == (
        "expected the country's two letters, like US, CA, GB or AU, got 'Canada': write CA")
    assert answer_problem("country", "uk") == "the United Kingdom's code (ISO 3166) is GB: write GB"
    assert answer_problem("country", "ca") is None


def test_a_canadian_clinic_is_told_to_set_its_date_format(tmp_path: Path) -> None:
    """Canada writes both day-first and month-first dates: without date_format, a patient
    list's 03/04/2026 is refused as either day, which init can say at once."""
    result = run("init", "c", "--clinic", "C", "--clinician", "D", "--phone", "(514) 555-0187",
                 "--country", "CA", "--yes", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[0] == (
        'note: country CA: patient lists write dates both ways in Canada; set date_format = '
        '"DD/MM/YYYY" or "MM/DD/YYYY" in content/clinic.toml')
    toml = (tmp_path / "c/content/clinic.toml").read_text()
    assert '# date_format = "DD/MM/YYYY"' in toml  # (where to set it, commented out)


def test_a_clinic_not_in_spanish_is_told_its_handouts_offer_spanish(tmp_path: Path) -> None:
    # (The demo's translations come with the starting content: a clinic in Bristol found
    # "Also in large print and in Spanish (Español): ask us." on handouts it had made.)
    result = run("init", "b", "--clinic", "O'Brien & Hart", "--clinician", "Aisha Patel",
                 "--phone", "0117 496 0123", "--country", "GB", "--yes", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    spanish = sorted((tmp_path / "b/content").glob("**/*.es.*"))
    assert (tmp_path / "b/content/clinic.es.toml") in spanish
    assert result.stderr == (
        f"note: content/ has the Spanish of its files ({len(spanish)} *.es.* files), so every "
        "handout says it is also in Spanish (Español): delete them if the clinic does not "
        "offer Spanish\n")
    for path in spanish:  # as the note says: the handout then offers large print alone
        path.unlink()
    made = run("handout", "--level", "2", cwd=tmp_path / "b")
    assert made.exit_code == 0, made.output
    text = pdf_text(tmp_path / "b/out/back-pain-level-2.pdf")
    assert "Also in large print: ask us." in text and "Español" not in text


def test_a_clinic_in_spanish_is_not_told_of_its_spanish(tmp_path: Path) -> None:
    result = run("init", "s", "--clinic", "Clínica Sol", "--clinician", "Ana Ruiz",
                 "--phone", "+34 911 234 567", "--yes", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert "Spanish" not in result.stderr

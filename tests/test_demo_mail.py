"""The folder pdfgen came in is its made-up demo clinic: it mails only example addresses, so
a patient is never mailed Mangrove Bay's name and phone when `cd` to the clinic's folder was
forgotten with mail settings in PDFGEN_SMTP_*."""

from __future__ import annotations

from pathlib import Path

import mail_helpers
import pytest
from conftest import files_in, run
from mail_helpers import mail_env

from pdfgen.mail.demo_addresses import example_address

smtp = mail_helpers.smtp  # pytest finds fixtures by name in the module

REFUSED = ("this folder is pdfgen's own demo clinic (made up), whose handouts are mailed only "
           "to example addresses such as jane@example.com: use your clinic's folder (run "
           "pdfgen there, or give --project; a patient list goes in it)")


@pytest.fixture
def came_in(demo: Path) -> Path:
    """The demo's folder as a clone of pdfgen is: its source beside content/."""
    (demo / "pdfgen").mkdir()
    (demo / "pdfgen" / "__init__.py").write_text("", encoding="utf-8")
    (demo / "pyproject.toml").write_text("[project]\nname = 'pdfgen'\n", encoding="utf-8")
    return demo


@pytest.mark.parametrize(("address", "example"), [
    ("jane@example.com", True), ("jane@EXAMPLE.org", True), ("a@mail.example.net", True),
    ("b@clinic.test", True), ("c@localhost", True), ("jane@gmail.com", False),
    ("jane@example.co.uk", False), ("jane@notexample.com", False)])
def test_example_addresses_are_the_reserved_domains(address: str, example: bool) -> None:
    assert example_address(address) is example


def test_a_real_address_is_refused_and_an_example_one_is_mailed(came_in: Path, smtp) -> None:
    controller, box = smtp
    env = mail_env(controller.port)
    refused = run("email", "--level", "2", "--to", "tom@gmail.com", cwd=came_in, env=env)
    assert refused.exit_code == 2, refused.output
    assert refused.stderr.splitlines()[-1] == (
        "error: --to tom@gmail.com: " + REFUSED)
    assert "Traceback" not in refused.output
    assert box.received == [] and not (came_in / "out").exists()  # nothing built or sent

    # A dry run says the same (it said the patient would be mailed); a mistyped address is
    # told as one anywhere (it was told this folder's rule).
    dry = run("email", "--level", "2", "--to", "tom@gmail.com", "--dry-run", cwd=came_in,
              env=env)
    assert (dry.exit_code, dry.stderr.splitlines()[-1]) == (
        2, "error: --to tom@gmail.com: " + REFUSED)
    typo = run("email", "--level", "2", "--to", "tom@gmail..com", cwd=came_in, env=env)
    assert (typo.exit_code, typo.stderr.splitlines()[-1]) == (
        2, "error: --to 'tom@gmail..com': not an e-mail address (expected name@example.com)")
    assert box.received == [] and not (came_in / "out").exists()
    sent = run("email", "--level", "2", "--to", "jane@example.com", cwd=came_in, env=env)
    assert sent.exit_code == 0, sent.output
    assert [e.rcpt_tos for e in box.received] == [["jane@example.com"]]


def test_a_batch_with_one_real_address_sends_nothing(came_in: Path, smtp) -> None:
    controller, box = smtp
    (came_in / "patients.csv").write_text(
        "name,level,email\nJane Example,2,jane@example.com\nTom Real,2,tom@gmail.com\n",
        encoding="utf-8")
    result = run("batch", "patients.csv", "--email", cwd=came_in,
                 env=mail_env(controller.port))
    assert result.exit_code == 2, result.output
    assert result.stderr.splitlines()[-1] == (
        "error: patients.csv row 3: tom@gmail.com: " + REFUSED)
    assert box.received == []
    assert not (came_in / "out").exists(), files_in(came_in / "out")  # no batch folder begun


def test_a_clinic_of_its_own_mails_anyone(demo: Path, smtp) -> None:
    """(A copy of the demo's content without pdfgen beside it is a clinic's own folder.)"""
    controller, box = smtp
    result = run("email", "--level", "2", "--to", "tom@gmail.com", cwd=demo,
                 env=mail_env(controller.port))
    assert result.exit_code == 0, result.output
    assert [e.rcpt_tos for e in box.received] == [["tom@gmail.com"]]

"""`pdfgen check` finds what would fail later: a plan's language no handout can be printed
in, and mail settings the first e-mail would have refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run


def test_a_plans_unknown_language_is_an_error_of_check(demo: Path) -> None:
    # Saved from the web page, it was refused only when printed, and check said all good.
    (demo / "content/plans/x.yaml").write_text(
        "patient: Ana Ruiz\nlevel: 2\nlanguage: xx\nnote: Hello there.\n", encoding="utf-8")
    result = run("check", cwd=demo)
    assert result.exit_code == 2, result.output
    assert ("error: content/plans/x.yaml:3: language: xx: unknown language code (expected a "
            "language tag like es, es-MX or en-US)") in result.stdout.splitlines(), result.stdout


@pytest.mark.parametrize(("setting", "finding"), [
    ('host = "https://smtp.example.com:587"',
     "error: content/clinic.toml:{line}: email.host: 'https://smtp.example.com:587': expected "
     "the server's name alone, like smtp.example.com (a port goes in port = 587)"),
    ('host = "smtp.example.com"\nfrom_address = "a@example"',
     "error: content/clinic.toml:{line}: email.from_address: expected an e-mail address like "
     "'name@example.com', got 'a@example'"),
])
def test_check_finds_a_mail_setting_the_first_e_mail_would(demo: Path, setting: str,
                                                          finding: str) -> None:
    # ("All good", until the first e-mail: the server's name with its scheme and port.)
    toml = demo / "content/clinic.toml"
    text = toml.read_text(encoding="utf-8")
    toml.write_text(f"{text}\n[email]\n{setting}\n", encoding="utf-8")
    line = len(text.splitlines()) + 3 + setting.count("\n")
    result = run("check", cwd=demo)
    assert result.exit_code == 2, result.output
    assert finding.format(line=line) in result.stdout.splitlines(), result.stdout

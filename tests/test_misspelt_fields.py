"""A required field written misspelt is one mistake: the misspelling, with its "did you
mean", not also the field it meant as missing."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run


@pytest.mark.parametrize(("path", "old", "new", "said"), [
    ("content/clinic.toml", "phone = ", "phnoe = ",
     "error: content/clinic.toml:{line}: phnoe: unknown field (did you mean 'phone'?)"),
    ("content/routines/back-pain/level-2.yaml", "to: 5, label: OK", "to: 5, lable: OK",
     "error: content/routines/back-pain/level-2.yaml:{line}: pain_scale[2].lable: unknown "
     "field (did you mean 'label'?)"),
])
def test_a_misspelt_required_field_is_one_mistake(demo: Path, path: str, old: str, new: str,
                                                  said: str) -> None:
    # (It was two: the misspelling, and the field it meant "required field is missing".)
    file = demo / path
    lines = file.read_text().splitlines()
    line = next(n for n, text in enumerate(lines, 1) if old in text)
    file.write_text(file.read_text().replace(old, new, 1))
    result = run("check", cwd=demo)
    assert result.exit_code == 2, result.output
    problems = [text for text in result.stdout.splitlines() if text.startswith("error")]
    assert problems == [said.format(line=line)]
    assert "required field is missing" not in result.stdout


def test_the_clinics_address_written_as_its_mail_server_says_where_it_goes(demo: Path) -> None:
    """A new clinic's `email = "info@lakeside.example"`: "expected a mapping of fields" said
    nothing of contact_email, the field it meant (`email` is the mail server's table)."""
    file = demo / "content/clinic.toml"
    text = file.read_text(encoding="utf-8")
    first_table = text.index("\n[") + 1
    file.write_text(f'{text[:first_table]}email = "info@lakeside.example"\n{text[first_table:]}',
                    encoding="utf-8")
    line = text[:first_table].count("\n") + 1
    result = run("handout", "--level", "2", cwd=demo)
    assert result.exit_code == 2, result.output
    assert result.stderr.splitlines() == [
        f"error: content/clinic.toml:{line}: email: expected the mail server's settings, an "
        "[email] table (docs/email.md), got 'info@lakeside.example': the address patients "
        "write to is contact_email"]
    assert not (demo / "out").exists()

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

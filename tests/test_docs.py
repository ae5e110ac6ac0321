"""The documentation works as written: the content guide's walkthrough prints a handout."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import REPO, pdf_text, run


def yaml_blocks(markdown: str) -> list[str]:
    return [m.group(1) for m in re.finditer(r"```yaml\n(.*?)```", markdown, flags=re.S)]


def test_the_walkthrough_adds_a_wall_sit_to_the_printed_handout(demo: Path) -> None:
    guide = (REPO / "docs" / "content.md").read_text(encoding="utf-8")
    walkthrough = guide[guide.index("## Add an exercise"):]
    exercise, routine_part = yaml_blocks(re.sub(r"(?m)^   ", "", walkthrough))[:2]
    (demo / "content/exercises/wall-sit.yaml").write_text(exercise, encoding="utf-8")
    routine = demo / "content/routines/back-pain/level-2.yaml"
    text = routine.read_text(encoding="utf-8")
    start = text.index("exercises:")
    end = text.index("conclusion:")
    routine.write_text(text[:start] + routine_part + text[end:], encoding="utf-8")

    result = run("handout", "--level", "2", cwd=demo)
    assert result.exception is None, result.output
    printed = pdf_text(demo / "out/back-pain-level-2.pdf")
    assert "4 Wall Sit" in printed
    assert "Slide your back down the wall until your knees are bent." in printed
    assert "repeat 3 times · hold 20 seconds · 3 days a week" in printed


def test_the_readme_shows_the_two_commands_that_ci_runs() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    test_command = ci.strip().splitlines()[-1]
    assert test_command in readme
    assert "pip install . && pdfgen handout --level 2" in readme

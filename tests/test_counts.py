"""A routine's title or introduction that counts its exercises, over a plan with another
number of them (`pdfgen check` warns, and `pdfgen handout` says so in a line), or over
another number of its own (`pdfgen check` warns)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import REPO, run
from hypothesis import given
from hypothesis import strategies as st

from pdfgen.content.counts import counted, miscounts, says
from pdfgen.content.models import Routine


@pytest.mark.parametrize(("words", "count", "expected"), [
    ("3 Best Exercises for Back Pain", 3, True),
    ("These three exercises make your glutes stronger.", 3, True),
    ("Estos tres ejercicios fortalecen los músculos.", 3, True),
    ("Lift one leg, then the other.", 3, False),
    ("Hold it for 30 seconds.", 3, False),  # a 3 inside a number is not the count
    ("Week 3-4 of the plan", 3, False),
    ("Four gentle exercises to start with.", 4, True),
])
def test_a_count_is_found_as_a_figure_or_a_word(words: str, count: int, expected: bool) -> None:
    assert says(words, count) is expected


@given(st.text(alphabet=st.characters(blacklist_categories=("Nd",)), max_size=80))
def test_words_without_a_figure_or_a_number_word_never_count(words: str) -> None:
    if not any(name in words.lower() for name in ("three", "tres")):
        assert not says(words, 3)


def routine_2() -> Routine:
    data = yaml.safe_load((REPO / "content/routines/back-pain/level-2.yaml").read_text())
    return Routine.model_validate(data)


def test_only_a_plan_with_another_number_of_exercises_is_told() -> None:
    routine = routine_2()
    assert miscounts(3, routine, False, False) == []
    found = miscounts(5, routine, False, False)
    assert [name for name, _ in found] == ["title", "intro"]
    assert found[0][1] == "3 Best Exercises for Back Pain"
    assert miscounts(5, routine, True, True) == []  # the plan's own words
    assert [name for name, _ in miscounts(5, routine, True, False)] == ["intro"]


def five(clinic: Path, **own: object) -> Path:
    plan = clinic / "content" / "plans" / "five.yaml"
    plan.write_text(yaml.safe_dump({
        "patient": "Pat Five", "routine": "back-pain", "level": 2,
        "exercises": ["squat", "lunge", "kettlebell-swing", "glute-bridge", "back-extension"],
        **own}))
    return plan


def test_check_warns_of_a_routines_count_over_a_plan_of_five(demo: Path) -> None:
    five(demo)
    result = run("check", cwd=demo)
    assert result.exit_code == 0, result.output
    assert ("warning: content/plans/five.yaml: title: the routine's title (\"3 Best Exercises "
            "for Back Pain\") counts its 3 exercises, and this plan has 5: give the plan a "
            "title: of its own (docs/plans.md)") in result.output
    assert "warning: content/plans/five.yaml: intro: the routine's introduction" in result.output


def test_a_plan_with_its_own_title_and_intro_is_not_warned(demo: Path) -> None:
    five(demo, title="Your five exercises", intro=["Five exercises for you."])
    result = run("check", cwd=demo)
    assert result.exit_code == 0, result.output
    assert "five.yaml" not in result.output


def test_the_handout_says_so_in_a_line_and_is_made(demo: Path) -> None:
    plan = five(demo, title="Your five exercises")
    out = demo / "out" / "five.pdf"
    out.parent.mkdir()
    result = run("handout", "--plan", str(plan), "--output", str(out), cwd=demo)
    assert result.exit_code == 0, result.output
    assert out.is_file()
    notes = [line for line in result.stderr.splitlines() if "five.yaml" in line]
    assert len(notes) == 1, result.stderr
    assert notes[0].startswith("note: ") and ": intro: the routine's introduction" in notes[0]
    assert "give the plan an intro: of its own" in notes[0]


@pytest.mark.parametrize(("words", "expected"), [
    ("3 Best Exercises for Back Pain", 3),
    ("These three exercises make your glutes stronger.", 3),
    ("Estos tres ejercicios fortalecen los músculos.", 3),
    ("Five easy daily exercises", 5),
    ("Have you done Level 1 of these exercises yet?", None),
    ("These Level 2 exercises build on Level 1.", None),
    ("Do 2 sets of these exercises.", None),
    ("Do 10 minutes of exercise.", None),
])
def test_the_number_of_exercises_words_say(words: str, expected: int | None) -> None:
    assert counted(words) == expected


def test_check_warns_of_a_routine_that_says_another_number_than_it_holds(demo: Path) -> None:
    # (A new user added a fourth exercise; the handout went on saying "3 Best Exercises"
    # and "These three exercises" over four, with `check` saying all good.)
    routine = demo / "content/routines/back-pain/level-2.yaml"
    text = routine.read_text()
    routine.write_text(text.replace("  - kettlebell-swing\n", "  - kettlebell-swing\n"
                                    "  - glute-bridge\n"))
    result = run("check", cwd=demo)
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if "says 3 exercises" in line]
    title = text.splitlines().index("title: 3 Best Exercises for Back Pain") + 1
    assert lines[0] == (
        f"warning: content/routines/back-pain/level-2.yaml:{title}: title: says 3 exercises "
        "(\"3 Best Exercises for Back Pain\"), and the routine has 4: change the number, or "
        "write it without one")
    assert len(lines) == 2 and ": intro[2]: says 3 exercises (\"These three exercises" in \
        lines[1], lines
    assert result.output.splitlines()[-1] == "0 errors, 2 warnings in 47 files checked."
    routine.write_text(text)  # as it was: no such warning
    assert "says 3 exercises" not in run("check", cwd=demo).output

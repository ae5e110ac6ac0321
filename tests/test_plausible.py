"""`pdfgen check` warns of what a clinic likely typed by mistake and every handout would
print: a review dated after today, an emergency number that is not the country's, a dose
far beyond any home exercise's."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import run

LEVEL_2 = "content/routines/back-pain/level-2.yaml"


def _checked(demo: Path) -> list[str]:
    result = run("check", cwd=demo)
    assert result.exit_code == 0, result.output  # warnings: 1 only with --strict
    assert "Traceback" not in result.output
    return [line for line in result.stdout.splitlines() if line.startswith("warning")]


def test_a_review_dated_after_today_is_a_warning(demo: Path) -> None:
    # (A typed year: "Reviewed Jun 2027" printed on a handout of December 2026.)
    path = demo / LEVEL_2
    text = path.read_text(encoding="utf-8")
    line = text.splitlines().index("reviewed: 2026-11-20") + 1
    today = dt.date.today()
    later = today + dt.timedelta(days=200)
    path.write_text(text.replace("reviewed: 2026-11-20", f"reviewed: {later}"),
                    encoding="utf-8")
    assert _checked(demo) == [
        f"warning: {LEVEL_2}:{line}: reviewed: {later} is after today ({today}); every handout "
        "prints it in its sign-off: write the day the clinic reviewed the routine"]
    path.write_text(text.replace("reviewed: 2026-11-20", f"reviewed: {today}"),
                    encoding="utf-8")
    assert _checked(demo) == []


@pytest.mark.parametrize(("country", "number", "warned"), [
    ("AU", "911", "000"), ("GB", "911", "999"), ("US", "000", "911"), ("ES", "911", "112"),
    ("AU", "000", None), ("AU", "112", None), ("GB", "112", None), ("US", "911", None),
    ("ES", "112", None), ("US", "9-1-1", None), ("GB", "999 / 112", None),
    ("AU", "911 / 112", "000")])
def test_an_emergency_number_not_the_countrys_is_a_warning(
        demo: Path, country: str, number: str, warned: str | None) -> None:
    path = demo / "content/clinic.toml"
    text = path.read_text(encoding="utf-8")
    assert 'country = "US"\n' in text
    path.write_text(text.replace('country = "US"\n',
                                 f'country = "{country}"\nemergency_phone = "{number}"\n'),
                    encoding="utf-8")
    line = text.splitlines().index('country = "US"') + 2
    assert _checked(demo) == ([] if warned is None else [
        f"warning: content/clinic.toml:{line}: emergency_phone: {number} is not the emergency "
        f"number of {country} ({warned}), and every handout's warning box tells patients to "
        f"call it: write {warned}, or leave emergency_phone out to use the country's"])


def test_init_notes_an_emergency_number_not_the_countrys(tmp_path: Path) -> None:
    args = ["--clinic", "O'Brien's Physio", "--clinician", "Siobhan Kelly", "--phone",
            "(03) 9123 4567", "--country", "AU", "--yes"]
    made = run("init", "k", *args, "--emergency", "911", cwd=tmp_path)
    assert made.exit_code == 0, made.output
    assert ("note: --emergency 911: the emergency number of AU is 000, and every handout "
            "tells patients to call the one given; check it") in made.stderr.splitlines()
    made = run("init", "k2", *args, "--emergency", "000", cwd=tmp_path)
    assert made.exit_code == 0, made.output
    assert "--emergency" not in made.stderr


def test_a_dose_far_beyond_a_home_exercises_is_a_warning(demo: Path) -> None:
    # (sets: 500 and reps: 1000 passed as "All good" and printed on the fridge sheet.)
    squat = demo / "content/exercises/squat.yaml"
    text = squat.read_text(encoding="utf-8")
    squat.write_text(text.replace("  sets: 2\n", "  sets: 500\n", 1), encoding="utf-8")
    plank = demo / "content/exercises/plank-bird-dog.yaml"
    plank.write_text(plank.read_text(encoding="utf-8").replace(
        "hold_seconds: 5", "hold_seconds: 900", 1), encoding="utf-8")
    plan = demo / "content/plans/example.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace(
        "{sets: 1, reps: 6, side: each, times: 3, per: week}",
        "{sets: 1, reps: 6, side: each, times: 30, per: day}", 1), encoding="utf-8")
    line = text.splitlines().index("  sets: 2") + 1
    assert _checked(demo) == [
        "warning: content/exercises/plank-bird-dog.yaml:32: dose[2].hold_seconds: 900 seconds "
        "is far more than a home exercise asks (at most 600 is usual): check it, every "
        "handout prints it",
        f"warning: content/exercises/squat.yaml:{line}: dose.sets: 500 sets is far more than a "
        "home exercise asks (at most 10 is usual): check it, every handout prints it",
        "warning: content/plans/example.yaml:26: exercises[2].dose.times: 30 times a day is far "
        "more than a home exercise asks (at most 10 is usual): check it, every handout prints "
        "it"]


def _notes(result: object) -> list[str]:
    return [line for line in result.stderr.splitlines()  # type: ignore[attr-defined]
            if line.startswith("note: ")]


def test_a_handout_that_prints_a_dose_far_beyond_a_home_exercises_says_so(demo: Path) -> None:
    """`pdfgen handout` made a plan's "reps: 800" (for 8) with no word: only `pdfgen check`
    warned. Now the command notes it, where it was written, and still makes the handout; a
    dose in an exercise's own file the same way."""
    plan = demo / "content/plans/typo.yaml"
    plan.write_text("patient: Ann Lee\nlevel: 2\nexercises:\n  - squat\n"
                    "  - {slug: lunge, dose: {sets: 2, reps: 800, times: 3, per: week}}\n"
                    "  - kettlebell-swing\n", encoding="utf-8")
    result = run("handout", "--plan", "content/plans/typo.yaml", cwd=demo)
    assert result.exit_code == 0, result.output
    assert (demo / "out/back-pain-level-2-ann-lee.pdf").is_file()
    assert _notes(result) == [
        "note: content/plans/typo.yaml:5: exercises[2].dose.reps: 800 reps is far more than a "
        "home exercise asks (at most 100 is usual): check it, every handout prints it"]
    squat = demo / "content/exercises/squat.yaml"
    text = squat.read_text(encoding="utf-8")
    squat.write_text(text.replace("  sets: 2\n", "  sets: 500\n", 1), encoding="utf-8")
    line = text.splitlines().index("  sets: 2") + 1
    result = run("handout", "--level", "2", cwd=demo)
    assert result.exit_code == 0, result.output
    assert _notes(result) == [
        f"note: content/exercises/squat.yaml:{line}: dose.sets: 500 sets is far more than a "
        "home exercise asks (at most 10 is usual): check it, every handout prints it"]
    assert _notes(run("handout", "--level", "1", cwd=demo)) == []  # (no squat in Level 1)


def test_a_routine_that_counts_another_number_than_it_prints_is_noted(demo: Path) -> None:
    """A fourth exercise added to Level 2: the handout printed "3 Best Exercises" and "These
    three exercises" over four cards, and the command said nothing (only check warned)."""
    routine = demo / "content/routines/back-pain/level-2.yaml"
    text = routine.read_text(encoding="utf-8")
    routine.write_text(text.replace("  - kettlebell-swing\n", "  - kettlebell-swing\n"
                                    "  - glute-bridge\n"), encoding="utf-8")
    result = run("handout", "--level", "2", cwd=demo)
    assert result.exit_code == 0, result.output
    notes = _notes(result)
    title = text.splitlines().index("title: 3 Best Exercises for Back Pain") + 1
    assert notes[0] == (
        f"note: content/routines/back-pain/level-2.yaml:{title}: title: says 3 exercises "
        "(\"3 Best Exercises for Back Pain\"), and the routine has 4: change the number, or "
        "write it without one"), notes
    assert len(notes) == 2 and ": intro[2]: says 3 exercises" in notes[1], notes
    routine.write_text(text, encoding="utf-8")
    assert _notes(run("handout", "--level", "2", cwd=demo)) == []


def test_a_handout_whose_warning_box_gives_another_countrys_number_says_so(demo: Path
                                                                            ) -> None:
    """A new clinic typed 991: the handout printed "Call 991 now if you have:" and the
    command said nothing (only `pdfgen check` warned). Now every form that prints the box
    notes it; one without the box (a plan of exercises and no routine) does not."""
    path = demo / "content/clinic.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('country = "US"\n', 'country = "US"\nemergency_phone = "991"\n'),
                    encoding="utf-8")
    line = text.splitlines().index('country = "US"') + 2
    said = (f"note: content/clinic.toml:{line}: emergency_phone: 991 is not the emergency "
            "number of US (911), and every handout's warning box tells patients to call it: "
            "write 911, or leave emergency_phone out to use the country's")
    for args in (("--level", "2"), ("--level", "1", "--layout", "compact"),
                 ("--level", "2", "--language", "es"), ("--plan", "content/plans/example.yaml")):
        result = run("handout", *args, cwd=demo)
        assert result.exit_code == 0, result.output
        assert _notes(result) == [said], (args, result.stderr)
    (demo / "content/plans/no-box.yaml").write_text(
        "patient: Ann Lee\nexercises:\n  - squat\n  - lunge\n", encoding="utf-8")
    result = run("handout", "--plan", "content/plans/no-box.yaml", cwd=demo)
    assert result.exit_code == 0, result.output
    assert said not in result.stderr and "no warning signs" in result.stderr
    patients = demo / "patients.csv"
    patients.write_text("name,level\nAnn Lee,2\nBo Park,1\nCy Diaz,2\n", encoding="utf-8")
    result = run("batch", "patients.csv", "--jobs", "2", cwd=demo)
    assert result.exit_code == 0, result.output
    assert _notes(result) == [said], result.stderr  # once, for the three handouts
    path.write_text(text.replace('country = "US"\n', 'country = "US"\nemergency_phone = "911"\n'),
                    encoding="utf-8")
    assert _notes(run("handout", "--level", "2", cwd=demo)) == []

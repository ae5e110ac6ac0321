"""`pdfgen` finds its clinic from any folder inside it, else uses the demo, and lists routines."""

from __future__ import annotations

import os
from pathlib import Path

from cli_helpers import A4, page_size
from conftest import REPO, files_in, has_dose, pdf_text, run


def current_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def test_inside_a_clinic_subfolder_the_clinic_is_used(demo: Path) -> None:
    inside = demo / "content" / "exercises"
    result = run("handout", "--level", "2", cwd=inside)
    assert result.exception is None, result.output
    assert result.stderr == ""
    assert (demo / "out" / "back-pain-level-2.pdf").is_file()
    assert not (inside / "out").exists()


def test_the_demo_is_announced_when_no_clinic_is_found(tmp_path: Path) -> None:
    result = run("list", cwd=tmp_path)
    assert result.stderr.startswith("note: no content/clinic.toml here or above, so the demo "
                                    "clinic is used")


def test_project_option_uses_another_clinic(minimal: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = run("handout", "--level", "1", "--project", str(minimal), cwd=elsewhere)
    assert result.exception is None, result.output
    out = minimal / "out" / "neck-level-1.pdf"
    text = pdf_text(out)
    assert page_size(out) == A4  # from the clinic's clinic.toml
    assert "Clínica Sol" in text
    assert "Ask Ana Ruiz before you start." in text
    assert has_dose(text, "repeat 5 times · hold 5 seconds · twice a day"), text
    assert files_in(elsewhere) == []


def test_a_plan_named_from_the_clinic_folder_is_found_from_elsewhere(demo: Path,
                                                                    tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = run("handout", "--project", str(demo), "--plan", "content/plans/example.yaml",
                 cwd=elsewhere)
    assert result.exit_code == 0, result.output
    out = demo / "out" / "back-pain-level-2-jane-example.pdf"
    assert "Hold on to the back of a chair for the first week." in pdf_text(out)
    assert files_in(elsewhere) == []
    missing = run("handout", "--project", str(demo), "--plan", "content/plans/none.yaml",
                  cwd=elsewhere)
    assert missing.exit_code == 2
    assert missing.stderr == "error: --plan content/plans/none.yaml: no such file\n"


def test_outside_a_clinic_folder_the_demo_writes_into_this_folder(tmp_path: Path) -> None:
    result = run("handout", "--level", "2", cwd=tmp_path)
    assert result.exception is None, result.output
    assert files_in(tmp_path) == ["out/back-pain-level-2.pdf"]
    mode = (tmp_path / "out/back-pain-level-2.pdf").stat().st_mode & 0o777
    assert mode == 0o666 & ~current_umask()  # an ordinary file, not a private temp file


def test_list_shows_topics_levels_and_exercises(demo: Path) -> None:
    result = run("list", cwd=demo)
    assert result.exception is None, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "back-pain"
    assert "  --level 1  3 Best Exercises for Back Pain" in lines
    assert "      1. Squat (squat)" in lines
    assert "      3. Kettlebell Swing (kettlebell-swing)" in lines
    assert lines.count("      languages: en, es") == 2  # both levels, in Spanish too


def test_routine_option_picks_a_topic(demo: Path) -> None:
    neck = demo / "content" / "routines" / "neck"
    neck.mkdir()
    (neck / "level-1.yaml").write_text("title: Neck\nlevel: 1\nexercises: [squat]\n")
    result = run("handout", "--level", "1", cwd=demo)
    assert result.exit_code == 2
    assert result.stderr == (
        "error: --routine is needed: this clinic has several topics (back-pain, neck)\n"
    )
    result = run("handout", "--level", "1", "--routine", "neck", cwd=demo)
    assert result.exception is None, result.output
    assert (demo / "out" / "neck-level-1.pdf").is_file()


def test_demo_content_in_the_repository_is_what_ships() -> None:
    # The wheel ships content/ and fonts/; the repository must keep them at the top level.
    assert (REPO / "content" / "clinic.toml").is_file()
    assert (REPO / "fonts" / "AtkinsonHyperlegible-Regular.ttf").is_file()


def test_list_shows_an_unfinished_routine_with_its_error(demo: Path) -> None:
    assert run("new", "routine", "neck", "--level", "1", cwd=demo).exit_code == 0
    result = run("list", cwd=demo)
    assert result.exit_code == 0
    assert "  --level 2  3 Best Exercises for Back Pain" in result.stdout
    assert "  --level 1  (cannot be printed: content/routines/neck/level-1.yaml:" in (
        result.stdout)


def test_a_routines_broken_exercise_is_not_listed_as_one_for_a_plan(demo: Path) -> None:
    """(An RTF saved as lunge.yaml: the routine "cannot be printed", and the lunge was also
    under "Other exercises, for a plan", as if no routine named it.)"""
    (demo / "content/exercises/lunge.yaml").write_bytes(b"{\\rtf1\\ansi hello}")
    result = run("list", cwd=demo)
    assert result.exit_code == 0, result.output
    others = result.stdout.split("Other exercises", 1)[1]
    assert "lunge" not in others, result.stdout
    assert "  --level 2  (cannot be printed: content/exercises/lunge.yaml: a rich text " \
           "document" in result.stdout, result.stdout

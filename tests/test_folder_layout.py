"""A clinic folder's files are found by its layout, and its settings read as the CLI reads them."""

from __future__ import annotations

import re
from pathlib import Path

import pypdf
from conftest import run
from loading_helpers import CLINIC

from pdfgen.content.loading import load_clinic, load_routine, routine_files
from pdfgen.content.project import Project


def test_routine_files_come_from_the_folder_layout(demo: Path) -> None:
    (demo / "content/routines/back-pain/notes.txt").write_text("not a routine")
    project = Project(root=demo, out_dir=demo / "out")
    assert {t: sorted(levels) for t, levels in routine_files(project).items()} == {
        "back-pain": [1, 2]
    }


def test_two_files_for_one_level_are_an_error(demo: Path) -> None:
    folder = demo / "content/routines/back-pain"
    (folder / "level-02.yaml").write_text((folder / "level-2.yaml").read_text())
    result = run("handout", "--level", "2", cwd=demo)
    assert result.exit_code == 2
    assert result.stderr == ("error: content/routines/back-pain/level-2.yaml: a second file "
                             "for level 2 (also level-02.yaml)\n")


def test_loaded_models_keep_their_files(demo: Path) -> None:
    project = Project(root=demo, out_dir=demo / "out")
    clinic = load_clinic(project)
    assert clinic.path == demo / CLINIC
    assert clinic.model.paper == "letter"
    routine = load_routine(project, "back-pain", 2)
    assert [item.slug for item in routine.model.exercises] == ["squat", "lunge", "kettlebell-swing"]


def test_a_misspelt_picture_setting_gets_a_did_you_mean(demo: Path) -> None:
    toml = demo / "content/clinic.toml"
    # ("greyscale", the British spelling, is taken: test_photos)
    toml.write_text(toml.read_text().replace("[brand]", 'pictures = "grayscal"\n\n[brand]'))
    result = run("handout", "--level", "2", cwd=demo)
    assert result.exit_code == 2
    assert "pictures: did you mean 'grayscale'?" in result.stderr
    assert result.stderr.count("\n") == 1


def test_the_paper_in_clinic_toml_is_read_as_the_command_line_reads_it(demo: Path) -> None:
    """(--paper A4 was taken, paper = "A4" in clinic.toml refused.)"""
    toml = demo / "content/clinic.toml"
    toml.write_text(re.sub(r'^paper = .*$', 'paper = "A4"', toml.read_text(), flags=re.M))
    result = run("handout", "--level", "2", cwd=demo)
    assert result.exit_code == 0, result.output
    box = pypdf.PdfReader(demo / "out/back-pain-level-2.pdf").pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    toml.write_text(toml.read_text().replace('paper = "A4"', 'paper = "A5"'))
    result = run("handout", "--level", "2", cwd=demo)
    assert result.exit_code == 2
    assert re.fullmatch(r"error: content/clinic.toml:\d+: paper: expected 'letter' or 'a4', "
                        r"got 'A5'\n", result.stderr), result.stderr

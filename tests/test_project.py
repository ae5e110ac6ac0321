"""Which clinic folder is used: --project, the working directory, or the bundled demo."""

from __future__ import annotations

from pathlib import Path

import pytest

from pdfgen.errors import ProjectError
from pdfgen.project import bundled_root, find_project


def test_the_working_directory_when_it_is_a_clinic(demo: Path) -> None:
    project = find_project(cwd=demo)
    assert (project.root, project.out_dir, project.bundled) == (demo, demo / "out", False)


def test_the_bundled_demo_elsewhere_writing_into_the_working_directory(tmp_path: Path) -> None:
    project = find_project(cwd=tmp_path)
    assert project.bundled
    assert project.root == bundled_root()
    assert project.out_dir == tmp_path / "out"
    assert (project.root / "content" / "clinic.toml").is_file()


def test_an_explicit_project_relative_to_the_working_directory(demo: Path) -> None:
    project = find_project(Path(demo.name), cwd=demo.parent)
    assert project.root == demo
    assert project.out_dir == demo / "out"


def test_a_missing_or_wrong_project_folder(tmp_path: Path) -> None:
    with pytest.raises(ProjectError, match="no such folder"):
        find_project(tmp_path / "nope", cwd=tmp_path)
    with pytest.raises(ProjectError, match=r"not a clinic folder \(expected content/clinic.toml"):
        find_project(tmp_path, cwd=tmp_path)


def test_the_clinic_fonts_come_before_the_bundled_ones(demo: Path) -> None:
    (demo / "fonts").mkdir()
    project = find_project(cwd=demo)
    assert project.font_dirs == [demo / "fonts", (bundled_root() / "fonts").resolve()]

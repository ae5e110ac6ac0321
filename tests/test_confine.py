"""One rule for every file a clinic folder names: a symbolic link that leads out of the
folder is refused in one line (exit code 2), and nothing is written. (Pictures, the logo
and fonts: test_hostile_content.py and test_fonts.py.)"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import REPO, files_in, run
from limited import one_line_error, run_limited

from pdfgen.content.confine import clinic_root, confined

LINK = ": is a symbolic link to a file outside the clinic folder; copy the file into the " \
       "folder instead"


def linked_out(demo: Path, name: str, source: Path | None = None) -> None:
    """`name` in the clinic folder becomes a link to a copy of it outside the folder."""
    inside = demo / name
    outside = demo.parent / "elsewhere" / Path(name).name
    outside.parent.mkdir(exist_ok=True)
    shutil.copy(source or inside, outside)
    inside.parent.mkdir(parents=True, exist_ok=True)
    inside.unlink(missing_ok=True)
    inside.symlink_to(outside)


def spanish_catalog(demo: Path) -> Path:
    folder = demo / "locale" / "es" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    return REPO / "pdfgen" / "locale" / "es" / "LC_MESSAGES" / "pdfgen.po"


CASES = {
    "exercise": ("content/exercises/squat.yaml", ("handout", "--level", "2")),
    "routine": ("content/routines/back-pain/level-2.yaml", ("handout", "--level", "2")),
    "clinic.toml": ("content/clinic.toml", ("handout", "--level", "2")),
    "plan": ("content/plans/example.yaml",
             ("handout", "--plan", "content/plans/example.yaml")),
    "translation": ("content/exercises/squat.es.yaml",
                    ("handout", "--level", "2", "--language", "es")),
    "template": ("templates/footer.j2", ("handout", "--level", "2")),
    "catalog": ("locale/es/LC_MESSAGES/pdfgen.po",
                ("handout", "--level", "2", "--language", "es")),
    "patient list": ("patients.csv", ("batch", "patients.csv")),
}


@pytest.mark.parametrize("kind", list(CASES))
def test_a_link_out_of_the_clinic_folder_is_refused(demo: Path, kind: str) -> None:
    name, command = CASES[kind]
    source = None
    if kind == "template":
        source = REPO / "pdfgen" / "templates" / "footer.j2"
    elif kind == "catalog":
        source = spanish_catalog(demo)
    elif kind == "patient list":
        (demo / "patients.csv").write_text("name,level\nAna Ruiz,2\n", encoding="utf-8")
    linked_out(demo, name, source)
    line = one_line_error(run_limited(*command, cwd=demo, timeout=120))
    assert f"{name}{LINK}" in line, line
    assert not (demo / "out").exists() or [f for f in files_in(demo / "out")
                                            if f.endswith(".pdf")] == []


def test_the_same_files_inside_the_folder_are_read(demo: Path) -> None:
    """A link that stays inside the folder is the folder's own."""
    squat = demo / "content" / "exercises" / "squat.yaml"
    kept = demo / "content" / "kept-squat.yaml"
    squat.rename(kept)
    squat.symlink_to(kept)
    result = run("handout", "--level", "2", cwd=demo)
    assert result.exit_code == 0, result.output


def test_a_file_outside_every_clinic_folder_is_the_users_to_name(tmp_path: Path,
                                                                  demo: Path) -> None:
    loose = tmp_path / "downloads" / "plan.yaml"
    loose.parent.mkdir()
    shutil.copy(demo / "content" / "plans" / "example.yaml", loose)
    assert clinic_root(loose) is None
    assert confined(loose) == loose
    assert clinic_root(demo / "content" / "plans" / "example.yaml") == demo

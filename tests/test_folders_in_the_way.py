"""A folder pdfgen must make that cannot be made (a file in its way, no such place, a disk
that takes no more): one line naming it, exit code 2, and nothing half-written left behind."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import files_in
from limited import one_line_error, run_limited

ANSWERS = ("--clinic", "Sol Clinic", "--clinician", "Ana Ruiz", "--phone", "+34 555 010 203",
           "--yes")


def test_init_into_a_file_names_the_file_and_leaves_it_as_it_was(tmp_path: Path) -> None:
    taken = tmp_path / "notes.txt"
    taken.write_text("mine\n", encoding="utf-8")
    assert one_line_error(run_limited("init", "notes.txt", *ANSWERS, cwd=tmp_path)) == (
        "error: notes.txt: is a file; give the name of a new folder")
    assert taken.read_text(encoding="utf-8") == "mine\n"


def test_init_under_a_file_names_the_file(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine\n", encoding="utf-8")
    assert one_line_error(run_limited("init", "notes.txt/clinic", *ANSWERS, cwd=tmp_path)) == (
        "error: notes.txt: is a file; a folder is needed there")
    assert files_in(tmp_path) == ["notes.txt"]


@pytest.mark.parametrize("there", [False, True], ids=["new folder", "empty folder"])
def test_a_clinic_folder_that_cannot_be_written_whole_is_taken_away(tmp_path: Path,
                                                                    there: bool) -> None:
    """The disk takes no file over 2,000 bytes: the demo's kettlebell swing, copied after
    smaller exercises, fails; what was copied before it goes too."""
    if there:
        (tmp_path / "sol").mkdir()
    done = run_limited("init", "sol", *ANSWERS, cwd=tmp_path, fsize=2000)
    assert one_line_error(done) == (
        "error: sol: cannot make the clinic folder here (file too large)")
    assert files_in(tmp_path) == []
    assert [p.name for p in tmp_path.iterdir()] == (["sol"] if there else [])
    assert not there or list((tmp_path / "sol").iterdir()) == []


@pytest.mark.parametrize(("args", "folder", "made"), [
    (("schema",), "schemas", None),
    (("new", "exercise", "wall-push"), "schemas", "content/exercises/wall-push.yaml"),
    (("templates", "--copy", "footer.j2"), "templates", "templates/footer.j2"),
])
def test_a_file_where_a_clinic_folder_goes_is_named(demo: Path, args: tuple[str, ...],
                                                    folder: str, made: str | None) -> None:
    (demo / folder).write_text("not a folder\n", encoding="utf-8")
    before = files_in(demo)
    assert one_line_error(run_limited(*args, cwd=demo)) == (
        f"error: {folder}: is a file; a folder is needed there")
    assert files_in(demo) == before  # (the new exercise is not written without its schemas)
    if made is not None:
        assert not (demo / made).exists()
    (demo / folder).unlink()  # and with the folder's place free, it is made
    done = run_limited(*args, cwd=demo)
    assert done.returncode == 0, done.stderr
    assert (demo / folder).is_dir()
    if made is not None:
        assert (demo / made).is_file()

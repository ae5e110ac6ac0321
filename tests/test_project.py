"""Which clinic folder is used: --project, the working directory, or the bundled demo."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import files_in, pdf_text, run

from pdfgen.content.project import bundled_root, find_project
from pdfgen.errors import ProjectError


def test_the_working_directory_when_it_is_a_clinic(demo: Path) -> None:
    project = find_project(cwd=demo)
    assert (project.root, project.out_dir, project.bundled) == (demo, demo / "out", False)


def test_the_bundled_demo_elsewhere_writing_into_the_working_directory(tmp_path: Path) -> None:
    project = find_project(cwd=tmp_path)
    assert project.bundled
    assert project.root == bundled_root()
    assert project.out_dir == tmp_path / "out"
    assert (project.root / "content" / "clinic.toml").is_file()


def test_the_demo_used_beside_a_clinic_folder_names_the_way_to_it(demo: Path) -> None:
    """Run in the folder that holds the clinic `pdfgen init` made (its `cd` forgotten): the
    demo's handout, and a note that named no way to the clinic right there."""
    result = run("handout", "--level", "2", cwd=demo.parent)
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        "note: no content/clinic.toml here or above, so the demo clinic is used; demo-clinic/ "
        "is a clinic folder: cd demo-clinic, or add --project demo-clinic"]
    (demo.parent / "also" / "content").mkdir(parents=True)
    shutil.copy(demo / "content/clinic.toml", demo.parent / "also/content/clinic.toml")
    result = run("handout", "--level", "2", cwd=demo.parent)  # two: neither is the one
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        "note: no content/clinic.toml here or above, so the demo clinic is used (see --project)"]


@pytest.mark.parametrize("where", [".", "content/exercises"])
def test_a_clinic_whose_clinic_toml_is_gone_is_not_given_the_demo(demo: Path,
                                                                  where: str) -> None:
    # (Its clinic.toml moved away, the demo's handout, Mangrove Bay's name and phone on
    # Letter, replaced the clinic's own in out/ with a note alone.)
    (demo / "content/clinic.toml").unlink()
    (demo / "out").mkdir()
    (demo / "out/back-pain-level-2.pdf").write_bytes(b"%PDF- the clinic's own")
    before = files_in(demo)
    for command in (["handout", "--level", "2"], ["check"]):
        result = run(*command, cwd=demo / where)
        assert (result.exit_code, result.stdout) == (2, ""), result.output
        shown = "" if where == "." else f"{demo}/"
        assert result.stderr == (
            f"error: {shown}content/clinic.toml: not found, and {shown}content/ holds "
            "exercises or routines of a clinic: put its clinic.toml back (pdfgen init makes "
            "one), or give --project\n")
    assert files_in(demo) == before
    # A folder with no such content/ is no clinic's: the demo, as before.
    assert find_project(cwd=demo.parent).bundled


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


# --- a plan or a patient list belongs to the clinic folder that holds it --------------------

@pytest.fixture
def sol(tmp_path: Path, demo: Path) -> Path:
    """A second clinic, beside a folder that is no clinic at all."""
    root = tmp_path / "sol"
    shutil.copytree(demo / "content", root / "content")
    toml = root / "content/clinic.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace(
        'name = "Mangrove Bay Chiropractic"', 'name = "Sol Physio"', 1), encoding="utf-8")
    (root / "content/plans/x.yaml").write_text("patient: Ana Ruiz\nlevel: 2\n",
                                               encoding="utf-8")
    (root / "list.csv").write_text("name,level\nBo Li,2\n", encoding="utf-8")
    (tmp_path / "elsewhere").mkdir()
    return root


def test_a_plan_from_another_folder_is_made_by_its_own_clinic(sol: Path) -> None:
    result = run("handout", "--plan", "../sol/content/plans/x.yaml", "--date", "2026-11-24",
                 cwd=sol.parent / "elsewhere")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""  # no "the demo clinic is used" note
    pdf = sol / "out/back-pain-level-2-ana-ruiz.pdf"
    assert "Sol Physio" in pdf_text(pdf) and "Mangrove Bay Chiro" not in pdf_text(pdf)
    assert files_in(sol.parent / "elsewhere") == []


def test_a_list_from_another_folder_is_made_by_its_own_clinic(sol: Path) -> None:
    result = run("batch", "../sol/list.csv", cwd=sol.parent / "elsewhere")
    assert result.exit_code == 0, result.output
    assert "Sol Physio" in pdf_text(sol / "out/list/back-pain-level-2-bo-li.pdf")


@pytest.mark.parametrize(("args", "message"), [
    (["handout", "--plan", "plan.yaml"], "--plan plan.yaml"),
    (["email", "--plan", "plan.yaml", "--to", "ana@example.com", "--draft"], "--plan plan.yaml"),
    (["batch", "list.csv"], "list.csv"),
])
def test_a_plan_or_list_outside_any_clinic_is_an_error(tmp_path: Path, args: list[str],
                                                       message: str) -> None:
    (tmp_path / "plan.yaml").write_text("patient: Ana Ruiz\nlevel: 2\n", encoding="utf-8")
    (tmp_path / "list.csv").write_text("name,level\nBo Li,2\n", encoding="utf-8")
    result = run(*args, cwd=tmp_path)
    assert (result.exit_code, result.stderr) == (
        2, f"error: {message}: not in a clinic folder (no content/clinic.toml in its folder or "
           "above, nor here); run pdfgen in your clinic folder, or add --project DIR\n")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(("args", "message"), [
    (["handout", "--plan", "plan.yaml"], "--plan plan.yaml: no such file"),
    (["batch", "list.csv"], "list.csv: no such file"),
    (["handout", "--plan", "folder"], "--plan folder: is a folder, expected a file"),
])
def test_a_plan_or_list_that_is_not_there_says_so_outside_a_clinic_too(
        tmp_path: Path, args: list[str], message: str) -> None:
    """What to put right first: the name, not where pdfgen runs."""
    (tmp_path / "folder").mkdir()
    result = run(*args, cwd=tmp_path)
    assert (result.exit_code, result.stderr) == (2, f"error: {message}\n")
    assert not (tmp_path / "out").exists()


def test_a_plan_outside_any_clinic_is_used_by_the_clinic_we_are_in(demo: Path,
                                                                  tmp_path: Path) -> None:
    (tmp_path / "plan.yaml").write_text("patient: Ana Ruiz\nlevel: 2\n", encoding="utf-8")
    result = run("handout", "--plan", str(tmp_path / "plan.yaml"), cwd=demo)
    assert result.exit_code == 0, result.output
    assert (demo / "out/back-pain-level-2-ana-ruiz.pdf").is_file()


def test_find_project_by_what_it_belongs_to(sol: Path, demo: Path) -> None:
    plan = sol / "content/plans/x.yaml"
    assert find_project(cwd=demo, belongs_to=plan).root == sol
    # A plan is made by the clinic that holds it: --project naming another is a mistake.
    with pytest.raises(ProjectError, match=r"belongs to the clinic in .*sol, not to --project"):
        find_project(Path(demo), cwd=sol, belongs_to=plan)
    assert find_project(Path(sol), cwd=demo, belongs_to=plan).root == sol


@pytest.mark.parametrize("install", ["pip install .", "pip install -e ."])
def test_the_folder_pdfgen_came_in_says_it_is_the_demo(demo: Path, sol: Path, install: str,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Run in the clone (itself the demo clinic) and not in the clinic `pdfgen init` made
    beside it, a handout came out under the demo's name and phone, "Call 911" and Letter,
    with not a word. It still does (the README's first command), and says so, naming the
    clinic folder beside it: after `pip install .` (the clone is pdfgen's source) and
    after `pip install -e .` (the clone is where pdfgen runs from)."""
    import pdfgen.content.project as project_module

    if install == "pip install .":
        (demo / "pdfgen").mkdir()
        (demo / "pdfgen" / "__init__.py").write_text('"""pdfgen."""\n', encoding="utf-8")
        (demo / "pyproject.toml").write_text('[project]\nname = "pdfgen"\n', encoding="utf-8")
    else:
        fonts = (project_module.bundled_root() / "fonts").resolve()  # the copy is the demo
        monkeypatch.setattr(project_module, "bundled_root", lambda: demo.resolve())
        shutil.copytree(fonts, demo / "fonts", dirs_exist_ok=True)
    (demo / "mcr").mkdir()
    shutil.copytree(sol / "content", demo / "mcr" / "content")
    result = run("handout", "--level", "2", "--date", "2026-11-24", cwd=demo)
    assert result.exit_code == 0, result.output
    assert result.stderr == ("note: this folder is pdfgen's own demo clinic; for your "
                             "clinic, cd mcr, or add --project mcr\n")
    assert (demo / "out" / "back-pain-level-2.pdf").is_file()
    # Writing into it, the same (a new exercise went into the demo without a word).
    new = run("new", "exercise", "wall-sit", cwd=demo)
    assert new.exit_code == 0, new.output
    assert new.stderr == ("note: this folder is pdfgen's own demo clinic; for your "
                          "clinic, cd mcr, or add --project mcr\n")
    assert (demo / "content" / "exercises" / "wall-sit.yaml").is_file()
    # In the clinic's own folder, no note.
    mine = run("handout", "--level", "2", "--date", "2026-11-24", cwd=demo / "mcr")
    assert mine.exit_code == 0, mine.output
    assert mine.stderr == ""
    # There, with the demo's plan, the demo makes it (a plan is its clinic's), and says so
    # (it said "this folder is pdfgen's own demo clinic", of the clinic's own folder).
    if install == "pip install .":
        theirs = run("handout", "--plan", "../content/plans/example.yaml", cwd=demo / "mcr")
        assert theirs.exit_code == 0, theirs.output
        assert theirs.stderr == (
            "note: --plan ../content/plans/example.yaml is pdfgen's demo clinic's, so the "
            f"handout is the demo clinic's (its name and phone, in {demo / 'out'}); for your "
            "clinic, copy it into your clinic folder\n")


def test_a_list_of_another_clinic_named_through_dot_dot_is_named_plainly(
        sol: Path, demo: Path) -> None:
    """(From a clinic's folder, `pdfgen batch ../pdfgen/examples/patients.csv --project .`
    said "error:  …/lakeside/../pdfgen/examples/patients.csv: …", two spaces and the "..".)"""
    listed = demo / "patients.csv"
    listed.write_text("name,level\nAna Ruiz,2\n", encoding="utf-8")
    given = Path("..") / demo.name / "patients.csv"
    assert (sol.parent / demo.name).resolve() == demo.resolve()  # (both in one folder)
    with pytest.raises(ProjectError) as raised:
        find_project(Path("."), cwd=sol, belongs_to=given)
    assert str(raised.value) == (
        f"{demo.resolve() / 'patients.csv'}: belongs to the clinic in {demo.resolve()}, not "
        f"to --project {sol.resolve()}; copy it into the folder of the clinic it is for, or "
        "leave out --project")
    result = run("batch", str(given), "--project", ".", cwd=sol)
    assert result.exit_code == 2, result.output
    assert result.output.startswith(f"error: {demo.resolve() / 'patients.csv'}: belongs"), (
        result.output)


def test_a_folder_given_as_the_plan_in_a_clinic_is_named_a_folder(demo: Path) -> None:
    result = run("handout", "--plan", "content/plans", cwd=demo)
    assert (result.exit_code, result.stderr) == (
        2, "error: --plan content/plans: is a folder, expected a plan file (.yaml)\n")
    assert not (demo / "out").exists()

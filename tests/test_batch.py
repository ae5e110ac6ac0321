"""`pdfgen batch` builds every good row, reports bad ones, keeps each list's batch its own."""

from __future__ import annotations

import shutil
from pathlib import Path

from batch_helpers import finish, patients_csv, pdfgen, report
from conftest import files_in, pdf_text, run, succeeds

NAMES = ["Zoë Łódź-Müller", "Ελένη Παπά", "Жанна Иванова", "Jane Doe", "José Núñez",
         "O'Brien & Sons", "Ana Ruiz", "Li Wei", "Jane Doe", "Björk Guðmundsdóttir"]


def fifty(demo: Path) -> Path:
    rows = [{"name": f"{NAMES[i % len(NAMES)]}", "level": str(1 + i % 2), "plan": "",
             "date": "2026-11-24", "email": f"p{i}@example.com"} for i in range(50)]
    rows[7]["level"] = "9"  # no such level
    rows[20]["plan"] = "content/plans/missing.yaml"
    rows[20]["level"] = ""
    return patients_csv(demo / "patients.csv", rows)


def test_fifty_patients_two_bad_rows(demo: Path) -> None:
    patients = fifty(demo)
    result = run("batch", str(patients), "--jobs", "2", cwd=demo)
    assert result.exit_code == 1, result.output
    out = demo / "out" / "patients"  # a folder per list
    pdfs = [f for f in files_in(out) if f.endswith(".pdf")]
    assert len(pdfs) == 48 and len(set(pdfs)) == 48  # two Jane Does do not overwrite
    assert "back-pain-level-2-jane-doe.pdf" in pdfs
    assert "back-pain-level-2-jane-doe-2.pdf" in pdfs
    lines = report(out)
    assert len(lines) == 50
    failed = {line["row"]: line["error"] for line in lines if line["status"] == "failed"}
    assert failed == {
        "9": "level 9: no such level for back-pain (known: 1, 2)",
        "22": "plan content/plans/missing.yaml: no such file",
    }
    assert "row 9 (Li Wei): level 9: no such level for back-pain" in result.stdout
    assert "46" not in failed
    zoe = next(line for line in lines if line["row"] == "2")
    assert "Prepared for Zoë Łódź-Müller on November 24, 2026" in pdf_text(out / zoe["file"])

    # The same batch again: everything is up to date, nothing is built.
    before = {f: (out / f).stat().st_mtime_ns for f in pdfs}
    again = run("batch", str(patients), "--jobs", "2", cwd=demo)
    assert again.exit_code == 1
    assert again.stdout.splitlines()[-3].startswith("0 built, 48 already up to date, 2 failed")
    assert before == {f: (out / f).stat().st_mtime_ns for f in pdfs}


def test_a_changed_exercise_makes_the_handouts_out_of_date(demo: Path) -> None:
    patients = patients_csv(demo / "p.csv", [{"name": "Ana", "level": "2"}])
    succeeds(run("batch", str(patients), "--jobs", "1", cwd=demo))
    squat = demo / "content/exercises/squat.yaml"
    squat.write_text(squat.read_text().replace("Squat", "Squat!", 1))
    result = run("batch", str(patients), "--jobs", "1", cwd=demo)
    assert result.stdout.splitlines()[-1].startswith("1 built, 0 already up to date")


def test_lists_of_one_name_in_two_folders_keep_their_own_batch(demo: Path) -> None:
    for folder, name in (("a", "Ana Ruiz"), ("b", "Bo Li")):
        (demo / folder).mkdir()
        patients_csv(demo / folder / "patients.csv", [{"name": name, "level": "2"}])
    first = run("batch", "a/patients.csv", cwd=demo)
    second = run("batch", "b/patients.csv", cwd=demo)
    again = run("batch", "a/patients.csv", cwd=demo)
    assert (first.exit_code, second.exit_code, again.exit_code) == (0, 0, 0)
    assert "report: out/patients/batch-report.csv" in first.stdout
    assert "report: out/patients-2/batch-report.csv" in second.stdout
    assert [line["name"] for line in report(demo / "out/patients")] == ["Ana Ruiz"]
    assert [line["name"] for line in report(demo / "out/patients-2")] == ["Bo Li"]
    assert again.stdout.splitlines()[-1] == ("0 built, 1 already up to date, 0 failed; "
                                             "report: out/patients/batch-report.csv")


def test_a_plan_of_another_clinic_is_never_built_with_this_ones_branding(
        demo: Path, tmp_path: Path) -> None:
    other = tmp_path / "sol"
    shutil.copytree(demo / "content", other / "content")
    toml = other / "content/clinic.toml"
    toml.write_text(toml.read_text().replace('name = "Mangrove Bay Chiropractic"',
                                             'name = "Clínica Sol"'))
    theirs = other / "content/plans/example.yaml"
    patients_csv(demo / "p.csv", [{"name": "Jane Example", "plan": str(theirs)},
                                  {"name": "Jane Example", "plan": "content/plans/example.yaml"}])
    code, out, err = finish(pdfgen("batch", "p.csv", "--jobs", "1", cwd=demo))
    assert code == 1, (out, err)
    rows = report(demo / "out/p")
    assert [row["status"] for row in rows] == ["failed", "built"]
    assert rows[0]["error"] == (f"plan: {theirs} belongs to the clinic in {other}; put it in "
                                "that clinic's own patient list")
    # (The other clinic's plan is not read, even for its level: the row that fails takes
    # no name from the one built.)
    assert sorted(f for f in files_in(demo / "out/p") if f.endswith(".pdf")) == [
        "back-pain-level-2-jane-example.pdf"]


def test_a_row_pointing_at_another_patients_plan_is_refused(demo: Path) -> None:
    """example.yaml is Jane Example's (its patient:): a row for Sam naming it would print
    Jane's exercises and notes under Sam's name. That row fails with the reason; Jane's row
    (any case and spacing) and a row of a plan that names no patient are built."""
    shared = demo / "content/plans/shared.yaml"
    shared.write_text("routine: back-pain\nlevel: 1\n", encoding="utf-8")
    patients_csv(demo / "p.csv", [
        {"name": "Sam Planrow", "plan": "content/plans/example.yaml"},
        {"name": "jane  example", "plan": "content/plans/example.yaml"},
        {"name": "Sam Planrow", "plan": "content/plans/shared.yaml"}])
    code, out, err = finish(pdfgen("batch", "p.csv", "--jobs", "1", cwd=demo))
    assert code == 1, (out, err)
    rows = report(demo / "out/p")
    assert [row["status"] for row in rows] == ["failed", "built", "built"], rows
    assert rows[0]["error"] == (
        "plan content/plans/example.yaml: it is Jane Example's (its patient:), not Sam "
        "Planrow's: check the row's plan, or take patient: out of the plan to use it for "
        "many patients")
    assert "Prepared for Sam Planrow" in pdf_text(demo / "out/p" / rows[2]["file"])
    assert sorted(f for f in files_in(demo / "out/p") if f.endswith(".pdf")) == [
        "back-pain-level-1-sam-planrow.pdf", "back-pain-level-2-jane-example.pdf"]

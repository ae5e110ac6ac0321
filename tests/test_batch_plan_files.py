"""A patient list's plan column reads plans of the clinic folder only: never a file outside
it (a list uploaded to `pdfgen serve` read /etc/shadow and quoted its first line), never a
device read without end, never a pipe waited on; nor a picture or logo that is a pipe."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from batch_helpers import finish, patients_csv, pdfgen, report


def test_a_rows_plan_outside_the_clinic_folder_is_not_read(demo: Path, tmp_path: Path) -> None:
    secret = tmp_path / "elsewhere" / "p.yaml"
    secret.parent.mkdir()
    secret.write_text("patient: Ana\nlevel: 2\nnote: SECRET NOTE\n", encoding="utf-8")
    (demo / "content/plans/link.yaml").symlink_to(secret)
    plans = [str(secret), "../elsewhere/p.yaml", "content/plans/link.yaml", "/etc/passwd",
             "/dev/zero"]
    rows = [*({"name": "Ana", "level": "", "plan": plan} for plan in plans),
            {"name": "Ana", "level": "2", "plan": ""}]
    patients_csv(demo / "list.csv", rows)

    code, out, err = finish(pdfgen("batch", "list.csv", "--jobs", "1", cwd=demo), timeout=120)

    assert code == 1, (out, err)  # a row failed: the others were made
    rows_said = report(demo / "out/list")
    assert [r["status"] for r in rows_said] == ["failed"] * 5 + ["built"]
    for plan, said in zip(plans, rows_said, strict=False):
        assert said["error"] == (f"plan: '{plan}' is outside the clinic folder demo-clinic/; "
                                 "a row's plan is a file in it, like content/plans/jane.yaml")
    assert "SECRET" not in out + err and "root:" not in out + err
    made = sorted(name for name in os.listdir(demo / "out/list") if not name.startswith("."))
    assert made == ["back-pain-level-2-ana.pdf", "batch-report.csv"]


@pytest.mark.parametrize("kind", ["pipe", "device"])
def test_a_content_file_that_is_no_file_is_said_not_waited_on(demo: Path, kind: str) -> None:
    squat = demo / "content/exercises/squat.yaml"
    squat.unlink()
    if kind == "pipe":
        os.mkfifo(squat)
    else:
        squat.symlink_to("/dev/zero")  # (the clinic folder's link rule refuses it first)
    code, out, err = finish(pdfgen("handout", "--level", "2", cwd=demo), timeout=60)
    assert code == 2, (out, err)
    assert err == ("error: content/exercises/squat.yaml: " + (
        "not a file (a device or a pipe)" if kind == "pipe" else
        "is a symbolic link to a file outside the clinic folder; copy the file into the "
        "folder instead") + "\n")
    assert not (demo / "out").exists()


@pytest.mark.parametrize("named", ["picture", "logo"])
def test_a_picture_that_is_a_pipe_is_said_not_waited_on(demo: Path, named: str) -> None:
    # (It was "file not found" of a file the clinic could see in its folder.)
    os.mkfifo(demo / "content/images/squat.png")
    if named == "picture":
        file, old, new = "exercises/squat.yaml", "  - figure: {pose: standing}\n", \
            "  - file: images/squat.png\n"
        where = "exercises/squat.yaml:38: pictures[1].file"
    else:
        file, old, new = "clinic.toml", 'logo = "images/logo.svg"', 'logo = "images/squat.png"'
        where = "clinic.toml:29: logo"
    text = (demo / "content" / file).read_text(encoding="utf-8")
    assert old in text
    (demo / "content" / file).write_text(text.replace(old, new, 1), encoding="utf-8")
    for command in (["handout", "--level", "2"], ["check"]):
        code, out, err = finish(pdfgen(*command, cwd=demo), timeout=60)
        assert code == 2, (command, out, err)
        assert (f"error: content/{where}: not a file (a device or a pipe): "
                "content/images/squat.png\n") in out + err, (out, err)
        assert "Traceback" not in out + err
    assert not (demo / "out").exists()

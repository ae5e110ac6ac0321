"""A killed, interrupted or full-disk `pdfgen batch` leaves whole files and resumes."""

from __future__ import annotations

import re
import signal
import time
from pathlib import Path

from batch_helpers import finish, patients_csv, pdfgen, report
from conftest import files_in, run

from pdfgen.content.project import Project
from pdfgen.deliver.batch import run_batch


def test_an_interrupted_batch_leaves_whole_files_and_resumes(demo: Path) -> None:
    rows = [{"name": f"Patient {i}", "level": "2"} for i in range(6)]
    patients = patients_csv(demo / "p.csv", rows)
    project = Project(root=demo, out_dir=demo / "out")
    seen = []

    def stop_after_two(outcome, left) -> None:
        seen.append(outcome)
        if len(seen) == 2:
            raise KeyboardInterrupt

    summary = run_batch(project, patients, demo / "out", "build", 1, stop_after_two)
    assert summary.interrupted and summary.not_done == 4
    pdfs = [f for f in files_in(demo / "out") if f.endswith(".pdf")]
    assert len(pdfs) == 2
    assert not [f for f in files_in(demo / "out") if f.endswith(".part")]
    statuses = [line["status"] for line in report(demo / "out")]
    assert statuses.count("built") == 2 and statuses.count("not done") == 4
    result = run("batch", str(patients), "--jobs", "2", "--output", "out", cwd=demo)
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1].startswith("4 built, 2 already up to date, 0 failed")


def test_a_build_killed_with_kill_9_resumes_and_leaves_no_part_files(demo: Path) -> None:
    rows = [{"name": f"Patient {i}", "level": "2", "date": "2026-11-24"} for i in range(12)]
    patients_csv(demo / "p.csv", rows)
    first = pdfgen("batch", "p.csv", "--jobs", "1", cwd=demo)
    out = demo / "out/p"
    deadline = time.monotonic() + 60
    while len([f for f in files_in(out) if f.endswith(".pdf")]) < 3:
        assert time.monotonic() < deadline and first.poll() is None
        time.sleep(0.02)
    first.send_signal(signal.SIGKILL)
    assert finish(first)[0] == -9
    built = {f: (out / f).read_bytes() for f in files_in(out) if f.endswith(".pdf")}
    # What kill -9 leaves when it lands during a write (a rename never happened).
    (out / ".back-pain-level-2-patient-11.pdf.x1y2.part").write_bytes(b"%PDF-1.4 half")
    code, stdout, err = finish(pdfgen("batch", "p.csv", "--jobs", "1", cwd=demo))
    assert code == 0, (stdout, err)
    done, skipped = re.match(r"(\d+) built, (\d+) already up to date, 0 failed",
                             stdout.splitlines()[-1]).groups()
    assert int(skipped) >= len(built) - 1 and int(done) + int(skipped) == 12
    assert not [f for f in files_in(demo / "out") if f.endswith(".part")]
    assert len([f for f in files_in(out) if f.endswith(".pdf")]) == 12


def test_a_full_disk_stops_the_batch_in_one_line_keeping_what_is_done(demo: Path) -> None:
    # A file-size limit between the sizes of this list's level 1 and level 2 handouts lets
    # the first rows be written and makes the fourth fail as a full disk would (EFBIG).
    rows = [{"name": f"Patient {i}", "level": "2" if i == 3 else "1", "date": "2026-11-24"}
            for i in range(6)]
    sizes = []
    for level, name in (("1", "Patient 5"), ("2", "Patient 3")):
        made = run("handout", "--level", level, "--patient", name, "--date", "2026-11-24",
                   "--output", f"size-{level}.pdf", cwd=demo)
        assert made.exit_code == 0, made.output
        sizes.append((demo / f"size-{level}.pdf").stat().st_size)
    assert sizes[0] + 200 < sizes[1], sizes
    patients_csv(demo / "p.csv", rows)
    code, out, err = finish(pdfgen("batch", "p.csv", "--jobs", "1", cwd=demo,
                                   fsize=(sizes[0] + sizes[1]) // 2))
    assert code == 2, (out, err)
    assert err == ("error: out/p: cannot write back-pain-level-2-patient-3.pdf (File "
                   "too large); the batch stopped, the 3 handout(s) done are kept and listed "
                   "in batch-report.csv; make room (or fix the folder) and run the same "
                   "command again\n")
    out_dir = demo / "out/p"
    assert sorted(f for f in files_in(out_dir) if f.endswith(".pdf")) == [
        f"back-pain-level-1-patient-{i}.pdf" for i in range(3)]
    assert not [f for f in files_in(demo / "out") if f.endswith(".part")]
    assert [line["status"] for line in report(out_dir)] == [
        "built", "built", "built", "failed", "not done", "not done"]
    code, out, err = finish(pdfgen("batch", "p.csv", "--jobs", "1", cwd=demo))
    assert code == 0, (out, err)
    assert out.splitlines()[-1].startswith("3 built, 3 already up to date, 0 failed (")


def test_a_file_where_the_batch_folder_goes_is_one_line(demo: Path) -> None:
    patients_csv(demo / "p.csv", [{"name": "Ana", "level": "2"}])
    (demo / "out").mkdir()
    (demo / "out/p").write_text("not a folder")
    code, out, err = finish(pdfgen("batch", "p.csv", cwd=demo))
    assert (code, out, err) == (2, "", "error: out/p: is a file, expected a folder for the "
                                       "batch's handouts\n")


def test_a_re_run_with_nothing_to_do_gives_no_rate(demo: Path) -> None:
    patients = patients_csv(demo / "p.csv", [{"name": "Ana", "level": "2"}])
    assert run("batch", str(patients), cwd=demo).exit_code == 0
    again = run("batch", str(patients), cwd=demo)
    assert again.stdout.splitlines()[-1] == ("0 built, 1 already up to date, 0 failed; "
                                             "report: out/p/batch-report.csv")


def test_a_handout_emptied_or_cut_short_since_is_built_again(demo: Path) -> None:
    # An emptied file was counted "already up to date", and stayed empty.
    patients_csv(demo / "p.csv", [{"name": "Ana Ruiz", "level": "2"},
                                  {"name": "Bo Lee", "level": "1"},
                                  {"name": "Cy Tan", "level": "2"}])
    assert run("batch", "p.csv", "--jobs", "1", cwd=demo).exit_code == 0
    folder = demo / "out/p"
    whole = (folder / "back-pain-level-2-ana-ruiz.pdf").read_bytes()
    (folder / "back-pain-level-2-ana-ruiz.pdf").write_bytes(b"")
    (folder / "back-pain-level-1-bo-lee.pdf").write_bytes(whole[: len(whole) // 2])
    again = run("batch", "p.csv", "--jobs", "1", cwd=demo)
    assert again.exit_code == 0, again.output
    assert again.stdout.splitlines()[-1].startswith("2 built, 1 already up to date, 0 failed")
    assert (folder / "back-pain-level-2-ana-ruiz.pdf").read_bytes() == whole
    assert (folder / "back-pain-level-1-bo-lee.pdf").read_bytes().startswith(b"%PDF-")


def test_a_row_without_a_level_is_told_in_the_lists_words(demo: Path) -> None:
    patients_csv(demo / "p.csv", [{"name": "Ana Ruiz", "level": ""}])
    result = run("batch", "p.csv", "--jobs", "1", cwd=demo)
    assert result.exit_code == 1
    assert report(demo / "out/p")[0]["error"] == (
        "level is needed (or a plan that names a level or exercises)")  # (not "--plan")

"""The command line is read in pdfgen's words; a mistake on it is one line, before any work."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pypdf
import pytest
from cli_helpers import A4, page_size
from conftest import files_in, run, succeeds

from pdfgen import __version__


def test_a_command_runs_with_every_other_command_still_there(
        capsys: pytest.CaptureFixture[str]) -> None:
    """A command line naming a command has that command alone made (Typer makes each one's
    options each run), and the app has them all again after, for the next run."""
    from pdfgen.cli import app

    everything = [info.name for info in app.app.registered_commands]
    assert app.run(["list", "--help"]) == 0
    assert "Usage: pdfgen list" in capsys.readouterr().out
    assert [info.name for info in app.app.registered_commands] == everything
    assert app.run(["--help"]) == 0
    listed = capsys.readouterr().out
    assert all(f"  {name} " in listed for name in everything if name), listed


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--output", "missing/h.pdf"], "error: --output missing/h.pdf: the folder missing "
         "does not exist"),
        (["--output", "h.txt"], "error: --output h.txt: expected a file name ending in .pdf"),
        (["--output", "out"], "error: --output out: is a folder, expected a file name ending "
         "in .pdf"),
        (["--date", "2026-02-30"], "error: --date 2026-02-30: there is no such day"),
        (["--date", "24/11/2026"], "error: --date 24/11/2026: expected YYYY-MM-DD, for example "
         "2026-11-24"),
        (["--level", "0"], "error: --level 0: no such level for back-pain (known: 1, 2)"),
    ],
)
def test_bad_options_fail_before_any_work(demo: Path, args: list[str], message: str) -> None:
    (demo / "out").mkdir()
    before = files_in(demo)
    level = [] if "--level" in args else ["--level", "2"]  # (given twice is its own mistake)
    result = run("handout", *level, *args, cwd=demo)
    assert (result.exit_code, result.stderr) == (2, message + "\n")
    assert files_in(demo) == before
    assert files_in(demo / "out") == []
    assert not (demo / "missing").exists()


def test_paper_is_case_insensitive_and_h_is_help(demo: Path) -> None:
    result = run("handout", "--level", "2", "--paper", "A4", cwd=demo)
    assert result.exception is None, result.output
    assert page_size(demo / "out" / "back-pain-level-2.pdf") == A4
    assert run("handout", "-h", cwd=demo).stdout.startswith("Usage: pdfgen handout")


def test_version_and_help() -> None:
    here = Path.cwd()
    assert run("--version", cwd=here).stdout == f"pdfgen {__version__}\n"
    for command in ([], ["handout"], ["list"]):
        result = run(*command, "--help", cwd=here)
        assert result.exit_code == 0
        assert "Usage: pdfgen" in result.stdout
        assert "Example: pdfgen" in result.stdout


def test_the_installed_command_runs_as_a_process(tmp_path: Path) -> None:
    # Not in-process: the real entry point, as the README's first command runs it.
    proc = subprocess.run(
        [sys.executable, "-m", "pdfgen", "handout", "--level", "2"],
        cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("out/back-pain-level-2.pdf  (")
    assert (tmp_path / "out" / "back-pain-level-2.pdf").stat().st_size > 10_000


@pytest.mark.parametrize(("args", "message"), [
    (["handout", "--level", "two"], "error: --level: expected a whole number, got 'two'"),
    (["handout", "--level", "2", "--paper", "legal"],
     "error: --paper: expected letter or a4, got 'legal'"),
    (["handout", "--level", "2", "--log", "four"],
     "error: --log: expected a whole number, got 'four'"),
    (["email", "--to", "a@example.com", "--level", "2.5"],
     "error: --level: expected a whole number, got '2.5'"),
    (["preview", "--level", "2", "--page", "0"],
     "error: --page: expected a number of at least 1, got 0"),
    (["batch", "patients.csv", "--jobs", "0"],
     "error: --jobs: expected a number of at least 1, got 0"),
    (["new", "routine", "neck", "--level", "one"],
     "error: --level: expected a whole number, got 'one'"),
    (["handout", "--level", "2", "--print", "--copies", "two"],
     "error: --copies: expected a whole number, got 'two'"),
])
def test_option_values_are_read_in_pdfgens_words(demo: Path, args: list[str],
                                                 message: str) -> None:
    # Before: "Input should be a valid integer…" or "Value error, …" under a usage block.
    proc = subprocess.run([sys.executable, "-m", "pdfgen", *args], cwd=demo,
                          capture_output=True, text=True, timeout=60, check=False)
    assert (proc.returncode, proc.stderr, proc.stdout) == (2, message + "\n", "")
    assert not (demo / "out").exists()
    assert not (demo / "content" / "routines" / "neck").exists()


@pytest.mark.parametrize(("args", "message"), [
    (["handout", "--levle", "2"],
     "error: No such option: --levle (Possible options: --help, --level) (see: pdfgen handout "
     "--help)"),
    (["handotu"], "error: No such command 'handotu'. Did you mean 'handout'? (see: pdfgen "
                  "--help)"),
    (["new", "exercise", "Wall", "Sit"],
     "error: Got unexpected extra argument(s) (Sit) (see: pdfgen new exercise --help)"),
])
def test_a_mistake_on_the_command_line_is_one_line_too(demo: Path, args: list[str],
                                                       message: str) -> None:
    proc = subprocess.run([sys.executable, "-m", "pdfgen", *args], cwd=demo,
                          capture_output=True, text=True, timeout=60, check=False)
    assert (proc.returncode, proc.stderr, proc.stdout) == (2, message + "\n", "")


def test_a_preview_of_a_page_the_handout_does_not_have_writes_nothing(demo: Path) -> None:
    made = run("handout", "--level", "2", "--output", str(demo / "count.pdf"), cwd=demo)
    assert made.exit_code == 0, made.output
    pages = len(pypdf.PdfReader(demo / "count.pdf").pages)
    result = run("preview", "--level", "2", "--page", "9", cwd=demo)
    assert result.exit_code == 2
    assert result.stderr == f"error: --page 9: the handout has pages 1 to {pages}\n"
    assert not (demo / "out").exists() or files_in(demo / "out") == []


def test_a_preview_leaves_no_picture_of_a_page_the_handout_no_longer_has(demo: Path) -> None:
    # With a log, 6 pages; without, 4: the old pages 5 and 6 stayed beside them.
    succeeds(run("preview", "--level", "2", "--patient", "Ann Lee", "--log", "8", cwd=demo))
    five = sorted(p for p in files_in(demo / "out") if p.endswith(".png"))
    succeeds(run("preview", "--level", "2", "--patient", "Ann Lee", cwd=demo))
    four = sorted(p for p in files_in(demo / "out") if p.endswith(".png"))
    assert len(five) == 6
    assert four == [f"back-pain-level-2-ann-lee-page-{n}.png" for n in range(1, 5)]


@pytest.mark.parametrize(("args", "said"), [
    (["handout", "--level", "2", "--project", "content/clinic.toml"],
     "--project content/clinic.toml: is a file, expected a clinic folder"),
    (["serve", "--project", "content/clinic.toml"],
     "--project content/clinic.toml: is a file, expected a clinic folder"),
    (["schema", "-o", "content/clinic.toml"],
     "content/clinic.toml: is a file; a folder is needed there"),
])
def test_a_file_given_for_a_folder_is_said_in_pdfgens_words(demo: Path, args: list[str],
                                                           said: str) -> None:
    # (Click's "Invalid value for '--project': dir '…' is a file." before.)
    result = run(*args, cwd=demo)
    assert result.exit_code == 2, result.output
    assert result.stderr == f"error: {said}\n"

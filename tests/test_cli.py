"""End-to-end: the `pdfgen` command on real clinic folders, read back from the PDF."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest
import yaml
from conftest import REPO, files_in, page_texts, pdf_fonts, pdf_text, run, succeeds

from pdfgen import __version__


def current_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


LETTER = (612, 792)
A4 = (595.28, 841.89)


def page_size(path: Path) -> tuple[float, float]:
    box = pypdf.PdfReader(path).pages[0].mediabox
    return round(float(box.width), 2), round(float(box.height), 2)


def test_level_2_is_written_with_path_pages_and_size(demo: Path) -> None:
    result = run("handout", "--level", "2", "--date", "2026-11-24", cwd=demo)
    assert result.exception is None, result.output
    out = demo / "out" / "back-pain-level-2.pdf"
    assert out.is_file()
    pages = len(pypdf.PdfReader(out).pages)
    assert result.stdout.strip() == (
        f"out/back-pain-level-2.pdf  ({pages} pages, {out.stat().st_size / 1024:.0f} KB)"
    )
    assert page_size(out) == LETTER  # the demo clinic prints on Letter


def content_strings(data: object) -> list[str]:
    """Every string in a YAML/TOML document, except file names, figures (drawn, not
    printed) and templated strings."""
    if isinstance(data, str):
        return [] if "{{" in data else [data]
    if isinstance(data, dict):
        skip = ("logo", "paper", "language", "country", "file", "figure", "movement")
        return [s for k, v in data.items() if k not in skip for s in content_strings(v)]
    if isinstance(data, list):
        return [s for v in data for s in content_strings(v)]
    return []


@pytest.mark.parametrize("level", [1, 2])
def test_every_content_string_is_in_the_pdf(demo: Path, level: int) -> None:
    result = run("handout", "--level", str(level), cwd=demo)
    assert result.exception is None, result.output
    text = pdf_text(demo / "out" / f"back-pain-level-{level}.pdf")
    routine = yaml.safe_load((demo / f"content/routines/back-pain/level-{level}.yaml").read_text())
    strings = content_strings({k: v for k, v in routine.items() if k != "exercises"})
    for slug in routine["exercises"]:
        exercise = yaml.safe_load((demo / f"content/exercises/{slug}.yaml").read_text())
        strings += content_strings({k: v for k, v in exercise.items() if k != "dose"})
    import tomllib

    clinic = tomllib.loads((demo / "content/clinic.toml").read_text())
    strings += content_strings({k: v for k, v in clinic.items() if k not in ("brand", "website")})
    assert len(strings) > 30
    missing = [s for s in strings if " ".join(s.split()) not in text]
    assert missing == []
    # Templated strings come out rendered.
    assert "Doctor of Chiropractic (DC)" in text
    assert "www.example.com" in text  # the website, shown without https://
    if level == 2:
        assert "and tell Dr. Mike Sebastian." in text  # {{ clinic.clinician }} in a tip
        assert "2 sets of 10 · 3 days a week" in text  # a dose from the exercise file


def test_every_page_has_the_footer_with_page_x_of_y(demo: Path) -> None:
    succeeds(run("handout", "--level", "2", cwd=demo))
    pages = page_texts(demo / "out" / "back-pain-level-2.pdf")
    assert len(pages) >= 2
    for number, text in enumerate(pages, 1):
        assert f"Page {number} of {len(pages)}" in text
        assert "Mangrove Bay Chiropractic · (813) 555-0142" in text


@pytest.mark.parametrize("pictures", [True, False])
def test_cards_stay_whole_or_continue_between_sections(demo: Path, pictures: bool) -> None:
    if not pictures:  # without pictures every card of the demo fits on one page
        for path in (demo / "content/exercises").glob("*.yaml"):  # and their translations
            path.write_text(path.read_text().split("\n# Pictures:")[0] + "\n")
    succeeds(run("handout", "--level", "2", cwd=demo))
    pages = page_texts(demo / "out" / "back-pain-level-2.pdf")
    steps = {
        "Squat": ("Stand up straight.", "Push back up to standing."),
        "Lunge": ("Stand up straight.", "Squeeze your glutes as you rise."),
        "Kettlebell Swing": ("Hold the kettlebell", "between your knees. Then swing again."),
    }
    for name, (first, last) in steps.items():
        # A card starts with its name, then its dose (beside the name, or under it) or,
        # with no dose, what it is.
        starts = [i for i, text in enumerate(pages) if re.search(rf"{name} (Sets|The) ", text)]
        assert len(starts) == 1, name
        continued = [i for i, text in enumerate(pages) if f"{name} (continued)" in text]
        card = [starts[0], *continued]
        assert card == list(range(starts[0], starts[0] + len(card))), name
        if not pictures:
            assert continued == [], name
        # The numbered steps are never split between two pages.
        holding = [i for i in card if last in pages[i]]
        assert len(holding) == 1 and first in pages[holding[0]].split(name, 1)[-1], name


@pytest.mark.parametrize(("paper", "size"), [("letter", LETTER), ("a4", A4)])
def test_paper_option_sets_the_page_size(demo: Path, paper: str, size: tuple) -> None:
    result = run("handout", "--level", "2", "--paper", paper, cwd=demo)
    assert result.exception is None, result.output
    assert page_size(demo / "out" / "back-pain-level-2.pdf") == size


def test_fonts_are_embedded_and_subset(demo: Path) -> None:
    succeeds(run("handout", "--level", "2", "--patient", "Ελένη Жанна", cwd=demo))
    fonts = pdf_fonts(demo / "out" / "back-pain-level-2-eleni-zhanna.pdf")
    drawing = {name: embedded for name, embedded in fonts.items() if "+" in name}
    names = {name.split("+", 1)[1] for name in drawing}
    assert {"AtkinsonHyperlegible-Regular", "AtkinsonHyperlegible-Bold", "DejaVuSans"} <= names
    assert all(drawing.values())
    # ReportLab lists Helvetica in its page resources without drawing with it (REFERENCE.md);
    # every other font must be an embedded subset.
    assert set(fonts) - set(drawing) <= {"/Helvetica"}


def test_metadata_names_the_routine_the_clinic_and_the_language(demo: Path) -> None:
    succeeds(run("handout", "--level", "2", "--patient", "Jo Smith", cwd=demo))
    reader = pypdf.PdfReader(demo / "out" / "back-pain-level-2-jo-smith.pdf")
    meta = reader.metadata
    assert meta.title == "3 Best Exercises for Back Pain · Back pain · Level 2"
    assert meta.author == "Mangrove Bay Chiropractic"
    assert meta.subject == "Exercise handout from Mangrove Bay Chiropractic"
    assert reader.trailer["/Root"]["/Lang"] == "en-US"
    # The patient's name stays out of the metadata (HIPAA: names out of what is indexed).
    assert "Jo Smith" not in str(dict(meta))


def test_two_runs_give_identical_bytes(demo: Path, tmp_path: Path) -> None:
    args = ("handout", "--level", "2", "--patient", "Zoë", "--date", "2026-01-05")
    succeeds(run(*args, "--output", str(tmp_path / "a.pdf"), cwd=demo))
    succeeds(run(*args, "--output", str(tmp_path / "b.pdf"), cwd=demo))
    assert (tmp_path / "a.pdf").read_bytes() == (tmp_path / "b.pdf").read_bytes()


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
    ("name", "slug"),
    [
        ("Zoë Łódź-Müller", "zoe-lodz-muller"),
        ('<Bob> & "Al" O\'Neil', "bob-al-o-neil"),
        ("Ελένη", "eleni"),
        ("Жанна Иванова", "zhanna-ivanova"),
    ],
)
def test_patient_name_comes_out_intact(demo: Path, name: str, slug: str) -> None:
    result = run("handout", "--level", "2", "--patient", name, "--date", "2026-03-09", cwd=demo)
    assert result.exception is None, result.output
    out = demo / "out" / f"back-pain-level-2-{slug}.pdf"
    assert f"Prepared for {name} on March 9, 2026" in pdf_text(out)


def test_output_option_writes_where_asked(demo: Path, tmp_path: Path) -> None:
    (tmp_path / "folder").mkdir()
    target = tmp_path / "folder" / "handout.pdf"
    result = run("handout", "--level", "1", "--output", str(target), cwd=demo)
    assert result.exception is None, result.output
    assert target.is_file()
    assert files_in(demo / "out") == []
    assert "Plank and Bird Dog" in pdf_text(target)


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
    result = run("handout", "--level", "2", *args, cwd=demo)
    assert (result.exit_code, result.stderr) == (2, message + "\n")
    assert files_in(demo) == before
    assert files_in(demo / "out") == []
    assert not (demo / "missing").exists()


def test_paper_is_case_insensitive_and_h_is_help(demo: Path) -> None:
    result = run("handout", "--level", "2", "--paper", "A4", cwd=demo)
    assert result.exception is None, result.output
    assert page_size(demo / "out" / "back-pain-level-2.pdf") == A4
    assert run("handout", "-h", cwd=demo).stdout.startswith("Usage: pdfgen handout")


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
    assert "repeat 5 times · hold 5 seconds · twice a day" in text
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

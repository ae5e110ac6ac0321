"""A clinic of its own: `pdfgen init`, template overrides, `pdfgen preview`, help."""

from __future__ import annotations

import os
import sys
import tomllib
from pathlib import Path

import pytest
from conftest import files_in, pdf_text, run, succeeds
from init_helpers import SOL
from PIL import Image

from pdfgen.clinic.preview import viewer_command


def sol_logo(folder: Path) -> Path:
    logo = folder / "sol.png"
    image = Image.new("RGBA", (400, 200), (0, 0, 0, 0))
    image.paste((122, 46, 14, 255), (20, 20, 380, 180))
    image.save(logo)
    return logo


def test_init_with_options_makes_a_clinic_that_prints_in_its_brand(tmp_path: Path) -> None:
    logo = sol_logo(tmp_path)
    result = run("init", "sol", *SOL, "--logo", str(logo), "--yes", cwd=tmp_path)
    assert result.exception is None, result.output
    assert result.stdout.splitlines()[-1] == "Next: cd sol && pdfgen handout --level 2"
    assert result.stdout.splitlines()[-2].startswith(
        "Before a patient gets a handout: read the exercises and routines in content/")
    sol = tmp_path / "sol"
    clinic = tomllib.loads((sol / "content/clinic.toml").read_text())
    assert (clinic["name"], clinic["paper"], clinic["brand"]["primary"]) == (
        "Clínica Sol", "a4", "#7A2E0E")
    assert clinic["logo"] == "images/logo.png" and (sol / "content/images/logo.png").is_file()
    assert (sol / "templates/README.md").is_file() and (sol / "out").is_dir()
    # The demo's 6 and the starter library's 14, each in Spanish too.
    assert len(list((sol / "content/exercises").glob("*.yaml"))) == 40
    assert not (sol / "content/images/logo.svg").exists()  # not the demo's logo

    assert run("check", "--strict", cwd=sol).exit_code == 0
    result = run("handout", "--level", "2", cwd=sol)
    assert result.exception is None, result.output
    text = pdf_text(sol / "out/back-pain-level-2.pdf")
    assert text.startswith("Clínica Sol Ana Ruiz · +34 555 010 203")
    assert "Mangrove" not in text

def test_init_writes_a_colour_typed_with_a_space_after_it_without_the_space(
        tmp_path: Path) -> None:
    args = [a if a != "#7A2E0E" else "#7A2E0E " for a in SOL]
    result = run("init", "sol", *args, "--yes", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    brand = tomllib.loads((tmp_path / "sol/content/clinic.toml").read_text())["brand"]
    assert (brand["primary"], brand["accent"]) == ("#7A2E0E", "#7A2E0E")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--yes"], "error: --clinic is needed with --yes"),
        ([*SOL[:6], "--color", "#FFFF00", "--yes"],
         "error: --color: #FFFF00 is too light to read on white paper (contrast 1.1:1, needs "
         "at least 4.5:1); choose a darker colour"),
        ([*SOL, "--email", "nope", "--yes"],
         "error: --email: expected an e-mail address like 'name@example.com', got 'nope'"),
        ([*SOL, "--logo", "missing.png", "--yes"], "error: --logo missing.png: no such file"),
        ([*SOL, "--logo", ".", "--yes"],  # (a folder: "no such file" was wrong)
         "error: --logo .: is a folder, expected the logo's file"),
    ],
)
def test_init_refuses_bad_answers(tmp_path: Path, args: list[str], message: str) -> None:
    result = run("init", "sol", *args, cwd=tmp_path)
    assert (result.exit_code, result.stderr) == (2, message + "\n")
    assert files_in(tmp_path) == []


def test_init_never_overwrites_a_clinic_folder(tmp_path: Path, demo: Path) -> None:
    before = files_in(demo)
    result = run("init", str(demo), *SOL, "--yes", cwd=tmp_path)
    assert result.exit_code == 2
    assert "pdfgen never overwrites a clinic folder" in result.stderr
    assert files_in(demo) == before
    # Said first: not after questions asked for nothing, nor instead of a missing option.
    bare = run("init", str(demo), "--clinic", "X", "--yes", cwd=tmp_path)
    assert bare.exit_code == 2, bare.output
    assert bare.stderr.endswith("the folder exists and is not empty; pdfgen never overwrites "
                                "a clinic folder\n"), bare.stderr
    from conftest import working_directory
    from typer.testing import CliRunner

    from pdfgen.cli.app import app

    with working_directory(tmp_path):
        asked = CliRunner().invoke(app, ["init", str(demo)], input="Sol\n")
    assert asked.exit_code == 2 and "Clinic name" not in asked.output, asked.output


def test_a_template_override_changes_the_footer(demo: Path) -> None:
    result = run("templates", "--copy", "footer.j2", cwd=demo)
    assert result.stdout == "templates/footer.j2  (edit it; it now replaces the built-in one)\n"
    footer = demo / "templates/footer.j2"
    footer.write_text(footer.read_text().replace("{{ clinic.name }} · {{ clinic.phone }}",
                                                 "Book online or call {{ clinic.phone }}"))
    listing = run("templates", cwd=demo).stdout
    assert "footer.j2        overridden by templates/footer.j2" in listing
    assert "disclaimer.j2    built-in" in listing
    succeeds(run("handout", "--level", "2", cwd=demo))
    assert "Book online or call (813) 555-0142 Page 1 of" in pdf_text(
        demo / "out/back-pain-level-2.pdf")
    again = run("templates", "--copy", "footer.j2", cwd=demo)
    assert again.exit_code == 2 and "never overwrites" in again.stderr
    unknown = run("templates", "--copy", "nope.j2", cwd=demo)
    assert unknown.exit_code == 2 and unknown.stderr.startswith(
        "error: --copy nope.j2: no such template (known: card.j2,")


def test_preview_writes_pngs_of_the_pages(demo: Path) -> None:
    result = run("preview", "--level", "2", "--page", "1", cwd=demo)
    assert result.exception is None, result.output
    assert result.stdout == "out/back-pain-level-2-page-1.png\n"
    image = Image.open(demo / "out/back-pain-level-2-page-1.png")
    assert image.size == (round(8.5 * 110), (11 * 110))  # Letter at 110 dpi
    result = run("preview", "--level", "1", cwd=demo)
    assert len(result.stdout.splitlines()) >= 4
    result = run("preview", "--level", "2", "--page", "99", cwd=demo)
    assert result.exit_code == 2 and "--page 99: the handout has pages 1 to" in result.stderr


def test_preview_never_replaces_a_saved_handout(demo: Path) -> None:
    """(Jane's plan handout, with her notes and log, was replaced by a plain Level 2 one
    when her level 2 was previewed: the two have one name.) A preview writes its pictures
    and nothing else, unless the PDF is to be opened or printed."""
    succeeds(run("handout", "--plan", "content/plans/example.yaml", cwd=demo))
    plan = demo / "out" / "back-pain-level-2-jane-example.pdf"
    saved = plan.read_bytes()
    before = files_in(demo)
    result = run("preview", "--level", "2", "--patient", "Jane Example", "--page", "1",
                 cwd=demo)
    assert (result.exit_code, result.stdout) == (0, "out/back-pain-level-2-jane-example-"
                                                    "page-1.png\n"), result.output
    assert plan.read_bytes() == saved
    assert set(files_in(demo)) - set(before) == {"out/back-pain-level-2-jane-example-page-1.png"}


def test_a_preview_to_open_says_it_saved_the_pdf(demo: Path, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """(`--open` saved the PDF, perhaps over a patient's of that name, and said nothing of
    it.) With no viewer, a note says so; the pictures and the PDF are there."""
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    result = run("preview", "--level", "2", "--page", "1", "--open", cwd=demo)
    assert result.exit_code == 0, result.output
    assert result.stdout == ("out/back-pain-level-2.pdf  (4 pages, saved to open)\n"
                             "out/back-pain-level-2-page-1.png\n")
    assert result.stderr.startswith("note: --open: no PDF viewer found (xdg-open is not "
                                    "installed)"), result.stderr
    assert (demo / "out/back-pain-level-2.pdf").is_file()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="xdg-open is Linux's")
def test_a_preview_to_open_with_no_screen_says_so(demo: Path, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Over SSH, xdg-open opened nothing and said nothing: "saved to open", and no more."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    opener = bin_dir / "xdg-open"
    opener.write_text(f"#!/bin/sh\ntouch {tmp_path / 'opened'}\n", encoding="utf-8")
    opener.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    result = run("preview", "--level", "2", "--page", "1", "--open", cwd=demo)
    assert result.exit_code == 0, result.output
    assert result.stderr == ("note: --open: no screen to open a viewer on (a remote "
                             "session?); the handout is out/back-pain-level-2.pdf\n")
    assert not (tmp_path / "opened").exists()


def test_the_viewer_is_the_systems_own() -> None:
    pdf = Path("out/h.pdf")
    assert viewer_command(pdf, "linux") == ["xdg-open", "out/h.pdf"]
    assert viewer_command(pdf, "darwin") == ["open", "out/h.pdf"]
    assert viewer_command(pdf, "win32") is None  # os.startfile


def test_every_command_has_help_with_an_example() -> None:
    from pdfgen.cli.app import app

    here = Path.cwd()
    commands = ["handout", "email", "batch", "list", "check", "schema", "templates", "init",
                "preview", "new exercise", "new routine", "printers", "serve", "figures"]
    for command in commands:
        result = run(*command.split(), "--help", cwd=here)
        assert result.exit_code == 0, command
        assert "Example: pdfgen" in result.stdout, command
        # Each option's value named in words (init's were Typer's types: "--address
        # <list[str]>", "--phone <str>").
        options = [line for line in result.stdout.splitlines() if line.lstrip().startswith("-")]
        assert options and not [line for line in options if "<" in line], (command, options)
    assert {c.name or c.callback.__name__ for c in app.registered_commands} >= {
        "handout", "email", "batch", "check", "init", "preview", "templates", "schema"}


def test_a_new_clinic_s_safety_note_names_no_one_kind_of_pain(tmp_path: Path) -> None:
    """It prints on every routine the clinic writes: the demo's "If you have back pain"
    printed on a new clinic's hip routine, in English and in Spanish."""
    assert succeeds(run("init", "sol", *SOL, "--yes", cwd=tmp_path))
    sol = tmp_path / "sol"
    clinic = tomllib.loads((sol / "content/clinic.toml").read_text())
    assert clinic["disclaimer"].startswith("If you have pain or other symptoms, have a health")
    spanish = tomllib.loads((sol / "content/clinic.es.toml").read_text())
    assert spanish["disclaimer"].startswith("Si tiene dolor u otros síntomas, consulte")
    checked = run("check", cwd=sol)
    assert checked.exit_code == 0 and "clinic.es.toml" not in checked.stdout, checked.stdout
    for language in ("en", "es"):
        made = run("handout", "--level", "2", "--language", language, "-o", f"{language}.pdf",
                   cwd=sol)
        assert made.exit_code == 0, made.output
        words = " ".join(pdf_text(sol / f"{language}.pdf").split())
        assert "back pain or other" not in words and "espalda u otros" not in words
        assert ("If you have pain or other symptoms" if language == "en"
                else "Si tiene dolor u otros síntomas") in words


def test_init_never_makes_a_clinic_inside_another(tmp_path: Path) -> None:
    """`pdfgen init riverbend` run inside riverbend/ made riverbend/riverbend, without a
    word (a new clinic's try-out); beside it, or from pdfgen's demo, as the README does, it
    is made."""
    succeeds(run("init", "riverbend", *SOL, "--yes", cwd=tmp_path))
    inside = tmp_path / "riverbend"
    before = files_in(inside)
    result = run("init", "riverbend", *SOL, "--yes", cwd=inside / "content")
    assert (result.exit_code, result.stderr) == (2, (
        "error: riverbend: inside the clinic folder riverbend/; make a new clinic beside "
        "it, not in it (cd .. first)\n"))
    assert files_in(inside) == before  # nothing half-written
    succeeds(run("init", "../../lakeside", *SOL, "--yes", cwd=inside / "content"))
    assert (tmp_path / "lakeside" / "content" / "clinic.toml").is_file()

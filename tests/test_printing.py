"""`pdfgen print` sends the handout to the printer chosen, as the clinic's print table says."""

from __future__ import annotations

import os
import pwd
import shutil
import time
from pathlib import Path

import cups_scheduler
import pypdf
import pytest
from conftest import REPO
from cups_scheduler import Scheduler, needs_cups, run

cups = cups_scheduler.cups  # pytest finds fixtures by name in the module


@needs_cups
def test_a_handout_goes_two_sided_on_letter_to_the_default_printer(demo: Path,
                                                                    cups: Scheduler) -> None:
    cups.add("front-desk", default=True)
    code, out, err = run(demo, cups.env, "handout", "--level", "2", "--print")
    assert code == 0, (out, err, cups.log())
    assert out.splitlines()[-1] == ("Printed on front-desk (two-sided, Letter, 1 copy): job "
                                    "front-desk-1")
    assert cups.page_log(1) == [["front-desk", "1", "1", "Letter", "two-sided-long-edge",
                                 "Exercise handout"]]
    assert cups.documents() == [(demo / "out/back-pain-level-2.pdf").read_bytes()]


@needs_cups
def test_clinic_toml_and_options_choose_printer_copies_sides(minimal: Path,
                                                             cups: Scheduler) -> None:
    cups.add("front-desk", default=True)
    cups.add("office")
    clinic = minimal / "content/clinic.toml"  # an A4 clinic
    clinic.write_text(clinic.read_text() + '\n[print]\nprinter = "office"\ncopies = 2\n'
                      'sides = "one-sided"\n')
    code, out, err = run(minimal, cups.env, "handout", "--level", "1", "--print")
    assert code == 0, (out, err)
    assert out.splitlines()[-1] == "Printed on office (one-sided, A4, 2 copies): job office-1"
    code, out, err = run(minimal, cups.env, "preview", "--level", "1", "--page", "1",
                         "--print", "--printer", "front-desk", "--copies", "3", "--two-sided")
    assert code == 0, (out, err)
    assert out.splitlines()[-1] == ("Printed on front-desk (two-sided, A4, 3 copies): job "
                                    "front-desk-2")
    assert [line[:5] for line in cups.page_log(2)] == [
        ["office", "1", "2", "A4", "one-sided"],
        ["front-desk", "2", "3", "A4", "two-sided-long-edge"]]


@needs_cups
def test_printers_are_listed_with_the_default_marked(demo: Path, cups: Scheduler) -> None:
    cups.add("front-desk")
    cups.add("office", default=True)
    cups.add("old-laser")
    cups.tool("cupsdisable", "-r", "toner low", "old-laser")
    code, out, err = run(demo, cups.env, "printers")
    assert (code, err) == (0, ""), (out, err)
    assert out.splitlines() == ["front-desk  ready",
                                "office      ready  (default)",
                                "old-laser   paused (toner low)"]


def test_the_print_table_of_the_guide_and_of_a_new_clinic_is_valid(tmp_path: Path) -> None:
    guide = (REPO / "docs/content.md").read_text(encoding="utf-8")
    example = guide[guide.index("```toml\n[print]"):].split("```")[1].removeprefix("toml\n")
    code, out, err = run(tmp_path, {}, "init", "sol", "--clinic", "Sol", "--clinician", "Ana",
                         "--phone", "555", "--yes")
    assert code == 0, (out, err)
    clinic = tmp_path / "sol/content/clinic.toml"
    text = clinic.read_text(encoding="utf-8")
    commented = text[text.index("# [print]"):]
    assert [line.removeprefix("# ") for line in commented.splitlines()] == (
        example.strip().splitlines())
    for toml in (text + "\n" + example, text.replace(commented, example)):
        clinic.write_text(toml, encoding="utf-8")
        code, out, err = run(tmp_path / "sol", {}, "check")
        assert code == 0, (out, err)


@needs_cups
def test_the_readmes_printing_commands_print(tmp_path: Path, cups: Scheduler) -> None:
    from test_readme import printing, shown_commands

    work = tmp_path / "work"
    shutil.copytree(REPO / "content", work / "content")
    shutil.copytree(REPO / "examples", work / "examples")
    cups.add("front-desk", default=True)
    shown = [args for folder, args in shown_commands() if printing(args)]
    assert len(shown) >= 5 and any("--one-sided" in args for args in shown)
    jobs = 0
    for args in shown:
        code, out, err = run(work, cups.env, *args)
        assert code == 0, (args, out, err)
        jobs += sum(line.startswith("Printed on front-desk") for line in out.splitlines())
        if args[0] == "batch":
            jobs += int(out.splitlines()[-1].split()[0])
    assert jobs >= 6 and len(cups.page_log(jobs)) == jobs
    assert len(cups.documents()) == sum(
        int(line[2]) > 0 for line in cups.page_log(jobs))  # every job, one document each


def test_lp_gets_none_of_pdfgens_secrets(demo: Path, tmp_path: Path) -> None:
    """lp and lpstat, here stand-ins on PATH that answer as CUPS does and write down their
    environment, are started with what printing needs and nothing of pdfgen's settings."""
    bin_dir, seen = tmp_path / "bin", tmp_path / "seen"
    bin_dir.mkdir()
    seen.mkdir()
    answers = {"lpstat": 'case "$1" in -r) echo "scheduler is running";; '
                         '-d) echo "system default destination: desk";; '
                         '-a) echo "desk accepting requests since now";; '
                         '-p) echo "printer desk is idle.  enabled since now";; esac',
               "lp": 'echo "request id is desk-7 (1 file(s))"'}
    for name, answer in answers.items():
        program = bin_dir / name
        program.write_text(f'#!/bin/sh\nenv > "{seen}/{name}-$$"\n{answer}\n')
        program.chmod(0o755)
    env = {"PATH": f"{bin_dir}{os.pathsep}/usr/bin{os.pathsep}/bin",
           "PDFGEN_SMTP_PASSWORD": "s3cret-Pässwort", "PDFGEN_SMTP_USER": "clinic",
           "AWS_SECRET_ACCESS_KEY": "not-for-lp", "CUPS_SERVER": "127.0.0.1:6310",
           "LPDEST": "desk"}
    code, out, err = run(demo, env, "handout", "--level", "2", "--print")
    assert (code, out.splitlines()[-1]) == (
        0, "Printed on desk (two-sided, Letter, 1 copy): job desk-7"), err
    environments = [path.read_text() for path in seen.iterdir()]
    assert any(path.name.startswith("lp-") for path in seen.iterdir())
    for text in environments:
        names = {line.split("=", 1)[0] for line in text.splitlines() if "=" in line}
        assert not {n for n in names if n.startswith("PDFGEN_")}, names
        assert "AWS_SECRET_ACCESS_KEY" not in names
        assert "s3cret" not in text
        assert {"CUPS_SERVER", "LPDEST", "PATH"} <= names
        assert "LC_ALL=C" in text.splitlines()


CUPS_PDF = Path("/usr/lib/cups/backend/cups-pdf")
CUPS_PDF_PPD = Path("/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd")


@needs_cups
@pytest.mark.skipif(not CUPS_PDF.exists() or not CUPS_PDF_PPD.exists(),
                    reason="needs Debian's PDF printer (apt-get install printer-driver-cups-pdf)")
def test_a_pdf_printer_tries_printing_before_a_clinic_buys_one(demo: Path) -> None:
    """README, "Trying it without a printer": the PDF queue that printer-driver-cups-pdf
    makes prints the handout, all its pages on Letter, into the user's PDF folder."""
    import tempfile

    # A scheduler whose filters (run as its own user, not root) can reach its folders.
    root = Path(tempfile.mkdtemp(prefix="pdfgen-cups-pdf-"))
    os.chmod(root, 0o755)
    cups = Scheduler(root)
    try:
        os.chmod(root / "tmp", 0o1777)
        _print_to_pdf(demo, cups)
    finally:
        cups.stop()
        shutil.rmtree(root, ignore_errors=True)


def _print_to_pdf(demo: Path, cups: Scheduler) -> None:
    cups.tool("lpadmin", "-p", "PDF", "-E", "-v", "cups-pdf:/", "-P", str(CUPS_PDF_PPD))
    folder = Path(pwd.getpwuid(os.getuid()).pw_dir) / "PDF"
    def written() -> dict[Path, int]:  # each PDF there and when it was last written
        return {p: p.stat().st_mtime_ns for p in folder.glob("*.pdf")} if folder.is_dir() else {}

    before = written()  # (a job number comes again in another scheduler: so may its name)
    code, out, err = run(demo, cups.env, "printers")
    assert code == 0 and "PDF" in out, (out, err)
    code, out, err = run(demo, cups.env, "handout", "--level", "2", "--print", "--printer",
                         "PDF")
    assert code == 0, (out, err, cups.log())
    assert out.splitlines()[-1] == "Printed on PDF (two-sided, Letter, 1 copy): job PDF-1"
    deadline, sizes, path = time.monotonic() + 60, {}, None
    while path is None:  # a new file, its size the same for a second: written
        assert time.monotonic() < deadline, ("no PDF came out", cups.log()[-3000:])
        time.sleep(0.5)
        for new in [p for p, when in written().items() if before.get(p) != when]:
            size = new.stat().st_size
            path = new if size and sizes.get(new) == size else None
            sizes[new] = size
    reader = pypdf.PdfReader(path)
    try:
        assert len(reader.pages) == 4
        box = reader.pages[0].mediabox
        assert (round(float(box.width)), round(float(box.height))) == (612, 792)
    finally:
        path.unlink()

"""The Python API's answers to a caller's mistakes: each a PdfgenError of one line, said
before any work is done or file written (not Python's AttributeError, TypeError or an
assertion); and the handout it prints goes on the paper it was laid out on."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import cups_scheduler
import pytest
from conftest import files_in
from cups_scheduler import Scheduler, needs_cups

import pdfgen
from pdfgen.api import ClinicFolder

cups = cups_scheduler.cups  # pytest finds fixtures by name in the module
DATE = "2026-11-24"

MISTAKES: dict[str, tuple[Callable[[ClinicFolder, pdfgen.Handout], object], str]] = {
    "print no handout": (
        lambda c, h: c.print(None),  # type: ignore[arg-type]
        "handout: expected a Handout, or the path of a saved handout's PDF, got None"),
    "preview no handout": (
        lambda c, h: c.preview(None),  # type: ignore[arg-type]
        "handout: expected a Handout, or the path of a saved handout's PDF, got None"),
    "a batch of no list": (
        lambda c, h: c.batch(None),  # type: ignore[arg-type]
        "PATIENTS.csv: expected the path of a patient list, got None"),
    "print options as a dict": (
        lambda c, h: c.print(h, {"copies": 2}),  # type: ignore[arg-type]
        "print options: expected what clinic.print_options(...) gives, got {'copies': 2}"),
    "pictures too large to make": (
        lambda c, h: c.page_images(h, 100000),
        "dpi: expected a number of at most 600, got 100000"),
    "the figure sheet to a number": (
        lambda c, h: c.figures(output=5),  # type: ignore[arg-type]
        "--output: expected a path, got 5"),
    "a folder found from a number": (
        lambda c, h: ClinicFolder.find(5),  # type: ignore[arg-type]
        "--project: expected a path, got 5"),
    "a folder found from bytes": (
        lambda c, h: ClinicFolder.find(b"lakeside"),  # type: ignore[arg-type]
        "--project: expected a path, got b'lakeside'"),
    "other exercises of a word": (
        lambda c, h: c.other_exercises("x"),  # type: ignore[arg-type]
        "routines: expected the list clinic.routines() gives, got 'x'"),
    "a choice misspelt": (
        lambda c, h: pdfgen.Choices(levle=2),  # type: ignore[call-arg]
        "levle: not a handout choice (expected one of level, routine, plan, patient, date, "
        "paper, language, large_print, layout, log)"),
    "choices not named": (
        lambda c, h: pdfgen.Choices(2),  # type: ignore[misc]
        "Choices(2,): give the choices as keywords, as in Choices(level=2)"),
    "resend said in words": (
        lambda c, h: c.email("jane@example.com", level=2, date=DATE, mode="dry-run",
                             resend="no"),  # type: ignore[arg-type]
        "resend: expected True or False, got 'no'"),
    "before_send that is not a function": (
        lambda c, h: c.email("jane@example.com", level=2, date=DATE, mode="draft",
                             before_send=5),  # type: ignore[arg-type]
        "before_send: expected a function, got 5"),
    "on_outcome that is not a function": (
        lambda c, h: c.batch("patients.csv", on_outcome=5),  # type: ignore[arg-type]
        "on_outcome: expected a function, got 5"),
}


@pytest.mark.parametrize("case", MISTAKES)
def test_a_callers_mistake_is_one_line_before_any_work(demo: Path, case: str,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    (demo / "patients.csv").write_text("name,level\nAna Ruiz,2\n", encoding="utf-8")
    monkeypatch.chdir(demo)
    clinic = pdfgen.open_clinic(demo)
    handout = clinic.handout(level=2, date=DATE)
    saved = handout.save()
    before = files_in(demo)
    call, message = MISTAKES[case]

    with pytest.raises(pdfgen.PdfgenError) as caught:
        call(clinic, handout)

    assert caught.value.message == message
    assert files_in(demo) == before  # (the e-mail's handout is saved before it is sent)
    assert saved.read_bytes() == handout.pdf


def test_a_working_folder_that_is_gone_is_said(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    gone = tmp_path / "gone"
    gone.mkdir()
    monkeypatch.chdir(gone)
    gone.rmdir()  # (deleted in a file manager while a terminal was in it)
    with pytest.raises(pdfgen.PdfgenError) as caught:
        pdfgen.open_clinic()
    assert caught.value.message == ("the folder you are in no longer exists (deleted or "
                                    "moved): cd to your clinic folder, or give --project")


def test_the_demos_pictures_never_land_in_the_clinics_out(demo: Path, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    # Its save() was refused there, and its preview() wrote over the clinic's own pictures.
    monkeypatch.chdir(demo / "content")  # in a clinic folder, opening the demo
    handout = pdfgen.open_clinic().handout(level=2, date=DATE)
    with pytest.raises(pdfgen.PdfgenError) as caught:
        pdfgen.open_clinic().preview(handout, 1)
    assert "this is the demo clinic's" in caught.value.message
    assert not (demo / "content/out").exists() and not (demo / "out").exists()


@needs_cups
def test_a_handout_prints_on_the_paper_it_was_laid_out_on(demo: Path, cups: Scheduler,
                                                         monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    # The demo clinic's paper is Letter: its A4 handout went to the printer as Letter.
    cups.add("front-desk", default=True)
    for name, value in cups.env.items():
        if os.environ.get(name) != value:
            monkeypatch.setenv(name, value)
    for name in ("PRINTER", "LPDEST"):
        monkeypatch.delenv(name, raising=False)
    clinic = pdfgen.open_clinic(demo)
    a4 = clinic.handout(level=2, paper="a4", date=DATE)
    a4.save()
    letter = clinic.handout(level=1, date=DATE)
    letter.save()

    clinic.print(a4)
    clinic.print(letter.path)

    assert [line[3] for line in cups.page_log(2)] == ["A4", "Letter"]

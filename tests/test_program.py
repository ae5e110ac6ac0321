"""The pdfgen program's own set-up (program.py): HarfBuzz, Pillow's images and pyphen load
when a handout first needs them, and the handout is the same byte for byte as when they are
loaded from the start."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import yaml
from conftest import photos_for

import pdfgen
from pdfgen.program import LOADED_WHEN_USED

# The command run in a fresh interpreter, as `pdfgen` runs it; it says its exit code and
# which of the modules were really loaded (a stand-in has no file).
COMMAND = ("import json, sys; from pdfgen.cli.app import run; code = run({args!r}); "
           "print(json.dumps([code, [name for name in {names!r} if '__file__' in "
           "vars(sys.modules.get(name, sys))]]))")


def pdfgen_process(clinic: Path, *args: str) -> list[str]:
    """Run `pdfgen handout ...` in its own process in `clinic`: which of the modules loaded
    when used it loaded."""
    (clinic / "out").mkdir(exist_ok=True)
    command = ["handout", *args, "--date", "2026-11-24", "--output", "out/made.pdf"]
    code = COMMAND.format(args=command, names=LOADED_WHEN_USED)
    done = subprocess.run([sys.executable, "-c", code], cwd=clinic, capture_output=True,
                          text=True, timeout=180)
    assert done.returncode == 0, (done.returncode, done.stdout, done.stderr)
    assert "Traceback" not in done.stderr, done.stderr
    exit_code, loaded = json.loads(done.stdout.splitlines()[-1])
    assert exit_code == 0, done.stderr
    return list(loaded)


def made_alone(clinic: Path, **choices: object) -> bytes:
    """The same handout made in this process, where ReportLab loaded both modules itself."""
    folder = pdfgen.open_clinic(clinic)
    return folder.handout(level=2, date="2026-11-24", **choices).pdf


def test_a_drawn_handout_loads_neither(demo: Path) -> None:
    assert pdfgen_process(demo, "--level", "2") == []
    assert (demo / "out" / "made.pdf").read_bytes() == made_alone(demo)


def test_a_name_in_a_joined_script_loads_harfbuzz_and_prints(demo: Path) -> None:
    name = "محمد علي"
    assert pdfgen_process(demo, "--level", "2", "--patient", name) == ["uharfbuzz"]
    made = demo / "out" / "made.pdf"
    assert made.read_bytes() == made_alone(demo, patient=name)
    document = pdfium.PdfDocument(made)
    assert "محمد" in document[0].get_textpage().get_text_range()
    document.close()


def test_a_clinics_photos_load_pillow_and_print(demo: Path) -> None:
    routine = demo / "content" / "routines" / "back-pain" / "level-2.yaml"
    photos_for(demo, yaml.safe_load(routine.read_text())["exercises"],
               {"start": (1500, 1000), "end": (1000, 1500)})
    assert pdfgen_process(demo, "--level", "2") == ["PIL.Image"]
    made = demo / "out" / "made.pdf"
    assert made.read_bytes() == made_alone(demo)
    document = pdfium.PdfDocument(made)
    photos = sum(1 for page in document for item in page.get_objects()
                 if item.type == pdfium.raw.FPDF_PAGEOBJ_IMAGE)
    document.close()
    assert photos >= 6  # two for each of the three exercises


@pytest.mark.parametrize("name", LOADED_WHEN_USED)
def test_the_stand_in_answers_as_the_module_does(name: str) -> None:
    """Every use of the module through its stand-in (ReportLab keeps the stand-in it was
    given) is the module's own, from two threads at once too."""
    code = (
        "import sys, threading; from pdfgen import program; program.set_up(); "
        f"stand_in = sys.modules[{name!r}]; import reportlab.platypus; "
        "got = []; threads = [threading.Thread(target=lambda: got.append(stand_in.__name__ "
        "and stand_in.__file__)) for _ in range(2)]; [t.start() for t in threads]; "
        "[t.join() for t in threads]; import importlib; "
        f"real = importlib.import_module({name!r}); "
        "print(real is not stand_in, got == [real.__file__] * 2, "
        "all(getattr(stand_in, a) is getattr(real, a) for a in dir(real) if not "
        "a.startswith('__')))")
    assert printed(code) == ["True", "True", "True"]


def test_a_module_not_installed_is_left_to_reportlab() -> None:
    """(Pillow and HarfBuzz come with pdfgen; were one missing, ReportLab goes without it, as
    it would have, and the program still starts.)"""
    code = ("import sys; from pdfgen import program; program.LOADED_WHEN_USED = "
            "('missing_package.Image', 'missing_module', *program.LOADED_WHEN_USED); "
            "program.set_up(); import reportlab.platypus; "
            "print('missing_module' in sys.modules, 'missing_package.Image' in sys.modules)")
    assert printed(code) == ["False", "False"]


def printed(code: str) -> list[str]:
    """The words `code` prints, run in a fresh interpreter (which must end well)."""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    return done.stdout.split()

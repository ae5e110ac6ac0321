"""Every kind of handout against two checkers that are not pdfgen's own: page-validation's
PDF/UA-1 profile (no failure) and outloud (no error, and no warning but the one the README
answers)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import page
import pytest
from conftest import run
from pages_helpers import own_photos

ANSWERED = {"TBL-014"}  # README, "Every handout is a tagged PDF"
# outloud's command, installed beside this Python by the test extras.
OUTLOUD = shutil.which("outloud", path=str(Path(sys.executable).parent)) or "outloud"
SETS = {
    "Level 2": ("--level", "2"),
    "Level 1": ("--level", "1"),
    "Level 2 A4": ("--level", "2", "--paper", "a4"),
    "Level 1 A4": ("--level", "1", "--paper", "a4"),
    "Spanish Level 2": ("--level", "2", "--language", "es"),
    "Spanish Level 1": ("--level", "1", "--language", "es"),
    "large print Level 2": ("--level", "2", "--large-print"),
    "large print Level 1": ("--level", "1", "--large-print"),
    "Spanish large print": ("--level", "2", "--large-print", "--language", "es"),
    "compact Level 2": ("--level", "2", "--layout", "compact"),
    "compact Level 1": ("--level", "1", "--layout", "compact"),
    "plan with a log": ("--plan", "content/plans/example.yaml", "--log", "4"),
    "own photos": (),
}


@pytest.mark.parametrize("name", list(SETS))
def test_independent_checkers_pass_every_kind_of_handout(demo: Path, name: str) -> None:
    args = own_photos(demo) if name == "own photos" else SETS[name]
    out = demo / "out" / "checked.pdf"
    out.parent.mkdir(exist_ok=True)
    result = run("handout", *args, "--patient", "Ana Ruiz", "--date", "2026-11-24",
                 "--output", str(out), cwd=demo)
    assert result.exit_code == 0, result.output
    report = page.validate_pdf(str(out), profile="ua1")
    assert report.is_compliant, str(report)
    assert list(report.failures) == [], str(report)
    checked = subprocess.run([OUTLOUD, str(out), "--json", "-"], capture_output=True,
                             text=True, timeout=120, check=False)
    assert checked.returncode == 0, (checked.stdout[-2000:], checked.stderr[-2000:])
    findings = json.loads(checked.stdout)["results"][0]["findings"]
    errors = [f for f in findings if f["severity"] == "error"]
    assert errors == [], errors
    unanswered = [f for f in findings if f["severity"] == "warning"
                  and f["rule"] not in ANSWERED]
    assert unanswered == [], unanswered


def test_the_checkers_can_fail(tmp_path: Path) -> None:
    """An untagged PDF (ReportLab's own, with its Helvetica) fails both."""
    from reportlab.pdfgen.canvas import Canvas

    path = tmp_path / "plain.pdf"
    canvas = Canvas(str(path))
    canvas.drawString(72, 720, "An exercise handout that nobody tagged for a screen reader.")
    canvas.save()
    assert not page.validate_pdf(str(path), profile="ua1").is_compliant
    checked = subprocess.run([OUTLOUD, str(path), "--json", "-"], capture_output=True,
                             text=True, timeout=120, check=False)
    findings = json.loads(checked.stdout)["results"][0]["findings"]
    assert checked.returncode != 0 and any(f["severity"] == "error" for f in findings)

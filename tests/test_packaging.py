"""The wheel ships the demo clinic, fonts and templates, and runs from any folder."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import REPO, files_in


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(REPO)],
        check=True, capture_output=True, timeout=300,
    )
    (found,) = out.glob("pdfgen-*.whl")
    return found


def test_the_wheel_holds_content_fonts_templates_and_licences(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {
        "pdfgen/_bundled/content/clinic.toml",
        "pdfgen/_bundled/content/images/logo.svg",
        "pdfgen/_bundled/content/routines/back-pain/level-2.yaml",
        "pdfgen/_bundled/content/exercises/kettlebell-swing.yaml",
        "pdfgen/_bundled/fonts/AtkinsonHyperlegible-Regular.ttf",
        "pdfgen/_bundled/fonts/DejaVuSans.ttf",
        "pdfgen/_bundled/fonts/OFL-AtkinsonHyperlegible.txt",
        "pdfgen/_bundled/fonts/LICENSE-DejaVu.txt",
        "pdfgen/templates/footer.j2",
        # Spanish: the label catalog (as written, and compiled) and the demo's content.
        "pdfgen/locale/es/LC_MESSAGES/pdfgen.po",
        "pdfgen/locale/es/LC_MESSAGES/pdfgen.mo",
        "pdfgen/_bundled/content/clinic.es.toml",
        "pdfgen/_bundled/content/exercises/squat.es.yaml",
        "pdfgen/_bundled/content/routines/back-pain/level-2.es.yaml",
        # `pdfgen serve`: its pages, script and style.
        "pdfgen/serve/templates/handout.html",
        "pdfgen/serve/static/app.js",
        "pdfgen/serve/static/app.css",
    }
    assert expected <= names
    assert not any(name.startswith(("tests/", "out/")) for name in names)


def test_the_installed_wheel_makes_a_handout_outside_the_repository(
    wheel: Path, tmp_path: Path
) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--quiet", "--target",
         str(target), str(wheel)],
        check=True, capture_output=True, timeout=300,
    )
    elsewhere = tmp_path / "some-folder"
    elsewhere.mkdir()
    # The wheel's copy of pdfgen comes first; its dependencies come from this environment.
    env = {**os.environ, "PYTHONPATH": str(target)}
    code = "import pdfgen, sys; from pdfgen.cli.app import main; sys.argv[0] = 'pdfgen'; main()"

    def pdfgen(*args: str, cwd: Path = elsewhere) -> subprocess.CompletedProcess[str]:
        proc = subprocess.run([sys.executable, "-c", code, *args], cwd=cwd, env=env,
                              capture_output=True, text=True, timeout=120, check=False)
        assert proc.returncode == 0, proc.stderr
        return proc

    pdfgen("handout", "--level", "2")
    pdfgen("handout", "--level", "2", "--language", "es")
    assert files_in(elsewhere) == ["out/back-pain-level-2-es.pdf", "out/back-pain-level-2.pdf"]
    # A clinic of its own from the wheel alone: init, check, handout, preview.
    pdfgen("init", "sol", "--clinic", "Clínica Sol", "--clinician", "Ana Ruiz", "--phone",
           "+34 555 010 203", "--paper", "a4", "--yes")
    sol = elsewhere / "sol"
    pdfgen("check", "--strict", cwd=sol)
    pdfgen("handout", "--level", "1", cwd=sol)
    assert "out/back-pain-level-1-page-1.png" in pdfgen("preview", "--level", "1", "--page",
                                                        "1", cwd=sol).stdout
    # `pdfgen serve` from the wheel alone: its page, script and a handout.
    served = subprocess.run([sys.executable, "-c", (
        "import pdfgen; from pdfgen.serve.app import make_app; "
        "from starlette.testclient import TestClient\n"
        "with TestClient(make_app(pdfgen.open_clinic('.'))) as c:\n"
        "    pdf = c.post('/api/handout', json={'level': 1}).content[:5]\n"
        "    print(c.get('/').status_code, c.get('/static/app.js').status_code, pdf)")],
        cwd=sol, env=env,
        capture_output=True, text=True, timeout=120, check=False)
    assert served.stdout == "200 200 b'%PDF-'\n", served.stderr
    where = subprocess.run(
        [sys.executable, "-c", "import pdfgen.content.project as p; print(p.bundled_root())"],
        cwd=elsewhere, env=env, capture_output=True, text=True, check=True,
    )
    assert where.stdout.strip() == str(target / "pdfgen" / "_bundled")

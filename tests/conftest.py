"""Shared fixtures: real little clinic folders, a CLI runner, and readers of the PDF."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pypdf
import pytest
from typer.testing import CliRunner, Result

from pdfgen.cli.app import app

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@contextmanager
def working_directory(path: Path) -> Iterator[None]:
    before = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(before)


def resolved_demo(level: int = 2, large_print: bool | None = None):
    """The demo's routine resolved as pdfgen lays it out, and its theme: the text, theme
    pair that pdfgen.layout.pages.render_pdf takes."""
    import datetime as dt

    from pdfgen.build import HandoutRequest, resolve
    from pdfgen.content.project import Project

    done = resolve(Project(root=REPO, out_dir=REPO / "out"),
                   HandoutRequest(level=level, date=dt.date(2026, 11, 24),
                                  large_print=large_print))
    return done.text, done.theme


def run(*args: str, cwd: Path, env: dict[str, str] | None = None) -> Result:
    """Run the CLI in-process from `cwd`, as a user would from a shell there."""
    with working_directory(cwd):
        return CliRunner().invoke(app, list(args), env=env)


def succeeds(result: Result) -> Result:
    """The command worked: exit code 0, no traceback; its output is shown when it did not."""
    assert result.exit_code == 0, (result.exit_code, result.output, result.exception)
    assert "Traceback" not in result.output
    return result


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    """A copy of the demo clinic (the repository's content/), safe to break."""
    root = tmp_path / "demo-clinic"
    shutil.copytree(REPO / "content", root / "content")
    return root


@pytest.fixture
def minimal(tmp_path: Path) -> Path:
    """A small clinic of its own: A4, no logo, one neck routine."""
    root = tmp_path / "minimal-clinic"
    shutil.copytree(FIXTURES / "minimal-clinic", root)
    return root


def pdf_text(path: Path) -> str:
    """All the text of the PDF, white space collapsed to single spaces."""
    reader = pypdf.PdfReader(path)
    return normalize(" ".join(page.extract_text() for page in reader.pages))


def page_texts(path: Path) -> list[str]:
    return [normalize(page.extract_text()) for page in pypdf.PdfReader(path).pages]


def normalize(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def has_dose(text: str, dose: str) -> bool:
    """Whether `text` holds a dose of "Your exercises" as printed: its parts in order, a dot
    between two on a line, none after the last of a line (a line ends between two parts)."""
    pattern = r"(?: ·)? ".join(re.escape(part) for part in dose.split(" · "))
    return re.search(pattern, normalize(text.replace("\u00a0", " "))) is not None


def pdf_fonts(path: Path) -> dict[str, bool]:
    """Every font used on any page, and whether its glyphs are embedded in the file."""
    fonts: dict[str, bool] = {}
    for page in pypdf.PdfReader(path).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            embedded = bool(descriptor) and any(
                key in descriptor.get_object() for key in ("/FontFile", "/FontFile2", "/FontFile3")
            )
            fonts[str(font["/BaseFont"])] = embedded
    return fonts


def font_at(textpage: Any, index: int) -> str:
    """The name of the font a character of a pypdfium2 text page is drawn in."""
    import pypdfium2.raw as pdfium_c

    buffer = (pdfium_c.c_char * 256)()  # type: ignore[attr-defined]
    pdfium_c.FPDFText_GetFontInfo(textpage.raw, index, buffer, 256,  # type: ignore[attr-defined]
                                  pdfium_c.c_int())  # type: ignore[attr-defined]
    return bytes(buffer).split(b"\0")[0].decode()


def files_in(folder: Path) -> list[str]:
    """Every file under `folder` (hidden ones too), to prove nothing was left behind."""
    if not folder.exists():
        return []
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def photos_for(clinic: Path, slugs: list[str], shapes: dict[str, tuple[int, int]],
               keep_movement: bool = False) -> None:
    """Each exercise given the clinic's own photos, one a shape (a small JPEG of a person
    standing on a floor: pdfgen scales a photo to its place, only its shape matters), in
    place of its drawings, as a clinic that photographs its patients would."""
    import yaml
    from PIL import Image, ImageDraw

    for index, slug in enumerate(slugs):
        pictures = []
        for name, (w, h) in shapes.items():
            shade = 220 - 10 * index
            photo = Image.new("RGB", (w, h), (shade, shade - 10, shade - 25))
            draw = ImageDraw.Draw(photo)
            draw.rectangle((0, h * 0.85, w, h), fill=(120, 110, 100))
            draw.ellipse((w / 2 - h * 0.06, h * 0.12, w / 2 + h * 0.06, h * 0.26),
                         fill=(40, 40, 40))
            draw.rectangle((w / 2 - h * 0.07, h * 0.27, w / 2 + h * 0.07, h * 0.85),
                           fill=(50, 60, 90))
            photo.save(clinic / "content" / "images" / f"{slug}-{name}.jpg", quality=80)
            pictures.append({"file": f"images/{slug}-{name}.jpg",
                             "caption": f"Our photo of the {name} position."})
        path = clinic / "content" / "exercises" / f"{slug}.yaml"
        data = yaml.safe_load(path.read_text())
        data["pictures"] = pictures
        if not keep_movement:
            data.pop("movement", None)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))

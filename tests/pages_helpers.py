"""Build a handout for the page tests, and measure how much of each page it fills."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import yaml
from conftest import REPO, photos_for, run

BAND = 62  # points at the top and bottom of a page for the running line and the footer
BAND_LARGE = 72  # the same in large print, where they are 18 pt


def build(demo: Path, *args: str) -> Path:
    out = demo / "out" / "layout.pdf"
    out.parent.mkdir(exist_ok=True)
    result = run("handout", *args, "--date", "2026-11-24", "--output", str(out), cwd=demo)
    assert result.exit_code == 0, result.output
    assert result.exception is None
    return out


def exercise(slug: str, root: Path = REPO) -> dict:
    return yaml.safe_load((root / "content" / "exercises" / f"{slug}.yaml").read_text())


def routine(level: int) -> list[str]:
    path = REPO / "content" / "routines" / "back-pain" / f"level-{level}.yaml"
    return yaml.safe_load(path.read_text())["exercises"]


def own_photos(demo: Path) -> tuple[str, ...]:
    """The clinic's own photos for Level 2: a landscape and a portrait JPEG a card."""
    photos_for(demo, routine(2), {"start": (1200, 900), "end": (900, 1200)},
               keep_movement=True)
    return ("--level", "2")


def used_shares(pdf: Path, band: float = BAND) -> list[float]:
    """For each page, the share of its text area down to the last thing printed on it,
    measured on the rendered page (the blank paper under it is the rest)."""
    shares = []
    document = pdfium.PdfDocument(pdf)
    for page in document:
        image = page.render(scale=0.5, grayscale=True).to_pil().convert("L")
        pixels, width = image.tobytes(), image.width
        top, bottom = int(band * 0.5), image.height - int(band * 0.5)
        inked = [y for y in range(top, bottom) if min(pixels[y * width:(y + 1) * width]) < 200]
        shares.append((inked[-1] - top) / (bottom - top) if inked else 0.0)
    document.close()
    return shares

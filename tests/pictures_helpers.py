"""What the picture tests share: a clinic with a logo, a hostile SVG, where images land."""

from __future__ import annotations

from pathlib import Path

from pdfgen.content.pictures import load_logo
from pdfgen.layout.pictures import logo_flowable

CLINIC = Path("content/clinic.toml")


def logo(path: Path, height: float, max_width: float):
    """The logo read as the pipeline reads it, then laid out."""
    return logo_flowable(load_logo(path, CLINIC), height=height, max_width=max_width)


def placed_images(pdf: Path) -> list[tuple[int, int, float, float, bytes]]:
    """Each image drawn: its pixels, the size it is printed at (points) and its data."""
    import re

    import pypdf

    found = []
    for page in pypdf.PdfReader(pdf).pages:
        xobjects = page["/Resources"].get("/XObject") or {}
        content = page.get_contents().get_data()
        for match in re.finditer(rb"([\d.]+) 0 0 ([\d.]+) [\d.\-]+ [\d.\-]+ cm\s*/(\S+) Do",
                                 content):
            image = xobjects["/" + match.group(3).decode()].get_object()
            if image.get("/Subtype") == "/Image":
                found.append((image["/Width"], image["/Height"], float(match.group(1)),
                              float(match.group(2)), image._data))
    return found


SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '

"""The A4 page in points, and the size of a PDF's first page, for the CLI tests."""

from __future__ import annotations

from pathlib import Path

import pypdf

A4 = (595.28, 841.89)


def page_size(path: Path) -> tuple[float, float]:
    box = pypdf.PdfReader(path).pages[0].mediabox
    return round(float(box.width), 2), round(float(box.height), 2)

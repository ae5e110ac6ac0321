"""The demo's figures as pdfgen draws them, and the scale each is printed at in a handout."""

from __future__ import annotations

from pathlib import Path

import pikepdf
from conftest import REPO

from pdfgen.content.figures.spec import Figure
from pdfgen.content.models import Exercise
from pdfgen.content.parsing import parse_yaml

EXERCISES = REPO / "content" / "exercises"


def demo_figures(slug: str) -> tuple[Exercise, dict[int, Figure]]:
    exercise = Exercise.model_validate(parse_yaml(EXERCISES / f"{slug}.yaml"))
    return exercise, {i: p.figure for i, p in enumerate(exercise.pictures) if p.figure}


def _figure_scales(pdf: Path) -> list[float]:
    """The scale every tagged Figure is drawn at, read from the page's operators: a picture
    is drawn inside its marked content, scaled by one `cm`."""
    scales = []
    with pikepdf.open(pdf) as doc:
        for page in doc.pages:
            inside = False
            for operands, operator in pikepdf.parse_content_stream(page):
                name = str(operator)
                if name == "BDC" and str(operands[0]) == "/Figure":
                    inside, found = True, False
                elif name == "EMC":
                    inside = False
                elif inside and name == "cm" and not found:
                    a, b, c, d, e, f = (float(v) for v in operands)
                    if b == c == e == f == 0 and a == d != 1:
                        scales.append(round(a, 3))  # its box has a hair of slack
                        found = True
    return scales

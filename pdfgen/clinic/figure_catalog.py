"""`pdfgen figures`: a PDF sheet of every base pose and prop a figure can start from, and the
pose an exercise started with `pdfgen new exercise --pose` gets."""

from __future__ import annotations

import difflib
from pathlib import Path

from pdfgen.content.figures.art import figure_scenes
from pdfgen.content.figures.poses import BASE_POSES
from pdfgen.content.figures.scene import Scene
from pdfgen.content.figures.spec import Figure
from pdfgen.errors import ScaffoldError

# The figure each prop is shown with on the sheet (and in docs/figures.md): a wall in front is
# for pushing on, so its body leans on it, arms straight (a wall push-up's start).
PROP_FIGURES: dict[str, dict[str, object]] = {
    "chair": {"pose": "standing"}, "mat": {"pose": "lying-on-back"},
    "wall": {"pose": "standing"},
    "wall-in-front": {"pose": "standing",
                      "joints": {"trunk": 20, "hip": 0, "shoulder": 75, "elbow": 0}},
    "kettlebell": {"pose": "standing"}, "band": {"pose": "sitting"}, "step": {"pose": "standing"}}


def catalog() -> list[tuple[str, Scene]]:
    """Every base pose, then every prop, each with the `figure:` line that draws it."""
    # Validated as a file's would be: the names are the vocabulary's own.
    entries = [(f"pose: {pose}", Figure.model_validate({"pose": pose})) for pose in BASE_POSES]
    entries += [(f"props: [{prop}]", Figure.model_validate({**shown, "props": [prop]}))
                for prop, shown in PROP_FIGURES.items()]
    return [(label, figure_scenes({0: figure}, "none")[0]) for label, figure in entries]


def write_figure_sheet(path: Path, paper: str, faces: tuple[str, str],
                       checked: bool = True) -> Path:
    """Write the sheet to `path` (whole or not at all), in the registered fonts `faces`
    (regular, bold); `checked`: a path given as --output, checked as a handout's is."""
    from pdfgen.files import check_output, write_file
    from pdfgen.layout.figure_sheet import figure_sheet

    if checked:
        check_output(path)
    write_file(path, figure_sheet(catalog(), paper, faces))
    return path


def known_pose(name: str) -> str:
    """The base pose named by --pose; ScaffoldError with the closest name if none is."""
    if name in BASE_POSES:
        return name
    close = difflib.get_close_matches(name, list(BASE_POSES), n=1)
    hint = f"did you mean '{close[0]}'? " if close else ""
    raise ScaffoldError(f"--pose {name}: {hint}expected one of {', '.join(BASE_POSES)} "
                        "(pdfgen figures shows them)")

"""`pdfgen check` for an exercise's pictures: files that are missing or unreadable, photos
too small to print sharp, and figures a body cannot take."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pdfgen.content.loading import picture_problems
from pdfgen.content.models import Exercise
from pdfgen.content.parsing import yaml_line
from pdfgen.content.project import Project
from pdfgen.errors import ContentError

Add = Callable[[str, ContentError], None]  # Report.add: severity and problem


def check_pictures(project: Project, exercise: Exercise, path: Path, add: Add) -> bool:
    """Errors for pictures that are missing or unreadable; warnings for none, or too few
    pixels. True when every picture can be printed."""
    from pdfgen.content.pictures import MIN_DPI, Photo, PictureError, load_picture, raster_dpi
    from pdfgen.layout.blocks.gallery import picture_box
    from pdfgen.layout.pictures import flowable_of

    if not exercise.pictures:
        add("warning", ContentError(path, "pictures", "no picture: patients follow a "
                                           "picture before they read a word"))
    missing = picture_problems(project, exercise, path)
    for problem in missing:
        add("error", problem)
    width, height = picture_box()
    sound = not missing
    broken = {problem.field for problem in missing}  # missing, or outside the folder
    sound = _check_figures(exercise, path, add) and sound
    for index, picture in enumerate(exercise.pictures):
        if picture.file is None:
            continue
        file = project.content_dir / picture.file
        where = (f"pictures[{index + 1}].file", yaml_line(path, ("pictures", index, "file")))
        if where[0] in broken:
            continue
        try:
            loaded = load_picture(file)
        except PictureError as error:
            add("error", ContentError(path, where[0], str(error), where[1]))
            sound = False
            continue
        printed = flowable_of(loaded, width, height, grayscale=False)
        if isinstance(loaded, Photo):
            dpi = raster_dpi(loaded, printed.drawWidth)
            if dpi < MIN_DPI:
                add("warning", ContentError(
                    path, where[0], f"{picture.file} prints at {dpi:.0f} dpi: it will look "
                    f"blurred (use a picture of at least {MIN_DPI} dpi at its printed size)",
                    where[1]))
    return sound


def _check_figures(exercise: Exercise, path: Path, add: Add) -> bool:
    """An error for a figure a body cannot take or that leaves its frame; True if none."""
    from pdfgen.content.figures.art import FigureError, figure_problem, figure_scenes

    figures = {i: p.figure for i, p in enumerate(exercise.pictures) if p.figure is not None}
    try:
        figure_scenes(figures, exercise.movement)
    except FigureError as error:
        add("error", figure_problem(path, error))
        return False
    return True

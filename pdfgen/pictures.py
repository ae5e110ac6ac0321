"""Logos and pictures as ReportLab flowables: SVG through svglib, PNG/JPEG from bytes."""

from __future__ import annotations

import io
import logging
from functools import lru_cache
from pathlib import Path

from reportlab.graphics.shapes import Drawing
from reportlab.platypus import Flowable, Image

from pdfgen.errors import ContentError, display_path

RASTER = {".png", ".jpg", ".jpeg"}


def logo_flowable(path: Path, clinic_file: Path, height: float, max_width: float) -> Flowable:
    """The clinic's logo scaled to `height` (and at most `max_width`), aspect kept."""
    suffix = path.suffix.lower()
    if suffix == ".svg":
        return _scaled_drawing(path, clinic_file, height, max_width)
    if suffix in RASTER:
        data = _read(path, clinic_file)
        try:
            # Image data, not the path: ReportLab names path images by a hash of the path,
            # which would make the bytes depend on where the clinic folder lives.
            img = Image(io.BytesIO(data))
        except Exception:  # Pillow raises many kinds for a corrupt file
            problem = f"cannot read the image {display_path(path)}"
            raise ContentError(clinic_file, "logo", problem) from None
        scale = min(height / img.imageHeight, max_width / img.imageWidth)
        img.drawWidth, img.drawHeight = img.imageWidth * scale, img.imageHeight * scale
        return img
    problem = f"expected an .svg, .png or .jpg file, got {display_path(path)}"
    raise ContentError(clinic_file, "logo", problem)


def _scaled_drawing(path: Path, clinic_file: Path, height: float, max_width: float) -> Flowable:
    drawing = _scaled_svg(path, path.stat().st_mtime_ns, height, max_width)
    if drawing is None:
        raise ContentError(clinic_file, "logo", f"cannot read the SVG file {display_path(path)}")
    return drawing


@lru_cache(maxsize=32)
def _scaled_svg(path: Path, mtime: int, height: float, max_width: float) -> Drawing | None:
    # Drawing a Drawing does not change it, so one scaled copy serves every handout.
    drawing = _svg(path, mtime)
    if drawing is None or not drawing.width or not drawing.height:
        return None
    from copy import deepcopy

    drawing = deepcopy(drawing)
    scale = min(height / drawing.height, max_width / drawing.width)
    drawing.scale(scale, scale)
    drawing.width, drawing.height = drawing.width * scale, drawing.height * scale
    return drawing


@lru_cache(maxsize=32)
def _svg(path: Path, _mtime: int) -> Drawing | None:
    from svglib.svglib import svg2rlg

    # svglib logs and returns None for a broken file; we report it ourselves.
    logging.getLogger("svglib").setLevel(logging.CRITICAL)
    try:
        return svg2rlg(str(path))
    except Exception:
        return None


def _read(path: Path, clinic_file: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        raise ContentError(clinic_file, "logo", f"cannot read {display_path(path)}") from None

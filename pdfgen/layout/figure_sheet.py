"""`pdfgen figures`' sheet: every base pose and prop drawn, named as an exercise file writes
it, upright figures at one scale and lying ones at another, on pages of the clinic's paper."""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4, LETTER
from reportlab.pdfgen.canvas import Canvas

from pdfgen.content.figures.scene import Scene
from pdfgen.layout.figure_draw import figure_art
from pdfgen.layout.svg_draw import replay

MARGIN, GAP, LABEL = 40.0, 16.0, 24.0
SCALE = {False: 0.72, True: 0.72}  # points a figure unit: one body size for the sheet
TITLE = "Figures: the base poses and props pdfgen draws (pdfgen schema describes each field)"


def figure_sheet(entries: list[tuple[str, Scene]], paper: str, faces: tuple[str, str]
                 ) -> bytes:
    """The sheet's PDF: each figure in a cell with the line that asks for it under it, the
    figures of a row standing on one floor; `faces`: registered fonts, regular and bold."""
    regular, bold = faces
    size = A4 if paper == "a4" else LETTER
    width, height = size
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=size, invariant=True, pageCompression=1,
                    initialFontName=regular)
    canvas.setTitle("pdfgen figures")
    canvas.setFont(bold, 13)
    canvas.drawString(MARGIN, height - MARGIN, TITLE)
    top = height - MARGIN - 20
    for row in _rows(entries, width - 2 * MARGIN, canvas, regular):
        tallest = max(scene.height * SCALE[scene.lying] for _, scene, _ in row)
        if top - tallest - LABEL < MARGIN:  # the next page
            canvas.showPage()
            top = height - MARGIN
        x = MARGIN
        for label, scene, cell in row:
            k = SCALE[scene.lying]
            canvas.saveState()
            canvas.translate(x, top - tallest)
            canvas.scale(k, k)
            replay(figure_art(scene), canvas)
            canvas.restoreState()
            canvas.setFont(regular, 9)
            canvas.drawString(x, top - tallest - 12, label)
            x += cell + GAP
        top -= tallest + LABEL + GAP
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _rows(entries: list[tuple[str, Scene]], room: float, canvas: Canvas, font: str
          ) -> list[list[tuple[str, Scene, float]]]:
    """The entries in rows no wider than `room`, each with its cell's width."""
    rows: list[list[tuple[str, Scene, float]]] = [[]]
    used = 0.0
    for label, scene in entries:
        cell = max(scene.width * SCALE[scene.lying], canvas.stringWidth(label, font, 9))
        if rows[-1] and used + cell > room:
            rows.append([])
            used = 0.0
        rows[-1].append((label, scene, cell))
        used += cell + GAP
    return rows

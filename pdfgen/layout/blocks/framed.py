"""The sheet's pictures as drawn: on a pale tinted panel of a set size (a figure too wide
to print at the panel's height: a patient lying on the floor), or clipped to its own box."""

from __future__ import annotations

from reportlab.lib.colors import Color
from reportlab.platypus import Flowable

PAD = 5  # points between the panel's edge and the picture
RADIUS = 4


class Framed(Flowable):
    """`picture` (already fitted inside the panel less its padding) on a `width` × `height`
    panel, centred across it and standing at its foot, as a figure stands on the floor."""

    def __init__(self, picture: Flowable, width: float, height: float, tint: Color) -> None:
        super().__init__()
        self.picture, self.width, self.height, self.tint = picture, width, height, tint

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setFillColor(self.tint)
        canvas.roundRect(0, 0, self.width, self.height, RADIUS, stroke=0, fill=1)
        canvas.restoreState()
        w = self.picture.wrap(self.width - 2 * PAD, self.height - 2 * PAD)[0]
        self.picture.drawOn(canvas, (self.width - w) / 2, PAD)


class Clipped(Flowable):
    """`picture` drawn inside its own box, clipped to it: it inks nothing outside (a drawing
    is trimmed to its ink already), and the PDF holds the picture's printed box. The box is
    `width` × `height` when given (the picture made a hair larger, to fill it), so that it
    takes on the page the room it was measured to take."""

    def __init__(self, picture: Flowable, width: float | None = None,
                 height: float | None = None) -> None:
        super().__init__()
        self.picture = picture
        own = picture.wrap(1e6, 1e6)
        self.width = own[0] if width is None else width
        self.height = own[1] if height is None else height

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        path = canvas.beginPath()
        path.rect(0, 0, self.width, self.height)
        canvas.clipPath(path, stroke=0, fill=0)
        self.picture.drawOn(canvas, 0, 0)
        canvas.restoreState()

"""The sheet's pictures as drawn: on a pale tinted panel of a set size (a figure too wide
to print at the panel's height: a patient lying on the floor), or clipped to its own box."""

from __future__ import annotations

from reportlab.lib.colors import Color
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

PAD = 5  # points between the panel's edge and the picture
LABEL_INK = Color(0.24, 0.24, 0.24)  # a caption's grey: 11:1 on the panel's tint
RADIUS = 4


class Framed(Flowable):
    """`picture` (already fitted inside the panel less its padding) on a `width` × `height`
    panel, centred across it and standing at its foot, as a figure stands on the floor;
    a `label` in its top corner when `labelled` gives it one."""

    def __init__(self, picture: Flowable, width: float, height: float, tint: Color) -> None:
        super().__init__()
        self.picture, self.width, self.height, self.tint = picture, width, height, tint
        self.label, self.font = "", ("", 0.0)  # the label's words, its font and size

    def room(self) -> float:
        """The panel's height over the picture, inside its padding."""
        return self.height - 2 * PAD - self.picture.wrap(self.width - 2 * PAD,
                                                          self.height - 2 * PAD)[1]

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
        if self.label:
            canvas.saveState()
            canvas.setFont(*self.font)
            canvas.setFillColor(LABEL_INK)
            canvas.drawString(PAD + 2, self.height - PAD - self.font[1], self.label)
            canvas.restoreState()


def labelled(framed: Framed, caption: str, style: ParagraphStyle) -> Framed:
    """The panel with its caption's first words ("Start" of "Start: lie flat on your
    stomach.") in the room over its figure, when they stand there clear of it: which
    picture is which, where the sheet prints no captions."""
    label = caption.partition(":")[0].strip() if ":" in caption else ""
    width = stringWidth(label, style.fontName, style.fontSize)
    if label and framed.room() >= style.fontSize + 4 and width <= framed.width - 2 * PAD - 4:
        framed.label, framed.font = label, (style.fontName, style.fontSize)
    return framed


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

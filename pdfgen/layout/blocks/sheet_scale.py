"""One body size on the compact sheet: the scale each row draws its figures at, the least of
them for every row of a group (upright, lying), and a row's pictures sized at that scale."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from pdfgen.layout.blocks.framed import PAD
from pdfgen.layout.blocks.gallery import Layout, figure_group
from pdfgen.text.handout_text import PictureRef

Size = tuple[float, float]
Scales = dict[str, float]  # points a figure unit, by figure group ("upright", "lying")


@dataclass(frozen=True)
class SheetLayout(Layout):
    """A row's pictures laid out, with which of them print on a panel."""

    panels: tuple[bool, ...] = ()


def on_panel(picture: PictureRef, size: Size) -> bool:
    """Whether the picture prints on a panel of this size (wider than its place: a figure
    lying down), rather than in a box of its own shape. Never a photo: on a panel it would
    print lower than the panel, under the least height, and lower than the photo beside it."""
    if not drawing(picture):
        return False
    own_w, own_h = picture.size
    return own_w / own_h > size[0] / size[1] * 1.02


def drawing(picture: PictureRef) -> bool:
    """Whether the picture is a drawing (an SVG or a figure pdfgen draws), not a photo."""
    return bool(picture.group) or picture.file.suffix.lower() == ".svg"


def drawn_scale(pictures: Sequence[PictureRef], layout: SheetLayout) -> float:
    """The points a figure unit a row's figures print at (on a panel, fitted inside its
    padding; the least of them); 0 unless they are all figures."""
    if not figure_group(list(pictures)):
        return 0.0
    scales = []
    for picture, (w, h), panel in zip(pictures, layout.sizes, layout.panels, strict=True):
        pad = 2 * PAD if panel else 0.0
        scales.append(min((w - pad) / picture.size[0], (h - pad) / picture.size[1]))
    return min(scales)


def common(rows: Iterable[tuple[Sequence[PictureRef], float]]) -> Scales:
    """Each figure group's scale: the least any row of it was drawn at (the row with the
    least room), so every body of the group prints that size."""
    scales: Scales = {}
    for pictures, scale in rows:
        group = figure_group(list(pictures))
        if group and scale > 0:
            scales[group] = min(scale, scales.get(group, scale))
    return scales


def at_scale(pictures: Sequence[PictureRef], sizes: Sequence[Size], scale: float,
             over: float) -> tuple[list[Size], tuple[bool, ...]]:
    """The sizes with every figure drawn at `scale` (none given: as they are), and which
    print on a panel. When one of a row is on a panel, all are (a pair looks alike): each as
    wide as its figure needs, all as tall as the tallest needs and `over` it (its label)."""
    panels = tuple(on_panel(p, s) for p, s in zip(pictures, sizes, strict=True))
    if not scale:
        return list(sizes), panels
    if not any(panels):
        return [(p.size[0] * scale, p.size[1] * scale) for p in pictures], panels
    tall = max(p.size[1] for p in pictures) * scale + 2 * PAD + over
    return ([(p.size[0] * scale + 2 * PAD, tall) for p in pictures],
            (True,) * len(pictures))

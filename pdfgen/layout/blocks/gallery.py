"""The pictures of an exercise card, each with its caption: side by side or one under the
other, never printed under 1.5 in tall (2.25 in in large print)."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.platypus import Flowable, Spacer

from pdfgen.layout.blocks.boxes import Columns, balanced_widths
from pdfgen.layout.blocks.common import Stack
from pdfgen.layout.tagging import Marked
from pdfgen.layout.theme import Theme
from pdfgen.text.handout_text import CardText, PictureRef

MIN_HEIGHT = 108  # 1.5 in: the least a patient reads a body's position from
MIN_HEIGHT_LARGE = 162  # 2.25 in, in large print
SIDE_GAP = 12  # between two pictures side by side
CAPTION_GAP = 3  # between a picture and its caption under it
SIDE_GAP_LARGE = 14  # the same in large print, between two captions of short lines
STACK_GAP = 10  # between a caption and the picture under it
BESIDE_CAPTION = 130  # the least room for a caption beside its picture
CAPTION_LEAST = 72  # the least width of a caption under a picture: an inch
CAPTION_LINES = 5  # the most lines of a large-print caption under pictures side by side


def side_gap(theme: Theme) -> float:
    return SIDE_GAP_LARGE if theme.large_print else SIDE_GAP


def least_height(theme: Theme) -> float:
    return MIN_HEIGHT_LARGE if theme.large_print else MIN_HEIGHT


@dataclass(frozen=True)
class Layout:
    """Where a card's pictures go in a box: their printed sizes, side by side or stacked,
    and the width they take."""

    sizes: tuple[tuple[float, float], ...]
    side_by_side: bool
    width: float


# A figure's units that print `height` tall: an upright body standing on its floor, and a
# lying body's picture. So every upright figure of a handout printed at one height has one
# body size, and every lying one another (the fitting pass gives them one height).
REFERENCE = {"upright": 150.0, "lying": 100.0}


def figure_group(pictures: list[PictureRef]) -> str:
    """The one scale a card's pictures print at: "upright" or "lying" when they are all
    figures (the first's), else ""."""
    return pictures[0].group if pictures and all(p.group for p in pictures) else ""


def scaled(pictures: list[PictureRef], height: float, one_scale: bool = True
           ) -> list[tuple[float, float]]:
    """Each picture's size with the tallest `height` tall. Drawings share one scale (the body
    is the same size in each); photos are each made `height` tall, so they line up. Figures
    print at their group's scale (`one_scale`): the body the same size on every card at one
    height."""
    own = [p.size for p in pictures]
    group = figure_group(pictures) if one_scale else ""
    if group:
        k = height / REFERENCE[group]
        return [(w * k, h * k) for w, h in own]
    if _drawings(pictures):
        k = height / max(h for _, h in own)
        return [(w * k, h * k) for w, h in own]
    return [(w * height / h, height) for w, h in own]


def _drawings(pictures: list[PictureRef]) -> bool:
    """Whether the pictures are all drawings, drawn to one scale."""
    return all(p.file.suffix.lower() == ".svg" or p.group for p in pictures)


def arrange(text: CardText, theme: Theme, room: float, height: float, side_by_side: bool
            ) -> Layout | None:
    """The pictures at most `height` tall in `room` points of width, side by side or one
    under the other; None when they would have to print under the least height. A height of
    0 asks for them as large as the room allows, however small (a panorama no arrangement
    can print at the least height)."""
    if not text.pictures:
        return None
    if side_by_side and theme.large_print and _captions_run_long(text, theme, room):
        return None  # one under the other, each caption in lines a patient reads
    strict = height > 0
    sizes = scaled(text.pictures, height or least_height(theme))
    gaps = side_gap(theme) * (len(sizes) - 1) if side_by_side else 0
    needed = sum(w for w, _ in sizes) + gaps if side_by_side else max(w for w, _ in sizes)
    if needed > room and not side_by_side and not _drawings(text.pictures):
        # Photos one under the other need not line up: only a photo wider than the room is
        # made smaller (a panorama across the card), the others keep their height.
        sizes = [(w, h) if w <= room else (room, h * room / w) for w, h in sizes]
        needed = room
    elif needed > room:  # narrower: smaller, if they stay tall enough
        k = (room - gaps) / (needed - gaps)
        sizes = [(w * k, h * k) for w, h in sizes]
        needed = room
    if strict and printed_height(text.pictures, sizes) < least_height(theme) - 0.01:
        return None
    return Layout(tuple(sizes), side_by_side, needed)


def _captions_run_long(text: CardText, theme: Theme, room: float) -> bool:
    """Whether a caption under pictures side by side would run past CAPTION_LINES lines of
    large print (a word or two a line: Spanish large print's squat ran to ten)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    style = theme["caption"]
    slot = (room - side_gap(theme) * (len(text.pictures) - 1)) / len(text.pictures)
    return any(stringWidth(p.caption, style.fontName, style.fontSize) * 1.15
               > slot * CAPTION_LINES for p in text.pictures)


def printed_height(pictures: list[PictureRef], sizes: list[tuple[float, float]]) -> float:
    """How tall the pictures print: the tallest; for figures, the height their scale stands
    for (a lying body's short picture is as large as the scale makes it)."""
    group = figure_group(pictures)
    if group:
        return sizes[0][1] / pictures[0].size[1] * REFERENCE[group]
    return max(h for _, h in sizes)


def within(layout: Layout, width: float, gap: float) -> Layout:
    """The layout no wider than `width`: its pictures made smaller, aspect kept, if it was
    arranged for a wider room than the column it is given (a picture never stands out of
    its column, nor past the margin)."""
    if layout.width <= width + 0.01:
        return layout
    gaps = gap * (len(layout.sizes) - 1) if layout.side_by_side else 0
    k = max(0.0, width - gaps) / max(layout.width - gaps, 1e-6)
    return Layout(tuple((w * k, h * k) for w, h in layout.sizes), layout.side_by_side, width)


def gallery(text: CardText, theme: Theme, layout: Layout, width: float, grayscale: bool,
            measure: bool, captions_beside: bool = False) -> Flowable:
    """The pictures laid out as `layout` says, across `width`, each captioned under it (or,
    one under the other, beside it). `measure` stands them in as blank boxes of their size,
    for the fitting pass."""
    layout = within(layout, width, side_gap(theme))
    images = [_image(picture, size, grayscale, measure)
              for picture, size in zip(text.pictures, layout.sizes, strict=True)]
    # Captions beside their pictures, and in large print (short lines, one caption beside
    # another), start at one edge: the eye finds where each begins, never reading across.
    left = captions_beside or (theme.large_print and layout.side_by_side)
    captions = [theme.para(p.caption, "caption_left" if left else "caption")
                for p in text.pictures]
    if layout.side_by_side:
        # A slot each, as wide as the row allows: the captions get the room between the
        # pictures, and each picture stands on the same line as the others.
        slots = _slots(captions, [w for w, _ in layout.sizes],
                       width - side_gap(theme) * (len(images) - 1))
        tallest = max(h for _, h in layout.sizes)
        cells = [[Spacer(1, tallest - h), image, *_under(caption)]
                 for (_, h), image, caption in zip(layout.sizes, images, captions, strict=True)]
        return Columns(cells, slots, side_gap(theme))
    if captions_beside:
        # Each picture with its caption beside it, level with the picture's middle.
        picture_width = max(w for w, _ in layout.sizes)
        rows: list[Flowable] = []
        for index, (image, caption, (_, h)) in enumerate(
                zip(images, captions, layout.sizes, strict=True)):
            lift = max(0.0, (h - caption.wrap(width - picture_width - 14, 1e6)[1]) / 2)
            row = Columns([[image], [Spacer(1, lift), caption]],
                          [picture_width, width - picture_width - 14], 14)
            row.spaceBefore = STACK_GAP if index else 0
            rows.append(row)
        return Stack(rows, 1e6)
    cells_: list[Flowable] = []
    for index, (image, caption) in enumerate(zip(images, captions, strict=True)):
        cells_ += [*([Spacer(1, STACK_GAP)] if index else []), image, *_under(caption)]
    return Columns([cells_], [width])


def caption_lines(text: CardText, theme: Theme, layout: Layout, width: float) -> int:
    """The most lines any caption takes under its picture in a gallery `width` wide (the
    captions of pictures side by side in their slots)."""
    layout = within(layout, width, side_gap(theme))
    style = "caption_left" if theme.large_print and layout.side_by_side else "caption"
    captions = [theme.para(p.caption, style) for p in text.pictures]
    widths = (_slots(captions, [w for w, _ in layout.sizes],
                     width - side_gap(theme) * (len(captions) - 1))
              if layout.side_by_side else [width] * len(captions))
    leading = theme[style].leading
    return max((round(caption.wrap(w, 1e6)[1] / leading)
                for caption, w in zip(captions, widths, strict=True)), default=0)


def _slots(captions: list[Flowable], widths: list[float], room: float) -> list[float]:
    """The widths of the slots of pictures side by side in `room`, each slot at least as wide
    as its picture: a picture is centred in its slot, so a narrower slot would push it over
    its neighbour or past the margin (a landscape photo beside a portrait one did).
    Two pictures: the longer caption may take more of the row, so that neither runs far
    down under its picture, while each slot holds its picture, an inch and its caption's
    widest word."""
    wanted = [max(CAPTION_LEAST, w, caption.widest_word() + 1)
              for w, caption in zip(widths, captions, strict=True)]
    if sum(wanted) <= room:
        slots = balanced_widths(captions, room, wanted)
        if all(s >= least - 0.01 for s, least in zip(slots, wanted, strict=True)):
            return slots
        spare = (room - sum(wanted)) / len(wanted)  # the even split would not hold them
        return [least + spare for least in wanted]
    # Pictures that fill the row: each slot its picture's width, the room left shared by
    # what the captions lack.
    lacking = [least - w for least, w in zip(wanted, widths, strict=True)]
    spare = room - sum(widths)  # a hair under 0 when the pictures fill the row exactly
    if spare <= 0 or sum(lacking) <= 0:
        return [w + spare / len(widths) for w in widths]
    return [w + spare * lack / sum(lacking) for w, lack in zip(widths, lacking, strict=True)]


def _under(caption: Flowable) -> list[Flowable]:
    # A gap of its own, not the caption's spaceBefore: a caption may also be measured beside
    # its picture, where it has none.
    return [Spacer(1, CAPTION_GAP), caption]


def beside_captions_fit(layout: Layout, width: float) -> bool:
    """Whether captions can stand beside pictures stacked across a card `width` wide."""
    return not layout.side_by_side and width - layout.width - 14 >= BESIDE_CAPTION


def _image(picture: PictureRef, size: tuple[float, float], grayscale: bool,
           measure: bool) -> Flowable:
    if measure:
        image: Flowable = Spacer(*size)
    else:
        image = Marked(_load(picture, size, grayscale), "Figure", picture.alt)
    image.hAlign = "CENTER"
    return image


def _load(picture: PictureRef, size: tuple[float, float], grayscale: bool) -> Flowable:
    from pdfgen.layout.pictures import flowable_of

    # Read and checked in resolve; a hair of slack: the box is the picture's own size, give
    # or take rounding.
    return flowable_of(picture.loaded, size[0] + 0.01, size[1] + 0.01, grayscale)


def picture_box(width: float = 526, scale: float = 1.0) -> tuple[float, float]:
    """The largest size a picture is printed at on a card of `width` (for `pdfgen check`):
    as tall as the tallest height the fitting pass tries, and as wide as the card (a
    landscape photo across it, alone on its page)."""
    return width, 252 * scale

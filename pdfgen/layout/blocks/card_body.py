"""The body of an exercise card: its pictures and its text parts in their one order (how
to do it, tips, easier and harder, why it helps), placed as an arrangement says."""

from __future__ import annotations

from reportlab.platypus import Flowable

from pdfgen.layout.blocks import card_parts as parts
from pdfgen.layout.blocks.arrangement import TEXT_ORDER, Arrangement, Row
from pdfgen.layout.blocks.boxes import Columns, stacked_height
from pdfgen.layout.blocks.common import Stack
from pdfgen.layout.blocks.gallery import (
    arrange,
    beside_captions_fit,
    figure_group,
    gallery,
    least_height,
    side_gap,
)
from pdfgen.layout.theme import Theme
from pdfgen.text.handout_text import CardText

GAP = parts.SECTION_GAP
COLUMN_GAP = 16  # between the pictures and the text beside them
TEXT_SHARE = 0.58  # the steps' column, when the text under pictures is in two columns
# The picture column's share of the card, beside the steps: at least enough for captions;
# pictures side by side leave the steps 0.45 of the card (half in large print, whose lines
# are long), pictures one under the other (long, low figures lying down) at least 0.36.
NARROWEST, WIDEST_SIDE, WIDEST_SIDE_LARGE, WIDEST = 0.28, 0.55, 0.5, 0.62
SLOT = 92  # the least width of a caption under a picture side by side with another
WRAP_REACH = (1.0, 1.15, 1.3)  # how far past the pictures' foot the text column may go
# Over steps that go on across under the pictures: clear of the captions, so that a step's
# number never reads as a line of the caption over it.
WRAP_GAP = 12
PICTURE_COLUMN_TRIES = 4  # wider picture columns tried beside the steps, up to the widest


def widest_share(a: Arrangement, large_print: bool) -> float:
    """The most of the card's width the pictures may take beside the text (a landscape
    photo and a portrait one side by side, at their least height, need 0.55 of it)."""
    if large_print:  # 18 pt lines beside them: never a column of a few words a line
        return WIDEST_SIDE_LARGE
    return WIDEST_SIDE if a.side_by_side else WIDEST


def widest_width(text: CardText, theme: Theme, width: float, a: Arrangement) -> float:
    """The most of a card `width` wide its pictures may take beside the text, in points:
    photos one under the other leave the text 3 in (about 40 characters a line: a photo
    2.5 in wide over another left it 2.5 in, "and back pain often" over "go together.");
    long, low figures lying down may take WIDEST of it."""
    widest = width * widest_share(a, theme.large_print)
    # (A panorama, wider than twice its height, needs the wide column to print tall enough.)
    if (not a.side_by_side and not figure_group(text.pictures)
            and all(w <= 2 * h for w, h in (p.size for p in text.pictures))):
        widest = min(widest, width - TEXT_LEAST - COLUMN_GAP)
    return widest


TEXT_LEAST = 216  # points: the text beside photos one under the other


def _texts(text: CardText, theme: Theme, width: float, page_height: float,
           in_column: bool) -> list[tuple[str, list[Flowable]]]:
    """The card's text parts in their one order (TEXT_ORDER), those it has, each as the
    flowables it stands as in a column (`in_column`, `width` wide) or across the card."""
    sections = parts.sections(text, theme)
    out: list[tuple[str, list[Flowable]]] = []
    for name in TEXT_ORDER:
        if name == "options":
            if text.easier or text.harder:
                boxes = parts.options(text, theme, width, not in_column)
                out.append((name, _stacked(boxes) if in_column else boxes))
        elif name in sections:
            out.append((name, [Stack(sections[name], page_height)]))
    return out


def _column(flowables: list[list[Flowable]]) -> list[Flowable]:
    """Text parts one under the other in a column, with a section's space between them."""
    out: list[Flowable] = []
    for index, part in enumerate(flowables):
        out += _spaced(part) if index else part
    return out


def _across(named: list[tuple[str, list[Flowable]]]) -> list[Row]:
    """Text parts across the card, a row each (the steps marking the card's head)."""
    return [Row(flowable, GAP if i == 0 else 6, head=name == "steps")
            for name, part in named for i, flowable in enumerate(part)]


def _wrapped(text: CardText, theme: Theme, named: list[tuple[str, list[Flowable]]],
             column_width: float, width: float, room: float, page_height: float,
             split_steps: bool) -> tuple[list[Flowable], list[Row]]:
    """The text parts in order, in a column `column_width` wide down to `room` (the
    pictures' foot), the rest across the card, never a part after its label alone. The
    steps always start in the column and stay in it whole, unless `split_steps` lets them
    go on across (the steps 1 to 4 beside the pictures, 5 and 6 under them)."""
    sections = parts.sections(text, theme)
    column: list[Flowable] = []
    used = 0.0
    rest_from: tuple[int, int] | None = None  # (part, paragraph) where the column ends
    for index, (name, part) in enumerate(named):
        items = sections.get(name, part)
        top = parts.SECTION_GAP if index else 0
        for k, item in enumerate(items):
            wrapper = Stack([item], page_height)
            wrapper.spaceBefore = top if k == 0 else _item_gap(item)
            height = wrapper.wrap(column_width, 1e6)[1] + wrapper.spaceBefore
            if (used + height > room + 0.5 and column and (index or k > 1)
                    and (split_steps or name != "steps")):
                # A part moves across whole, so its label stays with all of it. The steps
                # go on across only where `split_steps` lets them (steps 1 to 5 beside the
                # pictures and 6 under them, at the margin, read as a list that jumped).
                rest_from = (index, k if name == "steps" else 0)
                if name != "steps":
                    del column[len(column) - k:]
                break
            column.append(wrapper)
            used += height
        if rest_from:
            break
    if rest_from is None:
        return column, []
    index, k = rest_from
    across = _texts(text, theme, width, page_height, False)
    rows: list[Row] = []
    if k:  # the steps go on across, without their label again
        rows.append(Row(Stack(sections["steps"][k:], page_height), WRAP_GAP, head=True))
        rows += _across(across[index + 1:])
    else:
        rows += _across(across[index:])
    return column, rows


def _beside_rows(left: list[Flowable], right: list[Flowable], after: list[Row],
                 left_width: float, right_width: float, width: float
                 ) -> tuple[list[Row], float]:
    """The pictures and the text beside them as a row, the rest under them, and the
    height of all of it."""
    columns = Columns([left, right], [left_width, right_width], COLUMN_GAP)
    made = [Row(columns, GAP + 1, head=True, facing=True), *after]
    return made, sum(row.content.wrap(width, 1e6)[1] + row.top for row in made)


def _item_gap(item: Flowable) -> float:
    """The space a paragraph of a section has above it in the section's own stack."""
    return max(item.getSpaceBefore(), 0)


def body(text: CardText, theme: Theme, width: float, page_height: float, a: Arrangement,
          grayscale: bool, measure: bool) -> tuple[list[Row], float] | None:
    """The pictures and the text parts, as the arrangement places them, and the share of the
    card's width the pictures take beside the text (0 when they are not beside it); None
    when the pictures do not fit it. The parts' order never changes: in a column beside the
    pictures (or beside the steps) come the first of them, the rest follow across."""
    rows: list[Row] = []
    share = 0.0
    if not a.across and text.pictures:
        widest = widest_width(text, theme, width, a)
        layout = arrange(text, theme, widest, a.picture_height, a.side_by_side)
        if layout is None:
            return None
        if (theme.large_print and not figure_group(text.pictures)
                and min(h for _, h in layout.sizes) < least_height(theme) - 0.01):
            return None  # a panorama the column would print low goes across the card
        count = len(text.pictures)
        # Side by side, each caption's slot no narrower than its last two words (bound, so
        # that no caption ends on a word alone).
        caption_style = "caption_left" if theme.large_print else "caption"
        least = (sum(max(SLOT, w + 1, theme.para(p.caption, caption_style).widest_word() + 2)
                     for p, (w, _) in zip(text.pictures, layout.sizes, strict=True))
                 + side_gap(theme) * (count - 1) if a.side_by_side else 0)
        if least > widest + 0.5:
            return None  # the captions side by side would end on a word alone
        narrowest = min(max(layout.width, width * NARROWEST, least), widest)

        def beside(left_width: float) -> tuple[list[Row], float]:
            right_width = width - left_width - COLUMN_GAP
            left = [gallery(text, theme, layout, left_width, grayscale, measure)]
            named = _texts(text, theme, right_width, page_height, True)
            if a.beside:
                right = _column([part for _, part in named[:a.beside]])
                after = _across(_texts(text, theme, width, page_height, False)[a.beside:])
            else:  # the text fills the column down to the pictures' foot, then runs across
                # (or a little past it, when a step that would run across ends sooner so)
                room = stacked_height(left, left_width)
                best: tuple[list[Row], float] | None = None
                for reach in WRAP_REACH:
                    right, after = _wrapped(text, theme, named, right_width, width,
                                            room * reach, page_height, a.split_steps)
                    trial = _beside_rows(left, right, after, left_width, right_width, width)
                    if best is None or trial[1] < best[1] - 0.5:
                        best = trial
                    if not after:  # all of it beside the pictures: reaching further is the same
                        break
                assert best is not None
                return best
            return _beside_rows(left, right, after, left_width, right_width, width)

        # The picture column as wide as makes the card end soonest: wider, long captions
        # take fewer lines and the text beside them more (the narrowest wins a tie, and
        # anything less than a point).
        share = a.picture_column or narrowest / width
        made, lowest = beside(width * share)
        for step in range(1, PICTURE_COLUMN_TRIES + 1) if (
                not a.picture_column and widest - narrowest > 8) else ():
            trial_share = (narrowest + (widest - narrowest) * step / PICTURE_COLUMN_TRIES
                           ) / width
            trial, height = beside(width * trial_share)
            if height <= lowest - 1:
                made, lowest, share = trial, height, trial_share
        return made, share
    if text.pictures:
        across_layout = arrange(text, theme, width, a.picture_height, a.side_by_side)
        if across_layout is None:
            return None
        captions_beside = beside_captions_fit(across_layout, width)
        rows.append(Row(gallery(text, theme, across_layout, width, grayscale, measure,
                                captions_beside), GAP + 1, facing=True))
    across = _texts(text, theme, width, page_height, False)
    if a.beside and len(across) > 1 and theme.large_print:
        return None  # 18 pt type in two columns: a few words a line in each
    if a.beside and len(across) > 1:  # the steps, and the next parts in a column beside them
        left_width = round(width * TEXT_SHARE)
        right_width = width - left_width - COLUMN_GAP
        named = _texts(text, theme, right_width, page_height, True)
        right = _column([part for _, part in named[1:1 + a.beside]])
        rows.append(Row(Columns([across[0][1], right], [left_width, right_width],
                                COLUMN_GAP), GAP, head=True))
        rows += _across(across[1 + a.beside:])
    else:
        rows += _across(across)
    return rows, share


def _spaced(flowables: list[Flowable]) -> list[Flowable]:
    if flowables:
        flowables[0].spaceBefore = GAP
    return flowables


def _stacked(boxes: list[Flowable]) -> list[Flowable]:
    for box in boxes[1:]:
        box.spaceBefore = 6
    return list(boxes)

"""The warning box, the strongest thing on page 1 and on the one-page sheet: its heavy black
bar and its border meet in square corners. (A round-capped border beside a bar cut square
left a notch at the box's two left corners on every handout, seen by a designer at arm's
length.)"""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
from pages_helpers import build

SCALE = 4  # pixels a point: the border's 1.5 pt are 6 pixels
DARK = 80  # a pixel's grey at most (0 black, 255 white) to count as the box's ink


def edges(pdf: Path) -> tuple[tuple[int, int], tuple[int, int]]:
    """The warning box's outer top and bottom, in pixel rows: at its left edge (the bar's
    outer side) and 24 pt further in (the border alone)."""
    document = pdfium.PdfDocument(pdf)
    image = document[0].render(scale=SCALE, grayscale=True).to_pil().convert("L")
    document.close()
    height = image.size[1]
    pixels = image.load()
    assert pixels is not None

    def dark(x: int, y: int) -> bool:
        value = pixels[x, y]
        assert isinstance(value, int)
        return value <= DARK

    def longest_run(x: int) -> tuple[int, int]:
        best, start = (0, -1), None
        for y in range(height):
            if dark(x, y):
                start = y if start is None else start
                if y - start > best[1] - best[0]:
                    best = (start, y)
            else:
                start = None
        return best

    # The bar: the first column from the page's left whose dark run is over an inch tall.
    for x in range(int(20 * SCALE), int(80 * SCALE)):
        top, bottom = longest_run(x)
        if bottom - top > 72 * SCALE:
            break
    else:
        raise AssertionError(f"{pdf.name}: no warning box bar at the left of page 1")
    inner = x + 24 * SCALE
    near = 6 * SCALE  # the border is looked for this near the bar's ends
    border_top = next(y for y in range(top - near, top + near) if dark(inner, y))
    border_bottom = next(y for y in range(bottom + near, bottom - near, -1) if dark(inner, y))
    return (top, border_top), (bottom, border_bottom)


@pytest.mark.parametrize("args", [
    ("--level", "2"), ("--level", "1", "--language", "es"), ("--level", "1", "--large-print"),
    ("--level", "1", "--layout", "compact"), ("--level", "2", "--layout", "compact"),
], ids=["level-2", "level-1-es", "large-print", "sheet-1", "sheet-2"])
def test_the_warning_boxs_bar_and_border_meet_square(demo: Path, args: tuple[str, ...]
                                                     ) -> None:
    (bar_top, border_top), (bar_bottom, border_bottom) = edges(build(demo, *args))
    # (A pixel either way for anti-aliasing; the notch was 1.5 pt, 6 pixels, deep.)
    assert abs(bar_top - border_top) <= 1, (bar_top, border_top)
    assert abs(bar_bottom - border_bottom) <= 1, (bar_bottom, border_bottom)

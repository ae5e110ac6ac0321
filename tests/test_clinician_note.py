"""The clinician's words for this patient: the example plan's note on page 1 and its notes on
the cards, alike; its introduction its own."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
from conftest import pdf_text, run

PLAN = "content/plans/example.yaml"


def built(demo: Path) -> Path:
    out = demo / "out" / "plan.pdf"
    out.parent.mkdir(exist_ok=True)
    made = run("handout", "--plan", PLAN, "--output", str(out), cwd=demo)
    assert made.exit_code == 0, made.output
    return out


def test_the_example_plan_never_sends_its_patient_back_to_level_1(demo: Path) -> None:
    """The plan is for a patient the clinician moved on to Level 2: its introduction is its
    own, without the routine's "If not, start with Level 1", which read after the note
    "You did well today"."""
    text = pdf_text(built(demo))
    assert "start with Level 1" not in text
    assert "These three exercises make your glutes, core and back stronger." in text


def test_the_note_on_page_1_stands_on_white_as_the_cards_notes_do(demo: Path) -> None:
    """(It stood on the pale tint of the boxes around it, a card's "Note for you" on white.)
    Over its words and under them, inside its bar, the paper is white."""
    page = pdfium.PdfDocument(built(demo))[0]
    text = page.get_textpage()
    read = text.get_text_range()
    left, _, _, top = text.get_charbox(read.index("A note from"))
    bottom = text.get_charbox(read.index("your next visit."))[1]  # (g's descent: 3 pt)
    scale = 2
    image = page.render(scale=scale, grayscale=True).to_pil().convert("L")
    height = page.get_height()
    for y in (top + 2, bottom - 5):  # points over the first line, under the last
        row = int((height - y) * scale)
        strip = [image.getpixel((int(x * scale), row)) for x in range(int(left), int(left) + 300)]
        assert min(strip) >= 245, (y, min(strip))
    # The bar, in the accent colour, beside the words.
    bar = [image.getpixel((int((left - x) * scale), int((height - top) * scale)))
           for x in range(6, 16)]
    assert min(bar) < 160, bar

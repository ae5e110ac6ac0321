"""The one-page sheet's dose strips, read back from the PDF: they line up down the sheet."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
from test_sheet import sheet_pdf


@pytest.mark.parametrize(("request_", "aligned"), [
    ({"level": 2}, 3), ({"level": 2, "paper": "a4"}, 3),
    # (Spanish: the swing's strip lined up would take "Balanceo con pesa rusa" to two lines)
    ({"level": 2, "language": "es"}, 2)], ids=["letter", "a4", "es"])
def test_the_dose_strips_line_up_as_a_tables_columns(tmp_path: Path, request_: dict,
                                                    aligned: int) -> None:
    """Each label of the rows' dose strips stands at one edge, down the sheet: the lunge's
    "8 each side" made its strip wider than the squat's over it, and its labels stood apart
    from theirs (a new clinic's review). Not where a name would take a line more for it."""
    path, _ = sheet_pdf(tmp_path, **request_)
    text = pdfium.PdfDocument(path)[0].get_textpage()
    whole = text.get_text_range()
    spanish = request_.get("language") == "es"
    for label in (("Series", "Repeticiones") if spanish else ("Sets", "Reps")):
        found = [at for at in range(len(whole)) if whole.startswith(f"{label} ", at)
                 or whole.startswith(f"{label}\r", at) or whole.startswith(f"{label}\n", at)]
        edges = [round(text.get_charbox(at)[0], 1) for at in found]
        assert len(found) == 3 and max(edges.count(e) for e in edges) == aligned, (label,
                                                                                  edges)
    if spanish:
        assert "Balanceo con pesa rusa" in whole, whole

"""Draw docs/figures.md's pictures: every base pose and prop, as pdfgen draws them.

A thin wrapper around pdfgen's own figure generator (pdfgen/content/figures): the same
catalog `pdfgen figures` prints, one PNG each in docs/images/.

    python tools/figures.py          # (re)write the pictures
    python tools/figures.py --check  # write nothing; exit 1 if a picture is missing
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

from reportlab.pdfgen.canvas import Canvas

from pdfgen.clinic.figure_catalog import catalog
from pdfgen.layout.figure_draw import figure_art
from pdfgen.layout.svg_draw import replay

OUT = Path(__file__).resolve().parents[1] / "docs" / "images"
SCALE = 1.0  # points a figure unit, rendered at 96 dpi: a standing body about 190 px tall


def name_of(label: str) -> str:
    """`pose: standing` → figure-standing.png; `props: [mat]` → figure-prop-mat.png."""
    kind, _, value = label.partition(": ")
    value = value.strip("[]")
    return f"figure-{value}.png" if kind == "pose" else f"figure-prop-{value}.png"


def pictures() -> dict[Path, bytes]:
    import pypdfium2 as pdfium

    out = {}
    for label, scene in catalog():
        buffer = io.BytesIO()
        canvas = Canvas(buffer, pagesize=(scene.width * SCALE, scene.height * SCALE),
                        invariant=True)
        canvas.scale(SCALE, SCALE)
        replay(figure_art(scene), canvas)
        canvas.showPage()
        canvas.save()
        page = pdfium.PdfDocument(buffer.getvalue())[0]
        image = page.render(scale=96 / 72).to_pil().convert("L")
        png = io.BytesIO()
        image.save(png, format="PNG", optimize=True)
        out[OUT / name_of(label)] = png.getvalue()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 if a picture is missing")
    check = parser.parse_args(argv).check
    missing = 0
    for path, data in pictures().items():
        if check:
            missing += not path.is_file()
            continue
        path.write_bytes(data)
        print(f"wrote: {path.relative_to(OUT.parents[1])}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())

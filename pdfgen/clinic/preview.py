"""`pdfgen preview`: the handout's pages as PNG pictures, to look at without a PDF viewer."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from pdfgen.children import child_environment
from pdfgen.errors import PdfgenError, display_path

DPI = 110  # sharp on a screen, small on disk


def render_pages(pdf: Path, page: int | None = None, dpi: int = DPI,
                 data: bytes | None = None) -> list[Path]:
    """Write PAGE (or every page) of the PDF as `<name>-page-N.png` beside it (`data`: the
    PDF in memory, for a handout whose PDF is not saved: the pictures only, named as they
    would be beside it), each whole or not at all."""
    import io

    import pypdfium2

    from pdfgen.files import write_file

    document = pypdfium2.PdfDocument(pdf if data is None else data)
    try:
        count = len(document)
        if page is not None and not 1 <= page <= count:
            raise PdfgenError(f"--page {page}: the handout has pages 1 to {count}")
        numbers = [page] if page is not None else list(range(1, count + 1))
        written = []
        for number in numbers:
            image = document[number - 1].render(scale=dpi / 72).to_pil()
            path = pdf.with_name(f"{pdf.stem}-page-{number}.png")
            out = io.BytesIO()
            image.save(out, format="PNG", optimize=True)
            write_file(path, out.getvalue())
            written.append(path)
        # The pictures of pages this handout no longer has (a log taken out): left beside
        # the new ones, they read as its pages.
        later = count + 1
        while (old := pdf.with_name(f"{pdf.stem}-page-{later}.png")).is_file():
            old.unlink()
            later += 1
        return written
    finally:
        document.close()


def page_pngs(pdf: bytes, dpi: int = DPI) -> list[bytes]:
    """Every page of a PDF in memory as PNG bytes (nothing written: a web page's preview)."""
    import io

    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        pictures = []
        for number in range(len(document)):
            out = io.BytesIO()
            document[number].render(scale=dpi / 72).to_pil().save(out, format="PNG")
            pictures.append(out.getvalue())
        return pictures
    finally:
        document.close()


def viewer_command(path: Path, platform: str = sys.platform) -> list[str] | None:
    """How this system opens a file with its own viewer (None on Windows: os.startfile)."""
    if platform.startswith("win"):
        return None
    if platform == "darwin":
        return ["open", str(path)]
    return ["xdg-open", str(path)]


def open_in_viewer(path: Path) -> None:
    command = viewer_command(path)
    if command is None:
        if sys.platform == "win32":  # (always, when there is no command)
            os.startfile(path)
        return
    if shutil.which(command[0]) is None:
        raise PdfgenError(f"--open: no PDF viewer found ({command[0]} is not installed); the "
                          f"handout is {display_path(path)}")
    if command[0] == "xdg-open" and not (os.environ.get("DISPLAY")
                                         or os.environ.get("WAYLAND_DISPLAY")):
        # (xdg-open, with no screen to show it on, opens nothing and says nothing)
        raise PdfgenError(f"--open: no screen to open a viewer on (a remote session?); the "
                          f"handout is {display_path(path)}")
    subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                     env=child_environment("viewer"))

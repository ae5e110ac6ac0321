"""Lay out the story on pages with a footer and "Page X of Y", and return the PDF bytes."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

from reportlab import rl_config
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import inch
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate
from reportlab.platypus.flowables import PageBreakIfNotEmpty

from pdfgen import __version__
from pdfgen.blocks.card import card
from pdfgen.blocks.closing import closing
from pdfgen.blocks.header import header
from pdfgen.blocks.log import exercise_log
from pdfgen.blocks.opening import opening
from pdfgen.blocks.page import PageDecorations
from pdfgen.document import HandoutText
from pdfgen.text import TextEngine
from pdfgen.theme import Theme

# ASCII85 wrapping inflates streams by a quarter; readable ASCII in font subsets adds
# every printable glyph to every font. Neither helps a patient's handout.
rl_config.useA85 = 0
rl_config.ttfAsciiReadable = 0

PAPER = {"letter": LETTER, "a4": A4}
MARGIN_X = 0.75 * inch
HEADER_TOP = 0.5 * inch  # from the top edge of the paper
FOOTER_BASELINE = 0.5 * inch  # above a home printer's unprintable edge


def margins(theme: Theme) -> tuple[float, float]:
    """Top and bottom margins: room for the running header and the footer at their size."""
    running, footer = theme["running"].leading, theme["footer"].leading
    # Two lines each: a long name may wrap (in large print it often does).
    return HEADER_TOP + 2 * running + 8, FOOTER_BASELINE + 2 * footer + 14


def render_pdf(
    text: HandoutText,
    theme: Theme,
    engine: TextEngine,
    *,
    paper: str,
    language: str,
    logo: Flowable | None,
    logo_small: Flowable | None,
) -> tuple[bytes, int]:
    """The handout as PDF bytes and its page count; the same inputs give the same bytes."""
    size = PAPER[paper]
    width = size[0] - 2 * MARGIN_X
    margin_top, margin_bottom = margins(theme)
    story: list[Flowable] = []
    story += header(text, theme, width, logo)
    story += opening(text, theme, width)
    page_height = size[1] - margin_top - margin_bottom
    for c in text.cards:
        if theme.large_print:
            story.append(PageBreakIfNotEmpty())  # large print: one exercise a page
        story += card(c, theme, width, page_height, text.grayscale)
    story += closing(text, theme, width, logo_small)
    if text.log is not None:
        story += exercise_log(text.log, theme, width)

    decorations = PageDecorations(
        engine, text.footer_context, theme, text.running_header,
        left=MARGIN_X, right=size[0] - MARGIN_X, top=size[1] - HEADER_TOP,
        bottom=FOOTER_BASELINE,
    )
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=size,
        leftMargin=MARGIN_X, rightMargin=MARGIN_X,
        topMargin=margin_top, bottomMargin=margin_bottom,
        title=f"{text.title} · {text.subtitle}",
        author=text.clinic_name,
        subject=f"Exercise handout from {text.clinic_name}",
        creator=f"pdfgen {__version__}",
        lang=language,
        invariant=1,
        pageCompression=1,
    )
    frame = Frame(MARGIN_X, margin_bottom, width, size[1] - margin_top - margin_bottom,
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body")
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    doc.build(story, canvasmaker=_paged_canvas(decorations, text.day))
    return buffer.getvalue(), doc.page


def _paged_canvas(decorations: PageDecorations, day: dt.date) -> type[Canvas]:
    """A canvas that holds pages back until the end, so each footer can say "of Y"."""

    class PagedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._held: list[dict[str, Any]] = []
            # Invariant mode dates every file 2000-01-01; the handout's own date is just as
            # reproducible and tells the reader something. (ReportLab has no public setter.)
            stamp = self._doc._timeStamp
            stamp.YMDhms = (day.year, day.month, day.day, 0, 0, 0)
            stamp.dhh = stamp.dmm = 0

        def showPage(self) -> None:
            self._held.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            pages = len(self._held)
            for state in self._held:
                self.__dict__.update(state)
                decorations.draw(self, self._pageNumber, pages)
                Canvas.showPage(self)
            Canvas.save(self)

    return PagedCanvas


def _umask() -> int:
    import os

    current = os.umask(0o022)
    os.umask(current)
    return current


def write_atomic(path: Path, data: bytes) -> None:
    """Write the file whole or not at all: a temporary file beside it, then a rename."""
    import os
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        # mkstemp makes the file private (0600); a handout is an ordinary file that a print
        # service or a colleague may need to read, so give it the usual permissions.
        os.chmod(tmp, path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise

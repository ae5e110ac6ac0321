"""The canvas every handout is drawn on: its pages held back until the last is drawn, so
that each footer can say "Page X of Y", dated the handout's day, and tagged as it draws."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from reportlab.pdfgen.canvas import Canvas

from pdfgen.layout.blocks.header_footer import PageDecorations
from pdfgen.layout.reportlab_door import HoldingCanvas
from pdfgen.layout.tagging import Tagger, after_text
from pdfgen.text.fonts import FontSet


def paged_canvas(decorations: PageDecorations, day: dt.date, tagger: Tagger | None,
                 fonts: FontSet) -> type[Canvas]:
    """A canvas that holds pages back until the end, so each footer can say "of Y"."""

    class PagedCanvas(HoldingCanvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            if tagger is not None:  # PDF/UA-1 is on ISO 32000-1, PDF 1.7
                kwargs["pdfVersion"] = (1, 7)
            super().__init__(*args, **kwargs)
            self.cell_font = fonts.body  # see reportlab_door.Table
            # What an SVG's text in one of PDF's standard fonts, which no handout embeds, is
            # drawn in (svg_draw.replay): the handout's own, embedded.
            self.text_fonts = (fonts.body, fonts.bold)
            # Invariant mode dates every file 2000-01-01; the handout's own date is just as
            # reproducible and tells the reader something.
            stamp = f"D:{day.year:04d}{day.month:02d}{day.day:02d}000000+00'00'"
            self.setDateFormatter(lambda *_: stamp)
            if tagger is not None:
                self.tagger = tagger
                tagger.start_page(self)

        def showPage(self) -> None:
            super().showPage()  # held back: see finish_page
            if tagger is not None:
                tagger.start_page(self)

        # Text and pictures drawn where no block tagged them come out of the artifact,
        # bare, so that the validator finds them (see tagging.Tagger.reveal).
        def tagged_draw(self, draw: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
            revealed = tagger is not None and tagger.reveal(self)
            result = draw(*args, **kwargs)
            if revealed and tagger is not None:
                tagger.hide(self)
            return result

        def drawText(self, text: Any) -> None:
            self.tagged_draw(super().drawText, text)
            after_text(tagger, self)

        def drawImage(self, *args: Any, **kwargs: Any) -> Any:
            return self.tagged_draw(super().drawImage, *args, **kwargs)

        def drawInlineImage(self, *args: Any, **kwargs: Any) -> Any:
            return self.tagged_draw(super().drawInlineImage, *args, **kwargs)

        def page_made(self, page: Any) -> None:
            # Every page and link is drawn by now: the page's entries for the structure tree.
            if tagger is not None:
                tagger.page_entries(page, self.getPageNumber())

        def finish_page(self, pages: int) -> None:
            if tagger is not None:
                tagger.begin(self, "Artifact")  # the running line and footer
            decorations.draw(self, self.getPageNumber(), pages)
            if tagger is not None:
                tagger.end(self)
                tagger.end_page(self)

    return PagedCanvas

"""Marked content and the structure tree of a tagged PDF (PDF/UA-1), read in order.

While the story draws, text and pictures are wrapped in marked-content sequences with an
MCID and everything else on the page (rules, tints, frames, the footer) in /Artifact
sequences; the Tagger records each MCID with its structure type in drawing order, which
platypus makes the reading order. Each page and each link annotation gets the key of its
entry in the parent tree as ReportLab writes it; after the build, structure.write_structure
appends the tree itself.

ReportLab's open-source canvas has no marked-content API, so the operators are added to the
page's code as literals (Canvas.addLiteral), only ever between graphics objects (never
inside BT/ET), which is where ISO 32000-1 §14.6 allows them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from reportlab.pdfbase.pdfdoc import PDFName, PDFString
from reportlab.platypus import Flowable

from pdfgen.layout.reportlab_door import set_page_keys

# The structure type of a paragraph by its style; a style not named here is a P.
ROLES = {
    "title": "H1", "title_tight": "H1", "heading": "H2", "list_heading": "H2",
    "card_name": "H2",
    "box_heading": "H3", "label": "H3", "option_label": "H3", "contact_heading": "H3",
    "stop_heading": "H2",
    "step": "LI", "bullet": "LI", "stop_sign": "LI",
    "running": "Artifact", "footer": "Artifact", "footer_right": "Artifact",
}
HEADINGS = {"H1": 1, "H2": 2, "H3": 3, "H4": 4}


@dataclass
class Mark:
    """One marked-content sequence: its page (from 1), MCID, type, and where it sits."""

    page: int
    mcid: int
    role: str
    alt: str | None = None
    cell: tuple[int, int, int, str] | None = None  # table key, row, column, TH or TD
    link: int | None = None  # the index of its link annotation on the page


@dataclass
class Tagger:
    """Writes the marked-content operators as the story draws and remembers each sequence."""

    marks: list[Mark] = field(default_factory=list)
    next_mcid: dict[int, int] = field(default_factory=dict)
    links: dict[int, int] = field(default_factory=dict)
    link_count: int = 0  # the parent tree's keys: links first, from 0, then the pages
    state: str = "artifact"  # artifact (only graphics), explicit (furniture), content, bare
    cell: tuple[int, int, int, str] | None = None
    body_next: bool = False  # a list item's label is being drawn; its body comes next

    def start_page(self, canvas: Any) -> None:
        """Everything on a page is furniture until a tagged flowable says otherwise."""
        canvas.addLiteral("/Artifact BMC")
        self.state = "artifact"

    def end_page(self, canvas: Any) -> None:
        canvas.addLiteral("EMC")

    def begin(self, canvas: Any, role: str, alt: str | None = None) -> bool:
        """Opens a sequence for real content; False when one is open already (its part)."""
        if role == "Artifact":
            if self.state != "artifact":
                return False
            self.state = "explicit"  # text drawn now stays furniture
            return True
        if self.state != "artifact":
            return False
        page = canvas.getPageNumber()
        mcid = self.next_mcid.get(page, 0)
        self.next_mcid[page] = mcid + 1
        canvas.addLiteral(f"EMC /{_bdc_tag(role)} <</MCID {mcid}>> BDC")
        self.marks.append(Mark(page, mcid, role, alt, self.cell))
        self.state = "content"
        return True

    def end(self, canvas: Any) -> None:
        if self.state == "content":
            canvas.addLiteral("EMC /Artifact BMC")
        self.state = "artifact"

    def reveal(self, canvas: Any) -> bool:
        """Text or a picture about to be drawn in the implicit artifact: drawn bare, so the
        validator sees a block that forgot to tag it instead of it being hidden."""
        if self.state != "artifact":
            return False
        canvas.addLiteral("EMC")
        self.state = "bare"
        return True

    def hide(self, canvas: Any) -> None:
        canvas.addLiteral("/Artifact BMC")
        self.state = "artifact"

    def link(self, canvas: Any, url: str, rect: tuple[float, float, float, float],
             label: str) -> None:
        """A link annotation over `rect` (in the current user space), tagged as a Link."""
        page = canvas.getPageNumber()
        # F 4: the Print flag, so that an assistive reader of the printed form gets it too.
        canvas.linkURL(url, rect, relative=1, thickness=0, Contents=PDFString(label),
                       StructParent=self.link_count, F=4)
        self.link_count += 1
        index = self.links.get(page, 0)
        self.links[page] = index + 1
        self.marks.append(Mark(page, -1, "Link", label, self.cell, index))


    def page_entries(self, page: Any, number: int) -> None:
        """The keys a page object needs (called as ReportLab makes it, after every page and
        link is drawn): its /StructParents, and /Tabs /S when it has annotations."""
        set_page_keys(page, StructParents=self.link_count + number - 1,
                      Tabs=PDFName("S") if page.Annots else None)


def _bdc_tag(role: str) -> str:
    return "Span" if role in ("LI", "Link") else role


def tagger_of(canvas: Any) -> Tagger | None:
    return getattr(canvas, "tagger", None)


class Marked(Flowable):
    """A flowable drawn as one marked-content sequence of `role` (Figure, Artifact...)."""

    def __init__(self, content: Flowable, role: str, alt: str | None = None,
                 url: str | None = None) -> None:
        super().__init__()
        self.content, self.role, self.alt, self.url = content, role, alt, url
        self.hAlign = getattr(content, "hAlign", "LEFT")

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width, self.height = self.content.wrap(avail_width, avail_height)
        return self.width, self.height

    def getSpaceBefore(self) -> float:
        return self.content.getSpaceBefore()

    def getSpaceAfter(self) -> float:
        return self.content.getSpaceAfter()

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
        tagger = tagger_of(canvas)
        opened = tagger is not None and tagger.begin(canvas, self.role, self.alt)
        self.content.drawOn(canvas, x, y, _sW)
        if opened and tagger is not None:
            tagger.end(canvas)
        if tagger is not None and self.url:
            # The same shift platypus gives the content within the width it was offered.
            shift = {"CENTER": _sW / 2, "CENTRE": _sW / 2, "RIGHT": _sW}.get(
                str(self.hAlign).upper(), 0)
            tagger.link(canvas, self.url, (x + shift, y, x + shift + self.width,
                                           y + self.height), self.alt or self.url)


def draw_text_block(paragraph: Any, canvas: Any, x: float, y: float, _sW: float,
                    draw: Any) -> None:
    """A paragraph drawn in a sequence of the type its style names."""
    tagger = tagger_of(canvas)
    if tagger is None:
        draw(canvas, x, y, _sW)
        return
    role = ROLES.get(paragraph.style.name, "P")
    if role == "LI" and paragraph.bulletText and tagger.state == "artifact":
        # The list item's number or bullet is its label, read apart from the words: the
        # paragraph draws it first, and the canvas moves on to the body once it has.
        opened = tagger.begin(canvas, "Lbl")
        tagger.body_next = opened
    else:
        opened = tagger.begin(canvas, role)
    draw(canvas, x, y, _sW)
    tagger.body_next = False
    if opened:
        tagger.end(canvas)


def after_text(tagger: Tagger | None, canvas: Any) -> None:
    """Called by the canvas after it drew a piece of text: a list item's label is done, so
    its body opens."""
    if tagger is not None and tagger.body_next:
        tagger.body_next = False
        tagger.end(canvas)
        tagger.begin(canvas, "LI")


def table_cells(header_rows: int = 1, row_headers: bool = True) -> Any:
    """A Table `renderCB` that puts each cell's content in TH (the first rows, and the first
    column when `row_headers`) or TD, and the header rows repeated on later pages in the
    artifact."""
    seen: set[int] = set()
    key = id(seen)
    current: dict[str, int] = {"row": 0, "drawn": 0}

    def callback(table: Any, event: str, *args: Any) -> None:
        tagger = tagger_of(table.canv)
        if tagger is None:
            return
        if event == "startTable":
            current["repeat"] = int(bool(seen))
            current["drawn"] = 0
            seen.add(1)
        elif event == "startRow":  # one a row of this piece of the table, spanned or not
            current["drawn"] += 1
        elif event == "startCell":
            row, column = args[0], args[1]
            if current.get("repeat") and row < header_rows:
                tagger.cell = None
                tagger.state = "explicit" if tagger.state == "artifact" else tagger.state
                return
            logical = current["row"] + row - (header_rows if current.get("repeat") else 0)
            kind = "TH" if logical < header_rows or (row_headers and column == 0) else "TD"
            tagger.cell = (key, logical, column, kind)
            # A cell with nothing to read (the boxes to tick) is still a cell of its row.
            tagger.marks.append(Mark(table.canv.getPageNumber(), -1, "Cell", None, tagger.cell))
        elif event == "endCell":
            tagger.cell = None
            if tagger.state == "explicit":
                tagger.state = "artifact"
        elif event == "endTable":
            rows = current["drawn"] - (header_rows if current.get("repeat") else 0)
            current["row"] += rows

    return callback

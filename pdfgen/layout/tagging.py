"""Marked content and the structure tree of a tagged PDF (PDF/UA-1), read in order.

While the story draws, text and pictures are wrapped in marked-content sequences with an
MCID and everything else on the page (rules, tints, frames, the footer) in /Artifact
sequences; the Tagger records each MCID with its structure type in drawing order, which
platypus makes the reading order. After the build, `write_structure` adds the structure
tree, parent tree and the document-level entries with pikepdf.

ReportLab's open-source canvas has no marked-content API, so the operators are appended to
the canvas's page code (`_code`) directly, only ever between graphics objects (never inside
BT/ET), which is where ISO 32000-1 §14.6 allows them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from reportlab.platypus import Flowable

# The structure type of a paragraph by its style; a style not named here is a P.
ROLES = {
    "title": "H1", "title_tight": "H1", "heading": "H2", "card_name": "H2",
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
    state: str = "artifact"  # artifact (only graphics), explicit (furniture), content, bare
    cell: tuple[int, int, int, str] | None = None
    body_next: bool = False  # a list item's label is being drawn; its body comes next

    def start_page(self, canvas: Any) -> None:
        """Everything on a page is furniture until a tagged flowable says otherwise."""
        canvas._code.append("/Artifact BMC")
        self.state = "artifact"

    def end_page(self, canvas: Any) -> None:
        canvas._code.append("EMC")

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
        canvas._code.append(f"EMC /{_bdc_tag(role)} <</MCID {mcid}>> BDC")
        self.marks.append(Mark(page, mcid, role, alt, self.cell))
        self.state = "content"
        return True

    def end(self, canvas: Any) -> None:
        if self.state == "content":
            canvas._code.append("EMC /Artifact BMC")
        self.state = "artifact"

    def reveal(self, canvas: Any) -> bool:
        """Text or a picture about to be drawn in the implicit artifact: drawn bare, so the
        validator sees a block that forgot to tag it instead of it being hidden."""
        if self.state != "artifact":
            return False
        canvas._code.append("EMC")
        self.state = "bare"
        return True

    def hide(self, canvas: Any) -> None:
        canvas._code.append("/Artifact BMC")
        self.state = "artifact"

    def link(self, canvas: Any, url: str, rect: tuple[float, float, float, float],
             label: str) -> None:
        """A link annotation over `rect` (in the current user space), tagged as a Link."""
        page = canvas.getPageNumber()
        canvas.linkURL(url, rect, relative=1, thickness=0)
        index = self.links.get(page, 0)
        self.links[page] = index + 1
        self.marks.append(Mark(page, -1, "Link", label, self.cell, index))


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
        if opened:
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


def table_cells(header_rows: int = 1) -> Any:
    """A Table `renderCB` that puts each cell's content in TH (the first rows, the first
    column) or TD, and the header rows repeated on later pages in the artifact."""
    seen: set[int] = set()
    key = id(seen)
    current: dict[str, int] = {"row": 0}

    def callback(table: Any, event: str, *args: Any) -> None:
        tagger = tagger_of(table.canv)
        if tagger is None:
            return
        if event == "startTable":
            current["repeat"] = int(bool(seen))
            seen.add(1)
        elif event == "startCell":
            row, column = args[0], args[1]
            if current.get("repeat") and row < header_rows:
                tagger.cell = None
                tagger.state = "explicit" if tagger.state == "artifact" else tagger.state
                return
            logical = current["row"] + row - (header_rows if current.get("repeat") else 0)
            kind = "TH" if logical < header_rows or column == 0 else "TD"
            tagger.cell = (key, logical, column, kind)
            # A cell with nothing to read (the boxes to tick) is still a cell of its row.
            tagger.marks.append(Mark(table.canv.getPageNumber(), -1, "Cell", None, tagger.cell))
        elif event == "endCell":
            tagger.cell = None
            if tagger.state == "explicit":
                tagger.state = "artifact"
        elif event == "endTable":
            rows = len(table._cellvalues) - (header_rows if current.get("repeat") else 0)
            current["row"] += rows

    return callback


def write_structure(data: bytes, marks: list[Mark], title: str, lang: str) -> bytes:
    """The built PDF with its structure tree, parent tree and PDF/UA entries added."""
    import io

    import pikepdf
    from pikepdf import Array, Dictionary, Name, String

    pdf = pikepdf.open(io.BytesIO(data))
    pages = pdf.pages
    root = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))
    document = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Document, P=root,
                                            K=Array()))
    root.K = document
    parents: dict[int, list[Any]] = {}
    tables: dict[int, Any] = {}
    rows: dict[tuple[int, int], Any] = {}
    lists: list[Any] = [None]  # the list the last mark went into, while marks are items
    labelled: list[Any] = [None]  # the item whose label came last, waiting for its body
    level = [0]

    def element(role: str, parent: Any, **extra: Any) -> Any:
        made = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name("/" + role),
                                            P=parent, K=Array(), **extra))
        parent.K.append(made)
        return made

    annotation_parents: list[tuple[Any, Any]] = []
    for mark in marks:
        page = pages[mark.page - 1].obj
        parent = document
        if mark.cell is not None:
            key, row, column, kind = mark.cell
            if key not in tables:
                tables[key] = element("Table", document)
            if (key, row) not in rows:
                rows[key, row] = element("TR", tables[key])
            tr = rows[key, row]
            cells = list(tr.K)
            while len(cells) <= column:
                cells.append(element("TH" if (row < 1 or not cells) else "TD", tr))
            parent = cells[column]
            if kind == "TH" and "/A" not in parent:
                parent.A = Dictionary(O=Name.Table, Scope=Name.Column if row == 0
                                      else Name.Row)
        role = mark.role
        if role == "Cell":
            continue
        if role in HEADINGS:  # a level never skips: a box's heading before any H2 is one
            role = f"H{min(HEADINGS[role], level[0] + 1)}"
            level[0] = int(role[1])
        if role == "Lbl" and mark.cell is None:  # a list item's label: its body follows
            if lists[0] is None:
                lists[0] = element("L", parent)
            labelled[0] = element("LI", lists[0])
            leaf = element("Lbl", labelled[0], Pg=page)
        elif role == "LI" and mark.cell is None:
            if lists[0] is None:
                lists[0] = element("L", parent)
            item = labelled[0] if labelled[0] is not None else element("LI", lists[0])
            labelled[0] = None
            leaf = element("LBody", item, Pg=page)
        else:
            if mark.cell is None:
                lists[0] = None
            extra = {"Alt": String(mark.alt)} if mark.alt else {}
            leaf = element("P" if role == "LI" else role, parent, Pg=page, **extra)
        if role == "Link":
            annotation_parents.append((mark, leaf))
            continue
        leaf.K = mark.mcid
        parents.setdefault(mark.page, []).append((mark.mcid, leaf))

    nums = Array()
    for number, page in enumerate(pages):
        page.obj.StructParents = number
        owned = sorted(parents.get(number + 1, []), key=lambda pair: pair[0])
        nums.extend([number, Array([leaf for _, leaf in owned])])
    next_key = len(pages)
    for mark, leaf in annotation_parents:
        page = pages[mark.page - 1].obj
        links = [a for a in page.get("/Annots", []) if a.get("/Subtype") == Name.Link]
        annotation = links[mark.link]
        annotation.Contents = String(mark.alt or "")
        annotation.StructParent = next_key
        leaf.K = Dictionary(Type=Name.OBJR, Obj=annotation, Pg=page)
        leaf.Alt = String(mark.alt or "")
        page.Tabs = Name.S
        nums.extend([next_key, leaf])
        next_key += 1
    root.ParentTree = pdf.make_indirect(Dictionary(Nums=nums))
    root.ParentTreeNextKey = next_key
    pdf.Root.StructTreeRoot = root
    pdf.Root.MarkInfo = Dictionary(Marked=True)
    pdf.Root.Lang = String(lang)
    pdf.Root.ViewerPreferences = Dictionary(DisplayDocTitle=True)
    metadata = pdf.make_stream(_xmp(title, lang).encode("utf-8"))
    metadata.Type, metadata.Subtype = Name.Metadata, Name.XML
    pdf.Root.Metadata = metadata
    out = io.BytesIO()
    # Streams pass through as ReportLab compressed them (decoding and compressing them
    # again would cost most of the save); the XMP written above already says what it must.
    pdf.save(out, deterministic_id=True, min_version="1.7",  # PDF/UA-1 is on ISO 32000-1
             object_stream_mode=pikepdf.ObjectStreamMode.generate,
             stream_decode_level=pikepdf.StreamDecodeLevel.none,
             fix_metadata_version=False)
    return out.getvalue()


def _xmp(title: str, lang: str) -> str:
    from html import escape  # xml.sax.saxutils would import urllib.request and ssl

    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
        'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">\n'
        f'<dc:title><rdf:Alt><rdf:li xml:lang="{escape(lang)}">{escape(title)}</rdf:li>'
        '</rdf:Alt></dc:title>\n'
        '<pdfuaid:part>1</pdfuaid:part>\n'
        '</rdf:Description></rdf:RDF></x:xmpmeta>\n<?xpacket end="r"?>')

"""ReportLab behind one door: every private name of ReportLab pdfgen relies on, and its settings."""

# Everything here leans on how ReportLab works inside, not on what it promises: a minor
# release may change it. tests/test_reportlab_door.py (drawing, tables, pages, the SVG
# recorder) and tests/test_reportlab_state.py (fonts' subsets and maps, build settings,
# compression) hold a test for each touchpoint below that fails naming it and the ReportLab
# version; nothing else in pdfgen may use a private name of ReportLab's
# (test_reportlab_state.py checks that too).
#
# Nothing is changed on import. The global settings pdfgen needs are set while a PDF is
# built (build_settings) and put back after; all else is per font, page or table.

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from reportlab import rl_config
from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.ttfonts import SUBSETN, TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import tables

from pdfgen.caches import current

# ASCII85 wrapping inflates every stream (pages, pictures) by a quarter and helps no
# printer. ReportLab reads the switch from its global settings as it writes each stream:
# there is no per-document one.
BUILD_SETTINGS: dict[str, Any] = {"useA85": 0}


@contextmanager
def build_settings() -> Iterator[None]:
    """ReportLab's settings as pdfgen builds with them, put back as they were after (one
    build at a time in a process: the settings are ReportLab's globals), and its streams
    compressed through RememberedCompress."""
    before = {name: getattr(rl_config, name) for name in BUILD_SETTINGS}
    compress = pdfdoc.PDFZCompress
    for name, value in BUILD_SETTINGS.items():
        setattr(rl_config, name, value)
    pdfdoc.PDFZCompress = REMEMBERED_COMPRESS
    try:
        yield
    finally:
        for name, value in before.items():
            setattr(rl_config, name, value)
        pdfdoc.PDFZCompress = compress


_MOST_STREAMS = 64  # streams kept compressed (pdfgen.caches "compressed_streams"): ~1 MB


class RememberedCompress(pdfdoc.PDFStreamFilterZCompress):
    """ReportLab's Flate filter (pdfdoc.PDFZCompress, which it names as it writes each page,
    font and text map) giving the same bytes, but compressing a stream's bytes once a process:
    a batch's handouts repeat the same fonts' subsets and most pages word for word, and
    compressing is a tenth of a build. Keyed by a digest, so that only the compressed bytes
    are kept."""

    def encode(self, text: str | bytes) -> bytes:
        raw = text.encode("utf8") if isinstance(text, str) else text
        key = hashlib.sha256(raw).digest()
        known = current().map("compressed_streams", _MOST_STREAMS)
        found: bytes | None = known.get(key)
        if found is None:
            found = known.put(key, super().encode(raw))
        return found


REMEMBERED_COMPRESS = RememberedCompress()


_MOST_SUBSETS = 32  # font subsets kept (pdfgen.caches "font_subsets"): ~10 KB each
_NOT_TEXT = {0x0000, 0xFEFF, 0xFFFE}  # what PDF/UA-1 forbids as a ToUnicode value


def to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """A font subset's ToUnicode CMap as ReportLab's makeToUnicodeCMap writes it, but without
    the entry for code 0, the font's .notdef glyph, which it maps to U+0000 (a PDF/UA-1
    failure for every handout: veraPDF's rule 7.21.7); no character is drawn with it."""
    entries = [f"<{code:02X}> <{value:04X}>" for code, value in enumerate(subset)
               if value not in _NOT_TEXT]
    return "\n".join([
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
        f"/CIDSystemInfo\n<< /Registry ({fontname})\n/Ordering ({fontname})\n/Supplement 0\n"
        ">> def", f"/CMapName /{fontname} def", "/CMapType 2 def",
        "1 begincodespacerange", f"<00> <{len(subset) - 1:02X}>", "endcodespacerange",
        f"{len(entries)} beginbfchar", *entries, "endbfchar", "endcmap",
        "CMapName currentdict /CMap defineresource pop", "end", "end"])


def subset_name(font: TTFont, number: int) -> str:
    """The PDF name ReportLab gives a font's subset `number` (its BaseFont)."""
    return (SUBSETN(number) + b"+" + font.face.name + font.face.subfontNameX).decode("pdfdoc")


class SubsetFont(TTFont):
    """A TrueType font whose subsets hold only the glyphs drawn (ReportLab's default adds
    printable ASCII to each) and whose ToUnicode maps are to_unicode_map's: the font's own,
    where ReportLab's way is to replace its module's makeToUnicodeCMap for everyone."""

    def __init__(self, name: str, filename: str, subfontIndex: int = 0,
                 shapable: bool = True) -> None:
        super().__init__(name, filename, subfontIndex=subfontIndex, asciiReadable=False,
                         shapable=shapable)
        # The subset's font program, made once a process for the same glyphs: a batch's
        # handouts draw the same glyphs in the same order (TTFontFace.makeSubset, per face).
        make = self.face.makeSubset
        face = self.face

        def remembered_subset(subset: list[int]) -> bytes:
            known = current().map("font_subsets", _MOST_SUBSETS)
            key = (face, tuple(subset))
            found: bytes | None = known.get(key)
            if found is None:
                found = known.put(key, make(subset))
            return found

        self.face.makeSubset = remembered_subset

    def to_unicode_map(self, name: str, subset: list[int]) -> str:
        return to_unicode_cmap(name, subset)

    def addObjects(self, doc: Any) -> None:  # as the document writes its fonts
        state = self.state.get(doc)  # dropped by ReportLab as it writes them
        subsets = [list(s) for s in state.subsets] if state is not None else []
        super().addObjects(doc)
        for number, subset in enumerate(subsets):
            name = subset_name(self, number)
            stream = doc.idToObject.get("toUnicodeCMap:" + name)
            if stream is not None:
                stream.content = self.to_unicode_map(name, subset)


def font_data(font: TTFont) -> bytes:
    """The font file's bytes as ReportLab read them (for HarfBuzz)."""
    return font.face._ttf_data


class HoldingCanvas(Canvas):
    """A canvas that holds its pages back until save(), so that what every page carries (the
    footer's "page X of Y") is drawn once the count is known: ReportLab's own recipe, which
    keeps the canvas's whole state per page (it has no public way to start a page without
    writing the one before). Subclasses draw on each held page in finish_page and add keys
    to each page object in page_made."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.held_pages: list[dict[str, Any]] = []

    def finish_page(self, pages: int) -> None:
        """Called on each held page, the canvas as it was, before it is written."""

    def page_made(self, page: Any) -> None:
        """Called with each page's PDFPage as ReportLab makes it, in save()."""

    def showPage(self) -> None:
        self.held_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        pages = len(self.held_pages)
        for state in self.held_pages:
            self.__dict__.update(state)
            self.finish_page(pages)
            Canvas.showPage(self)
        Canvas.save(self)

    def _setAnnotations(self, page: Any) -> None:  # ReportLab's step that makes each page
        super()._setAnnotations(page)
        self.page_made(page)

    def bookmarkPage(self, key: str, *args: Any, **kwargs: Any) -> Any:
        # With the pages held back the document still counts the first: name the page
        # being drawn, as it will be named when it is written.
        doc = self._doc
        counted = doc.pageCounter
        doc.pageCounter = self.getPageNumber()
        try:
            return super().bookmarkPage(key, *args, **kwargs)
        finally:
            doc.pageCounter = counted


def set_page_keys(page: Any, **keys: Any) -> None:
    """Keys a PDFPage writes besides its own (it writes only those its class lists in
    __NoDefault__, and none whose value is None)."""
    page.__NoDefault__ = [*type(page).__NoDefault__, *keys]
    for key, value in keys.items():
        setattr(page, key, value)


class Table(tables.Table):
    """ReportLab's Table, its cells on the document's font (the canvas's `cell_font`) where
    no style names one. ReportLab starts every cell by choosing CellStyle's font, Helvetica:
    the PDF would name a font it does not embed, which print shops flag."""

    # The width and height it was last asked to fit and its size then: a table measured
    # while the page is made up is asked again by the frame that places it. Its rows' heights
    # (Table._calc) stand for any height at least as tall as the whole table.
    _last_wrap: tuple[float, float, float, float] | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        last = self._last_wrap
        if (last is not None and last[0] == availWidth
                and last[3] <= min(last[1], availHeight)):
            return last[2], last[3]
        width, height = super().wrap(availWidth, availHeight)
        self._last_wrap = (availWidth, availHeight, width, height)
        return width, height

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        self._last_wrap = None  # (splitting lays it out again)
        pieces: list[Any] = super().split(availWidth, availHeight)
        return pieces

    def setStyle(self, tblstyle: Any) -> None:
        self._last_wrap = None
        super().setStyle(tblstyle)

    def draw(self) -> None:
        font = getattr(self.canv, "cell_font", None)
        if font is not None:
            default = tables.CellStyle.fontname
            for row in self._cellStyles:
                for style in row:
                    if style.fontname == default:
                        style.fontname = font
        super().draw()


def row_heights(table: tables.Table) -> list[float]:
    """A table's rows' heights, as its last wrap (or split) laid them out."""
    return list(table._rowHeights)


def paragraph_lines(paragraph: Any) -> tuple[Any, Any, float]:
    """What Paragraph.wrap leaves for drawing: its line widths, its broken lines, its height
    (ReportLab has no public way to reuse a paragraph's lines)."""
    return paragraph._wrapWidths, paragraph.blPara, paragraph.height


def use_lines(paragraph: Any, lines: tuple[Any, Any, float]) -> None:
    """A paragraph given lines paragraph_lines took from one wrapped the same way."""
    paragraph._wrapWidths, paragraph.blPara, paragraph.height = lines


def at_frame_top(flowable: Any) -> bool:
    """Whether the frame placing the flowable (wrap, then draw) has nothing above it yet."""
    frame = getattr(flowable, "_frame", None)
    return bool(frame is not None and frame._atTop)


class CanvasStandIn:
    """What renderPDF reads and sets on a canvas beyond its methods: the current font (to
    change one of font and size, it reads the other) and the fill rule, set directly."""

    def __init__(self) -> None:
        self._fontname, self._fontsize = "Helvetica", 12.0

    def font_set(self, name: str, size: float) -> None:
        self._fontname, self._fontsize = name, size

    def fill_rule(self) -> int:
        return 0

    def fill_rule_set(self, value: int) -> None:
        """Called when ReportLab sets the fill rule."""

    @property
    def _fillMode(self) -> int:
        return self.fill_rule()

    @_fillMode.setter
    def _fillMode(self, value: Any) -> None:
        self.fill_rule_set(int(value))


@dataclass
class Written:
    """A PDF as ReportLab writes it, object by object."""

    header: bytes  # the %PDF line and the binary comment
    objects: dict[int, bytes]  # each object's body, between "obj" and "endobj"
    root: int
    info: int
    ids: bytes  # the trailer's /ID array, as written
    pages: list[int]  # page object numbers, in order
    links: list[int]  # link annotation object numbers, in order of their /StructParent


_TRAILER = re.compile(rb"trailer\s*<<(.*?)>>\s*startxref\s+(\d+)\s+%%EOF\s*$", re.S)
_REF = rb"(\d+)\s+0\s+R"


def read_written(data: bytes) -> Written:
    """ReportLab's output read back: found by its classic cross-reference table (one
    section, a 20-byte row per object, objects written in order of their numbers), the
    trailer after it, and the few keys pdfgen needs, by the PDF's own syntax. (ReportLab's
    document objects number themselves only as they are written, inside save.)"""
    found = _TRAILER.search(data, max(0, len(data) - 1024))
    assert found is not None, "not a PDF as ReportLab writes it"
    trailer, xref = found.group(1), int(found.group(2))
    count = int(data[xref:xref + 40].split()[2])  # "xref", "0", count
    table = data.index(b"\n", data.index(b"\n", xref) + 1) + 1
    starts = {n: int(data[table + 20 * n: table + 20 * n + 10]) for n in range(1, count)}
    ends = sorted([*starts.values(), xref])
    objects: dict[int, bytes] = {}
    for number, start in starts.items():
        chunk = data[start:ends[ends.index(start) + 1]].rstrip()
        assert chunk.endswith(b"endobj"), number
        objects[number] = chunk[chunk.index(b"obj") + 3:-6].strip()

    def ref(key: bytes, text: bytes = trailer) -> int:
        match = re.search(rb"/" + key + rb"\s+" + _REF, text)
        assert match is not None, key
        return int(match.group(1))

    def refs(key: bytes, text: bytes) -> list[int]:
        match = re.search(rb"/" + key + rb"\s*\[([^\]]*)\]", text)
        return [int(n) for n in re.findall(_REF, match.group(1))] if match else []

    root = ref(b"Root")
    pages = refs(b"Kids", objects[ref(b"Pages", objects[root])])
    links: dict[int, int] = {}
    for page in pages:
        for number in refs(b"Annots", objects[page]):
            key = re.search(rb"/StructParent\s+(\d+)", objects[number])
            if key is not None:
                links[int(key.group(1))] = number
    ids = re.search(rb"/ID\s*(\[[^\]]*\])", trailer)
    return Written(header=data[:min(starts.values())], objects=objects, root=root,
                   info=ref(b"Info"), ids=ids.group(1) if ids else b"[]", pages=pages,
                   links=[links[k] for k in sorted(links)])

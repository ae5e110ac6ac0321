"""What pdfgen relies on inside ReportLab, one test a touchpoint of reportlab_door."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pypdf
import pytest
import reportlab
from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.graphics.shapes import Path as Outline
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Frame, Paragraph

from pdfgen.content.svg_record import Recorder
from pdfgen.layout import reportlab_door as door

REPO = Path(__file__).resolve().parents[1]
FONT = REPO / "fonts" / "DejaVuSans.ttf"


def holds(touchpoint: str, condition: bool, detail: object = "") -> None:
    """One thing pdfgen relies on, failing with where it is used and the ReportLab version."""
    if not condition:
        pytest.fail(f"ReportLab {reportlab.Version} no longer does what "
                    f"pdfgen.layout.reportlab_door relies on: {touchpoint}"
                    + (f"\n{detail}" if detail != "" else ""))


def built(draw, canvas_class: type[Canvas] = Canvas, **kwargs: object) -> bytes:
    buffer = io.BytesIO()
    canvas = canvas_class(buffer, pageCompression=0, invariant=1, **kwargs)
    draw(canvas)
    canvas.save()
    return buffer.getvalue()


def pages_of(data: bytes) -> list[str]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return [page.get_contents().get_data().decode("latin-1") for page in reader.pages]


def used_fonts(data: bytes) -> set[str]:
    """The fonts a page's text operators choose (a subset's tag left out)."""
    page = pypdf.PdfReader(io.BytesIO(data)).pages[0]
    names = set(re.findall(r"/([\w+]+) [\d.]+ Tf", page.get_contents().get_data().decode()))
    fonts = page["/Resources"]["/Font"]
    return {str(fonts[f"/{name}"]["/BaseFont"]).lstrip("/").split("+")[-1] for name in names}


def subset_font() -> str:
    """DejaVu Sans (for its many glyphs) as pdfgen registers its fonts, by name."""
    name = "DoorTest"
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(door.SubsetFont(name, str(FONT)))
    return name


def test_literals_go_into_the_page_where_they_are_added() -> None:
    def draw(canvas: Canvas) -> None:
        canvas.rect(10, 10, 20, 20)
        canvas.addLiteral("/Artifact BMC")
        canvas.drawString(50, 50, "words")
        canvas.addLiteral("EMC")

    code = pages_of(built(draw))[0]
    where = [code.find(op) for op in (" re", "/Artifact BMC", "(words) Tj", "EMC")]
    holds("Canvas.addLiteral puts tagging's marked-content operators in the page's code, "
          "in drawing order", -1 not in where and where == sorted(where), code)


def test_held_pages_come_out_in_order_each_made_once() -> None:
    made: list[tuple[int, str]] = []

    class Paged(door.HoldingCanvas):
        def finish_page(self, pages: int) -> None:
            self.drawString(10, 10, f"footer {self.getPageNumber()} of {pages}")

        def page_made(self, page: object) -> None:
            made.append((self.getPageNumber(), type(page).__name__))

    def draw(canvas: Canvas) -> None:
        canvas.setDateFormatter(lambda *_: "D:20261124000000+00'00'")  # the handout's day
        for number in (1, 2, 3):
            canvas.drawString(10, 100, f"body {number}")
            canvas.addLiteral(f"EMC % {number}")
            if number == 2:
                canvas.bookmarkPage("two")
                canvas.addOutlineEntry("Two", "two")
            canvas.showPage()

    data = built(draw, Paged)
    pages = pages_of(data)
    holds("HoldingCanvas: the canvas's state kept whole per page and _startPage start a "
          "fresh one", len(pages) == 3, pages)
    for number, code in enumerate(pages, start=1):
        body, footer = code.find(f"(body {number})"), code.find(f"(footer {number} of 3)")
        holds("HoldingCanvas: each held page written with its own drawing, then "
              "finish_page's", -1 < body < code.find(f"EMC % {number}") < footer, code)
    holds("HoldingCanvas._setAnnotations: called once for each page object, in order",
          made == [(1, "PDFPage"), (2, "PDFPage"), (3, "PDFPage")], made)
    reader = pypdf.PdfReader(io.BytesIO(data))
    holds("HoldingCanvas.bookmarkPage: the document's pageCounter names the page drawn",
          reader.get_destination_page_number(reader.outline[0]) == 1)
    dates = [reader.trailer["/Info"][key] for key in ("/CreationDate", "/ModDate")]
    holds("Canvas.setDateFormatter: the file's dates (pages.PagedCanvas)",
          dates == ["D:20261124000000+00'00'"] * 2, dates)


def test_page_objects_write_the_keys_pdfgen_adds() -> None:
    class Keyed(door.HoldingCanvas):
        def page_made(self, page: object) -> None:
            door.set_page_keys(page, StructParents=self.getPageNumber() + 6, Tabs=None)

    def draw(canvas: Canvas) -> None:
        for words in ("one", "two"):  # platypus ends every page, the last one too
            canvas.drawString(10, 10, words)
            canvas.showPage()

    reader = pypdf.PdfReader(io.BytesIO(built(draw, Keyed)))
    keys = [(p.get("/StructParents"), "/Tabs" in p) for p in reader.pages]
    holds("set_page_keys: a PDFPage writes the keys its __NoDefault__ lists, not None ones",
          keys == [(7, False), (8, False)], keys)


def test_a_table_says_each_row_of_each_piece_to_its_render_callback() -> None:
    events: list[tuple] = []
    data = [["head"], *[[f"row {n}"] for n in range(30)]]
    table = door.Table(data, colWidths=[80], repeatRows=1,
                       renderCB=lambda _t, event, *args: events.append((event, *args[:3])))
    spanned = door.Table([["a", ""], ["b", "c"], ["d", "e"]], colWidths=[40, 40],
                         style=[("SPAN", (0, 0), (1, 0))],
                         renderCB=lambda _t, event, *args: events.append((event, *args[:3])))
    canvas = Canvas(io.BytesIO())
    pieces = table.split(100, 200)
    for piece in [*pieces, spanned]:
        piece.wrapOn(canvas, 100, 1000)
        piece.drawOn(canvas, 0, 0)
    drawn, rows = [], set()
    for event in events:
        if event[0] == "startTable":
            drawn.append(0)
            rows = set()
        elif event[0] == "startRow":
            drawn[-1] += 1
        elif event[0] == "startCell":
            rows.add(event[1])
        elif event[0] == "endTable":
            holds("Table renderCB: one startRow a row of the piece drawn (tagging counts the "
                  "rows of a table split over pages with them)", drawn[-1] == len(rows),
                  events)
    values = [e[3] for e in events if e[0] == "startCell" and str(e[3]).startswith("row")]
    holds("Table renderCB: each row drawn once across the pieces", len(pieces) > 1
          and sorted(values) == sorted(row[0] for row in data[1:]), values)
    holds("Table renderCB: a spanned table's rows too", drawn[-1] == 3, events)


def test_a_tables_row_heights_are_its_pieces_rows_after_a_split() -> None:
    """The log shares its weeks out over pages by the rows' heights of a table and of the
    piece a split leaves (its head row repeated there)."""
    data = [["head"], *[[f"row {n}"] for n in range(30)]]
    table = door.Table(data, colWidths=[80], rowHeights=[30, *[20] * 30], repeatRows=1)
    table.wrap(100, 1000)
    holds("Table._rowHeights: one a row, as wrapped", door.row_heights(table) ==
          [30, *[20] * 30], door.row_heights(table))
    first, rest = table.split(100, 30 + 5 * 20 + 1)
    holds("Table.split: the rest's rows are the head and the rows not placed",
          door.row_heights(rest) == [30, *[20] * 25], door.row_heights(rest))
    holds("Table.split: the first piece's rows", door.row_heights(first) == [30, *[20] * 5],
          door.row_heights(first))


def test_a_tables_cells_are_on_the_canvass_font() -> None:
    font = subset_font()

    def fonts(cell_font: str | None) -> set[str]:
        def draw(canvas: Canvas) -> None:
            canvas.cell_font = cell_font
            table = door.Table([["y", "x"]], colWidths=[40, 40],
                               style=[("FONTNAME", (1, 0), (1, 0), "Times-Roman")])
            table.wrapOn(canvas, 100, 100)
            table.drawOn(canvas, 0, 0)

        return used_fonts(built(draw, initialFontName="Times-Roman"))

    ours = fonts(font)
    holds("Table: cells left on CellStyle's font start on the canvas's cell_font "
          "(Table._cellStyles)", ours == {"DejaVuSans", "Times-Roman"}, ours)
    holds("Table: without cell_font, ReportLab's own default",
          fonts(None) == {"Helvetica", "Times-Roman"})


@pytest.mark.parametrize("wrap", ["LTR", "RTL"])  # right to left reads the line widths too
def test_a_paragraph_draws_from_the_lines_it_is_given(wrap: str) -> None:
    style = ParagraphStyle("door", fontName="Helvetica", fontSize=12, leading=15,
                           wordWrap=wrap)
    text = "A paragraph long enough to break over a few lines at this narrow width. " * 3
    wrapped = Paragraph(text, style)
    wrapped.wrap(150, 1000)
    given = Paragraph(text, style)
    door.use_lines(given, door.paragraph_lines(wrapped))
    given.width = 150

    def code(paragraph: Paragraph) -> str:
        return pages_of(built(lambda canvas: paragraph.drawOn(canvas, 20, 300)))[0]

    drawn = code(wrapped)
    holds("paragraph_lines: Paragraph.wrap leaves _wrapWidths, blPara and height for "
          "drawing", drawn.count(" Tj") + drawn.count(" TJ") > 3, drawn)
    try:
        again = code(given)
    except AttributeError as missing:
        again = f"drawing asked for what wrap left and the door did not give: {missing}"
    holds("paragraph_lines: a paragraph given them draws just as the one wrapped",
          again == drawn, again)


def test_a_flowable_knows_whether_its_frame_is_at_the_top() -> None:
    seen: list[bool] = []

    class Probe(Flowable):
        def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
            seen.append(door.at_frame_top(self))
            return avail_width, 20

        def draw(self) -> None:
            pass

    frame, canvas = Frame(0, 0, 200, 200), Canvas(io.BytesIO())
    first, second = Probe(), Probe()
    seen.append(door.at_frame_top(first))
    frame.add(first, canvas)
    frame.add(second, canvas)
    holds("at_frame_top: Frame sets a flowable's _frame before wrap, and its _atTop",
          seen == [False, True, False], seen)


def test_the_svg_recorder_is_all_renderpdf_needs_of_a_canvas() -> None:
    renderer = renderPDF._PDFRenderer()
    renderer._canvas = recorder = Recorder()
    renderer.applyStateChanges({"fontSize": 20}, {})
    renderer.applyStateChanges({"fillMode": 1}, {})
    holds("CanvasStandIn: renderPDF reads the canvas's _fontname to change the size alone",
          ["font", "Helvetica", 20] in recorder.steps, recorder.steps)
    holds("CanvasStandIn: renderPDF sets the fill rule as the canvas's _fillMode",
          recorder.fill_rule() == 1)
    drawing = Drawing(100, 100)
    drawing.add(String(10, 10, "x", fontName="Times-Roman", fontSize=9))
    shape = Outline(fillMode=1)
    shape.moveTo(0, 0)
    shape.lineTo(10, 0)
    shape.lineTo(10, 10)
    shape.closePath()
    drawing.add(shape)
    drawing.add(Rect(0, 0, 10, 10))
    recorder = Recorder()
    renderPDF.draw(drawing, recorder, 0, 0, showBoundary=False)  # asks for nothing else
    rules = [step[4] for step in recorder.steps if step[0] == "path"]
    holds("CanvasStandIn: a drawing's text and fill rules as steps",
          ["font", "Times-Roman", 9] in recorder.steps and rules == [1, 0], recorder.steps)


def test_reportlabs_file_is_read_back_object_by_object() -> None:
    def draw(canvas: Canvas) -> None:
        canvas.drawString(10, 10, "one")
        canvas.showPage()
        canvas.linkURL("https://example.org", (10, 10, 50, 30), relative=1, StructParent=0)
        canvas.showPage()

    data = built(draw)
    written = door.read_written(data)
    reader = pypdf.PdfReader(io.BytesIO(data))
    pages = [page.indirect_reference.idnum for page in reader.pages]
    link = reader.pages[1]["/Annots"][0].idnum
    holds("read_written: a classic cross-reference table, one section, objects in order, "
          "and the trailer's /Root, /Info and /ID",
          written.root == reader.trailer.raw_get("/Root").idnum
          and written.info == reader.trailer.raw_get("/Info").idnum
          and written.ids.startswith(b"[") and written.header.startswith(b"%PDF-1."),
          data[-400:])
    holds("read_written: the pages in order, each link by its /StructParent",
          written.pages == pages and written.links == [link], (written.pages, written.links))
    holds("read_written: each object's body between 'obj' and 'endobj'",
          written.objects[link].startswith(b"<<") and b"/StructParent 0" in written.objects[link]
          and sorted(written.objects) == sorted(n for n in reader.xref[0] if n),
          written.objects[link])


def test_a_fonts_subset_is_made_by_its_face_and_made_once() -> None:
    from pdfgen.caches import Caches, using

    def draw(canvas: Canvas) -> None:
        canvas.setFont(subset_font(), 12)
        canvas.drawString(10, 10, "subset")

    with using(Caches()) as caches:
        first, second = built(draw), built(draw)
        sizes = caches.sizes()
    holds("TTFontFace.makeSubset makes each subset's font program as the document writes "
          "its fonts (addSubsetObjects), one call a subset", first == second
          and sizes.get("font_subsets", (0, 0))[0] == 1, sizes)
    fonts = pypdf.PdfReader(io.BytesIO(first)).pages[0]["/Resources"]["/Font"]
    subset = next(f.get_object() for f in fonts.values()
                  if "DejaVu" in str(f.get_object()["/BaseFont"]))
    program = subset["/FontDescriptor"]["/FontFile2"]
    holds("the subset's font program is the one made", len(program.get_data()) > 1000)

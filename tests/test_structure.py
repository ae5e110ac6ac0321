"""The structure tree written into ReportLab's file: one revision, every object kept."""

from __future__ import annotations

import io
from typing import Any

import pikepdf
from reportlab.pdfgen.canvas import Canvas

from pdfgen.layout.reportlab_door import HoldingCanvas
from pdfgen.layout.structure import write_structure
from pdfgen.layout.tagging import Mark, Tagger

ALT = "QR code: Zoë's page (½ price) \\ more"


def two_pages() -> tuple[bytes, list[Mark]]:
    """A two-page PDF as pdfgen's canvas draws one: a heading and a list item on page 1 with
    a link, a paragraph on page 2."""
    tagger = Tagger()

    class Tagged(HoldingCanvas):
        def page_made(self, page: Any) -> None:
            tagger.page_entries(page, self.getPageNumber())

    buffer = io.BytesIO()
    canvas = Tagged(buffer, pdfVersion=(1, 7), invariant=1, pageCompression=1)
    for page, words in ((1, ["Title", "1", "Stand up."]), (2, ["Keep going."])):
        tagger.start_page(canvas)
        roles = ["H1", "Lbl", "LI"] if page == 1 else ["P"]
        for index, (role, word) in enumerate(zip(roles, words, strict=True)):
            tagger.begin(canvas, role)
            canvas.drawString(72, 700 - 20 * index, word)
            tagger.end(canvas)
        if page == 1:
            tagger.link(canvas, "https://example.com", (72, 72, 144, 144), ALT)
        tagger.end_page(canvas)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue(), tagger.marks


def test_one_revision_that_qpdf_finds_sound() -> None:
    data, marks = two_pages()
    out = write_structure(data, marks, "A title (with brackets)", "en-US")
    assert out.startswith(b"%PDF-1.7\n")
    assert out.count(b"%%EOF") == 1 and out.count(b"startxref") == 1  # no update appended
    with pikepdf.open(io.BytesIO(out)) as pdf:
        assert pdf.check_pdf_syntax() == []
        assert pdf.Root.MarkInfo.Marked is True
        assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
        assert "<pdfuaid:part>1</pdfuaid:part>" in pdf.Root.Metadata.read_bytes().decode()
        assert str(pdf.Root.Lang) == "en-US"


def test_every_stream_is_copied_as_reportlab_wrote_it() -> None:
    data, marks = two_pages()
    out = write_structure(data, marks, "Title", "en")
    with pikepdf.open(io.BytesIO(data)) as before, pikepdf.open(io.BytesIO(out)) as after:
        assert len(after.pages) == len(before.pages) == 2
        for old, new in zip(before.pages, after.pages, strict=True):
            assert new.Contents.read_raw_bytes() == old.Contents.read_raw_bytes()
        assert str(after.docinfo.Title) == str(before.docinfo.Title)


def test_the_tree_owns_each_mcid_once_in_reading_order() -> None:
    data, marks = two_pages()
    with pikepdf.open(io.BytesIO(write_structure(data, marks, "Title", "en"))) as pdf:
        root = pdf.Root.StructTreeRoot
        document = root.K
        assert str(document.S) == "/Document"
        kinds = [str(kid.S) for kid in document.K]
        assert kinds == ["/H1", "/L", "/Link", "/P"]
        item = document.K[1].K[0]
        assert [str(k.S) for k in item.K] == ["/Lbl", "/LBody"]
        # The parent tree: the link's key first (0), then one array per page.
        nums = list(root.ParentTree.Nums)
        assert int(nums[0]) == 0 and nums[1].objgen == document.K[2].objgen
        assert [int(n) for n in nums[2::2]] == [1, 2]
        assert [int(p.StructParents) for p in pdf.pages] == [1, 2]
        page_one = [str(e.S) for e in nums[3]]
        assert page_one == ["/H1", "/Lbl", "/LBody"]  # in MCID order, 0, 1, 2
        assert int(root.ParentTreeNextKey) == 3


def test_a_link_is_its_annotation_with_the_alt_text_whole() -> None:
    data, marks = two_pages()
    with pikepdf.open(io.BytesIO(write_structure(data, marks, "Title", "en"))) as pdf:
        link = pdf.Root.StructTreeRoot.K.K[2]
        annotation = pdf.pages[0].Annots[0]
        assert str(link.Alt) == ALT  # non-ASCII, brackets and a backslash survive
        assert link.K.Obj.objgen == annotation.objgen
        assert str(annotation.Contents) == ALT
        assert pdf.pages[0].Tabs == pikepdf.Name.S
        assert "/Tabs" not in pdf.pages[1]


def test_same_input_same_bytes() -> None:
    data, marks = two_pages()
    assert write_structure(data, marks, "T", "en") == write_structure(data, marks, "T", "en")


def test_a_large_file_widens_the_cross_reference_fields() -> None:
    """Offsets past 65,535 bytes need a third byte in each cross-reference row."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pdfVersion=(1, 7), invariant=1, pageCompression=0)
    for row in range(4000):  # a page stream of some 100 KB, before the packed objects
        canvas.drawString(72, 700 - row % 600, "a line of text")
    canvas.showPage()
    canvas.save()
    out = write_structure(buffer.getvalue(), [Mark(1, 0, "P")], "T", "en")
    assert b"/W[1 3 " in out
    with pikepdf.open(io.BytesIO(out)) as pdf:
        assert pdf.check_pdf_syntax() == []
        assert len(pdf.pages[0].Contents.read_bytes()) > 65_535

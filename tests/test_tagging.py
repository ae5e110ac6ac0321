"""Tagged handouts (PDF/UA-1): marked content, the structure tree, and two readers of it."""

from __future__ import annotations

import ctypes
import datetime as dt
import itertools
import re
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from conftest import REPO
from limited import run_limited
from test_pages import own_photos

TEXT_OPS = {"Tj", "TJ", "'", '"'}
PLAN = REPO / "content" / "plans" / "example.yaml"
HANDOUTS = {  # the handouts the README shows
    "level-2": ["--level", "2"],
    "level-1": ["--level", "1"],
    "plan-with-log": ["--plan", str(PLAN), "--log", "4"],
    "large-print": ["--level", "2", "--large-print"],
    "a4": ["--level", "2", "--paper", "a4"],
    "spanish": ["--level", "2", "--language", "es"],
}


def build(tmp_path: Path, args: list[str], name: str = "handout.pdf", cwd: Path = REPO
          ) -> Path:
    """`pdfgen handout` in a real process of its own (in the clinic folder `cwd`), checked."""
    out = tmp_path / name
    done = run_limited("handout", *args, "--date", "2026-11-24", "--patient", "Jane Example",
                       "--output", str(out), cwd=cwd, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert out.is_file()
    return out


def problems(path: Path) -> list[str]:
    """What keeps the PDF from being tagged as PDF/UA-1 asks, as far as a machine can tell."""
    found: list[str] = []
    with pikepdf.open(path) as pdf:
        root = pdf.Root
        if pdf.pdf_version < "1.7":
            found.append(f"PDF {pdf.pdf_version}, not 1.7")
        if root.get("/MarkInfo", {}).get("/Marked") is not True:
            found.append("no /MarkInfo << /Marked true >>")
        if not str(root.get("/Lang", "")):
            found.append("no /Lang")
        if root.get("/ViewerPreferences", {}).get("/DisplayDocTitle") is not True:
            found.append("no /DisplayDocTitle")
        xmp = root.Metadata.read_bytes().decode() if "/Metadata" in root else ""
        if "<pdfuaid:part>1</pdfuaid:part>" not in xmp or "<dc:title>" not in xmp:
            found.append("XMP without pdfuaid:part 1 and dc:title")
        drawn = {}  # (page, mcid) for every marked-content sequence with an MCID
        for number, page in enumerate(pdf.pages, 1):
            found += _content_problems(page, number, drawn)
            if page.get("/Annots") and page.get("/Tabs") != pikepdf.Name.S:
                found.append(f"page {number}: annotations without /Tabs /S")
            for font in page.Resources.get("/Font", {}).values():
                descriptor = font.get("/DescendantFonts", [font])[0].get("/FontDescriptor", {})
                if "/ToUnicode" not in font or not any(
                        k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                    found.append(f"page {number}: {font.BaseFont} not embedded with ToUnicode")
        if "/StructTreeRoot" not in root:
            return [*found, "no structure tree"]
        owners: dict[tuple[int, int], list] = {}
        elements = list(_walk(root.StructTreeRoot))
        pages = {page.obj.objgen: n for n, page in enumerate(pdf.pages, 1)}
        for element in elements:
            kind = str(element.S)
            if kind == "/Figure" and not str(element.get("/Alt", "")):
                found.append("a Figure without /Alt")
            for mcid, page in _mcids(element):
                owners.setdefault((pages[page.objgen], mcid), []).append(element)
        for key in drawn:
            if len(owners.get(key, [])) != 1:
                found.append(f"page {key[0]} MCID {key[1]}: owned by "
                             f"{len(owners.get(key, []))} elements")
        tree = root.StructTreeRoot.ParentTree.Nums
        parent_tree = {int(tree[i]): tree[i + 1] for i in range(0, len(tree), 2)}
        for (number, mcid), owner in owners.items():
            entry = parent_tree.get(int(pdf.pages[number - 1].StructParents))
            if entry is None or len(entry) <= mcid or entry[mcid].objgen != owner[0].objgen:
                found.append(f"page {number} MCID {mcid}: not in the ParentTree")
        levels = [int(str(e.S)[2:]) for e in elements if re.fullmatch(r"/H\d", str(e.S))]
        if levels[:1] != [1] or any(b > a + 1 for a, b in itertools.pairwise(levels)):
            found.append(f"heading levels skip: {levels}")
        for table in (e for e in elements if str(e.S) == "/Table"):
            heads = [e for e in _walk(table) if str(e.S) == "/TH"]
            if not heads or any("/Scope" not in e.get("/A", {}) for e in heads):
                found.append("a Table without TH cells that have /Scope")
    return found


def _content_problems(page: pikepdf.Page, number: int, drawn: dict) -> list[str]:
    found, stack = [], []
    for operands, operator in pikepdf.parse_content_stream(page):
        op = str(operator)
        if op in ("BDC", "BMC"):
            tag = str(operands[0])
            mcid = operands[1].get("/MCID") if op == "BDC" and isinstance(
                operands[1], pikepdf.Dictionary) else None
            if mcid is not None:
                drawn[number, int(mcid)] = tag
            stack.append(tag)
        elif op == "EMC":
            if not stack:
                found.append(f"page {number}: EMC without BMC/BDC")
            else:
                stack.pop()
        elif (op in TEXT_OPS or op in ("Do", "INLINE IMAGE")) and not stack:
            found.append(f"page {number}: {op} drawn outside marked content")
    if stack:
        found.append(f"page {number}: marked content left open")
    return found


def _walk(element: pikepdf.Dictionary):
    for kid in _kids(element):
        if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") not in (
                pikepdf.Name.MCR, pikepdf.Name.OBJR) and "/S" in kid:
            yield kid
            yield from _walk(kid)


def _kids(element: pikepdf.Dictionary) -> list:
    kids = element.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def _mcids(element: pikepdf.Dictionary):
    for kid in _kids(element):
        if isinstance(kid, int):
            yield int(kid), element.Pg
        elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == pikepdf.Name.MCR:
            yield int(kid.MCID), kid.get("/Pg", element.get("/Pg"))


@pytest.mark.parametrize("name", HANDOUTS)
def test_every_handout_passes_the_validator(tmp_path: Path, name: str) -> None:
    pdf = build(tmp_path, HANDOUTS[name])
    assert problems(pdf) == []


def test_a_clinic_with_its_own_photos_passes_the_validator(demo: Path) -> None:
    pdf = build(demo, list(own_photos(demo)), cwd=demo)
    assert problems(pdf) == []
    with pikepdf.open(pdf) as doc:
        alts = [str(e.Alt) for e in _walk(doc.Root.StructTreeRoot) if str(e.S) == "/Figure"]
        images = sum(len(page.get_images()) for page in doc.pages)
    assert alts.count("Our photo of the start position.") == 3
    assert images >= 6  # the photos are drawn, each a Figure


def test_the_validator_fails_an_untagged_handout(tmp_path: Path) -> None:
    """The same handout built without tagging (as before this change) fails on every count."""
    from pdfgen.build import HandoutRequest, build_handout
    from pdfgen.content.project import find_project

    request = HandoutRequest(level=2, date=dt.date(2026, 11, 24), tagged=False,
                             output=tmp_path / "untagged.pdf")
    path = tmp_path / "untagged.pdf"
    path.write_bytes(build_handout(find_project(None, cwd=REPO), request).pdf)
    found = problems(path)
    assert "no /MarkInfo << /Marked true >>" in found
    assert "no structure tree" in found
    assert any("Tj drawn outside marked content" in p or "TJ drawn outside" in p
               for p in found)


def test_same_inputs_same_bytes_tagged(tmp_path: Path) -> None:
    first = build(tmp_path, HANDOUTS["plan-with-log"], "one.pdf")
    second = build(tmp_path, HANDOUTS["plan-with-log"], "two.pdf")
    assert first.read_bytes() == second.read_bytes()


def test_pictures_are_figures_with_their_alt_and_qr_codes_are_links(tmp_path: Path) -> None:
    pdf = build(tmp_path, HANDOUTS["level-2"])
    with pikepdf.open(pdf) as doc:
        elements = list(_walk(doc.Root.StructTreeRoot))
        alts = [str(e.Alt) for e in elements if str(e.S) == "/Figure"]
        links = [e for e in elements if str(e.S) == "/Link"]
        annotations = [a for p in doc.pages for a in p.get("/Annots", [])
                       if a.get("/Subtype") == pikepdf.Name.Link]
    assert "Start: stand tall, feet about hip-width apart." in alts  # a caption, by default
    assert any(alt.startswith("QR code:") for alt in alts)
    assert links and len(links) == len(annotations)
    assert all(str(a.Contents) and "/StructParent" in a for a in annotations)
    assert all(str(a.A.URI).startswith(("http", "mailto:")) for a in annotations)
    # Printed as well as shown (the Print flag), and the clinic's addresses are links too.
    assert all(int(a.F) & 4 for a in annotations)
    assert {str(a.A.URI) for a in annotations} >= {"mailto:frontdesk@example.com",
                                                   "https://www.example.com"}


def test_a_pictures_alt_is_what_a_screen_reader_reads(demo: Path) -> None:
    """`alt` in the content replaces the caption as the Figure's /Alt; the caption is still
    printed (and read) under the picture."""
    squat = demo / "content" / "exercises" / "squat.yaml"
    alt = "A person standing tall, feet hip-width apart, arms at the sides."
    squat.write_text(squat.read_text().replace(
        '    caption: "Start: stand tall, feet about hip-width apart."\n',
        '    caption: "Start: stand tall, feet about hip-width apart."\n'
        f'    alt: "{alt}"\n', 1))
    assert alt in squat.read_text()
    out = demo / "squat.pdf"
    done = run_limited("handout", "--level", "2", "--date", "2026-11-24", "--output",
                       str(out), cwd=demo, timeout=120)
    assert done.returncode == 0, done.stderr
    assert problems(out) == []
    with pikepdf.open(out) as doc:
        alts = [str(e.Alt) for e in _walk(doc.Root.StructTreeRoot) if str(e.S) == "/Figure"]
    assert alt in alts
    assert "Start: stand tall, feet about hip-width apart." not in alts


def _handout_text(args: dict):
    """The resolved handout, as the pipeline resolves it (in the language asked for)."""
    from pdfgen.build import HandoutRequest, resolve
    from pdfgen.content.project import find_project

    project = find_project(None, cwd=args.get("project", REPO))
    return resolve(project, HandoutRequest(
        level=args.get("level"), patient="Jane Example", date=dt.date(2026, 11, 24),
        plan=args.get("plan"), log_weeks=args.get("log"), large_print=args.get("large_print"),
        language=args.get("language"))).text


def reading_order(args: dict, first_page: str | None = None) -> list[str]:
    """The resolved handout's text, every string of it, in the order a reader meets it.
    `first_page`: page 1's printed text, to tell which parts page 1 had no room for (in
    normal print they follow "Your exercises", in their own order)."""
    text = _handout_text(args)
    large = bool(args.get("large_print"))
    intro = list(text.intro)
    disclaimer = [text.disclaimer_heading, text.disclaimer]
    pain = [text.pain_heading, text.pain_rule or "",
            *(w for band in text.pain_scale for w in (band.label, band.meaning))]
    note = [text.note_heading, text.note] if text.note else []
    stop = [text.stop_heading, *text.stop_if, text.stop_footer]
    glance = [text.overview_heading]
    for card in text.cards:
        glance += [card.name, card.dose or ""]
    explain = [text.set_meaning, text.tick]

    def on_first(parts: list[str]) -> bool:
        return first_page is None or all(_spaced(p) in first_page for p in parts if p)

    parts = [intro, disclaimer, pain, explain]
    # Large print moves nothing: its opening reads as normal print's, on to page 2.
    kept = [large or on_first(p) for p in parts]
    head = [*(intro if kept[0] else []), *(disclaimer if kept[1] else []), *stop,
            *(pain if kept[2] else []), *note, *glance, *(explain if kept[3] else [])]
    moved = [*(explain if not kept[3] else []), *(intro if not kept[0] else []),
             *(disclaimer if not kept[1] else []), *(pain if not kept[2] else [])]
    order = [text.title, text.subtitle, text.prepared_for, *head, *moved]
    for card in text.cards:
        why = [card.labels["why"], *card.why] if card.why else []
        # Every card in one order, in print and for a screen reader alike.
        order += [card.name, card.summary, *(p.caption for p in card.pictures),
                  card.labels["steps"], *card.steps,
                  *([card.labels["tips"], *card.tips] if card.tips else []),
                  *(value for value in (card.easier, card.harder) if value), *why]
    order += [text.conclusion_heading, *text.conclusion, text.contact.heading,
              text.contact.phone, text.contact.name, text.contact.clinic, *text.contact.details]
    if text.log is not None:
        order += [text.log.heading, text.log.intro, text.log.week_label,
                  *[w for week in text.log.weeks for w in week]]
    return [part for part in order if part]


def reasons_in_their_card(args: dict, read: str) -> list[str]:
    """Each card's "Why it helps", whole, between the card's summary and the next card's
    (the names are on page 1 too), when the reading order leaves it out (large print): what
    is missing, or []."""
    cards = _handout_text(args).cards
    missing = []
    for index, card in enumerate(cards):
        after = cards[index + 1].summary if index + 1 < len(cards) else None
        start = read.find(_spaced(card.summary))
        end = read.find(_spaced(after), start) if after else len(read)
        assert start >= 0 and end > start, card.name
        missing += _in_order([card.labels["why"], *card.why] if card.why else [],
                             read[start:end])
    return missing


def _spaced(text: str) -> str:
    """The text with its white space as one plain space: words stay apart, never joined."""
    return " ".join(text.replace("&amp;", "&").replace("\u00a0", " ").split())


def _in_order(expected: list[str], read: str) -> list[str]:
    """The expected strings that are missing from `read`, whole and word for word, or out of
    their order."""
    missing, at = [], 0
    for part in expected:
        found = read.find(_spaced(part), at)
        if found < 0:
            missing.append(part)
        else:
            at = found + len(_spaced(part))
    return missing


def test_the_order_check_tells_two_words_from_one() -> None:
    assert _in_order(["try this one"], "start with Level 1 before you trythis one") == [
        "try this one"]
    assert _in_order(["try this one", "Level"], "try this one. Level 2") == []
    assert _in_order(["Level", "try this one"], "try this one. Level 2") == ["try this one"]


CASES = {"level-2": {"level": 2}, "level-1": {"level": 1},
         "plan-with-log": {"plan": PLAN, "log": 4},
         "large-print": {"level": 2, "large_print": True},
         "spanish": {"level": 2, "language": "es"},
         "own-photos": {"level": 2}}


@pytest.mark.parametrize("name", CASES)
def test_poppler_reads_the_tree_in_the_handouts_order(demo: Path, name: str) -> None:
    if shutil.which("pdfinfo") is None:
        pytest.skip("poppler-utils (pdfinfo) is not installed")
    case = dict(CASES[name])
    if name == "own-photos":  # a clinic folder of its own, its photos in place of drawings
        own_photos(demo)
        case["project"] = demo
    pdf = build(demo, [*HANDOUTS.get(name, ["--level", "2"])], cwd=demo)
    done = subprocess.run(["pdfinfo", "-struct-text", str(pdf)], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "Document"
    read = " ".join(_spaced(m.group(1)) for line in lines
                    if (m := re.fullmatch(r'\s*"(.*)"', line)))
    # Every string of the handout, whole: no two words run together at a line's end.
    first = _spaced(" ".join(pdfium.PdfDocument(pdf)[0].get_textpage().get_text_range()
                             .split()))
    assert _in_order(reading_order(case, first), read) == []
    if case.get("large_print"):
        assert reasons_in_their_card(case, read) == []
        # A card's part on its next page is headed "(continued)" in print; a listener hears
        # the card go on, with no page break read out.
        printed = "".join(page.get_textpage().get_text_range() for page in pdfium.PdfDocument(pdf))
        assert "(continued)" in printed
        assert "(continued)" not in read
    assert "Page 1 of" not in read  # the footer is furniture
    kinds = [line.strip().split(" ")[0].rstrip(":") for line in lines
             if not line.strip().startswith('"')]
    assert kinds.index("H1") < kinds.index("H2") < kinds.index("Figure")
    if name == "plan-with-log":
        assert {"Table", "TR", "TH", "TD"} <= set(kinds)


def test_a_card_going_on_after_its_steps_reads_on_without_its_heading(tmp_path: Path) -> None:
    """Spanish Level 1 on Letter, the plank and bird dog drawn as two wide
    drawings (tests/fixtures/wide-drawings: each nearly as wide as the card, one under the
    other): it goes on to page 3 after its steps. A listener hears its steps, then its tips
    and "easier", with no "(continuación)" read out between them; in print the heading is
    there."""
    if shutil.which("pdfinfo") is None:
        pytest.skip("poppler-utils (pdfinfo) is not installed")
    clinic = tmp_path / "clinic"
    shutil.copytree(REPO / "content", clinic / "content")
    for drawing in (REPO / "tests" / "fixtures" / "wide-drawings").glob("*.svg"):
        shutil.copy(drawing, clinic / "content" / "images" / drawing.name)
    plank = clinic / "content" / "exercises" / "plank-bird-dog.yaml"
    lines = [line for line in plank.read_text().splitlines(keepends=True)]
    figures = [i for i, line in enumerate(lines) if line.startswith("  - figure:")]
    for i, name in zip(figures, ("plank-start", "plank-end"), strict=True):
        lines[i] = f"  - file: images/{name}.svg\n"
    plank.write_text("".join(lines))
    out = tmp_path / "es.pdf"
    done = run_limited("handout", "--level", "1", "--language", "es", "--paper", "letter",
                       "--date", "2026-11-24", "--output", str(out), cwd=clinic, timeout=120)
    assert done.returncode == 0, done.stderr
    printed = [page.get_textpage().get_text_range() for page in pdfium.PdfDocument(out)]
    assert "Plancha y perro de caza (continuación)" in printed[2]
    tree = subprocess.run(["pdfinfo", "-struct-text", str(out)], capture_output=True,
                          text=True, timeout=60)
    assert tree.returncode == 0, tree.stderr
    read = " ".join(_spaced(m.group(1)) for line in tree.stdout.splitlines()
                    if (m := re.fullmatch(r'\s*"(.*)"', line)))
    assert "(continuación)" not in read
    card = _handout_text({"level": 1, "language": "es"}).cards[0]
    assert _in_order([card.labels["steps"], *card.steps, card.labels["tips"], *card.tips,
                      card.easier or ""], read) == []


def _pdfium_string(getter, element) -> str:
    length = getter(element, None, 0)
    buffer = ctypes.create_string_buffer(length)
    getter(element, buffer, length)
    return buffer.raw[:max(length - 2, 0)].decode("utf-16-le")


def _pdfium_elements(element, out: list) -> None:
    kind = _pdfium_string(pdfium_c.FPDF_StructElement_GetType, element)
    alt = _pdfium_string(pdfium_c.FPDF_StructElement_GetAltText, element)
    mcids = [pdfium_c.FPDF_StructElement_GetMarkedContentIdAtIndex(element, i)
             for i in range(pdfium_c.FPDF_StructElement_GetMarkedContentIdCount(element))]
    out.append((kind, alt, mcids))
    for index in range(pdfium_c.FPDF_StructElement_CountChildren(element)):
        child = pdfium_c.FPDF_StructElement_GetChildAtIndex(element, index)
        if child:
            _pdfium_elements(child, out)


def test_pdfium_reads_the_tree_in_drawing_order(tmp_path: Path) -> None:
    pdf_path = build(tmp_path, HANDOUTS["plan-with-log"])
    drawn: dict = {}
    with pikepdf.open(pdf_path) as doc:
        for number, page in enumerate(doc.pages, 1):
            assert _content_problems(page, number, drawn) == []
    document = pdfium.PdfDocument(pdf_path)
    kinds = []
    for number in range(len(document)):
        page = document[number]
        tree = pdfium_c.FPDF_StructTree_GetForPage(page.raw)
        assert tree, f"pdfium finds no structure tree on page {number + 1}"
        elements: list = []
        for index in range(pdfium_c.FPDF_StructTree_CountChildren(tree)):
            _pdfium_elements(pdfium_c.FPDF_StructTree_GetChildAtIndex(tree, index), elements)
        pdfium_c.FPDF_StructTree_Close(tree)
        mcids = [m for _, _, ids in elements for m in ids if m >= 0]  # -1: a child element
        # Every sequence drawn on the page, once, in the order it was drawn.
        assert mcids == sorted(m for (p, m) in drawn if p == number + 1)
        assert all(alt for kind, alt, _ in elements if kind == "Figure")
        kinds += [kind for kind, _, _ in elements]
    document.close()
    assert kinds[0] == "Document"
    # (pdfium lists an element on the pages it has content on: the TDs of boxes to tick
    # hold no text, so it lists them on none.)
    assert {"H1", "H2", "H3", "P", "L", "LI", "LBody", "Figure", "Table", "TR", "TH"} <= set(
        kinds)


def test_a_table_split_over_pages_numbers_its_rows_on() -> None:
    """Each piece says its rows (renderCB's startRow), so the next piece's rows follow on;
    the header repeated at the top of a piece is not read again."""
    import io

    from reportlab.pdfgen.canvas import Canvas

    from pdfgen.layout.reportlab_door import Table
    from pdfgen.layout.tagging import Tagger, table_cells

    canvas = Canvas(io.BytesIO())
    canvas.tagger = tagger = Tagger()
    tagger.start_page(canvas)
    data = [["week", "done"], *[[f"week {n}", ""] for n in range(1, 21)]]
    table = Table(data, colWidths=[60, 40], repeatRows=1, renderCB=table_cells(1, False))
    pieces, rest = [], table
    while len(parts := rest.split(100, 150)) > 1:  # a page 150 pt tall at a time
        pieces.append(parts[0])
        rest = parts[1]
    pieces.append(rest)
    assert len(pieces) > 2
    for piece in pieces:
        piece.wrapOn(canvas, 100, 1000)
        piece.drawOn(canvas, 0, 0)
        canvas.showPage()
    rows = [m.cell[1] for m in tagger.marks if m.role == "Cell" and m.cell[2] == 0]
    assert rows == list(range(len(data))), rows

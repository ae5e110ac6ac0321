"""Build tagged handouts and check their structure tree as a PDF/UA validator would."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pikepdf
from conftest import REPO
from limited import run_limited

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

"""The structure tree of a tagged PDF, written with ReportLab's objects into the final file.

ReportLab writes the pages with their marked content, each page's /StructParents and each
link's /StructParent (see tagging.Tagger). This module takes its objects as they are (read
back by reportlab_door.read_written; no object is parsed into a model or compressed
again), adds the catalog's PDF/UA entries, the
XMP metadata and the structure elements, and writes the file once more: streams as
ReportLab made them, every other object packed in one compressed object stream, found by a
cross-reference stream (ISO 32000-1 §7.5.7, §7.5.8). A handout is tagged for little more
than the cost of its tree.
"""

from __future__ import annotations

import hashlib
import zlib
from dataclasses import dataclass, field

from pdfgen.caches import current
from pdfgen.layout.reportlab_door import Written, read_written
from pdfgen.layout.tagging import HEADINGS, Mark


@dataclass
class _Element:
    """A structure element: its object number, type, parent and children."""

    number: int
    role: str
    parent: _Element | None
    kids: list[_Element] = field(default_factory=list)
    page: int | None = None  # a page's object number, for an element that owns content
    mcid: int | None = None
    link: tuple[int, int] | None = None  # the annotation's and its page's object numbers
    alt: str | None = None
    scope: str | None = None  # a header cell's /Scope


def write_structure(data: bytes, marks: list[Mark], title: str, lang: str) -> bytes:
    """The built PDF with its structure tree, parent tree and PDF/UA entries."""
    base = read_written(data)
    size = max(base.objects) + 1
    metadata, packed_at, xref, tree_root, parent_tree = range(size, size + 5)
    elements, link_parents, page_parents = _tree(marks, base, first=size + 5)
    links = len(base.links)

    nums = [f"{key} {link_parents[key]} 0 R" for key in range(links)]
    for index in range(len(base.pages)):
        owned = " ".join(f"{n} 0 R" for n in page_parents.get(index, []))
        nums.append(f"{links + index} [{owned}]")
    catalog = base.objects[base.root].rstrip()
    # ReportLab names the language when it is told it (BaseDocTemplate's lang).
    language = b"" if b"/Lang" in catalog else b"/Lang" + _string(lang).encode()
    objects = {**base.objects, base.root: catalog[:-2].rstrip() + language + (
        f"\n/MarkInfo<</Marked true>>/ViewerPreferences<</DisplayDocTitle true>>"
        f"/Metadata {metadata} 0 R/StructTreeRoot {tree_root} 0 R>>").encode()}
    xmp = _xmp(title, lang).encode("utf-8")
    objects[metadata] = (b"<</Type/Metadata/Subtype/XML/Length %d>>\nstream\n" % len(xmp)
                         + xmp + b"\nendstream")
    objects[tree_root] = (f"<</Type/StructTreeRoot/K {elements[0].number} 0 R/ParentTree "
                          f"{parent_tree} 0 R/ParentTreeNextKey {links + len(base.pages)}>>"
                          ).encode()
    objects[parent_tree] = f"<</Nums[{' '.join(nums)}]>>".encode()
    for e in elements:
        objects[e.number] = _element(e, tree_root).encode("latin-1")

    out = bytearray(base.header)
    rows: dict[int, tuple[int, int, int]] = {0: (0, 0, 0xFFFF)}  # number: its xref fields
    packed: list[tuple[int, bytes]] = []
    for number, body in sorted(objects.items()):
        if body.endswith(b"endstream"):  # streams stand alone, copied as they were
            rows[number] = (1, len(out), 0)
            out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
        else:
            rows[number] = (2, packed_at, len(packed))
            packed.append((number, body))
    head, position = [], 0
    for number, body in packed:
        head.append(b"%d %d" % (number, position))
        position += len(body) + 1
    first = b" ".join(head) + b"\n"
    squeezed = _squeezed(first + b"\n".join(body for _, body in packed))
    rows[packed_at] = (1, len(out), 0)
    out += (b"%d 0 obj\n<</Type/ObjStm/N %d/First %d/Filter/FlateDecode/Length %d>>\nstream\n"
            % (packed_at, len(packed), len(first), len(squeezed)) + squeezed
            + b"\nendstream\nendobj\n")
    rows[xref] = (1, len(out), 0)
    out += _xref_stream(xref, rows, base)
    out += b"startxref\n%d\n%%%%EOF\n" % rows[xref][1]
    return bytes(out)


_MOST_SQUEEZED = 16  # (pdfgen.caches "structure_streams")


def _squeezed(data: bytes) -> bytes:
    """The bytes compressed (at zlib's best), once a process for the same bytes: the same
    handout made again packs the same objects."""
    key = hashlib.sha256(data).digest()
    known = current().map("structure_streams", _MOST_SQUEEZED)
    found: bytes | None = known.get(key)
    if found is None:
        found = known.put(key, zlib.compress(data, 9))
    return found


def _xref_stream(number: int, rows: dict[int, tuple[int, int, int]], base: Written) -> bytes:
    """The cross-reference stream (§7.5.8): a row per object, its fields as wide as the
    largest value needs, each row stored as its difference from the one above (PNG's Up
    predictor, §7.4.4.4), which for objects packed one after another is nearly all zeros."""
    assert sorted(rows) == list(range(len(rows))), "object numbers with gaps"
    wide = [max(1, (max(r[i] for r in rows.values()).bit_length() + 7) // 8) for i in (1, 2)]
    columns = 1 + wide[0] + wide[1]
    table, above = bytearray(), bytes(columns)
    for kind, a, b in (rows[n] for n in range(len(rows))):
        row = bytes([kind]) + a.to_bytes(wide[0], "big") + b.to_bytes(wide[1], "big")
        table += b"\x02" + bytes((x - y) & 0xFF for x, y in zip(row, above, strict=True))
        above = row
    squeezed = _squeezed(bytes(table))
    return (b"%d 0 obj\n" % number
            + (f"<</Type/XRef/Size {len(rows)}/W[1 {wide[0]} {wide[1]}]/Root {base.root} 0 R"
               f"/Info {base.info} 0 R/Filter/FlateDecode/DecodeParms<</Predictor 12"
               f"/Columns {columns}>>/Length {len(squeezed)}/ID").encode()
            + base.ids + b">>\nstream\n" + squeezed + b"\nendstream\nendobj\n")


def _tree(marks: list[Mark], base: Written, first: int
          ) -> tuple[list[_Element], dict[int, int], dict[int, list[int]]]:
    """The elements in reading order (the Document first), the element of each link
    annotation, and the elements that own each page's MCIDs."""
    counter = iter(range(first, 1 << 30))
    document = _Element(next(counter), "Document", None)
    elements = [document]
    tables: dict[int, _Element] = {}
    rows: dict[tuple[int, int], _Element] = {}
    current_list: _Element | None = None  # the list the last mark went into
    labelled: _Element | None = None  # the item whose label came last, waiting for its body
    level = 0
    owned: dict[int, list[tuple[int, int]]] = {}
    link_parents: dict[int, int] = {}  # each link annotation's element
    page_parents: dict[int, list[int]] = {}  # the elements of each page's MCIDs, in order

    def element(role: str, parent: _Element, page: int | None = None,
                alt: str | None = None) -> _Element:
        made = _Element(next(counter), role, parent, page=page, alt=alt)
        parent.kids.append(made)
        elements.append(made)
        return made

    links_seen = 0
    for mark in marks:
        page = base.pages[mark.page - 1]
        parent = document
        if mark.cell is not None:
            key, row, column, kind = mark.cell
            if key not in tables:  # on the page it starts on (checkers look for it there)
                tables[key] = element("Table", document, page=page)
            if (key, row) not in rows:
                rows[key, row] = element("TR", tables[key], page=page)
            tr = rows[key, row]
            while len(tr.kids) <= column:  # the cell as the table says (others: by place)
                element(kind if len(tr.kids) == column else
                        "TH" if (row < 1 or not tr.kids) else "TD", tr)
            parent = tr.kids[column]
            if kind == "TH" and parent.scope is None:
                parent.scope = "Column" if row == 0 else "Row"
        role = mark.role
        if role == "Cell":
            continue
        if role in HEADINGS:  # a level never skips: a box's heading before any H2 is one
            role = f"H{min(HEADINGS[role], level + 1)}"
            level = int(role[1])
        if role == "Lbl" and mark.cell is None:  # a list item's label: its body follows
            current_list = current_list or element("L", parent)
            labelled = element("LI", current_list)
            leaf = element("Lbl", labelled, page=page)
        elif role == "LI" and mark.cell is None:
            current_list = current_list or element("L", parent)
            item = labelled or element("LI", current_list)
            labelled = None
            leaf = element("LBody", item, page=page)
        else:
            if mark.cell is None:
                current_list = None
            leaf = element("P" if role == "LI" else role, parent, page=page,
                           alt=mark.alt or None)
        if role == "Link":
            leaf.alt = mark.alt or ""
            leaf.link = (base.links[links_seen], page)
            link_parents[links_seen] = leaf.number
            links_seen += 1
            continue
        leaf.mcid = mark.mcid
        owned.setdefault(mark.page - 1, []).append((mark.mcid, leaf.number))
    for index, pairs in owned.items():
        page_parents[index] = [number for _, number in sorted(pairs)]
    return elements, link_parents, page_parents


def _element(e: _Element, tree_root: int) -> str:
    parent = e.parent.number if e.parent is not None else tree_root
    parts = [f"<</S/{e.role}/P {parent} 0 R"]  # /Type /StructElem is optional: left out
    if e.page is not None:
        parts.append(f"/Pg {e.page} 0 R")
    if e.alt is not None:
        parts.append(f"/Alt{_string(e.alt)}")
    if e.scope is not None:
        parts.append(f"/A<</O/Table/Scope/{e.scope}>>")
    if e.link is not None:
        parts.append(f"/K<</Type/OBJR/Obj {e.link[0]} 0 R/Pg {e.link[1]} 0 R>>")
    elif e.mcid is not None:
        parts.append(f"/K {e.mcid}")
    else:
        parts.append(f"/K[{' '.join(f'{k.number} 0 R' for k in e.kids)}]")
    return "".join(parts) + ">>"


def _string(text: str) -> str:
    """A PDF text string: readable ASCII as it is, anything else as UTF-16BE (§7.9.2.2)."""
    if text.isascii() and text.isprintable():
        return "(" + text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


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

"""SVG drawings: the file and every file it refers to read and kept inside the clinic folder,
then read once with svglib into a list of drawing steps (plain data, checked whenever it
comes back from the cache), which layout draws (pdfgen.layout.svg_draw).

svglib takes a while to read a file and its drawings have hundreds of nodes that ReportLab
would walk on every handout; the steps are the same every time, so they are worked out
once. They are replayed through the canvas's own methods (never as raw PDF operators), so
what a step needs, such as a transparency state, is registered in the handout itself.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import math
import re
from pathlib import Path

from pdfgen.caches import current
from pdfgen.content.svg_record import Recorder, UnsupportedStep, ink_bounds
from pdfgen.content.svg_steps import MAX_COORDINATE, SvgArt, invalid
from pdfgen.errors import display_path

# The steps' format (3: trimmed to the strokes' ink): a change makes every cached drawing
# stale.
FORMAT = 3
MAX_SVG_BYTES = 5 * 1024 * 1024
_XLINK = "{http://www.w3.org/1999/xlink}href"
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")


class PictureError(ValueError):
    """A picture file that cannot be used; the message names the file and why."""




def load_art(path: Path, root: Path) -> SvgArt:
    """The drawing of an SVG file whose references stay inside `root`; PictureError if not."""
    from pdfgen.disk_cache import Cache

    arts, seen_files = current().map("svg_art", _MOST_ART), current().map("svg_seen", _MOST_ART)
    seen = seen_files.get((path, root))
    if seen is not None and seen[0] == _stats([path, *seen[1]]):
        return seen[2]  # not changed since it was read in this process
    data = _read(path)
    cache = Cache("svg")
    # A drawing that refers to no other file, converted before (its key, of its bytes
    # alone, is only ever written once lxml has read it and found no references): used
    # without reading it with lxml again (~25 ms for the first drawing of a process).
    alone = _key(data, [])
    art = arts.get(alone) or _from_json(cache.get(alone))
    if art is not None:
        arts.put(alone, art)
        seen_files.put((path, root), (_stats([path]), [], art))
        return art
    referenced = references(path, data, root)
    key = _key(data, referenced)
    files = [root.resolve() / name for name, _ in referenced]
    art = arts.get(key)
    if art is not None:
        seen_files.put((path, root), (_stats([path, *files]), files, art))
        return art
    art = _from_json(cache.get(key))
    if art is None:
        art = _convert(path, root)
        cache.put(key, json.dumps([art.width, art.height, art.steps]).encode())
    arts.put(key, art)
    seen_files.put((path, root), (_stats([path, *files]), files, art))
    return art


# The drawings of this process by their content's key ("svg_art"), and each file read, with
# what its file (and the files it refers to) looked like then ("svg_seen"): a batch reads
# each drawing once, and a changed file is read again. A clinic's pictures are a few hundred.
_MOST_ART = 512


def _stats(paths: list[Path]) -> list[tuple[int, int, int]]:
    out = []
    for path in paths:
        try:
            stat = path.stat()
        except OSError:
            return []  # gone: read it again, and say so
        out.append((stat.st_ino, stat.st_size, stat.st_mtime_ns))
    return out


def _read(path: Path) -> bytes:
    return read_at_most(path, MAX_SVG_BYTES, f"cannot read the SVG file {display_path(path)}",
                        "simplify the drawing")


def read_at_most(path: Path, most: int, unreadable: str, smaller: str) -> bytes:
    """A picture's bytes, never more than `most` of them read: a PictureError saying
    `unreadable`, or that it is too large and `smaller` (what to do)."""
    try:
        with path.open("rb") as file:
            data = file.read(most + 1)
    except OSError:
        raise PictureError(unreadable) from None
    if len(data) > most:
        raise PictureError(f"{display_path(path)} is larger than {most // 2**20} MB: {smaller}")
    return data


def references(path: Path, data: bytes, root: Path) -> list[tuple[str, bytes]]:
    """The other files the SVG draws from (with their bytes), each checked to lie in `root`."""
    seen: dict[Path, bytes] = {}
    _scan(path, data, root.resolve(), seen, depth=0)
    return [(p.relative_to(root.resolve()).as_posix(), b) for p, b in sorted(seen.items())]


def _scan(path: Path, data: bytes, root: Path, seen: dict[Path, bytes], depth: int) -> None:
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False)
    try:
        tree = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        raise PictureError(f"cannot read the SVG file {display_path(path)}") from None
    if depth == 0 and isinstance(tree.tag, str) and etree.QName(tree).localname != "svg":
        # (A web page saved as .svg was said to have "no usable size".)
        raise PictureError(f"{display_path(path)} is not an SVG drawing (it is <"
                           f"{etree.QName(tree).localname}>, not <svg>): save the drawing "
                           "as SVG, or name a photo (JPEG, PNG)")
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        tag = etree.QName(element).localname
        if tag == "image":
            raise PictureError(
                f"{display_path(path)} holds an <image>: pdfgen draws SVG shapes only; name "
                "the photo itself in 'pictures', or turn it into shapes")
        href = (element.get(_XLINK) or element.get("href") or "").strip()
        if not href or href.startswith("#"):
            continue
        target = href.split("#", 1)[0]
        if _SCHEME.match(target) or target.startswith(("/", "\\")):
            raise PictureError(
                f"{display_path(path)}: <{tag}> refers to '{href}': an SVG may only use "
                "files inside the clinic folder, by a relative path")
        referenced = (path.parent / target).resolve()
        if not referenced.is_relative_to(root):
            raise PictureError(
                f"{display_path(path)}: <{tag}> refers to '{href}', which is outside the "
                "clinic folder")
        if referenced in seen:
            continue
        if depth > 8 or not referenced.is_file():
            raise PictureError(f"{display_path(path)}: <{tag}> refers to '{href}', which "
                               "is missing")
        seen[referenced] = _read(referenced)
        _scan(referenced, seen[referenced], root, seen, depth + 1)


def _key(data: bytes, referenced: list[tuple[str, bytes]]) -> str:
    import reportlab

    from pdfgen import __version__

    digest = hashlib.sha256()
    versions = f"{FORMAT} {__version__} {reportlab.Version} {_svglib_version()}"
    for part in (versions.encode(), data, *(x for name, body in referenced
                                            for x in (name.encode(), body))):
        digest.update(len(part).to_bytes(8, "big") + part)
    return digest.hexdigest()


@functools.cache
def _svglib_version() -> str:
    """What identifies the installed svglib: a digest of its converter's source. Found
    without importing svglib (and lxml's CSS reader with it), which would cost a warm build
    ~50 ms for drawings already cached; one per process, as the install does not change."""
    from importlib.util import find_spec

    spec = find_spec("svglib")
    folder = spec.submodule_search_locations[0] if spec and spec.submodule_search_locations \
        else None
    if folder is None:
        return "unknown"
    return hashlib.sha256((Path(folder) / "svglib.py").read_bytes()).hexdigest()[:16]


def _convert(path: Path, root: Path) -> SvgArt:
    """Read the SVG with svglib, trim it to what it draws, and record its steps."""
    from reportlab.graphics import renderPDF
    from svglib.svglib import svg2rlg

    name = display_path(path)
    # svglib logs and returns None for a broken file; pdfgen reports it itself.
    logging.getLogger("svglib").setLevel(logging.CRITICAL)
    try:
        drawing = svg2rlg(str(path), external_reference_root=str(root))
    except Exception:
        drawing = None
    if drawing is None:
        raise PictureError(f"cannot read the SVG file {name}")
    if not _finite_positive(drawing.width, drawing.height):
        raise PictureError(f"{name} has no usable size (its width and height must be "
                           "numbers greater than 0)")
    try:
        x1, y1, x2, y2 = ink_bounds(drawing)
    except Exception:  # svglib gives an empty drawing no bounds
        raise PictureError(f"{name} draws nothing") from None
    if not _finite_positive(x2 - x1, y2 - y1) or not all(
            abs(v) <= MAX_COORDINATE for v in (x1, y1, x2, y2)):
        raise PictureError(f"{name} draws nothing that can be printed (a shape of no size, "
                           "or of endless size)")
    # Trim the canvas to what is drawn: a figure lying on a mat fills the width of its
    # picture instead of sitting small at the bottom of an empty square.
    margin = 0.02 * max(x2 - x1, y2 - y1)
    x1, y1, x2, y2 = x1 - margin, y1 - margin, x2 + margin, y2 + margin
    drawing.translate(-x1, -y1)
    drawing.width, drawing.height = x2 - x1, y2 - y1
    recorder = Recorder()
    try:
        renderPDF.draw(drawing, recorder, 0, 0, showBoundary=False)
    except UnsupportedStep as step:
        raise PictureError(f"{name} uses {step}, which pdfgen cannot print; simplify "
                           "the drawing") from None
    art = SvgArt(drawing.width, drawing.height, tuple(tuple(s) for s in recorder.steps))
    problem = invalid(art)
    if problem:
        raise PictureError(f"{name} {problem}")
    return art


def _finite_positive(*values: object) -> bool:
    return all(isinstance(v, int | float) and math.isfinite(v) and v > 0 for v in values)


def _from_json(data: bytes | None) -> SvgArt | None:
    """A cached drawing, only if every step is one pdfgen could have written."""
    if data is None:
        return None
    try:
        width, height, steps = json.loads(data)
        art = SvgArt(width, height, tuple(tuple(step) for step in steps))
    except (ValueError, TypeError):
        return None
    return art if invalid(art) is None else None

"""Font families: find the TTF files, register them once per process, and know their glyphs."""

from __future__ import annotations

import re
import struct
from pathlib import Path
from typing import TYPE_CHECKING

from pdfgen.caches import current
from pdfgen.content.clinic_settings import Fonts
from pdfgen.content.confine import OutsideError, inside
from pdfgen.content.parsing import toml_line
from pdfgen.errors import ContentError, PdfgenError

if TYPE_CHECKING:
    from reportlab.pdfbase.ttfonts import TTFont

FALLBACK_FILES = {"regular": "DejaVuSans.ttf", "bold": "DejaVuSans-Bold.ttf"}
# The family name of each set of font files registered in this process. ReportLab's font
# registry is global, so these names are too: one per set of files (a clinic has one), and
# the same set keeps its name after pdfgen's caches are cleared (so the PDF is the same).
_families: dict[tuple[Path | None, ...], str] = {}
_MOST_FONT_SETS = 8  # the FontSets themselves (pdfgen.caches "font_sets")


class FontSet:
    """The registered body family, a wide-coverage fallback, and which characters each draws.

    The fallback (DejaVu Sans, 750 KB a face) is only read the first time a character needs
    it: most handouts never do.
    """

    def __init__(self, body: str, body_chars: frozenset[int], fallback_files: dict[str, Path],
                 fallback_name: str, body_files: dict[str, Path] | None = None,
                 name_files: list[Path] | None = None) -> None:
        self.body = body  # ReportLab family name; "<body>-Bold" etc. are its faces
        self.body_chars = body_chars
        self._body_files = body_files or {}
        self._fallback_files = fallback_files
        self._fallback_name = fallback_name
        self._fallback_chars: frozenset[int] | None = None
        self.printable: dict[str, bool] = {}  # text.engine.printable's answers for these fonts
        # The characters text.engine found printable in the body face: a string of only
        # these needs no look at each character (most strings, once a handout was made).
        self.plain: set[str] = set()
        self.name_files = name_files or []  # clinic.toml [fonts] names, tried first
        # Parts of patients' names in other scripts, shaped: the text and its markup
        # (text.engine.add_name). Only these may hold letters the body fonts cannot draw.
        self.name_runs: dict[str, str] = {}
        self.name_pattern: re.Pattern[str] | None = None

    def identity(self) -> list[object]:
        """What these fonts are, for keys of what was measured with them: each file's name,
        size and time of change."""
        out: list[object] = []
        for path in [*self._body_files.values(), *self._fallback_files.values(),
                     *self.name_files]:
            info = path.stat()
            out.append([path.name, info.st_size, info.st_mtime_ns])
        return out

    @property
    def fallback_regular(self) -> Path:
        return self._fallback_files["regular"]

    @property
    def bold(self) -> str:
        return f"{self.body}-Bold"

    @property
    def fallback(self) -> str:
        """The fallback family's name, registering it on first use."""
        self._load_fallback()
        return self._fallback_name

    def face_for(self, char: str) -> str | None:
        """'body', 'fallback', or None when no bundled font can draw the character."""
        code = ord(char)
        if code in self.body_chars:
            return "body"
        if code in self._load_fallback():
            return "fallback"
        return None

    def _load_fallback(self) -> frozenset[int]:
        if self._fallback_chars is None:
            name, files = self._fallback_name, self._fallback_files
            font = _register_face(name, files["regular"])
            _register_face(f"{name}-Bold", files["bold"])
            # The fallback has no italic; its upright faces stand in, so nothing is dropped.
            _register_family(name, name, f"{name}-Bold", name, f"{name}-Bold")
            self._fallback_chars = frozenset(font.face.charToGlyph)
        return self._fallback_chars


def load_fonts(fonts: Fonts, font_dirs: list[Path], clinic_file: Path) -> FontSet:
    """Find, register (once per process) and describe the clinic's fonts."""
    body = {face: _find(getattr(fonts, face), font_dirs, clinic_file, f"fonts.{face}")
            for face in ("regular", "bold", "italic", "bold_italic")}
    fallback = {face: _find_bundled(name, font_dirs) for face, name in FALLBACK_FILES.items()}
    names = [_usable_for_names(_find(name, font_dirs, clinic_file, "fonts.names"), clinic_file)
             for name in fonts.names]
    key = (*body.values(), *fallback.values(), None, *names)
    font_sets = current().map("font_sets", _MOST_FONT_SETS)
    known = font_sets.get(key)
    if known is None:
        index = _families.setdefault(key, f"{len(_families)}")
        family = f"Body{index}"
        faces = {}
        for face, suffix in (("regular", ""), ("bold", "-Bold"), ("italic", "-Italic"),
                             ("bold_italic", "-BoldItalic")):
            try:
                faces[face] = _register_face(f"{family}{suffix}", body[face])
            except PdfgenError as error:  # (said with the field that names the file)
                name = body[face].name
                raise ContentError(clinic_file, f"fonts.{face}", f"'{name}': "
                                   + error.message.removeprefix(f"{name}: "),
                                   toml_line(clinic_file, ("fonts", face))) from error
        regular = faces["regular"]
        _register_family(family, family, f"{family}-Bold", f"{family}-Italic",
                         f"{family}-BoldItalic")
        known = font_sets.put(key, FontSet(family, frozenset(regular.face.charToGlyph),
                                           fallback, f"Fallback{index}", body, names))
    return known


def _find(name: str, font_dirs: list[Path], clinic_file: Path, field: str) -> Path:
    # (clinic.toml is read for the field's line only for a message: not every build.)
    for folder in font_dirs:
        try:
            candidate = inside(folder, name)
        except OutsideError as error:
            raise ContentError(clinic_file, field, str(error),
                               toml_line(clinic_file, tuple(field.split(".")))) from None
        if candidate.is_file():
            return candidate
    raise ContentError(clinic_file, field, f"font file '{name}' not found in fonts/",
                       toml_line(clinic_file, tuple(field.split("."))))


def _usable_for_names(path: Path, clinic_file: Path) -> Path:
    """A font for names must have TrueType outlines (ReportLab embeds no other) and allow
    embedding: said once, here, rather than passed over when a name needs it."""
    with path.open("rb") as handle:
        head = handle.read(4)
    if head not in (b"\x00\x01\x00\x00", b"true"):
        raise ContentError(clinic_file, "fonts.names", f"'{path.name}' is not a TrueType font "
                           "(a .ttf file with TrueType outlines)",
                           toml_line(clinic_file, ("fonts", "names")))
    try:
        allowed = embedding_allowed(path)
    except struct.error:  # (its tables end before they say: a file cut short)
        raise ContentError(clinic_file, "fonts.names", f"'{path.name}' cannot be read as a "
                           "font (damaged, or cut short?); copy it again",
                           toml_line(clinic_file, ("fonts", "names"))) from None
    if not allowed:
        raise ContentError(clinic_file, "fonts.names", f"'{path.name}': its licence does not "
                           "allow embedding it in a PDF; choose another font",
                           toml_line(clinic_file, ("fonts", "names")))
    return path


def _find_bundled(name: str, font_dirs: list[Path]) -> Path:
    for folder in font_dirs:
        if (folder / name).is_file():
            return folder / name
    raise PdfgenError(f"fonts/{name}: the fallback font is missing; reinstall pdfgen")


def _register_face(name: str, path: Path) -> TTFont:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError

    from pdfgen.layout.reportlab_door import SubsetFont

    try:
        # Subsets hold the glyphs used and no more, with ToUnicode maps PDF/UA-1 accepts.
        font = SubsetFont(name, str(path))
    except (TTFError, OSError, ValueError, IndexError, KeyError, struct.error):
        # Never the library's reason: it quotes the file's first bytes.
        raise PdfgenError(f"{path.name}: not a usable TrueType font (a .ttf file)") from None
    if not embedding_allowed(path):
        raise PdfgenError(f"{path.name}: its licence does not allow embedding it in a PDF; "
                          "choose another font")
    pdfmetrics.registerFont(font)
    return font


def embedding_allowed(path: Path) -> bool:
    """What the font's maker allows (the OS/2 table's fsType): not "restricted licence",
    and subsetting allowed, since pdfgen embeds only the letters a handout uses."""
    import struct

    data = path.read_bytes()
    (tables,) = struct.unpack(">H", data[4:6])
    for index in range(tables):
        entry = 12 + 16 * index
        if data[entry:entry + 4] == b"OS/2":
            (offset,) = struct.unpack(">I", data[entry + 8:entry + 12])
            (fs_type,) = struct.unpack(">H", data[offset + 8:offset + 10])
            return (fs_type & 0x000F) != 0x0002 and not fs_type & 0x0300
    return True  # no OS/2 table: no restriction stated


def _register_family(family: str, normal: str, bold: str, italic: str, bold_italic: str) -> None:
    from reportlab.pdfbase import pdfmetrics

    pdfmetrics.registerFontFamily(family, normal=normal, bold=bold, italic=italic,
                                  boldItalic=bold_italic)

"""Font families: find the TTF files, register them once per process, and know their glyphs."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pdfgen.errors import ContentError, PdfgenError
from pdfgen.models import Fonts

FALLBACK_FILES = {"regular": "DejaVuSans.ttf", "bold": "DejaVuSans-Bold.ttf"}
_registered: dict[tuple[Path, ...], FontSet] = {}


@dataclass(frozen=True)
class FontSet:
    """The registered body family, a wide-coverage fallback, and which characters each draws."""

    body: str  # ReportLab family name; "<body>-Bold" etc. are its faces
    fallback: str
    body_chars: frozenset[int]
    fallback_chars: frozenset[int]

    @property
    def bold(self) -> str:
        return f"{self.body}-Bold"

    def face_for(self, char: str) -> str | None:
        """'body', 'fallback', or None when no bundled font can draw the character."""
        code = ord(char)
        if code in self.body_chars:
            return "body"
        if code in self.fallback_chars:
            return "fallback"
        return None


def load_fonts(fonts: Fonts, font_dirs: list[Path], clinic_file: Path) -> FontSet:
    """Find, register (once per process) and describe the clinic's fonts."""
    body = {face: _find(getattr(fonts, face), font_dirs, clinic_file, f"fonts.{face}")
            for face in ("regular", "bold", "italic", "bold_italic")}
    fallback = {face: _find_bundled(name, font_dirs) for face, name in FALLBACK_FILES.items()}
    key = tuple(body.values()) + tuple(fallback.values())
    if key not in _registered:
        _registered[key] = _register(body, fallback, index=len(_registered))
    return _registered[key]


def _find(name: str, font_dirs: list[Path], clinic_file: Path, field: str) -> Path:
    for folder in font_dirs:
        candidate = folder / name
        if candidate.is_file():
            return candidate
    raise ContentError(clinic_file, field, f"font file '{name}' not found in fonts/")


def _find_bundled(name: str, font_dirs: list[Path]) -> Path:
    for folder in font_dirs:
        if (folder / name).is_file():
            return folder / name
    raise PdfgenError(f"fonts/{name}: the fallback font is missing; reinstall pdfgen")


def _register(body: dict[str, Path], fallback: dict[str, Path], index: int) -> FontSet:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    def register(name: str, path: Path) -> TTFont:
        try:
            font = TTFont(name, str(path))
        except (TTFError, OSError) as exc:
            raise PdfgenError(f"{path.name}: not a usable TrueType font ({exc})") from None
        pdfmetrics.registerFont(font)
        return font

    family, wide = f"Body{index}", f"Fallback{index}"
    regular = register(family, body["regular"])
    register(f"{family}-Bold", body["bold"])
    register(f"{family}-Italic", body["italic"])
    register(f"{family}-BoldItalic", body["bold_italic"])
    pdfmetrics.registerFontFamily(
        family, normal=family, bold=f"{family}-Bold",
        italic=f"{family}-Italic", boldItalic=f"{family}-BoldItalic",
    )
    fb = register(wide, fallback["regular"])
    register(f"{wide}-Bold", fallback["bold"])
    # The fallback has no italic; its upright faces stand in, so no character is dropped.
    pdfmetrics.registerFontFamily(
        wide, normal=wide, bold=f"{wide}-Bold", italic=wide, boldItalic=f"{wide}-Bold"
    )
    return FontSet(
        body=family,
        fallback=wide,
        body_chars=frozenset(regular.face.charToGlyph),
        fallback_chars=frozenset(fb.face.charToGlyph),
    )

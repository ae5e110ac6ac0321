"""A patient's name in any script: a font that draws it (the clinic's, the system's or the
bundled one), shaped with HarfBuzz, and written so that the PDF's text gives the name back."""

from __future__ import annotations

import hashlib
import struct
import subprocess
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError

from pdfgen.children import child_environment
from pdfgen.layout.reportlab_door import SubsetFont, font_data

# Each shaped glyph is drawn as a character of Unicode's plane-15 private use area: no font
# maps those, so ReportLab's subsets take them as they are, and the text map says what
# letters each stands for.
PRIVATE_START, PRIVATE_END = 0xF0000, 0xFFFFD
_IGNORED = ("Cf", "Mn", "Me", "Zs")  # joiners, marks and spaces: shaped, never looked up
# The Debian packages that draw each script (a script not listed: fonts-noto-core).
PACKAGES = {"Chinese": "fonts-droid-fallback", "Japanese": "fonts-droid-fallback",
            "Korean": "fonts-nanum"}
CJK_PREFIXES = {"CJK": "Chinese", "HIRAGANA": "Japanese", "KATAKANA": "Japanese",
                "HALFWIDTH": "Japanese", "HANGUL": "Korean", "BOPOMOFO": "Chinese"}


@dataclass(frozen=True)
class Candidate:
    """A font file that may draw a name, and where it came from (for messages)."""

    path: Path
    index: int = 0


class NameFace(SubsetFont):
    """A font for names: text shaped once per run, each glyph a private character whose
    meaning (the letters it draws) goes into the PDF's text map."""

    def __init__(self, name: str, candidate: Candidate) -> None:
        super().__init__(name, str(candidate.path), subfontIndex=candidate.index,
                         shapable=False)
        # A face name of its own, the same for the same file: ReportLab takes a font whose
        # face is named as one registered before for that one (the bundled DejaVu Sans and
        # the system's are both "DejaVuSans": a name shaped here, drawn from the other's
        # glyphs, printed as empty boxes), and names each subset in a PDF by its face.
        tag = hashlib.sha256(f"{candidate.path}\0{candidate.index}".encode()).hexdigest()
        self.face.name += b"-Names" + tag[:6].upper().encode()
        self.candidate = candidate
        self.texts: dict[int, str] = {}
        self._codes: dict[tuple[int, int, str], int] = {}
        self._next = PRIVATE_START
        self._hb_font = None

    def draws(self, run: str) -> bool:
        """Whether every visible letter of the run is in this font."""
        chars = self.face.charToGlyph
        return all(ord(c) in chars for c in run if unicodedata.category(c) not in _IGNORED)

    def shape(self, run: str) -> str | None:
        """The run as private characters in visual order (right to left where the script
        is), or None when shaping needs a glyph the font lacks."""
        import uharfbuzz as hb

        if self._hb_font is None:
            self._hb_font = hb.Font(hb.Face(hb.Blob(font_data(self)), self.candidate.index))
        buffer = hb.Buffer()
        buffer.add_str(run)
        buffer.guess_segment_properties()
        rtl = buffer.direction == "rtl"
        hb.shape(self._hb_font, buffer, {"kern": True, "liga": True})
        glyphs = list(zip(buffer.glyph_infos, buffer.glyph_positions, strict=True))
        if any(info.codepoint == 0 for info, _ in glyphs):
            return None
        starts = [*sorted({info.cluster for info, _ in glyphs}), len(run)]
        ends = {start: starts[i + 1] for i, start in enumerate(starts[:-1])}
        scale = 1000 / self.face.unitsPerEm
        out: list[str] = []
        index = 0
        while index < len(glyphs):
            cluster = glyphs[index][0].cluster
            group = []
            while index < len(glyphs) and glyphs[index][0].cluster == cluster:
                group.append(glyphs[index])
                index += 1
            # Text extraction reads glyphs in drawing order and turns right-to-left runs
            # round: a cluster's letters go on its glyphs so that either reading gives them.
            text = run[cluster:ends[cluster]]
            pieces = _share(text[::-1] if rtl else text, len(group))
            for (info, position), piece in zip(group, pieces, strict=True):
                advance = round(position.x_advance * scale)
                out.append(self._private_char(info.codepoint, advance, piece))
        return "".join(out)

    def _private_char(self, glyph: int, advance: int, text: str) -> str:
        key = (glyph, advance, text)
        if key not in self._codes:
            if self._next > PRIVATE_END:
                raise NameFontError("too many different letters in names for one run of "
                                    "pdfgen; build the rest in another run")
            code = self._codes[key] = self._next
            self._next += 1
            self.face.charToGlyph[code] = glyph
            self.face.charWidths[code] = advance
            self.texts[code] = text
        return chr(self._codes[key])

    def to_unicode_map(self, name: str, subset: list[int]) -> str:
        """Each glyph's letters: a shaped glyph may stand for several, or for none."""
        return _text_map(name, [self.texts.get(code, _char(code)) for code in subset])


class NameFontError(Exception):
    """No font draws a name: the message says which script and what would draw it."""


def _share(text: str, count: int) -> list[str]:
    """The text cut into `count` pieces in order (the last ones empty when glyphs outnumber
    letters)."""
    if count >= len(text):
        return [*text, *[""] * (count - len(text))]
    return [*text[:count - 1], text[count - 1:]]


def _char(code: int) -> str:
    return chr(code) if code else ""


def _text_map(name: str, texts: list[str]) -> str:
    """A ToUnicode CMap (PDF 32000 §9.10.3): code i stands for texts[i]."""
    rows = [f"<{i:02X}> <{t.encode('utf-16-be').hex().upper()}>" for i, t in enumerate(texts)]
    return "\n".join([
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
        f"/CIDSystemInfo << /Registry ({name}) /Ordering ({name}) /Supplement 0 >> def",
        f"/CMapName /{name} def", "/CMapType 2 def",
        "1 begincodespacerange", f"<00> <{len(texts) - 1:02X}>", "endcodespacerange",
        f"{len(rows)} beginbfchar", *rows, "endbfchar",
        "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"])


def is_emoji(char: str) -> bool:
    code = ord(char)
    return ((unicodedata.category(char) == "So" and (code >= 0x1F000 or 0x2600 <= code < 0x2800))
            or 0x1F3FB <= code <= 0x1F3FF or code == 0xFE0F)


def script_of(char: str) -> str:
    """The script a letter belongs to, as a person names it ('Chinese', 'Arabic')."""
    word = unicodedata.name(char, "").split(" ")[0]
    return CJK_PREFIXES.get(word, word.capitalize() if word else f"U+{ord(char):04X}")


def advice(run: str) -> str:
    """What would draw the run: the scripts and the Debian package."""
    scripts = list(dict.fromkeys(script_of(c) for c in run
                                 if unicodedata.category(c) not in _IGNORED))
    packages = sorted({PACKAGES.get(s, "fonts-noto-core") for s in scripts})
    return (f"no font here draws these letters ({', '.join(scripts)}); install Debian's "
            f"{' and '.join(packages)}, or name a font in clinic.toml [fonts] names")


def system_candidates(run: str) -> list[Candidate]:
    """TrueType fonts fontconfig knows that hold every letter of the run, the likeliest
    first (regular, not monospaced, sans-serif, Noto), then by path: the same machine,
    the same choice."""
    chars = " ".join(f"{ord(c):x}" for c in dict.fromkeys(run)
                     if unicodedata.category(c) not in _IGNORED)
    try:
        listed = subprocess.run(
            ["fc-list", "--format", "%{file}\t%{index}\t%{family[0]}\t%{style[0]}\n",
             f":charset={chars}:fontformat=TrueType"],
            capture_output=True, text=True, timeout=20, check=False,
            env=child_environment("fonts")).stdout
    except (OSError, subprocess.SubprocessError):
        return []  # no fontconfig: the clinic's fonts and the bundled ones only
    found = []
    for line in listed.splitlines():
        parts = line.split("\t")
        if len(parts) != 4 or not parts[1].isdigit():
            continue
        path, index, family, style = Path(parts[0]), int(parts[1]), parts[2], parts[3]
        if path.suffix.lower() != ".ttf":  # collections (.ttc) and CFF fonts: not for ReportLab
            continue
        key = (style not in ("Regular", "Book"), "Mono" in family or "Coding" in family,
               not any(word in family for word in ("Sans", "Gothic")),
               not family.startswith("Noto"), str(path), index)
        found.append((key, Candidate(path, index)))
    return [c for _, c in sorted(found, key=lambda pair: pair[0])]


_faces: dict[Candidate, NameFace | None] = {}


def face(candidate: Candidate) -> NameFace | None:
    """The font registered with ReportLab (once per process), or None when it cannot be
    used (not TrueType outlines, or its licence forbids embedding)."""
    from pdfgen.text.fonts import embedding_allowed

    if candidate not in _faces:
        try:
            loaded: NameFace | None = NameFace(f"Name{len(_faces)}", candidate)
        except (TTFError, OSError, ValueError, IndexError, KeyError, AssertionError,
                struct.error):  # (a file cut short: its tables end before they say)
            loaded = None
        if loaded is not None and (candidate.index or not embedding_allowed(candidate.path)):
            loaded = None
        if loaded is not None:
            pdfmetrics.registerFont(loaded)
        _faces[candidate] = loaded
    return _faces[candidate]


def shape_run(run: str, clinic: list[Candidate], bundled: list[Candidate]) -> tuple[str, str]:
    """The first font (the clinic's, the system's, then the bundled ones) that draws the
    whole run, and the run shaped in it: (ReportLab font name, characters)."""
    tried: set[Candidate] = set()
    for group in (clinic, None, bundled):
        for candidate in group if group is not None else system_candidates(run):
            if candidate in tried:
                continue
            tried.add(candidate)
            font = face(candidate)
            if font is None or not font.draws(run):
                continue
            shaped = font.shape(run)
            if shaped is not None:
                return font.fontName, shaped
    raise NameFontError(advice(run))


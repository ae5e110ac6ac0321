"""ReportLab set up for pdfgen's files, once, when layout is first imported: smaller
streams, and font subsets whose ToUnicode maps PDF/UA-1 accepts."""

from __future__ import annotations

from reportlab import rl_config
from reportlab.pdfbase import ttfonts

# ASCII85 wrapping inflates streams by a quarter; readable ASCII in font subsets adds
# every printable glyph to every font. Neither helps a patient's handout.
rl_config.useA85 = 0
rl_config.ttfAsciiReadable = 0

_NOT_TEXT = {0x0000, 0xFEFF, 0xFFFE}  # what PDF/UA-1 forbids as a ToUnicode value


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """A font subset's ToUnicode CMap, as ReportLab writes it but without the entry for code
    0, the font's .notdef glyph, which it maps to U+0000 (a PDF/UA-1 failure for every
    handout: veraPDF's rule 7.21.7); no character is drawn with it."""
    entries = [f"<{code:02X}> <{value:04X}>" for code, value in enumerate(subset)
               if value not in _NOT_TEXT]
    return "\n".join([
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
        f"/CIDSystemInfo\n<< /Registry ({fontname})\n/Ordering ({fontname})\n/Supplement 0\n"
        ">> def", f"/CMapName /{fontname} def", "/CMapType 2 def",
        "1 begincodespacerange", f"<00> <{len(subset) - 1:02X}>", "endcodespacerange",
        f"{len(entries)} beginbfchar", *entries, "endbfchar", "endcmap",
        "CMapName currentdict /CMap defineresource pop", "end", "end"])


ttfonts.makeToUnicodeCMap = _to_unicode_cmap  # the one place ReportLab builds them

"""A paragraph's markup parsed once a process; plain text made into its fragment directly.

Nearly every paragraph of a handout is plain text (to_markup writes a tag only for a run
in the fallback font, an entity only for &, < and >). ReportLab's parser (an HTMLParser fed
`<para>text</para>`) gives such a text one fragment: the style's opening fragment with the
text, as cleaned of its line breaks. That fragment is made here from the one the parser
gives a single letter in the same style, with the text and lists of its own: a process's
first handout parses ~180 texts (~5 ms) and a batch each new patient's. Anything else goes
through the parser. tests/test_paragraph_parse.py holds the two to the same fragments.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph
from reportlab.platypus.paragraph import cleanBlockQuotedText, textTransformFrags

from pdfgen.caches import cached

_PLAIN_SAMPLE = "x"  # parsed once a style, for its opening fragment


@cached("paragraph_parses", 2048)
def parsed(markup: str, style: ParagraphStyle, bullet: str | None) -> tuple[list[Any], object]:
    """ReportLab's parse of the markup (its fragments, and the bullet as the paragraph
    keeps it), done once a process for each text and style.

    Themes are cached too (make_theme), so a style here is always the same object, and the
    fragments are only read when a paragraph is laid out or drawn.
    """
    text = cleanBlockQuotedText(markup)
    if text and "<" not in text and "&" not in text:
        frags = [_opening(style).clone(text=text, link=[], us_lines=[])]
        textTransformFrags(frags, style)
        return frags, bullet or getattr(style, "bulletText", None)
    return by_parser(markup, style, bullet)


def by_parser(markup: str, style: ParagraphStyle, bullet: str | None
              ) -> tuple[list[Any], object]:
    """The fragments and bullet as ReportLab's parser makes them."""
    paragraph = Paragraph(markup, style, bulletText=bullet)
    return paragraph.frags, paragraph.bulletText


@cached("paragraph_openings", 256)
def _opening(style: ParagraphStyle) -> Any:
    """The fragment ReportLab's parser gives a plain text in this style, but for its text."""
    (fragment,) = Paragraph(_PLAIN_SAMPLE, style).frags
    return fragment

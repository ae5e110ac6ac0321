"""Paragraph styles, sizes and colours derived from the clinic's brand."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from reportlab.lib.colors import Color, HexColor
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from pdfgen.caches import cached
from pdfgen.content.clinic_settings import Brand
from pdfgen.layout.paragraph_parse import parsed
from pdfgen.layout.phrasing import PHRASED, phrasing
from pdfgen.layout.text_block import TextBlock
from pdfgen.text.engine import to_markup
from pdfgen.text.fonts import FontSet

INK = HexColor("#1A1A1A")  # near-black: softer than pure black, still > 15:1 on white
# Secondary text (the sign-off, the header's line), 11:1 on white; captions and footers are INK:
MUTED = HexColor("#3D3D3D")  # a home printer screens this grey into dots at 10 to 12 pt
RULE = HexColor("#8C8C8C")
TINT = 0.16  # the boxes' background: ~11 % grey (at 0.10, 7 %, it printed faint at home)


# Text set in narrow cells (the log's heads, the dose strip): two words bound together
# could be wider than the cell, and ReportLab would cut a word in two instead.
# ("Your exercises"' names are not: a pair wider than their column is let go there, and
# "Plank and Bird / Dog" read with "Dog" alone.)
NARROW = frozenset({"log", "log_head", "dose_name", "dose_value", "dose_part", "footer",
                    "footer_right", "running", "contact_small", "contact_label"})
HUNG = 14  # points (at normal print's scale) a line of a part's dose is indented by


# A title stays on the line of the name it belongs to ("Dr. Mike Sebastian", never "Dr." at
# a line's end): the space after it does not break.
_TITLES = re.compile(r"\b(Dr|Dra|Mr|Mrs|Ms|Mx|Prof|Sr|Sra|Srta)\. (?=\w)")


def bound_titles(text: str) -> str:
    return _TITLES.sub(lambda m: f"{m.group(1)}.\u00a0", text)


def no_runt(text: str) -> str:
    """The last two words bound by a no-break space, so that no paragraph or title ends
    with a line holding one short word ("worse.", "(DC)")."""
    head, space, last = text.rstrip().rpartition(" ")
    head = head.rstrip(" ")  # (a run of spaces is one: never a space left beside the bond)
    before = head.rpartition(" ")[2]
    if not space or len(before) + len(last) > 18:
        return text  # too long to bind: the pair might not fit a narrow column
    return f"{head}\u00a0{last}"


def tint(color: Color, amount: float) -> Color:
    """Mix a colour with white; small amounts give tints that print as pale grey."""
    return Color(*(1 - amount * (1 - ch) for ch in (color.red, color.green, color.blue)))


@dataclass(frozen=True)
class Theme:
    """Everything the blocks need to look consistent."""

    fonts: FontSet
    primary: Color
    accent: Color
    tint: Color  # backgrounds of boxes
    line: Color  # borders of cards and boxes
    body_size: float
    scale: float  # 1 for normal print; sizes of boxes, badges and codes grow with the type
    large_print: bool
    styles: dict[str, ParagraphStyle]

    def __getitem__(self, name: str) -> ParagraphStyle:
        return self.styles[name]

    def lead_in(self, heading: str, text: str, style: str, color: Color | None = None
                ) -> Paragraph:
        """A paragraph led by its heading in bold: "Keep going. Do each exercise..." (in
        `color`, a heading's, where it starts a part of its own)."""
        stop = "" if heading.rstrip()[-1:] in ".:!?" else "."
        return self.bold_led([(heading.rstrip() + stop, " " + no_runt(bound_titles(text)))],
                             "", style, color)

    def bold_led(self, parts: list[tuple[str, str]], joiner: str, style: str,
                 color: Color | None = None) -> Paragraph:
        """Parts each led by its first words in bold ("<b>0–2</b> Safe · <b>3–5</b> OK"),
        one after another with `joiner` between them, in one paragraph."""
        def escaped(text: str) -> str:  # (to_markup strips the spaces at a text's ends)
            core = text.strip(" \u00a0")
            start = text[:len(text) - len(text.lstrip(" \u00a0"))]
            end = text[len(text.rstrip(" \u00a0")):]
            return f"{start}{to_markup(core, self.fonts) if core else ''}{end}"

        tint = f' color="#{color.hexval()[2:]}"' if color is not None else ""
        markup = escaped(joiner).join(
            f'<font name="{self.fonts.bold}"{tint}>{escaped(lead)}</font>{escaped(rest)}'
            for lead, rest in parts)
        paragraph_style = self.styles[style]
        return TextBlock(markup, paragraph_style, frags=parsed(markup, paragraph_style,
                                                                None)[0])

    def para(self, text: str, style: str, **kw: Any) -> Paragraph:
        """A paragraph of plain text, escaped (with font fallback) in this one place."""
        loose = bound_titles(text)
        text = loose if style in NARROW else no_runt(loose)
        markup, paragraph_style = to_markup(text, self.fonts), self.styles[style]
        bullet = kw.pop("bulletText", None)
        frags, bullet_frags = parsed(markup, paragraph_style, bullet)
        block = TextBlock(markup, paragraph_style, bulletText=bullet_frags, frags=frags, **kw)
        if text != loose:  # kept for a column too narrow for the bound pair
            loose_markup = to_markup(loose, self.fonts)
            block.tight_text = (markup, frags)
            block.loose_text = (loose_markup, parsed(loose_markup, paragraph_style, bullet)[0])
        if style in PHRASED:
            block.phrasing = phrasing(loose, paragraph_style, self.fonts)
        return block


@cached("themes", 16)
def make_theme(brand: Brand, fonts: FontSet, large_print: bool = False) -> Theme:
    """The type scale. Normal: body 12.5 pt on 1.3 leading, title 26 pt, footer 10 pt.
    Large print: nothing under 18 pt, body 18 pt on 1.3, everything else in proportion."""
    primary, accent = HexColor(brand.primary), HexColor(brand.accent)
    regular, bold = fonts.body, fonts.bold
    k = 18 / 13 if large_print else 1.0  # how much bigger everything is drawn
    lead = 1.3  # DESIGN.md's floor for line spacing; Atkinson's tall x-height reads well at it
    s = 12.5 * k
    floor = 18 if large_print else 0  # large print: the smallest type on the page
    sign = s if large_print else s + 1.5

    def style(
        name: str, size: float, font: str = regular, color: Color = INK, **kw: Any
    ) -> ParagraphStyle:
        if size < floor:  # raised to the large-print minimum: its leading goes with it
            size = floor
            kw["leading"] = round(size * lead, 1)
        kw.setdefault("leading", round(size * lead, 1))
        kw.setdefault("alignment", TA_LEFT)
        if "bulletFontSize" in kw:
            kw["bulletFontSize"] = max(kw["bulletFontSize"], floor)
        return ParagraphStyle(name, fontName=font, fontSize=size, textColor=color, **kw)

    styles = {
        "body": style("body", s, spaceAfter=s * 0.55),
        "body_tight": style("body_tight", s),
        # A part's dose going on to another line, under the words after its name.
        "body_hung": style("body_hung", s, leftIndent=HUNG * k),
        "card_body": style("card_body", s, spaceAfter=2),
        # The introduction at body size: page 1 keeps it beside the warning signs.
        "lead": style("lead", s, spaceAfter=s * 0.6),
        "title": style("title", 26 * k, bold, leading=31 * k, spaceAfter=4),
        "title_tight": style("title_tight", 22 * k, bold, leading=25 * k, spaceAfter=3),
        "subtitle": style("subtitle", 16 * k, bold, primary, spaceAfter=3),
        "meta": style("meta", s, spaceAfter=12),
        "meta_right": style("meta_right", s, alignment=TA_RIGHT),  # beside the subtitle
        "heading": style("heading", 18 * k, bold, primary, spaceBefore=8, spaceAfter=6),
        # "Your exercises" on page 1: nearer its list than the box above it.
        "list_heading": style("list_heading", 18 * k, bold, primary),
        "box_heading": style("box_heading", s + 1, bold, spaceAfter=3),
        "stop_heading": style("stop_heading", s + 4 * k, bold, INK, spaceAfter=4),
        "card_name": style("card_name", 19 * k, bold, INK, leading=23 * k),
        "label": style("label", s + 1, bold, INK, spaceAfter=2),
        "step": style("step", s, leftIndent=26 * k, bulletIndent=0, bulletFontName=bold,
                      bulletFontSize=s + 3 * k, bulletColor=primary, spaceAfter=2.5),
        # The warning signs a size over the body in normal print; large print's body size,
        # 18 pt, is large enough for them and leaves page 1 its room.
        "stop_footer": style("stop_footer", sign),
        "stop_heading_short": style("stop_heading_short", sign, bold),  # a band's scores
        "stop_sign": style("stop_sign", sign, leftIndent=16 * k, bulletIndent=2,
                           bulletFontName=bold, bulletFontSize=sign),
        "bullet": style("bullet", s, leftIndent=16 * k, bulletIndent=2, bulletFontName=bold,
                        bulletColor=primary, bulletFontSize=s),
        "option": style("option", s),
        "option_label": style("option_label", s, bold, spaceAfter=1),
        "dose_name": style("dose_name", s, color=INK),
        "dose_value": style("dose_value", s + 3 * k, bold, INK),
        "dose_part": style("dose_part", s + 1, bold, INK),
        "overview_name": style("overview_name", s + 1.5 * k, bold),
        "small": style("small", 12, color=MUTED),
        "caption": style("caption", 12, color=INK, leading=14.5, alignment=TA_CENTER),
        "caption_left": style("caption_left", 12, color=INK, leading=14.5),
        # The header band grows less than the body in large print (its lines keep 18 pt):
        # page 1 keeps its room for the warning signs and the exercises.
        "header_name": style("header_name", 20 if large_print else 16, bold, primary,
                             leading=24 if large_print else 19, alignment=TA_RIGHT),
        "header_line": style("header_line", 12.5, color=MUTED, leading=16, alignment=TA_RIGHT),
        "contact_heading": style("contact_heading", s + 1, bold, primary),
        "contact_phone": style("contact_phone", 22 * k, bold, INK, leading=28 * k),
        "contact_name": style("contact_name", s, bold, embeddedHyphenation=1),  # at its '-'
        "contact_line": style("contact_line", 12 * k, leading=15.6 * k),
        "contact_small": style("contact_small", 12, leading=14, alignment=TA_CENTER),
        "contact_label": style("contact_label", 12, leading=14, alignment=TA_RIGHT),
        "log": style("log", 12, leading=14.5),
        "log_head": style("log_head", 12, bold, leading=14.5),
        "footer": style("footer", 10, color=INK, leading=12),
        "footer_right": style("footer_right", 10, color=INK, leading=12, alignment=TA_RIGHT),
        "running": style("running", 10, color=INK, leading=12),
    }
    return Theme(
        fonts=fonts,
        primary=primary,
        accent=accent,
        tint=tint(primary, TINT),
        line=tint(primary, 0.55),
        body_size=s,
        scale=k,
        large_print=large_print,
        styles=styles,
    )

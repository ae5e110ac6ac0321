"""The end of the handout: the conclusion, lines for notes, and the contact block laid out
like a business card."""

from __future__ import annotations

import re
from collections.abc import Callable

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Spacer, TableStyle

from pdfgen.layout.blocks.common import Stack, line_width, qr_code, widest_line
from pdfgen.layout.paragraph_parse import parsed
from pdfgen.layout.reportlab_door import Table
from pdfgen.layout.tagging import Marked
from pdfgen.layout.text_block import TextBlock
from pdfgen.layout.theme import RULE, Theme
from pdfgen.text.engine import to_markup
from pdfgen.text.handout_text import HandoutText

NOTE_LINES = 5
FEWEST_NOTE_LINES = 2  # fewer lines for notes than this: no notes at all
NOTE_LINES_FILL = 14  # a page the log does not share
PADDING = 14 + 8  # the contact card's padding, left and right, in each of its columns


def closing(text: HandoutText, theme: Theme, width: float, logo: Flowable | None,
            lines: int = NOTE_LINES, page_height: float = 1e6,
            note: list[Flowable] | None = None, card: Flowable | None = None,
            tight: bool = False, with_card: bool = True) -> list[Flowable]:
    """The clinician's note when page 1 had no room for it, the conclusion, `lines` ruled
    lines for notes (none when the page has no room), and the contact block (`card`, when
    it was made already; none when not `with_card`: a log's handout ends with it, under the
    log). `tight`: the conclusion's heading leads its first paragraph, in bold, rather than
    standing on a line of its own (when that saves the handout a page)."""
    story: list[Flowable] = list(note or [])[1:]  # no space above it: it starts the block
    if text.conclusion:
        story += [Spacer(1, 6)] if story else []
        if tight:
            first, *rest = text.conclusion
            # (In the headings' colour: in black it read as the last card's words.)
            story.append(theme.lead_in(text.conclusion_heading, first, "body",
                                       theme.primary))
            story += [theme.para(p, "body") for p in rest]
        else:
            story.append(theme.para(text.conclusion_heading, "heading"))
            story += [theme.para(p, "body") for p in text.conclusion]
    if lines:
        story += notes_under(text, theme, width, lines)
    # The last paragraph's own space after it, and a little more, above the card (under a
    # ruled line for notes, the card's border stands clear of it).
    if with_card:
        story += [Spacer(1, 12 if lines else 4), card or contact(text, theme, width, logo)]
    # The closing reads as one piece; it splits only if it is longer than a page.
    return [Stack(story, page_height)]


def notes_under(text: HandoutText, theme: Theme, width: float, lines: int) -> list[Flowable]:
    """"Notes" and `lines` ruled lines under it."""
    return [theme.para(text.notes_heading, "heading"), note_lines(theme, width, lines)]


def note_lines(theme: Theme, width: float, count: int = NOTE_LINES) -> Table:
    """Ruled lines, spaced for handwriting, for the clinician (or the patient) with a pen."""
    gap = 26 * theme.scale
    lines = Table([[""] for _ in range(count)], colWidths=[width],
                  rowHeights=[gap] * count)
    lines.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.75, RULE)]))
    return lines


def contact(text: HandoutText, theme: Theme, width: float, logo: Flowable | None) -> Table:
    """A business card: the phone first (it is what a patient acts on), then who and where,
    and a QR code. The logo is on page 1; here the words have the room."""
    c = text.contact
    size = 58 * theme.scale  # 0.8 in: phone cameras read it from a hand's length away
    link_width = _link_width(c.link.label, theme) if c.link is not None else 0
    # The number patients call is never broken across two lines; an extension goes under it
    # (on the number's line it widened the column, and the clinic's name and address beside
    # it wrapped: a handout a page longer).
    number, extension = _extension(c.phone)
    phone = theme.para(number.replace(" ", "\u00a0"), "contact_phone")
    inner = width - link_width
    first = inner
    heading = c.heading
    if not theme.large_print and c.details:
        # The phone's column as wide as its number and the heading over it need (and the
        # padding), or half.
        number_width = line_width(number, theme["contact_phone"])
        needed = max(number_width,
                     line_width(heading, theme["contact_heading"])) + PADDING + 2
        first = min(max(inner * 0.5, needed), inner * 0.62)
        # An e-mail or web address whole on its line (a patient copies it down): the
        # phone's column gives its room down to what it needs, then the heading's line
        # ("¿Tiene preguntas?" over "Llámenos."; a patient copied "frontdesk" alone off
        # "frontdesk" over "@riverbend-chiro.example"); else an e-mail address breaks
        # before its @, never elsewhere; else the card is one column.
        whole, at = (max((line_width(part, theme["contact_line"]) for line in c.details
                          for part in split(line)), default=0.0) + PADDING + 2
                     for split in (_whole, _at))
        if inner - first < whole:
            first = max(needed, inner - whole)
        two = _in_phrases(heading)
        if inner - first < whole and two != heading:
            least = max(number_width, *(line_width(part, theme["contact_heading"])
                                        for part in two.split(" "))) + PADDING + 2
            if inner - least >= whole:
                first, heading = max(least, inner - whole), two
        if inner - first < at:
            first, heading = inner, c.heading
    room = (inner if first == inner else inner - first) - PADDING - 2  # the details' column
    where = [theme.para(c.clinic, "contact_name"),
             *(_linked(_address(theme, line, room), line) for line in c.details)]
    name = _credit_bound(c.name, theme["contact_name"], first - PADDING)
    who = [theme.para(heading, "contact_heading"), phone,
           *([theme.para(extension, "contact_line")] if extension else []),
           theme.para(name, "contact_name")]
    if first == inner:  # one column: nothing left alone in a second
        # (the clinic's name a little apart from the clinician's credential over it: in
        # bold under "Doctor of Chiropractic (DC)" it read as part of it)
        cells: list[object] = [[*who, Spacer(1, 5), *where]]
        widths = [inner]
        if c.link is None:  # a card as wide as its words, not a page-wide box two-thirds empty
            # (the words 14 pt from its border on the right as on the left)
            words = max(widest_line(p, inner - 28) for p in [*who, *where]) + 14 + 14
            widths = [min(inner, max(words, inner * 0.4))]
    else:
        cells, widths = [who, where], [first, inner - first]
    if c.link is not None:
        cells.append([Marked(qr_code(c.link.url, size), "Figure",
                             f"{c.link.code}: {c.link.label}", url=c.link.url),
                      theme.para(c.link.label, "contact_small")])
        widths.append(link_width)
    card = Table([cells], colWidths=widths)
    card.setStyle(TableStyle([
        ("BOX", (0, 0), (-1, -1), 1.5, theme.primary),
        ("ROUNDEDCORNERS", [8, 8, 8, 8]),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 14),
        ("RIGHTPADDING", (0, 0), (-1, -1), 8),
        ("TOPPADDING", (0, 0), (-1, -1), 8),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
    ]))
    card.hAlign = "LEFT"
    return card


def _whole(line: str) -> list[str]:
    """A line of the card that must not break (an address), as one part; none otherwise."""
    return [line.strip()] if " " not in line.strip() else []


def _at(line: str) -> list[str]:
    """An address line as the parts it may break into: an e-mail address before its @."""
    local, at, domain = line.strip().partition("@")
    return [local, at + domain] if at and local else _whole(line)


def _address(theme: Theme, line: str, room: float) -> Flowable:
    """A line of the card's details; an e-mail address wider than the column's `room` over
    two lines, broken before its @."""
    style = theme["contact_line"]
    parts = _at(line)
    if len(parts) < 2 or line_width(line.strip(), style) <= room:
        return theme.para(line, "contact_line")
    markup = "<br/>".join(to_markup(part, theme.fonts) for part in parts)
    return TextBlock(markup, style, frags=parsed(markup, style, None)[0])


def _in_phrases(heading: str) -> str:
    """The heading with its phrases each kept whole ("¿Tiene preguntas? Llámenos." breaks
    only after the question), or as it is when it is one phrase."""
    phrases = re.split(r"(?<=[?!.:])\s+", heading.strip())
    if len(phrases) < 2:
        return heading
    return " ".join(p.replace(" ", NBSP) for p in phrases)


def _extension(phone: str) -> tuple[str, str]:
    """'(813) 555-0142 ext. 12' as its number and its extension ('ext. 12'), or ('…', '')."""
    found = re.fullmatch(r"(.*?[0-9)])[\s,]*((?:ext\.?|x)\s?[0-9]+)", phone.strip())
    return (found.group(1), found.group(2)) if found else (phone, "")


LINK_WIDTH = 92  # the QR code's column at the least (its label under it in two lines)


def _link_width(label: str, theme: Theme) -> float:
    """The QR code's column: wide enough for its label in two lines ("Escanee para" over
    "ver nuestra web"; at 92 pt it took three, and the card three lines' height), never
    wider than it needs, and at most a third more than its least."""
    style = theme["contact_small"]
    words = label.split()
    least = LINK_WIDTH * theme.scale
    if len(words) < 2:
        return least
    halves = min(max(line_width(" ".join(words[:cut]), style),
                     line_width(" ".join(words[cut:]), style))
                 for cut in range(1, len(words)))
    return min(max(least, halves + PADDING + 1), least * 4 / 3)


def _credit_bound(name: str, style: ParagraphStyle, width: float) -> str:
    """The clinician's name and credential, when they take two lines, broken after the
    comma ("Dr. Mike Sebastian," over "Doctor of Chiropractic (DC)"), never inside the
    credential ("Doctor of" over "Chiropractic"), where each part fits a line."""
    head, comma, tail = name.partition(", ")
    if (not comma or line_width(name, style) <= width or line_width(head + ",", style) > width
            or line_width(tail, style) > width):
        return name
    return f"{head}, {tail.replace(' ', NBSP)}"


NBSP = "\u00a0"


def signoff(text: HandoutText, theme: Theme, width: float, page_height: float,
            space: float = 10) -> list[Flowable]:
    """The handout's sign-off (version, review, next review) and the other forms it exists
    in, one line each, small and quiet under the last thing printed, `space` under it."""
    style = theme["small"]
    lines = [theme.para(_kept_apart(part), "small") for line in (text.signoff, text.also_in)
             if line for part in _packed(line, style, width)]
    return [Spacer(1, space), Stack(lines, page_height)] if lines else []


def _packed(line: str, style: ParagraphStyle, width: float) -> list[str]:
    """A sign-off too long for one line, in lines of its whole parts, as many a line as
    fit: a line never ends on the dot between two parts, nor starts with one."""
    parts = line.split(" · ")
    packed = [parts[0]]
    for part in parts[1:]:
        joined = f"{packed[-1]} · {part}"
        if line_width(joined, style) <= width:
            packed[-1] = joined
        else:
            packed.append(part)
    return packed


def _kept_apart(line: str) -> str:
    """The sign-off's short parts ("Next review Nov 2027", "Próxima revisión en nov 2027")
    each kept on one line (a long one may break), breaking only between them."""
    parts = line.split(" · ")
    return "\u00a0· ".join(p.replace(" ", "\u00a0") if len(p) <= SHORT_PART else p
                           for p in parts)


SHORT_PART = 40  # characters: a sign-off part this long or shorter is never broken


_ADDRESS = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_WEB = re.compile(r"(https?://)?(www\.)?[\w-]+(\.[\w-]+)+(/\S*)?", re.IGNORECASE)


def _linked(paragraph: Flowable, line: str) -> Flowable:
    """A line of the contact block that is an e-mail or a web address, with a link over it
    (a reader on screen follows it; an assistive reader is told where it goes)."""
    text = line.strip()
    if _ADDRESS.fullmatch(text):
        return Marked(paragraph, "P", text, url=f"mailto:{text}")
    if _WEB.fullmatch(text) and not text[:1].isdigit():
        url = text if text.lower().startswith(("http://", "https://")) else f"https://{text}"
        return Marked(paragraph, "P", text, url=url)
    return paragraph


def note_lines_in(height: Callable[[int], float], room: float, most: int) -> int:
    """How many lines for notes the closing takes in `room` (at most `most`): the closing's
    height with none, with one (its heading too) and with two give every other count."""
    none, one = height(0), height(1)
    if one > room:
        return 0 if none <= room else NOTE_LINES  # (too tall either way: as it always was)
    step = height(2) - one
    count = min(most, 1 + int((room - one) // step)) if step > 0 else most
    # A heading over a single line reads as something left unfinished: none, then.
    return count if count >= FEWEST_NOTE_LINES else 0

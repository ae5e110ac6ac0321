"""Which form of the opening page 1 takes: parts moved after "Your exercises" in normal
print, or the whole opening in reading order running on to page 2."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.platypus import Flowable

from pdfgen.layout.blocks.opening import MOVES, opening
from pdfgen.layout.fitting import height_of
from pdfgen.layout.theme import Theme
from pdfgen.text.handout_text import HandoutText


def openings(text: HandoutText, theme: Theme, width: float, top: list[Flowable],
             first_room: float, room: float) -> list[Form]:
    """The forms the opening under the masthead `top` may take, for the fitting pass to
    choose from. In normal print, one: the fewest moves that keep it up to "Your exercises"
    on page 1 (before each, a plan's note a line shorter, its heading leading its words).
    In large print, or when no move does, the opening in reading order on to page 2, its
    title in either size (the smaller also with "Before you start" leading its words), what
    a set is under "Your exercises" or apart (the pages the cards then take decide)."""
    if not theme.large_print:
        # (With each move, the introduction's first paragraphs kept in place if they fit:
        # all but the last, then one fewer.)
        tries = [(moved, lead, kept) for moved in range(MOVES) for lead in (False, True)
                 if not lead or text.note
                 for kept in (range(len(text.intro) - 1, -1, -1) if moved else [0])]
        for moved, lead, kept in tries:
            start, must = opening(text, theme, width, moved, room, lead, kept_intro=kept)
            if height_of([*top, *start[:must]], width) <= first_room:
                return [Form(start)]
    forms = []
    for apart in (False, True):
        # The title a size smaller, then "Before you start" leading its words too (a line
        # shorter: with a patient's name, Spanish Level 2 kept its warning signs on page 1
        # only so, and took a page more without).
        for tight, lead in ((False, False), (True, False), (True, True)):
            marks: dict[str, int] = {}
            start, _ = opening(text, theme, width, MOVES, room, tight_title=tight,
                               apart=apart, marks=marks, disclaimer_lead=lead)
            forms.append(Form(start, marks.get("warning", -1), marks["list"],
                              marks["explain"]))
    return forms


@dataclass(frozen=True)
class Form:
    """One form of the opening: its flowables, and which of them are the warning box,
    "Your exercises" and what a set is (-1: none, or not to be weighed)."""

    start: list[Flowable]
    warning: int = -1
    checklist: int = -1
    explain: int = -1

    def grade(self, where: list[int], offset: int) -> tuple[int, int, int]:
        """Where it puts the warning signs, whether what a set is leaves its list's page,
        and where "Your exercises" stands (pages of its flowables `where`, after `offset`
        others): the less, the better."""
        if self.checklist < 0:
            return 0, 0, 0
        warning = where[offset + self.warning] if self.warning >= 0 else 0
        apart = where[offset + self.explain] != where[offset + self.checklist]
        return warning, int(apart), where[offset + self.checklist]


def pages_used(flowables: list[Flowable], width: float, first_room: float, room: float
               ) -> tuple[list[float], list[int]]:
    """How much of each page the flowables take, from page 1, each moving whole to the next
    page when it does not fit (as the opening's boxes do), and the page each stands on."""
    used: list[float] = [0.0]
    where: list[int] = []
    for flowable in flowables:
        after = flowable.getSpaceAfter()
        height = height_of([flowable], width) - after
        space = flowable.getSpaceBefore() if used[-1] else 0
        # (The space under it need not fit: the frame places a part that reaches the foot.)
        if used[-1] and used[-1] + space + height > (room if len(used) > 1 else first_room):
            used.append(0.0)
            space = 0
        used[-1] += space + height + after
        where.append(len(used) - 1)
    return used, where

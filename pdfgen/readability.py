"""Reading level of a handout's words, with textstat (the Flesch-Kincaid grade)."""

from __future__ import annotations

from pdfgen.resolve import HandoutText


def prose(text: HandoutText) -> str:
    """The words a patient reads, as sentences (list items without a full stop get one)."""
    parts = [text.title, *text.intro, text.disclaimer, *text.conclusion]
    for card in text.cards:
        parts += [card.name, card.summary, *card.why, *card.steps, *card.tips]
        parts += [p for p in (card.easier, card.harder) if p]
    return " ".join(p if p.rstrip().endswith((".", "!", "?", ":")) else f"{p}." for p in parts)


def grade_level(words: str) -> float:
    # textstat 0.7.8 counts syllables from data it ships (no download at run time).
    import textstat

    return float(textstat.flesch_kincaid_grade(words))

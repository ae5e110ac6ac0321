"""English left in a translation is told; a sentence of another language never is."""

from __future__ import annotations

from pathlib import Path

import pytest

from pdfgen.clinic.untranslated import left_in_english

ENGLISH = {"steps": ["Hold a light weight in each hand.", "Keep your back straight."]}


@pytest.mark.parametrize(("text", "english"), [
    ("Hold a light dumbbell in each hand.", True),
    ("Keep your back straight.", True),  # the English file's own words
    ("Bend both knees to about a square corner (90 degrees).", True),
    ("Lower your back knee toward the floor, as if to kneel.", True),
    ("Sostenga una pesa ligera en cada mano.", False),
    ("Mantenga la espalda recta.", False),
    # Words that look English in other languages: Dutch "hand", "of", "over"; Portuguese
    # "as"; German "Hand", "und".
    ("Houd de hand boven de schouder of over het hoofd.", False),
    ("Mantenha as costas retas e as pernas juntas.", False),
    ("Halten Sie die Hantel in jeder Hand und heben Sie die Arme.", False),
    ("Plancha", False), ("{{ clinic.clinician }}", False)])
def test_english_is_told_and_other_languages_are_not(text: str, english: bool) -> None:
    found = left_in_english(ENGLISH, {"steps": ["Sostenga una pesa.", text]},
                            Path("squat.es.yaml"), "Spanish")
    assert [p.field for p in found] == (["steps[2]"] if english else [])

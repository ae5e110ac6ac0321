"""Every card's parts in one order, pictures before steps, and its dose in one place."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
from card_helpers import ENGLISH, read_where, spanish_labels
from conftest import REPO
from pages_helpers import build, exercise, routine

ORDER = ["steps", "tips", "easier", "harder", "why"]


@dataclass(frozen=True)
class Hit:
    part: str
    page: int
    order: int  # the place in the page's text, as drawn (and as a screen reader reads it)
    left: float
    top: float


def label_hits(pdf: Path, labels: dict[str, str]) -> list[Hit]:
    """Every card label printed at the start of a line, in the order the pages draw them."""
    hits = []
    document = pdfium.PdfDocument(pdf)
    for number, page in enumerate(document):
        text = page.get_textpage()
        whole = text.get_text_range()
        for part, label in labels.items():
            for match in re.finditer(rf"(?:^|\n){re.escape(label)}\s*(?:\r?\n)", whole):
                start = match.start() + (1 if whole[match.start()] == "\n" else 0)
                box = text.get_charbox(start)
                hits.append(Hit(part, number, start, box[0], box[3]))
    document.close()
    return sorted(hits, key=lambda h: (h.page, h.order))


def cards_of(hits: list[Hit]) -> list[list[Hit]]:
    """The hits a card at a time: every card starts its text with its steps."""
    cards: list[list[Hit]] = []
    for hit in hits:
        if hit.part == "steps":
            cards.append([])
        if cards:
            cards[-1].append(hit)
    return cards


SETS = {
    "level 2 letter": ("--level", "2"),
    "level 2 a4": ("--level", "2", "--paper", "a4"),
    "level 1 letter": ("--level", "1"),
    "level 1 a4": ("--level", "1", "--paper", "a4"),
    "level 2 spanish": ("--level", "2", "--language", "es"),
    # (A card going on to the next page after its steps: the plank and bird dog.)
    "level 1 spanish a4": ("--level", "1", "--language", "es", "--paper", "a4"),
    "level 2 large print": ("--level", "2", "--large-print"),
    "level 1 large print": ("--level", "1", "--large-print"),
    "plan": ("--plan", "content/plans/example.yaml", "--log", "4"),
}


@pytest.mark.parametrize("name", list(SETS))
def test_every_card_has_its_parts_in_one_order(demo: Path, name: str) -> None:
    args = SETS[name]
    labels = spanish_labels() if "es" in args else ENGLISH
    cards = cards_of(label_hits(build(demo, *args), labels))
    slugs = routine(int(args[1])) if args[0] == "--level" else routine(2)
    assert len(cards) == len(slugs), cards
    for slug, hits in zip(slugs, cards, strict=True):
        data = exercise(slug)
        expected = [p for p in ORDER if p == "steps" or data.get(p)]
        assert [h.part for h in hits] == expected, (slug, hits)
        for before, after in itertools.pairwise(hits):
            if after.page != before.page:
                assert after.page == before.page + 1, (slug, before, after)
                continue
            # Each part under the one before it, or (Easier and Harder side by side) level
            # with it and to its right: read down, then across, never back up.
            below = after.top < before.top - 1
            beside = abs(after.top - before.top) < 2 and after.left > before.left
            assert below or beside, (slug, before, after)


@pytest.mark.parametrize("name", ["level 2 letter", "level 2 a4", "level 2 large print"])
def test_the_pictures_come_before_the_steps(demo: Path, name: str) -> None:
    """The start picture's caption is printed above the steps, or in a column to their
    left, and read before them."""
    pdf = build(demo, *SETS[name])
    document = pdfium.PdfDocument(pdf)
    steps = [h for h in label_hits(pdf, ENGLISH) if h.part == "steps"]
    for slug, hit in zip(routine(2), steps, strict=True):
        page = document[hit.page].get_textpage()
        whole = page.get_text_range()
        # The first caption ("Start: ...") after the card's name on the page of its steps.
        named = whole.find(exercise(slug)["name"])
        caption = whole.find(exercise(slug)["pictures"][0]["caption"].split()[0],
                             max(named, 0))
        if caption < 0 or caption > hit.order:
            # Large print: the pictures on an even page, the steps on the page facing it.
            assert "large" in name and hit.page % 2 == 0, slug  # (pages from 0 here)
            before = document[hit.page - 1].get_textpage().get_text_range()
            assert exercise(slug)["name"] in before, slug
            continue
        box = page.get_charbox(caption)
        assert box[3] > hit.top or box[2] < hit.left, slug
    document.close()


@pytest.mark.parametrize("args", [
    ("--level", "2"), ("--level", "2", "--paper", "a4"),
    ("--level", "2", "--language", "es")])
def test_every_card_has_its_dose_in_one_place(demo: Path, args: tuple[str, ...]) -> None:
    """Level 2's doses are one strip each: beside the card's name on every card (a long
    name takes two lines, and a long dose puts each label over its number, rather than
    pushing the dose under the name)."""
    spanish = "es" in args
    sets = spanish_labels_of("Sets") if spanish else "Sets"
    document = pdfium.PdfDocument(build(demo, *args))
    placed = {}
    for slug in routine(2):
        name = exercise(f"{slug}.es" if spanish else slug)["name"].split()[0]
        for page in list(document)[1:]:
            text = page.get_textpage()
            whole = text.get_text_range()
            at = whole.find(name)
            label = whole.find(f"{sets} ", at) if at >= 0 else -1
            if label >= 0:
                name_box, dose_box = text.get_charbox(at), text.get_charbox(label)
                # Beside: right of the name, level with its first line or the one under it.
                placed[slug] = (dose_box[0] > name_box[2] + 40
                                and dose_box[3] > name_box[1] - 30)
                break
    document.close()
    assert placed == {slug: True for slug in routine(2)}, placed


def test_a_dose_too_long_for_one_strip_puts_each_label_over_its_number(demo: Path) -> None:
    """Spanish large print's lunge ("Repeticiones 8 en cada lado"): its labels in one row
    and its numbers in the row under them, as on the other cards, not a row a label."""
    labels = [spanish_labels_of(label) for label in ("Sets", "Reps", "Days a week")]

    def tops(text: Any, whole: str, at: int) -> tuple[set[int], int]:
        at += len("2 ")  # (the sets' number, then the reps')
        return ({round(text.get_charbox(whole.rfind(label, 0, at))[3]) for label in labels},
                round(text.get_charbox(at)[3]))

    rows = read_where(build(demo, "--level", "2", "--large-print", "--language", "es"),
                      "2 8 en cada lado", tops)  # (page 2's list: "2 series de 8 en cada lado")
    assert rows is not None
    label_tops, value_top = rows
    assert max(label_tops) - min(label_tops) <= 1, label_tops  # one row (glyphs' tops differ)
    assert value_top < min(label_tops) - 10, rows


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_the_doses_of_an_exercise_in_parts_stay_a_table_in_spanish_large_print(
        demo: Path, paper: str) -> None:
    """The plank and the bird dog: each label once, over its column (a long label in two
    lines, "Días por / semana"; on A4 a part's name too), every part a row; not a strip a
    part that repeats the labels and takes half a page, which left the plank's name alone
    on a page 43 % used."""
    labels = [spanish_labels_of(label) for label in ("Reps", "Hold", "Days a week")]
    parts = [p["name"] for p in exercise("plank-bird-dog.es")["dose"]]
    assert parts == ["Plancha", "Perro de caza"]

    def table(text: Any, whole: str, at: int) -> tuple[list[int], list[int]]:
        counts = [whole.count(label.split()[0]) for label in labels]
        tops = [round(text.get_charbox(whole.find(label.split()[0]))[3]) for label in labels]
        rows = [round(text.get_charbox(whole.find(part, at))[3]) for part in parts]
        assert min(whole.find(part, at) for part in parts) > at  # the parts under the labels
        return counts, [*tops, *rows]

    read = read_where(build(demo, "--level", "1", "--large-print", "--language", "es",
                            "--paper", paper), labels[1], table)
    assert read is not None
    counts, tops = read
    assert counts == [1, 1, 1], counts
    label_tops, rows = tops[:3], tops[3:]
    assert max(label_tops) - min(label_tops) <= 14, label_tops  # one row of labels
    assert rows[0] < min(label_tops) - 10 and rows[1] < rows[0] - 10, tops


def spanish_labels_of(label: str) -> str:
    po = (REPO / "pdfgen" / "locale" / "es" / "LC_MESSAGES" / "pdfgen.po").read_text()
    return dict(re.findall(r'msgid "([^"]+)"\nmsgstr "([^"]+)"', po))[label]


@pytest.mark.parametrize("args", [
    ("--level", "2"), ("--level", "2", "--paper", "a4"), ("--level", "2", "--language", "es"),
    ("--level", "2", "--language", "es", "--paper", "a4")])
def test_every_cards_dose_box_has_one_form(demo: Path, args: tuple[str, ...]) -> None:
    """The doses of a handout in one form of box: each label beside its number on every
    card, or each over its number on every card (Spanish Level 2 had the squat's in a
    strip, the lunge's and the swing's labels over their numbers). (Not large print: its
    doses stand under the names, where a row more each would cost Spanish Level 2 a page.)"""
    spanish = "es" in args
    sets, reps = ((spanish_labels_of("Sets"), spanish_labels_of("Reps")) if spanish
                  else ("Sets", "Reps"))
    document = pdfium.PdfDocument(build(demo, *args))
    pages = [page.get_textpage().get_text_range() for page in document][1:]
    forms = {}
    for slug in routine(2):
        name = exercise(f"{slug}.es" if spanish else slug)["name"]
        whole = next(w for w in pages if name in w.replace("\r\n", " "))
        at = whole.find(sets, whole.replace("\r\n", " ").find(name))
        between = whole[at + len(sets):whole.find(reps, at)]
        forms[slug] = "beside" if any(c.isdigit() for c in between) else "over"
    document.close()
    assert len(set(forms.values())) == 1, forms

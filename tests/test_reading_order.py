"""Screen readers (poppler, pdfium) read a handout's tags in the order it is printed."""

from __future__ import annotations

import ctypes
import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from conftest import REPO
from limited import run_limited
from pages_helpers import own_photos
from tagging_helpers import HANDOUTS, PLAN, _content_problems, build


def _handout_text(args: dict):
    """The resolved handout, as the pipeline resolves it (in the language asked for)."""
    from pdfgen.build import HandoutRequest, resolve
    from pdfgen.content.project import find_project

    project = find_project(None, cwd=args.get("project", REPO))
    return resolve(project, HandoutRequest(
        level=args.get("level"), patient="Jane Example", date=dt.date(2026, 11, 24),
        plan=args.get("plan"), log_weeks=args.get("log"), large_print=args.get("large_print"),
        language=args.get("language"))).text


def reading_order(args: dict, first_page: str | None = None, card_last: bool = False
                  ) -> list[str]:
    """The resolved handout's text, every string of it, in the order a reader meets it.
    `first_page`: page 1's printed text, to tell which parts page 1 had no room for (in
    normal print they follow "Your exercises", in their own order). `card_last`: the
    contact card printed after the log (where a page holds both)."""
    text = _handout_text(args)
    large = bool(args.get("large_print"))
    intro = list(text.intro)
    disclaimer = [text.disclaimer_heading, text.disclaimer]
    pain = [text.pain_heading, text.pain_rule or "",
            *(w for band in text.pain_scale for w in (band.label, band.meaning))]
    note = [text.note_heading, text.note] if text.note else []
    stop = [text.stop_heading, *text.stop_if, text.stop_footer]
    glance = [text.overview_heading]
    for card in text.cards:
        # (its parts: a dot between two parts that a line ends at is not printed, or read)
        glance += [card.name, *re.split(r" · |\n", card.dose or "")]
    explain = [text.set_meaning, text.tick]

    def on_first(parts: list[str]) -> bool:
        return first_page is None or all(_spaced(p) in first_page for p in parts if p)

    parts = [intro, disclaimer, pain, explain]
    # Large print moves nothing: its opening reads as normal print's, on to page 2.
    kept = [large or on_first(p) for p in parts]
    # The introduction's first paragraphs may stay at its head when the rest moves on.
    stays = len(intro) if kept[0] else next(
        n for n in range(len(intro), -1, -1) if on_first(intro[:n]))
    head = [*intro[:stays], *(disclaimer if kept[1] else []), *stop,
            *(pain if kept[2] else []), *note, *glance, *(explain if kept[3] else [])]
    # (A moved introduction under its own heading.)
    moved = [*(explain if not kept[3] else []),
             *([text.intro_heading, *intro[stays:]] if intro[stays:] else []),
             *(disclaimer if not kept[1] else []), *(pain if not kept[2] else [])]
    # (In large print a name and date too long for a line beside the routine: the date
    # beside it, the name on a line of its own.)
    whose = ([text.prepared_for] if first_page is None or _spaced(text.prepared_for)
             in first_page else [text.dated, text.prepared_name])
    order = [text.title, text.subtitle, *whose, *head, *moved]
    for card in text.cards:
        why = [card.labels["why"], *card.why] if card.why else []
        # Every card in one order, in print and for a screen reader alike.
        order += [card.name, card.summary, *(p.caption for p in card.pictures),
                  card.labels["steps"], *card.steps,
                  *([card.labels["tips"], *card.tips] if card.tips else []),
                  *(value for value in (card.easier, card.harder) if value), *why]
    card = [text.contact.heading, text.contact.phone, text.contact.name, text.contact.clinic,
            *text.contact.details]
    order += [text.conclusion_heading, *text.conclusion, *([] if card_last else card)]
    if text.log is not None:
        order += [text.log.heading, text.log.intro, text.log.week_label,
                  *[w for week in text.log.weeks for w in week]]
    order += card if card_last else []
    return [part for part in order if part]


def reasons_in_their_card(args: dict, read: str) -> list[str]:
    """Each card's "Why it helps", whole, between the card's summary and the next card's
    (the names are on page 1 too), when the reading order leaves it out (large print): what
    is missing, or []."""
    cards = _handout_text(args).cards
    missing = []
    for index, card in enumerate(cards):
        after = cards[index + 1].summary if index + 1 < len(cards) else None
        start = read.find(_spaced(card.summary))
        end = read.find(_spaced(after), start) if after else len(read)
        assert start >= 0 and end > start, card.name
        missing += _in_order([card.labels["why"], *card.why] if card.why else [],
                             read[start:end])
    return missing


def _spaced(text: str) -> str:
    """The text with its white space as one plain space: words stay apart, never joined."""
    return " ".join(text.replace("&amp;", "&").replace("\u00a0", " ").split())


def _in_order(expected: list[str], read: str) -> list[str]:
    """The expected strings that are missing from `read`, whole and word for word, or out of
    their order."""
    missing, at = [], 0
    for part in expected:
        found = read.find(_spaced(part), at)
        if found < 0:
            missing.append(part)
        else:
            at = found + len(_spaced(part))
    return missing


def test_the_order_check_tells_two_words_from_one() -> None:
    assert _in_order(["try this one"], "start with Level 1 before you trythis one") == [
        "try this one"]
    assert _in_order(["try this one", "Level"], "try this one. Level 2") == []
    assert _in_order(["Level", "try this one"], "try this one. Level 2") == ["try this one"]


CASES = {"level-2": {"level": 2}, "level-1": {"level": 1},
         "plan-with-log": {"plan": PLAN, "log": 4},
         "large-print": {"level": 2, "large_print": True},
         "spanish": {"level": 2, "language": "es"},
         "own-photos": {"level": 2}}


@pytest.mark.parametrize("name", CASES)
def test_poppler_reads_the_tree_in_the_handouts_order(demo: Path, name: str) -> None:
    if shutil.which("pdfinfo") is None:
        pytest.skip("poppler-utils (pdfinfo) is not installed")
    case = dict(CASES[name])
    if name == "own-photos":  # a clinic folder of its own, its photos in place of drawings
        own_photos(demo)
        case["project"] = demo
    pdf = build(demo, [*HANDOUTS.get(name, ["--level", "2"])], cwd=demo)
    done = subprocess.run(["pdfinfo", "-struct-text", str(pdf)], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "Document"
    read = " ".join(_spaced(m.group(1)) for line in lines
                    if (m := re.fullmatch(r'\s*"(.*)"', line)))
    # Every string of the handout, whole: no two words run together at a line's end.
    first = _spaced(" ".join(pdfium.PdfDocument(pdf)[0].get_textpage().get_text_range()
                             .split()))
    printed = _spaced(" ".join(page.get_textpage().get_text_range()
                               for page in pdfium.PdfDocument(pdf)))
    log_at = printed.find("Your exercise log")
    card_last = 0 <= log_at < printed.rfind("Questions? Call us.")
    assert card_last == (name == "plan-with-log"), name  # (the card after the log in print)
    assert _in_order(reading_order(case, first, card_last), read) == []
    if case.get("large_print"):
        assert reasons_in_their_card(case, read) == []
        # A card's part on its next page is headed "(continued)" in print; a listener hears
        # the card go on, with no page break read out.
        assert "(continued)" in printed
        assert "(continued)" not in read
    assert "Page 1 of" not in read  # the footer is furniture
    kinds = [line.strip().split(" ")[0].rstrip(":") for line in lines
             if not line.strip().startswith('"')]
    assert kinds.index("H1") < kinds.index("H2") < kinds.index("Figure")
    if name == "plan-with-log":
        assert {"Table", "TR", "TH", "TD"} <= set(kinds)


def test_a_card_going_on_after_its_steps_reads_on_without_its_heading(tmp_path: Path) -> None:
    """Spanish Level 1 on Letter, the plank and bird dog drawn as two wide
    drawings (tests/fixtures/wide-drawings: each nearly as wide as the card, one under the
    other), the introduction's second paragraph two sentences longer (page 1 keeps the
    first), its sixth step a line longer: it goes on to page 3 after its steps. A listener
    hears its steps, then its tips and "easier", with no "(continuación)" read out between
    them; in print the heading is there."""
    if shutil.which("pdfinfo") is None:
        pytest.skip("poppler-utils (pdfinfo) is not installed")
    clinic = tmp_path / "clinic"
    shutil.copytree(REPO / "content", clinic / "content")
    for drawing in (REPO / "tests" / "fixtures" / "wide-drawings").glob("*.svg"):
        shutil.copy(drawing, clinic / "content" / "images" / drawing.name)
    plank = clinic / "content" / "exercises" / "plank-bird-dog.yaml"
    lines = [line for line in plank.read_text().splitlines(keepends=True)]
    figures = [i for i, line in enumerate(lines) if line.startswith("  - figure:")]
    for i, name in zip(figures, ("plank-start", "plank-end"), strict=True):
        lines[i] = f"  - file: images/{name}.svg\n"
    plank.write_text("".join(lines))
    # (Its sixth step in two lines, as it once was, so that the card goes on to page 3.)
    spanish = plank.with_name("plank-bird-dog.es.yaml")
    spanish.write_text(spanish.read_text(encoding="utf-8").replace(
        "brazo al frente y pierna contraria atrás", "estire un brazo adelante y la pierna "
        "contraria atrás, despacio"), encoding="utf-8")
    routine = clinic / "content" / "routines" / "back-pain" / "level-1.es.yaml"
    said = "sostienen su espalda."
    routine.write_text(routine.read_text(encoding="utf-8").replace(said, (
        f"{said} Hágalos despacio y con buena postura. Con el tiempo podrá hacer más series "
        "y más repeticiones de cada uno.")), encoding="utf-8")
    out = tmp_path / "es.pdf"
    done = run_limited("handout", "--level", "1", "--language", "es", "--paper", "letter",
                       "--date", "2026-11-24", "--output", str(out), cwd=clinic, timeout=120)
    assert done.returncode == 0, done.stderr
    printed = [page.get_textpage().get_text_range() for page in pdfium.PdfDocument(out)]
    assert "Plancha y perro de caza (continuación)" in printed[2]
    tree = subprocess.run(["pdfinfo", "-struct-text", str(out)], capture_output=True,
                          text=True, timeout=60)
    assert tree.returncode == 0, tree.stderr
    read = " ".join(_spaced(m.group(1)) for line in tree.stdout.splitlines()
                    if (m := re.fullmatch(r'\s*"(.*)"', line)))
    assert "(continuación)" not in read
    card = _handout_text({"level": 1, "language": "es", "project": clinic}).cards[0]
    assert _in_order([card.labels["steps"], *card.steps, card.labels["tips"], *card.tips,
                      card.easier or ""], read) == []


def _pdfium_string(getter, element) -> str:
    length = getter(element, None, 0)
    buffer = ctypes.create_string_buffer(length)
    getter(element, buffer, length)
    return buffer.raw[:max(length - 2, 0)].decode("utf-16-le")


def _pdfium_elements(element, out: list) -> None:
    kind = _pdfium_string(pdfium_c.FPDF_StructElement_GetType, element)
    alt = _pdfium_string(pdfium_c.FPDF_StructElement_GetAltText, element)
    mcids = [pdfium_c.FPDF_StructElement_GetMarkedContentIdAtIndex(element, i)
             for i in range(pdfium_c.FPDF_StructElement_GetMarkedContentIdCount(element))]
    out.append((kind, alt, mcids))
    for index in range(pdfium_c.FPDF_StructElement_CountChildren(element)):
        child = pdfium_c.FPDF_StructElement_GetChildAtIndex(element, index)
        if child:
            _pdfium_elements(child, out)


def test_pdfium_reads_the_tree_in_drawing_order(tmp_path: Path) -> None:
    pdf_path = build(tmp_path, HANDOUTS["plan-with-log"])
    drawn: dict = {}
    with pikepdf.open(pdf_path) as doc:
        for number, page in enumerate(doc.pages, 1):
            assert _content_problems(page, number, drawn) == []
    document = pdfium.PdfDocument(pdf_path)
    kinds = []
    for number in range(len(document)):
        page = document[number]
        tree = pdfium_c.FPDF_StructTree_GetForPage(page.raw)
        assert tree, f"pdfium finds no structure tree on page {number + 1}"
        elements: list = []
        for index in range(pdfium_c.FPDF_StructTree_CountChildren(tree)):
            _pdfium_elements(pdfium_c.FPDF_StructTree_GetChildAtIndex(tree, index), elements)
        pdfium_c.FPDF_StructTree_Close(tree)
        mcids = [m for _, _, ids in elements for m in ids if m >= 0]  # -1: a child element
        # Every sequence drawn on the page, once, in the order it was drawn.
        assert mcids == sorted(m for (p, m) in drawn if p == number + 1)
        assert all(alt for kind, alt, _ in elements if kind == "Figure")
        kinds += [kind for kind, _, _ in elements]
    document.close()
    assert kinds[0] == "Document"
    # (pdfium lists an element on the pages it has content on: the TDs of boxes to tick
    # hold no text, so it lists them on none.)
    assert {"H1", "H2", "H3", "P", "L", "LI", "LBody", "Figure", "Table", "TR", "TH"} <= set(
        kinds)

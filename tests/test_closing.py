"""The end of the handout: lines for notes only where a page has room for two at the least;
the contact block's and the sign-off's lines broken where a reader pauses."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import page_texts
from pages_helpers import build

from pdfgen.layout.blocks.closing import FEWEST_NOTE_LINES, NOTE_LINES, note_lines_in


def closing_height(lines: int) -> float:
    """A closing 200 pt tall without notes; the heading and the first line take 50 more,
    each line after it 28."""
    return 200.0 + (50 + 28 * (lines - 1) if lines else 0)


@pytest.mark.parametrize(("room", "lines"), [
    (200, 0), (250, 0), (277, 0), (278, 2), (306, 3), (1000, NOTE_LINES)])
def test_lines_for_notes_are_two_or_none(room: float, lines: int) -> None:
    """(The example plan's closing once had a heading "Notes" over a single line.)"""
    assert note_lines_in(closing_height, room, NOTE_LINES) == lines
    assert FEWEST_NOTE_LINES == 2


def ruled_lines_under_notes(pdf: Path) -> list[int]:
    """For each page with a "Notes" heading, the ruled lines for writing under it (thin
    rules across the text width, between the heading and the next text)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    counts = []
    for page in pdfium.PdfDocument(pdf):
        text = page.get_textpage()
        found = text.search("Notes", match_whole_word=True, match_case=True).get_next()
        if found is None:
            continue
        heading = text.get_charbox(found[0])[1]  # its bottom
        below = [text.get_charbox(i)[3] for i in range(text.count_chars())
                 if text.get_charbox(i)[3] < heading - 1
                 and not text.get_text_range(i, 1).isspace()]
        floor = max(below, default=0.0)  # the top of the next text under the lines
        rules = [o.get_bounds() for o in page.get_objects(filter=[raw.FPDF_PAGEOBJ_PATH])]
        counts.append(sum(1 for left, bottom, right, top in rules
                          if top - bottom < 3 and right - left > 0.8 * page.get_width() * 0.7
                          and floor < bottom < heading))
    return counts


@pytest.mark.parametrize("log", ["0", "4"])
def test_the_example_plan_never_has_a_notes_heading_over_one_line(demo: Path,
                                                                  log: str) -> None:
    # (Its last page once held a heading "Notes" over one ruled line.)
    pages = page_texts(build(demo, "--plan", "content/plans/example.yaml", "--log", log))
    assert "Keep going" in pages[-1]
    counts = ruled_lines_under_notes(demo / "out" / "layout.pdf")
    assert all(count >= FEWEST_NOTE_LINES for count in counts), counts


def test_a_page_with_room_keeps_its_lines_for_notes(demo: Path) -> None:
    # The check above must be able to fail: large print's Level 2 ends with room to write.
    pages = page_texts(build(demo, "--level", "2", "--large-print"))
    assert re.search(r"\bNotes\b", pages[-1]), pages[-1]


@pytest.mark.parametrize(("args", "card_last"), [
    (("--plan", "content/plans/example.yaml", "--log", "2"), True),
    (("--plan", "content/plans/example.yaml", "--log", "4", "--paper", "a4"), True),
    # (A log that no page holds with the card under it keeps the card under the closing:
    # after the log it took a page of its own.)
    (("--plan", "content/plans/example.yaml", "--log", "2", "--large-print"), False)],
    ids=["letter", "a4", "large-print"])
def test_a_handout_with_a_log_ends_with_whom_to_call(demo: Path, args: tuple[str, ...],
                                                      card_last: bool) -> None:
    """The contact card stood between "Notes" and "Your exercise log", the log read as
    something after the handout's end (designer's review): where a page holds the log with
    the card, the card comes after the log, the sign-off under it, and no page more."""
    pages = page_texts(build(demo, *args))
    assert "Your exercise log" in pages[-1], pages[-1]
    last = " ".join(pages[-2:])  # (large print: the card and the log's start apart)
    at_log, at_card = last.index("Your exercise log"), last.index("Questions? Call us.")
    assert (at_log < at_card) == card_last, last
    assert last.index("This handout: Version 2") > max(at_log, at_card), last
    assert len(pages) == (9 if "--large-print" in args else 5), len(pages)
    assert all(count >= FEWEST_NOTE_LINES for count in ruled_lines_under_notes(
        demo / "out" / "layout.pdf")), "a Notes heading over fewer lines"


def last_page_lines(pdf: Path) -> list[str]:
    import pypdf

    return [" ".join(line.split()) for line in
            pypdf.PdfReader(pdf).pages[-1].extract_text().splitlines() if line.strip()]


@pytest.mark.parametrize("args", [("--level", "2"), ("--level", "2", "--large-print")])
def test_a_name_too_long_for_its_line_breaks_at_its_own_hyphen(demo: Path,
                                                              args: tuple[str, ...]) -> None:
    """(It printed "Dr. Priya Venkataraman-Nataraja" over "n-Fitzgerald, PT, DPT".)"""
    toml = demo / "content/clinic.toml"
    toml.write_text(re.sub(r'(?m)^clinician = .*$', 'clinician = "Dr. Priya Venkataraman-'
                           'Natarajan-Fitzgerald, PT, DPT"', toml.read_text(encoding="utf-8")),
                    encoding="utf-8")
    lines = last_page_lines(build(demo, *args))
    parts = ("Dr.", "Priya", "Venkataraman", "Natarajan", "Fitzgerald")
    words = [w for line in lines for w in re.split(r"[\s,-]+", line) if w]
    assert all(part in words for part in parts), lines
    assert any(line.endswith("-") for line in lines if "Venkataraman" in line or
               "Natarajan" in line), lines


@pytest.mark.parametrize("args", [("--level", "2"), ("--level", "1", "--large-print"),
                                  ("--level", "2", "--large-print", "--language", "es")])
def test_the_clinician_s_credential_is_never_broken_inside(demo: Path,
                                                           args: tuple[str, ...]) -> None:
    """(It printed "Dr. Mike Sebastian, Doctor of" over "Chiropractic (DC)".)"""
    lines = last_page_lines(build(demo, *args))
    name = next(line for line in lines if line.startswith("Dr. Mike Sebastian,"))
    assert name == "Dr. Mike Sebastian," or name.endswith("Chiropractic (DC)"), lines
    if name == "Dr. Mike Sebastian,":
        assert lines[lines.index(name) + 1] in ("Doctor of Chiropractic (DC)",
                                                "Doctor en Quiropráctica (DC)"), lines


@pytest.mark.parametrize("args", [("--level", "1", "--large-print"),
                                  ("--level", "2", "--large-print", "--language", "es"),
                                  ("--level", "2"), ("--level", "2", "--language", "es")])
def test_no_line_of_the_signoff_ends_or_starts_on_its_dot(demo: Path,
                                                          args: tuple[str, ...]) -> None:
    """(In large print its first line ended "Dr. Mike Sebastian, DC ·".) It says whose
    review it is: "Next review" alone was read as the patient's next appointment."""
    lines = last_page_lines(build(demo, *args))
    at = next(i for i, line in enumerate(lines)
              if line.startswith(("This handout: Version 2", "Esta hoja: Versión 2")))
    signoff = lines[at:at + 3]
    one_line = "--large-print" not in args  # (normal print: one line, as before)
    assert any("review" in line or "revisión" in line for line in signoff[1:]) != one_line, (
        signoff)
    assert not any(line.endswith("·") or line.startswith("·") for line in signoff), signoff


def test_a_contact_card_without_details_is_as_wide_as_its_words(minimal: Path) -> None:
    """A clinic with no address, e-mail or website: its card holds the phone and names as a
    business card does, the words 14 pt from its border at either side (it was as wide as
    the page, two thirds of it empty)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw
    from test_words import _bounds

    document = pdfium.PdfDocument(build(minimal, "--level", "1"))
    page = document[len(document) - 1]
    text = page.get_textpage()
    read = text.get_text_range()
    phone = "+34 555 010 203"
    at = max((m.start() for m in re.finditer(re.escape(phone), read)),  # the large one
             key=lambda i: text.get_charbox(i)[3] - text.get_charbox(i)[1])
    phone_left = text.get_charbox(at)[0]
    phone_right = text.get_charbox(at + len(phone) - 1)[2]
    high = text.get_charbox(at)[3]
    # The card's top border (drawn apart from its sides): the nearest line over the phone.
    tops = [b for b in (_bounds(o) for o in page.get_objects(filter=[raw.FPDF_PAGEOBJ_PATH],
                                                             max_depth=8))
            if b[0] < phone_left and b[2] > phone_right and b[1] > high and b[3] - b[1] < 8]
    card = min(tops, key=lambda b: b[1])
    assert card[2] - card[0] < 0.6 * (page.get_width() - 2 * 54), card
    assert 12 <= card[2] - phone_right <= 20, (card, phone_right)
    assert 12 <= phone_left - card[0] <= 20, (card, phone_left)


def test_the_clinic_s_name_stands_apart_from_the_credential_over_it(demo: Path) -> None:
    """Large print's contact block is one column: the clinic's name, bold, stood as close
    under "Doctor of Chiropractic (DC)" as that under the clinician's name, and read as part
    of the credential."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(build(demo, "--level", "2", "--large-print"))
    text = document[len(document) - 1].get_textpage()
    read = text.get_text_range()
    name, credential = read.index("Dr. Mike Sebastian,"), read.index("Doctor of Chiropractic")
    clinic = read.index("Mangrove Bay Chiropractic", credential)
    tops = [text.get_charbox(at)[3] for at in (name, credential, clinic)]
    assert tops[1] - tops[2] >= tops[0] - tops[1] + 4, tops


def _card_lines(pdf: Path) -> list[str]:
    """The last page's lines of text, each as pdfium reads it (the card's columns apart)."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    text = document[len(document) - 1].get_textpage()
    lines = [" ".join(text.get_text_bounded(*text.get_rect(i)).split())
             for i in range(text.count_rects())]
    document.close()
    return lines


@pytest.mark.parametrize("args", [("--level", "2", "--language", "es"),
                                  ("--level", "2", "--large-print", "--language", "es"),
                                  ("--level", "2"), ("--level", "2", "--large-print")])
def test_the_qr_code_s_label_takes_two_lines_and_the_heading_one(demo: Path,
                                                                  args: tuple[str, ...]) -> None:
    """(In Spanish the label read "Escanee" / "para ver" / "nuestra web", three ragged lines
    that made the card a line taller than its words; widened for it, the phone's column then
    broke "¿Tiene preguntas?" over "Llámenos.")"""
    spanish = "es" in args
    lines = _card_lines(build(demo, *args))
    label = ("Escanee para ver nuestra web" if spanish else "Scan to visit our website").split()
    held = [line for line in lines if line and set(line.split()) <= set(label)]
    assert " ".join(held).split() == label and len(held) == 2, held
    heading = "¿Tiene preguntas? Llámenos." if spanish else "Questions? Call us."
    assert heading in lines, lines


@pytest.mark.parametrize("args", [("--level", "2"), ("--level", "2", "--paper", "a4"),
                                  ("--level", "1", "--language", "es")])
def test_a_phone_with_an_extension_keeps_the_handout_to_its_pages(demo: Path,
                                                                  args: tuple[str, ...]) -> None:
    """The extension stands under the number in the contact card: on the number's line it
    widened the phone's column, the clinic's name and address beside it wrapped, and Level
    2 on Letter took 5 pages."""
    clinic = demo / "content/clinic.toml"
    text = clinic.read_text(encoding="utf-8")
    assert 'phone = "(813) 555-0142"' in text
    clinic.write_text(text.replace('phone = "(813) 555-0142"',
                                   'phone = "(813) 555-0142 ext. 12"'), encoding="utf-8")
    pdf = build(demo, *args)
    assert len(page_texts(pdf)) == 4
    lines = last_page_lines(pdf)
    number = lines.index("(813) 555-0142")
    assert lines[number + 1] == "ext. 12", lines
    # The clinic's name beside it on one line, as without an extension.
    assert "Mangrove Bay Chiropractic" in lines, lines
    # The footer keeps the number whole with its extension.
    assert any(line.endswith("(813) 555-0142 ext. 12") for line in lines), lines


@pytest.mark.parametrize("address", ["reception@riverside-physio.example.ca",
                                     "frontdesk@riverside-physio-wellness.ca"])
@pytest.mark.parametrize("args", [("--level", "2"), ("--level", "2", "--paper", "a4"),
                                  ("--level", "2", "--language", "es")])
def test_an_e_mail_address_stays_whole_on_its_line(demo: Path, address: str,
                                                   args: tuple[str, ...]) -> None:
    """A patient copies it down: in the card's column beside the phone's it was broken
    ("…example." over "ca" on Letter, "…exampl" over "e.ca" on A4, with no hyphen), then,
    in Spanish, before its @ ("frontdesk" over "@riverside…": a patient copied "frontdesk"
    alone). Now it is whole; in Spanish the heading over the phone gives it the room, broken
    between its phrases."""
    lines = _with_address(demo, address, args)
    assert address in lines, lines
    if "es" in args:
        assert "¿Tiene preguntas?" in lines and "Llámenos." in lines, lines


def test_an_address_too_long_for_the_column_breaks_before_its_at_alone(demo: Path) -> None:
    """Where even the heading over two lines leaves the column too narrow, an e-mail address
    breaks before its @, never inside a word, and the heading stays on one line."""
    address = "appointments@riverside-physio-wellness.ca"
    lines = _with_address(demo, address, ("--level", "2", "--language", "es"))
    local, domain = address.split("@")
    at = lines.index(local)
    assert lines[at + 1] == f"@{domain}", lines
    assert "¿Tiene preguntas? Llámenos." in lines, lines


def _with_address(demo: Path, address: str, args: tuple[str, ...]) -> list[str]:
    """The last page's lines of the handout of a clinic whose e-mail address is `address`."""
    clinic = demo / "content/clinic.toml"
    text = clinic.read_text(encoding="utf-8")
    assert 'contact_email = "frontdesk@example.com"' in text
    clinic.write_text(text.replace('contact_email = "frontdesk@example.com"',
                                   f'contact_email = "{address}"'), encoding="utf-8")
    pdf = build(demo, *args)
    assert len(page_texts(pdf)) == 4
    return last_page_lines(pdf)

"""What keeps the patient safe doing an exercise (its `safety`): after the tips on the card,
and on the one-page sheet, which has room for no other tip; a translation must carry it."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pypdf
import pypdfium2 as pdfium
import pytest
import yaml
from conftest import REPO, files_in, page_texts, run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pdfgen import open_clinic
from pdfgen.errors import PdfgenError

SWING = "content/exercises/kettlebell-swing{}.yaml"
CARE = {"en": "Take care: Make sure you have clear space all around you before you swing.",
        "es": "Precaución: Asegúrese de tener espacio libre a su alrededor antes de "
              "balancear."}


@pytest.fixture(scope="module")
def clinic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("safety") / "clinic"
    shutil.copytree(REPO / "content", root / "content")
    return root


def pdf_text_of(data: bytes) -> str:
    return " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def squeezed(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def made(root: Path, *args: str) -> Path:
    out = root / "made.pdf"
    result = run("handout", "--level", "2", *args, "--date", "2026-11-24",
                 "--output", str(out), cwd=root)
    assert result.exit_code == 0, result.output
    return out


@pytest.mark.parametrize(("language", "paper"), [("en", "letter"), ("en", "a4"),
                                                 ("es", "letter"), ("es", "a4")])
def test_the_sheet_says_what_keeps_the_patient_safe(demo: Path, language: str,
                                                    paper: str) -> None:
    """The designer: the sheet dropped "clear space all around you before you swing"."""
    pages = page_texts(made(demo, "--layout", "compact", "--language", language,
                            "--paper", paper))
    assert len(pages) == 1
    assert squeezed(CARE[language]) in squeezed(pages[0])


def test_under_the_pictures_it_costs_the_sheet_nothing(demo: Path) -> None:
    """Under the swing's steps, the line took the English Letter sheet's words for each
    pain band ("Too much. Stop and do less next time."); under its pictures, beside steps
    longer than they are, it takes no room the sheet needs."""
    pdf = made(demo, "--layout", "compact")
    text = squeezed(page_texts(pdf)[0])
    assert "6–10 Too much. Stop and do less next time." in text
    document = pdfium.PdfDocument(pdf)
    try:
        page = document[0]
        found = page.get_textpage()
        whole = found.get_text_range()
        care = found.get_charbox(whole.index("Take care:"))
        step = found.get_charbox(whole.index("Hold the kettlebell"))
    finally:
        document.close()
    assert care[2] < step[0], (care, step)  # in the pictures' column, left of the steps
    assert care[1] < step[1]  # under the first step's line


@pytest.mark.parametrize("args", [(), ("--large-print",), ("--language", "es")])
def test_the_card_has_it_after_the_tips_as_the_sheet_has_it(demo: Path,
                                                            args: tuple[str, ...]) -> None:
    """A designer and a new clinic: as a bullet under "Tips", the line that keeps the patient
    safe read as one more tip, the riskiest exercise's hazard shown least."""
    language = "es" if "es" in args else "en"
    pages = page_texts(made(demo, *args))
    care = squeezed(CARE[language])
    assert sum(squeezed(page).count(care) for page in pages) == 1
    swing = squeezed(next(page for page in pages if care in squeezed(page)))
    tips = swing.index("Consejos" if language == "es" else "Tips")
    assert tips < swing.index(care)
    assert "• " + care.partition(": ")[2] not in swing  # not a tip's bullet as well


def test_a_translation_without_it_is_refused_in_one_line(demo: Path) -> None:
    path = demo / SWING.format(".es")
    text = path.read_text(encoding="utf-8")
    line = "  - Asegúrese de tener espacio libre a su alrededor antes de balancear.\n"
    assert f"safety:\n{line}" in text
    path.write_text(text.replace(f"safety:\n{line}", ""), encoding="utf-8")
    before = files_in(demo / "out")
    result = run("handout", "--level", "2", "--language", "es", cwd=demo)
    assert result.exit_code == 2, result.output
    assert result.output.strip() == (
        "error: content/exercises/kettlebell-swing.es.yaml: safety: missing: the English "
        "has it; translate it (never leave English in a translation)")
    assert files_in(demo / "out") == before


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=st.one_of(
    st.sampled_from(["x" * 300, "word " * 200, "<b>&</b> {{ oops", "Zoë Łódź ☐ ✓ →",
                     "Clear the floor. " * 12]),
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=80)))
def test_a_typed_safety_line_is_on_the_sheet_or_refused_by_name(clinic: Path,
                                                                value: str) -> None:
    """Whatever a clinic types there: on the sheet, or (too long for the sheet's pages)
    left to the detailed handout, the sheet still one page; or refused in one line naming
    the file and the field."""
    path = clinic / SWING.format("")
    original = path.read_text(encoding="utf-8")
    try:
        data = yaml.safe_load(original)
        data["safety"] = [value]
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        try:
            handout = open_clinic(clinic).handout(level=2, layout="compact")
        except PdfgenError as error:
            assert "kettlebell-swing.yaml" in error.message and "safety" in error.message, (
                error.message)
            assert "\n" not in error.message
            return
        assert handout.pages == 1
        text = "".join(pdf_text_of(handout.pdf).split())
        said = "".join(value.split())
        assert said in text or "Takecare:" not in text, value
    finally:
        path.write_text(original, encoding="utf-8")


def test_a_safety_line_left_off_the_sheet_is_said(demo: Path) -> None:
    """Too long for the sheet's one page, the line is left to the detailed handout, and
    the clinician is told (a sheet printed without it said nothing)."""
    path = demo / SWING.format("")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["safety"] = ["Clear the floor all around you before you start. " * 20]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    out = demo / "sheet.pdf"
    result = run("handout", "--level", "2", "--layout", "compact", "--output", str(out),
                 cwd=demo)
    assert result.exit_code == 0, result.output
    assert "note: the one-page sheet had no room for what keeps the patient safe doing " \
           "Kettlebell Swing (its safety lines): the detailed handout (without --layout " \
           "compact) has it" in result.stderr
    assert len(page_texts(out)) == 1 and "Take care:" not in page_texts(out)[0]
    shown = run("handout", "--level", "2", "--layout", "compact", "--language", "es",
                "--output", str(out), cwd=demo)
    assert shown.exit_code == 0, shown.output
    assert "no room" not in shown.stderr  # (the Spanish line, as it was, fits)


@pytest.mark.parametrize("args", [(), ("--large-print",), ("--layout", "compact")])
def test_a_black_mark_stands_by_it_in_none_of_the_height(demo: Path,
                                                          args: tuple[str, ...]) -> None:
    """Two designers: a plain line after the tips, "Take care:" read weaker than the tips.
    Marked in black, as page 1's warning box is (a black-and-white printer keeps black), in
    none of the card's height: on the sheet a bar down its left; on the card a warning sign
    where a tip's bullet stands, its words where the tips' words start (a third and fourth
    designer: a bar there read as "a broken-off piece" of the Easier box, "a leftover")."""
    with pdfium.PdfDocument(made(demo, *args)) as pdf:
        for index in range(len(pdf)):
            textpage = pdf[index].get_textpage()
            whole = textpage.get_text_range()
            if "Take care:" in whole:
                break
        left, bottom, _, top = textpage.get_charbox(whole.index("Take care:"))
        tip = whole.rfind("Your hips do the work", 0, whole.index("Take care:"))
        tip_left = textpage.get_charbox(tip)[0] if tip >= 0 else None
        scale = 4
        image = pdf[index].render(scale=scale, grayscale=True).to_pil()
        height = pdf[index].get_height()

    def darkest(x: float, y_low: float, y_high: float) -> int:
        rows = range(round((height - y_high) * scale), round((height - y_low) * scale))
        return min(image.getpixel((round(x * scale), row)) for row in rows)

    mark = next(x for x in range(round(left) - 2, round(left) - 30, -1)
                if darkest(x, bottom, top) < 60)  # black by the words
    line = 12.5 * (18 / 13 if "--large-print" in args else 1) * 1.3
    assert darkest(mark, top + line * 0.25, top + line * 0.45) > 200  # none over the line
    if "compact" in args:  # (the sheet prints no other tip)
        assert darkest(mark, bottom - line * 1.5, bottom) < 60  # a bar down its lines
    else:
        assert tip_left is not None and abs(left - tip_left) < 1, (left, tip_left)
        assert darkest(mark, bottom - line * 0.6, bottom - line * 0.3) > 200  # by one line

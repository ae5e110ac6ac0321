"""The one-page sheet with a clinic's own photos (a landscape 3:2 start and a portrait 2:3
end picture for every exercise), read back from the PDF: every photo at least 1.25 in tall,
inside the margins and off the steps, the two of a row the same height, Level 1 and 2 one
page on Letter and A4 in English and Spanish, a plan of six exercises one sheet."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
import yaml
from conftest import REPO, normalize, pdf_text, photos_for
from test_pictures_inside import _overlap
from test_sheet import LEAST, SIX, body_sizes

from pdfgen import open_clinic

MARGIN = 36  # the sheet's margins: 0.5 in
SLACK = 0.05
CASES = [(level, paper, language) for level in (1, 2) for paper in ("letter", "a4")
         for language in ("en", "es")]


@pytest.fixture(scope="module")
def clinic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo's exercises with the clinic's own photos in place of their drawings, as a
    new clinic from `pdfgen init` would give them, and the plan of six in both languages."""
    root = tmp_path_factory.mktemp("photos") / "clinic"
    shutil.copytree(REPO / "content", root / "content")
    photos_for(root, SIX, {"start": (300, 200), "end": (200, 300)})
    plans = root / "content" / "plans"
    plans.joinpath("six.yaml").write_text(yaml.safe_dump({
        "patient": "Jane Example", "routine": "back-pain", "level": 2, "exercises": SIX,
        "note": "Six this time. Go slowly and stop if the pain gets sharp."}))
    plans.joinpath("six-es.yaml").write_text(yaml.safe_dump({
        "patient": "Jane Example", "routine": "back-pain", "level": 2, "exercises": SIX,
        "language": "es",
        "note": "Seis esta vez. Vaya despacio y pare si el dolor se vuelve agudo."},
        allow_unicode=True))
    return root


def build(project: Path, out: Path, **request: object) -> Path:
    handout = open_clinic(project).handout(layout="compact", date=dt.date(2026, 11, 24),
                                           log=0, **request)
    out.write_bytes(handout.pdf)
    return out


def photos(path: Path) -> list[tuple[int, tuple[float, float, float, float]]]:
    """Every image drawn, in the order drawn (a row's start, then its end picture): its
    page and its box on the page."""
    document = pdfium.PdfDocument(path)
    try:
        return [(number, obj.get_bounds()) for number, page in enumerate(document)
                for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE])]
    finally:
        document.close()


def assert_photos_hold(path: Path, rows: int) -> None:
    """Each row's two photos at least 1.25 in tall and as tall as each other, inside the
    margins and the page's body, and on no character of the steps beside them."""
    drawn = photos(path)
    assert len(drawn) == 2 * rows
    document = pdfium.PdfDocument(path)
    try:
        for number, (left, bottom, right, top) in drawn:
            page = document[number]
            width, height = page.get_size()
            where = f"page {number + 1}, box {(round(left), round(bottom), round(right))}"
            assert top - bottom >= LEAST - SLACK, (where, round((top - bottom) / 72, 2))
            assert left >= MARGIN - SLACK and right <= width - MARGIN + SLACK, where
            assert bottom >= MARGIN and top <= height - MARGIN, where
            text = page.get_textpage()
            for index in range(text.count_chars()):
                if not text.get_text_range(index, 1).isspace():
                    assert _overlap((left, bottom, right, top), text.get_charbox(index)) <= 0.5, (
                        where, text.get_text_range(index, 1))
    finally:
        document.close()
    for (_, start), (_, end) in zip(drawn[::2], drawn[1::2], strict=True):
        assert abs((start[3] - start[1]) - (end[3] - end[1])) < SLACK, (start, end)


@pytest.mark.parametrize(("level", "paper", "language"), CASES)
def test_photos_on_the_sheet_are_an_inch_and_a_quarter_and_it_stays_one_page(
        clinic: Path, tmp_path: Path, level: int, paper: str, language: str) -> None:
    path = build(clinic, tmp_path / "sheet.pdf", level=level, paper=paper, language=language,
                 patient="Jane Example")
    assert len(pdfium.PdfDocument(path)) == 1
    assert_photos_hold(path, 3)
    assert min(body_sizes(path)) >= 11.99
    printed = pdf_text(path)
    routine = clinic / "content" / "routines" / "back-pain" / f"level-{level}.yaml"
    for slug in yaml.safe_load(routine.read_text())["exercises"]:
        own = f"{slug}.yaml" if language == "en" else f"{slug}.{language}.yaml"
        exercise = yaml.safe_load((clinic / "content" / "exercises" / own).read_text())
        assert exercise["name"] in printed
        assert all(normalize(step) in printed for step in exercise["steps"]), slug


@pytest.mark.parametrize(("paper", "language"), [(p, lang) for p in ("letter", "a4")
                                                 for lang in ("en", "es")])
def test_a_plan_of_six_with_photos_is_one_sheet(clinic: Path, tmp_path: Path, paper: str,
                                                language: str) -> None:
    plan = clinic / "content" / "plans" / ("six.yaml" if language == "en" else "six-es.yaml")
    path = build(clinic, tmp_path / "six.pdf", plan=plan, paper=paper, language=language)
    assert len(pdfium.PdfDocument(path)) == 2
    assert_photos_hold(path, 6)
    assert min(body_sizes(path)) >= 11.99


@pytest.mark.parametrize(("paper", "language"), [(p, lang) for p in ("letter", "a4")
                                                 for lang in ("en", "es")])
def test_the_demos_plan_of_six_is_one_sheet_in_both_languages(
        clinic: Path, tmp_path: Path, paper: str, language: str) -> None:
    """The same plans with the demo's drawings: in Spanish on Letter it took three pages
    (the pain scale's meanings kept though only its labels fit two)."""
    demo = tmp_path / "demo"
    shutil.copytree(REPO / "content", demo / "content")
    name = "six.yaml" if language == "en" else "six-es.yaml"
    shutil.copy(clinic / "content" / "plans" / name, demo / "content" / "plans" / name)
    path = build(demo, tmp_path / "six.pdf", plan=demo / "content" / "plans" / name,
                 paper=paper, language=language)
    assert len(pdfium.PdfDocument(path)) == 2

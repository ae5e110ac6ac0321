"""End-to-end: `pdfgen handout` writes the whole handout, read back from the PDF."""

from __future__ import annotations

import re
from pathlib import Path

import pypdf
import pytest
import yaml
from cli_helpers import A4, page_size
from conftest import files_in, page_texts, pdf_fonts, pdf_text, run, succeeds

LETTER = (612, 792)


def test_level_2_is_written_with_path_pages_and_size(demo: Path) -> None:
    result = run("handout", "--level", "2", "--date", "2026-11-24", cwd=demo)
    assert result.exception is None, result.output
    out = demo / "out" / "back-pain-level-2.pdf"
    assert out.is_file()
    pages = len(pypdf.PdfReader(out).pages)
    assert result.stdout.strip() == (
        f"out/back-pain-level-2.pdf  ({pages} pages, {out.stat().st_size / 1024:.0f} KB)"
    )
    assert page_size(out) == LETTER  # the demo clinic prints on Letter


def content_strings(data: object) -> list[str]:
    """Every string in a YAML/TOML document, except file names, figures (drawn, not
    printed) and templated strings."""
    if isinstance(data, str):
        return [] if "{{" in data else [data]
    if isinstance(data, dict):
        skip = ("logo", "paper", "language", "country", "file", "figure", "movement")
        return [s for k, v in data.items() if k not in skip for s in content_strings(v)]
    if isinstance(data, list):
        return [s for v in data for s in content_strings(v)]
    return []


@pytest.mark.parametrize("level", [1, 2])
def test_every_content_string_is_in_the_pdf(demo: Path, level: int) -> None:
    result = run("handout", "--level", str(level), cwd=demo)
    assert result.exception is None, result.output
    text = pdf_text(demo / "out" / f"back-pain-level-{level}.pdf")
    routine = yaml.safe_load((demo / f"content/routines/back-pain/level-{level}.yaml").read_text())
    # (The pain rule in short is the one-page sheet's: test_sheet_pain_rule.py.)
    strings = content_strings({k: v for k, v in routine.items()
                               if k not in ("exercises", "pain_rule_short")})
    for slug in routine["exercises"]:
        exercise = yaml.safe_load((demo / f"content/exercises/{slug}.yaml").read_text())
        strings += content_strings({k: v for k, v in exercise.items() if k != "dose"})
    import tomllib

    clinic = tomllib.loads((demo / "content/clinic.toml").read_text())
    strings += content_strings({k: v for k, v in clinic.items() if k not in ("brand", "website")})
    assert len(strings) > 30
    missing = [s for s in strings if " ".join(s.split()) not in text]
    assert missing == []
    # Templated strings come out rendered.
    assert "Doctor of Chiropractic (DC)" in text
    assert "www.example.com" in text  # the website, shown without https://
    if level == 2:
        assert "and tell Dr. Mike Sebastian." in text  # {{ clinic.clinician }} in a tip
        assert "2 sets of 10 · 3 days a week" in text  # a dose from the exercise file


def test_every_page_has_the_footer_with_page_x_of_y(demo: Path) -> None:
    succeeds(run("handout", "--level", "2", cwd=demo))
    pages = page_texts(demo / "out" / "back-pain-level-2.pdf")
    assert len(pages) >= 2
    for number, text in enumerate(pages, 1):
        assert f"Page {number} of {len(pages)}" in text
        assert "Mangrove Bay Chiropractic · (813) 555-0142" in text


@pytest.mark.parametrize("pictures", [True, False])
def test_cards_stay_whole_or_continue_between_sections(demo: Path, pictures: bool) -> None:
    if not pictures:  # without pictures every card of the demo fits on one page
        for path in (demo / "content/exercises").glob("*.yaml"):  # and their translations
            path.write_text(path.read_text().split("\n# Pictures:")[0] + "\n")
    succeeds(run("handout", "--level", "2", cwd=demo))
    pages = page_texts(demo / "out" / "back-pain-level-2.pdf")
    steps = {
        "Squat": ("Stand up straight.", "Push back up to standing."),
        "Lunge": ("Stand up straight.", "Squeeze your glutes as you rise."),
        "Kettlebell Swing": ("Hold the kettlebell", "between your knees. Then swing again."),
    }
    for name, (first, last) in steps.items():
        # A card starts with its name, then its dose (beside the name, or under it) or,
        # with no dose, what it is.
        starts = [i for i, text in enumerate(pages) if re.search(rf"{name} (Sets|The) ", text)]
        assert len(starts) == 1, name
        continued = [i for i, text in enumerate(pages) if f"{name} (continued)" in text]
        card = [starts[0], *continued]
        assert card == list(range(starts[0], starts[0] + len(card))), name
        if not pictures:
            assert continued == [], name
        # The numbered steps are never split between two pages.
        holding = [i for i in card if last in pages[i]]
        assert len(holding) == 1 and first in pages[holding[0]].split(name, 1)[-1], name


@pytest.mark.parametrize(("paper", "size"), [("letter", LETTER), ("a4", A4)])
def test_paper_option_sets_the_page_size(demo: Path, paper: str, size: tuple) -> None:
    result = run("handout", "--level", "2", "--paper", paper, cwd=demo)
    assert result.exception is None, result.output
    assert page_size(demo / "out" / "back-pain-level-2.pdf") == size


def test_fonts_are_embedded_and_subset(demo: Path) -> None:
    succeeds(run("handout", "--level", "2", "--patient", "Ελένη Жанна", cwd=demo))
    fonts = pdf_fonts(demo / "out" / "back-pain-level-2-eleni-zhanna.pdf")
    drawing = {name: embedded for name, embedded in fonts.items() if "+" in name}
    names = {name.split("+", 1)[1] for name in drawing}
    assert {"AtkinsonHyperlegible-Regular", "AtkinsonHyperlegible-Bold", "DejaVuSans"} <= names
    assert all(drawing.values())
    # ReportLab lists Helvetica in its page resources without drawing with it (REFERENCE.md);
    # every other font must be an embedded subset.
    assert set(fonts) - set(drawing) <= {"/Helvetica"}


def test_metadata_names_the_routine_the_clinic_and_the_language(demo: Path) -> None:
    succeeds(run("handout", "--level", "2", "--patient", "Jo Smith", cwd=demo))
    reader = pypdf.PdfReader(demo / "out" / "back-pain-level-2-jo-smith.pdf")
    meta = reader.metadata
    assert meta.title == "3 Best Exercises for Back Pain · Back pain · Level 2"
    assert meta.author == "Mangrove Bay Chiropractic"
    assert meta.subject == "Exercise handout from Mangrove Bay Chiropractic"
    assert reader.trailer["/Root"]["/Lang"] == "en-US"
    # The patient's name stays out of the metadata (HIPAA: names out of what is indexed).
    assert "Jo Smith" not in str(dict(meta))


def test_two_runs_give_identical_bytes(demo: Path, tmp_path: Path) -> None:
    args = ("handout", "--level", "2", "--patient", "Zoë", "--date", "2026-01-05")
    succeeds(run(*args, "--output", str(tmp_path / "a.pdf"), cwd=demo))
    succeeds(run(*args, "--output", str(tmp_path / "b.pdf"), cwd=demo))
    assert (tmp_path / "a.pdf").read_bytes() == (tmp_path / "b.pdf").read_bytes()


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Zoë Łódź-Müller", "zoe-lodz-muller"),
        ('<Bob> & "Al" O\'Neil', "bob-al-o-neil"),
        ("Ελένη", "eleni"),
        ("Жанна Иванова", "zhanna-ivanova"),
    ],
)
def test_patient_name_comes_out_intact(demo: Path, name: str, slug: str) -> None:
    result = run("handout", "--level", "2", "--patient", name, "--date", "2026-03-09", cwd=demo)
    assert result.exception is None, result.output
    out = demo / "out" / f"back-pain-level-2-{slug}.pdf"
    assert f"Prepared for {name} on March 9, 2026" in pdf_text(out)


def test_output_option_writes_where_asked(demo: Path, tmp_path: Path) -> None:
    (tmp_path / "folder").mkdir()
    target = tmp_path / "folder" / "handout.pdf"
    result = run("handout", "--level", "1", "--output", str(target), cwd=demo)
    assert result.exception is None, result.output
    assert target.is_file()
    assert files_in(demo / "out") == []
    assert "Plank and Bird Dog" in pdf_text(target)

"""The one-page sheet's pain rule in short (a routine's pain_rule_short): what to do when pain
lasts, in the sheet's pain box on its one page, where the detailed handout has the whole
rule; a rule too long, or with no scale to stand under, is one line naming file and field."""

from __future__ import annotations

import shutil
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import yaml
from conftest import files_in, pdf_text, run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from limited import one_line_error, run_limited

LEVEL = "content/routines/back-pain/level-{}.yaml"
HEADINGS = {"en": "How much pain is all right:", "es": "Cuánto dolor es aceptable:"}
FIRST_CARDS = {(1, "en"): "Plank", (2, "en"): "Squat", (1, "es"): "Plancha",
               (2, "es"): "Sentadilla"}


def squeezed(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def short_rule(root: Path, level: int, language: str) -> str:
    path = root / LEVEL.format(level)
    if language != "en":
        path = path.with_name(f"level-{level}.{language}.yaml")
    return str(yaml.safe_load(path.read_text(encoding="utf-8"))["pain_rule_short"])


def sheet(root: Path, *args: str) -> Path:
    out = root / "out" / "sheet.pdf"
    out.parent.mkdir(exist_ok=True)
    result = run("handout", *args, "--layout", "compact", "--date", "2026-11-24",
                 "--output", str(out), cwd=root)
    assert result.exit_code == 0, result.output
    return out


@pytest.mark.parametrize(("level", "paper", "language"), [
    (level, paper, language) for level in (1, 2) for paper in ("letter", "a4")
    for language in ("en", "es")])
def test_every_sheet_says_what_to_do_when_pain_lasts(demo: Path, level: int, paper: str,
                                                     language: str) -> None:
    """In the pain box, under its heading's top and over the first exercise, and the sheet
    still one page (Level 1 had no line to spare: its scale gave up a box of its own, the
    bird dog's step a line)."""
    document = pdfium.PdfDocument(sheet(demo, "--level", str(level), "--paper", paper,
                                        "--language", language))
    assert len(document) == 1
    text = document[0].get_textpage()
    read = text.get_text_range()
    rule = short_rule(demo, level, language)
    assert squeezed(rule) in squeezed(read)
    first_word = rule.split()[0]
    heading = text.get_charbox(read.index(HEADINGS[language]))
    at = read.index(first_word, read.index(HEADINGS[language]))
    card = text.get_charbox(read.index(FIRST_CARDS[level, language], at))
    rule_top, rule_bottom = text.get_charbox(at)[3], text.get_charbox(at)[1]
    assert heading[3] + 0.5 >= rule_top and rule_bottom > card[3], (heading, rule_top, card)
    document.close()


@pytest.mark.parametrize(("language", "paper"), [("en", "letter"), ("es", "a4")])
def test_a_rule_stands_between_the_pain_rule_and_the_bands(demo: Path, language: str,
                                                           paper: str) -> None:
    """(Its lines level with the bands, "Call us." was read as what to do at 6-10: an
    upright rule keeps the heading's column apart from the bands'.) Where the bands have
    what to do at each (Spanish on Letter has their labels alone, on a line)."""
    import pypdfium2.raw as raw

    document = pdfium.PdfDocument(sheet(demo, "--level", "2", "--paper", paper,
                                        "--language", language))
    page = document[0]
    text = page.get_textpage()
    read = text.get_text_range()
    rule = short_rule(demo, 2, language)
    last_word = rule.split()[-1]
    end = read.index(last_word, read.index(HEADINGS[language])) + len(last_word) - 1
    rule_right, rule_bottom = text.get_charbox(end)[2], text.get_charbox(end)[1]
    scores = text.get_charbox(read.index("6–10", read.index(HEADINGS[language])))
    uprights = [obj.get_bounds() for obj in page.get_objects()
                if obj.type == raw.FPDF_PAGEOBJ_PATH
                and (lambda b: b[2] - b[0] < 2 and b[3] - b[1] > 30)(obj.get_bounds())]
    between = [b for b in uprights if rule_right < b[0] and b[2] < scores[0]
               and b[1] <= min(rule_bottom, scores[1]) + 2]
    document.close()
    assert between, (rule_right, scores, uprights)


def test_the_detailed_handout_has_the_whole_rule_instead(demo: Path) -> None:
    out = demo / "out" / "detailed.pdf"
    out.parent.mkdir(exist_ok=True)
    result = run("handout", "--level", "2", "--output", str(out), cwd=demo)
    assert result.exit_code == 0, result.output
    printed = squeezed(pdf_text(out))
    whole = yaml.safe_load((demo / LEVEL.format(2)).read_text(encoding="utf-8"))["pain_rule"]
    assert squeezed(whole) in printed
    assert squeezed(short_rule(demo, 2, "en")) not in printed


def _without_scale(text: str) -> str:
    lines = text.splitlines(keepends=True)
    start = lines.index("pain_scale:\n")
    end = next(i for i in range(start + 1, len(lines)) if not lines[i].startswith("  - "))
    return "".join(lines[:start] + lines[end:])


@pytest.mark.parametrize(("change", "message"), [
    (lambda text: text.replace("Still sore the next morning? Call us.", "Still sore the next "
                               "morning, or the morning after that? Call us."),
     "pain_rule_short: expected at most 60 characters, got 64"),
    (_without_scale, "pain_rule_short: it prints under pain_scale's bands on the one-page "
                     "sheet: give pain_scale too"),
])
def test_a_bad_short_rule_is_one_line_naming_file_and_field(demo: Path, change, message: str
                                                            ) -> None:
    path = demo / LEVEL.format(2)
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
    proc = run_limited("handout", "--level", "2", "--layout", "compact", cwd=demo,
                       timeout=120)
    line = one_line_error(proc)
    assert line.startswith("error: content/routines/back-pain/level-2.yaml:")
    assert line.endswith(message), line
    assert files_in(demo / "out") == []


@settings(max_examples=12, deadline=None, suppress_health_check=[
    HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(rule=st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=60))
def test_any_short_rule_a_clinic_types_prints_or_is_refused_in_one_line(demo: Path,
                                                                       rule: str) -> None:
    """Whatever a clinic types (up to the 60 characters allowed): a sheet of one page, or of
    the two sides of one sheet when its words take more room, or one line saying why not,
    and nothing written."""
    path = demo / LEVEL.format(1)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    path.write_text(yaml.safe_dump({**data, "pain_rule_short": rule}, allow_unicode=True),
                    encoding="utf-8")
    shutil.rmtree(demo / "out", ignore_errors=True)
    proc = run_limited("handout", "--level", "1", "--layout", "compact", cwd=demo,
                       timeout=120)
    if proc.returncode == 0:
        assert "Traceback" not in proc.stderr
        assert proc.stdout.startswith("out/back-pain-level-1-compact.pdf  (1 page, ") or \
            proc.stdout.startswith("out/back-pain-level-1-compact.pdf  (2 pages, "), proc.stdout
    else:
        one_line_error(proc)
        assert files_in(demo / "out") == []

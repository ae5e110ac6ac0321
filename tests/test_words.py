"""The words a patient acts on, read back from the PDF: the pain rule and scale on page 1 and
over the log, the log's weeks, the sign-off on the last page, and page 1's fixed spacing."""

from __future__ import annotations

import ctypes
import datetime as dt
import itertools
import re
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
import yaml
from conftest import normalize, page_texts, pdf_text, run

LEVEL = "content/routines/back-pain/level-{}.yaml"
GAP = 6  # points: nothing on page 1 nearer to a box than this


def build(root: Path, *args: str, name: str = "words.pdf") -> Path:
    out = root / "out" / name
    out.parent.mkdir(exist_ok=True)
    result = run("handout", *args, "--date", "2026-11-24", "--output", str(out), cwd=root)
    assert result.exit_code == 0, result.output
    assert result.exception is None
    return out


def routine(root: Path, level: int, suffix: str = "") -> dict:
    path = root / LEVEL.format(level)
    if suffix:
        path = path.with_name(path.name.replace(".yaml", f".{suffix}.yaml"))
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize(("level", "language"), [
    (1, "en"), (2, "en"), (1, "es"), (2, "es")])
def test_page_1_says_how_much_pain_is_all_right(demo: Path, level: int, language: str
                                                ) -> None:
    words = routine(demo, level, "" if language == "en" else "es")
    first = page_texts(build(demo, "--level", str(level), "--language", language))[0]
    heading = ("How much pain is all right" if language == "en"
               else "Cuánto dolor es aceptable")
    assert heading in first
    assert normalize(words["pain_rule"]) in first
    for band in words["pain_scale"]:
        assert normalize(band["meaning"]) in first
    for scores in ("0–2", "3–5", "6–10"):
        assert scores in first


def test_the_log_heads_its_columns_with_what_they_hold(demo: Path) -> None:
    pages = page_texts(build(demo, "--plan", "content/plans/example.yaml", "--log", "4"))
    log = next(page for page in pages if "Your exercise log" in page)
    assert log.count("Sets done") == 3  # under each exercise's name
    flat = log.replace("\u00a0", " ")
    for band in ("0–2 Safe", "3–5 OK", "6–10 Too much"):
        assert band in flat


def test_the_cli_says_when_the_log_is_cut_at_the_next_visit(demo: Path) -> None:
    out = demo / "out" / "cut.pdf"
    out.parent.mkdir(exist_ok=True)
    result = run("handout", "--plan", "content/plans/example.yaml", "--log", "4",
                 "--output", str(out), cwd=demo)
    assert result.exit_code == 0, result.output
    assert result.stderr == "Log: 2 of 4 weeks printed: the next visit is on 2026-12-08.\n"
    assert out.is_file() and "(" in result.stdout
    pages = page_texts(out)
    assert "Week 2" in pages[-1] and "Week 3" not in " ".join(pages)
    # Asked for as many weeks as run to the visit: nothing to say.
    again = run("handout", "--plan", "content/plans/example.yaml", "--log", "2",
                "--output", str(out), cwd=demo)
    assert again.exit_code == 0 and again.stderr == ""


@pytest.mark.parametrize(("language", "line", "also"), [
    ("en", "This handout: Version 2 · Reviewed Nov 2026 by Dr. Mike Sebastian, DC · Next "
           "review Nov 2027",
     "Also in large print and in Spanish (Español): ask us."),
    ("es", "Esta hoja: Versión 2 · Revisada: nov 2026 (Dr. Mike Sebastian, DC) · Próxima "
           "revisión: nov 2027",
     "También en letra grande y en inglés (English): pregúntenos."),
])
def test_the_last_page_signs_the_handout_off(demo: Path, language: str, line: str,
                                             also: str) -> None:
    pages = page_texts(build(demo, "--level", "2", "--language", language))
    assert line in pages[-1] and also in pages[-1]
    assert not any(line in page for page in pages[:-1])


def test_a_large_print_handout_names_its_other_languages_only(demo: Path) -> None:
    last = page_texts(build(demo, "--level", "1", "--large-print"))[-1]
    assert "Also in Spanish (Español): ask us." in last and "large print" not in last


def test_a_plan_names_no_other_language(demo: Path) -> None:
    """A plan's own words are in one language (`--language es` is refused for the example
    plan): its handout said "Also in large print and in Spanish (Español): ask us."."""
    last = page_texts(build(demo, "--plan", "content/plans/example.yaml"))[-1]
    assert "Also in large print: ask us." in last and "Spanish" not in last
    refused = run("handout", "--plan", "content/plans/example.yaml", "--language", "es",
                  cwd=demo)
    assert refused.exit_code == 2, refused.output
    assert "the plan's own words are in English (en)" in refused.stderr
    last = page_texts(build(demo, "--plan", "content/plans/example.yaml", "--large-print"))[-1]
    assert "Also in" not in last


def test_check_warns_when_a_review_is_overdue(demo: Path) -> None:
    path = demo / LEVEL.format(1)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("reviewed: 2026-11-20", "reviewed: 2020-03-31"),
                    encoding="utf-8")
    result = run("check", cwd=demo)
    assert result.exit_code == 0, result.output
    line = text.splitlines().index("reviewed: 2026-11-20") + 1
    assert (f"warning: content/routines/back-pain/level-1.yaml:{line}: reviewed: review overdue: "
            "reviewed 2020-03-31, every 12 months, so due 2021-03-31; review the handout and "
            "update reviewed") in result.stdout.splitlines()
    # The same routine reviewed today is not overdue.
    path.write_text(text.replace("reviewed: 2026-11-20", f"reviewed: {dt.date.today()}"),
                    encoding="utf-8")
    assert "overdue" not in run("check", cwd=demo).stdout


def test_check_notes_a_routine_never_reviewed_and_its_handout_has_no_sign_off(
        demo: Path) -> None:
    path = demo / LEVEL.format(2)
    text = path.read_text(encoding="utf-8")
    kept = [line for line in text.splitlines()
            if not re.match(r"(version|reviewed|reviewed_by|review_every):", line)]
    path.write_text("\n".join(kept) + "\n", encoding="utf-8")
    result = run("check", "--strict", cwd=demo)
    assert result.exit_code == 0, result.output  # a note, not a warning: a new clinic passes
    assert ("info: content/routines/back-pain/level-2.yaml:2: reviewed: no review yet: once "
            "the clinic has checked this routine, add version, reviewed and reviewed_by (the "
            "sign-off on the handout's last page)") in result.stdout.splitlines()
    out = demo / "unsigned.pdf"
    made = run("handout", "--level", "2", "--output", str(out), cwd=demo)
    assert made.exit_code == 0, made.output
    assert "Reviewed" not in pdf_text(out) and "Version" not in pdf_text(out)


@pytest.mark.parametrize(("old", "new", "message"), [
    ("{from: 3, to: 5,", "{from: 4, to: 5,",
     "pain_scale: expected bands from 0 to 10 in order, each starting one above the last "
     "(a band from 3), got one from 4"),
    ("{from: 6, to: 10,", "{from: 6, to: 11,",
     "pain_scale[3].to: expected a number of at most 10, got 11"),
])
def test_a_bad_pain_scale_is_one_line_naming_file_and_field(demo: Path, old: str, new: str,
                                                            message: str) -> None:
    path = demo / LEVEL.format(2)
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    (demo / "out").mkdir(exist_ok=True)
    out = demo / "out" / "bad.pdf"
    result = run("handout", "--level", "2", "--output", str(out), cwd=demo)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith("error: content/routines/back-pain/level-2.yaml:")
    assert message in result.stderr
    assert not out.exists()


def test_the_clinicians_note_stands_on_page_1(demo: Path) -> None:
    plan = yaml.safe_load((demo / "content/plans/example.yaml").read_text(encoding="utf-8"))
    first = page_texts(build(demo, "--plan", "content/plans/example.yaml", "--log", "4"))[0]
    assert normalize(plan["note"]) in first
    assert first.index("A note from") < first.index("Your exercises")


def test_level_1_asks_to_check_with_the_clinic_before_level_2(demo: Path) -> None:
    last = page_texts(build(demo, "--level", "1"))[-1]
    assert "ask us before you move on to Level 2" in last


# Page 1's spacing, measured on what is drawn.

def drawn(pdf: Path) -> tuple[list[tuple[float, ...]], list[tuple[float, ...]], float]:
    """Page 1's shapes (paths: boxes, rules, discs) under the header's rule, its lines of
    text, and the height of the footer's rule."""
    document = pdfium.PdfDocument(pdf)
    page = document[0]
    shapes = [_bounds(obj) for obj in page.get_objects(max_depth=8)
              if obj.type == pdfium_c.FPDF_PAGEOBJ_PATH]
    text = page.get_textpage()
    lines = [text.get_rect(i) for i in range(text.count_rects())]
    document.close()
    width = max(right - left for left, _, right, _ in shapes)
    rules = sorted((s for s in shapes if s[2] - s[0] > width - 20 and s[3] - s[1] < 6),
                   key=lambda s: s[1])
    footer, header = rules[0], rules[-1]
    body = [s for s in shapes if s[3] < header[1] and s[1] > footer[3]]
    lines = [line for line in lines if footer[3] < line[1] and line[3] < header[1]]
    return body, lines, footer[3]


def _bounds(obj: pdfium.PdfObject) -> tuple[float, ...]:
    """A path's drawn extent: pdfium's bounds reach a whole line width past a stroked
    path's centre line; the ink reaches half of it."""
    left, bottom, right, top = obj.get_bounds()
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    pdfium_c.FPDFPath_GetDrawMode(obj.raw, ctypes.byref(fill), ctypes.byref(stroke))
    width = ctypes.c_float()
    if stroke.value and pdfium_c.FPDFPageObj_GetStrokeWidth(obj.raw, ctypes.byref(width)):
        half = width.value / 2
        left, bottom, right, top = left + half, bottom + half, right - half, top - half
    return left, bottom, max(left, right), max(bottom, top)


def clusters(shapes: list[tuple[float, ...]]) -> list[list[float]]:
    """Shapes that overlap, merged: one box with its border, bar and background."""
    merged = [list(shape) for shape in shapes]
    joined = True
    while joined:  # until no two overlap
        joined = False
        for a, b in itertools.combinations(merged, 2):
            if a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]:
                merged.remove(b)
                a[:] = [min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3])]
                joined = True
                break
    return merged


def vertical_gap(a: tuple[float, ...] | list[float], b: tuple[float, ...] | list[float]
                 ) -> float | None:
    """The space between two things one above the other (None: side by side)."""
    if a[2] <= b[0] or b[2] <= a[0]:
        return None
    return max(a[1] - b[3], b[1] - a[3])


def inside(line: tuple[float, ...], box: list[float]) -> bool:
    return (box[0] <= line[0] and line[2] <= box[2] and box[1] <= line[1]
            and line[3] <= box[3])


def page_1_gaps(pdf: Path) -> list[float]:
    shapes, lines, footer = drawn(pdf)
    boxes = clusters(shapes)
    gaps = [gap for i, a in enumerate(boxes) for b in boxes[i + 1:]
            if (gap := vertical_gap(a, b)) is not None]
    for line in lines:
        for box in boxes:
            if not inside(line, box) and (gap := vertical_gap(line, box)) is not None:
                gaps.append(gap)
    gaps += [min(line[1] for line in lines) - footer]  # the last line over the footer
    return gaps


def new_clinic(tmp_path: Path) -> Path:
    root = tmp_path / "new-clinic"
    result = run("init", str(root), "--clinic", "Sol Physio", "--clinician", "Dr. Ana Sol", "--yes",
                 "--phone", "+34 600 000 000", "--language", "en-US", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    return root


@pytest.mark.parametrize("which", ["level 1", "level 2", "spanish", "plan", "new clinic"])
def test_nothing_on_page_1_touches(demo: Path, tmp_path: Path, which: str) -> None:
    args = {"level 1": ("--level", "1"), "level 2": ("--level", "2"),
            "spanish": ("--level", "2", "--language", "es"),
            "plan": ("--plan", "content/plans/example.yaml", "--log", "4"),
            "new clinic": ("--level", "2")}[which]
    root = new_clinic(tmp_path) if which == "new clinic" else demo
    gaps = page_1_gaps(build(root, *args))
    assert min(gaps) >= GAP, sorted(gaps)[:5]


def test_the_spacing_of_page_1_is_the_same_in_every_language_and_clinic(
        demo: Path, tmp_path: Path) -> None:
    """The rows of "Your exercises" as far apart in Spanish and in a new clinic."""
    def rows(pdf: Path) -> list[float]:
        shapes, _, _ = drawn(pdf)
        rules = sorted({round(s[1], 1) for s in shapes
                        if s[3] - s[1] < 3 and s[2] - s[0] > 400})
        return [round(b - a, 1) for a, b in itertools.pairwise(rules)][-1:]

    english = rows(build(demo, "--level", "2"))
    assert english and english[0] >= 30
    assert rows(build(demo, "--level", "2", "--language", "es", name="es.pdf")) == english
    assert rows(build(new_clinic(tmp_path), "--level", "2")) == english


def test_the_measure_of_page_1_finds_two_boxes_that_touch(tmp_path: Path) -> None:
    from reportlab.pdfgen.canvas import Canvas

    path = tmp_path / "touch.pdf"
    canvas = Canvas(str(path), pagesize=(600, 800))
    for y in (60, 740):  # the footer's and the header's rules
        canvas.line(40, y, 560, y)
    canvas.rect(40, 400, 520, 100, fill=1)
    canvas.rect(40, 297, 520, 100, fill=1)  # 3 pt under the first
    canvas.drawString(50, 200, "Text well apart")
    canvas.save()
    assert min(page_1_gaps(path)) < GAP


def test_a_new_clinic_signs_its_handouts_off_itself(tmp_path: Path) -> None:
    """The demo clinic's review is not the new clinic's: `pdfgen init` leaves it out."""
    root = new_clinic(tmp_path)
    data = yaml.safe_load((root / LEVEL.format(2)).read_text(encoding="utf-8"))
    assert not {"version", "reviewed", "reviewed_by", "review_every"} & set(data)
    assert data["pain_scale"]  # the pain rule stays, for the clinic to review
    last = page_texts(build(root, "--level", "2"))[-1]
    assert "Reviewed" not in last and "Dr. Mike Sebastian" not in last
    assert "Also in large print and in Spanish (Español): ask us." in last

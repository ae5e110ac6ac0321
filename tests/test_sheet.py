"""The one-page sheet (`--layout compact`), read back from the PDF: its pages, every name,
dose and step, its type and pictures, its tags, and the option on every command."""

from __future__ import annotations

import datetime as dt
import email
import shutil
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
import yaml
from conftest import REPO, normalize, pdf_text, resolved_demo, run, succeeds
from tagging_helpers import problems

from pdfgen import open_clinic
from pdfgen.layout.tagging import Marked

PLAN = REPO / "content" / "plans" / "example.yaml"
LEAST = 90  # 1.25 in
SIX = ["squat", "lunge", "kettlebell-swing", "plank-bird-dog", "back-extension",
       "glute-bridge"]


LYING_SCALE = 0.5  # points a figure unit, Level 1's lying bodies: as on 1.25 in panels


def sheet_pdf(tmp_path: Path, name: str = "sheet.pdf", project: Path = REPO,
              **request: object) -> tuple[Path, list[tuple[float, float]]]:
    """A compact handout built in-process, and the printed size of every picture drawn on
    it (read from the flowables as they are drawn)."""
    drawn: list[tuple[float, float]] = []
    original = Marked.drawOn

    def spy(self, canvas, x, y, _sW=0):
        if self.role == "Figure":
            drawn.append((self.width, self.height))
        return original(self, canvas, x, y, _sW)

    Marked.drawOn = spy
    try:
        handout = open_clinic(project).handout(
            layout="compact", date=dt.date(2026, 11, 24), patient="Jane Example", **request)
    finally:
        Marked.drawOn = original
    path = tmp_path / name
    path.write_bytes(handout.pdf)
    return path, drawn


def pages(path: Path) -> int:
    return len(pdfium.PdfDocument(path))


def body_sizes(path: Path) -> list[float]:
    """The size of every character drawn between the running line and the footer."""
    sizes = []
    doc = pdfium.PdfDocument(path)
    for page in doc:
        height = page.get_height()
        text = page.get_textpage()
        for index in range(text.count_chars()):
            if text.get_text_range(index, 1).isspace():
                continue
            _, bottom, _, top = text.get_charbox(index)
            if 70 < (bottom + top) / 2 < height - 50:  # not the footer, not the running line
                sizes.append(pdfium_c.FPDFText_GetFontSize(text, index))
    return sizes


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_level_2_is_one_page_with_every_name_dose_and_step(tmp_path: Path, paper: str) -> None:
    path, drawn = sheet_pdf(tmp_path, level=2, paper=paper)
    assert pages(path) == 1
    text, _ = resolved_demo(2)
    printed = pdf_text(path)
    for card in text.cards:
        assert card.name in printed
        for label, value in card.dose_parts:
            assert f"{label} {value}" in printed, (card.name, label, value)
        for step in card.steps:
            assert normalize(step) in printed, step
    assert "(813) 555-0142" in printed and "Call 911 now if you have:" in printed
    assert all(normalize(sign) in printed for sign in text.stop_if)
    assert "Prepared for Jane Example on November 24, 2026" in printed
    assert "Page 1 of 1" in printed
    # The pain rule in short: every band of the routine's scale and what to do at it, under
    # the warning signs (the sheet has no other pain box).
    assert f"{text.pain_heading}:" in printed
    for band in text.pain_scale:
        assert normalize(f"{band.scores} {band.label}. {band.meaning}") in printed, band
    assert len(drawn) == 6 and min(max(h for _, h in drawn[i:i + 2])
                                   for i in range(0, 6, 2)) >= LEAST - 0.01


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_the_pain_scale_keeps_to_its_labels_only_when_its_meanings_would_take_a_page(
        tmp_path: Path, paper: str) -> None:
    """Level 2 has room for what to do at each band, and so has Level 1 on Letter since its
    lying figures' panels are no taller than they need; on A4, whose narrower rows wrap
    more steps, Level 1 keeps the bands' labels and the sheet one page (what to do at each
    band never goes in the warning box instead: see test_sheet_top.py)."""
    for level, meanings in ((2, True), (1, paper == "letter")):
        path, _ = sheet_pdf(tmp_path, f"{paper}-{level}.pdf", level=level, paper=paper)
        assert pages(path) == 1
        printed = pdf_text(path)
        text, _ = resolved_demo(level)
        for band in text.pain_scale:
            assert f"{band.scores} {band.label}" in printed, band
            assert (normalize(band.meaning) in printed) == meanings, (paper, band)


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_level_1_is_one_page_with_every_step_and_its_parts_doses(tmp_path: Path,
                                                                  paper: str) -> None:
    """Level 1's three figures lie down (3 to 5.5 times as wide as tall), each on a panel
    no taller than the figure and its label need (1.25 in tall, the panels were two thirds
    empty), the bodies drawn no smaller for it (see LYING_SCALE), every step at 12 pt."""
    path, drawn = sheet_pdf(tmp_path, level=1, paper=paper)
    assert pages(path) == 1
    text, _ = resolved_demo(1)
    printed = pdf_text(path)
    for card in text.cards:
        assert card.name in printed
        for step in card.steps:
            assert normalize(step) in printed, step
        for part, doses in card.named_doses:
            assert part in printed and all(value in printed for _, value in doses)
    assert len(drawn) == 6
    assert all(LEAST / 2 < h < LEAST and w > h for w, h in drawn), drawn
    from figure_helpers import _figure_scales

    assert min(_figure_scales(path)) >= LYING_SCALE


def test_level_1_on_one_page(tmp_path: Path) -> None:
    assert pages(sheet_pdf(tmp_path, level=1)[0]) == 1


@pytest.mark.parametrize("args", [{"level": 1}, {"level": 2, "paper": "a4"},
                                  {"level": 2, "language": "es"}])
def test_body_type_is_never_under_12_points(tmp_path: Path, args: dict) -> None:
    sizes = body_sizes(sheet_pdf(tmp_path, **args)[0])
    assert sizes and min(sizes) >= 11.99


def test_pictures_are_at_least_an_inch_and_a_quarter_photos_too(demo: Path,
                                                                tmp_path: Path) -> None:
    """The clinic's own photos, each made as tall as the other: measured on the page."""
    from pages_helpers import own_photos

    own_photos(demo)
    path, _ = sheet_pdf(tmp_path, project=demo, level=2)
    assert pages(path) <= 2  # a landscape photo beside a portrait one is wider than drawings
    heights = [top - bottom for page in pdfium.PdfDocument(path)
               for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE])
               for _, bottom, _, top in [obj.get_bounds()]]
    assert len(heights) == 6 and min(heights) >= LEAST - 0.05


def test_a_plan_of_six_exercises_is_one_sheet(demo: Path, tmp_path: Path) -> None:
    plan = demo / "content" / "plans" / "six.yaml"
    plan.write_text(yaml.safe_dump({"patient": "Jane Example", "layout": "compact",
                                    "exercises": SIX}))
    result = succeeds(run("handout", "--plan", str(plan), "--date", "2026-11-24",
                          cwd=demo))
    path = demo / "out" / "exercise-plan-jane-example-compact.pdf"
    assert result.output.startswith("out/exercise-plan-jane-example-compact.pdf  (")
    assert pages(path) <= 2
    printed = pdf_text(path)
    for slug in SIX:
        name = yaml.safe_load((demo / "content" / "exercises" / f"{slug}.yaml").read_text())
        assert name["name"] in printed
        assert all(normalize(step) in printed for step in name["steps"])
    assert problems(path) == []


def test_a_plan_of_six_standing_exercises_is_one_sheet(demo: Path) -> None:
    plan = demo / "content" / "plans" / "six.yaml"
    plan.write_text(yaml.safe_dump({"patient": "Jane Example", "routine": "back-pain",
                                    "level": 2, "layout": "compact",
                                    "exercises": [*SIX[:3], "heel-raise", "sit-to-stand",
                                                  "shoulder-blade-squeeze"]}))
    for paper in ("letter", "a4"):
        out = demo / f"{paper}.pdf"
        succeeds(run("handout", "--plan", str(plan), "--paper", paper, "-o", str(out),
                     cwd=demo))
        assert pages(out) == 2
        printed = pdf_text(out)
        assert "Kettlebell Swing" in printed and "Shoulder Blade Squeeze" in printed
        assert "Call 911 now if you have:" in printed


def test_the_example_plan_keeps_its_notes_and_puts_the_log_on_the_sheet_s_back(
        tmp_path: Path) -> None:
    path, _ = sheet_pdf(tmp_path, plan=PLAN, log=2)
    printed = pdf_text(path)
    assert "You did well today." in printed
    assert "Hold on to the back of a chair for the first week." in printed
    doc = pdfium.PdfDocument(path)
    last = doc[len(doc) - 1].get_textpage().get_text_range()
    assert "Your exercise log" in last and "Your exercise log" not in pdf_text(
        tmp_path / "sheet.pdf").split("Page 1 of")[0]
    # The sheet's two sides, the log under the rows on the back (a page of its own once).
    assert len(doc) == 2


@pytest.mark.parametrize("args", [["--level", "1"], ["--level", "2"],
                                  ["--plan", str(PLAN)]])
def test_the_sheet_is_tagged(tmp_path: Path, args: list[str]) -> None:
    from tagging_helpers import build

    path = build(tmp_path, [*args, "--layout", "compact"])
    assert problems(path) == []
    import pikepdf
    from tagging_helpers import _walk

    with pikepdf.open(path) as pdf:
        roles = [str(e.S) for e in _walk(pdf.Root.StructTreeRoot)]
        alts = [str(e.Alt) for e in _walk(pdf.Root.StructTreeRoot) if str(e.S) == "/Figure"]
    assert roles.count("/H1") == 1 and roles.count("/H2") >= 4  # warning + each exercise
    assert roles.count("/L") >= 3 and len(alts) == 6 and all(alts)


def test_the_readmes_picture_of_the_sheet_is_up_to_date(tmp_path: Path) -> None:
    from PIL import Image, ImageChops, ImageStat

    shutil.copytree(REPO / "content", tmp_path / "content")
    succeeds(run("preview", "--level", "2", "--layout", "compact", "--date", "2026-11-24",
                 "--patient", "Jane Example", cwd=tmp_path))
    fresh = Image.open(tmp_path / "out/back-pain-level-2-jane-example-compact-page-1.png")
    shown = Image.open(REPO / "docs/images/sheet-level-2.png")
    assert fresh.size == shown.size
    difference = ImageStat.Stat(ImageChops.difference(fresh.convert("L"),
                                                      shown.convert("L"))).mean[0]
    assert difference < 1.0, "make the picture again with the command the README gives"


def test_same_inputs_same_bytes(tmp_path: Path) -> None:
    assert (sheet_pdf(tmp_path, level=2)[0].read_bytes()
            == sheet_pdf(tmp_path, "again.pdf", level=2)[0].read_bytes())


def test_detailed_is_still_the_default_and_unchanged(tmp_path: Path) -> None:
    clinic = open_clinic(REPO)
    day = dt.date(2026, 11, 24)
    default = clinic.handout(level=2, date=day)
    detailed = clinic.handout(level=2, date=day, layout="detailed")
    assert default.pdf == detailed.pdf and default.pages == detailed.pages
    assert default.path.name == "back-pain-level-2.pdf"


def test_handout_and_preview_take_the_option(demo: Path) -> None:
    result = succeeds(run("handout", "--level", "2", "--layout", "compact", cwd=demo))
    assert result.stdout == "out/back-pain-level-2-compact.pdf  (1 page, " + \
        result.stdout.split("(1 page, ")[1]
    shown = succeeds(run("preview", "--level", "2", "--layout", "COMPACT", cwd=demo))
    assert shown.stdout.splitlines() == ["out/back-pain-level-2-compact-page-1.png"]
    assert (demo / "out" / "back-pain-level-2-compact-page-1.png").is_file()


def test_email_draft_carries_the_sheet(demo: Path) -> None:
    result = succeeds(run("email", "--level", "2", "--layout", "compact", "--to",
                          "jane@example.com", "--draft", cwd=demo))
    assert result.stdout.startswith("out/back-pain-level-2-compact.eml  (a draft")
    message = email.message_from_bytes((demo / "out/back-pain-level-2-compact.eml")
                                       .read_bytes())
    attached = [part.get_filename() for part in message.walk() if part.get_filename()]
    assert len(attached) == 1 and attached[0].endswith(".pdf")
    assert pages(demo / "out" / "back-pain-level-2-compact.pdf") == 1


def test_batch_takes_the_option(demo: Path) -> None:
    patients = demo / "list.csv"
    patients.write_text("name,level\nAna Ruiz,2\nBo Lee,1\n")
    succeeds(run("batch", str(patients), "--jobs", "1", "--layout", "compact", cwd=demo))
    folder = demo / "out" / "list"
    assert pages(folder / "back-pain-level-2-ana-ruiz-compact.pdf") == 1
    assert pages(folder / "back-pain-level-1-bo-lee-compact.pdf") == 1


@pytest.mark.parametrize(("args", "message"), [
    (["--layout", "tiny"], "error: --layout: expected detailed or compact, got 'tiny'\n"),
    (["--layout", "compact", "--large-print"],
     "error: --layout compact and --large-print: the one-page sheet is in normal print "
     "only; choose one (large print is the detailed handout)\n"),
])
def test_a_bad_layout_is_one_line_and_exit_2(demo: Path, args: list[str], message: str
                                             ) -> None:
    result = run("handout", "--level", "2", *args, cwd=demo)
    assert result.exit_code == 2
    assert result.stderr == message
    assert not (demo / "out").exists() or not any((demo / "out").iterdir())


def test_a_plans_layout_is_checked_and_the_command_line_wins(demo: Path) -> None:
    plan = demo / "content" / "plans" / "example.yaml"
    data = yaml.safe_load(plan.read_text())
    plan.write_text(yaml.safe_dump({**data, "layout": "sheet"}))
    bad = run("handout", "--plan", str(plan), cwd=demo)
    assert bad.exit_code == 2 and "layout" in bad.stderr and len(bad.stderr.splitlines()) == 1
    plan.write_text(yaml.safe_dump({**data, "layout": "compact", "large_print": True}))
    both = run("handout", "--plan", str(plan), cwd=demo)
    assert both.exit_code == 2
    line = plan.read_text().splitlines().index("layout: compact") + 1  # (at its line)
    assert both.stderr == (f"error: content/plans/example.yaml:{line}: layout: compact "
                           "and large_print: true: the one-page sheet is in normal print only; "
                           "choose one (large print is the detailed handout)\n")
    assert "layout: compact and large_print: true" in run("check", cwd=demo).stdout
    plan.write_text(yaml.safe_dump({**data, "layout": "compact"}))
    refused = run("handout", "--plan", str(plan), "--large-print", cwd=demo)
    assert refused.exit_code == 2 and refused.stderr == (
        "error: content/plans/example.yaml: layout: compact and --large-print: the one-page "
        "sheet is in normal print only; choose one (large print is the detailed handout)\n")
    done = succeeds(run("handout", "--plan", str(plan), "--layout", "detailed", cwd=demo))
    assert done.stdout.startswith("out/back-pain-level-2-jane-example.pdf  (")
    sheet = succeeds(run("handout", "--plan", str(plan), "--log", "0", cwd=demo))
    assert sheet.stdout.startswith("out/back-pain-level-2-jane-example-compact.pdf  (2 pages")


def test_a_figure_lying_down_stands_on_a_panel_not_across_the_row(tmp_path: Path) -> None:
    """A figure 3 to 5.5 times as wide as tall would take the whole row at 1.25 in tall: it
    prints on a pale panel 1.3 to 1.76 times 1.25 in wide (2.2 in beside 1.25 in; wider on a
    two-sided sheet, whose pictures grow) and as tall as it and its label need, as far as
    the page shows: the panel's tint is drawn, and the figure on it is narrower than the
    panel."""
    # The demo's lying figures without their movement marks: an arrow above a body makes
    # its picture taller; these lie 3 to 5.5 times as wide as tall, as the panel is for.
    clinic = tmp_path / "clinic"
    shutil.copytree(REPO / "content", clinic / "content")
    for slug in ("back-extension", "glute-bridge"):  # (the plank and bird dog has none)
        exercise = clinic / "content" / "exercises" / f"{slug}.yaml"
        exercise.write_text(exercise.read_text() + "movement: none\n")
    path, drawn = sheet_pdf(tmp_path, level=1, project=clinic)
    assert len(drawn) == 6
    for width, height in drawn:
        assert height < LEAST and height < width / 1.5
        assert width <= 2.2 / 1.25 * 144 + 0.5  # the widest, at the sheet's tallest (2 in)
        assert width < 540 / 2  # two to a row, at the least
    document = pdfium.PdfDocument(path)
    panels = [obj for page in document for obj in page.get_objects()
              if obj.type == pdfium_c.FPDF_PAGEOBJ_PATH
              # A panel as wide as a picture drawn (a row's panels share its width).
              and min(abs((lambda b: b[2] - b[0])(obj.get_bounds()) - w) for w, _ in drawn)
              < 1]
    document.close()
    assert len(panels) >= 6, len(panels)

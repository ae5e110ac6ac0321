"""Personal plans: doses, notes, follow-up, exercise log, QR codes, warning signs, large print."""

from __future__ import annotations

import re
from pathlib import Path

import pypdf
import pypdfium2
import pypdfium2.raw as pdfium_c
import pytest
import yaml
import zxingcpp
from conftest import files_in, font_at, page_texts, pdf_text, run, succeeds

PLAN = "content/plans/example.yaml"


def write_plan(root: Path, **fields: object) -> Path:
    path = root / "content/plans/test.yaml"
    path.write_text(yaml.safe_dump(fields, allow_unicode=True), encoding="utf-8")
    return path


def font_sizes(pdf: Path) -> set[float]:
    """The size of every printed character, as a viewer measures it."""
    sizes = set()
    document = pypdfium2.PdfDocument(pdf)
    for page in document:
        text = page.get_textpage()
        for index in range(text.count_chars()):
            if not text.get_text_range(index, 1).isspace():
                sizes.add(round(pdfium_c.FPDFText_GetFontSize(text.raw, index), 1))
    return sizes


def qr_codes(pdf: Path) -> list[str]:
    """Every QR code on every page, read from a picture of the page as a phone would."""
    found = []
    for page in pypdfium2.PdfDocument(pdf):
        image = page.render(scale=200 / 72).to_pil().convert("L")
        found += [code.text for code in zxingcpp.read_barcodes(image)]
    return found


def test_the_example_plan_prints_doses_notes_and_follow_up(demo: Path) -> None:
    result = run("handout", "--plan", PLAN, cwd=demo)
    assert result.exception is None, result.output
    out = demo / "out/back-pain-level-2-jane-example.pdf"
    assert result.stdout.startswith("out/back-pain-level-2-jane-example.pdf")
    text = pdf_text(out)
    for expected in [
        "Prepared for Jane Example on November 24, 2026",
        "Your next visit: December 8, 2026",
        # (Its heading leads its words: page 1 then keeps the introduction.)
        "A note from Dr. Mike Sebastian. You did well today.",
        "2 sets of 8 · 3 days a week",            # squat: the plan's dose, not the file's
        "1 set of 6 each side · 3 days a week",  # lunge
        "Note for you Hold on to the back of a chair for the first week.",
        "Note for you Start with the 8 kg kettlebell we used today.",
        "Your exercise log", "Week 1", "Week 2",
    ]:
        assert expected in text, expected
    assert "2 sets of 10 · 3 days a week" not in text  # the squat file's default dose


@pytest.mark.parametrize("size", ["--normal-print", "--large-print"])
def test_the_next_visit_stands_in_bold_on_page_1(demo: Path, size: str) -> None:
    """The one date on page 1 the patient must act on, apart from the day it was made."""
    result = run("handout", "--plan", PLAN, size, "--output", "plan.pdf", cwd=demo)
    assert result.exception is None, result.output
    text = pypdfium2.PdfDocument(demo / "plan.pdf")[0].get_textpage()
    read = text.get_text_range()
    visit, made = read.index("Your next visit: December 8"), read.index("November 24, 2026")
    assert "Bold" in font_at(text, visit) and "Bold" in font_at(text, visit + 20)
    assert "Bold" not in font_at(text, made), font_at(text, made)


def test_the_command_line_wins_over_the_plan(demo: Path) -> None:
    result = run("handout", "--plan", PLAN, "--patient", "Ana Ruiz", "--date", "2026-12-01",
                 "--log", "0", cwd=demo)
    assert result.exception is None, result.output
    text = pdf_text(demo / "out/back-pain-level-2-ana-ruiz.pdf")
    assert "Prepared for Ana Ruiz on December 1, 2026" in text
    assert "Your exercise log" not in text


def test_a_plan_of_chosen_exercises_without_a_routine(demo: Path) -> None:
    write_plan(demo, patient="Bo Lee", exercises=["glute-bridge", {"slug": "squat",
               "dose": {"reps": 5, "hold_seconds": 3, "times": 2, "per": "day"}}])
    result = run("handout", "--plan", "content/plans/test.yaml", cwd=demo)
    assert result.exception is None, result.output
    text = pdf_text(demo / "out/exercise-plan-bo-lee.pdf")
    assert text.count("Your exercise plan") >= 2  # title, and atop the other pages
    assert "Chosen for you by Dr. Mike Sebastian" in text
    assert "1 Glute Bridge" in text and "2 Squat" in text
    assert "repeat 5 times · hold 3 seconds · twice a day" in text
    assert "Stop and call us" not in text and "now if you have" not in text  # a routine's


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"level": 2, "exercises": ["squat", "lunges"]},
         r"error: content/plans/test.yaml:\d+: exercises\[2\]: unknown exercise 'lunges' "
         r"\(did you mean 'lunge'\?\)"),
        ({"level": 2, "exercises": [{"slug": "squat", "dose": {"sets": -1}}]},
         r"error: content/plans/test.yaml:\d+: exercises\[1\].dose.sets: expected a number "
         r"greater than 0, got -1"),
        ({"level": 2, "date": "2026-13-01"},
         r"error: content/plans/test.yaml:\d+: date: 2026-13-01: there is no such day"),
        ({"level": 2, "date": "next week"},
         r"error: content/plans/test.yaml:\d+: date: expected a date like 2026-11-24, "
         r"got 'next week'"),
        ({"level": 2, "date": "2026-12-01", "follow_up": "2026-11-01"},
         r"error: content/plans/test.yaml:\d+: follow_up: 2026-11-01 is before the "
         r"plan's date 2026-12-01"),
        ({"patient": "No One"},
         r"error: content/plans/test.yaml: \(top level\): a plan needs a 'level' \(of a "
         r"routine\) or a list of 'exercises'"),
        ({"level": 5},
         r"error: content/plans/test.yaml:\d+: level: no level 5 for back-pain \(known: 1, "
         r"2\)"),
        ({"level": 2, "routine": "neck"},
         r"error: content/plans/test.yaml:\d+: routine: unknown topic 'neck' \(known: "
         r"back-pain\)"),
        ({"level": 2, "log_weeks": 13},
         r"error: content/plans/test.yaml:\d+: log_weeks: expected a number of at most 12, "
         r"got 13"),
    ],
)
def test_a_bad_plan_is_one_line_naming_the_field(demo: Path, fields: dict, message: str) -> None:
    write_plan(demo, **fields)
    result = run("handout", "--plan", "content/plans/test.yaml", cwd=demo)
    assert result.exit_code == 2, result.output
    assert re.fullmatch(message, result.stderr.strip()), result.stderr
    assert files_in(demo / "out") == []


def test_bad_plan_and_log_options(demo: Path) -> None:
    result = run("handout", "--plan", "missing.yaml", cwd=demo)
    assert (result.exit_code, result.stderr) == (2, "error: --plan missing.yaml: no such file\n")
    result = run("handout", "--level", "2", "--log", "13", cwd=demo)
    assert (result.exit_code, result.stderr) == (
        2, "error: --log 13: expected a number of weeks from 0 to 12\n")
    result = run("handout", cwd=demo)
    assert result.exit_code == 2
    assert "--level is needed" in result.stderr


def log_page(pdf: Path) -> tuple[str, bytes]:
    """The text and drawing operators of the page that holds the log."""
    for page in pypdf.PdfReader(pdf).pages:
        if "Your exercise log" in page.extract_text():
            return " ".join(page.extract_text().split()), page.get_contents().get_data()
    raise AssertionError(f"no log in {pdf}")


def boxes(operators: bytes) -> int:
    """Write-in boxes of the log: squares of 20 to 24 pt, drawn nowhere else."""
    return len(re.findall(rb"\b(2[0-4]) \1 re\b", operators))


def test_the_log_has_a_row_a_week_and_a_column_an_exercise(demo: Path) -> None:
    result = run("handout", "--level", "2", "--patient", "Jo Doe", "--date", "2026-11-24",
                 "--log", "4", cwd=demo)
    assert result.exception is None, result.output
    text, operators = log_page(demo / "out/back-pain-level-2-jo-doe.pdf")
    assert "Your exercise log Jo Doe" in text
    # One header: each column says what it holds, the pain's with the routine's bands.
    assert ("Week 1 Squat Sets done 2 Lunge Sets done 3 Kettlebell Swing Sets done "
            "Pain (0–10) 0–2 Safe 3–5 OK 6–10 Too much") in text.replace("\u00a0", " ")
    weeks = re.findall(r"Week (\d) (\w{3} \w{3} \d+) – (\w{3} \w{3} \d+)", text)
    assert weeks == [("1", "Tue Nov 24", "Mon Nov 30"), ("2", "Tue Dec 1", "Mon Dec 7"),
                     ("3", "Tue Dec 8", "Mon Dec 14"), ("4", "Tue Dec 15", "Mon Dec 21")]
    # Four weeks on one page: squat and lunge 3 days a week, the swing 2, and the pain.
    assert boxes(operators) == 4 * (3 + 3 + 2 + 1)


def test_the_log_ends_with_the_week_of_the_next_visit(demo: Path) -> None:
    result = run("handout", "--plan", "content/plans/example.yaml", "--log", "4",
                 "-o", "plan.pdf", cwd=demo)
    assert result.exception is None, result.output
    text, _ = log_page(demo / "plan.pdf")
    # The visit is on the Tuesday that would start week 3: the log ends with week 2, whose
    # last day is the eve of the visit.
    # (The visit's day written as the weeks' days are: "December 8, 2026" took three
    # lines of the narrow cell.)
    assert "Week 2 Tue Dec 1 – Mon Dec 7 Next visit: Tue Dec 8" in text
    assert "Week 3" not in text


def test_video_and_booking_links_scan_to_the_right_address(demo: Path) -> None:
    squat = demo / "content/exercises/squat.yaml"
    squat.write_text(squat.read_text() + "video: https://www.example.com/videos/squat\n")
    toml = demo / "content/clinic.toml"
    toml.write_text(toml.read_text().replace(
        'website = "https://www.example.com"',
        'website = "https://www.example.com"\nbooking_url = "https://www.example.com/book"'))
    result = run("handout", "--level", "2", cwd=demo)
    assert result.exception is None, result.output
    out = demo / "out/back-pain-level-2.pdf"
    assert sorted(qr_codes(out)) == ["https://www.example.com/book",
                                     "https://www.example.com/videos/squat"]
    text = pdf_text(out)
    assert "Scan to watch a video of this exercise www.example.com/videos/squat" in text
    assert "Scan to book your next visit" in text


def test_the_warning_signs_come_before_the_exercises(demo: Path) -> None:
    succeeds(run("handout", "--level", "2", cwd=demo))
    first = page_texts(demo / "out/back-pain-level-2.pdf")[0]
    # The demo's signs need emergency care (stop_if_emergency): the emergency number first.
    assert "Call 911 now if you have:" in first
    assert "New problems controlling your bladder or bowels." in first
    assert "Or go to the nearest emergency room. Then let us know." in first
    assert "Stop and call us" not in first


def test_signs_that_are_not_an_emergency_keep_stop_and_call_us(demo: Path) -> None:
    """A clinic's own signs (no stop_if_emergency) keep the box's first meaning, in a clinic's
    own safety.j2 too; the demo's, in Spanish, send the patient to 112 first."""
    routine = demo / "content/routines/back-pain/level-2.yaml"
    routine.write_text(routine.read_text(encoding="utf-8").replace(
        "stop_if_emergency: true\n", ""), encoding="utf-8")
    (demo / "out").mkdir(exist_ok=True)
    succeeds(run("handout", "--level", "2", "-o", "out/calm.pdf", cwd=demo))
    first = page_texts(demo / "out/calm.pdf")[0]
    assert "Stop and call us if you have:" in first
    assert "If you cannot reach us, call 911 or go to the nearest emergency room." in first
    assert "now if you have" not in first
    routine.write_text(routine.read_text(encoding="utf-8") + "stop_if_emergency: true\n",
                       encoding="utf-8")
    (demo / "templates").mkdir(exist_ok=True)
    (demo / "templates/safety.j2").write_text(  # an older override, without the new blocks
        "{% block heading %}Stop and ring us:{% endblock %}"
        "{% block footer %}Or ring 911.{% endblock %}", encoding="utf-8")
    succeeds(run("handout", "--level", "2", "-o", "out/own.pdf", cwd=demo))
    first = page_texts(demo / "out/own.pdf")[0]
    assert "Call 911 now if you have:" in first and "Stop and ring us" not in first
    (demo / "templates/safety.j2").unlink()
    succeeds(run("handout", "--level", "2", "--language", "es", "-o", "out/es.pdf", cwd=demo))
    first = page_texts(demo / "out/es.pdf")[0]
    assert "Llame ya al 911 si tiene:" in first
    assert "O vaya a urgencias. Después, avísenos." in first


def test_stop_if_emergency_is_yes_or_no(demo: Path) -> None:
    routine = demo / "content/routines/back-pain/level-2.yaml"
    routine.write_text(routine.read_text(encoding="utf-8").replace(
        "stop_if_emergency: true", "stop_if_emergency: sometimes"), encoding="utf-8")
    line = routine.read_text(encoding="utf-8").splitlines().index(
        "stop_if_emergency: sometimes") + 1
    result = run("handout", "--level", "2", cwd=demo)
    assert (result.exit_code, result.output) == (
        2, f"error: content/routines/back-pain/level-2.yaml:{line}: stop_if_emergency: "
           "expected true or false, got 'sometimes'\n")
    assert not (demo / "out/back-pain-level-2.pdf").exists()


def test_large_print_is_never_under_18_points_and_keeps_every_word(demo: Path) -> None:
    succeeds(run("handout", "--level", "2", "--log", "1", cwd=demo))
    succeeds(run("handout", "--level", "2", "--log", "1", "--large-print", cwd=demo))
    normal = demo / "out/back-pain-level-2.pdf"
    large = demo / "out/back-pain-level-2-large-print.pdf"
    assert min(font_sizes(large)) >= 18
    assert min(font_sizes(normal)) < 18  # the check can tell the difference
    def words(path: Path) -> list[str]:
        # The lines for notes come only where a page has room for them; the other forms
        # of the handout are, for each, the others; where the rest of an exercise is, only
        # where a page turns between its name and its pictures.
        text = re.sub(r"Page \d+ of \d+|\(continued\)|\bNotes\b|Also in [^:]*: ask us\.|"
                      r"Turn the page for the pictures and steps\.|"
                      r"The pictures and steps are on the next page\.", "", pdf_text(path))
        return sorted(re.findall(r"\w+", text))
    assert set(words(large)) == set(words(normal))
    pages = page_texts(large)
    cards = [i for i, p in enumerate(pages)
             if re.search(r"\b\d (Squat|Lunge|Kettlebell Swing) (Sets \d|The) ", p)]
    assert len(cards) == 3 and len(set(cards)) == 3  # one exercise a page
    assert len(pages) > len(page_texts(normal))


def test_check_validates_plans(demo: Path) -> None:
    assert run("check", "--strict", cwd=demo).exit_code == 0
    write_plan(demo, level=2, exercises=["nope"], note="{{ clinic.fax }}")
    result = run("check", cwd=demo)
    assert result.exit_code == 2
    assert re.search(r"error: content/plans/test.yaml:\d+: exercises\[1\]: unknown exercise "
                     r"'nope'", result.stdout)


def test_the_log_has_a_box_for_each_time_the_dose_asks_for(demo: Path) -> None:
    def count(dose: dict) -> int:
        write_plan(demo, date="2026-11-24", level=2, log_weeks=1,
                   exercises=[{"slug": "squat", "dose": dose}])
        result = run("handout", "--plan", "content/plans/test.yaml", "-o", "log.pdf", cwd=demo)
        assert result.exception is None, result.output
        return boxes(log_page(demo / "log.pdf")[1]) - 1  # less the week's pain box

    assert count({"reps": 5, "times": 3, "per": "week"}) == 3
    assert count({"reps": 5, "times": 1, "per": "day"}) == 7
    assert count({"reps": 5, "times": 2, "per": "day"}) == 14
    assert count({"reps": 5}) == 7  # no "how often": a box a day


def test_a_plan_can_give_its_own_title_and_introduction(demo: Path) -> None:
    write_plan(demo, level=2, title="Your back plan", intro=["Four exercises, {{ patient }}."],
               patient="Bo Lee", exercises=["squat", "lunge", "kettlebell-swing", "glute-bridge"])
    result = run("handout", "--plan", "content/plans/test.yaml", cwd=demo)
    assert result.exception is None, result.output
    text = pdf_text(demo / "out/back-pain-level-2-bo-lee.pdf")
    assert text.startswith("Mangrove Bay Chiropractic Dr. Mike Sebastian · (813) 555-0142 "
                           "Your back plan Back pain · Level 2")
    assert "Four exercises, Bo Lee." in text
    assert "This routine has three exercises" not in text
    write_plan(demo, level=2, intro=["{{ clinic.fax }}"])
    result = run("handout", "--plan", "content/plans/test.yaml", cwd=demo)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: content/plans/test.yaml:")
    assert "intro[1]: unknown template variable 'fax'" in result.stderr


@pytest.mark.parametrize(("args", "plan", "message"), [
    (["--level", "2", "--patient", "   "], None,
     "error: --patient: blank; give the patient's name, or leave out --patient"),
    (["--plan", "content/plans/test.yaml"], "patient:\nlevel: 2\n",
     "error: content/plans/test.yaml:1: patient: expected text, got an empty value; write "
     "the patient's name, or leave out the patient line"),
])
def test_a_blank_patient_is_an_error_and_replaces_nothing(demo: Path, args: list[str],
                                                         plan: str | None,
                                                         message: str) -> None:
    assert run("handout", "--level", "2", cwd=demo).exit_code == 0
    anonymous = demo / "out/back-pain-level-2.pdf"
    before = (anonymous.read_bytes(), anonymous.stat().st_mtime_ns)
    if plan is not None:
        (demo / "content/plans/test.yaml").write_text(plan, encoding="utf-8")
    result = run("handout", *args, cwd=demo)
    assert (result.exit_code, result.stderr) == (2, message + "\n")
    assert (anonymous.read_bytes(), anonymous.stat().st_mtime_ns) == before
    assert files_in(demo / "out") == ["back-pain-level-2.pdf"]

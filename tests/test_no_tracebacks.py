"""Input that once ended in a traceback, each a real process under limits: now one line
(exit code 2) naming what to change, and nothing half-written, or a handout."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, files_in
from limited import one_line_error, run_limited


def handout(demo: Path, *args: str, env: dict[str, str | None] | None = None):
    return run_limited("handout", "--level", "2", *args, cwd=demo, timeout=120, env=env)


@pytest.mark.parametrize("keep", [1000, 20_000, 40_000])
def test_a_truncated_font_in_clinic_toml_is_one_line(demo: Path, keep: int) -> None:
    fonts = demo / "fonts"
    fonts.mkdir()
    for face in ("Regular", "Bold", "Italic", "BoldItalic"):
        data = (REPO / "fonts" / f"AtkinsonHyperlegible-{face}.ttf").read_bytes()
        (fonts / f"My-{face}.ttf").write_bytes(data[:keep] if face == "Regular" else data)
    with (demo / "content" / "clinic.toml").open("a", encoding="utf-8") as toml:
        toml.write('\n[fonts]\nregular = "My-Regular.ttf"\nbold = "My-Bold.ttf"\n'
                   'italic = "My-Italic.ttf"\nbold_italic = "My-BoldItalic.ttf"\n')
    # (Named with the file and the field, as every other mistake: it was the font's name alone.)
    line = one_line_error(handout(demo))
    assert re.fullmatch(r"error: content/clinic.toml:\d+: fonts.regular: 'My-Regular.ttf': "
                        r"not a usable TrueType font \(a .ttf file\)", line), line
    assert not (demo / "out").exists() or files_in(demo / "out") == []


def test_a_date_near_the_year_9999_with_a_log_is_one_line(demo: Path) -> None:
    assert one_line_error(handout(demo, "--date", "9999-12-20", "--log", "4")) == (
        "error: --date 9999-12-20: a log of 4 weeks would run past the year 9999; choose an "
        "earlier date, or no log")
    done = handout(demo, "--date", "9999-12-20")  # without a log, a handout, and a note
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines()[-1].startswith(
        "note: --date 9999-12-20: is that the day you meant? (today is "), done.stderr


@pytest.mark.parametrize(("date", "said"), [("0226-12-01", True), ("1999-12-31", True),
                                            ("2000-01-01", False)])
def test_a_date_no_clinic_means_is_said_not_refused(demo: Path, date: str, said: bool) -> None:
    # (0226 for 2026: a slip of the keyboard, printed on every page, said once.)
    done = handout(demo, "--date", date)
    assert done.returncode == 0, done.stderr
    note = f"note: --date {date}: is that the day you meant? (today is "
    assert any(line.startswith(note) for line in done.stderr.splitlines()) is said, done.stderr


def test_a_review_near_the_year_9999_is_no_crash(demo: Path) -> None:
    level = demo / "content" / "routines" / "back-pain" / "level-2.yaml"
    level.write_text(re.sub(r"reviewed: \S+", "reviewed: 9999-06-01",
                            level.read_text(encoding="utf-8")), encoding="utf-8")
    done = handout(demo)
    assert done.returncode == 0, done.stderr
    checked = run_limited("check", cwd=demo, timeout=120)
    assert checked.returncode == 0 and "Traceback" not in checked.stderr, checked.stderr


def test_a_website_too_long_for_its_qr_code_is_one_line(demo: Path) -> None:
    toml = demo / "content" / "clinic.toml"
    text = toml.read_text(encoding="utf-8")
    toml.write_text(re.sub(r'website = "[^"]*"',
                           'website = "https://www.example.com/' + "a" * 5000 + '"', text),
                    encoding="utf-8")
    line = one_line_error(handout(demo))
    assert re.fullmatch(r"error: content/clinic\.toml:\d+: website: the address is 5,024 "
                        r"characters long; its QR code could not be read: at most 256 \(use "
                        r"a short link\)", line), line


def test_an_output_name_too_long_for_the_file_system_is_one_line(demo: Path) -> None:
    (demo / "out").mkdir()
    line = one_line_error(handout(demo, "--output", "out/" + "a" * 300 + ".pdf"))
    assert line.endswith(": the file name is 304 bytes long, and the file system takes at "
                         "most 255; choose a shorter name")
    assert files_in(demo / "out") == []


def test_a_name_just_under_the_limit_is_written(demo: Path) -> None:
    """The temporary file beside it has a short name of its own."""
    (demo / "out").mkdir()
    name = "b" * 251 + ".pdf"
    done = handout(demo, "--output", f"out/{name}")
    assert done.returncode == 0, done.stderr
    assert files_in(demo / "out") == [name]


@pytest.mark.parametrize(("left", "lines"), [("x" * 20_000, 209), ("word " * 60, 4)])
def test_a_footer_override_that_runs_away_is_one_line(demo: Path, left: str, lines: int
                                                      ) -> None:
    (demo / "templates").mkdir()
    (demo / "templates" / "footer.j2").write_text(
        "{% block left %}" + left + "{% endblock %}{% block right %}{% trans %}Page {{ page }} "
        "of {{ pages }}{% endtrans %}{% endblock %}", encoding="utf-8")
    assert one_line_error(handout(demo)) == (
        f"error: templates/footer.j2: it prints {lines} lines on every page; the line at the "
        "top and the footer may take at most 3 each")


def cold(demo: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """`python -m pdfgen handout` in a fresh interpreter (ReportLab reads the home folder
    when first imported), under the limits, with `env` over this one's."""
    from limited import _limit

    return subprocess.run([sys.executable, "-m", "pdfgen", "handout", "--level", "2"],
                          cwd=demo, capture_output=True, text=True, timeout=120, check=False,
                          preexec_fn=_limit, stdin=subprocess.DEVNULL,
                          env={**os.environ, **env})


@pytest.mark.parametrize("home", ["a file", "missing"])
def test_a_home_that_is_not_a_writable_folder_is_no_crash(demo: Path, tmp_path: Path,
                                                          home: str) -> None:
    where = tmp_path / "home"
    if home == "a file":
        where.write_text("not a folder")
    done = cold(demo, {"HOME": str(where), "XDG_CACHE_HOME": str(tmp_path / "cache")})
    assert done.returncode == 0, done.stderr
    assert (demo / "out" / "back-pain-level-2.pdf").is_file()


def test_reportlab_never_runs_a_file_in_the_users_home(demo: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    witness = tmp_path / "ran"
    for name in (".reportlab_mods", ".reportlab_settings"):
        (home / name).write_text(f"open({str(witness)!r}, 'a').write('{name}')\n")
    done = cold(demo, {"HOME": str(home), "XDG_CACHE_HOME": str(tmp_path / "cache")})
    assert done.returncode == 0, done.stderr
    assert not witness.exists()


def test_a_date_after_the_plans_next_visit_is_one_line(demo: Path) -> None:
    """The plan's own date is checked against its follow_up; --date is too."""
    line = one_line_error(run_limited("handout", "--plan", "content/plans/example.yaml",
                                      "--date", "2027-01-01", cwd=demo, timeout=120))
    assert line == ("error: --date 2027-01-01: after the plan's next visit (follow_up: "
                    "2026-12-08); give an earlier date, or change follow_up in the plan")


def test_install_completion_with_a_home_that_is_a_file_is_one_line(demo: Path,
                                                                   tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.write_text("not a folder")
    done = subprocess.run([sys.executable, "-m", "pdfgen", "--install-completion", "bash"],
                          cwd=demo, capture_output=True, text=True, timeout=120, check=False,
                          env={**os.environ, "HOME": str(home), "SHELL": "/bin/bash"})
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith("error: --install-completion: cannot write your shell's "
                                  "completion file ("), done.stderr


@pytest.mark.parametrize(("args", "target"), [
    (("figures",), "out/figures.pdf"),
    (("handout", "--level", "2"), "out/back-pain-level-2.pdf"),
    (("preview", "--level", "2"), "out/back-pain-level-2-page-1.png"),
    (("email", "--level", "2", "--draft", "--to", "pat@example.com"),
     "out/back-pain-level-2.pdf")])
def test_an_out_folder_that_cannot_be_written_is_one_line(demo: Path, args: tuple[str, ...],
                                                          target: str) -> None:
    """(`pdfgen figures` with out/ read-only ended in a traceback.) out/ is a plain file
    here: a folder nothing can be written in, for root too (CI runs as root)."""
    (demo / "out").write_text("not a folder")
    before = files_in(demo)
    line = one_line_error(run_limited(*args, cwd=demo, timeout=120))
    assert line == f"error: {target}: cannot write: out is a file; a folder is needed there"
    assert files_in(demo) == before


def test_a_template_saved_as_latin_1_is_one_line(demo: Path) -> None:
    (demo / "templates").mkdir()
    (demo / "templates" / "footer.j2").write_bytes("Tél {{ clinic.phone }}\n".encode("latin-1"))
    message = "error: templates/footer.j2:1: not UTF-8 text (byte 1); save it as UTF-8"
    assert one_line_error(handout(demo)) == message
    assert not (demo / "out").exists()


def test_check_lists_a_latin_1_template_with_the_other_problems(demo: Path) -> None:
    """`pdfgen check` stopped at the template with its one line, and listed nothing else
    (here, a broken exercise): a check lists every problem of the folder."""
    (demo / "templates").mkdir()
    (demo / "templates" / "footer.j2").write_bytes("Tél {{ clinic.phone }}\n".encode("latin-1"))
    (demo / "content" / "exercises" / "squat.yaml").write_text("name: [unclosed\n")
    done = run_limited("check", cwd=demo, timeout=120)
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr, done.stderr
    lines = (done.stdout + done.stderr).splitlines()
    assert "error: templates/footer.j2:1: not UTF-8 text (byte 1); save it as UTF-8" in lines
    assert any(line.startswith("error: content/exercises/squat.yaml:2: not valid YAML")
               for line in lines), lines
    assert lines[-1].startswith("2 errors, 0 warnings in "), lines


@pytest.mark.parametrize("size", [(20_000, 2), (2, 20_000)])
def test_a_picture_thinner_than_a_pixel_once_scaled_is_no_crash(demo: Path,
                                                                 size: tuple[int, int]) -> None:
    """Scaled to the longest side pdfgen keeps, its short side was 0 (ZeroDivisionError)."""
    from PIL import Image

    Image.new("RGB", size, "white").save(demo / "content" / "images" / "thin.jpg")
    toml = demo / "content" / "clinic.toml"
    toml.write_text(re.sub(r'^logo = ".*"$', 'logo = "images/thin.jpg"',
                           toml.read_text(encoding="utf-8"), flags=re.M), encoding="utf-8")
    done = handout(demo)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr


def test_clinic_toml_saved_with_a_bom_is_read(demo: Path) -> None:
    """Notepad saves UTF-8 with a byte order mark: YAML took it, TOML did not."""
    toml = demo / "content" / "clinic.toml"
    toml.write_bytes(b"\xef\xbb\xbf" + toml.read_bytes())
    done = handout(demo)
    assert done.returncode == 0, done.stderr


def test_an_exercise_taller_than_the_sheets_page_is_one_line(demo: Path) -> None:
    squat = demo / "content" / "exercises" / "squat.yaml"
    steps = "steps:\n" + "".join(f"  - Step number {n} of this exercise, done slowly.\n"
                                  for n in range(60))
    squat.write_text(re.sub(r"steps:\n(  - .*\n)+", steps,
                            squat.read_text(encoding="utf-8"), count=1), encoding="utf-8")
    assert one_line_error(handout(demo, "--layout", "compact")) == (
        "error: --layout compact: Squat is taller than a page of the sheet; shorten its "
        "steps, or print the detailed handout (without --layout compact)")
    assert not (demo / "out").exists()
    done = handout(demo)  # the detailed handout runs on over pages
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("name", ["W" * 35, "W" * 80,
                                  "Oberschenkelrückseitendehnungsübung im Sitzen"])
@pytest.mark.parametrize("args", [(), ("--large-print",), ("--layout", "compact"),
                                  ("--large-print", "--log", "4", "--paper", "a4")])
def test_an_exercise_named_by_one_long_word_is_a_handout(demo: Path, name: str,
                                                         args: tuple[str, ...]) -> None:
    """(Page 1's list gave the name's column the whole word and the doses' a negative width:
    a ValueError, exit 1; in large print, a German compound made a LayoutError.)"""
    squat = demo / "content/exercises/squat.yaml"
    squat.write_text(squat.read_text(encoding="utf-8").replace("name: Squat\n",
                                                               f"name: {name}\n"),
                     encoding="utf-8")
    done = handout(demo, *args, "-o", "long.pdf")
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(("keep", "refused"), [(2_000, True), (30_000, True),
                                               (300_000, False)])
def test_a_damaged_font_for_patients_names_is_one_line(demo: Path, keep: int,
                                                       refused: bool) -> None:
    """(Its tables cut short, ReportLab's struct.error was a traceback, exit 1, as soon as a
    name needed it; check said all good.) Cut short further on, it is passed over as names
    print (another font draws them), and check names it."""
    (demo / "fonts").mkdir(exist_ok=True)
    data = (REPO / "fonts" / "DejaVuSans.ttf").read_bytes()
    (demo / "fonts" / "N.ttf").write_bytes(data[:keep])
    with (demo / "content" / "clinic.toml").open("a", encoding="utf-8") as toml:
        toml.write('\n[fonts]\nnames = ["N.ttf"]\n')
    said = (r"error: content/clinic.toml:\d+: fonts.names: 'N.ttf' cannot be read as a font "
            r"\(damaged, or cut short\?\); copy it again")
    done = handout(demo, "--patient", "Σοφία Παπαδοπούλου")
    if refused:
        assert re.fullmatch(said, one_line_error(done)), done.stderr
        assert not (demo / "out").exists() or files_in(demo / "out") == []
    else:
        assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr[-2000:]
    checked = run_limited("check", cwd=demo, timeout=60)
    assert checked.returncode == 2, checked.stdout
    assert re.search(f"^{said}$", checked.stdout, flags=re.M), checked.stdout


def test_a_card_no_page_of_large_print_holds_is_one_line(demo: Path) -> None:
    """Four doses named by 80 capitals each, in large print with a log: ReportLab's
    LayoutError, exit 1 (and a 500 from the web page)."""
    doses = "".join(f"      - {{name: {letter * 80}, sets: 1000, reps: 1000, hold_seconds: 1000,"
                    " times: 1000, per: day, side: each}\n" for letter in "WXYZ")
    (demo / "content/plans/big.yaml").write_text(
        f"patient: Ana\nroutine: back-pain\nlevel: 2\nlog_weeks: 12\nlarge_print: true\n"
        f"exercises:\n  - slug: plank-bird-dog\n    dose:\n{doses}", encoding="utf-8")
    line = one_line_error(run_limited("handout", "--plan", "content/plans/big.yaml",
                                      cwd=demo, timeout=120))
    assert line == ("error: Plank and Bird Dog: its card does not fit on the pages of large "
                    "print; shorten it (the names of its doses, a step, its note), or print "
                    "it in normal print")
    assert not (demo / "out").exists() or files_in(demo / "out") == []

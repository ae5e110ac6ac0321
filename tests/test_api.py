"""The Python API: what the README shows runs as written, it makes the command line's bytes,
and every mistake is one PdfgenError; it prints nothing."""

from __future__ import annotations

import datetime as dt
import io
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest
from conftest import REPO, files_in, run, succeeds

import pdfgen
from pdfgen.errors import OutputError, ProjectError

README = (REPO / "README.md").read_text(encoding="utf-8")
SECTION = README.split("## Python API", 1)[1].split("\n## ", 1)[0]


def _python(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([sys.executable, *args], cwd=cwd, capture_output=True, text=True,
                          timeout=180)
    assert done.returncode == 0, (done.returncode, done.stdout, done.stderr)
    assert "Traceback" not in done.stderr, done.stderr
    return done


def test_the_readme_one_liner_runs_as_written(tmp_path: Path) -> None:
    line = next(x for x in SECTION.splitlines() if x.startswith('python -c "import pdfgen'))
    args = shlex.split(line)[1:]
    done = _python(args, tmp_path)
    where, pages = done.stdout.split()
    assert Path(where) == tmp_path / "out" / "back-pain-level-2-jane-example.pdf"
    assert pages == "4" == str(len(pypdf.PdfReader(where).pages))
    assert "Jane Example" in pypdf.PdfReader(where).pages[0].extract_text()


def test_the_readme_example_runs_as_written(tmp_path: Path) -> None:
    code = re.search(r"```python\n(.*?)```", SECTION, flags=re.S)
    assert code is not None, "the README's Python API section has no ```python block"
    done = _python(["-c", code.group(1)], tmp_path)
    lines = done.stdout.splitlines()
    pages, size = lines[0].split()
    assert pages == "4" and int(size) > 20_000
    assert lines[1] == "--level 9: no such level for back-pain (known: 1, 2)"
    assert lines[2].startswith("All good:") and lines[2].endswith(" 0")
    saved = tmp_path / "out" / "back-pain-level-2-jane-example.pdf"
    assert len(pypdf.PdfReader(saved).pages) == 4
    assert files_in(tmp_path / "out") == [saved.name]


def test_the_api_makes_the_command_lines_bytes(tmp_path: Path) -> None:
    succeeds(run("handout", "--level", "2", "--patient", "Zoë Łódź", "--date", "2026-11-24",
                 "--paper", "a4", "--output", str(tmp_path / "cli.pdf"), cwd=REPO))
    handout = pdfgen.open_clinic(REPO).handout(level=2, patient="Zoë Łódź",
                                               date="2026-11-24", paper="A4")
    assert handout.pdf == (tmp_path / "cli.pdf").read_bytes()
    assert handout.pages == len(pypdf.PdfReader(io.BytesIO(handout.pdf)).pages) == 4
    assert handout.path == REPO / "out" / "back-pain-level-2-zoe-lodz.pdf"


def test_choices_are_the_same_as_keywords(tmp_path: Path) -> None:
    clinic = pdfgen.open_clinic(REPO)
    choices = pdfgen.Choices(level=1, date=dt.date(2026, 11, 24), layout="compact")
    assert clinic.handout(choices).pdf == clinic.handout(level=1, date="2026-11-24",
                                                         layout="compact").pdf


@pytest.mark.parametrize(("choices", "message"), [
    ({"paper": "legal"}, "--paper: expected letter or a4, got 'legal'"),
    ({"layout": "tiny"}, "--layout: expected detailed or compact, got 'tiny'"),
    ({"date": "24/11/2026"}, "--date 24/11/2026: expected YYYY-MM-DD, for example 2026-11-24"),
    ({"date": "2026-02-30"}, "--date 2026-02-30: there is no such day"),
    ({"level": "2"}, "--level: expected a whole number, got the text '2' (give 2, without "
                   "quotes)"),
    ({"log": True}, "--log: expected a whole number, got True"),
    ({"colour": "red"}, "colour: not a handout choice (expected one of level, routine, plan, "
                        "patient, date, paper, language, large_print, layout, log)"),
    ({"level": 7}, "--level 7: no such level for back-pain (known: 1, 2)"),
    ({"plan": "nowhere.yaml"}, "--plan nowhere.yaml: no such file"),
])
def test_a_mistake_is_one_pdfgen_error_and_nothing_is_printed(
        choices: dict[str, object], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(pdfgen.PdfgenError) as caught:
        pdfgen.open_clinic(REPO).handout(**choices)
    assert caught.value.message == message
    assert caught.value.exit_code == 2
    assert "\n" not in caught.value.message
    assert capsys.readouterr() == ("", "")


def test_save_writes_whole_files_where_asked_and_refuses_a_bad_path(tmp_path: Path) -> None:
    handout = pdfgen.open_clinic(REPO).handout(level=1, date="2026-11-24")
    assert handout.save(tmp_path / "mine.pdf") == tmp_path / "mine.pdf"
    assert (tmp_path / "mine.pdf").read_bytes() == handout.pdf
    with pytest.raises(OutputError, match=r"expected a file name ending in \.pdf"):
        handout.save(tmp_path / "mine.txt")
    with pytest.raises(OutputError, match="does not exist"):
        handout.save(tmp_path / "no" / "such" / "x.pdf")
    assert files_in(tmp_path) == ["mine.pdf"]


def test_opening_a_folder_that_is_no_clinic_says_so(tmp_path: Path) -> None:
    with pytest.raises(ProjectError, match="not a clinic folder"):
        pdfgen.open_clinic(tmp_path)
    with pytest.raises(ProjectError, match="no such folder"):
        pdfgen.open_clinic(tmp_path / "gone")


def test_the_api_checks_a_clinic_and_says_nothing(demo: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    (demo / "content" / "exercises" / "squat.yaml").write_text("name: [", encoding="utf-8")
    report = pdfgen.open_clinic(demo).check()
    assert report.count("error") >= 1
    assert any("squat.yaml" in str(finding) for finding in report.findings)
    assert capsys.readouterr() == ("", "")


def test_the_api_writes_a_draft_and_previews_pages(demo: Path) -> None:
    clinic = pdfgen.open_clinic(demo)
    done = clinic.email("jane@example.com", mode="draft", level=2, date="2026-11-24")
    assert done.draft is not None and done.draft.parent == demo / "out"
    draft = done.draft.read_bytes()
    assert b"X-Unsent: 1" in draft and b"To: jane@example.com" in draft
    pictures = clinic.preview(done.handout, page=1)
    assert [p.name for p in pictures] == ["back-pain-level-2-page-1.png"]
    assert pictures[0].read_bytes().startswith(b"\x89PNG")


def test_a_handout_never_saved_is_previewed_from_its_bytes(demo: Path) -> None:
    """As `pdfgen preview` does: the pictures, named as beside its PDF, and no PDF."""
    clinic = pdfgen.open_clinic(demo)
    handout = clinic.handout(level=1, patient="Ana Ruiz", date="2026-11-24")
    pictures = clinic.preview(handout)
    assert [p.name for p in pictures] == [f"back-pain-level-1-ana-ruiz-page-{n}.png"
                                          for n in range(1, handout.pages + 1)]
    assert files_in(demo / "out") == sorted(p.name for p in pictures)
    with pytest.raises(pdfgen.PdfgenError, match=r"^--page 9: the handout has pages 1 to 4$"):
        clinic.preview(handout, page=9)


def test_importing_pdfgen_loads_nothing_heavy() -> None:
    code = ("import sys, pdfgen; heavy = [m for m in ('reportlab', 'jinja2', 'pydantic', "
            "'typer', 'pdfgen.api') if m in sys.modules]; print(heavy); "
            "print(sorted(pdfgen.__all__))")
    done = _python(["-c", code], REPO)
    first, names = done.stdout.splitlines()
    assert first == "[]"
    for name in eval(names):  # every public name is there when asked for
        assert getattr(pdfgen, name) is not None


def test_a_program_importing_pdfgen_keeps_reportlab_as_it_set_it_up(tmp_path: Path) -> None:
    """ReportLab reads a program's own settings (reportlab_settings.py on its path) after
    `import pdfgen` and a handout made with the API, as it would without pdfgen (the pdfgen
    command reads none: test_no_tracebacks)."""
    settings = "pageCompression = 0\nwarnOnMissingFontGlyphs = 1\n"
    (tmp_path / "reportlab_settings.py").write_text(settings)
    code = (f"import sys; sys.path.insert(0, {str(tmp_path)!r}); import pdfgen, pdfgen.api; "
            "print('reportlab_settings' in sys.modules); "
            "handout = pdfgen.open_clinic().handout(level=2, date='2026-11-24'); "
            "from reportlab import rl_config; "
            "print(rl_config.pageCompression, rl_config.warnOnMissingFontGlyphs, handout.pages)")
    done = _python(["-c", code], tmp_path)
    assert done.stdout.split() == ["False", "0", "1", "4"], done.stdout


def test_handouts_asked_for_from_several_threads_are_each_as_made_alone() -> None:
    """A web page or a script's threads may share a ClinicFolder: builds take turns (four
    threads at once, without, gave other bytes than each handout made alone)."""
    import threading

    clinic = pdfgen.open_clinic()
    asked = [{"level": 2}, {"level": 1, "language": "es"}, {"level": 2, "large_print": True},
             {"level": 1, "layout": "compact"}]
    alone = [clinic.handout(date="2026-11-24", **choices).pdf for choices in asked]
    wrong: list[object] = []

    def make(index: int) -> None:
        for _ in range(3):
            try:
                if clinic.handout(date="2026-11-24", **asked[index]).pdf != alone[index]:
                    wrong.append(index)
            except Exception as error:  # (a thread's failure is this test's)
                wrong.append(repr(error))

    threads = [threading.Thread(target=make, args=(i,)) for i in range(len(asked))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not any(thread.is_alive() for thread in threads)
    assert wrong == []


@pytest.mark.parametrize("call", [
    lambda c: c.handout(2),
    lambda c: c.handout(level=2, patient=123),
    lambda c: c.handout(level=2, language=5),
    lambda c: c.handout(level=2, large_print="no"),
    lambda c: c.handout(level=2, plan=123),
    lambda c: c.handout(pdfgen.Choices(level=2), level=1),
    lambda c: c.email(None, level=2),
    lambda c: c.email("jane@example.com", mode="Draft", level=2),
    lambda c: c.print_options(copies="2"),
    lambda c: c.batch("patients.csv", jobs=0),
    lambda c: c.batch("patients.csv", mode="bogus"),
    lambda c: c.print(c.handout(level=1, date="2026-11-24")),  # never saved
    lambda c: c.preview(REPO / "README.md"),
    lambda c: c.preview(REPO / "content" / "clinic.toml", page="1"),
    lambda c: c.handout(level=1, date="2026-11-24").save(123),
    lambda c: pdfgen.Choices(level=2, paper="legal"),
    lambda c: pdfgen.Choices(level="two"),
    lambda c: pdfgen.open_clinic(123),
    lambda c: pdfgen.ClinicFolder(str(REPO)),
], ids=lambda call: "")
def test_a_python_callers_mistake_is_one_pdfgen_error_not_a_traceback(
        call, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(pdfgen.PdfgenError) as caught:
        call(pdfgen.open_clinic(REPO))
    assert caught.value.message and "\n" not in caught.value.message
    assert caught.value.exit_code == 2
    assert capsys.readouterr() == ("", "")


def test_choices_made_directly_are_checked_and_normalized() -> None:
    made = pdfgen.Choices(level=2, date="2026-11-24", paper=" A4", plan="content/plans/x.yaml")
    assert made.date == dt.date(2026, 11, 24) and made.paper == "a4"
    assert made.plan == Path("content/plans/x.yaml")


def test_a_plan_of_another_clinic_is_refused(demo: Path) -> None:
    """As on the command line: a plan is made by the clinic folder that holds it."""
    with pytest.raises(ProjectError, match="belongs to the clinic in"):
        pdfgen.open_clinic(REPO).handout(plan=demo / "content" / "plans" / "example.yaml")
    own = pdfgen.open_clinic(demo).handout(plan=demo / "content" / "plans" / "example.yaml")
    assert own.pages >= 1


def test_a_handout_shows_its_size_not_its_bytes() -> None:
    handout = pdfgen.open_clinic(REPO).handout(level=1, date="2026-11-24")
    shown = repr(handout)
    assert shown.startswith("Handout(path=") and f"pdf=<{len(handout.pdf):,} bytes>" in shown
    assert len(shown) < 200


def test_the_demo_never_saves_into_the_out_folder_of_the_clinic_it_runs_in(
        demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """(Run in a clinic's folder, the README's one-liner replaced that clinic's own
    back-pain-level-2-jane-example.pdf with the demo clinic's, without a word.)"""
    own = demo / "out" / "back-pain-level-2-jane-example.pdf"
    own.parent.mkdir(exist_ok=True)
    own.write_bytes(b"%PDF- the clinic's own")
    monkeypatch.chdir(demo / "content")  # anywhere inside the clinic's folder
    clinic = pdfgen.open_clinic()
    assert clinic.is_demo
    handout = clinic.handout(level=2, patient="Jane Example", date="2026-11-24")
    expected = (f"out/back-pain-level-2-jane-example.pdf: out/ here is the clinic's in "
                f"{demo.resolve()}, and this is the demo clinic's: give a path to save it to, "
                f"or open that clinic with pdfgen.open_clinic('{demo.resolve()}')")
    with pytest.raises(OutputError) as raised:
        handout.save()
    assert str(raised.value) == expected
    with pytest.raises(OutputError, match=r"out/figures\.pdf: out/ here is the clinic.s in"):
        clinic.figures()
    assert own.read_bytes() == b"%PDF- the clinic's own"
    assert files_in(demo / "out") == [own.name]
    assert not (demo / "content" / "out").exists()
    # Given a path, it is saved; and the clinic itself saves where its handouts belong.
    assert handout.save(tmp_path / "demo.pdf") == tmp_path / "demo.pdf"
    mine = pdfgen.open_clinic(demo).handout(level=2, patient="Jane Example",
                                            date="2026-11-24")
    assert mine.save() == demo / "out" / own.name
    assert own.read_bytes() == mine.pdf  # (the fixture is a copy of the demo: same bytes)


def test_the_demo_saves_into_the_folder_pdfgen_came_in(
        demo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A clone of pdfgen is the demo's own folder (the README's one-liner run in it, with
    pdfgen installed from it): its out/ is the demo's."""
    (demo / "pdfgen").mkdir()
    (demo / "pdfgen" / "__init__.py").write_text("", encoding="utf-8")
    (demo / "pyproject.toml").write_text("[project]\nname = 'pdfgen'\n", encoding="utf-8")
    monkeypatch.chdir(demo)
    handout = pdfgen.open_clinic().handout(level=2, patient="Jane Example", date="2026-11-24")
    assert handout.save() == demo.resolve() / "out" / "back-pain-level-2-jane-example.pdf"
    assert files_in(demo / "out") == ["back-pain-level-2-jane-example.pdf"]


def test_the_api_lists_what_pdfgen_list_shows() -> None:
    clinic = pdfgen.open_clinic(REPO)
    shown = run("list", "--project", str(REPO), cwd=REPO)
    assert shown.exit_code == 0, shown.output
    others = shown.stdout.split("Other exercises, for a plan (docs/plans.md):\n", 1)[1]
    assert [line.strip() for line in others.splitlines()] == [
        item.line() for item in clinic.other_exercises()]
    assert [(s.topic, s.level) for s in clinic.routines()] == [("back-pain", 1),
                                                              ("back-pain", 2)]


def test_a_patient_list_is_found_in_the_clinic_folder_as_a_plan_is(
        demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Named from the clinic folder by one who works elsewhere: as `plan=` is."""
    (demo / "patients.csv").write_text("name,level\nAna Ruiz,2\n", encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    summary = pdfgen.open_clinic(demo).batch("patients.csv", jobs=1)
    assert [outcome.status for outcome in summary.outcomes] == ["built"]
    assert summary.folder.parent == demo / "out"
    assert files_in(elsewhere) == []

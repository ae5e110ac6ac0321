"""`pdfgen check`: every mistake of a broken clinic in one run, warnings, and exit codes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, REPO, run

BROKEN = {
    # (severity, file, field, start of the message)
    ("error", "content/clinic.toml:5", "contact_email", "expected an e-mail address"),
    ("error", "content/clinic.toml:6", "website", "expected a web address starting with https://"),
    ("error", "content/clinic.toml:7", "logo", "file not found: content/images/missing-logo.svg"),
    ("error", "content/clinic.toml:11", "brand.primary", "#FFEE00 is too light to read"),
    ("error", "content/clinic.toml:12", "brand.accent", "expected a colour like '#1D5C4D'"),
    ("error", "content/exercises/malformed.yaml:3", "", "not valid YAML"),
    ("error", "content/exercises/text.yaml:1", "name", "the character '\U0001F3CB'"),
    ("error", "content/exercises/text.yaml:2", "summary", "unknown template variable 'fax'"),
    ("error", "content/exercises/types.yaml:6", "dose.sets", "expected a whole number"),
    ("error", "content/exercises/types.yaml:7", "dose.reps", "expected a number greater than 0"),
    # (and not "summary: required field is missing" too: one mistake, told once)
    ("error", "content/exercises/typo.yaml:2", "sumary", "unknown field (did you mean 'summary'?)"),
    ("error", "content/routines/back-pain/level-02.yaml:2", "level", "expected 2 (from the file"),
    ("error", "content/routines/back-pain/level-1.yaml:6", "exercises[3]",
     "unknown exercise 'missing-exercise'"),
    ("error", "content/routines/back-pain/level-1.yaml:7", "exercises[4]",
     "'good' is listed twice"),
    ("error", "content/routines/back-pain/level-2.yaml", "", "a second file for level 2"),
    ("error", "content/routines/back-pain/level-2.yaml:2", "level", "expected 2 (from the file"),
    ("error", "templates/footer.j2:1", "block left", "unknown template variable 'fax'"),
    ("warning", "content/exercises/extension.yml", "", "not read: exercise files end in .yaml"),
    ("warning", "content/exercises/text.yaml:4", "steps[1]", "32 words: split it"),
    ("warning", "content/exercises/text.yaml:5", "steps[2]", "'NOT' is in capitals"),
    ("warning", "content/exercises/unused.yaml", "", "not used by any routine or plan"),
    ("warning", "content/exercises/unused.yaml", "pictures", "no picture"),
    ("warning", "content/exercises/good.yaml", "pictures", "no picture"),
    ("warning", "content/exercises/text.yaml", "pictures", "no picture"),
    ("warning", "content/routines/back-pain/level-1.yaml:3", "exercises", "6 exercises"),
}


def parse(line: str) -> tuple[str, str, str, str]:
    severity, rest = line.split(": ", 1)
    parts = rest.split(": ")
    if len(parts) >= 3 and not parts[1].startswith(("not ", "a second")):
        return severity, parts[0], parts[1], ": ".join(parts[2:])
    return severity, parts[0], "", ": ".join(parts[1:])


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    root = tmp_path / "broken-clinic"
    shutil.copytree(FIXTURES / "broken-clinic", root)
    return root


def test_every_mistake_is_reported_in_one_run(broken: Path) -> None:
    result = run("check", cwd=broken)
    assert result.exit_code == 2
    lines = result.stdout.splitlines()
    assert lines[-1] == "17 errors, 8 warnings in 10 files checked."
    # (Notes that a routine was never reviewed are not mistakes: test_words has them.)
    found = {parse(line) for line in lines[:-1] if "no review yet" not in line}
    for severity, where, field, start in BROKEN:
        matches = [f for f in found if f[:3] == (severity, where, field) and f[3].startswith(start)]
        assert matches, f"not reported: {severity} {where} {field} {start}"
    assert len(found) == len(BROKEN)


def test_the_demo_content_passes_strict_and_reports_its_reading_grade(demo: Path) -> None:
    result = run("check", "--strict", cwd=demo)
    assert result.exit_code == 0, result.stdout
    lines = result.stdout.splitlines()
    # Every file of the clinic folder's words counted, its translations too (it said 24,
    # the English alone, of 47: a new clinic wondered what was left unchecked).
    words = [p for p in (demo / "content").rglob("*") if p.suffix in (".yaml", ".toml")]
    assert len(words) == 47
    assert lines[-1] == "All good: 47 files checked, no problems."
    grades = [line for line in lines if "reading grade" in line]
    assert [g.split(":")[1].strip() for g in grades] == [
        "content/routines/back-pain/level-1.yaml", "content/routines/back-pain/level-2.yaml"]
    for line in grades:
        assert float(line.split("reading grade ")[1].split()[0]) <= 8


def test_warnings_fail_only_with_strict(demo: Path) -> None:
    squat = demo / "content/exercises/squat.yaml"
    squat.write_text(squat.read_text().replace("rather than your toes", "NOT your toes"))
    assert run("check", cwd=demo).exit_code == 0
    result = run("check", "--strict", cwd=demo)
    assert result.exit_code == 1
    assert "warning: content/exercises/squat.yaml:16: steps[4]: 'NOT' is in capitals" in (
        result.stdout)
    # The Spanish squat.es.yaml now translates an older squat.yaml: the second warning.
    assert "warning: content/exercises/squat.es.yaml:3: translates: squat.yaml changed" in (
        result.stdout)
    assert result.stdout.splitlines()[-1] == "0 errors, 2 warnings in 47 files checked."


def test_an_exercise_only_a_plan_uses_is_not_called_unused(demo: Path) -> None:
    """A clinic's own exercise for one patient's plan is in use: no warning, and --strict
    passes; once no plan names it either, it is warned about."""
    bridge = demo / "content/exercises/glute-bridge.yaml"
    (demo / "content/exercises/bridge-hold.yaml").write_text(
        bridge.read_text(encoding="utf-8").replace("name: Glute Bridge", "name: Bridge Hold"),
        encoding="utf-8")
    plan = demo / "content/plans/pat.yaml"
    plan.write_text("patient: Pat Lee\nroutine: back-pain\nlevel: 1\n"
                    "title: Your two exercises\nintro: Two exercises for you.\n"
                    "exercises: [bridge-hold, squat]\n", encoding="utf-8")
    result = run("check", "--strict", cwd=demo)
    assert result.exit_code == 0, result.stdout
    assert "not used by any" not in result.stdout
    plan.unlink()
    result = run("check", "--strict", cwd=demo)
    assert result.exit_code == 1
    assert ("warning: content/exercises/bridge-hold.yaml: not used by any routine or plan"
            in result.stdout.splitlines())


@pytest.mark.parametrize(("path", "old", "new"), [
    ("content/routines/back-pain/level-1.yaml", "title: ", "titel: "),
    ("content/plans/pat.yaml", "patient: ", "patient_name: ")])
def test_a_file_with_a_mistake_still_uses_its_exercises(demo: Path, path: str, old: str,
                                                        new: str) -> None:
    """Its mistake is what is said: the exercises it names are not called unused (they once
    were, sending a clinician off to the wrong files). (The plan's bridge-hold is its own.)"""
    bridge = demo / "content/exercises/glute-bridge.yaml"
    (demo / "content/exercises/bridge-hold.yaml").write_text(
        bridge.read_text(encoding="utf-8").replace("name: Glute Bridge", "name: Bridge Hold"),
        encoding="utf-8")
    (demo / "content/plans/pat.yaml").write_text(
        "patient: Pat Lee\nroutine: back-pain\nlevel: 1\ntitle: Your two exercises\n"
        "intro: Two exercises for you.\nexercises: [bridge-hold, squat]\n", encoding="utf-8")
    file = demo / path
    file.write_text(file.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    result = run("check", cwd=demo)
    assert result.exit_code == 2, result.stdout
    errors = [line for line in result.stdout.splitlines() if line.startswith("error: ")]
    assert errors and all(line.startswith(f"error: {path}") for line in errors), errors
    assert "not used by any" not in result.stdout, result.stdout


@pytest.mark.parametrize("broken", ["", "patient: Pat Lee\nexercises: [bridge-hold\n"])
def test_a_plan_that_cannot_be_read_calls_no_exercise_unused(demo: Path, broken: str) -> None:
    """An empty plan, or one that is not YAML: what it uses cannot be known, so its own
    exercise is not called unused (the clinic was sent to the exercise, not the plan)."""
    bridge = demo / "content/exercises/glute-bridge.yaml"
    (demo / "content/exercises/bridge-hold.yaml").write_text(
        bridge.read_text(encoding="utf-8").replace("name: Glute Bridge", "name: Bridge Hold"),
        encoding="utf-8")
    (demo / "content/plans/pat.yaml").write_text(broken, encoding="utf-8")
    result = run("check", cwd=demo)
    assert result.exit_code == 2, result.stdout
    errors = [line for line in result.stdout.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1 and errors[0].startswith("error: content/plans/pat.yaml"), errors
    assert "not used by any" not in result.stdout, result.stdout


@pytest.mark.parametrize(("path", "date", "slug"), [
    ("content/routines/back-pain/level-1.yaml", "reviewed: 2026-11-20", "glute-bridge"),
    ("content/plans/example.yaml", "date: 2026-11-24", "kettlebell-swing")])
def test_a_misspelt_exercise_is_reported_with_the_file_s_other_mistake(
        demo: Path, path: str, date: str, slug: str) -> None:
    """All of a file's problems in one run: an exercise with no file was said only once
    another mistake in the file (an impossible date) had been fixed."""
    file = demo / path
    lines = file.read_text(encoding="utf-8").splitlines()
    date_line = lines.index(date) + 1
    slug_line = next(n for n, line in enumerate(lines, 1) if line.endswith(f" {slug}"))
    field, wrong = date.split(": ")[0], date[-10:-2] + "31"  # November 31st
    lines[date_line - 1] = f"{field}: {wrong}"
    lines[slug_line - 1] += "s"
    file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("check", cwd=demo)
    assert result.exit_code == 2, result.stdout
    errors = [line for line in result.stdout.splitlines() if line.startswith("error: ")]
    assert sorted(errors) == sorted([
        f"error: {path}:{date_line}: {field}: {wrong}: there is no such day",
        f"error: {path}:{slug_line}: exercises[3]: unknown exercise '{slug}s' (did you mean "
        f"'{slug}'?)"]), result.stdout


def test_a_translation_waiting_on_its_english_is_named(demo: Path) -> None:
    """The Spanish of a file with a mistake (or of a routine naming one) is not read: the
    report says so and what to fix, rather than dropping it from the count without a word."""
    squat = demo / "content/exercises/squat.yaml"
    squat.write_text(squat.read_text(encoding="utf-8").replace("name: ", "nme: ", 1),
                     encoding="utf-8")
    result = run("check", cwd=demo)
    assert result.exit_code == 2, result.stdout
    lines = result.stdout.splitlines()
    assert ("info: content/exercises/squat.es.yaml: not checked yet: fix the errors above in "
            "squat.yaml, then check again") in lines, result.stdout
    assert ("info: content/routines/back-pain/level-2.es.yaml: not checked yet: fix the errors "
            "above in level-2.yaml or an exercise it names, then check again") in lines
    # Level 1 does not use the squat: its Spanish is read as ever.
    assert not any("level-1.es.yaml: not checked" in line for line in lines)
    assert any(line.startswith("info: content/routines/back-pain/level-1.es.yaml: reading ease")
               for line in lines), result.stdout
    assert lines[-1] == "1 error, 0 warnings in 45 files checked."  # (nme: told once)


def test_a_hard_routine_is_warned_about(demo: Path) -> None:
    routine = demo / "content/routines/back-pain/level-2.yaml"
    hard = ("Notwithstanding considerable physiological variability, practitioners "
            "recommend incorporating progressive resistance methodologies systematically.")
    # Enough hard sentences to outweigh the plain words of the three exercises.
    routine.write_text(routine.read_text().replace("intro:\n", "intro:\n" + f"  - {hard}\n" * 30))
    # Its Spanish no longer has the English's shape (an error of its own): not this test's.
    (routine.parent / "level-2.es.yaml").unlink()
    result = run("check", "--strict", cwd=demo)
    assert result.exit_code == 1
    assert "warning: content/routines/back-pain/level-2.yaml: reading grade" in result.stdout


def test_check_works_on_the_bundled_demo(tmp_path: Path) -> None:
    result = run("check", "--strict", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1].startswith("All good: ")


def test_a_template_under_the_wrong_name_and_a_field_written_twice(demo: Path) -> None:
    (demo / "templates").mkdir()
    (demo / "templates/Footer.j2").write_text("{% block left %}x{% endblock %}")
    squat = demo / "content/exercises/squat.yaml"
    squat.write_text(squat.read_text() + "name: Deep squat\n")
    result = run("check", cwd=demo)
    assert result.exit_code == 2
    assert "warning: templates/Footer.j2: not read: templates are named card.j2," in result.stdout
    assert ("error: content/exercises/squat.yaml:" in result.stdout
            and "not valid YAML ('name' is written twice (lines 3 and" in result.stdout)


def test_a_block_pdfgen_never_draws_is_a_warning_with_its_line(demo: Path) -> None:
    (demo / "templates").mkdir()
    (demo / "templates/footer.j2").write_text(
        "{% block left %}x{% endblock %}\n{% block right %}{{ page }}{% endblock %}\n"
        "{% block centre %}Thank you{% endblock %}\n", encoding="utf-8")
    result = run("check", cwd=demo)
    assert result.exit_code == 0, result.output
    assert ("warning: templates/footer.j2:3: block centre: never drawn: pdfgen's blocks of "
            "footer.j2 are left, right") in result.stdout.splitlines(), result.stdout
    assert "1 warning" in result.stdout


def test_a_label_misspelt_where_pdfgen_has_its_own_wording_is_a_warning(demo: Path) -> None:
    """(pain_heading misspelt: the handout printed pdfgen's own heading, the clinic's edit
    lost, and check said all was good.)"""
    from pdfgen.text.engine import BUILTIN_TEMPLATES

    (demo / "templates").mkdir()
    own = (BUILTIN_TEMPLATES / "safety.j2").read_text(encoding="utf-8")
    line = own[:own.index("{% block pain_heading %}")].count("\n") + 1
    (demo / "templates/safety.j2").write_text(
        own.replace("{% block pain_heading %}", "{% block pain_heding %}"), encoding="utf-8")
    result = run("check", cwd=demo)
    assert result.exit_code == 0, result.output
    assert (f"warning: templates/safety.j2:{line}: block pain_heding: never drawn: is it a "
            "misspelling of 'pain_heading'?") in result.stdout.splitlines(), result.stdout


@pytest.mark.parametrize(("template", "text", "finding"), [
    ("footer.j2", "{% block left %}{% if page == 2 %}{{ nope }}{% endif %}{% endblock %}"
     "{% block right %}{{ page }}{% endblock %}",
     "error: templates/footer.j2:1: block left: unknown template variable 'nope' (misspelt, or "
     "not set in clinic.toml) (tried, before layout, as the footer of page 2 of a 2-page "
     "handout)"),
    ("title.j2", "{% block subtitle %}{% if not patient %}{{ nope }}{% endif %}{% endblock %}"
     "{% block prepared_for %}{% endblock %}{% block follow_up %}{% endblock %}"
     "{% block note_heading %}{% endblock %}{% block overview %}{% endblock %}",
     "error: templates/title.j2:1: block subtitle: unknown template variable 'nope' (misspelt, "
     "or not set in clinic.toml)"),
    # A block misspelt is named, with its line, as the one pdfgen missed.
    ("footer.j2", "{#- mine -#}\n{% block left %}x{% endblock %}\n"
     "{% block rigth %}{{ page }}{% endblock %}",
     "error: templates/footer.j2:3: block right: not in the template: is 'rigth' a "
     "misspelling of it?"),
    ("footer.j2", "{% block left %}x{% endblock %}",
     "error: templates/footer.j2: block right: not in the template (pdfgen's blocks of "
     "footer.j2: left, right)"),
])
def test_check_renders_templates_for_every_kind_of_page_and_handout(
        demo: Path, template: str, text: str, finding: str) -> None:
    (demo / "templates").mkdir()
    (demo / "templates" / template).write_text(text, encoding="utf-8")
    result = run("check", cwd=demo)
    assert result.exit_code == 2, result.output
    assert finding in result.stdout.splitlines(), result.stdout
    handout = run("handout", "--level", "2", cwd=demo)
    assert handout.exit_code == 2, handout.output
    assert handout.stderr == finding + "\n"
    assert not (demo / "out").exists()


def test_a_small_photo_s_resolution_is_said_as_it_prints_at_its_largest(demo: Path) -> None:
    """(A 300 x 220 photo: check said 82 dpi, figured at half the card's width; alone on its
    card it printed across it, at 63.)"""
    import re

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw
    import yaml
    from PIL import Image

    Image.new("RGB", (300, 220), (200, 180, 160)).save(demo / "content/images/small.jpg")
    lunge = demo / "content/exercises/lunge.yaml"
    data = yaml.safe_load(lunge.read_text())
    data["pictures"] = [{"file": "images/small.jpg", "caption": "Start."}]
    data.pop("movement", None)
    lunge.write_text(yaml.safe_dump(data, sort_keys=False))
    checked = run("check", cwd=demo)
    said = re.search(r"images/small\.jpg prints at (\d+) dpi", checked.stdout)
    assert said is not None, checked.stdout
    made = run("handout", "--level", "2", cwd=demo)
    assert made.exit_code == 0, made.output
    document = pdfium.PdfDocument(demo / "out/back-pain-level-2.pdf")
    widths = [obj.get_bounds()[2] - obj.get_bounds()[0] for page in document
              for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE])]
    assert len(widths) == 1, widths
    printed = 300 / (widths[0] / 72)
    assert int(said.group(1)) <= printed + 1, (said.group(1), printed)


def test_a_clinic_of_one_file_is_one_file_checked(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    shutil.copyfile(REPO / "content" / "clinic.toml",
                    tmp_path / "content" / "clinic.toml")
    with (tmp_path / "content" / "clinic.toml").open("a", encoding="utf-8") as toml:
        toml.write("name = \n")
    result = run("check", cwd=tmp_path)
    assert result.exit_code == 2, result.output
    assert result.stdout.splitlines()[-1] == "1 error, 0 warnings in 1 file checked."

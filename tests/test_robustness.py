"""Text that never breaks the build: anything typed comes out intact or is refused by name."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pypdf
import pytest
import yaml
from conftest import REPO, pdf_text, run
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from limited import one_line_error, run_limited

from pdfgen import open_clinic
from pdfgen.errors import PdfgenError

SQUAT = Path("content/exercises/squat.yaml")
LEVEL_2 = Path("content/routines/back-pain/level-2.yaml")
SWING = Path("content/exercises/kettlebell-swing.yaml")
TARGETS = [(SQUAT, ("summary",)), (SQUAT, ("steps", 0)), (SQUAT, ("tips", 1)),
           (SQUAT, ("easier",)), (SQUAT, ("name",)), (LEVEL_2, ("intro", 0)),
           (LEVEL_2, ("title",)), (SWING, ("safety", 0))]


def squeeze(text: str) -> str:
    """Text without white space: lines may wrap anywhere, even inside a very long word."""
    return re.sub(r"\s+", "", text)


def body_text(data: bytes) -> str:
    """The handout's text without what repeats on every page (running header, footer) and
    without the "(continued)" headings, so that text split across pages reads as one."""
    lines: list[str] = []
    for number, page in enumerate(pypdf.PdfReader(io.BytesIO(data)).pages, 1):
        # The page's furniture is drawn last, so it comes last: running header, footer.
        rows = page.extract_text().splitlines()[: -3 if number > 1 else -2]
        for i, row in enumerate(rows):
            continued = row.endswith("(continued)") or (
                i + 1 < len(rows) and rows[i + 1].endswith("(continued)") and row.isdigit())
            if not continued:
                lines.append(row)
    return "\n".join(lines)


def set_field(root: Path, relative: Path, loc: tuple, value: object) -> None:
    path = root / relative
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    target = data
    for part in loc[:-1]:
        target = target[part]
    target[loc[-1]] = value
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


tricky = st.sampled_from([
    "<b>not bold</b> & <i>", "J&C;", "0.1 <A", "back\\slash",
    'quotes " \' \u201c \u201d \u2018 \u2019',
    "{{ clinic.name }}", "{% if true %}yes{% endif %}", "{{ oops", "{# note #}",
    "Zoë Łódź-Müller", "e\u0301te\u0301", "Ελένη Жанна", "שלום", "مرحبا", "a\u200bb",
    "soft\u00adhyphen", "x" * 300, "word " * 1000, "\U0001F600", "☐ ✓ → ©",
])
text = st.one_of(tricky, st.text(st.characters(blacklist_categories=("Cs",)), max_size=80),
                 st.lists(tricky, min_size=2, max_size=4).map(" ".join))


@pytest.fixture(scope="module")
def clinic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("robust") / "clinic"
    shutil.copytree(REPO / "content", root / "content")
    return root


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(target=st.sampled_from(TARGETS), value=text)
@example(target=(SQUAT, ("steps", 0)), value="word " * 1000)
@example(target=(SWING, ("safety", 0)), value="word " * 1000)  # (longer than a page)
@example(target=(SQUAT, ("summary",)), value="{{ 7 * 6 }}")
def test_typed_text_comes_out_or_is_refused_by_name(clinic: Path, target: tuple,
                                                    value: str) -> None:
    relative, loc = target
    original = (clinic / relative).read_text(encoding="utf-8")
    try:
        set_field(clinic, relative, loc, value)
        try:
            handout = open_clinic(clinic).handout(level=2)
        except PdfgenError as error:
            # Refused: one line that names the file and the field.
            assert str(relative) in error.message, error.message
            assert loc[0] in error.message, error.message
            assert "\n" not in error.message
            return
        printed = squeeze(body_text(handout.pdf))
        if not any(marker in value for marker in ("{{", "{%", "{#")):
            assert squeeze(value) in printed
    finally:
        (clinic / relative).write_text(original, encoding="utf-8")


def test_a_long_card_continues_on_the_next_page(demo: Path) -> None:
    steps = [f"Step {n}: move slowly and breathe out." for n in range(1, 41)]
    steps[4] = "word " * 1000
    set_field(demo, SQUAT, ("steps",), steps)
    set_field(demo, SQUAT, ("tips",), ["x" * 300])
    result = run("handout", "--level", "2", cwd=demo)
    assert result.exception is None, result.output
    out = demo / "out/back-pain-level-2.pdf"
    pages = [p.extract_text() for p in pypdf.PdfReader(out).pages]
    continued = [i for i, p in enumerate(pages) if "Squat (continued)" in p]
    assert len(continued) >= 2
    assert squeeze("word " * 1000) in squeeze(body_text(out.read_bytes()))
    assert "Step 40: move slowly and breathe out." in pdf_text(out)


def test_a_routine_of_twelve_exercises_and_a_bare_exercise(demo: Path) -> None:
    (demo / "content/exercises/bare.yaml").write_text(
        "name: Bare\nsummary: Only what is required.\nsteps:\n  - Breathe.\n")
    slugs = ["bare", "squat", "lunge", "kettlebell-swing", "plank-bird-dog", "back-extension",
             "glute-bridge"]
    for n in range(5):
        shutil.copy(demo / "content/exercises/lunge.yaml", demo / f"content/exercises/copy{n}.yaml")
        slugs.append(f"copy{n}")
    set_field(demo, LEVEL_2, ("exercises",), slugs)
    result = run("handout", "--level", "2", cwd=demo)
    assert result.exception is None, result.output
    text = pdf_text(demo / "out/back-pain-level-2.pdf")
    assert "12 Lunge" in text
    assert "1 Bare Only what is required. How to do it 1 Breathe." in text


HOSTILE_TEXT = [
    ("{{ clinic.update({'phone': '000 000 0000'}) }}", "unknown template variable 'update'"),
    ("{{ 'x' * 10**9 }}", "too much text"),
    ("{{ 10 ** (10 ** 8) }}", "number too large"),
    ("{% for a in 'x' * 99999 %}{% for b in 'x' * 99999 %}{% endfor %}{% endfor %}",
     "too much work"),
    ("{{ lipsum }}", "unknown template variable 'lipsum'"),
]


@pytest.mark.parametrize(("value", "reason"), HOSTILE_TEXT)
def test_hostile_content_is_one_line_in_bounded_time_and_memory(demo: Path, value: str,
                                                                reason: str) -> None:
    set_field(demo, SQUAT, ("summary",), value)
    line = one_line_error(run_limited("handout", "--level", "2", cwd=demo))
    assert line.startswith(f"error: {SQUAT}:"), line
    assert f": summary: {reason}" in line, line
    assert not (demo / "out").exists() or not any((demo / "out").iterdir())
    checked = run_limited("check", cwd=demo)
    assert checked.returncode == 2, checked.stderr
    assert f": summary: {reason}" in checked.stdout, checked.stdout


def test_content_cannot_change_the_clinic_on_other_pages(demo: Path) -> None:
    # Before: the phone in the footer of every page was the one a content string wrote.
    set_field(demo, SQUAT, ("summary",), "Squat. {% set _ = clinic.update({'phone': '0'}) %}")
    one_line_error(run_limited("handout", "--level", "2", cwd=demo))
    set_field(demo, SQUAT, ("summary",), "Squat.")
    proc = run_limited("handout", "--level", "2", cwd=demo)
    assert proc.returncode == 0, proc.stderr
    assert "(813) 555-0142" in pdf_text(demo / "out" / "back-pain-level-2.pdf")


@pytest.mark.parametrize(("template", "reason"), [
    ("{% block left %}{{ 'x' * 10**9 }}{% endblock %}{% block right %}{% endblock %}",
     "too much text"),
    ("{% block left %}{% for a in 'x' * 99999 %}{% for b in 'x' * 99999 %}{% endfor %}"
     "{% endfor %}{% endblock %}{% block right %}{% endblock %}", "too much work"),
    ("{% block left %}{% include 'footer.j2' %}{% include 'footer.j2' %}{% endblock %}"
     "{% block right %}{% endblock %}", "too much work"),
    # (said "template error (/etc/passwd)")
    ("{% block left %}{% include '/etc/passwd' %}{% endblock %}{% block right %}{% endblock %}",
     "no template '/etc/passwd' to include"),
])
def test_a_hostile_template_is_one_line_in_bounded_time_and_memory(demo: Path, template: str,
                                                                   reason: str) -> None:
    (demo / "templates").mkdir()
    (demo / "templates" / "footer.j2").write_text(template, encoding="utf-8")
    line = one_line_error(run_limited("handout", "--level", "2", cwd=demo))
    assert line.startswith("error: templates/footer.j2:1: block left: " + reason), line
    assert not (demo / "out").exists() or not any((demo / "out").iterdir())

"""Patients' names in other scripts: printed in a font that draws them, shaped, right to left
where the script is, and given back by the PDF's text."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pypdf
import pypdfium2
import pytest
from conftest import REPO, files_in, normalize, page_texts, pdf_fonts, run, succeeds
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from limited import one_line_error, run_limited
from reportlab.pdfbase import pdfmetrics

from pdfgen.text.names import Candidate, shape_run

# A fontconfig that knows no font: the machine as one without the font packages.
NO_FONTS = '<?xml version="1.0"?>\n<fontconfig></fontconfig>\n'


def system_font(sample: str) -> Path | None:
    """A TrueType font fontconfig finds for the letters, as pdfgen looks for one."""
    chars = " ".join(f"{ord(c):x}" for c in sample if not c.isspace())
    try:
        out = subprocess.run(["fc-list", f":charset={chars}:fontformat=TrueType", "file"],
                             capture_output=True, text=True, timeout=20, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    found = sorted(Path(line.split(":")[0]) for line in out.splitlines()
                   if line.split(":")[0].endswith(".ttf"))
    return found[0] if found else None


def needs_font(sample: str, package: str):
    return pytest.mark.skipif(system_font(sample) is None,
                              reason=f"no TrueType font here draws {sample} (Debian: {package}; "
                                     ".ci/run installs it)")


def handout(demo: Path, name: str, *args: str) -> Path:
    succeeds(run("handout", "--level", "2", "--patient", name, *args, cwd=demo))
    (pdf,) = (demo / "out").glob("*.pdf")
    return pdf


def prepared_for(pdf: Path) -> str:
    """The name as page 1's "Prepared for … on …" gives it back."""
    found = re.search(r"Prepared for (.+?) on ", page_texts(pdf)[0])
    assert found, page_texts(pdf)[0][:300]
    return found.group(1)


def running_line(pdf: Path, page: int = 1) -> str:
    """The line atop a page after the first."""
    text = pypdf.PdfReader(pdf).pages[page].extract_text()
    line = next(line for line in text.splitlines() if "Level 2 ·" in line)
    return line.rsplit(" · ", 1)[1].strip()


@needs_font("张伟", "fonts-droid-fallback")
def test_a_chinese_name_reads_back_from_page_1_and_the_running_line(demo: Path) -> None:
    pdf = handout(demo, "张伟")
    assert prepared_for(pdf) == "张伟"
    assert running_line(pdf) == "张伟"
    assert pdf.name == "back-pain-level-2-zhangwei.pdf"  # file names stay ASCII


def test_an_arabic_name_reads_back_in_its_own_order(demo: Path) -> None:
    # Drawn right to left and joined; the text gives the name as typed, first word first.
    pdf = handout(demo, "محمد علي")
    assert prepared_for(pdf) == "محمد علي"
    assert running_line(pdf) == "محمد علي"
    assert running_line(pdf, 2) == "محمد علي"
    assert pdf.name == "back-pain-level-2-mhmd-ly.pdf"


def test_arabic_is_drawn_right_to_left_in_joined_forms(demo: Path) -> None:
    # Right to left: the first letter (meem) stands right of the last (dal) on the page.
    pdf = handout(demo, "محمد")
    page = pypdfium2.PdfDocument(pdf)[0].get_textpage()
    text = page.get_text_range()
    start = text.index("محمد")
    lefts = [page.get_charbox(start + k)[0] for k in range(4)]
    assert lefts == sorted(lefts, reverse=True), lefts
    # Joined: the glyphs drawn are the font's connected forms, not its letters alone.
    font_name, shaped = shape_run("محمد", [], [Candidate(REPO / "fonts/DejaVuSans.ttf")])
    face = pdfmetrics.getFont(font_name).face
    drawn = [face.charToGlyph[ord(c)] for c in shaped]
    alone = [face.charToGlyph[ord(c)] for c in reversed("محمد")]
    assert len(drawn) == 4 and drawn != alone
    assert all(a != b for a, b in zip(drawn[1:], alone[1:], strict=True))


@pytest.mark.parametrize(("name", "package"), [
    ("דוד כהן", None),  # bundled DejaVu Sans draws Hebrew where no other font does
    ("अर्जुन क्षत्रिय", "fonts-noto-core"),
    ("さくら 田中", "fonts-droid-fallback"),
    ("김민준", "fonts-nanum"),
    ("Nguyễn Thị Minh Khai", None),
    ("Αλέξανδρος Παπαδόπουλος", None),
    ("Дмитрий Иванов", None),
])
def test_names_in_other_scripts_print(demo: Path, name: str, package: str | None) -> None:
    if package and system_font(name) is None:
        pytest.skip(f"no TrueType font here draws {name} (Debian: {package}; .ci/run "
                    "installs it)")
    pdf = handout(demo, name)
    assert prepared_for(pdf) == name
    assert running_line(pdf) == name


@needs_font("张伟", "fonts-droid-fallback")
def test_only_the_font_that_draws_the_name_is_added_and_embedded(demo: Path) -> None:
    plain = pdf_fonts(handout(demo, "Zhang Wei"))
    shutil.rmtree(demo / "out")
    fonts = pdf_fonts(handout(demo, "张伟"))
    added = {name: embedded for name, embedded in fonts.items() if name not in plain}
    assert len(added) == 1, added
    assert all(added.values()), added


def test_a_log_names_the_patient_too(demo: Path) -> None:
    pdf = handout(demo, "محمد علي", "--log", "2")
    assert normalize(" ".join(page_texts(pdf))).count("محمد علي") >= 3


def test_a_font_named_in_clinic_toml_is_used_first(demo: Path, tmp_path: Path) -> None:
    font = system_font("अर्जुन")
    if font is None:
        pytest.skip("no TrueType font here draws Devanagari (Debian: fonts-noto-core)")
    (demo / "fonts").mkdir()
    shutil.copy(font, demo / "fonts" / font.name)
    clinic = demo / "content/clinic.toml"
    clinic.write_text(clinic.read_text() + f'\n[fonts]\nnames = ["{font.name}"]\n')
    config = tmp_path / "fonts.conf"
    config.write_text(NO_FONTS)
    proc = run_limited("handout", "--level", "2", "--patient", "अर्जुन", cwd=demo,
                       env={"FONTCONFIG_FILE": str(config)}, timeout=120)
    assert proc.returncode == 0, proc.stderr
    pdf = demo / "out/back-pain-level-2-arjun.pdf"
    assert prepared_for(pdf) == "अर्जुन"
    stem = font.stem.replace("-", "")
    assert any(stem in name.replace("-", "") and embedded
               for name, embedded in pdf_fonts(pdf).items()), pdf_fonts(pdf)


def test_a_name_prints_whatever_names_came_before_it_in_the_process(demo: Path,
                                                                    tmp_path: Path) -> None:
    """The names font here is the clinic's copy of DejaVu Sans, the face of the bundled font
    that prints Greek: ReportLab took it for that one, registered first by a Greek name's
    handout, and the Arabic name after it in the same process (a batch, `pdfgen serve`)
    printed as empty boxes. Both scripts in one name then failed to save (two fonts, one PDF
    name)."""
    import datetime as dt

    import pdfgen

    (demo / "fonts").mkdir()
    shutil.copy(REPO / "fonts" / "DejaVuSans.ttf", demo / "fonts" / "Names.ttf")
    clinic = demo / "content/clinic.toml"
    clinic.write_text(clinic.read_text() + '\n[fonts]\nnames = ["Names.ttf"]\n')
    opened = pdfgen.open_clinic(demo)
    for name in ("Γιώργος Παπαδόπουλος", "محمد علي", "Γιώργος محمد"):
        pdf = tmp_path / f"{len(name)}.pdf"
        opened.handout(level=2, patient=name, date=dt.date(2026, 11, 24)).save(pdf)
        assert prepared_for(pdf) == name, (name, prepared_for(pdf))
        assert running_line(pdf) == name


def test_a_font_for_names_that_is_not_truetype_is_named(demo: Path) -> None:
    (demo / "fonts").mkdir()
    (demo / "fonts/Broken.ttf").write_bytes(b"OTTO" + bytes(200))
    clinic = demo / "content/clinic.toml"
    clinic.write_text(clinic.read_text() + '\n[fonts]\nnames = ["Broken.ttf"]\n')
    line = one_line_error(run_limited("handout", "--level", "2", cwd=demo, timeout=60))
    assert "clinic.toml" in line and "fonts.names" in line and "Broken.ttf" in line


def test_a_name_no_font_draws_is_one_line_naming_a_package(demo: Path, tmp_path: Path) -> None:
    config = tmp_path / "fonts.conf"
    config.write_text(NO_FONTS)
    proc = run_limited("handout", "--level", "2", "--patient", "张伟", cwd=demo,
                       env={"FONTCONFIG_FILE": str(config)}, timeout=120)
    line = one_line_error(proc)
    assert "--patient" in line and "(Chinese)" in line, line
    assert "fonts-droid-fallback" in line and "clinic.toml [fonts] names" in line, line
    assert files_in(demo / "out") == []


def test_an_emoji_is_refused_in_one_line(demo: Path) -> None:
    proc = run_limited("handout", "--level", "2", "--patient", "Zoë 😀", cwd=demo,
                       timeout=120)
    line = one_line_error(proc)
    assert "--patient" in line and "emoji" in line
    assert files_in(demo / "out") == []


@needs_font("张伟", "fonts-droid-fallback")
def test_an_email_draft_carries_the_name(demo: Path) -> None:
    import email
    import email.policy

    templates = demo / "templates"
    templates.mkdir()
    source = (Path(__file__).parents[1] / "pdfgen/templates/email.j2").read_text()
    templates.joinpath("email.j2").write_text(source.replace(
        "{{ _(\"Hello,\") }}\n", "{{ _(\"Hello,\") }} {{ patient }}\n", 1))
    result = run("email", "--level", "2", "--patient", "张伟", "--to", "zw@example.com",
                 "--draft", cwd=demo, env={"PDFGEN_SMTP_PASSWORD": "x"})
    succeeds(result)
    (draft,) = (demo / "out").glob("*.eml")
    message = email.message_from_bytes(draft.read_bytes(), policy=email.policy.default)
    body = message.get_body(("plain",)).get_content()
    assert "张伟" in body
    (attachment,) = list(message.iter_attachments())
    assert attachment.get_filename().isascii()


names = st.one_of(
    st.sampled_from(["张伟", "محمد علي", "عبد-الله Smith", "O'Brien-محمد", "दीपिका",
                     "\u200d", "a\u200cb", "\U0002070e", "Zoë\u0301", "ש 1 ש", "ｱｲ",
                     "\u0627\u064e\u0644", "🏳️‍🌈", "x\u00ad", "\ue000"]),
    st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=24),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[
    HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(name=names)
@example(name="\u0645\u0020\u200f\u0020")
def test_any_name_builds_or_is_refused_in_one_line(demo: Path, name: str) -> None:
    out = demo / "out"
    shutil.rmtree(out, ignore_errors=True)
    proc = run_limited("handout", "--level", "2", "--patient", name, cwd=demo, timeout=120)
    if proc.returncode == 0:
        assert "Traceback" not in proc.stderr
        (pdf,) = out.glob("*.pdf")
        assert pdf.name.isascii()
    else:
        one_line_error(proc)
        assert files_in(out) == []


def test_only_this_handouts_name_may_hold_other_scripts() -> None:
    """The letters a name brought are printable in that handout's texts, not in the next
    handout's content (a clinic's text in Arabic is still refused, whoever came before)."""
    from pdfgen.content.clinic_settings import Fonts
    from pdfgen.content.project import bundled_root
    from pdfgen.text.engine import UnknownCharacterError, check_drawable, to_markup, use_name
    from pdfgen.text.fonts import load_fonts

    fonts = load_fonts(Fonts(), [bundled_root() / "fonts"], Path("content/clinic.toml"))
    use_name("سارة", fonts)
    check_drawable("Prepared for سارة on May 1", fonts)
    assert "<font name=" in to_markup("Level 2 · سارة", fonts)
    use_name("Sara", fonts)
    with pytest.raises(UnknownCharacterError):
        check_drawable("Prepared for سارة on May 1", fonts)
    use_name(None, fonts)
    with pytest.raises(UnknownCharacterError):
        to_markup("نص", fonts)

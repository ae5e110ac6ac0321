"""A Spanish handout, read back: every string Spanish, no English label, fitting its pages."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pypdf
import pytest
import yaml
from babel.messages.pofile import read_po
from conftest import REPO, files_in, page_texts, pdf_text, run
from PIL import Image
from translation_helpers import CATALOG, build

ROUTINES = REPO / "content" / "routines" / "back-pain"


def squeeze(text: str) -> str:
    """Text without white space: a phrase is found however the lines wrapped it."""
    return re.sub(r"\s+", "", text)


def labels_in(text: str) -> list[str]:
    """The English labels in a PDF's text: phrases however wrapped, single words whole."""
    words = set(re.findall(r"\w+", text))
    squeezed = squeeze(text)
    return [label for label in english_labels()
            if (label in words if label.isalpha() else squeeze(label) in squeezed)]


def strings(data: object) -> list[str]:
    """Every string of a translation, but its `translates` mark and templated strings."""
    if isinstance(data, str):
        return [] if "{{" in data else [data]
    if isinstance(data, dict):
        return [s for k, v in data.items() if k != "translates" for s in strings(v)]
    if isinstance(data, list):
        return [s for v in data for s in strings(v)]
    return []


def spanish_strings(level: int) -> list[str]:
    routine = yaml.safe_load((ROUTINES / f"level-{level}.yaml").read_text())
    files = [ROUTINES / f"level-{level}.es.yaml",
             *(REPO / "content" / "exercises" / f"{slug}.es.yaml"
               for slug in routine["exercises"])]
    found = [s for f in files for s in strings(yaml.safe_load(f.read_text()))]
    clinic = tomllib.loads((REPO / "content" / "clinic.es.toml").read_text())
    return found + strings(clinic)


def english_labels() -> list[str]:
    """The fixed words of every label of the catalog, as the English templates print them."""
    with CATALOG.open("rb") as handle:
        catalog = read_po(handle)
    words = []
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strs = message.string if isinstance(message.string, tuple) else (message.string,)
        for msgid in ids:
            for part in re.split(r"%\(\w+\)s", msgid):
                part = part.strip(" .:,")
                # A part the Spanish also says word for word (e.g. "Web") is no leak.
                if len(part) >= 3 and not any(part in s for s in strs):
                    words.append(part)
    return words


def test_the_label_finder_finds_an_english_label(demo: Path) -> None:
    # The check below must be able to fail: the English handout is full of labels.
    # (Level 2's cards say why they help; Level 1 in large print has room for lines for
    # notes, under their label.)
    found: list[str] = []
    for level in ("1", "2"):
        result = run("handout", "--level", level, "--date", "2026-11-24", "--large-print",
                     cwd=demo)
        assert result.exit_code == 0, result.output
        found += labels_in(pdf_text(demo / "out" / f"back-pain-level-{level}-large-print.pdf"))
    assert {"Why it helps", "How to do it", "Keep going", "Tips", "Notes"} <= set(found)


@pytest.mark.parametrize("level", [1, 2])
def test_a_spanish_handout_has_no_english_label(demo: Path, level: int) -> None:
    text = pdf_text(build(demo, "--level", str(level), "--patient", "Ana Ruiz", "--log", "2"))
    assert labels_in(text) == []


@pytest.mark.parametrize("level", [1, 2])
def test_every_spanish_content_string_is_in_the_pdf(demo: Path, level: int) -> None:
    """Every one in the handout, but the pain rule in short: on the one-page sheet (which
    has no room for the whole rule), with every one it prints."""
    text = squeeze(pdf_text(build(demo, "--level", str(level))))
    short = yaml.safe_load((ROUTINES / f"level-{level}.es.yaml").read_text())["pain_rule_short"]
    missing = [s for s in spanish_strings(level) if squeeze(s) not in text]
    assert missing == [short]
    sheet = squeeze(pdf_text(build(demo, "--level", str(level), "--layout", "compact")))
    assert squeeze(short) in sheet


def test_date_metadata_and_language_tag_are_spanish(demo: Path) -> None:
    pdf = build(demo, "--level", "2", "--patient", "Ana Ruiz", "--log", "2")
    text = pdf_text(pdf)
    assert "Preparado para Ana Ruiz el 24 de noviembre de 2026" in text
    assert "Dolor de espalda · Nivel 2" in text
    assert "mar 24 nov" in text and "Página 1 de" in text
    assert "November" not in text and "Tue" not in text
    reader = pypdf.PdfReader(pdf)
    assert reader.trailer["/Root"]["/Lang"] == "es"
    assert reader.metadata.subject == "Hoja de ejercicios de Mangrove Bay Chiropractic"
    assert reader.metadata.title == ("3 ejercicios clave para la espalda · "
                                     "Dolor de espalda · Nivel 2")


def test_the_clinics_language_is_the_default(demo: Path) -> None:
    clinic = demo / "content" / "clinic.toml"
    clinic.write_text(clinic.read_text().replace('language = "en-US"', 'language = "es-ES"'))
    result = subprocess.run([sys.executable, "-m", "pdfgen", "handout", "--level", "1",
                             "--date", "2026-11-24"], cwd=demo, capture_output=True, text=True,
                            timeout=120)
    assert (result.returncode, result.stderr) == (0, ""), result.stderr
    assert result.stdout.startswith("out/back-pain-level-1.pdf  (")
    pdf = demo / "out" / "back-pain-level-1.pdf"
    assert "24 de noviembre de 2026" in pdf_text(pdf)
    assert pypdf.PdfReader(pdf).trailer["/Root"]["/Lang"] == "es-ES"


def test_an_english_handout_beside_a_spanish_one_keeps_its_name(demo: Path) -> None:
    assert run("handout", "--level", "2", cwd=demo).exit_code == 0
    result = run("handout", "--level", "2", "--language", "es", cwd=demo)
    assert result.exit_code == 0, result.output
    assert files_in(demo / "out") == ["back-pain-level-2-es.pdf", "back-pain-level-2.pdf"]


def test_a_clinic_catalog_adds_labels_and_overrides_pdfgens(demo: Path) -> None:
    (demo / "templates").mkdir()
    (demo / "templates" / "closing.j2").write_text(
        "{% block conclusion_heading %}{% trans %}Keep it up{% endtrans %}{% endblock %}\n"
        "{% block notes %}{% trans %}Notes{% endtrans %}{% endblock %}\n")
    folder = demo / "locale" / "es" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "pdfgen.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Keep it up"\nmsgstr "¡Ánimo!"\n\nmsgid "Notes"\nmsgstr "Apuntes"\n',
        encoding="utf-8")
    # (In large print: Level 2's closing shares the swing's page in normal print, which
    # leaves no room for the lines for notes and their heading.)
    text = pdf_text(build(demo, "--level", "2", "--large-print"))
    assert "¡Ánimo!" in text and "Apuntes" in text and "Por qué le ayuda" in text


def test_an_exercise_in_parts_names_its_parts_in_the_language(demo: Path) -> None:
    pages = page_texts(build(demo, "--level", "1"))
    assert "Plancha: 3 veces · aguante 30 segundos" in pages[0].replace("\u00a0", " ")
    card = next(page for page in pages[1:] if "Plancha y perro de caza" in page)
    assert "Plancha 3 30 segundos 3 Perro de caza 5 en cada lado 5 segundos 3" in card
    path = demo / "content" / "exercises" / "plank-bird-dog.es.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  - name: Perro de caza\n", ""),
                    encoding="utf-8")
    result = run("handout", "--level", "1", "--language", "es", cwd=demo)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: content/exercises/plank-bird-dog.es.yaml:")
    assert "dose: expected 2 items, as in the English, got 1" in result.stderr


@pytest.mark.parametrize(("level", "paper"), [(1, "letter"), (1, "a4"), (2, "letter"),
                                              (2, "a4")])
def test_spanish_cards_keep_their_pictures_and_steps_on_one_page(demo: Path, level: int,
                                                                 paper: str) -> None:
    """A card stands whole on a page, or, where a page would otherwise be left largely blank,
    goes on after its steps: its name, pictures and every step share a page, and its tips,
    easier and harder follow on that page or on the next, under its name and
    "(continuación)"."""
    pages = page_texts(build(demo, "--level", str(level), "--paper", paper))
    routine = yaml.safe_load((ROUTINES / f"level-{level}.yaml").read_text())
    for slug in routine["exercises"]:
        data = yaml.safe_load((REPO / "content" / "exercises" / f"{slug}.es.yaml").read_text())
        head = [data["name"], *data["steps"], *(p["caption"] for p in data.get("pictures", []))]
        rest = [*data.get("tips", []), data.get("easier"), data.get("harder")]
        head, rest = ([squeeze(p) for p in parts if p and "{{" not in p] for parts in (head, rest))
        holding = [n for n, page in enumerate(pages) if all(p in squeeze(page) for p in head)]
        assert holding, f"{slug}: no page holds its name, steps and captions"
        here = holding[0]
        for part in rest:
            if part not in squeeze(pages[here]):
                following = pages[here + 1]
                assert squeeze(f"{data['name']} (continuación)") in squeeze(following), slug
                assert part in squeeze(following), (slug, part)
    # The demo's figures leave no card to go on (with its earlier, wider drawings the plank
    # and bird dog went on, on A4: test_reading_order.py keeps that case).
    assert not any("(continuación)" in page for page in pages)


@pytest.mark.parametrize("args", [("--level", "1"), ("--level", "2", "--paper", "a4"),
                                  ("--level", "2", "--large-print", "--log", "4")])
def test_nothing_spanish_runs_past_the_margins(demo: Path, args: tuple[str, ...]) -> None:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(build(demo, *args, "--patient", "María José Fernández"))
    try:
        for number, page in enumerate(document, 1):
            width = page.get_width()
            text = page.get_textpage()
            for index in range(text.count_chars()):
                left, _, right, _ = text.get_charbox(index)
                # A drawn character: a line's closing space is printed too, and shows nothing.
                if right > left and not text.get_text_range(index, 1).isspace():
                    assert left >= 0.6 * 72 - 1 and right <= width - 0.6 * 72 + 1, (
                        number, text.get_text_range(max(index - 20, 0), 40))
    finally:
        document.close()


def test_preview_draws_the_spanish_pages(demo: Path) -> None:
    """Its picture is page 1 of the Spanish handout, pixel for pixel."""
    import pypdfium2

    result = run("preview", "--level", "2", "--language", "es", "--page", "1", cwd=demo)
    assert (result.exit_code, result.stderr) == (0, ""), result.output
    assert result.stdout == "out/back-pain-level-2-es-page-1.png\n"
    made = run("handout", "--level", "2", "--language", "es", "--output", "es.pdf", cwd=demo)
    assert made.exit_code == 0, made.output
    assert "Sus ejercicios" in pdf_text(demo / "es.pdf")
    drawn = pypdfium2.PdfDocument(demo / "es.pdf")[0].render(scale=110 / 72).to_pil()
    shown = Image.open(demo / "out" / "back-pain-level-2-es-page-1.png").convert("RGB")
    assert shown.tobytes() == drawn.convert("RGB").tobytes()


@pytest.mark.parametrize(("level", "paper", "patient"), [
    (1, "letter", ()), (1, "a4", ()), (2, "letter", ()), (2, "a4", ()),
    # With a patient's name, as a clinic prints it (the name's line on page 1).
    (1, "letter", ("--patient", "Ana Ruiz")), (1, "a4", ("--patient", "Ana Ruiz"))])
def test_little_blank_paper_in_spanish(demo: Path, level: int, paper: str,
                                       patient: tuple[str, ...]) -> None:
    from pages_helpers import used_shares

    shares = used_shares(build(demo, "--level", str(level), "--paper", paper, *patient))
    assert min(shares[:-1]) >= 0.55, shares  # as test_pages asks of the English

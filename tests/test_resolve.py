"""Resolving text: dates, doses, the patient line, and clinic values inside templates."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest

from pdfgen.content.loading import load_clinic
from pdfgen.content.models import Dose
from pdfgen.content.project import Project
from pdfgen.content.selection import select
from pdfgen.errors import ContentError
from pdfgen.text.engine import TextEngine
from pdfgen.text.fonts import load_fonts
from pdfgen.text.footer_text import footer_text
from pdfgen.text.resolve_handout import format_date, resolve_handout, topic_name


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en-US", "March 9, 2026"), ("en", "March 9, 2026"), ("en-GB", "9 March 2026"),
     ("es-ES", "9 de marzo de 2026")],
)
def test_dates_read_the_way_patients_write_them(language: str, expected: str) -> None:
    assert format_date(dt.date(2026, 3, 9), language) == expected


def test_topic_names_are_written_as_words() -> None:
    assert topic_name("back-pain") == "Back pain"
    assert topic_name("neck_and_shoulder") == "Neck and shoulder"


@pytest.mark.parametrize(
    ("dose", "text"),
    [
        ({"sets": 2, "reps": 10, "times": 3, "per": "week"}, "2 sets of 10 · 3 days a week"),
        ({"sets": 1, "reps": 8, "side": "each"}, "1 set of 8 each side"),
        ({"reps": 1, "hold_seconds": 1}, "do it once · hold 1 second"),
        ({"reps": 3, "hold_seconds": 30, "times": 1, "per": "day"},
         "repeat 3 times · hold 30 seconds · once a day"),
        ({"sets": 3, "times": 2, "per": "day", "side": "left"}, "3 sets left side · twice a day"),
        ({"hold_seconds": 20, "times": 5, "per": "day"}, "hold 20 seconds · 5 times a day"),
        ({"reps": 5, "per": "week", "times": 1, "side": "both"},
         "repeat 5 times both sides · once a week"),
        ({"per": "day"}, "once a day"),  # (per alone is once: see models.Dose)
    ],
)
def test_doses_are_written_out_in_words(demo: Path, dose: dict, text: str) -> None:
    handout = resolve(demo, dose=Dose(**dose))
    # Within a part, spaces do not break ("3 days a week" stays on one line), but between a
    # count and the side it is for ("repeat 5 times" / "each side").
    assert handout.cards[0].dose.replace("\u00a0", " ") == text
    side = {"each": "each side", "left": "left side", "right": "right side",
            "both": "both sides"}.get(dose.get("side", ""), "")
    for part in handout.cards[0].dose.split(" · "):
        _, space, after = part.partition(" ")
        assert not space or after == side.replace(" ", "\u00a0"), part


def test_an_exercise_in_parts_gets_a_line_and_a_strip_for_each(demo: Path) -> None:
    handout = resolve(demo, dose=[Dose(name="Plank", reps=3, hold_seconds=30, times=3,
                                       per="week"),
                                  Dose(name="Bird dog", reps=5, side="each", times=1,
                                       per="day")])
    card = handout.cards[0]
    assert card.dose.replace("\u00a0", " ").split("\n") == [
        "Plank: repeat 3 times · hold 30 seconds · 3 days a week",
        "Bird dog: repeat 5 times each side · once a day"]
    assert card.dose_parts == []
    assert card.named_doses == [
        ("Plank", [("Reps", "3"), ("Hold", "30 seconds"), ("Days a week", "3")]),
        ("Bird dog", [("Reps", "5 each side"), ("Times a day", "1")])]


def test_the_log_boxes_an_exercise_in_parts_by_its_most_frequent_part(demo: Path) -> None:
    from pdfgen.text.resolve_card import times_a_week

    assert times_a_week([Dose(name="A", times=3, per="week"),
                          Dose(name="B", times=1, per="day")]) == 7
    assert times_a_week([Dose(name="A", times=2, per="week"), Dose(name="B")]) == 2
    assert times_a_week([]) == 0  # it does not say: the log gives it a box a day


def test_no_dose_means_no_dose_box(demo: Path) -> None:
    squat = demo / "content/exercises/squat.yaml"
    lines = squat.read_text().splitlines()
    start = lines.index("dose:")
    squat.write_text("\n".join(lines[:start] + lines[start + 5:]) + "\n")
    assert resolve(demo).cards[0].dose is None


def test_patient_line_with_and_without_a_name(demo: Path) -> None:
    assert resolve(demo, patient="Zoë").prepared_for == "Prepared for Zoë on November 24, 2026"
    assert resolve(demo).prepared_for == "November 24, 2026"


def test_clinic_values_are_rendered_before_templates_see_them(demo: Path) -> None:
    toml = demo / "content/clinic.toml"
    toml.write_text(toml.read_text().replace(
        'disclaimer = """', 'disclaimer = """Ask {{ clinic.clinician }} first. '))
    handout = resolve(demo)
    assert handout.disclaimer.startswith("Ask Dr. Mike Sebastian first. If you have back pain")
    assert handout.contact.details == [
        "frontdesk@example.com", "www.example.com", "1200 Mangrove Bay Way, Suite 3",
        "Tampa, FL 33600",
    ]
    assert handout.contact.name == "Dr. Mike Sebastian, Doctor of Chiropractic (DC)"


def test_phone_numbers_do_not_break_inside_running_text(demo: Path) -> None:
    routine = demo / "content/routines/back-pain/level-2.yaml"
    routine.write_text(routine.read_text().replace(
        "conclusion:\n", "conclusion:\n  - Call {{ clinic.name }} at {{ clinic.phone }}.\n"))
    conclusion = resolve(demo).conclusion[0]
    assert conclusion == "Call Mangrove Bay Chiropractic at (813)\u00a0555-0142."


def test_an_error_in_a_clinic_template_names_the_template(demo: Path) -> None:
    templates = demo / "templates"
    templates.mkdir()
    # The line of the mistake (Jinja's own traceback held it, and the message did not).
    (templates / "footer.j2").write_text(
        "{#- mine -#}\n{% block left %}\n{{ clinic.name }} ·\n{{ clinic.fax }}\n{% endblock %}"
        "{% block right %}x{% endblock %}")
    with pytest.raises(ContentError) as info:
        resolve(demo)
    assert info.value.message == (
        f"{templates / 'footer.j2'}:4: block left: unknown template variable 'fax' "
        "(misspelt, or not set in clinic.toml) (tried, before layout, as the footer of page 1 "
        "of a 1-page handout)")


@pytest.mark.parametrize(("condition", "page"), [
    ("page == 2", "page 2 of a 2-page handout"),
    ("page == pages and pages > 2", "page 3 of a 3-page handout"),
    ("page > 1 and page < pages - 1", "page 2 of a 4-page handout"),
    ("pages == 12 and page == 6", "page 6 of a 12-page handout"),
])
def test_a_footer_that_fails_on_a_later_page_fails_before_layout(demo: Path, condition: str,
                                                                 page: str) -> None:
    # Before: the footer was tried on page 1 of 1 only, and the handout crashed while drawing.
    templates = demo / "templates"
    templates.mkdir()
    (templates / "footer.j2").write_text(
        f"{{% block left %}}{{% if {condition} %}}{{{{ nope }}}}{{% endif %}}{{% endblock %}}"
        "{% block right %}{{ page }}{% endblock %}")
    with pytest.raises(ContentError) as info:
        resolve(demo)
    assert info.value.message == (
        f"{templates / 'footer.j2'}:1: block left: unknown template variable 'nope' "
        f"(misspelt, or not set in clinic.toml) (tried, before layout, as the footer of {page})"
    )


def test_a_footer_page_no_check_reached_is_still_one_line(tmp_path: Path) -> None:
    (tmp_path / "footer.j2").write_text(
        "{% block left %}{% if page == 40 %}{{ nope }}{% endif %}{% endblock %}"
        "{% block right %}{{ page }}{% endblock %}")
    engine = TextEngine(tmp_path)
    assert footer_text(engine, {}, 39, 40) == ("", "39")
    with pytest.raises(ContentError) as info:
        footer_text(engine, {}, 40, 40)
    assert info.value.message == (
        f"{tmp_path / 'footer.j2'}:1: block left: unknown template variable 'nope' "
        "(misspelt, or not set in clinic.toml) (on page 40 of 40)"
    )


def resolve(root: Path, patient: str | None = None, dose: Dose | None = None):
    project = Project(root=root, out_dir=root / "out")
    clinic = load_clinic(project)
    chosen = select(project, level=2, topic=None, patient=patient, day=dt.date(2026, 11, 24),
                    plan_path=None, log_weeks=None, large_print=None)
    if dose is not None:  # the dose a plan would give this patient
        first = chosen.items[0]
        chosen = replace(chosen, items=[replace(first, dose=dose), *chosen.items[1:]])
    fonts = load_fonts(clinic.model.fonts, project.font_dirs, clinic.path)
    return resolve_handout(clinic, chosen, engine=TextEngine(project.templates_dir),
                           fonts=fonts)

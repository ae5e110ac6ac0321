"""The content models: what each file may hold, and how lenient the YAML may be."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from pdfgen.content.clinic_settings import Clinic, contrast_on_white
from pdfgen.content.models import Dose, Exercise, Routine

CLINIC = {"name": "Sol", "clinician": "Ana", "phone": "555", "disclaimer": "Check first."}


def test_a_clinic_needs_only_four_fields() -> None:
    clinic = Clinic(**CLINIC)
    assert clinic.paper == "letter"
    assert (clinic.language, clinic.address, clinic.logo) == ("en-US", [], None)
    assert clinic.fonts.regular == "AtkinsonHyperlegible-Regular.ttf"


@pytest.mark.parametrize(
    ("field", "value"),
    [("contact_email", "a@b"), ("contact_email", "two words@x.com"), ("website", "www.example.com"),
     ("website", "ftp://example.com"), ("paper", "A5"), ("language", "english please"),
     ("name", "   "), ("phone", 5550142), ("phone", "call the front desk"), ("phone", "12"),
     ("emergency_phone", "/tmp/nope.png"), ("emergency_phone", "999 or 112"),
     ("emergency_phone", "call 911"), ("phone", "555-0100 front desk")],
)
def test_clinic_values_are_checked(field: str, value: object) -> None:
    with pytest.raises(ValidationError):
        Clinic(**{**CLINIC, field: value})


def test_paragraph_fields_take_one_string_or_a_list() -> None:
    routine = Routine(title="T", level=1, intro="One paragraph.", exercises=["squat"])
    assert routine.intro == ["One paragraph."]
    assert routine.exercises[0].slug == "squat"


def test_a_routine_item_may_set_its_own_dose() -> None:
    routine = Routine(title="T", level=2, exercises=[{"slug": "lunge", "dose": {"reps": 5}}])
    assert routine.exercises[0].dose == Dose(reps=5)


@pytest.mark.parametrize("value", [0, -1, True, 2.5, "3"])
def test_dose_numbers_are_whole_and_positive(value: object) -> None:
    with pytest.raises(ValidationError):
        Dose(sets=value)


def test_an_exercise_in_parts_has_a_named_dose_for_each() -> None:
    parts = [{"name": "Plank", "reps": 3, "hold_seconds": 30},
             {"name": "Bird dog", "reps": 5, "side": "each"}]
    exercise = Exercise(name="P", summary="s", steps=["x"], dose=parts)
    assert [d.name for d in exercise.dose] == ["Plank", "Bird dog"]
    assert Exercise(name="P", summary="s", steps=["x"], dose={"reps": 3}).dose == Dose(reps=3)


@pytest.mark.parametrize(("dose", "message"), [
    ([{"reps": 3}, {"name": "Bird dog", "reps": 5}], "each dose of a list needs a 'name'"),
    ([{"name": "Plank", "reps": 3}, {"name": "plank", "reps": 5}], "the same name"),
    ([{"name": "Plank", "reps": 3}], "at least 2 items"),
])
def test_a_list_of_doses_names_every_part_once(dose: list, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        Exercise(name="P", summary="s", steps=["x"], dose=dose)


def test_a_mistake_in_one_dose_is_not_also_reported_as_not_a_list() -> None:
    with pytest.raises(ValidationError) as raised:
        Exercise(name="P", summary="s", steps=["x"], dose={"sets": "two"})
    assert [e["type"] for e in raised.value.errors()] == ["int_type"]


def test_an_exercise_needs_a_name_a_summary_and_steps() -> None:
    with pytest.raises(ValidationError):
        Exercise(name="Squat", summary="Works legs.", steps=[])
    exercise = Exercise(name="Squat", summary="Works legs.", steps=["Stand."])
    assert (exercise.why, exercise.tips, exercise.easier, exercise.dose) == ([], [], None, None)


def test_unknown_fields_are_refused_everywhere() -> None:
    with pytest.raises(ValidationError, match="extra"):
        Exercise(name="S", summary="s", steps=["x"], colour="red")
    with pytest.raises(ValidationError, match="extra"):
        Dose(repetitions=3)


@pytest.mark.parametrize(
    ("dose", "message"),
    [({"times": 3}, "'times' needs 'per'"),
     ({"times": 10, "per": "week"}, "a week has 7 days")],
)
def test_how_often_must_make_sense(dose: dict, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        Dose(**dose)


@pytest.mark.parametrize(
    ("color", "ok"),
    [("#0F5257", True), ("#1A1A1A", True), ("#767676", True), ("#FFFF00", False),
     ("#8FBC8F", False), ("#777777", False)],
)
def test_brand_colours_must_be_readable_on_white(color: str, ok: bool) -> None:
    if ok:
        assert Clinic(**CLINIC, brand={"primary": color}).brand.primary == color
    else:
        with pytest.raises(ValidationError, match="too light to read on white paper"):
            Clinic(**CLINIC, brand={"accent": color})


@pytest.mark.parametrize("typed", ["#1F4E79 ", " #1F4E79", "\t#1F4E79\n"])
def test_a_brand_colour_typed_with_spaces_around_it_is_read_without_them(typed: str) -> None:
    brand = Clinic(**CLINIC, brand={"primary": typed, "accent": typed}).brand
    assert (brand.primary, brand.accent) == ("#1F4E79", "#1F4E79")


@pytest.mark.parametrize(("phone", "letter", "digit"), [
    ("(503) 555-O199", "O", "0"), ("503 555 0l99", "l", "1"), ("5O3-555-0199", "O", "0")])
def test_a_letter_typed_for_the_digit_it_looks_like_is_refused(phone: str, letter: str,
                                                              digit: str) -> None:
    with pytest.raises(ValidationError, match=f"has the letter {letter} among its digits "
                                              f".*: write the digit {digit}"):
        Clinic(**{**CLINIC, "phone": phone})


@pytest.mark.parametrize("phone", ["1-800-BACK-PAIN", "1-800-GO4-BACK", "555-HOME",
                                   "(813) 555-0142 x12", "+44 20 7946 0018 ext 12"])
def test_a_number_spelt_as_a_word_is_still_a_phone(phone: str) -> None:
    assert Clinic(**{**CLINIC, "phone": phone}).phone == phone


def test_contrast_ratio_matches_wcag() -> None:
    assert contrast_on_white("#000000") == pytest.approx(21.0)
    assert contrast_on_white("#FFFFFF") == pytest.approx(1.0)
    assert contrast_on_white("#767676") == pytest.approx(4.54, abs=0.01)


def test_a_country_whose_emergency_number_pdfgen_does_not_know_needs_one(tmp_path) -> None:
    from pdfgen.content.problems import validate
    from pdfgen.errors import ContentError

    base = {"name": "C", "clinician": "D", "phone": "555 0100", "disclaimer": "x"}
    with pytest.raises(ContentError, match=r"country: pdfgen does not know the emergency "
                                           r"number of XK; set emergency_phone"):
        validate(Clinic, {**base, "country": "xk"}, tmp_path / "clinic.toml")
    clinic = validate(Clinic, {**base, "country": "xk", "emergency_phone": "112"},
                      tmp_path / "clinic.toml")
    assert (clinic.country, clinic.emergency_phone) == ("XK", "112")
    assert validate(Clinic, {**base, "country": "es"}, tmp_path / "clinic.toml").country == "ES"

"""The JSON Schemas accept the real content files and refuse broken ones, as an editor would."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import jsonschema
import pytest
import yaml
from conftest import REPO, run

from pdfgen.clinic.schema import schema_for, write_schemas


@pytest.fixture(scope="module")
def validators() -> dict[str, jsonschema.Draft202012Validator]:
    return {name: jsonschema.Draft202012Validator(schema_for(name))
            for name in ("clinic", "exercise", "routine")}


def test_schemas_are_valid_json_schema() -> None:
    for name in ("clinic", "exercise", "routine"):
        jsonschema.Draft202012Validator.check_schema(schema_for(name))


def test_the_demo_content_is_valid_against_the_schemas(validators) -> None:
    content = REPO / "content"
    validators["clinic"].validate(tomllib.loads((content / "clinic.toml").read_text()))
    for path in [p for p in (content / "exercises").glob("*.yaml") if "." not in p.stem]:
        validators["exercise"].validate(yaml.safe_load(path.read_text()))
    for path in [p for p in (content / "routines").rglob("level-*.yaml") if "." not in p.stem]:
        # An editor reads `reviewed: 2026-11-20` as the text it is (YAML 1.2); PyYAML
        # makes a date of it.
        data = json.loads(json.dumps(yaml.safe_load(path.read_text()), default=str))
        validators["routine"].validate(data)


@pytest.mark.parametrize(
    ("kind", "data"),
    [
        ("exercise", {"name": "x", "summary": "y"}),  # no steps
        ("exercise", {"name": "x", "summary": "y", "steps": ["a"], "colour": "red"}),
        ("exercise", {"name": "x", "summary": "y", "steps": ["a"], "dose": {"sets": 0}}),
        ("routine", {"title": "t", "level": 1, "exercises": [{"slg": "squat"}]}),
        ("clinic", {"name": "n", "clinician": "c", "phone": "p", "disclaimer": "d",
                    "paper": "legal"}),
    ],
)
def test_the_schemas_refuse_what_the_models_refuse(validators, kind: str, data: dict) -> None:
    assert not validators[kind].is_valid(data)


def test_one_string_or_a_list_and_slugs_or_items(validators) -> None:
    routine = {"title": "t", "level": 1, "intro": "one paragraph",
               "exercises": ["squat", {"slug": "lunge", "dose": {"reps": 5}}]}
    validators["routine"].validate(routine)


def test_schema_command_writes_the_files_reproducibly(demo: Path) -> None:
    result = run("schema", cwd=demo)
    assert result.exception is None, result.output
    assert result.stdout.splitlines() == ["schemas/clinic.schema.json",
                                          "schemas/exercise.schema.json",
                                          "schemas/routine.schema.json",
                                          "schemas/plan.schema.json"]
    first = (demo / "schemas/exercise.schema.json").read_bytes()
    assert json.loads(first)["title"] == "pdfgen exercise file"
    write_schemas(demo / "schemas")
    assert (demo / "schemas/exercise.schema.json").read_bytes() == first

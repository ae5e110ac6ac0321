"""JSON Schemas of the clinic files, made from the models that validate them, for editors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from pdfgen.content.clinic_settings import Clinic
from pdfgen.content.models import Exercise, Plan, Routine

SCHEMAS: dict[str, type[BaseModel]] = {"clinic": Clinic, "exercise": Exercise,
                                        "routine": Routine, "plan": Plan}
# Fields the models accept as one string or a list of strings (see models.Paragraphs).
_ONE_OR_MANY = {"intro", "why", "conclusion", "address"}


def schema_for(name: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one kind of file."""
    schema = SCHEMAS[name].model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"pdfgen {name} file"
    for definition in [schema, *schema.get("$defs", {}).values()]:
        for field_name, prop in definition.get("properties", {}).items():
            if field_name in _ONE_OR_MANY:
                # pydantic describes the list; the YAML may also give a single string.
                definition["properties"][field_name] = {
                    "anyOf": [{"type": "string"}, {k: v for k, v in prop.items()
                                                   if k not in ("default", "description")}],
                    **{k: v for k, v in prop.items() if k in ("default", "description")},
                }
    if name in ("routine", "plan"):
        item = "#/$defs/RoutineItem" if name == "routine" else "#/$defs/PlanItem"
        exercises = schema["properties"]["exercises"]
        target = exercises if name == "routine" else exercises["anyOf"][0]
        target["items"] = {"anyOf": [{"type": "string", "minLength": 1}, {"$ref": item}]}
    return schema


def write_schemas(folder: Path) -> list[Path]:
    """Write exercise, routine and clinic schemas into `folder`; the same models, same bytes."""
    from pdfgen.files import make_folder, write_new_text

    make_folder(folder)
    written = []
    for name in SCHEMAS:
        path = folder / f"{name}.schema.json"
        text = json.dumps(schema_for(name), indent=2, ensure_ascii=False) + "\n"
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            write_new_text(path, text)
        written.append(path)
    return written

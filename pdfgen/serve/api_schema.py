"""The HTTP API's schema (/api/schema): each endpoint's JSON body, made from the plan file's
own schema and the command line's options, and what it answers."""

from __future__ import annotations

from typing import Any

from pdfgen.content.choices import LAYOUTS, PAPERS

OPTIONS: dict[str, Any] = {
    "paper": {"enum": list(PAPERS), "description": "--paper (default: clinic.toml's)."},
    "log": {"type": "integer", "minimum": 0, "maximum": 12,
            "description": "--log WEEKS: weeks of exercise log."},
    "layout": {"enum": list(LAYOUTS), "description": "--layout."},
    "large_print": {"type": "boolean", "description": "--large-print."},
    "language": {"type": "string", "description": "--language, e.g. es."},
    "plan": {"type": "string", "pattern": "^[a-z0-9][a-z0-9_-]{0,79}\\.yaml$",
             "description": "A plan saved in content/plans/ (--plan), instead of a plan's "
                            "fields."},
}
MISTAKE = {"type": "object", "required": ["error", "field"], "properties": {
    "error": {"type": "string", "description": "The command line's one line."},
    "field": {"type": ["string", "null"], "description": "The body's field it concerns."},
    "exit_code": {"type": "integer", "description": "The command line's exit code."}}}


def api_schema() -> dict[str, Any]:
    """Every endpoint: its body's JSON Schema and its answers."""
    from pdfgen.clinic.schema import schema_for

    plan = schema_for("plan")
    handout: dict[str, Any] = {
        "type": "object", "additionalProperties": False, "$defs": plan.get("$defs", {}),
        "properties": {**plan["properties"], **OPTIONS},
        "description": "A plan file's fields (docs/plans.md) plus the command line's "
                       "options; `level` (and `routine`) or `exercises`.",
    }

    def adding(extra: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
        return {**handout, "properties": {**handout["properties"], **extra},
                **({"required": required} if required else {})}

    email = adding({"to": {"type": "string", "format": "email"},
                    "mode": {"enum": ["send", "draft", "dry-run"], "default": "send"},
                    "resend": {"type": "boolean", "default": False}}, ["to"])
    draft = adding({"to": {"type": "string", "format": "email"}}, ["to"])
    printing = adding({"printer": {"type": "string"},
                       "copies": {"type": "integer", "minimum": 1, "maximum": 100},
                       "one_sided": {"type": "boolean"}})
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "pdfgen serve HTTP API",
        "description": "JSON bodies only (Content-Type: application/json). With "
                       "PDFGEN_SERVE_TOKEN set: 'Authorization: Bearer TOKEN'. A mistake is "
                       "a 4xx (a mail server or printer that failed: 502) with the mistake's "
                       "body.",
        "mistake": MISTAKE,
        "endpoints": {
            "POST /api/handout": {"body": handout, "answer": "application/pdf, named in "
                                  "Content-Disposition as the command line names it"},
            "POST /api/preview": {"body": handout, "answer": "{pages, file, images: [PNG "
                                  "data URLs]}"},
            "POST /api/email": {"body": email, "answer": "{to, file, mode, server, subject, "
                                "draft}"},
            "POST /api/draft": {"body": draft, "answer": "message/rfc822: the e-mail as a "
                                "draft (.eml) to open in a mail program, named in "
                                "Content-Disposition; saved in out/ beside the PDF"},
            "POST /api/print": {"body": printing, "answer": "{printer, job, file, said}"},
            "GET /api/plans": {"answer": "{plans: [names in content/plans/]}"},
            "POST /api/plans/open": {"body": {"properties": {"name": {"type": "string"}}},
                                     "answer": "{fields}"},
            "POST /api/plans/save": {"body": {"properties": {
                "name": {"type": "string"}, "fields": handout, "replace": {"type": "boolean"}}},
                "answer": "{saved, name}"},
            "POST /api/batch": {"body": {"properties": {
                "name": {"type": "string"}, "csv": {"type": "string", "maxLength": 1000000},
                "mode": {"enum": ["build", "email", "draft", "print"]}}},
                "answer": "202 {batch: id}"},
            "GET /api/batch/{id}": {"answer": "{total, mode, done, outcomes, ended}"},
        },
    }

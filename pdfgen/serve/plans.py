"""Plans saved from the handout page into content/plans/ and opened again: a plan file as a
clinician would write it by hand, checked by pdfgen before it is kept."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pdfgen.errors import ContentError, FieldError, PdfgenError, PlanExistsError, display_path
from pdfgen.serve.request_fields import OPTIONS, PLAN_NAME, PLAN_ONLY, plan_yaml

if TYPE_CHECKING:
    from pdfgen.content.project import Project

# The form's fields a plan file keeps (paper is the printer's business, not the plan's).
KEPT = tuple(f for f in (*OPTIONS, *PLAN_ONLY) if f not in ("paper", "log"))


def plan_names(plans: Path) -> list[str]:
    """The plans of content/plans/, by name."""
    if not plans.is_dir():
        return []
    return sorted(p.name for p in plans.glob("*.yaml") if PLAN_NAME.fullmatch(p.name))


def open_plan(plans: Path, name: object) -> dict[str, Any]:
    """A saved plan's fields, as the form shows them (its dates as YYYY-MM-DD)."""
    from pdfgen.content.parsing import parse_yaml

    path = plans / _name(name)
    if not path.is_file():
        raise FieldError(f"--plan content/plans/{path.name}: no such file", "plan")
    data = parse_yaml(path)  # bounded: size, depth, no aliases
    if not isinstance(data, dict):
        raise FieldError(f"content/plans/{path.name}: not a plan (expected its fields)", "plan")
    return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in data.items()}


def save_plan(project: Project, plans: Path, name: object, fields: dict[str, Any], *,
              replace: bool, demo: bool) -> Path:
    """Write the fields as content/plans/NAME (never over another file unless `replace`),
    once the plan reads as the handout would read it: its routine, level and exercises."""
    from pdfgen.content.selection import select
    from pdfgen.files import write_atomic

    if demo:
        raise FieldError("plan: the demo clinic keeps no plans; make your clinic's folder "
                         "with pdfgen init, and serve it", "plan")
    target = plans / _name(name)
    if target.exists() and not replace:
        raise PlanExistsError(f"content/plans/{target.name}: already exists; choose another "
                              "name, or replace it")
    kept = {k: v for k, v in fields.items() if k in KEPT and v is not None and v != ""}
    if "log" in fields and fields["log"] not in (None, ""):
        kept["log_weeks"] = fields["log"]
    text = "# yaml-language-server: $schema=../../schemas/plan.schema.json\n" + plan_yaml(kept)
    # Checked as pdfgen reads it before it replaces anything: a plan saved is a plan that
    # prints (a scratch file beside it, removed whatever happens).
    plans.mkdir(parents=True, exist_ok=True)
    trial = plans / f".{target.stem}.{os.getpid()}.check.yaml"
    try:
        trial.write_text(text, encoding="utf-8")
        # (Its fields, then what they name: a plan of level 5, or of no such routine or
        # exercise, was kept, and `pdfgen check` refused it.)
        select(project, level=None, topic=None, patient=None, day=None, plan_path=trial,
               log_weeks=None, large_print=None)
        if kept.get("language") is not None:  # (saved, then refused when printed)
            from pdfgen.text.i18n import language

            try:
                language(str(kept["language"]), "language")
            except PdfgenError as error:
                raise FieldError(error.message, "language") from None
    except FieldError:
        raise
    except PdfgenError as error:
        field = re.split(r"[.\[]", getattr(error, "field", "") or "")[0]
        if isinstance(error, ContentError) and error.path == trial and field in KEPT:
            # A field of the form: told beside it, as the form has it (the file it names
            # is not written, so no file and line: "content/plans/carl.yaml:3" was named).
            raise FieldError(f"{error.field}: {error.problem}", field) from None
        # (Named as the clinic knows it, whatever folder the server was started in.)
        shown = f"content/plans/{target.name}"
        raise FieldError(error.message.replace(display_path(trial), shown)
                         .replace(trial.name, target.name), "plan") from None
    finally:
        trial.unlink(missing_ok=True)
    write_atomic(target, text.encode("utf-8"))
    return target


def _name(name: object) -> str:
    if not isinstance(name, str):
        raise FieldError("name: expected a plan's file name, such as jane-example.yaml", "name")
    name = name.strip().lower()
    name = name if name.endswith(".yaml") else f"{name}.yaml"
    if not PLAN_NAME.fullmatch(name):
        raise FieldError(f"name {name!r}: expected letters, digits and dashes, such as "
                         "jane-example.yaml", "name")
    return name

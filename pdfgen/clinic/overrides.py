"""The built-in templates, which of them a clinic overrides, and copying one to edit."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from pdfgen.content.project import Project
from pdfgen.errors import PdfgenError, display_path
from pdfgen.files import write_new_text
from pdfgen.text.engine import BUILTIN_TEMPLATES

_BLOCK = re.compile(r"{%-?\s*block\s+(\w+)")


@dataclass(frozen=True)
class TemplateInfo:
    name: str
    blocks: list[str]
    summary: str  # the template's first comment line
    override: Path | None  # the clinic's own copy, if it has one


def list_templates(project: Project) -> list[TemplateInfo]:
    found = []
    for path in sorted(BUILTIN_TEMPLATES.glob("*.j2")):
        text = path.read_text(encoding="utf-8")
        comment = re.search(r"{#-?\s*(.+?)(?:\n|-?#})", text)
        own = project.templates_dir / path.name
        found.append(TemplateInfo(
            name=path.name, blocks=_BLOCK.findall(text),
            summary=comment.group(1).strip() if comment else "",
            override=own if own.is_file() else None,
        ))
    return found


def copy_template(project: Project, name: str) -> Path:
    """Copy a built-in template into the clinic's templates/ folder, to edit there."""
    if project.bundled:
        raise PdfgenError("no clinic folder here: run pdfgen inside your clinic folder, or "
                          "name it with --project")
    source = BUILTIN_TEMPLATES / name
    if not name.endswith(".j2") or not source.is_file():
        known = ", ".join(p.name for p in sorted(BUILTIN_TEMPLATES.glob("*.j2")))
        raise PdfgenError(f"--copy {name}: no such template (known: {known})")
    target = project.templates_dir / name
    if target.exists():
        raise PdfgenError(f"{display_path(target)} already exists; pdfgen never overwrites a "
                          "file")
    write_new_text(target, source.read_text(encoding="utf-8"), exclusive=True)
    return target


def unused_blocks(path: Path) -> list[tuple[str, int, list[str], str]]:
    """The blocks of a clinic's template that pdfgen never draws, with their lines, the
    blocks pdfgen has there and the one missing that each may be a misspelling of ("": none
    near it). (A label's block pdfgen falls back to its own wording for, misspelt, printed
    pdfgen's words and `check` said all was good.)"""
    builtin = _BLOCK.findall((BUILTIN_TEMPLATES / path.name).read_text(encoding="utf-8"))
    text = path.read_text(encoding="utf-8", errors="replace")
    own = [(m.group(1), text.count("\n", 0, m.start()) + 1) for m in _BLOCK.finditer(text)]
    missing = [name for name in builtin if name not in {name for name, _ in own}]
    return [(name, line, builtin, next(iter(difflib.get_close_matches(name, missing, n=1)), ""))
            for name, line in own if name not in builtin]

"""A batch's file names: each row's handout named as `pdfgen handout` would name it, and
no two rows alike."""

from __future__ import annotations

from dataclasses import replace

from pdfgen.content.choices import Layout
from pdfgen.content.project import Project
from pdfgen.deliver.batch_worker import plan_path
from pdfgen.deliver.patient_list import Row
from pdfgen.errors import PdfgenError


def name_files(project: Project, rows: list[Row], layout: Layout | None = None) -> list[Row]:
    """A file name per row, as `pdfgen handout` names it (a row's language adds '-es'); the
    second Jane Doe gets '-2', so no one overwrites another (and a batch's compact sheets are
    named apart from its detailed handouts)."""
    from pdfgen.files import default_filename

    seen: dict[str, int] = {}
    named = []
    for row in rows:
        level, topic = int(row.level) if row.level.isdigit() else 0, row.routine
        if not row.level and row.plan:  # named as `pdfgen handout --plan` would name it
            level, topic = _plan_level(project, row.plan)
        stem = default_filename((topic or _only_topic(project)) if level else None,
                                level, row.name, layout=layout or "detailed",
                                language=_language_code(row.language)).removesuffix(".pdf")
        seen[stem] = seen.get(stem, 0) + 1
        suffix = f"-{seen[stem]}" if seen[stem] > 1 else ""
        named.append(replace(row, file=f"{stem}{suffix}.pdf"))
    return named


def _language_code(tag: str) -> str | None:
    """The code a row's language adds to its file name, as `--language` does ('-es'); None
    for no language, or one the row fails on later with its own error."""
    from pdfgen.text.i18n import language

    if not tag.strip():
        return None
    try:
        return language(tag, "language").code
    except PdfgenError:
        return None


def _plan_level(project: Project, plan: str) -> tuple[int, str]:
    from pdfgen.content.loading import read_model
    from pdfgen.content.models import Plan

    try:
        path = plan_path(project, plan)
        model = read_model(Plan, path) if path else None
    except PdfgenError:  # the row fails later, with the plan's own error
        return 0, ""
    return (model.level or 0, model.routine or "") if model else (0, "")


def _only_topic(project: Project) -> str | None:
    from pdfgen.content.loading import routine_files

    topics = sorted(routine_files(project))
    return topics[0] if len(topics) == 1 else None

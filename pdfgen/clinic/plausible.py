"""`pdfgen check`'s warnings of dates a clinic may have typed by mistake: a review still to
come or overdue (an emergency number that is not the country's: content/emergency_check.py;
a dose far beyond any home exercise's: content/dose_checks.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pdfgen.content.models import Routine, next_review
from pdfgen.content.parsing import yaml_line
from pdfgen.errors import ContentError


def review_problems(routine: Routine, path: Path, today: dt.date
                    ) -> list[tuple[str, ContentError]]:
    """A note when the routine was never reviewed, a warning when its review is overdue
    (reviewed + review_every months) or dated after today (a typed year: the handout's
    sign-off said "Reviewed Jun 2027" in December 2026)."""
    if routine.reviewed is None:  # a new clinic's routine: its handouts print no sign-off
        return [("info", ContentError(
            path, "reviewed", "no review yet: once the clinic has checked this routine, add "
            "version, reviewed and reviewed_by (the sign-off on the handout's last page)",
            yaml_line(path, ("title",))))]
    if routine.reviewed > today:
        return [("warning", ContentError(
            path, "reviewed", f"{routine.reviewed} is after today ({today}); every handout "
            "prints it in its sign-off: write the day the clinic reviewed the routine",
            yaml_line(path, ("reviewed",))))]
    due = next_review(routine)
    if due is not None and due < today:
        return [("warning", ContentError(
            path, "reviewed", f"review overdue: reviewed {routine.reviewed}, every "
            f"{routine.review_every} months, so due {due}; review the handout and update "
            "reviewed", yaml_line(path, ("reviewed",))))]
    return []

"""What the clinician should know of a handout just made, a line each: the command line
says them as notes, the web page beside its preview (a receptionist was never told that a
handout had no warning signs, or exercises no one at the clinic had reviewed)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from pdfgen.errors import display_path

if TYPE_CHECKING:
    from pdfgen.build import Handout

FIRST_YEAR, AHEAD_YEARS = 2000, 10  # dates outside these are said to be checked


def handout_notes(handout: Handout, plan: Path | str | None, dated: bool,
                  root: Path | None = None) -> list[str]:
    """The notes on `handout`, made from `plan` (its file, or words that name it; None: a
    routine), its date given (`dated`) or not: "Log: …" lines, then "note: …" lines. Files
    are named from `root` (the clinic folder, for the web page), else from where pdfgen
    runs."""
    def shown(path: Path) -> str:
        if root is not None and path.is_relative_to(root):
            return path.relative_to(root).as_posix()
        return display_path(path)

    where = (plan if isinstance(plan, str) else shown(plan)) if plan else "the routine"
    notes = _log_cut(handout)
    if not handout.warning_signs:
        notes.append(f"note: {where}: no warning signs on this handout (\"Stop and call us if "
                     "you have:\"): give the plan a routine and a level, whose stop_if list it "
                     "then prints (docs/plans.md)")
    if handout.starters:
        files = ", ".join(shown(path) for path in handout.starters)
        notes.append(f"note: {files}: from pdfgen's starter library, not yet reviewed by the "
                     "clinic: review each before a patient uses it, then delete its 'origin: "
                     "starter' line")
    day, today = handout.day, dt.date.today()
    if day is not None and not FIRST_YEAR <= day.year <= today.year + AHEAD_YEARS:
        # A date no clinic dates a handout (0226 for 2026): said, not refused, as a script
        # may date handouts ahead.
        given = "--date" if dated else f"{where}: date" if plan else "date"
        notes.append(f"note: {given} {day.isoformat()}: is that the day you meant? (today is "
                     f"{today.isoformat()})")
    if handout.sheet_left_out:
        notes.append(f"note: the one-page sheet had no room for what keeps the patient safe "
                     f"doing {', '.join(handout.sheet_left_out)} (its safety lines): the "
                     "detailed handout (without --layout compact) has it")
    notes += stale_notes(handout.stale, shown=shown)
    notes += [f"note: {where}: {name}: {advice}" for name, advice in handout.miscounted]
    notes += [f"note: {shown(error.path)}{f':{error.line}' if error.line else ''}: "
              f"{error.field}: {error.problem}" for error in handout.to_check]
    return notes


def stale_notes(translations: Iterable[Path], handouts: str = "this handout prints",
                shown: Callable[[Path], str] = display_path) -> list[str]:
    """A line for each translation older than its English that a handout printed."""
    return [f"note: {shown(path)}: written before the English last changed: "
            f"{handouts} its older words; bring it up to date (pdfgen check)"
            for path in translations]


def _log_cut(handout: Handout) -> list[str]:
    """A line when the log has other weeks than asked: it runs to the visit."""
    cut = handout.log_cut
    if cut is None:
        return []
    if not cut.reached:
        return [f"Log: {cut.printed} weeks printed, the most a log holds: the next visit is "
                f"later, on {cut.visit.isoformat()}."]
    if cut.printed < cut.asked:
        return [f"Log: {cut.printed} of {cut.asked} weeks printed: the next visit is on "
                f"{cut.visit.isoformat()}."]
    return [f"Log: {cut.printed} weeks printed, not {cut.asked}: it runs to the next visit on "
            f"{cut.visit.isoformat()}."]

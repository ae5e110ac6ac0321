"""A dose far beyond any home exercise's (sets: 500 printed on the fridge sheet): a slip of
the keyboard, most likely, which `pdfgen check` warns of and a handout that prints it notes."""

from __future__ import annotations

from pathlib import Path

from pdfgen.content.models import Dose, dose_list
from pdfgen.content.parsing import yaml_line
from pdfgen.content.problems import field_name
from pdfgen.errors import ContentError

# Beyond these a dose is far from any home exercise's. They stay valid: a warning, not an
# error.
_USUAL = {"sets": (10, "sets"), "reps": (100, "reps"), "hold_seconds": (600, "seconds")}
_USUAL_A_DAY = 10


def dose_problems(dose: Dose | list[Dose] | None, path: Path, at: tuple[str | int, ...]
                  ) -> list[ContentError]:
    """A warning for each count of the dose (at `at` in the file: ("dose",), or a plan's
    ("exercises", 2, "dose")) far beyond what a home exercise asks."""
    problems = []
    for index, one in enumerate(dose_list(dose)):
        where = (*at, index) if isinstance(dose, list) else at
        counts = [(name, getattr(one, name), most, unit)
                  for name, (most, unit) in _USUAL.items()]
        if one.per == "day":
            counts.append(("times", one.times, _USUAL_A_DAY, "times a day"))
        for name, value, most, unit in counts:
            if value is not None and value > most:
                problems.append(ContentError(path, field_name((*where, name)), (
                    f"{value} {unit} is far more than a home exercise asks (at most {most} is "
                    "usual): check it, every handout prints it"),
                    yaml_line(path, (*where, name))))
    return problems

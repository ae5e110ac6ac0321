"""A routine's title or introduction that counts its exercises, printed on a plan that has
another number of them ("3 Best Exercises" over five)."""

from __future__ import annotations

import re
from pathlib import Path

from pdfgen.content.loading import read_model, routine_files
from pdfgen.content.models import Plan, Routine
from pdfgen.content.project import Project
from pdfgen.errors import ContentError, PdfgenError

# The numbers a routine's words may count its exercises in, as figures or words (English and
# Spanish, the languages pdfgen's demo is written in).
WORDS = {
    1: ("one", "uno"), 2: ("two", "dos"), 3: ("three", "tres"),
    4: ("four", "cuatro"), 5: ("five", "cinco"), 6: ("six", "seis"), 7: ("seven", "siete"),
    8: ("eight", "ocho"), 9: ("nine", "nueve"), 10: ("ten", "diez"),
    11: ("eleven", "once"), 12: ("twelve", "doce"),
}


def says(words: str, count: int) -> bool:
    """Whether `words` name the number `count`, as a figure or a word ("3", "three")."""
    names = (str(count), *WORDS.get(count, ()))
    pattern = r"(?<![\w-])(" + "|".join(re.escape(n) for n in names) + r")(?![\w-])"
    return re.search(pattern, words, flags=re.IGNORECASE) is not None


def miscounts(count: int, routine: Routine, own_title: bool, own_intro: bool
              ) -> list[tuple[str, str]]:
    """The routine's words a plan of `count` exercises would print with a wrong number in
    them, as (field, words): its title unless the plan has its own (`own_title`), then the
    first paragraph of its introduction that counts, unless the plan has its own."""
    number = len(routine.exercises)
    if count == number:
        return []
    found = []
    if not own_title and says(routine.title, number):
        found.append(("title", routine.title))
    counting = [p for p in routine.intro if says(p, number)]
    if not own_intro and counting:
        found.append(("intro", counting[0]))
    return found


def miscount_advice(field: str, words: str, routine_count: int, plan_count: int) -> str:
    """What to do about one of them, for `pdfgen check` and the handout's note."""
    what, article = ("title", "a") if field == "title" else ("introduction", "an")
    return (f"the routine's {what} (\"{_short(words)}\") counts its {routine_count} "
            f"exercises, and this plan has {plan_count}: give the plan {article} {field}: of "
            "its own (docs/plans.md)")


def _short(words: str, most: int = 60) -> str:
    return words if len(words) <= most else words[:most].rsplit(" ", 1)[0] + " …"


def plan_miscounts(project: Project, path: Path, plan: Plan) -> list[ContentError]:
    """`pdfgen check`'s warnings for a plan file: each of its routine's words that count
    the routine's exercises where the plan has another number of them (none when the
    routine cannot be read: its own problems are reported with the routines)."""
    routines = routine_files(project)
    topic = plan.routine or (next(iter(routines)) if len(routines) == 1 else None)
    files = routines.get(topic or "", {}).get(plan.level or 0, [])
    if not plan.exercises or len(files) != 1:
        return []
    try:
        routine = read_model(Routine, files[0])
    except PdfgenError:
        return []
    return [ContentError(path, name, miscount_advice(name, words, len(routine.exercises),
                                                     len(plan.exercises)))
            for name, words in miscounts(len(plan.exercises), routine, plan.title is not None,
                                         plan.intro is not None)]

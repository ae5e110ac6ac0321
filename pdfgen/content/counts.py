"""A routine's title or introduction that counts its exercises, printed on a plan that has
another number of them ("3 Best Exercises" over five), or over another number of its own."""

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


# A number counting exercises: "3 Best Exercises", "these three exercises", "los tres
# ejercicios"; not "Level 1 of these exercises", "10 minutes of exercise".
_NUMBER = "|".join([r"\d{1,2}", *(w for pair in WORDS.values() for w in pair)])
_COUNTING = re.compile(
    rf"(?<!level )(?<!nivel )(?<![\w-])({_NUMBER})((?:\s+(?!of\b|de\b)[^\W\d]+){{0,2}}?)"
    r"\s+(exercises|ejercicios)\b", re.IGNORECASE)


def counted(words: str) -> int | None:
    """The number of exercises `words` say there are, if they say one."""
    found = _COUNTING.search(words)
    if found is None:
        return None
    number = found.group(1).lower()
    return int(number) if number.isdigit() else next(
        n for n, names in WORDS.items() if number in names)


def routine_miscounts(routine: Routine, path: Path) -> list[ContentError]:
    """`pdfgen check`'s warnings for a routine whose title or introduction counts another
    number of exercises than it holds (an exercise added, the title left as it was)."""
    from pdfgen.content.parsing import yaml_line

    number = len(routine.exercises)
    places = [(("title",), routine.title),
              *((("intro", i), p) for i, p in enumerate(routine.intro))]
    return [ContentError(path, _field(place), (
                f"says {said} exercises (\"{_short(words)}\"), and the routine has {number}: "
                "change the number, or write it without one"), yaml_line(path, place))
            for place, words in places
            if (said := counted(words)) is not None and said != number]


def _field(place: tuple[str | int, ...]) -> str:
    return str(place[0]) if len(place) == 1 else f"{place[0]}[{int(place[1]) + 1}]"


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

"""Load the clinic folder's files into validated models, each kept with the file it came from."""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from pydantic import BaseModel

from pdfgen.caches import current
from pdfgen.content.clinic_settings import Clinic
from pdfgen.content.confine import OutsideError, inside
from pdfgen.content.fields import SLUG_PATTERN
from pdfgen.content.models import MOST_EXERCISES, Exercise, Routine
from pdfgen.content.parsing import parse_toml, parse_yaml, toml_line, yaml_line
from pdfgen.content.problems import validate
from pdfgen.content.project import Project
from pdfgen.errors import ContentError, SelectionError

T = TypeVar("T")
M = TypeVar("M", bound=BaseModel)
LEVEL_FILE = re.compile(r"^level-(\d+)\.yaml$")


@dataclass(frozen=True)
class Loaded(Generic[T]):
    """A validated model and the file it came from (kept for error messages); a clinic read
    in another language also keeps its translation, where its text fields come from; an
    exercise read in another language (its path the translation's) keeps its English file,
    where its pictures and figures come from."""

    model: T
    path: Path
    translation: Path | None = None
    english: Path | None = None

    def path_of(self, field: str, translated: tuple[str, ...] = ()) -> Path:
        """The file a field was read from: the translation for its `translated` fields."""
        return self.translation if self.translation and field in translated else self.path


def load_clinic(project: Project) -> Loaded[Clinic]:
    path = project.clinic_file
    clinic = read_model(Clinic, path)
    check_logo_exists(project, clinic, path)
    return Loaded(clinic, path)


# Each file's model, by path and model (pdfgen.caches "content_models"): a batch of plans,
# one a patient, keeps the latest ones.
_MOST_MODELS = 256


def read_model(model: type[M], path: Path) -> M:
    """A file read and validated, or the same model again while the file is unchanged.

    A batch builds hundreds of handouts from the same files: each is read once a process.
    """
    try:
        stat = path.stat()
    except OSError:
        stat = None
    key, version = (path, model.__name__), (stat.st_mtime_ns, stat.st_size) if stat else None
    models = current().map("content_models", _MOST_MODELS)
    cached: tuple[tuple[int, int], BaseModel] | None = models.get(key)
    if (version is not None and cached is not None and cached[0] == version
            and isinstance(cached[1], model)):
        return cached[1]
    parse = parse_toml if path.suffix == ".toml" else parse_yaml
    result = validate(model, parse(path), path)
    if version is not None:
        models.put(key, (version, result))
    return result


def check_logo_exists(project: Project, clinic: Clinic, path: Path) -> None:
    if clinic.logo is None:
        return
    try:
        found = inside(project.content_dir, clinic.logo).is_file()
    except OutsideError as error:
        raise ContentError(path, "logo", str(error), toml_line(path, ("logo",))) from None
    if not found:
        wanted = project.content_dir / clinic.logo
        raise ContentError(path, "logo", _no_file(str(clinic.logo), wanted, "logo.svg",
                                                  alike=True), toml_line(path, ("logo",)))


def exercise_path(project: Project, slug: str) -> Path:
    return project.content_dir / "exercises" / f"{slug}.yaml"


def load_exercise(project: Project, slug: str) -> Loaded[Exercise]:
    path = exercise_path(project, slug)
    exercise = read_model(Exercise, path)
    for problem in picture_problems(project, exercise, path):
        raise problem
    return Loaded(exercise, path)


def picture_problems(project: Project, exercise: Exercise, path: Path) -> list[ContentError]:
    """Pictures named by an exercise that are not there, or not inside the clinic folder."""
    problems = []
    for index, picture in enumerate(exercise.pictures):
        if picture.file is None:
            continue  # a figure: pdfgen draws it
        field = f"pictures[{index + 1}].file"
        # The line is looked for only for a problem: finding it reads the file's YAML again.
        try:
            wanted = inside(project.content_dir, picture.file)
            if not wanted.is_file():
                problems.append(ContentError(path, field,
                                             _no_file(str(picture.file), wanted),
                                             yaml_line(path, ("pictures", index, "file"))))
        except OutsideError as error:
            problems.append(ContentError(path, field, str(error),
                                         yaml_line(path, ("pictures", index, "file"))))
    return problems


def _no_file(written: str, wanted: Path, example: str = "squat-start.svg",
             alike: bool = False) -> str:
    """Why `written` (inside content/) names no file to print: not there, with what to
    write instead, or there and no file (a named pipe or a device: reading one would wait)."""
    if wanted.exists() and not wanted.is_dir():
        return f"not a file (a device or a pipe): content/{_shown(written)}"
    return f"file not found: content/{_shown(written)}{_path_hint(written, wanted, example, alike)}"


def _path_hint(written: str, wanted: Path, example: str = "squat-start.svg",
               alike: bool = False) -> str:
    """What to write instead of a path that names no file: a folder, Windows' \\, the
    content/ it starts in already, a file of a name close to it, or an escape in quotes."""
    if any(ord(c) < 32 for c in written):
        return (" (in double quotes a \\ starts an escape, \\n a new line: write / between "
                "folders, or put the text in single quotes)")
    if wanted.is_dir():
        return f" ({written} is a folder: name a file in it, like {written.rstrip('/')}/" \
               f"{example})"
    content = wanted.parents[len(Path(written).parts) - 1]  # (wanted is content/written)
    fixed = re.sub(r"\\+", "/", written).removeprefix("content/")
    if fixed != written:
        close = _close_name(content / fixed)
        shown = fixed if close is None else str(Path(fixed).with_name(close).as_posix())
        why = "write / between folders" if "\\" in written else \
            "a path here starts inside content/"
        return f" ({why}: {shown})"
    close = _close_name(wanted)
    if close:
        return f" (did you mean {Path(written).with_name(close).as_posix()}?)"
    other = _in_other_capitals(content, Path(written).parts)
    if other:
        return f" (did you mean {other}?)"
    # (`alike`: a logo, the one picture of its kind; an exercise's photos are many, others')
    found = _alike(wanted) if alike else []
    folder = Path(written).parent.as_posix()
    return f" ({'content' if folder == '.' else folder}/ holds {', '.join(found)})" if found \
        else ""


def _alike(wanted: Path) -> list[str]:
    """The files of the folder of the kind wanted (.svg, .png...), when it holds a few: a
    logo named from memory, the folder holding the one it is."""
    try:
        names = sorted(p.name for p in wanted.parent.iterdir()
                       if p.is_file() and p.suffix.lower() == wanted.suffix.lower())
    except OSError:
        return []
    return names if 0 < len(names) <= 3 else []


def _shown(written: str) -> str:
    """A path as a one-line message can show it: a control character as its escape."""
    return "".join(c if ord(c) >= 32 else repr(c)[1:-1] for c in written)


def _close_name(wanted: Path) -> str | None:
    """The name of a file of its folder close to the one not found ("squat_start.jpg",
    "Squat-Start.JPG": a photo's name typed from memory), or None."""
    try:
        names = [p.name for p in wanted.parent.iterdir() if p.is_file()]
    except OSError:
        return None
    lower = {name.lower(): name for name in names}
    close = difflib.get_close_matches(wanted.name.lower(), list(lower), n=1, cutoff=0.8)
    return lower[close[0]] if close else None


def _in_other_capitals(content: Path, parts: tuple[str, ...]) -> str | None:
    """The path of a file whose folders are named in other capitals than written ("Images"
    on disk, "images/logo.svg" written: one and the same on a Mac, not on Linux), or None."""
    here, found = content, list[str]()
    for part in parts[:-1]:
        try:
            same = [p.name for p in here.iterdir() if p.is_dir() and p.name.lower() == part.lower()]
        except OSError:
            return None
        if len(same) != 1:
            return None
        here, found = here / same[0], [*found, same[0]]
    name = parts[-1] if (here / parts[-1]).is_file() else _close_name(here / parts[-1])
    return "/".join([*found, name]) if name and found != list(parts[:-1]) else None


def unknown_exercise(project: Project, slug: str) -> str:
    """What to say about a slug with no exercise file: the likely one, or the file expected."""
    close = difflib.get_close_matches(slug, exercise_slugs(project), n=1)
    hint = (f"did you mean '{close[0]}'?" if close
            else f"expected a file content/exercises/{slug}.yaml")
    return f"unknown exercise '{slug}' ({hint})"


def exercise_slugs(project: Project) -> list[str]:
    """The exercises of content/exercises/: each file's name, which routines and plans use
    (`bird-dog copy.yaml`, a duplicate a file manager made, is none: misnamed_exercises)."""
    return sorted(p.stem for p in _exercise_files(project) if re.match(SLUG_PATTERN, p.stem))


def misnamed_exercises(project: Project) -> list[tuple[Path, str]]:
    """Exercise files whose name no routine or plan can give (`Bird Dog (1).yaml`), each
    with a name it could have (`bird-dog-1.yaml`)."""
    return [(p, "-".join(re.findall(r"[a-z0-9]+", p.stem.lower())) + ".yaml")
            for p in _exercise_files(project) if not re.match(SLUG_PATTERN, p.stem)]


def _exercise_files(project: Project) -> list[Path]:
    folder = project.content_dir / "exercises"
    # squat.es.yaml is the Spanish of squat.yaml (pdfgen.content.translations), not an exercise.
    return sorted(p for p in folder.glob("*.yaml")
                  if "." not in p.stem) if folder.is_dir() else []


def named_slugs(path: Path) -> list[object]:
    """The exercises a routine or plan file names, in order, as written (an item's `slug`,
    or the item itself): a file with a mistake elsewhere still uses them, and may name one
    wrongly or twice (nothing, if it cannot be read)."""
    try:
        data = parse_yaml(path)
    except ContentError:
        return []
    items = data.get("exercises") if isinstance(data, dict) else None
    return [item.get("slug") if isinstance(item, dict) else item
            for item in (items if isinstance(items, list) else [])]


def exercise_problems(project: Project, path: Path, slugs: list[object],
                      twice: bool = True) -> list[ContentError]:
    """The exercises a routine (or plan) names that have no file or are named twice; an
    item that is no exercise's name at all is its validation's to report."""
    problems, seen = [], set()
    # (Past the most a handout holds, the list's validation says it is too long.)
    for index, named in enumerate(slugs[:MOST_EXERCISES]):
        slug = named.strip() if isinstance(named, str) else ""
        if not re.match(SLUG_PATTERN, slug):
            continue
        field = f"exercises[{index + 1}]"
        # The line is looked for only for a problem: finding it reads the file's YAML again.
        # (a folder or a link to nowhere of that name: read, it says what is wrong)
        if not os.path.lexists(exercise_path(project, slug)):
            problems.append(ContentError(path, field, unknown_exercise(project, slug),
                                         yaml_line(path, ("exercises", index))))
        elif twice and slug in seen:
            problems.append(ContentError(path, field, f"'{slug}' is listed twice",
                                         yaml_line(path, ("exercises", index))))
        seen.add(slug)
    return problems


def routine_files(project: Project) -> dict[str, dict[int, list[Path]]]:
    """Every routine file by topic and level, from the folder layout alone.

    A level normally has one file; `level-2.yaml` beside `level-02.yaml` gives two, which
    callers report rather than pick one silently.
    """
    found: dict[str, dict[int, list[Path]]] = {}
    base = project.content_dir / "routines"
    if not base.is_dir():
        return found
    for topic_dir in sorted(p for p in base.iterdir() if p.is_dir()):
        for file in sorted(topic_dir.iterdir()):
            match = LEVEL_FILE.match(file.name)
            if match:
                levels = found.setdefault(topic_dir.name, {})
                levels.setdefault(int(match.group(1)), []).append(file)
    return found


def choose_topic(project: Project, topic: str | None) -> str:
    """The topic asked for, or the only one there is."""
    topics = sorted(routine_files(project))
    if not topics:
        raise SelectionError(f"{project.content_dir.name}/routines: no routines found")
    if topic is None:
        if len(topics) > 1:
            raise SelectionError(
                f"--routine is needed: this clinic has several topics ({', '.join(topics)})"
            )
        return topics[0]
    if topic not in topics:
        close = difflib.get_close_matches(topic.lower(), topics, n=1)  # ("KNEE", "Knee")
        hint = f"did you mean {close[0]}? " if close else ""
        raise SelectionError(f"--routine {topic}: unknown topic ({hint}known: "
                             f"{', '.join(topics)})")
    return topic


def load_routine(project: Project, topic: str, level: int) -> Loaded[Routine]:
    levels = routine_files(project)[topic]
    if level not in levels:
        known = ", ".join(str(n) for n in sorted(levels))
        raise SelectionError(f"--level {level}: no such level for {topic} (known: {known})")
    first, *others = levels[level]
    if others:
        raise ContentError(others[0], "", f"a second file for level {level} (also {first.name})")
    return Loaded(validate_routine(project, first), first)


def validate_routine(project: Project, path: Path) -> Routine:
    """A routine file checked against its file name and the exercises that exist."""
    routine = read_model(Routine, path)
    problems = routine_problems(project, routine, path)
    if problems:
        raise problems[0]
    return routine


def routine_problems(project: Project, routine: Routine, path: Path) -> list[ContentError]:
    """What is wrong between a valid routine and the rest of the folder."""
    problems = []
    match = LEVEL_FILE.match(path.name)
    if match and routine.level != int(match.group(1)):
        problems.append(ContentError(
            path, "level", f"expected {int(match.group(1))} (from the file name), got "
            f"{routine.level}",
            yaml_line(path, ("level",)),
        ))
    return problems + exercise_problems(project, path, [i.slug for i in routine.exercises])

"""`pdfgen check`: every problem of a clinic folder in one run, with health-literacy warnings."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel

from pdfgen.clinic.check_pictures import check_pictures
from pdfgen.clinic.plausible import review_problems
from pdfgen.content.clinic_settings import Clinic, Fonts
from pdfgen.content.counts import plan_miscounts, routine_miscounts
from pdfgen.content.dose_checks import dose_problems
from pdfgen.content.emergency_check import emergency_problem
from pdfgen.content.loading import (
    LEVEL_FILE,
    Loaded,
    check_logo_exists,
    exercise_path,
    exercise_problems,
    exercise_slugs,
    misnamed_exercises,
    named_slugs,
    routine_files,
    routine_problems,
)
from pdfgen.content.models import Exercise, Plan, Routine
from pdfgen.content.parsing import parse_toml, parse_yaml, source_line, toml_line, yaml_line
from pdfgen.content.problems import validate_all
from pdfgen.content.project import Project
from pdfgen.content.selection import load_plan
from pdfgen.content.translations import is_translation
from pdfgen.errors import ContentError, LanguageError, PdfgenError
from pdfgen.mail.settings import HOST_EXPECTED, host_name
from pdfgen.text.i18n import language
from pdfgen.text.readability import wording_problems

M = TypeVar("M", bound=BaseModel)

MAX_EXERCISES = 4  # a review of adherence recommends fewer than 4


@dataclass(frozen=True)
class Finding:
    severity: str  # "error", "warning" or "info"
    problem: ContentError

    def __str__(self) -> str:
        return f"{self.severity}: {self.problem.message}"


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)
    files: int = 0
    unread_uses: bool = False  # a routine or plan is not YAML's mapping: its exercises unknown

    def add(self, severity: str, *problems: ContentError) -> None:
        for problem in problems:
            finding = Finding(severity, problem)
            if all(str(f) != str(finding) for f in self.findings):  # shared text, once
                self.findings.append(finding)

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    def summary(self) -> str:
        errors, warnings = self.count("error"), self.count("warning")
        files = f"{self.files} file{'s' * (self.files != 1)} checked"
        if not errors and not warnings:
            return f"All good: {files}, no problems."
        return (f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
                f" in {files}.")


def check_project(project: Project) -> Report:
    """Validate every file of the clinic folder and report all problems, not just the first."""
    report = Report()
    clinic = _check_clinic(project, report)
    exercises = _check_exercises(project, report)
    routines, used = _check_routines(project, report, exercises)
    plans = _check_plans(project, report, used)
    # (What a routine or plan that cannot be read uses, no one can tell: "not used" would
    # send the clinic after the wrong file.)
    for slug in sorted(set(exercises) - used) if not report.unread_uses else []:
        # The starter library is there to choose from for a plan: unused is its normal state.
        if exercises[slug].model.origin != "starter":
            report.add("warning", ContentError(exercises[slug].path, "",
                                               "not used by any routine or plan"))
    _starters(exercises, report)
    _check_template_names(project, report)
    if clinic is not None:
        from pdfgen.clinic.check_text import check_languages, check_text

        check_text(project, report, clinic, routines, exercises, plans)
        check_languages(project, report, clinic, routines, exercises)
    else:  # (the count of files checked fell by the translations', without a word)
        report.add("info", ContentError(project.clinic_file, "", "the templates, reading "
                                        "grades and translations are not checked yet: fix "
                                        "the errors above in clinic.toml, then check again"))
    report.findings.sort(key=lambda f: (f.severity == "info", str(f.problem.path),
                                        f.problem.line or 0))
    return report


def _starters(exercises: dict[str, Loaded[Exercise]], report: Report) -> None:
    """Starter exercises are not the clinic's own until reviewed: one note naming them all."""
    paths = [exercises[s].path for s in sorted(exercises) if exercises[s].model.origin == "starter"]
    for path in paths if len(paths) <= 3 else []:  # (a new clinic's check read 14 such lines)
        report.add("info", ContentError(path, "origin", "starter: from pdfgen's starter library, "
                                        "not the clinic's own; review it before you give it to "
                                        "a patient, then delete this line",
                                        yaml_line(path, ("origin",))))
    if len(paths) > 3:
        report.add("info", ContentError(paths[0].parent, "origin", (
            f"starter: {len(paths)} exercises from pdfgen's starter library, not the clinic's "
            f"own ({', '.join(p.stem for p in paths)}): review each before you give it to a "
            "patient, then delete its origin line")))


def _check_clinic(project: Project, report: Report) -> Loaded[Clinic] | None:
    """The clinic, or a stand-in made of its valid fields, so that the rest is still checked."""
    path = project.clinic_file
    report.files += 1
    data, clinic, problems = _validated(Clinic, path, parse_toml, report)
    if data is None:
        return None
    if clinic is None:
        clinic = _stand_in(data, problems)
        if clinic is None:
            return None
    try:
        check_logo_exists(project, clinic, path)
        _logo(project, clinic)
    except ContentError as error:
        report.add("error", error)
    try:
        _fonts(project, clinic)
    except ContentError as error:
        report.add("error", error)
        clinic = clinic.model_copy(update={"fonts": Fonts()})  # check the text with ours
    except PdfgenError as error:  # a font file that is not a font
        report.add("error", ContentError(path, "fonts", error.message))
        clinic = clinic.model_copy(update={"fonts": Fonts()})
    emergency = emergency_problem(clinic, path)
    if emergency is not None:
        report.add("warning", emergency)
    host = (clinic.email.host or "").strip()
    if host and not host_name(host):  # (found only when the first e-mail went out)
        report.add("error", ContentError(path, "email.host", f"{host!r}: {HOST_EXPECTED}",
                                         source_line(path, ("email", "host"))))
    return Loaded(clinic, path)


def _stand_in(data: object, problems: list[ContentError]) -> Clinic | None:
    """The clinic without its broken fields (required ones filled in), or None."""
    if not isinstance(data, dict):
        return None
    broken = {p.field.split(".")[0].split("[")[0] for p in problems}
    kept = {key: value for key, value in data.items() if key not in broken}
    for required in ("name", "clinician", "phone", "disclaimer"):
        kept.setdefault(required, f"({required})")
    clinic, still = validate_all(Clinic, kept, Path("clinic.toml"))
    return clinic if not still else None


def _logo(project: Project, clinic: Clinic) -> None:
    if clinic.logo:
        from pdfgen.content.pictures import load_logo
        from pdfgen.layout.pictures import logo_flowable

        logo_flowable(load_logo(project.content_dir / clinic.logo, project.clinic_file), 54,
                      160)


def _fonts(project: Project, clinic: Clinic) -> None:
    from pdfgen.text.fonts import load_fonts
    from pdfgen.text.names import Candidate, face

    fonts = load_fonts(clinic.fonts, project.font_dirs, project.clinic_file)
    for path in fonts.name_files:  # (a damaged one is passed over as names print: said here)
        if face(Candidate(path)) is None:
            raise ContentError(project.clinic_file, "fonts.names", f"'{path.name}' cannot be "
                               "read as a font (damaged, or cut short?); copy it again",
                               toml_line(project.clinic_file, ("fonts", "names")))


def _check_exercises(project: Project, report: Report) -> dict[str, Loaded[Exercise]]:
    folder = project.content_dir / "exercises"
    _unread(folder, "*.yaml", report, "exercise files end in .yaml")
    for path, name in misnamed_exercises(project):
        todo = (f"{name} is there already: remove this copy, or give it a name of its own"
                if (folder / name).exists() else f"rename it {name}")
        report.add("warning", ContentError(path, "", "not read: an exercise's file name is its "
                   "name in routines and plans, in lower-case letters, digits and dashes "
                   f"({todo}, or move it out of content/exercises/)"))
    valid = {}
    for slug in exercise_slugs(project):
        path = exercise_path(project, slug)
        report.files += 1
        _, exercise, _ = _validated(Exercise, path, parse_yaml, report)
        if exercise is not None:
            report.add("warning", *wording_problems(exercise, path))
            report.add("warning", *dose_problems(exercise.dose, path, ("dose",)))
            if check_pictures(project, exercise, path, report.add):
                valid[slug] = Loaded(exercise, path)
    return valid


def _check_routines(project: Project, report: Report, exercises: dict[str, Loaded[Exercise]]
                    ) -> tuple[list[Loaded[Routine]], set[str]]:
    """The routines fit to render, and every slug any routine names."""
    valid, used = [], set()
    base = project.content_dir / "routines"
    for topic_dir in sorted(p for p in base.glob("*") if p.is_dir()):
        _unread(topic_dir, "level-*.yaml", report, "routine files are named level-N.yaml",
                pattern=LEVEL_FILE)
    for levels in routine_files(project).values():
        for level, (first, *others) in sorted(levels.items()):
            for other in others:
                report.add("error", ContentError(
                    other, "", f"a second file for level {level} (also {first.name})"))
            report.files += 1 + len(others)
            parsed = [(path, _validated(Routine, path, parse_yaml, report)[1])
                      for path in (first, *others)]
            for path, routine in parsed:
                if routine is None:  # its mistakes are said, and what it names is checked
                    used |= _named(project, path, report, twice=True)
                    continue
                used |= {item.slug for item in routine.exercises}
                for severity, problem in review_problems(routine, path, dt.date.today()):
                    report.add(severity, problem)
                report.add("warning", *routine_miscounts(routine, path))
                problems = routine_problems(project, routine, path)  # (others: `continue`d)
                report.add("error", *problems)
            first, routine = parsed[0]
            if routine is None or others:
                continue
            if len(routine.exercises) > MAX_EXERCISES:
                report.add("warning", ContentError(first, "exercises", (
                    f"{len(routine.exercises)} exercises: patients keep up better with fewer "
                    f"(at most {MAX_EXERCISES})"), yaml_line(first, ("exercises",))))
            if not problems and all(i.slug in exercises for i in routine.exercises):
                valid.append(Loaded(routine, first))
    return valid, used


def _named(project: Project, path: Path, report: Report, twice: bool) -> set[str]:
    """The exercises a routine or plan with a mistake names, as written: they are used, and
    the ones without a file are reported with the mistake (not once it is fixed)."""
    named = named_slugs(path)
    try:
        report.unread_uses |= not isinstance(parse_yaml(path), dict)
    except ContentError:
        report.unread_uses = True
    report.add("error", *exercise_problems(project, path, named, twice=twice))
    return {slug for slug in named if isinstance(slug, str)}


def _check_template_names(project: Project, report: Report) -> None:
    """A template under another name than pdfgen's (`Footer.j2`) would be ignored, and so
    would a block under a name pdfgen does not draw."""
    from pdfgen.clinic.overrides import unused_blocks
    from pdfgen.text.engine import BUILTIN_TEMPLATES

    known = sorted(p.name for p in BUILTIN_TEMPLATES.glob("*.j2"))
    folder = project.templates_dir
    for path in sorted(folder.iterdir()) if folder.is_dir() else []:
        if path.is_file() and path.name not in known and path.suffix != ".md":
            report.add("warning", ContentError(
                path, "", f"not read: templates are named {', '.join(known)}"))
        elif path.is_file() and path.name in known:
            for name, line, blocks, close in unused_blocks(path):
                said = (f"is it a misspelling of '{close}'?" if close else
                        f"pdfgen's blocks of {path.name} are {', '.join(blocks)}")
                report.add("warning", ContentError(path, f"block {name}",
                                                   f"never drawn: {said}", line))


def _check_plans(project: Project, report: Report, used: set[str]) -> list[Path]:
    """Every plan in content/plans/; the ones without errors, to render their text. The
    exercises a plan names are added to `used`."""
    folder = project.content_dir / "plans"
    _unread(folder, "*.yaml", report, "plan files end in .yaml")
    sound = []
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        report.files += 1
        _, plan, _ = _validated(Plan, path, parse_yaml, report)
        if plan is None:
            used |= _named(project, path, report, twice=True)
            continue
        used.update(item.slug for item in plan.exercises or [])
        try:
            load_plan(project, path)  # and what the plan names: exercises, routine
            if plan.language is not None:  # (language: xx was saved, and refused at print)
                language(plan.language, "language")
        except ContentError as error:
            report.add("error", error)
            continue
        except LanguageError as error:
            report.add("error", ContentError(path, "language", error.message.removeprefix(
                "language "), yaml_line(path, ("language",))))
            continue
        if plan.level is None:  # chosen exercises, no routine: page 1 has no warning signs
            report.add("warning", ContentError(
                path, "level", "no warning signs ('Stop and call us if you have:') print "
                "without a routine: give the plan a level (and routine), whose stop_if list "
                "it then prints"))
        else:  # "3 Best Exercises" over a plan of five
            report.add("warning", *plan_miscounts(project, path, plan))
        for index, item in enumerate(plan.exercises or []):
            report.add("warning", *dose_problems(item.dose, path, ("exercises", index, "dose")))
        sound.append(path)
    return sound


def _validated(model: type[M], path: Path, parse: Callable[[Path], object], report: Report
               ) -> tuple[object | None, M | None, list[ContentError]]:
    """The file's data, its model (None if invalid) and its problems, all reported."""
    try:
        data = parse(path)
    except ContentError as error:
        report.add("error", error)
        return None, None, [error]
    result, problems = validate_all(model, data, path)
    report.add("error", *problems)
    return data, result, problems


def _unread(folder: Path, glob: str, report: Report, rule: str,
            pattern: re.Pattern[str] | None = None) -> None:
    """Files pdfgen would silently skip, such as `squat.yml` or `level2.yaml`."""
    if not folder.is_dir():
        return
    for path in sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")):
        read = path.match(glob) and (pattern is None or pattern.match(path.name))
        read = read or is_translation(path)  # checked with its English (translation_check)
        if not read:
            report.add("warning", ContentError(path, "", f"not read: {rule}"))

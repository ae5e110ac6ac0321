"""`pdfgen new`: start an exercise or a routine file with every field and a hint for each."""

from __future__ import annotations

import re
from pathlib import Path

from pdfgen.content.project import Project
from pdfgen.errors import ScaffoldError, display_path
from pdfgen.files import write_new_text

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
MOST_NAME = 80

EXERCISE = '''\
# yaml-language-server: $schema=../../schemas/exercise.schema.json
# A new exercise. Fill in the empty quotes below, delete the optional parts you do not need,
# then run `pdfgen check`. Plain text, written to the patient as "you" (docs/content.md).

# Short name, the heading of the card. Example: Wall Sit
name: ""

# One or two sentences: what the exercise is and what it works.
summary: ""

# Optional: why it helps, in short paragraphs.
why:
  - ""

# The steps, in order: one action each, about 25 words at most.
steps:
  - ""
  - ""

# Optional: key points to remember.
tips:
  - ""

# Optional: what keeps the patient safe doing it, particular to it (the pain scale is on
# every handout). Led by "Take care:" after the tips, and the only tips the one-page
# sheet has room for. Remove the # of the lines you need.
# safety:
#   - Make sure you have clear space all around you first.

# Optional: one easier and one harder way to do it.
easier: ""
harder: ""

# Optional: how much and how often. Remove the # of the lines you need.
# dose:
#   sets: 2
#   reps: 10
#   hold_seconds: 5
#   times: 3
#   per: week        # day or week
#   side: each       # each, left, right or both

# Optional: a video of the exercise, starting with https:// (a QR code on the card).
# video: https://www.example.com/videos/{slug}

# Optional (pdfgen check warns without one): pictures from content/, usually the start
# and the end position, each with a short caption. SVG, PNG or JPEG; photos are fine.
# pictures:
#   - file: images/{slug}-start.jpg
#     caption: "Start: ..."
#   - file: images/{slug}-end.jpg
#     caption: "End: ..."
'''

ROUTINE = '''\
# yaml-language-server: $schema=../../../schemas/routine.schema.json
# A new routine: one handout. Fill in the empty quotes below, delete the optional parts you do
# not need, then run `pdfgen check` and `pdfgen handout --routine {topic} --level {level}`.

# The handout's title.
title: ""

# The level; it must stay the same as the number in this file's name.
level: {level}

# Optional: short paragraphs printed before the exercises.
intro:
  - ""

# The exercises, in order: the name of a file in content/exercises/ without .yaml,
# for example squat. Keep it short: patients keep up better with 2 to 4 exercises.
exercises:
  - ""

# Optional: short paragraphs printed after the exercises.
conclusion:
  - ""

# Optional: warning signs, in a "Stop and call us if you have:" box on page 1.
# stop_if:
#   - Pain in both legs.
# Signs that need emergency care now: the box then says
# "Call {emergency} now if you have:" and, under the signs,
# "Or go to {emergency_place}. Then let us know."
# stop_if_emergency: true

# Optional, and worth having: how much pain is all right, on page 1 and over the log's pain
# column. Word it yourselves and review it (docs/content.md names the model the demo's
# follows). pain_rule_short, at most 60 characters, is what the one-page sheet prints.
# pain_rule: Pain from exercise should settle by the next morning. If it does not, call us.
# pain_scale:
#   - {from: 0, to: 2, label: Safe, meaning: Keep going.}
#   - {from: 3, to: 5, label: OK, meaning: "Keep going if it settles by the next morning."}
#   - {from: 6, to: 10, label: Too much, meaning: "Stop and do less next time."}
# pain_rule_short: Still sore the next morning? Call us.
'''



FIGURES = '''\
# Pictures: figures pdfgen draws, the start and the end position (docs/figures.md;
# `pdfgen figures` shows every base pose). Change the joint angles (degrees), add props
# (chair, mat, wall, wall-in-front, kettlebell, band, step), then look: pdfgen preview.
pictures:
  - figure:
      pose: {pose}
    caption: "Start: ..."
  - figure:
      pose: {pose}
      joints: {}       # for example {knee: 45, hip: 60}
    caption: "End: ..."
# How the pictures show the movement: arrows, overlay or none.
movement: arrows
'''


def new_exercise(project: Project, slug: str, pose: str | None = None) -> Path:
    """A new exercise file; with a base pose, its pictures are figures starting from it."""
    from pdfgen.clinic.figure_catalog import known_pose

    _check_name(slug, "exercise SLUG", "wall-sit")
    text = EXERCISE.replace("{slug}", slug)
    if pose is not None:
        text = text[:text.index("# Optional (pdfgen check warns")] + FIGURES.replace(
            "{pose}", known_pose(pose))
    path = project.content_dir / "exercises" / f"{slug}.yaml"
    return create_file(project, path, text)


def new_routine(project: Project, topic: str, level: int) -> Path:
    _check_name(topic, "routine TOPIC", "back-pain")
    if level < 1:
        raise ScaffoldError(f"--level {level}: expected a whole number from 1 up")
    path = project.content_dir / "routines" / topic / f"level-{level}.yaml"
    number, place = _emergency(project)
    text = (ROUTINE.replace("{topic}", topic).replace("{level}", str(level))
            .replace("{emergency}", number).replace("{emergency_place}", place))
    return create_file(project, path, text)


def _emergency(project: Project) -> tuple[str, str]:
    """The clinic's emergency number and place, as its handouts print them; the clinic's
    words for them when its clinic.toml cannot be read yet (a file is started all the same,
    and `pdfgen check` says what is wrong with clinic.toml)."""
    from pdfgen.content.clinic_settings import Clinic
    from pdfgen.content.loading import read_model
    from pdfgen.errors import PdfgenError
    from pdfgen.languages import emergency_place

    try:
        clinic = read_model(Clinic, project.clinic_file)
    except PdfgenError:
        return "(the clinic's emergency number)", "(the nearest emergency department)"
    return clinic.emergency_number, emergency_place(clinic.country)


def _check_name(name: str, what: str, example: str) -> None:
    if len(name) > MOST_NAME:  # (a file name: the file system takes 255 bytes at most)
        raise ScaffoldError(f"{what} '{name[:40]}…': {len(name)} characters; a name may "
                            f"have at most {MOST_NAME}")
    if not SLUG.match(name):
        raise ScaffoldError(f"{what} '{name}': use lower-case letters, digits and dashes, "
                            f"like {example}")


def create_file(project: Project, path: Path, text: str) -> Path:
    """Write a new file in the clinic folder; never over one that exists."""
    from pdfgen.clinic.schema import write_schemas

    if project.bundled:
        raise ScaffoldError("no clinic folder here: run pdfgen inside your clinic folder, "
                            "or name it with --project")
    taken = ScaffoldError(f"{display_path(path)} already exists; pdfgen never overwrites a "
                          "file")
    if path.exists():
        raise taken
    # The schemas first (the file's $schema line points there): a folder that refuses them
    # leaves no new file behind.
    write_schemas(project.root / "schemas")
    try:
        write_new_text(path, text, exclusive=True)  # never over a file that exists
    except FileExistsError:
        raise taken from None
    return path

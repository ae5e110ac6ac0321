"""One exercise card's text, resolved: its words, its dose (one, or one for each part), its
labels, and its pictures read and measured, so that layout reads no file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pdfgen.content.models import Dose, Exercise, dose_list
from pdfgen.content.parsing import source_line
from pdfgen.content.selection import Chosen
from pdfgen.errors import ContentError
from pdfgen.text.handout_text import CardText, Link, PictureRef
from pdfgen.text.resolve_strings import Resolver, short_url


def card_text(res: Resolver, number: int, item: Chosen, content_dir: Path) -> CardText:
    e, path = item.exercise.model, item.exercise.path
    doses = dose_list(item.dose or e.dose)
    # Each part's name, when the exercise has a dose for each of its parts; a plan's own
    # doses are named in the plan.
    where = item.source[0] if item.dose is not None and item.source else path
    names = [res.string(d.name or "", where, "dose", i, "name") if len(doses) > 1 else ""
             for i, d in enumerate(doses)]
    labels = _labels(res)
    note = None
    if item.note and item.source:
        note = res.string(item.note, item.source[0], *item.source[1])
    video = None
    if e.video:
        video = Link(e.video, res.block("card.j2", "video", {"video": e.video}),
                     short_url(e.video), res.block("card.j2", "qr_code", builtin=True))
    return CardText(
        number=number,
        name=res.string(e.name, path, "name"),
        summary=res.string(e.summary, path, "summary"),
        why=res.many(e.why, path, "why"),
        steps=res.many(e.steps, path, "steps"),
        tips=res.many(e.tips, path, "tips"),
        safety=res.many(e.safety, path, "safety"),
        easier=res.string(e.easier, path, "easier") if e.easier else None,
        harder=res.string(e.harder, path, "harder") if e.harder else None,
        dose="\n".join(line for line in (_dose_line(res, d, name)
                                          for d, name in zip(doses, names, strict=True))
                       if line) or None,
        note=note,
        video=video,
        pictures=_pictures(res, e, path, content_dir, item.exercise.english or path),
        labels=labels,
        dose_parts=_dose_parts(res, doses[0].model_dump()) if len(doses) == 1 else [],
        times_a_week=times_a_week(doses),
        named_doses=[(name, _dose_parts(res, d.model_dump()))
                     for d, name in zip(doses, names, strict=True)] if len(doses) > 1 else [],
    )


def _dose_line(res: Resolver, dose: Dose, name: str) -> str:
    """The dose in words, for page 1; with its part's name when the exercise has parts."""
    words = res.block("card.j2", "dose", {"dose": dose.model_dump()})
    return f"{name}: {words}" if name and words else words


def _pictures(res: Resolver, e: Exercise, path: Path, content_dir: Path, english: Path
              ) -> list[PictureRef]:
    """The card's pictures: files read, figures drawn (a start and end overlaid, one picture
    with both captions). A picture's mistake is told against the `english` file, where its
    file and figure are written (a translation holds its caption only)."""
    captions = [res.string(p.caption, path, "pictures", i, "caption")
                for i, p in enumerate(e.pictures)]
    alts = [res.string(p.alt, path, "pictures", i, "alt") if p.alt else ""
            for i, p in enumerate(e.pictures)]
    scenes = _figures(res, e, english)
    out = []
    for i, p in enumerate(e.pictures):
        if p.file is not None:
            out.append(_picture(res, content_dir / p.file, captions[i], english, i, alts[i]))
        elif i in scenes:
            scene = scenes[i]
            caption, alt = captions[i], alts[i] or captions[i]
            if e.movement == "overlay" and i == 0 and 1 not in scenes:
                caption = f"{captions[0]} {captions[1]}"
                alt = f"{alt} {alts[1] or captions[1]}"
            out.append(PictureRef(path, caption, path, i, (scene.width, scene.height), alt,
                                  loaded=scene, group="lying" if scene.lying else "upright"))
    return out


def _figures(res: Resolver, e: Exercise, path: Path) -> dict[int, Any]:
    """The exercise's figures drawn; a figure that cannot be is the file's error."""
    from pdfgen.content.figures.art import FigureError, figure_problem, figure_scenes

    figures = {i: p.figure for i, p in enumerate(e.pictures) if p.figure is not None}
    if not figures:
        return {}
    try:
        return dict(figure_scenes(figures, e.movement))
    except FigureError as error:
        problem = figure_problem(path, error)
        if res.problems is None:
            raise problem from None
        return {}  # pdfgen check reports every figure's problems itself


def _picture(res: Resolver, file: Path, caption: str, source: Path, index: int,
             alt: str = "") -> PictureRef:
    """A picture, measured here so that layout reads no file to size it: a missing or
    unreadable picture is the exercise file's error, with its line."""
    from pdfgen.content.pictures import PictureError, load_picture, size_of

    loaded = None
    try:
        loaded = load_picture(file)
        size = size_of(loaded)
    except PictureError as error:
        loc = ("pictures", index, "file")
        problem = ContentError(source, f"pictures[{index + 1}].file", str(error),
                               source_line(source, loc))
        if res.problems is None:
            raise problem from None
        size = (1.0, 1.0)  # pdfgen check reports every picture's problems itself
    return PictureRef(file, caption, source, index, size, alt or caption, loaded)


def _dose_parts(res: Resolver, dose: dict[str, Any]) -> list[tuple[str, str]]:
    """The dose as labelled numbers: one "Label: value" line of the template each."""
    lines = res.block("card.j2", "dose_parts", {"dose": dose}).splitlines()
    parts = [line.partition(":") for line in lines if line.strip()]
    return [(label.strip(), value.strip()) for label, _, value in parts]


def _labels(res: Resolver) -> dict[str, str]:
    """The card's labels: the same on every card, so rendered once a handout."""
    if res.labels is None:
        res.labels = {
            name: res.block("card.j2", name)
            for name in ("why", "steps", "tips", "easier", "harder", "dose_label",
                         "continued", "note")
        }
        # (Newer than many clinics' copies of card.j2: pdfgen's own when a copy has none.)
        res.labels |= {name: res.block("card.j2", name, builtin=True)
                       for name in ("overleaf", "facing_page", "steps_facing", "safety")}
    return res.labels


def times_a_week(doses: list[Dose]) -> int:
    """How many times in a week the dose asks for it: 3 days a week is 3, twice a day 14 (at
    most 21); 0 when it does not say how often. An exercise in parts: the most any part
    asks."""
    often = [min(d.times * (7 if d.per == "day" else 1), 21) for d in doses
             if d.times and d.per]
    return max(often) if often else 0

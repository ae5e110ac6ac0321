"""A figure's arrow, read back from the drawing, shows the move beside the body that makes it."""

from __future__ import annotations

import math

import pytest
from figure_helpers import demo_figures

from pdfgen.content.figures.art import arrow_of, figure_scenes
from pdfgen.content.figures.movement import mover, moves, path, placed
from pdfgen.content.figures.poses import posed
from pdfgen.content.figures.scene import FLOOR_INK
from pdfgen.content.figures.spec import Figure


def _arrow(scenes: dict) -> tuple[list[tuple[float, float]], tuple[float, float]]:
    """The arrow's shaft points and its tip, read back from the picture's shapes."""
    shaft, head = arrow_of(scenes)
    return [tuple(p) for p in shaft[1]], tuple(head[1][0])


def test_the_squats_arrow_points_down_and_back_beside_the_hips() -> None:
    exercise, figures = demo_figures("squat")
    assert exercise.movement == "arrows"
    scenes = figure_scenes(figures, exercise.movement)
    shaft, tip = _arrow(scenes)
    (x0, y0) = shaft[0]
    assert tip[1] < y0 - 20  # down
    assert tip[0] < x0  # and back (the figure looks to the right)
    # It is the hips' path: the arrow runs beside the hips' track, a little off it.
    start, end = (posed(f.pose, dict(f.joints)) for f in figures.values())
    assert mover(placed(start, "ankle_near", 0, 0, False),
                 placed(end, "ankle_near", 0, 0, False)) == "hip"
    assert {"hip_near", "knee_near", "trunk"} <= set(moves(start, end))
    # Never over the body: the arrow's ink is off every stroke of the pictures that have it.
    for scene in scenes.values():
        marks = [s for s in scene.shapes if s[0] == "poly" and s[3] == 0.0]
        if not marks:
            continue
        body = [s for s in scene.shapes if s[0] == "poly" and s[3] not in (0.0, 1.0)]
        for x, y in marks[0][1]:
            for s in body:
                for (ax, ay), (bx, by) in zip(s[1], s[1][1:], strict=False):
                    assert _distance((x, y), (ax, ay), (bx, by)) > s[2] / 2


def test_the_lunges_arrow_drops_beside_the_hips_below_the_head() -> None:
    # A lunge steps forward, then the back knee drops: the hips travel straight down. The
    # arrow is theirs, beside them, never over the head (read as "lean forward").
    exercise, figures = demo_figures("lunge")
    assert exercise.movement == "arrows"
    scenes = figure_scenes(figures, exercise.movement)
    shaft, tip = _arrow(scenes)
    points = [*shaft, tip]
    (x0, y0) = shaft[0]
    assert tip[1] < y0 - 20  # down ...
    assert abs(tip[0] - x0) < 3  # ... straight down
    end = scenes[1].shapes
    head = next(s for s in end if s[0] == "circle" and s[4] != 1.0)
    assert max(y for _, y in points) < head[2] - head[3]  # all of it below the head
    # Beside the hips: the trunk's lower end is the hip; the arrow passes it a little off
    # (behind or in front) and ends near its height.
    trunk = next(s for s in end if s[0] == "poly" and s[2] == 20)
    hip = min(trunk[1], key=lambda p: p[1])
    assert 12 < abs(x0 - hip[0]) < 40
    assert abs(tip[1] - hip[1]) < 15
    # Never over the body.
    body = [s for s in end if s[0] == "poly" and s[3] not in (0.0, 1.0)]
    for x, y in points:
        for s in body:
            for a, b in zip(s[1], s[1][1:], strict=False):
                assert _distance((x, y), tuple(a), tuple(b)) > s[2] / 2
    # The end picture keeps the frame it had with the arrow over the head (the pages' fit).
    assert (scenes[1].width, scenes[1].height) == (126.52, 149.56)


def _arrows(scene) -> tuple[list[tuple[float, float]], tuple[float, float]] | None:
    marks = [s for s in scene.shapes if s[0] == "poly" and s[3] == 0.0]
    return ([tuple(p) for p in marks[0][1]], tuple(marks[1][1][0])) if marks else None


@pytest.mark.parametrize("slug", ["squat", "lunge", "kettlebell-swing", "shoulder-blade-squeeze",
                                  "glute-bridge", "heel-slide", "seated-knee-extension"])
def test_both_pictures_show_the_same_arrow_beside_their_own_body(slug: str) -> None:
    # The start's arrow leaves where the part is (where to go), the end's reaches where it
    # went: the same way in both, so a patient reads one movement from either picture.
    exercise, figures = demo_figures(slug)
    scenes = figure_scenes(figures, exercise.movement)
    drawn = [_arrows(scenes[0]), _arrows(scenes[1])]
    assert all(drawn), slug
    ways = []
    for shaft, tip in drawn:  # type: ignore[misc]
        k = math.hypot(tip[0] - shaft[0][0], tip[1] - shaft[0][1])
        ways.append(((tip[0] - shaft[0][0]) / k, (tip[1] - shaft[0][1]) / k))
    assert ways[0][0] * ways[1][0] + ways[0][1] * ways[1][1] > 0.99  # the same way
    for scene, (shaft, tip) in zip(scenes.values(), drawn, strict=True):  # type: ignore[misc]
        body = [s for s in scene.shapes if s[0] == "poly" and s[3] not in (0.0, 1.0)]
        for x, y in [*shaft, tip]:
            for s in body:
                for a, b in zip(s[1], s[1][1:], strict=False):
                    assert _distance((x, y), tuple(a), tuple(b)) > s[2] / 2, slug


def test_the_lunges_start_shows_the_drop_beside_its_own_hips() -> None:
    # The start stands before the step: its arrow is the same drop, behind its own hips, not
    # in the air where the end's hips will be.
    _, figures = demo_figures("lunge")
    scenes = figure_scenes(figures, "arrows")
    shaft, tip = _arrows(scenes[0])  # type: ignore[misc]
    trunk = next(s for s in scenes[0].shapes if s[0] == "poly" and s[2] == 20)
    hip = min(trunk[1], key=lambda p: p[1])
    assert 12 < abs(shaft[0][0] - hip[0]) < 40 and abs(tip[0] - shaft[0][0]) < 3
    assert tip[1] < hip[1] - 15  # down from the hips, toward where they will be


def test_the_swings_arrow_follows_the_kettlebell() -> None:
    exercise, figures = demo_figures("kettlebell-swing")
    scenes = figure_scenes(figures, exercise.movement)
    shaft, tip = _arrow(scenes)
    start, end = (posed(f.pose, dict(f.joints)) for f in figures.values())
    a, b = placed(start, "ankle_near", 0, 0, True), placed(end, "ankle_near", 0, 0, True)
    assert mover(a, b) == "bell"
    track = path(start, end, "bell", "ankle_near", 0, 0, True)
    # The bell's arc, moved into the picture's frame the way the pictures were.
    bells = [s for s in scenes[0].shapes if s[0] == "circle" and s[3] == 9.5]
    dx, dy = bells[0][1] - track[0][0], bells[0][2] - track[0][1]
    arc = [(x + dx, y + dy) for x, y in track]
    # Every point of the arrow stays within a short, even distance of the arc ...
    gaps = [min(math.hypot(x - ax, y - ay) for ax, ay in arc) for x, y in shaft]
    assert max(gaps) < 40 and max(gaps) - min(gaps) < 12
    # ... and it goes the way the bell goes: from between the knees up and forward.
    assert (tip[0] - shaft[0][0]) * (arc[-1][0] - arc[0][0]) > 0
    assert (tip[1] - shaft[0][1]) * (arc[-1][1] - arc[0][1]) > 0


def test_overlay_is_one_picture_start_faint_and_none_has_no_arrow() -> None:
    _, figures = demo_figures("squat")
    overlay = figure_scenes(figures, "overlay")
    assert list(overlay) == [0]
    greys = {s[3] for s in overlay[0].shapes if s[0] == "poly"} - {1.0}  # (white halos)
    # The end dark; the start lighter, but never so light that a black-and-white laser
    # prints it as faint dots (at 16-27 % black, the sit to stand's chair and seated start
    # were the faintest thing on the card).
    assert min(greys) < 0.2 and any(0.5 < g < 0.65 for g in greys)
    assert max(greys) <= 0.6
    plain = figure_scenes(figures, "none")
    assert set(plain) == {0, 1}
    assert not arrow_of(plain)


def test_the_swing_starts_with_bent_knees_and_the_bridge_ends_clearly_higher() -> None:
    _, swing = demo_figures("kettlebell-swing")
    assert posed(swing[0].pose, dict(swing[0].joints))["knee_near"] >= 40  # "slightly squatted"
    _, bridge = demo_figures("glute-bridge")
    hips = [placed(posed(f.pose, dict(f.joints)), "heel_near", 0, 0, False)["hip"][1]
            for f in bridge.values()]
    assert hips[1] - hips[0] > 0.1 * 140  # the hips rise by more than a tenth of the body


def _distance(p: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> float:
    dx, dy = b[0] - a[0], b[1] - a[1]
    span = dx * dx + dy * dy
    t = 0 if span == 0 else max(0, min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / span))
    return math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy)


def test_an_arrow_stays_on_the_bodys_side_of_a_wall() -> None:
    figures = {0: Figure(pose="standing", props=["wall"]),
               1: Figure(pose="standing", joints={"hip": 90, "knee": 90}, props=["wall"])}
    scenes = figure_scenes(figures, "arrows")
    shaft, tip = _arrow(scenes)
    wall = next(s for s in scenes[1].shapes if s[0] == "rect")
    assert min(x for x, _ in [*shaft, tip]) > wall[1] + wall[3]
    assert tip[1] < shaft[0][1]  # down the wall


WALL_PUSH_UP = {
    0: Figure(pose="standing", joints={"trunk": 20, "hip": 0, "shoulder": 75, "elbow": 0},
              props=["wall-in-front"]),
    1: Figure(pose="standing", joints={"trunk": 30, "hip": 0, "shoulder": 30, "elbow": 95},
              props=["wall-in-front"])}


def test_a_wall_in_front_stands_at_the_hands_and_its_arrow_on_the_bodys_side() -> None:
    """docs/figures.md's wall push-up: the wall touches the hands (it stood behind the heels,
    the hands pushing on nothing), the arrow shows the head going toward it, never past it."""
    scenes = figure_scenes(WALL_PUSH_UP, "arrows")
    for scene in scenes.values():
        wall = next(s for s in scene.shapes if s[0] == "rect")
        body = [(p[0] + s[2] / 2, p[1]) for s in scene.shapes
                if s[0] == "poly" and s[3] not in (FLOOR_INK, 1.0) for p in s[1]]  # (halos)
        feet = min(x for x, _ in body)
        assert wall[1] > feet + 60  # in front of the body, where it leans to
        assert max(x for x, _ in body) == pytest.approx(wall[1], abs=0.5)  # hands on it
    shaft, tip = _arrow(scenes)
    wall = next(s for s in scenes[1].shapes if s[0] == "rect")
    assert max(x for x, _ in [*shaft, tip]) < wall[1]
    assert tip[0] > shaft[0][0]  # toward the wall (the figure looks to the right)

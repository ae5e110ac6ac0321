"""The starter library's figures read back as a patient would check them against the steps:
the pelvic tilt's low back, the heel slide's heel along the floor, the side-lying body on its
side, the squeeze's elbows, the pendulum's near arm, the chin tuck's head, the heel raise's
heels, sit to stand's folded arms and the band drawn as a band."""

from __future__ import annotations

from conftest import REPO

from pdfgen.content.figures.art import arrow_of, figure_scenes
from pdfgen.content.figures.body import BODY_INK, W_TRUNK
from pdfgen.content.figures.poses import BASE_POSES, posed
from pdfgen.content.figures.scene import FLOOR_INK, Scene, Shape, draw
from pdfgen.content.figures.spec import Figure
from pdfgen.content.models import Exercise
from pdfgen.content.parsing import parse_yaml

EXERCISES = REPO / "content" / "exercises"
Point = tuple[float, float]


def scenes_of(slug: str) -> dict[int, Scene]:
    exercise = Exercise.model_validate(parse_yaml(EXERCISES / f"{slug}.yaml"))
    figures: dict[int, Figure] = {i: p.figure for i, p in enumerate(exercise.pictures)
                                  if p.figure}
    return figure_scenes(figures, exercise.movement)


def trunk(scene: Scene) -> list[Point]:
    """The trunk's stroke: hip, (waist,) shoulder."""
    found = [s for s in scene.shapes if s[0] == "poly" and s[2] == W_TRUNK and s[3] == BODY_INK]
    assert len(found) == 1
    return [(p[0], p[1]) for p in found[0][1]]


def arrow(scenes: dict[int, Scene]) -> tuple[list[Point], Point]:
    """The end picture's arrow: its shaft's points and its tip."""
    shapes: list[Shape] = arrow_of(scenes)
    assert shapes, "no arrow"
    shaft, head = shapes
    return [(p[0], p[1]) for p in shaft[1]], (head[1][0][0], head[1][0][1])


def floor(scene: Scene) -> float:
    """The height of the floor (or mat) the body rests on: its lowest trunk or limb ink."""
    return min(p[1] - s[2] / 2 for s in scene.shapes if s[0] == "poly" and s[3] == BODY_INK
               for p in s[1])


def test_the_pelvic_tilts_low_back_is_hollow_at_the_start_and_flat_at_the_end() -> None:
    scenes = scenes_of("pelvic-tilt")
    start, end = trunk(scenes[0]), trunk(scenes[1])
    # The start's trunk bows up at the waist (a hollow under the low back) ...
    assert len(start) == 3
    (hx, hy), (wx, wy), (sx, sy) = start
    assert wy - (hy + (sy - hy) * (wx - hx) / (sx - hx)) > 8
    # ... the end's lies straight along the floor: hips and shoulders where they were.
    assert len(end) == 2
    assert abs(end[0][1] - hy) < 0.5 and abs(end[1][1] - sy) < 0.5
    # The arrow points down at the low back, above it.
    shaft, tip = arrow(scenes)
    assert tip[1] < shaft[0][1] - 20 and abs(tip[0] - shaft[0][0]) < 2
    assert min(hx, sx) < tip[0] < max(hx, sx) and tip[1] > wy


def test_the_heel_slides_arrow_runs_low_along_the_floor_toward_the_buttock() -> None:
    scenes = scenes_of("heel-slide")
    shaft, tip = arrow(scenes)
    (hip_x, _), _ = trunk(scenes[1])
    ground = floor(scenes[1])
    # Level (the heel stays on the floor), pointing at the hips, ...
    assert abs(tip[1] - shaft[0][1]) < 2 and tip[0] < shaft[0][0] - 20
    assert tip[0] > hip_x
    # ... low: within a shin's reach of the floor, not up in the air.
    assert max(y for _, y in [*shaft, tip]) - ground < 40


def test_the_squeezes_arrow_drives_the_elbow_back_below_the_head() -> None:
    scenes = scenes_of("shoulder-blade-squeeze")
    shaft, tip = arrow(scenes)
    (hip_x, hip_y), (_, shoulder_y) = trunk(scenes[1])
    # Back (the figure looks to the right), behind the body, ...
    assert tip[0] < shaft[0][0] - 15 and tip[0] < hip_x
    # ... between the hips and the shoulders: at the elbows, not at the head.
    assert hip_y < min(shaft[0][1], tip[1]) and max(shaft[0][1], tip[1]) < shoulder_y + 5


def test_the_pendulums_hanging_arm_is_the_near_one_and_the_far_hand_holds_the_chair() -> None:
    exercise = Exercise.model_validate(parse_yaml(EXERCISES / "pendulum.yaml"))
    drawn = []
    for picture in exercise.pictures[:2]:
        assert picture.figure
        angles = posed(picture.figure.pose, dict(picture.figure.joints))
        drawn.append(draw(angles, BASE_POSES[picture.figure.pose], picture.figure.props))
    start, end = (d.points for d in drawn)
    # The near (dark) arm swings; the far one stays on the chair's back.
    assert abs(end["hand_near"][0] - start["hand_near"][0]) > 15
    assert start["hand_far"] == end["hand_far"]
    for d in drawn:
        back = min((s for s in d.behind if s[0] == "poly" and len(s[1]) == 2
                    and s[1][0][0] == s[1][1][0]), key=lambda s: s[1][0][0])
        top = max(p[1] for p in back[1])
        assert abs(back[1][0][0] - d.points["hand_far"][0]) < 1  # its back under the hand
        assert abs(d.points["hand_far"][1] - top) < 10
    # Hanging at the start: the near hand below its shoulder, not out in front.
    assert abs(start["hand_near"][0] - start["shoulder"][0]) < 10


def test_the_chin_tucks_head_starts_forward_and_ends_over_the_shoulders() -> None:
    exercise = Exercise.model_validate(parse_yaml(EXERCISES / "chin-tuck.yaml"))
    points = []
    for picture in exercise.pictures[:2]:
        assert picture.figure
        angles = posed(picture.figure.pose, dict(picture.figure.joints))
        points.append(draw(angles, BASE_POSES[picture.figure.pose], []).points)
    start, end = points
    assert start["head"][0] - start["shoulder"][0] > 10  # in front of the shoulders
    assert abs(end["head"][0] - end["shoulder"][0]) < 3  # back over them
    assert start["shoulder"] == end["shoulder"]  # the trunk stays still


def test_side_lying_reads_as_on_the_side_head_on_the_lower_hand_top_hand_in_front() -> None:
    at = draw(posed("side-lying", {}), BASE_POSES["side-lying"], []).points
    (hip_x, hip_y), (shoulder_x, shoulder_y), (head_x, head_y) = (
        at["hip"], at["shoulder"], at["head"])
    # The head is raised off the floor, above the trunk's line ...
    assert head_y - shoulder_y > 10
    # ... beside the lower forearm standing up from the floor past the head.
    assert at["elbow_far"][0] < head_x and at["hand_far"][1] > head_y
    assert abs(at["hand_far"][0] - head_x) < 20
    # The top hand rests on the floor in front of the belly, its elbow up over the chest.
    assert shoulder_x < at["hand_near"][0] < hip_x
    assert at["hand_near"][1] < hip_y and at["elbow_near"][1] > shoulder_y + 5


def test_the_chin_tucks_arrow_slides_the_head_straight_back() -> None:
    scenes = scenes_of("chin-tuck")
    shaft, tip = arrow(scenes)
    _, (_, shoulder_y) = trunk(scenes[1])
    assert abs(tip[1] - shaft[0][1]) < 1  # level: eyes stay level
    assert tip[0] < shaft[0][0] - 20  # back (the figure looks to the right)
    assert tip[1] > shoulder_y  # at the head, above the shoulders


def test_the_heel_raises_arrow_lifts_the_heels() -> None:
    # The body rises whole, yet what a patient does is lift the heels: an arrow up, behind
    # the heels, low (off the floor, below the knees), in both pictures.
    for scene in scenes_of("heel-raise").values():
        marks = [s for s in scene.shapes if s[0] == "poly" and s[3] == 0.0]
        assert marks, "no arrow"
        shaft, tip = [(p[0], p[1]) for p in marks[0][1]], marks[1][1][0]
        (hip_x, hip_y), _ = trunk(scene)
        ground = min(s[1][0][1] for s in scene.shapes if s[0] == "poly" and s[3] == FLOOR_INK)
        assert tip[1] > shaft[0][1] + 20 and abs(tip[0] - shaft[0][0]) < 3  # straight up
        assert tip[0] < hip_x - 10  # behind the legs (the figure looks to the right)
        assert min(y for _, y in shaft) > ground + 2  # off the floor line
        assert tip[1] < ground + (hip_y - ground) * 0.6  # low: at the heels and calves


def test_the_squeezes_arrow_is_level_with_the_elbows() -> None:
    scenes = scenes_of("shoulder-blade-squeeze")
    shaft, tip = arrow(scenes)
    exercise = Exercise.model_validate(parse_yaml(EXERCISES / "shoulder-blade-squeeze.yaml"))
    end = exercise.pictures[1].figure
    assert end
    at = draw(posed(end.pose, dict(end.joints)), BASE_POSES[end.pose], []).points
    (_, hip_y), _ = trunk(scenes[1])
    elbow = at["elbow_near"][1] - at["hip"][1] + hip_y  # in the picture's frame
    assert abs(tip[1] - shaft[0][1]) < 10  # about level: the elbows go back, not up
    assert abs((tip[1] + shaft[0][1]) / 2 - elbow) < 12


def test_sit_to_stands_arms_are_folded_on_the_chest() -> None:
    # "Cross your arms over your chest": the hands rest on the chest below the chin, not
    # held up in front of the face.
    exercise = Exercise.model_validate(parse_yaml(EXERCISES / "sit-to-stand.yaml"))
    for picture in exercise.pictures[:2]:
        assert picture.figure
        at = draw(posed(picture.figure.pose, dict(picture.figure.joints)),
                  BASE_POSES[picture.figure.pose], []).points
        (sx, sy), (_, hy) = at["shoulder"], at["head"]
        for side in ("near", "far"):
            x, y = at[f"hand_{side}"]
            assert abs(x - sx) < W_TRUNK / 2 + 3  # on the chest
            assert y < hy - 9 and y > sy - 20  # below the chin, at the upper chest


def test_a_band_reads_as_a_flat_band() -> None:
    # A strip with two dark edges and a pale middle, from the hand to under the foot: a
    # thin line would read as a string, or vanish on a poor printer.
    scene = figure_scenes({0: Figure(pose="sitting", props=["band"])}, "none")[0]
    drawn = draw(posed("sitting", {}), BASE_POSES["sitting"], ["band"])
    heel = drawn.points["heel_near"]
    edge, middle = [s for s in drawn.body if s[0] == "poly" and len(s[1]) == 3
                    and abs(s[1][-1][0] - heel[0]) < 0.01]
    assert edge[1] == middle[1] and edge[2] >= 6 and edge[2] - middle[2] >= 3
    assert edge[3] < 0.3 and middle[3] > 0.85
    hand = drawn.points["hand_near"]
    assert edge[1][0] == [round(hand[0], 2), round(hand[1], 2)]
    assert edge[1][-1][1] < heel[1]  # under the foot, to its heel
    assert scene.shapes  # it draws inside its frame (test_figures checks every prop)

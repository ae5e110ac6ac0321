"""The figures pdfgen draws: every base pose and prop inside its frame, poses a body cannot
take refused in one line, arrows read back from the drawing's geometry, one scale for a
handout's figures, the same figure the same bytes, and every figure a tagged Figure."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pikepdf
import pytest
from conftest import REPO, pdf_fonts, pdf_text, run
from tagging_helpers import _walk, build

from pdfgen.content.figures.art import FRAME, FigureError, _made, arrow_of, figure_scenes
from pdfgen.content.figures.body import ANGLES
from pdfgen.content.figures.movement import mover, moves, path, placed
from pdfgen.content.figures.poses import BASE_POSES, posed
from pdfgen.content.figures.scene import bounds
from pdfgen.content.figures.spec import Figure, PoseName, PropName
from pdfgen.content.models import Exercise
from pdfgen.content.parsing import parse_yaml

EXERCISES = REPO / "content" / "exercises"
POSES = list(BASE_POSES)
PROPS = ["chair", "mat", "wall", "kettlebell", "band", "step"]


def demo_figures(slug: str) -> tuple[Exercise, dict[int, Figure]]:
    exercise = Exercise.model_validate(parse_yaml(EXERCISES / f"{slug}.yaml"))
    return exercise, {i: p.figure for i, p in enumerate(exercise.pictures) if p.figure}


def test_the_vocabulary_names_every_base_pose_and_prop() -> None:
    assert list(PoseName.__args__) == POSES
    assert list(PropName.__args__) == PROPS
    docs = (REPO / "docs" / "figures.md").read_text()
    for name in [*POSES, *PROPS]:
        assert f"`{name}`" in docs, name


@pytest.mark.parametrize("pose", POSES)
@pytest.mark.parametrize("facing", ["left", "right"])
def test_every_base_pose_draws_inside_its_frame(pose: str, facing: str) -> None:
    scene = _made({0: Figure(pose=pose, facing=facing)}, "arrows")[0]
    x1, y1, x2, y2 = bounds(scene.shapes)
    assert x1 >= 0 and y1 >= 0 and x2 <= scene.width and y2 <= scene.height
    width, height = FRAME[BASE_POSES[pose].lying]
    assert scene.width <= width and scene.height <= height
    # The body rests on the floor (nothing under it), and no contact left floating: every
    # pose's lowest ink is the floor line's.
    assert min(s[1][0][1] for s in scene.shapes if s[0] == "poly") >= y1


@pytest.mark.parametrize("prop", PROPS)
@pytest.mark.parametrize("pose", ["standing", "sitting", "lying-on-back"])
def test_every_prop_draws_inside_the_frame(pose: str, prop: str) -> None:
    bare = _made({0: Figure(pose=pose)}, "arrows")[0]
    scene = _made({0: Figure(pose=pose, props=[prop])}, "arrows")[0]
    x1, y1, x2, y2 = bounds(scene.shapes)
    assert x1 >= 0 and y1 >= 0 and x2 <= scene.width + 0.01 and y2 <= scene.height + 0.01
    assert scene.shapes != bare.shapes or (prop == "chair" and pose == "sitting")


def test_facing_right_mirrors_the_figure() -> None:
    left = _made({0: Figure(pose="standing", joints={"shoulder": 90})}, "arrows")[0]
    right = _made({0: Figure(pose="standing", joints={"shoulder": 90}, facing="right")},
                  "arrows")[0]
    assert (left.width, left.height) == (right.width, right.height)
    head_l = next(s for s in left.shapes if s[0] == "circle")
    head_r = next(s for s in right.shapes if s[0] == "circle")
    assert head_r[1] == pytest.approx(left.width - head_l[1], abs=0.02)


@pytest.mark.parametrize(("joints", "where", "message"), [
    ({"knee": -20}, "joints.knee",
     "-20 bends the knee backwards: a knee bends from 0 (straight) to 160"),
    ({"elbow_near": -10}, "joints.elbow_near",
     "-10 bends the elbow backwards: an elbow bends from 0 (straight) to 150"),
    ({"hip": 170}, "joints.hip",
     "170 is past the hip's range: a hip goes from -30 (thigh behind) to 140"),
    ({"shoulder": 220}, "joints.shoulder",
     "220 is past the shoulder's range: a shoulder goes from -60 (arm behind) to 180"),
])
def test_a_pose_past_a_joints_range_is_refused(joints: dict[str, float], where: str,
                                               message: str) -> None:
    with pytest.raises(FigureError) as caught:
        _made({1: Figure(pose="standing", joints=joints)}, "arrows")
    assert (caught.value.index, caught.value.where) == (1, where)
    assert str(caught.value).startswith(message)


def test_check_refuses_a_knee_bent_backwards_in_one_line(demo: Path) -> None:
    squat = demo / "content" / "exercises" / "squat.yaml"
    text = squat.read_text()
    assert "knee: 95" in text
    squat.write_text(text.replace("knee: 95", "knee: -20"))
    line = 1 + text[:text.index("knee: 95")].count("\n")
    result = run("check", cwd=demo)
    assert result.exit_code == 2, result.output
    expected = (f"error: content/exercises/squat.yaml:{line}: pictures[2].figure.joints.knee: "
                "-20 bends the knee backwards: a knee bends from 0 (straight) to 160")
    assert expected in result.output.splitlines()
    out = demo / "out"
    built = run("handout", "--level", "2", cwd=demo)
    assert built.exit_code == 2
    assert "pictures[2].figure.joints.knee: -20 bends the knee backwards" in built.output
    assert not out.exists() or not list(out.iterdir())  # nothing half-written


def test_check_refuses_a_figure_leaving_its_frame(demo: Path) -> None:
    squat = demo / "content" / "exercises" / "squat.yaml"
    # On tiptoe on a step, reaching overhead: the hands reach above an upright frame.
    squat.write_text(squat.read_text().replace(
        "- figure: {pose: standing}\n",
        "- figure: {pose: standing, joints: {shoulder: 180, ankle: -75, toes: 60}, "
        "props: [step]}\n", 1))
    result = run("check", cwd=demo)
    assert result.exit_code == 2, result.output
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert len(errors) == 1
    assert re.fullmatch(r"error: content/exercises/squat\.yaml:\d+: pictures\[1\]\.figure\."
                        r"joints: the hand \(far\) reaches 204 above the floor, out of the "
                        r"figure's frame \(at most 200; the body is 140 tall\)", errors[0])


def test_an_unknown_pose_or_joint_is_told_with_the_closest_name(demo: Path) -> None:
    squat = demo / "content" / "exercises" / "squat.yaml"
    squat.write_text(squat.read_text().replace("knee: 95", "kne: 95").replace(
        "- figure: {pose: standing}\n", "- figure: {pose: standin}\n", 1))
    result = run("check", cwd=demo)
    assert result.exit_code == 2
    assert "pictures[1].figure.pose: did you mean 'standing'?" in result.output
    assert "did you mean 'knee'?" in result.output


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
    greys = {s[3] for s in overlay[0].shapes if s[0] == "poly"}
    assert min(greys) < 0.2 and any(0.65 < g < 0.99 for g in greys)  # dark and faint
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


def test_the_same_figure_gives_the_same_bytes() -> None:
    figures = {0: Figure(pose="standing", props=["kettlebell"]),
               1: Figure(pose="standing", joints={"shoulder": 80}, props=["kettlebell"])}
    first = json.dumps([list(s.shapes) for s in _made(figures, "arrows").values()])
    again = json.dumps([list(s.shapes) for s in _made(dict(figures), "arrows").values()])
    assert first == again


def _figure_scales(pdf: Path) -> list[float]:
    """The scale every tagged Figure is drawn at, read from the page's operators: a picture
    is drawn inside its marked content, scaled by one `cm`."""
    scales = []
    with pikepdf.open(pdf) as doc:
        for page in doc.pages:
            inside = False
            for operands, operator in pikepdf.parse_content_stream(page):
                name = str(operator)
                if name == "BDC" and str(operands[0]) == "/Figure":
                    inside, found = True, False
                elif name == "EMC":
                    inside = False
                elif inside and name == "cm" and not found:
                    a, b, c, d, e, f = (float(v) for v in operands)
                    if b == c == e == f == 0 and a == d != 1:
                        scales.append(round(a, 3))  # its box has a hair of slack
                        found = True
    return scales


@pytest.mark.parametrize(("level", "figures"), [("2", 6), ("1", 6)])
def test_one_scale_for_every_figure_of_a_handout_and_each_a_figure_with_alt(
        tmp_path: Path, level: str, figures: int) -> None:
    # Level 2 draws only upright bodies, level 1 only lying ones: one body size for each.
    pdf = build(tmp_path, ["--level", level])
    scales = _figure_scales(pdf)
    assert len(scales) == figures
    assert len(set(scales)) == 1, scales
    with pikepdf.open(pdf) as doc:
        alts = [str(e.Alt) for e in _walk(doc.Root.StructTreeRoot) if str(e.S) == "/Figure"]
    captions = [p.caption for slug in ("squat", "lunge", "kettlebell-swing", "plank-bird-dog",
                                       "back-extension", "glute-bridge")
                for p in demo_figures(slug)[0].pictures]
    assert sum(alt in captions for alt in alts) == figures


def test_every_solved_pose_keeps_its_joints_in_range() -> None:
    for name in POSES:
        angles = posed(name, {})
        assert set(angles) == set(ANGLES)


def test_figures_writes_a_sheet_of_every_base_pose_and_prop(demo: Path) -> None:
    result = run("figures", cwd=demo)
    assert result.exit_code == 0, result.output
    sheet = demo / "out" / "figures.pdf"
    assert result.output.strip() == "out/figures.pdf"
    text = pdf_text(sheet)
    for pose in POSES:
        assert f"pose: {pose}" in text
    for prop in PROPS:
        assert f"props: [{prop}]" in text
    with pikepdf.open(sheet) as doc:
        assert len(doc.pages) == 1
    fonts = pdf_fonts(sheet)  # the clinic's type, embedded, as in a handout
    assert fonts and all(fonts.values()), fonts
    assert all("AtkinsonHyperlegible" in name for name in fonts), fonts
    again = demo / "again.pdf"
    assert run("figures", "--output", str(again), cwd=demo).exit_code == 0
    assert again.read_bytes() == sheet.read_bytes()  # the same figures, the same bytes
    bad = run("figures", "--output", str(demo / "sheet.png"), cwd=demo)
    assert bad.exit_code == 2
    assert "expected a file name ending in .pdf" in bad.output
    assert not (demo / "sheet.png").exists()


def test_new_exercise_with_a_pose_starts_with_figures_that_check(demo: Path) -> None:
    result = run("new", "exercise", "wall-sit", "--pose", "standing", cwd=demo)
    assert result.exit_code == 0, result.output
    made = demo / "content" / "exercises" / "wall-sit.yaml"
    data = parse_yaml(made)
    assert [p["figure"]["pose"] for p in data["pictures"]] == ["standing", "standing"]
    assert data["movement"] == "arrows"
    data = {**{k: v for k, v in data.items() if k not in ("why", "tips", "easier", "harder")},
            "name": "Wall sit", "summary": "A squat held against a wall.",
            "steps": ["Lean on the wall.", "Slide down."]}
    data["pictures"][1]["figure"]["joints"] = {"hip": 90, "knee": 90}
    exercise = Exercise.model_validate(data)
    scenes = figure_scenes({i: p.figure for i, p in enumerate(exercise.pictures)
                            if p.figure}, exercise.movement)
    assert set(scenes) == {0, 1} and arrow_of(scenes)
    wrong = run("new", "exercise", "wall-sit-2", "--pose", "standng", cwd=demo)
    assert wrong.exit_code == 2
    assert "--pose standng: did you mean 'standing'?" in wrong.output
    assert not (demo / "content" / "exercises" / "wall-sit-2.yaml").exists()


def test_the_schema_covers_figures(demo: Path) -> None:
    assert run("schema", "--output", str(demo / "schemas"), cwd=demo).exit_code == 0
    schema = json.loads((demo / "schemas" / "exercise.schema.json").read_text())
    figure = schema["$defs"]["Figure"]
    assert figure["properties"]["pose"]["enum"] == POSES
    assert set(figure["properties"]["props"]["items"]["enum"]) == set(PROPS)
    assert "knee_near" in json.dumps(figure["properties"]["joints"])
    assert schema["properties"]["movement"]["enum"] == ["arrows", "overlay", "none"]


def test_docs_show_every_base_pose_and_prop() -> None:
    docs = (REPO / "docs" / "figures.md").read_text()
    for name in [*POSES, *(f"prop-{p}" for p in PROPS)]:
        picture = f"images/figure-{name}.png"
        assert picture in docs and (REPO / "docs" / picture).is_file(), name


def test_an_arrow_stays_on_the_bodys_side_of_a_wall() -> None:
    figures = {0: Figure(pose="standing", props=["wall"]),
               1: Figure(pose="standing", joints={"hip": 90, "knee": 90}, props=["wall"])}
    scenes = figure_scenes(figures, "arrows")
    shaft, tip = _arrow(scenes)
    wall = next(s for s in scenes[1].shapes if s[0] == "rect")
    assert min(x for x, _ in [*shaft, tip]) > wall[1] + wall[3]
    assert tip[1] < shaft[0][1]  # down the wall

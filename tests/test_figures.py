"""Every pose and prop draws inside its frame; a pose no body can take is refused in one line."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pikepdf
import pytest
from conftest import REPO, pdf_fonts, pdf_text, run
from figure_helpers import _figure_scales, demo_figures
from pydantic import ValidationError
from tagging_helpers import _walk, build

from pdfgen.content.figures.art import FRAME, FigureError, _made, arrow_of, figure_scenes
from pdfgen.content.figures.body import ANGLES
from pdfgen.content.figures.poses import BASE_POSES, posed
from pdfgen.content.figures.scene import bounds, draw
from pdfgen.content.figures.spec import Figure, PoseName, PropName
from pdfgen.content.models import Exercise
from pdfgen.content.parsing import parse_yaml

POSES = list(BASE_POSES)
PROPS = ["chair", "mat", "wall", "wall-in-front", "kettlebell", "band", "step"]


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


def test_the_same_figure_gives_the_same_bytes() -> None:
    figures = {0: Figure(pose="standing", props=["kettlebell"]),
               1: Figure(pose="standing", joints={"shoulder": 80}, props=["kettlebell"])}
    first = json.dumps([list(s.shapes) for s in _made(figures, "arrows").values()])
    again = json.dumps([list(s.shapes) for s in _made(dict(figures), "arrows").values()])
    assert first == again


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


@pytest.mark.parametrize("pose", POSES)
def test_every_part_of_the_body_prints_at_least_half_black(pose: str) -> None:
    """A grey under half black prints as faint dots on a cheap black-and-white laser
    printer: the far limbs once did (0.60, 40 % black), the bird dog's reaching arm and the
    lunge's back leg among them."""
    drawn = draw(posed(pose, {}), BASE_POSES[pose], [])
    # (The white halos that keep near limbs apart excepted.)
    greys = [s[3] for s in drawn.body if s[0] == "poly" and s[3] != 1.0]
    greys += [s[4] for s in drawn.body if s[0] == "circle"]
    assert len(greys) >= 8, drawn.body
    assert max(greys) <= 0.5, greys


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
    # Left as written, the captions ("Start: ...") and the end's pose (the start's) are
    # refused: they would print two pictures alike, captioned with dots.
    with pytest.raises(ValidationError) as left:
        Exercise.model_validate(data)
    assert [e["loc"] for e in left.value.errors()] == [
        ("pictures", 0, "caption"), ("pictures", 1, "caption")]
    data["pictures"][0]["caption"] = "Start: stand with your back to the wall."
    data["pictures"][1]["caption"] = "Down: slide down until your knees are bent."
    with pytest.raises(ValidationError, match="the first two figures are the same pose"):
        Exercise.model_validate(data)
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

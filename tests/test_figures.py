"""The exercise figures: committed SVGs match tools/figures.py, and svglib reads every one."""

from __future__ import annotations

import importlib.util
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from types import ModuleType

import pytest
from svglib.svglib import svg2rlg

REPO = Path(__file__).resolve().parents[1]
FIGURES = REPO / "content" / "images" / "exercises"
EXERCISES = sorted(path.stem for path in (REPO / "content" / "exercises").glob("*.yaml")
                   if "." not in path.stem)  # not the translations (squat.es.yaml)
SVG = "{http://www.w3.org/2000/svg}"
# What svglib draws faithfully; anything else (text, CSS, gradients, filters) is kept out.
ALLOWED = {"svg", "g", "path", "line", "polyline", "circle", "ellipse", "rect"}


def load_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("tools_figures", REPO / "tools" / "figures.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    # Dataclasses look their module up in sys.modules while the class is being made.
    sys.modules["tools_figures"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def tool() -> ModuleType:
    return load_tool()


def test_the_committed_figures_are_what_the_tool_draws(tool: ModuleType) -> None:
    for path, svg in tool.figures().items():
        assert path.read_text(encoding="utf-8") == svg, (
            f"{path.name} is stale: run python tools/figures.py")


def test_the_check_flag_reports_a_missing_or_changed_figure(
    tool: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(tool, "OUT", tmp_path)
    assert tool.main(["--check"]) == 1  # nothing written yet
    assert tool.main([]) == 0
    assert len(list(tmp_path.glob("*.svg"))) == 2 * len(EXERCISES)
    assert tool.main(["--check"]) == 0
    (tmp_path / "squat-end.svg").write_text("<svg/>", encoding="utf-8")
    capsys.readouterr()
    assert tool.main(["--check"]) == 1
    assert "squat-end.svg" in capsys.readouterr().out


def test_every_exercise_has_a_start_and_an_end_figure_and_nothing_else() -> None:
    expected = {f"{slug}-{phase}.svg" for slug in EXERCISES for phase in ("start", "end")}
    assert len(EXERCISES) == 6
    assert {path.name for path in FIGURES.glob("*.svg")} == expected


@pytest.mark.parametrize("name", [f"{s}-{p}" for s in EXERCISES for p in ("start", "end")])
def test_a_figure_is_plain_svg_that_svglib_draws(name: str) -> None:
    path = FIGURES / f"{name}.svg"
    root = ET.parse(path).getroot()
    assert root.get("viewBox") == "0 0 240 200"  # one canvas, so one scale, for every figure
    for node in root.iter():
        assert node.tag.removeprefix(SVG) in ALLOWED, node.tag
        assert not {"style", "class", "filter", "mask", "clip-path"} & set(node.attrib)
    drawing = svg2rlg(str(path))
    assert drawing is not None
    assert drawing.width > 0
    assert drawing.height > 0

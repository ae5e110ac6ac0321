"""Issue 25's ratios in instructions, counted by valgrind's callgrind (`bench.py
--instructions`): the same count for the same work, however busy the machine is."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bench import BUILD_MODULES, ENV, FLOOR_HANDOUT, FLOOR_MODELS, REPO

# What the floor leaves out and a handout cannot do without: pydantic, which Typer (checking
# each option's value) and pdfgen's content models use (imported, and its first model made:
# most of its cost is the machinery that first model loads), and every module a handout's
# build imports (pdfgen's own, and the rest of ReportLab's). Counted, these show how much
# of issue 25's 1.6 is spent before the first line is laid out.
FLOOR_PYDANTIC = (f"import pdfgen.cli; {FLOOR_HANDOUT}\nfrom pydantic import BaseModel\n"
                  "class One(BaseModel):\n    a: int")
FLOOR_IMPORTS = f"{FLOOR_MODELS}, pdfgen.cli.app, {', '.join(BUILD_MODULES)}"


def builds(count: int, loaded: bool) -> None:
    """`count` Level 2 builds in this process, after importing what the bench's in-process
    build imports (and, `loaded`, every module a build uses): what instructions() counts."""
    from pdfgen import program

    program.set_up()  # as the pdfgen program's processes start
    if loaded:
        for name in BUILD_MODULES:
            __import__(name)
    from pdfgen.build import HandoutRequest, build_handout
    from pdfgen.content.project import Project

    project = Project(root=REPO, out_dir=REPO / "out")
    for _ in range(count):
        build_handout(project, HandoutRequest(level=2, date=dt.date(2026, 11, 24)))


def instructions(cmd: list[str], cwd: Path) -> int:
    """Instructions the process runs, counted by valgrind's callgrind: the same count for
    the same work whatever else the machine is doing (after a run that fills the caches)."""
    subprocess.run(cmd, cwd=cwd, check=True, capture_output=True, env=ENV)
    with tempfile.TemporaryDirectory() as tmp:
        done = subprocess.run(["valgrind", "--tool=callgrind",
                               f"--callgrind-out-file={tmp}/out", *cmd], cwd=cwd,
                              check=True, capture_output=True, text=True, env=ENV)
    return int(re.search(r"Collected : (\d+)", done.stderr).group(1))  # type: ignore[union-attr]


def counted(floor: str, typer_run: str, command: list[str]) -> None:
    """The ratios of issue 25 in instructions (`--instructions`): whole processes (in a copy
    of the demo clinic), and a process's first build against a warm one, with and without its
    modules imported before."""
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        shutil.copytree(REPO / "content", work / "content")
        _counted(floor, typer_run, command, work)


def _counted(floor: str, typer_run: str, command: list[str], work: Path) -> None:
    python = sys.executable
    child = ("import sys; sys.path.insert(0, {bench!r}); import instructions; "
             "instructions.builds({count}, {loaded})")

    def builds_of(count: int, loaded: bool) -> int:
        return instructions([python, "-c", child.format(bench=str(REPO / "bench"), count=count,
                                                        loaded=loaded)], REPO)

    n = {name: instructions(cmd, work) for name, cmd in {
        "import typer": [python, "-c", "import typer"],
        "floor": [python, "-c", floor],
        "floor and Typer running a command": [python, "-c", typer_run],
        "floor and pydantic": [python, "-c", FLOOR_PYDANTIC],
        "floor and all a handout imports": [python, "-c", FLOOR_IMPORTS],
        "pdfgen --help": [*command, "--help"],
        "pdfgen handout --level 2": [*command, "handout", "--level", "2"]}.items()}
    cold = [builds_of(count, False) for count in (0, 1, 2)]
    warm = [builds_of(count, True) for count in (0, 1, 2)]
    print("instructions (valgrind callgrind; the same whatever the machine is doing)")
    for name, count in n.items():
        print(f"  {name:<42} {count / 1e6:7.0f} M")
    first, then = cold[1] - cold[0], cold[2] - cold[1]
    loaded_first, loaded_then = warm[1] - warm[0], warm[2] - warm[1]
    print(f"  {'build of Level 2, first / then':<42} {first / 1e6:7.0f} M / {then / 1e6:.0f} M")
    print(f"  {'  its modules imported before':<42} {loaded_first / 1e6:7.0f} M / "
          f"{loaded_then / 1e6:.0f} M")
    ratios: tuple[tuple[str, float, float | None], ...] = (
        ("--help / import typer", n["pdfgen --help"] / n["import typer"], 1.2),
        ("handout / import floor", n["pdfgen handout --level 2"] / n["floor"], 1.6),
        ("  floor and Typer running a command / floor",
         n["floor and Typer running a command"] / n["floor"], None),
        ("  handout / floor and Typer running a command",
         n["pdfgen handout --level 2"] / n["floor and Typer running a command"], None),
        ("  floor and pydantic / floor", n["floor and pydantic"] / n["floor"], None),
        ("  floor and all a handout imports / floor",
         n["floor and all a handout imports"] / n["floor"], None),
        ("first / warm build", first / then, 2),
        ("  its modules imported before", loaded_first / loaded_then, None))
    for name, value, goal in ratios:
        target = f"(target <= {goal})" if goal else ""
        print(f"  {name:<42} {value:7.2f} x  {target}")

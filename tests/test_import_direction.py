"""The stages read one way: each module of pdfgen imports only its own stage and those below."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "pdfgen"

# The stages in the order data goes through them, lowest first. Stage-free modules share
# the lowest rank: they import no stage. The files a handout leaves (files.py) are the
# pipeline's (build.py), which mail and deliver use too. Mail stands below deliver: a batch
# (deliver) sends its handouts by mail, and mail needs nothing of deliver. The Python API
# (api.py) is made of every stage's commands; the web layer (serve) and the command line use
# the API, and the command line starts the web layer.
RANKS = {
    "errors": 0, "collector": 0, "disk_cache": 0, "caches": 0, "children": 0, "languages": 0,
    "program": 0,
    "content": 1,
    "text": 2,
    "layout": 3,
    "build": 4, "files": 4,
    "mail": 5,
    "deliver": 6,
    "clinic": 7,
    "api": 8, "handout_choices": 8, "handout_notes": 8,
    "serve": 9,
    "cli": 10, "command": 11, "__main__": 11,  # the command: loads the command line
}
# Modules of no stage inside a stage's folder: ReportLab's door, kept with layout, imports
# no stage of pdfgen's (only the caches, of none), and the fonts (text) and the SVG reader
# (content) need ReportLab's insides as much as layout does.
NO_STAGE = "no stage"
STAGE_FREE = {"pdfgen.layout.reportlab_door"}
RANKS[NO_STAGE] = 0
# pdfgen/__init__.py hands out the Python API: it may import any stage (lazily).
EXEMPT = {PACKAGE / "__init__.py"}
# `from pdfgen import X` where X is no module: the API pdfgen/__init__.py hands out, which is
# for pdfgen's users, never for its own stages (a dunder such as __version__ is the
# package's own data).
PUBLIC_API = "the public API (pdfgen/__init__.py)"


def stage_of(path: Path) -> str:
    """The stage a file of the package belongs to: its folder, or its own name at the top."""
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    if ".".join(("pdfgen", *parts)) in STAGE_FREE:
        return NO_STAGE
    return parts[0]


def is_module(name: str) -> bool:
    """Whether `pdfgen.a.b` names a module or package of pdfgen's (not a name in one)."""
    place = PACKAGE.joinpath(*name.split(".")[1:])
    return place.is_dir() or place.with_suffix(".py").is_file()


def imported(tree: ast.AST, path: Path) -> list[tuple[int, str]]:
    """Every pdfgen module the file imports, with the line: at module level, inside
    functions, under `if TYPE_CHECKING`, relative or absolute."""
    package = ".".join(("pdfgen", *path.relative_to(PACKAGE).parent.parts))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[:len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, *([node.module] if node.module else [])])
            # `from pdfgen import layout` names a stage, `from pdfgen.text import limits` a
            # module; `from pdfgen import build_handout` a name the package hands out.
            for alias in node.names:
                name = f"{base}.{alias.name}"
                found.append((node.lineno, name if is_module(name) or base == "pdfgen"
                              else base))
    return [(line, name) for line, name in found if name.split(".")[0] == "pdfgen"]


def target_stage(module: str) -> str:
    """The stage an imported module belongs to (PUBLIC_API for a name of the package's)."""
    parts = module.split(".")
    if len(parts) == 1:
        return PUBLIC_API
    if any(module == free or module.startswith(free + ".") for free in STAGE_FREE):
        return NO_STAGE
    name = parts[1]
    if (PACKAGE / name).is_dir() or (PACKAGE / f"{name}.py").is_file():
        return name
    return "" if name.startswith("__") and name.endswith("__") else PUBLIC_API


def violations(path: Path, source: str) -> list[str]:
    """What the file imports from a later stage, one line each: file, line, module."""
    stage = stage_of(path)
    where = path.relative_to(REPO)
    if stage not in RANKS:
        return [f"{where}: a stage of its own ({stage}): give it a rank in RANKS"]
    found = []
    for line, module in imported(ast.parse(source), path):
        target = target_stage(module)
        if not target:
            continue
        if target == PUBLIC_API or RANKS.get(target, len(RANKS) + 1) > RANKS[stage]:
            found.append(f"{where}:{line}: {stage} imports {module}, of a later stage "
                         f"({target})")
    return found


MODULES = sorted(p for p in PACKAGE.rglob("*.py") if p not in EXEMPT)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(REPO)))
def test_every_module_imports_only_its_stage_and_those_below(path: Path) -> None:
    found = violations(path, path.read_text(encoding="utf-8"))
    assert not found, "\n".join(found)


@pytest.mark.parametrize(("file", "source", "line", "module"), [
    ("content/models.py", "def f():\n    from pdfgen.text.i18n import language\n", 2,
     "pdfgen.text.i18n"),
    ("text/engine.py", "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
     "    from pdfgen.layout.theme import Theme\n", 3, "pdfgen.layout.theme"),
    ("layout/blocks/card.py", "from ...build import build_handout\n", 1, "pdfgen.build"),
    ("layout/pages.py", "from .. import build\n", 1, "pdfgen.build"),
    ("disk_cache.py", "import pdfgen.text.sandbox\n", 1, "pdfgen.text.sandbox"),
    ("files.py", "from pdfgen.mail.message import write_draft\n", 1, "pdfgen.mail.message"),
    ("layout/reportlab_door.py", "from pdfgen.layout.theme import Theme\n", 1,
     "pdfgen.layout.theme"),
    ("content/svg_art.py", "from pdfgen.layout import reportlab_door, theme\n", 1,
     "pdfgen.layout.theme"),
    ("build.py", "from pdfgen.deliver.batch import run_batch\n", 1,
     "pdfgen.deliver.batch"),
    ("mail/message.py", "from pdfgen.deliver import batch\n", 1, "pdfgen.deliver.batch"),
    ("text/resolve_card.py", "from pdfgen import build_handout\n", 1,
     "pdfgen.build_handout"),
    ("clinic/check.py", "from pdfgen import open_clinic\n", 1, "pdfgen.open_clinic"),
    ("deliver/batch.py", "from pdfgen.api import ClinicFolder\n", 1, "pdfgen.api"),
])
def test_an_upward_import_is_named_with_its_file_and_line(file: str, source: str, line: int,
                                                          module: str) -> None:
    assert violations(PACKAGE / file, source) == [
        f"pdfgen/{file}:{line}: {stage_of(PACKAGE / file)} imports {module}, of a later "
        f"stage ({target_stage(module)})"]


@pytest.mark.parametrize(("file", "source"), [
    ("layout/pages.py", "from pdfgen import __version__\nfrom pdfgen.text import engine\n"),
    ("deliver/batch.py", "from pdfgen.mail.settings import Server\nimport pdfgen.files\n"),
    ("text/resolve_card.py", "from . import resolve_strings\nfrom ..content import models\n"),
    ("cli/app.py", "from pdfgen import build, errors\nfrom pdfgen.api import open_clinic\n"),
    ("text/fonts.py", "from pdfgen.layout.reportlab_door import SubsetFont\n"),
    ("content/svg_record.py", "from pdfgen.layout import reportlab_door\n"),
])
def test_imports_down_the_stages_or_within_one_pass(file: str, source: str) -> None:
    assert violations(PACKAGE / file, source) == []


def test_a_new_top_level_module_must_be_given_a_stage() -> None:
    assert violations(PACKAGE / "helpers.py", "import os\n") == [
        "pdfgen/helpers.py: a stage of its own (helpers): give it a rank in RANKS"]


# What opens, reads, lists or writes a file (a Path's methods, or open()).
FILE_CALLS = {"open", "read_bytes", "read_text", "write_bytes", "write_text", "glob", "rglob",
              "iterdir", "exists", "is_file", "is_dir", "stat", "mkdir", "unlink", "scandir",
              "listdir"}


def test_layout_opens_no_file() -> None:
    """Layout draws what the stages below it read: pictures come as content's, remembered
    answers from the store its caches give (pdfgen.caches.Caches.lasting_store)."""
    found = []
    for path in sorted((PACKAGE / "layout").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and (
                    (isinstance(node.func, ast.Attribute) and node.func.attr in FILE_CALLS)
                    or (isinstance(node.func, ast.Name) and node.func.id == "open")):
                found.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
            if isinstance(node, ast.ImportFrom | ast.Import) and any(
                    "disk_cache" in name for name in
                    [getattr(node, "module", None) or "", *(a.name for a in node.names)]):
                found.append(f"{path.relative_to(PACKAGE)}:{node.lineno} imports disk_cache")
    assert found == []

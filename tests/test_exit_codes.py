"""Exit codes are decided in one place: every error class in errors.py with its code, every
exit in cli/app.py, and the README's table naming each code."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
from pathlib import Path

import pytest
from conftest import REPO

import pdfgen
from pdfgen import errors
from pdfgen.cli import app

PACKAGE = REPO / "pdfgen"
THE_PLACE = PACKAGE / "cli" / "app.py"
# A batch worker is a child process ending itself (its parent stopped it or is gone); the
# exit code the user sees is the batch's, decided in cli/app.py.
CHILD_PROCESS = {PACKAGE / "deliver" / "batch_worker.py",
                 PACKAGE / "deliver" / "worker_signals.py"}


def _all_modules() -> None:
    for info in pkgutil.walk_packages(pdfgen.__path__, "pdfgen."):
        if not info.name.endswith("__main__"):
            importlib.import_module(info.name)


def _subclasses(root: type) -> set[type]:
    found, todo = set(), [root]
    while todo:
        for sub in todo.pop().__subclasses__():
            if sub.__module__.startswith("pdfgen") and sub not in found:
                found.add(sub)
                todo.append(sub)
    return found


def test_every_error_and_ending_is_declared_in_errors_py_with_its_code() -> None:
    _all_modules()
    classes = _subclasses(errors.PdfgenError) | _subclasses(errors.Finished)
    assert len(classes) >= 25
    outside = sorted(f"{c.__module__}.{c.__name__}" for c in classes
                     if c.__module__ != "pdfgen.errors")
    assert outside == [], "declare these in pdfgen/errors.py"
    for cls in classes | {errors.PdfgenError}:
        assert isinstance(cls.exit_code, int) and 0 < cls.exit_code < 256, cls


def _exits(path: Path) -> list[tuple[int, str]]:
    """(line, what) of every sys.exit, os._exit and typer.Exit/SystemExit with a code
    other than 0 in a module."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        name = ast.unparse(node.func)
        if name in ("sys.exit", "os._exit", "exit", "quit"):
            found.append((node.lineno, ast.unparse(node)))
        elif name.split(".")[-1] in ("Exit", "SystemExit"):
            code = node.args[0] if node.args else None
            if not (code is None or (isinstance(code, ast.Constant) and code.value == 0)):
                found.append((node.lineno, ast.unparse(node)))
    return found


def test_no_module_but_cli_app_decides_an_exit() -> None:
    elsewhere = [f"{path.relative_to(REPO)}:{line}: {call}"
                 for path in sorted(PACKAGE.rglob("*.py"))
                 if path != THE_PLACE and path not in CHILD_PROCESS
                 for line, call in _exits(path)]
    assert elsewhere == []
    # and the place itself: one sys.exit (the process's end), one Exit (an error's code)
    calls = [call for _, call in _exits(THE_PLACE)]
    assert sorted(calls) == ["sys.exit(code)", "typer.Exit(exit_code(end))"]


def test_the_child_processes_exit_only_as_their_parent_asks() -> None:
    for path in CHILD_PROCESS:
        calls = [call for _, call in _exits(path)]
        # (128 + SIGTERM: its batch stopped it; os._exit when Python cannot raise the exit)
        assert calls and all(c in ("sys.exit(0)", "sys.exit(STOPPED)", "os._exit(STOPPED)")
                             for c in calls), calls


def test_the_readme_table_names_every_exit_code() -> None:
    _all_modules()
    codes = {c.exit_code for c in _subclasses(errors.PdfgenError) | _subclasses(errors.Finished)}
    table = (REPO / "README.md").read_text(encoding="utf-8").split("| Exit code |", 1)[1]
    listed: set[int] = set()
    for first, last in re.findall(r"^\| (\d+)(?: to (\d+))? \|", table, flags=re.M):
        listed.update(range(int(first), int(last or first) + 1))
    assert codes <= listed, sorted(codes - listed)


@pytest.mark.parametrize(("end", "code"), [
    (errors.CheckErrors(), 2), (errors.CheckWarnings(), 1), (errors.RowsNotDone(), 1),
    (errors.Interrupted(), 130), (errors.PrintError("x"), 9), (errors.MailUnknownError("x"), 10),
])
def test_each_ending_has_the_code_the_readme_gives(end: errors.PdfgenError | errors.Finished,
                                                   code: int,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    assert app.exit_code(end) == code
    said = capsys.readouterr().err
    assert said == (f"error: {end.message}\n" if isinstance(end, errors.PdfgenError) else "")

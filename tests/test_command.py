"""The `pdfgen` command as a shell runs it: Ctrl-C at any moment, while Python still loads
pdfgen or once the command runs, ends it quietly with 130 (it printed a traceback of
imports in its first half second); an option given twice is refused, not the last kept."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import files_in, run


def before_pdfgen_ran(err: str) -> bool:
    """Whether Ctrl-C came while Python still started, before the first line of pdfgen's
    entry point: its traceback is Python's, every frame of pdfgen's still being imported."""
    frames = re.findall(r'File "([^"]+)", line \d+, in (\S+)', err)
    ours = [(file, where) for file, where in frames if f"pdfgen{os.sep}" in file]
    return (err.startswith("Traceback") and err.endswith("KeyboardInterrupt\n")
            and all(where == "<module>" and Path(file).name in ENTRY for file, where in ours))


ENTRY = {"__main__.py", "__init__.py", "command.py"}  # `python -m pdfgen`, before main()


@pytest.mark.parametrize("after", [0.3, 0.6, 1.0])
def test_ctrl_c_while_it_loads_or_runs_is_quiet(demo: Path, after: float) -> None:
    command = subprocess.Popen([sys.executable, "-m", "pdfgen", "handout", "--level", "2"],
                               cwd=demo, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, preexec_fn=lambda: signal.signal(
                                   signal.SIGINT, signal.SIG_DFL))
    time.sleep(after)
    command.send_signal(signal.SIGINT)
    out, err = command.communicate(timeout=60)
    if command.returncode == 0:  # finished before the signal came: nothing to interrupt
        return
    if before_pdfgen_ran(err):  # (a busy machine: Python's own start, before pdfgen's)
        return
    # 130 once the command runs; ended by the signal itself while it loads (a shell says
    # 130 for both)
    assert command.returncode in (130, -signal.SIGINT), (out, err)
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
    assert not (demo / "out").exists() or files_in(demo / "out") in (
        [], ["back-pain-level-2.pdf"])  # never half a file


def test_ctrl_c_while_the_command_line_loads_ends_it_by_the_signal(demo: Path) -> None:
    # Ctrl-C at the moment pdfgen's command line is imported (in its first half second it
    # printed a traceback of the imports, whatever the machine's speed).
    child = ("import builtins, os, signal, sys\n"
             "import pdfgen.command\n"
             "sys.argv = ['pdfgen', 'handout', '--level', '2']\n"
             "load = builtins.__import__\n"
             "def pressed(name, *args, **kwargs):\n"
             "    if name == 'pdfgen.cli.app':\n"
             "        os.kill(os.getpid(), signal.SIGINT)\n"
             "    return load(name, *args, **kwargs)\n"
             "builtins.__import__ = pressed\n"
             "pdfgen.command.main()\n")
    done = subprocess.run([sys.executable, "-c", child], cwd=demo, capture_output=True,
                          text=True, timeout=60, preexec_fn=lambda: signal.signal(
                              signal.SIGINT, signal.SIG_DFL))
    assert done.returncode == -signal.SIGINT, (done.stdout, done.stderr)
    assert done.stdout == "" and done.stderr == ""
    assert not (demo / "out").exists()


# Ctrl-C raised inside a library's own machinery: pydantic, building a validator as it came,
# reported the clinic's `country = "US"` as no country code (exit 2), or failed with its own
# SchemaError (a traceback, exit 1); raised in an import's lock, it was printed ("Exception
# ignored in") and lost. The child presses Ctrl-C inside a stand-in for such a library, as
# the command loads the clinic folder.
SWALLOWED = {
    "into a mistake": "    raise PdfgenError('content/clinic.toml:41: country: expected a "
                      "two-letter country code')\n",
    "into a library's error": "    raise RuntimeError('Error building validator')\n",
    "and lost": "    type('Dropped', (), {'__del__': lambda self: os.kill(os.getpid(), "
                "signal.SIGINT)})()\n"  # (raised in its clean-up, where Python cannot)
                "    return loaded(self)\n",
}


def swallowing(then: str, press: bool = True) -> str:
    """A child running `pdfgen handout --level 2`, whose clinic folder is loaded by a
    library that makes Ctrl-C into what `then` does."""
    return ("import os, signal, sys\n"
            "import pdfgen.command\n"
            "from pdfgen.cli.options import HandoutOptions\n"
            "from pdfgen.errors import PdfgenError\n"
            "sys.argv = ['pdfgen', 'handout', '--level', '2']\n"
            "loaded = HandoutOptions.clinic\n"
            "def clinic(self):\n"
            "    try:\n"
            f"        {'os.kill(os.getpid(), signal.SIGINT)' if press else 'pass'}\n"
            "    except BaseException:\n"
            "        pass\n"
            f"{then}"
            "HandoutOptions.clinic = clinic\n"
            "pdfgen.command.main()\n")


@pytest.mark.parametrize("made", SWALLOWED)
def test_ctrl_c_that_a_library_swallowed_still_ends_the_command_quietly(demo: Path,
                                                                         made: str) -> None:
    child = swallowing(SWALLOWED[made], press=made != "and lost")
    done = subprocess.run([sys.executable, "-c", child], cwd=demo, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 130, (done.stdout, done.stderr)
    assert done.stderr == ""  # no mistake of the clinic's, no traceback, no "ignored"
    if made == "and lost":  # the command went on, and wrote its handout whole
        assert done.stdout.startswith("out/back-pain-level-2.pdf  (4 pages")
        assert files_in(demo / "out") == ["back-pain-level-2.pdf"]
    else:
        assert done.stdout == ""
        assert not (demo / "out").exists()


def test_a_library_error_without_ctrl_c_is_still_a_bug_with_its_traceback(demo: Path) -> None:
    done = subprocess.run([sys.executable, "-c", swallowing(SWALLOWED["into a library's error"],
                                                            press=False)],
                          cwd=demo, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, (done.stdout, done.stderr)
    assert done.stderr.startswith("Traceback")
    assert done.stderr.endswith("RuntimeError: Error building validator\n")


def test_ctrl_c_as_the_command_line_is_read_ends_it_quietly(demo: Path) -> None:
    # (Pressed as pdfgen readied the commands to list, before Typer's own run, it was a
    # traceback: nothing there made the KeyboardInterrupt the end it is.)
    child = ("import os, signal, sys\n"
             "import pdfgen.command\n"
             "from pdfgen.cli import app\n"
             "sys.argv = ['pdfgen', '--help']\n"
             "listed = app._listed\n"
             "def pressed(info):\n"
             "    os.kill(os.getpid(), signal.SIGINT)\n"
             "    return listed(info)\n"
             "app._listed = pressed\n"
             "pdfgen.command.main()\n")
    done = subprocess.run([sys.executable, "-c", child], cwd=demo, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 130, (done.stdout, done.stderr)
    assert done.stdout == "" and done.stderr == ""
    assert not (demo / "out").exists()


@pytest.mark.parametrize(("args", "said"), [
    (["handout", "--level", "2", "--level", "1"], "--level: given twice; give it once"),
    (["handout", "--level=2", "--output", "a.pdf", "-o", "b.pdf"],
     "--output: given twice; give it once"),
    (["handout", "--level", "2", "--large-print", "--normal-print"],
     "--large-print and --normal-print: choose one"),
    (["email", "--level", "2", "--to", "jane@example.com", "--to=bob@example.com", "--draft"],
     "--to: given twice; give it once"),
    (["email", "--level", "2", "--to", "jane@example.com", "--draft", "--dry-run"],
     "--draft and --dry-run: choose one"),
])
def test_an_option_given_twice_is_refused(demo: Path, args: list[str], said: str) -> None:
    result = run(*args, cwd=demo)
    assert result.exit_code == 2, result.output
    assert result.stderr == f"error: {said}\n"
    assert result.stdout == ""
    assert not (demo / "out").exists()


def test_a_working_folder_deleted_under_the_terminal_is_one_line(tmp_path: Path) -> None:
    # (It was a traceback of Path.cwd(): a file manager had deleted the folder.)
    gone = tmp_path / "gone"
    gone.mkdir()
    done = subprocess.run([sys.executable, "-m", "pdfgen", "handout", "--level", "2"],
                          cwd=gone, capture_output=True, text=True, timeout=120,
                          preexec_fn=lambda: os.rmdir(gone))  # (after the child is in it)
    assert done.returncode == 2, done.stderr
    assert done.stderr == ("error: the folder you are in no longer exists (deleted or moved): "
                           "cd to your clinic folder, or give --project\n")
    assert done.stdout == ""

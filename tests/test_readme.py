"""The README cannot drift from the program: every `pdfgen` command it shows is run, and its
picture of page 1 is what `pdfgen preview` draws today."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from conftest import REPO, run
from mail_helpers import Mailbox, free_port, mail_env
from PIL import Image, ImageChops, ImageStat

README = (REPO / "README.md").read_text(encoding="utf-8")


def shown_commands() -> list[tuple[str, list[str]]]:
    """(folder, arguments) of every `pdfgen` line in the README's code blocks, in order."""
    commands = []
    for block in re.findall(r"```\n(.*?)```", README, flags=re.S):
        for line in block.splitlines():
            folder, _, command = line.rpartition("&& ") if line.startswith("cd ") else ("", "",
                                                                                     line)
            if command.startswith("pdfgen "):
                where = folder.removeprefix("cd ").strip() if folder else ""
                commands.append((where, shlex.split(command)[1:]))
    return commands


def printing(args: list[str]) -> bool:
    return "--print" in args or args[0] == "printers"


def test_the_readme_shows_the_commands_of_every_part() -> None:
    shown = {args[0] for _, args in shown_commands()}
    assert shown >= {"handout", "list", "init", "templates", "preview", "new", "check",
                     "schema", "email", "batch", "--version", "printers", "serve"}


def test_every_command_in_the_readme_runs(tmp_path: Path) -> None:
    work = tmp_path / "work"
    shutil.copytree(REPO / "content", work / "content")
    shutil.copytree(REPO / "examples", work / "examples")
    mailbox = Mailbox()
    server = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    server.start()
    env = {k: v for k, v in mail_env(server.port).items() if k != "PDFGEN_SMTP_USER"}
    try:
        for folder, args in shown_commands():
            if printing(args) or args[0] == "serve":
                # Against a print service of its own (test_printing.py); a server runs until
                # stopped (test_serve_process.py).
                continue
            result = run(*args, cwd=work / folder, env=env)
            assert result.exit_code == 0, f"pdfgen {' '.join(args)}\n{result.output}"
    finally:
        server.stop()
    assert (work / "lakeside/templates/footer.j2").is_file()
    assert (work / "lakeside/out/back-pain-level-2-page-1.png").is_file()
    assert (work / "sol/out/back-pain-level-2.pdf").is_file()
    assert (work / "content/exercises/wall-sit.yaml").is_file()
    assert [e.rcpt_tos for e in mailbox.received] == [["jane@example.com"]]


def test_the_picture_of_page_1_is_up_to_date(tmp_path: Path) -> None:
    shutil.copytree(REPO / "content", tmp_path / "content")
    result = run("preview", "--level", "2", "--page", "1", "--date", "2026-11-24",
                 "--patient", "Jane Example", cwd=tmp_path)
    assert result.exception is None, result.output
    fresh = Image.open(tmp_path / "out/back-pain-level-2-jane-example-page-1.png").convert("L")
    shown = Image.open(REPO / "docs/images/handout-level-2-page-1.png").convert("L")
    assert fresh.size == shown.size
    # Renderers differ by a shade here and there; a changed layout moves whole lines.
    difference = ImageStat.Stat(ImageChops.difference(fresh, shown)).mean[0]
    assert difference < 1.0, "run the command in README's Development section again"


@pytest.mark.parametrize("path", ["docs/content.md", "docs/plans.md", "docs/email.md",
                                  "docs/layout.md", "docs/figures.md"])
def test_the_guides_the_readme_points_to_exist(path: str) -> None:
    assert path in README
    assert (REPO / path).is_file()


def test_the_module_list_names_every_module_and_only_those() -> None:
    """The README's "Development" list is how a reviewer finds the footer or the e-mail
    sender: it names each module of the package by its folder, and nothing that is gone."""
    section = README.split("## Development", 1)[1].split("\n## ", 1)[0]
    listed: set[str] = set()
    for folder, body in re.findall(r"^  - `pdfgen/([a-z_/]*)`:(.*?)(?=^  - |^- |\Z)", section,
                                   flags=re.M | re.S):
        listed.update(folder + name for name in re.findall(r"`([a-z0-9_]+\.py)`", body))
    package = REPO / "pdfgen"
    present = {p.relative_to(package).as_posix() for p in package.rglob("*.py")
               if p.name != "__init__.py"}
    assert sorted(present - listed) == [], "add these to the README's module list"
    assert sorted(listed - present) == [], "the README names modules that are gone"


def test_the_table_of_page_counts_is_what_the_demo_takes() -> None:
    """"How many pages the demo takes": each row built on each paper with the Python API."""
    import pdfgen

    table = README.split("How many pages the demo takes", 1)[1].split("\n\n", 2)[1]
    rows = [[cell.strip() for cell in line.strip("|").split("|")]
            for line in table.splitlines()[2:]]
    choices = {"Level 2": {"level": 2}, "Level 1": {"level": 1},
               "Example plan with `--log 4`": {"plan": REPO / "content/plans/example.yaml",
                                               "log": 4},
               "Level 2, large print": {"level": 2, "large_print": True},
               "Level 1, large print": {"level": 1, "large_print": True}}
    clinic = pdfgen.open_clinic(REPO)
    measured, shown = {}, {}
    for name, letter, a4, budget in rows:
        if name not in choices:
            assert "compact" in name, name
            continue
        for paper, count in (("letter", letter), ("a4", a4)):
            handout = clinic.handout(**choices[name], paper=paper, date="2026-11-24")
            measured[name, paper], shown[name, paper] = handout.pages, int(count)
            assert handout.pages <= int(budget), (name, paper, handout.pages)
    assert len(measured) == 10
    assert measured == shown

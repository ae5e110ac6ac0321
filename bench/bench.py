"""Measure pdfgen's speed and size: start-up, whole command, in-process build, bytes per handout.

Run from the repository with pdfgen installed: `python bench/bench.py [--runs N]
[--batch N] [--memory N] [--serve N]` (0 skips the batch, memory or server benchmark).
Each figure is the median of N runs, and each process is set against the import floor of
the libraries it needs, measured in the same run. Speed is reported here, never asserted in
a test.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# What `pdfgen handout` cannot avoid: the three libraries it is made of, nothing more (issue
# 15: a floor that also imports svglib or builds a pydantic model hides pdfgen's own cost).
FLOOR_HANDOUT = "import reportlab.platypus, jinja2, typer"
# The floor and the validation of a clinic folder's files (pydantic, and pdfgen's models made
# with it): what a handout cannot do without today, set against the floor to show how much
# of the 1.6 it takes before pdfgen lays out a line. (pdfgen.cli first, as in the command:
# the collector held while modules load, no pydantic plugins looked for.)
FLOOR_MODELS = f"import pdfgen.cli; {FLOOR_HANDOUT}, pdfgen.content.loading"
# The floor, and Typer running a command of one option as pdfgen's commands run: Typer 0.2x
# checks each option's value through pydantic, which it then imports (issue 25: "measure it
# and say what you chose"; pdfgen keeps Typer, a required library).
FLOOR_TYPER_RUN = (f"{FLOOR_HANDOUT}\napp = typer.Typer()\n"
                   "@app.command()\ndef go(level: int = 1) -> None: pass\n"
                   "@app.callback()\ndef top() -> None: pass\n"
                   "app(['go', '--level', '2'], standalone_mode=False)")


# As on a clinic's computer: Python keeps the compiled modules it writes (an installed
# pdfgen ships them). A machine set to write none would measure compiling pdfgen each run.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def walls(commands: dict[str, list[str]], cwd: Path, runs: int) -> dict[str, float]:
    """Median wall-clock seconds of each command as a whole process, after one run each that
    is not counted. The commands take turns, a run of each a round: on a shared machine whose
    speed drifts over a minute, commands timed one after the other were timed on different
    machines (handout / floor read 1.60 so, and 2.0 in turns, minutes apart)."""
    for cmd in commands.values():
        subprocess.run(cmd, cwd=cwd, check=True, capture_output=True, env=ENV)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, cmd in commands.items():
            start = time.perf_counter()
            subprocess.run(cmd, cwd=cwd, check=True, capture_output=True, env=ENV)
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(taken) for name, taken in times.items()}


def in_process(runs: int, tagged: bool = True) -> tuple[float, float, int]:
    """Milliseconds to build the Level 2 handout in memory: the first build of a process
    (fonts registered, drawings read, every card laid out and measured) and the median of
    the builds after it (a batch's: the same cards fit the same way); and its size."""
    from pdfgen import program

    program.set_up()  # as the pdfgen program's processes start (when ReportLab is not loaded)
    from pdfgen.build import HandoutRequest, build_handout
    from pdfgen.content.project import Project

    project = Project(root=REPO, out_dir=REPO / "out")
    request = HandoutRequest(level=2, date=dt.date(2026, 11, 24), tagged=tagged)
    start = time.perf_counter()
    handout = build_handout(project, request)
    first = time.perf_counter() - start
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        handout = build_handout(project, request)
        times.append(time.perf_counter() - start)
    return first * 1000, statistics.median(times) * 1000, len(handout.pdf)


# What a build imports when it first runs; imported beforehand, the first build's own work
# shows apart from loading code (what a web server does once, at start). (Every module a
# Level 2 build imports: the pictures' and figures' modules, imported only once a build
# needs them, and Jinja's extensions, imported when its environment is made, were missing,
# and the first build "with its modules imported" imported them.)
BUILD_MODULES = ("pdfgen.api", "pdfgen.layout.pages", "pdfgen.layout.sheet_pages",
                 "pdfgen.text.resolve_handout", "pdfgen.text.localize",
                 "pdfgen.content.selection", "pdfgen.content.translations",
                 "pdfgen.content.pictures", "pdfgen.content.figures.art",
                 "pdfgen.layout.pictures", "pdfgen.content.counts", "jinja2.ext",
                 "encodings.utf_16_be")


def cold_build(tagged: bool, loaded: bool = False, processes: int = 5
               ) -> tuple[float, float, int]:
    """in_process() in fresh interpreters, so that each first build is really the first
    (`loaded`: with the modules a build uses imported before it): the medians of
    `processes` of them (a process has one first build: one alone is a sample of one)."""
    preload = f"import {', '.join(BUILD_MODULES)}; " if loaded else ""
    code = ("import sys; sys.path.insert(0, {bench!r}); import bench; {preload}"
            "print(*bench.in_process(20, {tagged}))").format(bench=str(REPO / "bench"),
                                                              tagged=tagged, preload=preload)
    runs = [subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                           text=True, cwd=REPO, env=ENV).stdout.split()
            for _ in range(processes)]
    return (statistics.median(float(out[0]) for out in runs),
            statistics.median(float(out[1]) for out in runs), int(runs[0][2]))


def typer_part() -> float:
    """Milliseconds Typer takes to run `pdfgen handout` up to the command (parsing, and
    each option's value checked through a pydantic adapter), in a fresh interpreter with
    pdfgen's modules, and so pydantic, imported: a --date that is no date stops it there."""
    code = ("import contextlib, io, time; import pdfgen.cli.app as app, pdfgen.api; "
            "start = time.perf_counter(); err = io.StringIO()\n"
            "with contextlib.redirect_stderr(err):\n"
            "    code = app.run(['handout', '--level', '2', '--date', 'no-date'])\n"
            "assert code == 2 and '--date' in err.getvalue(), (code, err.getvalue())\n"
            "print((time.perf_counter() - start) * 1000)")
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                         text=True, cwd=REPO, env=ENV).stdout
    return float(out)


def batch(count: int, jobs: int) -> tuple[float, int]:
    """Seconds for `pdfgen batch` of `count` patients with `jobs` workers, and its failures."""
    from pdfgen.content.project import Project
    from pdfgen.deliver.batch import run_batch

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        shutil.copytree(REPO / "content", work / "content")
        patients = work / "patients.csv"
        lines = ["name,level,date"] + [f"Patient {n},{1 + n % 2},2026-11-24"
                                       for n in range(count)]
        patients.write_text("\n".join(lines) + "\n", encoding="utf-8")
        project = Project(root=work, out_dir=work / "out")
        start = time.perf_counter()
        summary = run_batch(project, patients, work / "out", "build", jobs)
        return time.perf_counter() - start, len(summary.failed)


def rss_kb() -> int:
    """This process's resident memory, in KB (Linux; elsewhere the peak, from getrusage)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def memory(count: int) -> dict[int, int]:
    """RSS (KB) of one process after 10, count/2 and count Level 2 handouts made through the
    API, each for another patient and date (what a web server or a long batch does)."""
    import gc

    import pdfgen

    clinic = pdfgen.open_clinic(REPO)
    start = dt.date(2026, 1, 1)
    marks, out = {10, count // 2, count}, {}
    for n in range(1, count + 1):
        clinic.handout(level=2, patient=f"Patient {n} Example",
                       date=start + dt.timedelta(days=n % 1000))
        if n in marks:
            gc.collect()
            out[n] = rss_kb()
    return out


def memory_in_child(count: int) -> dict[int, int]:
    """memory() in a fresh interpreter."""
    code = ("import sys; sys.path.insert(0, {bench!r}); import bench; "
            "print(bench.memory({count}))").format(bench=str(REPO / "bench"), count=count)
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                         text=True, cwd=REPO, env=ENV).stdout
    return {int(k): int(v) for k, v in
            (pair.split(":") for pair in out.strip().strip("{}").split(","))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--batch", type=int, default=1000, metavar="N",
                        help="patients in the batch benchmark (0 to skip it)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--memory", type=int, default=3000, metavar="N",
                        help="handouts one process makes in the memory benchmark (0 to skip)")
    parser.add_argument("--serve", type=int, default=50, metavar="N",
                        help="requests to `pdfgen serve` in its benchmark (0 to skip it)")
    parser.add_argument("--instructions", action="store_true",
                        help="also count instructions with valgrind (slow; needs valgrind)")
    args = parser.parse_args()
    python = sys.executable
    pdfgen = shutil.which("pdfgen") or ""
    command = [pdfgen] if pdfgen else [python, "-m", "pdfgen"]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        shutil.copytree(REPO / "content", work / "content")
        results = walls({
            "python -c pass": [python, "-c", "pass"],
            "python -c 'import typer'": [python, "-c", "import typer"],
            "python -c 'import reportlab.platypus'": [python, "-c", "import reportlab.platypus"],
            "import floor of handout's libraries": [python, "-c", FLOOR_HANDOUT],
            "the floor and Typer running a command": [python, "-c", FLOOR_TYPER_RUN],
            "the floor and the content models": [python, "-c", FLOOR_MODELS],
            "the floor and all a build imports": [
                python, "-c", f"{FLOOR_MODELS}, pdfgen.cli.app, {', '.join(BUILD_MODULES)}"],
            "pdfgen --help": [*command, "--help"],
            "pdfgen handout --level 2": [*command, "handout", "--level", "2"],
        }, work, args.runs)
    first, ms, size = cold_build(tagged=True)
    plain_first, plain_ms, plain_size = cold_build(tagged=False)
    loaded_first, loaded_ms, _ = cold_build(tagged=True, loaded=True)

    print(f"pdfgen benchmark · {args.runs} runs each · median · {os.cpu_count()} cores · "
          f"Python {sys.version.split()[0]}")
    for name, seconds in results.items():
        print(f"  {name:<42} {seconds * 1000:7.0f} ms")
    handout_s = results["pdfgen handout --level 2"]

    goals: list[tuple[str, bool]] = []

    def ratio(name: str, value: float, unit: str, target: str = "",
              most: float | None = None) -> None:
        print(f"  {name:<42} {value:7.2f} {unit}  {target}")
        if most is not None:
            goals.append((name.strip(), value <= most))

    ratio("--help / import typer", results["pdfgen --help"] / results[
        "python -c 'import typer'"], "x", "(target <= 1.2)", 1.2)
    ratio("handout / import floor", handout_s / results["import floor of handout's libraries"],
          "x", "(target <= 1.6)", 1.6)
    floor_s = results["import floor of handout's libraries"]
    ratio("  floor and Typer running a command / floor",
          results["the floor and Typer running a command"] / floor_s, "x")
    ratio("  handout / floor and Typer running a command",
          handout_s / results["the floor and Typer running a command"], "x")
    ratio("  floor and content models / import floor",
          results["the floor and the content models"] / floor_s, "x")
    ratio("  floor and all a build imports / floor",
          results["the floor and all a build imports"] / floor_s, "x")
    typer_ms = statistics.median(typer_part() for _ in range(5))
    ratio("  Typer's part of running a command", typer_ms, "ms")
    ratio("handout / import reportlab.platypus",
          handout_s / results["python -c 'import reportlab.platypus'"], "x")
    ratio("in-process build of Level 2, first", first, "ms")
    ratio("in-process build of Level 2, then", ms, "ms", "(target <= 15, on a quiet machine)",
          15)
    ratio("  first / warm build", first / ms, "x", "(target <= 2)", 2)
    ratio("  first build, its modules imported before", loaded_first, "ms")
    ratio("  the same / warm build", loaded_first / loaded_ms, "x")
    ratio("  the same, untagged", plain_ms, "ms")
    ratio("  tagged / untagged build, first", first / plain_first, "x", "(target <= 1.2)")
    ratio("  tagged / untagged build, then", ms / plain_ms, "x", "(target <= 1.2)")
    ratio("Level 2 PDF size", size / 1024, "KB", "(target < 60)")
    ratio("  tagged / untagged size", size / plain_size, "x", "(target <= 1.15)")
    if args.batch:
        seconds, failed = batch(args.batch, args.jobs)
        per_process = handout_s  # one `pdfgen handout` process per patient
        ratio(f"batch of {args.batch}, {args.jobs} jobs: handouts a second",
              args.batch / seconds, "/s", "(target >= 60)")
        ratio("batch / one process per handout", per_process * args.batch / seconds, "x",
              "(target >= 15)")
        if failed:
            print(f"  ({failed} rows failed)")
    if args.serve:
        from serving import serve

        first_ms, served_ms, per_second = serve(args.serve, 4)
        ratio("serve: POST /api/handout Level 2, warm", served_ms, "ms",
              "(target < 100, on a quiet machine)", 100)
        ratio("  the first, 2 s after it answers", first_ms, "ms")
        ratio("  first / warm, warmed up as it starts", first_ms / served_ms, "x")
        ratio("serve: requests a second, 4 at once", per_second, "/s")
    if args.memory:
        rss = memory_in_child(args.memory)
        half, count = args.memory // 2, args.memory
        for n, kb in sorted(rss.items()):
            ratio(f"memory after {n} handouts (RSS)", kb / 1024, "MB")
        ratio(f"  growth a handout, {half} to {count}", (rss[count] - rss[half]) / (count - half),
              "KB", "(target < 1)", 1)
        ratio(f"  growth a handout, 10 to {count}", (rss[count] - rss[10]) / (count - 10), "KB")
    if args.instructions and shutil.which("valgrind"):
        from instructions import counted

        counted(FLOOR_HANDOUT, FLOOR_TYPER_RUN, command)
    elif args.instructions:
        print("instructions: not counted (valgrind is not installed)")
    met = [name for name, ok in goals if ok]
    missed = [name for name, ok in goals if not ok]
    print(f"goals met ({len(met)}/{len(goals)}): {', '.join(met) or 'none'}")
    if missed:
        print(f"goals missed: {', '.join(missed)}")


if __name__ == "__main__":
    main()

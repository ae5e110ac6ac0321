"""The command line: Typer commands that parse options and call one function of the core."""

import os

from pdfgen import collector, program

# A command runs once and ends: its modules load with the garbage collector off (collector.py).
collector.hold_for_imports()
# The program's ReportLab reads no file in the user's home, and what it imports that a
# handout seldom uses loads when used (program.py).
program.set_up()

# Pydantic reads every installed package's metadata for plugins when it builds its first
# model (~6 ms of a command). pdfgen's models need no plugin: a command goes without, unless
# the user has set the variable.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

"""The command line: Typer commands that parse options and call one function of the core."""

from pdfgen import collector

# A command runs once and ends: its modules load with the garbage collector off (collector.py).
collector.hold_for_imports()

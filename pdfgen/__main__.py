"""Allow `python -m pdfgen`."""

from pdfgen.cli import main

main()

"""Allow `python -m pdfgen`."""

from pdfgen.cli.app import main

main()

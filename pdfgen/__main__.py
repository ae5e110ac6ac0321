"""Allow `python -m pdfgen`."""

from pdfgen.command import main

main()

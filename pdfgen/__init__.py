"""pdfgen: branded, printable exercise handouts for clinics."""

__version__ = "0.1.0"

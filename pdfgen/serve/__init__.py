"""`pdfgen serve`: the clinic's local web page and HTTP API, on pdfgen's Python API."""

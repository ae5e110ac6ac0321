"""The `pdfgen serve` command: its options, then the web layer (imported only when it runs,
so `pdfgen --help` never loads Starlette)."""

# No `from __future__ import annotations`: Typer reads a command's annotations each run.
from pathlib import Path
from typing import Annotated

import typer

from pdfgen.cli.options import whole_number

PORT = 8765
ServedClinic = Annotated[Path | None, typer.Option(
    "--project", metavar="DIR",
    help="The clinic folder to serve (default: the one this folder is in, else the demo "
         "clinic, whose handouts are not mailed).")]


def serve(
    project: ServedClinic = None,
    host: Annotated[str, typer.Option(
        "--host", metavar="ADDRESS",
        help="The address to listen on; another than 127.0.0.1 (loopback) needs "
             "PDFGEN_SERVE_TOKEN in the environment, 16 characters or more.")] = "127.0.0.1",
    port: Annotated[int | None, typer.Option(
        "--port", metavar="N", parser=whole_number("--port", least=1),
        help="The port to listen on (default: 8765).")] = None,
    open_browser: Annotated[bool, typer.Option(
        "--open", help="Open the page in this computer's browser.")] = False,
) -> None:
    """Serve the clinic's web page and HTTP API: make, print and e-mail handouts in a browser.

    Example: pdfgen serve --open

    Example: PDFGEN_SERVE_TOKEN=... pdfgen serve --host 0.0.0.0 --port 8765
    """
    from pdfgen.serve.server import serve as run_server

    run_server(None if project is None else str(project), host, port or PORT, open_browser,
               say=typer.echo)

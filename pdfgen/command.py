"""The `pdfgen` command's entry point: Ctrl-C pressed while Python still loads pdfgen ends
it quietly, by the signal as a shell expects (status 130), not with a traceback of imports."""

import os
import signal
from types import FrameType


def main() -> None:
    """Load the command line, then run it (pdfgen.cli.app.main decides every exit)."""
    signal.signal(signal.SIGINT, _stopped_while_loading)
    from pdfgen.cli.app import main as command
    from pdfgen.cli.interrupt import listen

    listen()
    command()


def _stopped_while_loading(signum: int, frame: FrameType | None) -> None:
    # Nothing is written while modules load, so nothing is left to finish: the process
    # ends by the signal itself, as a program that does not catch it does.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    os.kill(os.getpid(), signal.SIGINT)

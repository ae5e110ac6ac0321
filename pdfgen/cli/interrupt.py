"""Ctrl-C once a command runs: raised as Python raises it, and remembered, so that what a
library made of it still ends the command as Ctrl-C does (130, quietly)."""

import signal
import sys
from types import FrameType
from typing import Any


class _Presses:
    """Whether Ctrl-C was pressed since the command began to listen."""

    def __init__(self) -> None:
        self.pressed = False


_PRESSES = _Presses()


def listen() -> None:
    """From now on Ctrl-C raises KeyboardInterrupt and is remembered.

    A KeyboardInterrupt raised where Python cannot pass it on (in an import's lock, in an
    object's clean-up) is only printed and lost, and one raised inside a library's own
    machinery came out as something else: pydantic, building a validator as Ctrl-C came,
    reported the clinic's `country = "US"` as no country code (exit 2), or failed with its
    own SchemaError (a traceback)."""
    _PRESSES.pressed = False
    signal.signal(signal.SIGINT, _press)
    sys.unraisablehook = _quiet_when_pressed(sys.unraisablehook)


def pressed() -> bool:
    """Whether Ctrl-C was pressed since the command began to listen."""
    return _PRESSES.pressed


def _press(signum: int, frame: FrameType | None) -> None:
    _PRESSES.pressed = True
    raise KeyboardInterrupt


def _quiet_when_pressed(report: Any) -> Any:
    """Python's report of an exception it could not raise, without Ctrl-C's: that press is
    remembered, and the command ends by it."""
    def quiet(unraisable: Any) -> None:
        if not isinstance(unraisable.exc_value, KeyboardInterrupt):
            report(unraisable)

    return quiet

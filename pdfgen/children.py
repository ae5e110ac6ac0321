"""The environment a program pdfgen starts gets: what that kind of program needs, never
pdfgen's own settings (PDFGEN_SMTP_PASSWORD among them) nor anything else of the shell's."""

from __future__ import annotations

import os
from collections.abc import Mapping

# Every program: where to find programs and files, whose session it is, its language.
_COMMON = ("PATH", "HOME", "USER", "LOGNAME", "TMPDIR", "LANG", "LANGUAGE", "TZ")
_PREFIXES = {
    "print": ("CUPS_", "LC_"),  # which CUPS server, its encryption and user
    "fonts": ("FONTCONFIG_", "XDG_", "LC_"),  # fontconfig's configuration and caches
    # A desktop's PDF viewer: the display and session it opens its window on.
    "viewer": ("XDG_", "LC_", "DISPLAY", "WAYLAND_", "XAUTHORITY", "DBUS_", "DESKTOP_"),
}
_NAMES = {"print": ("LPDEST", "PRINTER"), "fonts": (), "viewer": ()}


def child_environment(kind: str, environ: Mapping[str, str] | None = None,
                      **set_too: str) -> dict[str, str]:
    """The variables a program of `kind` (print, fonts, viewer) is started with: the few it
    reads, from this process's environment, and `set_too` over them."""
    environ = os.environ if environ is None else environ
    kept = {name: value for name, value in environ.items()
            if not name.startswith("PDFGEN_")
            and (name in _COMMON or name in _NAMES[kind]
                 or name.startswith(_PREFIXES[kind]))}
    return {**kept, **set_too}

"""What the pdfgen program sets for its own processes, never for a program importing pdfgen."""

from __future__ import annotations

import sys
import types

# ReportLab, when first imported, runs ~/.reportlab_mods and ~/.reportlab_settings if they
# exist (and fails when HOME is not a folder): the pdfgen program's pages never depend on its
# user's home, and it runs no file found there. Empty modules by those names stand in for
# them. A program that imports pdfgen as a library keeps ReportLab as it set it up: those
# files are its own to read (once set here, every later import of ReportLab in the process
# would skip them too).
_HOME_FILES = ("reportlab_mods", "reportlab_settings")


def keep_home_files_out() -> None:
    """ReportLab, imported after this, reads no file in the user's home (the command line's
    process, a batch's workers, a web server's batches: each calls it before a build)."""
    if "reportlab" in sys.modules:
        return  # loaded already: a forked worker has its parent's, as its parent set it up
    for name in _HOME_FILES:
        sys.modules.setdefault(name, types.ModuleType(name))

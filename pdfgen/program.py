"""What the pdfgen program sets for its own processes, never for a program importing pdfgen."""

from __future__ import annotations

import importlib
import importlib.util
import sys
import threading
import types

# ReportLab, when first imported, runs ~/.reportlab_mods and ~/.reportlab_settings if they
# exist (and fails when HOME is not a folder): the pdfgen program's pages never depend on its
# user's home, and it runs no file found there. Empty modules by those names stand in for
# them. A program that imports pdfgen as a library keeps ReportLab as it set it up: those
# files are its own to read (once set here, every later import of ReportLab in the process
# would skip them too).
_HOME_FILES = ("reportlab_mods", "reportlab_settings")
# Modules ReportLab imports when it loads, which a handout needs only now and then: HarfBuzz
# (a patient's name in a script that joins its letters), Pillow's images (a clinic's photos)
# and pyphen (hyphenation, which pdfgen's paragraphs never ask for). Importing them costs
# about 5 % of `pdfgen handout` (97 M of 2,102 M instructions counted with valgrind); a
# drawn handout needs none of them.
LOADED_WHEN_USED = ("uharfbuzz", "PIL.Image", "pyphen")
_loading = threading.RLock()


def set_up() -> None:
    """Called before ReportLab is imported (the command line's process, a batch's workers, a
    web server's batches): ReportLab reads no file in the user's home, and the modules of
    LOADED_WHEN_USED load when first used, not when ReportLab is imported."""
    if "reportlab" in sys.modules:
        return  # loaded already: a forked worker has its parent's, as its parent set it up
    for name in _HOME_FILES:
        sys.modules.setdefault(name, types.ModuleType(name))
    for name in LOADED_WHEN_USED:
        if name not in sys.modules and _installed(name):
            _load_when_used(name)


def _installed(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ImportError:  # its package is not installed (PIL for PIL.Image): ReportLab goes
        return False  # without it, as it would have


def _load_when_used(name: str) -> None:
    """Put a stand-in for module `name` where imports find it: the first attribute asked
    of it imports the module, which then answers that and every later one. (Python's
    LazyLoader would not do: on 3.11 an import statement itself makes it load.)"""
    stand_in = types.ModuleType(name)

    def __getattr__(attribute: str) -> object:
        with _loading:
            real = sys.modules.get(name)
            if real is None or real is stand_in:
                sys.modules.pop(name, None)
                try:
                    real = importlib.import_module(name)
                except BaseException:
                    sys.modules[name] = stand_in
                    raise
        return getattr(real, attribute)

    vars(stand_in)["__getattr__"] = __getattr__  # a module's own (PEP 562)
    sys.modules[name] = stand_in
    parent, _, child = name.rpartition(".")
    if parent:  # `import PIL.Image` then `PIL.Image.open`: the package's attribute
        setattr(importlib.import_module(parent), child, stand_in)

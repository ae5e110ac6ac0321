"""pdfgen: branded, printable exercise handouts for clinics, from the command line or Python.

    import pdfgen
    clinic = pdfgen.open_clinic()  # the demo clinic; or open_clinic("path/to/clinic")
    handout = clinic.handout(level=2, patient="Jane Example", date="2026-11-24")
    handout.save()  # out/back-pain-level-2-jane-example.pdf

Everything pdfgen raises for a mistake is a `pdfgen.PdfgenError` with a one-line message.
"""

from __future__ import annotations

# Nothing is imported here when the package loads, not even typing: the `pdfgen` command
# takes Ctrl-C from its first line (pdfgen.command), and each module loaded before it is a
# moment where Ctrl-C is Python's traceback.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from pdfgen.api import LAYOUTS, PAPERS, Choices, ClinicFolder, Handout, open_clinic
    from pdfgen.errors import PdfgenError

__version__ = "0.1.0"
__all__ = ["LAYOUTS", "PAPERS", "Choices", "ClinicFolder", "Handout", "PdfgenError",
           "__version__", "open_clinic"]


def __dir__() -> list[str]:
    # help(pdfgen) and dir(pdfgen) show the API, which __getattr__ imports when first used.
    return sorted({*__all__, "__doc__", "__file__", "__name__", "__path__"})


def __getattr__(name: str) -> Any:
    # The API is imported when first used: `pdfgen --help` never loads what a build needs.
    if name == "PdfgenError":
        from pdfgen.errors import PdfgenError

        return PdfgenError
    if name in __all__:
        from pdfgen import api

        return getattr(api, name)
    raise AttributeError(f"module 'pdfgen' has no attribute {name!r}")

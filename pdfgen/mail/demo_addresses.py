"""Where pdfgen's own demo clinic (Mangrove Bay, made up) may mail: example addresses only."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from pdfgen.content.fields import is_address
from pdfgen.errors import ProjectError, display_path

# Domains no one can own (RFC 2606): a handout mailed there reaches no patient.
EXAMPLE_DOMAINS = ("example.com", "example.net", "example.org")
EXAMPLE_ENDINGS = (".test", ".example", ".invalid", ".localhost")


def example_address(address: str) -> bool:
    """Whether an address is on a domain kept for examples (jane@example.com)."""
    domain = address.rpartition("@")[2].strip().lower().rstrip(".")
    return (domain in EXAMPLE_DOMAINS or domain.endswith(tuple(f".{d}" for d in EXAMPLE_DOMAINS))
            or domain == "localhost" or domain.endswith(EXAMPLE_ENDINGS))


def only_example_addresses(folder: Path, addresses: Iterable[tuple[str, str]]) -> None:
    """ProjectError for the first real address among (where, address), `folder` being the
    folder pdfgen came in: its demo clinic, tried there with jane@example.com. A real
    patient mailed from it gets a made-up clinic's name and phone (mail settings in
    PDFGEN_SMTP_* send from any folder, and `cd` to the clinic's own is easily forgotten).
    An address that is none is left to be told so, as anywhere."""
    shown = display_path(folder)
    for where, address in addresses:
        if is_address(address.strip()) and not example_address(address):
            raise ProjectError(
                f"{where} {address.strip()}: {'this folder' if shown == '.' else shown} is "
                "pdfgen's own demo "
                "clinic (made up), whose handouts are mailed only to example addresses such "
                "as jane@example.com: use your clinic's folder (run pdfgen there, or give "
                "--project; a patient list goes in it)")

"""The `pdfgen init` options of the tests' Spanish clinic, Sol."""

from __future__ import annotations

SOL = ["--clinic", "Clínica Sol", "--clinician", "Ana Ruiz", "--phone", "+34 555 010 203",
       "--paper", "a4", "--color", "#7A2E0E"]

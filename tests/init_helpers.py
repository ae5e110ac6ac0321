"""The `pdfgen init` options of the tests' Spanish clinic, Sol, and init's other notes."""

from __future__ import annotations

SOL = ["--clinic", "Clínica Sol", "--clinician", "Ana Ruiz", "--phone", "+34 555 010 203",
       "--paper", "a4", "--color", "#7A2E0E"]

# init's note to a clinic not in Spanish that the demo's translations came with its content
# (test_init_country has it whole).
SPANISH = "note: content/ has the Spanish of its files"


def but_spanish(said: str) -> str:
    """What init said on stderr, less its note of the Spanish files (asserted there)."""
    lines = said.splitlines(keepends=True)
    assert sum(line.startswith(SPANISH) for line in lines) == 1, said
    return "".join(line for line in lines if not line.startswith(SPANISH))

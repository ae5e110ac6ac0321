"""The fixed sets of words some settings take (the paper, the layout), as types."""

from __future__ import annotations

from typing import Literal

# Kept free of imports: every stage names these (the models, the request, the batch, the
# Python API), and none of them should load anything to do so.
Paper = Literal["letter", "a4"]
Layout = Literal["detailed", "compact"]  # the whole handout, or the one-page sheet

PAPERS: tuple[Paper, ...] = ("letter", "a4")
LAYOUTS: tuple[Layout, ...] = ("detailed", "compact")

"""Figures: one jointed body posed from a base pose, with props and movement marks, as
geometry (layout draws it)."""

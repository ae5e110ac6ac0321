"""Lay out the resolved handout: theme, blocks, pictures and pages, to PDF bytes."""

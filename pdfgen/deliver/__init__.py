"""Deliver handouts: the one pipeline, atomic files, e-mail and drafts, batch and printing."""

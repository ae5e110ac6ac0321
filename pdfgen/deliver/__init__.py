"""Deliver handouts: atomic files, batches of patients, and printing."""

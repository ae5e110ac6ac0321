"""Deliver handouts: batches of patients, and printing."""

"""A clinic's own folder: init, new, templates, preview, check, list and schemas."""

"""Read the clinic folder: find it, parse YAML/TOML, validate models, select a routine or plan."""

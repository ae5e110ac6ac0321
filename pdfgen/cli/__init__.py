"""The command line: Typer commands that parse options and call one function of the core."""

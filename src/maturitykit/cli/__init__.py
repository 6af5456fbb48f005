"""The `maturity` command line: thin Typer commands over the library."""

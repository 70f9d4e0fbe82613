"""The ``docket`` command line (Typer + Rich)."""

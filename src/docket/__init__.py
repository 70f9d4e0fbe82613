"""Docket: evidence archive for human-rights documentation."""

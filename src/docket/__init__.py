"""Docket: an evidence archive and who-did-what-to-whom records for human-rights documentation."""

__version__ = "0.1.0"

"""Throwaway PostgreSQL databases for the benchmarks that run on a server."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, text

ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


@contextmanager
def new_database(admin_url: str, label: str = "bench") -> Iterator[str]:
    """The URL of a new, empty database on the server of ``admin_url`` (its maintenance
    database), dropped afterwards even while workers still hold connections to it."""
    # A database name is an identifier, which SQL cannot take as a parameter: it is built here
    # from a fixed prefix, a plain word and random hex only.
    if not (label.isascii() and label.isidentifier()):
        raise ValueError(f"a database label is a plain word, not {label!r}")
    name = f"docket_{label}_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            yield admin_url.rsplit("/", 1)[0] + f"/{name}"
        finally:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()

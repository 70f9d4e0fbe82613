"""Fresh databases on a PostgreSQL server for one benchmark run, dropped afterwards."""

from __future__ import annotations

import uuid

from sqlalchemy import create_engine, text


def fresh_database(server_url: str, label: str) -> str:
    """The URL of a new, empty database on the server of ``server_url``."""
    name = f"docket_bench_{label}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return server_url.rsplit("/", 1)[0] + f"/{name}"


def drop_database(server_url: str, used: str) -> None:
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        name = used.rsplit("/", 1)[1]
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()

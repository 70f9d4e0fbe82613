"""Where an archive lives and how to reach its database, read from the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url

DEFAULT_HOME = Path("docket-data")
SQLITE_FILENAME = "docket.sqlite3"


@dataclass(frozen=True)
class Settings:
    """Location of one archive: its folder (blobs, keys) and its database."""

    home: Path
    database_url: str

    @classmethod
    def from_env(cls, home: Path | None = None, database_url: str | None = None) -> Settings:
        """Settings from ``$DOCKET_HOME`` and ``$DOCKET_DATABASE_URL``; arguments win."""
        resolved_home = (home or Path(os.environ.get("DOCKET_HOME", "") or DEFAULT_HOME)).absolute()
        url = database_url or os.environ.get("DOCKET_DATABASE_URL") or ""
        if not url:
            url = f"sqlite:///{resolved_home / SQLITE_FILENAME}"
        return cls(home=resolved_home, database_url=normalise_database_url(url))

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def sqlite_path(self) -> Path | None:
        """The database file of an SQLite archive; None for a server database."""
        if not self.is_sqlite:
            return None
        database = make_url(self.database_url).database
        return Path(database) if database else None


def normalise_database_url(url: str) -> str:
    """Accept the ``postgresql://`` form users know and select the psycopg 3 driver for it."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url

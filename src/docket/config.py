"""Where an archive lives and how to reach its database, read from the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from sqlalchemy.engine import make_url

from docket.errors import DocketError

DEFAULT_HOME = Path("docket-data")
SQLITE_FILENAME = "docket.sqlite3"
DEFAULT_WITNESS_MAX_AGE_DAYS = 7.0
# How long a report file made by a job is kept in the archive folder: days after its first
# download, or days after it was made when nobody downloaded it.
DEFAULT_REPORT_KEEP_DAYS = 7.0
DEFAULT_REPORT_UNREAD_DAYS = 30.0
# How an archive searches: the Tantivy index in the archive folder, or the database's own
# full-text index alone (SQLite's FTS5 table, PostgreSQL's tsvector). ``fts5`` and ``postgres``
# name the database's own index as users know it; either selects it on both databases.
TANTIVY = "tantivy"
DATABASE = "database"
FTS5 = "fts5"
POSTGRES = "postgres"
SEARCH_ENGINES = (TANTIVY, DATABASE, FTS5, POSTGRES)


@dataclass(frozen=True)
class Settings:
    """Location of one archive: its folder (blobs, keys) and its database."""

    home: Path
    database_url: str
    # ``verify`` warns when the newest checkpoint a witness holds is older than this.
    witness_max_age_days: float = DEFAULT_WITNESS_MAX_AGE_DAYS
    # What unlocks an encrypted archive: a key file, its content in base64, or a passphrase.
    key_file: Path | None = None
    key_text: str | None = field(default=None, repr=False)
    passphrase: str | None = field(default=None, repr=False)
    # How the archive searches: TANTIVY or DATABASE (``$DOCKET_SEARCH``).
    search_engine: str = TANTIVY
    report_keep_days: float = DEFAULT_REPORT_KEEP_DAYS
    report_unread_days: float = DEFAULT_REPORT_UNREAD_DAYS
    # Whether extraction recalls acts by sentence embeddings (``$DOCKET_EMBEDDINGS``; needs the
    # optional embeddings extra).
    embeddings: bool = False

    @classmethod
    def from_env(
        cls, home: Path | None = None, database_url: str | None = None, key_file: Path | None = None
    ) -> Settings:
        """Settings from ``$DOCKET_HOME``, ``$DOCKET_DATABASE_URL``,
        ``$DOCKET_WITNESS_MAX_AGE_DAYS``, ``$DOCKET_SEARCH``, ``$DOCKET_REPORT_KEEP_DAYS``,
        ``$DOCKET_REPORT_UNREAD_DAYS``, ``$DOCKET_EMBEDDINGS`` and, for an encrypted archive,
        ``$DOCKET_KEY_FILE``, ``$DOCKET_KEY`` or ``$DOCKET_PASSPHRASE``; arguments win."""
        resolved_home = (home or Path(os.environ.get("DOCKET_HOME", "") or DEFAULT_HOME)).absolute()
        url = database_url or os.environ.get("DOCKET_DATABASE_URL") or ""
        if not url:
            url = f"sqlite:///{resolved_home / SQLITE_FILENAME}"
        env_key_file = os.environ.get("DOCKET_KEY_FILE")
        key_file = key_file or (Path(env_key_file) if env_key_file else None)
        return cls(
            home=resolved_home,
            database_url=normalise_database_url(url),
            witness_max_age_days=_days("DOCKET_WITNESS_MAX_AGE_DAYS", DEFAULT_WITNESS_MAX_AGE_DAYS),
            report_keep_days=_days("DOCKET_REPORT_KEEP_DAYS", DEFAULT_REPORT_KEEP_DAYS),
            report_unread_days=_days("DOCKET_REPORT_UNREAD_DAYS", DEFAULT_REPORT_UNREAD_DAYS),
            key_file=key_file.absolute() if key_file else None,
            key_text=os.environ.get("DOCKET_KEY") or None,
            passphrase=os.environ.get("DOCKET_PASSPHRASE") or None,
            search_engine=_search_engine(os.environ.get("DOCKET_SEARCH")),
            embeddings=switch("DOCKET_EMBEDDINGS"),
        )

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


def _days(variable: str, default: float) -> float:
    text = os.environ.get(variable)
    if not text:
        return default
    try:
        days = float(text)
    except ValueError:
        days = -1.0
    if not 0 <= days < 100_000:
        raise DocketError(f"{variable} must be a number of days, not {text[:40]!r}")
    return days


_ON: Final = ("1", "true", "yes", "on")
_OFF: Final = ("", "0", "false", "no", "off")


def switch(variable: str) -> bool:
    """Whether the environment variable turns something on: 1, true, yes or on; off when unset,
    empty, 0, false, no or off; anything else is an error."""
    text = os.environ.get(variable, "")
    chosen = text.strip().lower()
    if chosen not in (*_ON, *_OFF):
        raise DocketError(f"{variable} must be 1 or 0 (on or off), not {text[:40]!r}")
    return chosen in _ON


def _search_engine(name: str | None) -> str:
    if not name:
        return TANTIVY
    chosen = name.strip().lower()
    if chosen not in SEARCH_ENGINES:
        listed = ", ".join(SEARCH_ENGINES[:-1]) + f" or {SEARCH_ENGINES[-1]}"
        raise DocketError(f"DOCKET_SEARCH must be {listed}, not {name[:40]!r}")
    return TANTIVY if chosen == TANTIVY else DATABASE

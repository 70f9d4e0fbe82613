"""State digests: what binds a proposal, user or API token row to the chain of custody.

A custody entry that writes one of these rows carries ``"sealed": {table: {id: digest}}``, the
SHA-256 of the row's bound columns in canonical JSON, read back after the write. The newest
digest of each row is what ``docket verify`` expects to find; a row that differs from it, a row
without one, or a digest without its row is a change made behind the archive's back.

A digest rather than the values: a user row holds a password hash and a sealed TOTP secret,
which must not be copied into an append-only log. Columns that change without a custody entry
(sign-in counters, the last use of a token, a user's language) are left out, and so is the
display name, the one column that may hold a documenter's real name: a digest of it would let
anyone confirm a guess.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Final

from sqlalchemy import Connection, Table, select

from docket.db.schema import api_tokens, proposals, users
from docket.evidence.custody import canonical_json

SEALED: Final = "sealed"

BOUND: Final[dict[str, tuple[str, ...]]] = {
    "proposals": (
        "id",
        "item_id",
        "kind",
        "fingerprint",
        "payload",
        "status",
        "decided_by",
        "decided_at",
        "reason",
        "record_id",
        "created_at",
    ),
    "users": (
        "id",
        "name",
        "name_key",
        "role",
        "password_hash",
        "password_changed_at",
        "require_2fa",
        "totp_secret",
        "disabled",
        "created_at",
        "created_by",
    ),
    "api_tokens": (
        "id",
        "user_id",
        "name",
        "token_hash",
        "scopes",
        "created_at",
        "created_by",
        "revoked_at",
        "revoked_by",
    ),
}
TABLES: Final[dict[str, Table]] = {
    "proposals": proposals,
    "users": users,
    "api_tokens": api_tokens,
}
# What a row is called in a problem line.
NOUNS: Final = {"proposals": "proposal", "users": "user", "api_tokens": "API token"}
_CHUNK: Final = 500


def state_digest(table: str, row: Mapping[Any, Any]) -> str:
    """The SHA-256 of ``row``'s bound columns (an SQLAlchemy row mapping or a dict)."""
    bound = {name: row[name] for name in BOUND[table]}
    return hashlib.sha256(canonical_json(bound).encode("utf-8")).hexdigest()


def seal(connection: Connection, table: str, ids: Iterable[int]) -> dict[str, dict[str, str]]:
    """The ``sealed`` payload of an entry that has just written rows ``ids`` of ``table``."""
    wanted = sorted(set(ids))
    found: dict[str, str] = {}
    source = TABLES[table]
    for start in range(0, len(wanted), _CHUNK):
        query = select(source).where(source.c.id.in_(wanted[start : start + _CHUNK]))
        for row in connection.execute(query).mappings():
            found[str(row["id"])] = state_digest(table, row)
    return {table: found}


def sealed_in(payload: Mapping[str, Any]) -> Iterator[tuple[str, int, str]]:
    """``(table, id, digest)`` for every row an entry's payload seals; malformed parts skipped
    (the entry's own hash already says whether it was altered)."""
    sealed = payload.get(SEALED)
    if not isinstance(sealed, Mapping):
        return
    for table, rows in sealed.items():
        if table not in BOUND or not isinstance(rows, Mapping):
            continue
        for ident, digest in rows.items():
            if isinstance(ident, str) and ident.isdigit() and isinstance(digest, str):
                yield table, int(ident), digest

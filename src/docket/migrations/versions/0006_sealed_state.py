"""Sealed state: proposals, users and API tokens become covered by ``docket verify``.

Entries written from now on carry the state digest of every proposal, user and API token row
they write (``docket.evidence.sealing``). For the rows already there, this migration appends
custody entries stating the state it finds, a thousand rows an entry: a change made to a row
before this upgrade cannot be told any more, one made after it can. All in the migration's one
transaction, so the archive is either upgraded and sealed, or neither.

Revision ID: 0006_sealed_state
Revises: 0005_accounts
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from docket.db.schema import chain_head
from docket.evidence.custody import Appender
from docket.evidence.sealing import BOUND, SEALED, TABLES, state_digest

revision = "0006_sealed_state"
down_revision = "0005_accounts"
branch_labels = None
depends_on = None

ACTION = "state_sealed"
ACTOR = "docket upgrade 0006_sealed_state"
PER_ENTRY = 1000


def upgrade() -> None:
    connection = op.get_bind()
    if connection.execute(sa.select(chain_head.c.seq)).first() is None:
        return  # a new database: the archive's chain does not exist yet, nor any row to seal
    appender = Appender(connection)
    for name, table in TABLES.items():
        columns = [table.c[column] for column in BOUND[name]]
        rows = connection.execute(sa.select(*columns).order_by(table.c.id)).mappings()
        chunk: dict[str, str] = {}
        for row in rows:
            chunk[str(row["id"])] = state_digest(name, row)
            if len(chunk) == PER_ENTRY:
                _append(appender, name, chunk)
                chunk = {}
        if chunk:
            _append(appender, name, chunk)
    appender.write()


def _append(appender: Appender, table: str, digests: dict[str, str]) -> None:
    appender.append(
        ACTION,
        table,
        {"table": table, "rows": len(digests), SEALED: {table: dict(digests)}},
        actor=ACTOR,
    )


def downgrade() -> None:
    # The chain of custody is append-only: the entries this revision added stay, and mean
    # nothing to the older code.
    pass

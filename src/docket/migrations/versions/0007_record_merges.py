"""Merged records: a record merged into another points at it, and stops counting on its own.

``records.merged_into`` names the surviving record; it is set and cleared only by versions
whose change says so (a merge, an undo), so ``docket verify`` replays it like the retraction.
Existing records were never merged: the column starts empty, and no custody entry is needed.
No foreign key: SQLite adds or drops a column that has one only by rebuilding ``records``, which
every value, citation and version refers to; records are never deleted, and verify reports a
``merged_into`` that no version put there.

Revision ID: 0007_record_merges
Revises: 0006_sealed_state
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_record_merges"
down_revision = "0006_sealed_state"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("records", sa.Column("merged_into", sa.Integer))
    op.create_index("ix_records_merged_into", "records", ["merged_into"])


def downgrade() -> None:
    op.drop_index("ix_records_merged_into", table_name="records")
    op.drop_column("records", "merged_into")

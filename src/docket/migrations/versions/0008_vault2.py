"""Custody entries found by action: the last good backup is read on every admin's dashboard.

The newest ``backed_up`` entry was found by walking the chain backwards from its head, every
entry of an archive that was never backed up. An index on (action, seq) answers it at once.
Nothing is rewritten: only the index is added.

Revision ID: 0008_vault2
Revises: 0007_record_merges
"""

from __future__ import annotations

from alembic import op

revision = "0008_vault2"
down_revision = "0007_record_merges"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_custody_action_seq", "custody", ["action", "seq"])


def downgrade() -> None:
    op.drop_index("ix_custody_action_seq", table_name="custody")

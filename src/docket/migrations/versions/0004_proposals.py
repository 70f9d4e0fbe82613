"""Proposals: findings of extraction waiting for review.

Revision ID: 0004_proposals
Revises: 0003_records
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_proposals"
down_revision = "0003_records"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "proposals",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("item_id", sa.Integer, sa.ForeignKey("items.id"), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("payload", sa.Text, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("decided_by", sa.Text),
        sa.Column("decided_at", sa.String(32)),
        sa.Column("reason", sa.Text),
        sa.Column("record_id", sa.Integer, sa.ForeignKey("records.id")),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.UniqueConstraint("item_id", "fingerprint", name="uq_proposals_fingerprint"),
    )
    op.create_index("ix_proposals_status", "proposals", ["status", "id"])


def downgrade() -> None:
    op.drop_index("ix_proposals_status", "proposals")
    op.drop_table("proposals")

"""Structured records: records, their field values, citations and versions.

Revision ID: 0003_records
Revises: 0002_search
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_records"
down_revision = "0002_search"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "records",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("type", sa.String(32), nullable=False),
        sa.Column("confidentiality", sa.String(16), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("retracted", sa.Boolean, nullable=False),
        sa.Column("retraction_reason", sa.Text),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("created_by", sa.Text, nullable=False),
        sa.Column("updated_at", sa.String(32), nullable=False),
        sa.Column("updated_by", sa.Text, nullable=False),
    )
    op.create_index("ix_records_type", "records", ["type"])
    op.create_table(
        "record_values",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("record_id", sa.Integer, sa.ForeignKey("records.id"), nullable=False),
        sa.Column("field", sa.String(64), nullable=False),
        sa.Column("value", sa.Text, nullable=False),
        sa.Column("protected", sa.Boolean, nullable=False),
        sa.Column("ref_id", sa.Integer, sa.ForeignKey("records.id")),
        sa.Column("preferred", sa.Boolean, nullable=False),
        sa.Column("preference_reason", sa.Text),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("added_version", sa.Integer, nullable=False),
        sa.Column("removed_version", sa.Integer),
    )
    op.create_index("ix_record_values_record", "record_values", ["record_id", "field"])
    op.create_index("ix_record_values_ref", "record_values", ["ref_id"])
    op.create_table(
        "citations",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("value_id", sa.Integer, sa.ForeignKey("record_values.id"), nullable=False),
        sa.Column("record_id", sa.Integer, sa.ForeignKey("records.id"), nullable=False),
        sa.Column("item_id", sa.Integer, sa.ForeignKey("items.id"), nullable=False),
        sa.Column("span_start", sa.Integer, nullable=False),
        sa.Column("span_end", sa.Integer, nullable=False),
        sa.Column("quote_sha256", sa.String(64), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("added_version", sa.Integer, nullable=False),
        sa.Column("removed_version", sa.Integer),
    )
    op.create_index("ix_citations_record", "citations", ["record_id"])
    op.create_index("ix_citations_item", "citations", ["item_id"])
    op.create_table(
        "record_versions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("record_id", sa.Integer, sa.ForeignKey("records.id"), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("at", sa.String(32), nullable=False),
        sa.Column("actor", sa.Text, nullable=False),
        sa.Column("reason", sa.Text),
        sa.Column("change", sa.Text, nullable=False),
        sa.UniqueConstraint("record_id", "version", name="uq_record_versions_version"),
    )


def downgrade() -> None:
    op.drop_table("record_versions")
    op.drop_table("citations")
    op.drop_index("ix_record_values_ref", "record_values")
    op.drop_index("ix_record_values_record", "record_values")
    op.drop_table("record_values")
    op.drop_index("ix_records_type", "records")
    op.drop_table("records")

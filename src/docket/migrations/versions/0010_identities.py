"""Identities: records of one person (organisation, place, event) linked, never merged.

``link_runs`` keeps every linkage run with its trained model; ``identities`` and
``identity_members`` are the clusters of the latest run of each type (every current record of
the type in exactly one), replaced in one transaction by the next run; ``link_pairs`` are the pairs
a person decides (the review queue, and every pair ever judged) with a version that two reviewers
deciding at once check; ``link_judgements`` is the append-only log of their decisions, each one
also a custody entry. An undo is a judgement too.

Revision ID: 0010_identities
Revises: 0009_jobs
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_identities"
down_revision = "0009_jobs"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "link_runs",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("type", sa.String(32), nullable=False),
        sa.Column("engine", sa.String(16), nullable=False),
        sa.Column("mode", sa.String(16), nullable=False),
        sa.Column("actor", sa.Text, nullable=False),
        sa.Column("started_at", sa.String(32), nullable=False),
        sa.Column("finished_at", sa.String(32), nullable=False),
        sa.Column("records", sa.Integer, nullable=False),
        sa.Column("identities", sa.Integer, nullable=False),
        sa.Column("review", sa.Integer, nullable=False),
        sa.Column("model", sa.Text, nullable=False),
        sa.Column("notes", sa.Text, nullable=False),
    )
    op.create_index("ix_link_runs_type", "link_runs", ["type", "id"])
    op.create_table(
        "identities",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("type", sa.String(32), nullable=False),
        sa.Column("run_id", sa.Integer, sa.ForeignKey("link_runs.id"), nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
    )
    op.create_index("ix_identities_type", "identities", ["type"])
    op.create_table(
        "identity_members",
        sa.Column(
            "record_id",
            sa.Integer,
            sa.ForeignKey("records.id"),
            primary_key=True,
            autoincrement=False,
        ),
        sa.Column("identity_id", sa.Integer, sa.ForeignKey("identities.id"), nullable=False),
        sa.Column("type", sa.String(32), nullable=False),
        sa.Column("probability", sa.Float),
        sa.Column("reviewed", sa.Boolean, nullable=False),
    )
    op.create_index("ix_identity_members_identity", "identity_members", ["identity_id"])
    op.create_index("ix_identity_members_type", "identity_members", ["type"])
    op.create_table(
        "link_pairs",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("type", sa.String(32), nullable=False),
        sa.Column("record_a", sa.Integer, sa.ForeignKey("records.id"), nullable=False),
        sa.Column("record_b", sa.Integer, sa.ForeignKey("records.id"), nullable=False),
        sa.Column("score", sa.Float),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("run_id", sa.Integer, sa.ForeignKey("link_runs.id")),
        sa.UniqueConstraint("record_a", "record_b", name="uq_link_pairs_records"),
    )
    op.create_index("ix_link_pairs_status", "link_pairs", ["type", "status", "id"])
    op.create_table(
        "link_judgements",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("pair_id", sa.Integer, sa.ForeignKey("link_pairs.id"), nullable=False),
        sa.Column("decision", sa.String(16), nullable=False),
        sa.Column("actor", sa.Text, nullable=False),
        sa.Column("at", sa.String(32), nullable=False),
        sa.Column("reason", sa.Text),
        sa.Column("pair_version", sa.Integer, nullable=False),
        sa.UniqueConstraint("pair_id", "pair_version", name="uq_link_judgements_version"),
    )


def downgrade() -> None:
    op.drop_table("link_judgements")
    op.drop_index("ix_link_pairs_status", "link_pairs")
    op.drop_table("link_pairs")
    op.drop_index("ix_identity_members_type", "identity_members")
    op.drop_index("ix_identity_members_identity", "identity_members")
    op.drop_table("identity_members")
    op.drop_index("ix_identities_type", "identities")
    op.drop_table("identities")
    op.drop_index("ix_link_runs_type", "link_runs")
    op.drop_table("link_runs")

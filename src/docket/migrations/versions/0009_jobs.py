"""Jobs: long work (ingest of uploads, captures) that runs apart from the request asking for it.

A job row is what people see of a job — its state, progress, result or failure — and what a
retried job reads to skip the work an earlier attempt finished. It holds no evidence: the items a
job makes enter the chain of custody as any other ingest does.

Revision ID: 0009_jobs
Revises: 0008_vault2
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_jobs"
down_revision = "0008_vault2"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "jobs",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("owner_role", sa.String(16), nullable=False),
        sa.Column("owner_name", sa.Text, nullable=False),
        sa.Column("confidentiality", sa.String(16), nullable=False),
        sa.Column("payload", sa.Text, nullable=False),
        sa.Column("done", sa.Integer, nullable=False),
        sa.Column("total", sa.Integer, nullable=False),
        sa.Column("result", sa.Text, nullable=False),
        sa.Column("failure", sa.Text),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("runner", sa.Text),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("started_at", sa.String(32)),
        sa.Column("finished_at", sa.String(32)),
    )
    op.create_index("ix_jobs_owner", "jobs", ["owner_name", "id"])
    op.create_index("ix_jobs_state", "jobs", ["state"])


def downgrade() -> None:
    op.drop_index("ix_jobs_state", table_name="jobs")
    op.drop_index("ix_jobs_owner", table_name="jobs")
    op.drop_table("jobs")

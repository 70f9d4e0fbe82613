"""The tables of an archive. Migrations in ``docket/migrations`` create exactly these."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

archive_meta = Table(
    "archive_meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

items = Table(
    "items",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("sha256", String(64), nullable=False, unique=True),
    Column("size", BigInteger, nullable=False),
    Column("media_type", String(255), nullable=False),
    Column("original_name", Text, nullable=False),
    Column("title", Text),
    Column("author", Text),
    Column("published", String(10)),
    Column("language", String(16)),
    Column("source_url", Text),
    Column("collected_at", String(32), nullable=False),
    Column("collected_by", Text),
    Column("translation_of", Integer, ForeignKey("items.id")),
    Column("parent_id", Integer, ForeignKey("items.id")),
    Column("confidentiality", String(16), nullable=False),
    Column("reliability", String(32)),
    Column("notes", Text),
)
Index("ix_items_parent", items.c.parent_id)
Index("ix_items_collected_at", items.c.collected_at)

renditions = Table(
    "renditions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("item_id", Integer, ForeignKey("items.id"), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("size", BigInteger, nullable=False),
    Column("tool", String(64), nullable=False),
    Column("tool_version", String(64), nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("page_starts", Text, nullable=False),
    Column("notes", Text, nullable=False),
)
Index("ix_renditions_item", renditions.c.item_id)

# The chain of custody. ``seq`` is assigned by the appender (not autoincrement) so that a gap is
# evidence of deletion; ``hash`` covers every other column and the previous entry's hash.
custody = Table(
    "custody",
    metadata,
    Column("seq", BigInteger, primary_key=True, autoincrement=False),
    Column("at", String(32), nullable=False),
    Column("actor", Text, nullable=False),
    Column("action", String(32), nullable=False),
    Column("subject", String(64), nullable=False),
    Column("item_id", Integer),
    Column("payload", Text, nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
)
Index("ix_custody_item_seq", custody.c.item_id, custody.c.seq)
# The newest entry of one kind (the last backup) without walking the chain.
Index("ix_custody_action_seq", custody.c.action, custody.c.seq)

# One row: the newest entry. Appenders lock it, which serialises writers on both engines.
chain_head = Table(
    "chain_head",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("seq", BigInteger, nullable=False),
    Column("hash", String(64), nullable=False),
)

checkpoints = Table(
    "checkpoints",
    metadata,
    Column("seq", BigInteger, primary_key=True, autoincrement=False),
    Column("hash", String(64), nullable=False),
    Column("at", String(32), nullable=False),
    Column("signature", Text, nullable=False),
)

# --- Search index (owned by docket.search) -------------------------------------------------------
# Migration 0002_search creates engine-specific tables that are deliberately not in this metadata:
# an FTS5 virtual table (with its shadow tables) on SQLite, and tsvector, statistics and
# vocabulary tables on PostgreSQL. They hold only data derived from items and working copies.
# A comparison of the database with this metadata should skip these names.
SEARCH_INDEX_TABLES = frozenset(
    {
        "item_fts",
        "item_fts_config",
        "item_fts_content",
        "item_fts_data",
        "item_fts_docsize",
        "item_fts_idx",
        "item_search",
        "search_stats",
        "search_vocabulary",
    }
)

# --- Structured records (owned by docket.records) ------------------------------------------------
# Nothing here is ever deleted: a removed value keeps its row with the version that removed it, a
# retracted record keeps its row with the reason, and every change is a ``record_versions`` row
# bound into the chain of custody by the hash of its change.
from sqlalchemy import Boolean, UniqueConstraint  # noqa: E402 - kept with the block it serves

records = Table(
    "records",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("type", String(32), nullable=False),
    Column("confidentiality", String(16), nullable=False),
    # Optimistic locking: an edit names the version it was based on and fails if it moved.
    Column("version", Integer, nullable=False),
    Column("retracted", Boolean, nullable=False, default=False),
    Column("retraction_reason", Text),
    Column("created_at", String(32), nullable=False),
    Column("created_by", Text, nullable=False),
    Column("updated_at", String(32), nullable=False),
    Column("updated_by", Text, nullable=False),
    # The record this one was merged into: it stays readable, and counts no more on its own.
    # No foreign key (see migration 0007); verify replays it from the versions.
    Column("merged_into", Integer),
)
Index("ix_records_type", records.c.type)
Index("ix_records_merged_into", records.c.merged_into)

# One row per value. A field with cardinality "one" may hold several active values from
# different sources; exactly one of them is preferred. ``value`` is JSON, or for a protected
# field an AES-GCM token; ``ref_id`` repeats a reference so links are found by index.
record_values = Table(
    "record_values",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("record_id", Integer, ForeignKey("records.id"), nullable=False),
    Column("field", String(64), nullable=False),
    Column("value", Text, nullable=False),
    Column("protected", Boolean, nullable=False, default=False),
    Column("ref_id", Integer, ForeignKey("records.id")),
    Column("preferred", Boolean, nullable=False, default=True),
    Column("preference_reason", Text),
    Column("status", String(16), nullable=False),
    Column("added_version", Integer, nullable=False),
    Column("removed_version", Integer),
)
Index("ix_record_values_record", record_values.c.record_id, record_values.c.field)
Index("ix_record_values_ref", record_values.c.ref_id)

# Where a value comes from: a span of an item's working copy and the SHA-256 of the quoted text,
# so a later working copy that moved the words is detected rather than silently misquoted.
citations = Table(
    "citations",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("value_id", Integer, ForeignKey("record_values.id"), nullable=False),
    Column("record_id", Integer, ForeignKey("records.id"), nullable=False),
    Column("item_id", Integer, ForeignKey("items.id"), nullable=False),
    Column("span_start", Integer, nullable=False),
    Column("span_end", Integer, nullable=False),
    Column("quote_sha256", String(64), nullable=False),
    Column("status", String(16), nullable=False),
    Column("added_version", Integer, nullable=False),
    Column("removed_version", Integer),
)
Index("ix_citations_record", citations.c.record_id)
Index("ix_citations_item", citations.c.item_id)

record_versions = Table(
    "record_versions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("record_id", Integer, ForeignKey("records.id"), nullable=False),
    Column("version", Integer, nullable=False),
    Column("at", String(32), nullable=False),
    Column("actor", Text, nullable=False),
    Column("reason", Text),
    Column("change", Text, nullable=False),
    # Two writers that both passed the version check still cannot both write version N.
    UniqueConstraint("record_id", "version", name="uq_record_versions_version"),
)

# What extraction found in an item, waiting for a person to accept, edit or reject it. The
# fingerprint keeps a second extraction run from proposing the same finding again.
proposals = Table(
    "proposals",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("item_id", Integer, ForeignKey("items.id"), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("fingerprint", String(64), nullable=False),
    Column("payload", Text, nullable=False),
    Column("status", String(16), nullable=False),
    Column("decided_by", Text),
    Column("decided_at", String(32)),
    Column("reason", Text),
    Column("record_id", Integer, ForeignKey("records.id")),
    Column("created_at", String(32), nullable=False),
    UniqueConstraint("item_id", "fingerprint", name="uq_proposals_fingerprint"),
)
Index("ix_proposals_status", proposals.c.status, proposals.c.id)

# --- Accounts of the web workspace (owned by docket.accounts) ------------------------------------
# Users are documenters in a hostile country, so the database holds nothing that signs anyone in
# by itself: passwords are argon2id hashes, session cookies, API tokens and recovery codes are
# stored as SHA-256 digests (they are random, so a digest cannot be reversed), and the TOTP secret
# is sealed with the record key, which lives outside the database. ``name_key`` is the case-folded
# name that keeps "Aida" and "aida" from being two accounts. Admin actions on these rows are
# custody entries; the rows themselves are working state and may change or be removed.
users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(64), nullable=False),
    Column("name_key", String(64), nullable=False),
    Column("display_name", Text, nullable=False),
    Column("role", String(16), nullable=False),
    Column("password_hash", Text, nullable=False),
    Column("password_changed_at", String(32), nullable=False),
    Column("require_2fa", Boolean, nullable=False, default=False),
    Column("totp_secret", Text),
    # The newest accepted TOTP time step: a code of that step or an earlier one is a replay.
    Column("totp_last_step", BigInteger),
    Column("disabled", Boolean, nullable=False, default=False),
    Column("language", String(16)),
    Column("failed_attempts", Integer, nullable=False, default=0),
    Column("locked_until", String(32)),
    Column("created_at", String(32), nullable=False),
    Column("created_by", Text, nullable=False),
    UniqueConstraint("name_key", name="uq_users_name_key"),
)

web_sessions = Table(
    "web_sessions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("token_hash", String(64), nullable=False),
    Column("csrf_token", String(64), nullable=False),
    Column("second_factor_done", Boolean, nullable=False, default=False),
    Column("created_at", String(32), nullable=False),
    Column("last_seen_at", String(32), nullable=False),
    Column("ended_at", String(32)),
    UniqueConstraint("token_hash", name="uq_web_sessions_token"),
)
Index("ix_web_sessions_user", web_sessions.c.user_id)

api_tokens = Table(
    "api_tokens",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("name", String(100), nullable=False),
    Column("token_hash", String(64), nullable=False),
    # Space-separated, from docket.accounts.SCOPES.
    Column("scopes", String(64), nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("created_by", Text, nullable=False),
    Column("last_used_at", String(32)),
    Column("revoked_at", String(32)),
    Column("revoked_by", Text),
    UniqueConstraint("token_hash", name="uq_api_tokens_token"),
)
Index("ix_api_tokens_user", api_tokens.c.user_id)

# One-use codes for when the authenticator is lost; ``used_at`` is set by the one UPDATE that
# spends a code, so two requests racing with the same code cannot both succeed.
recovery_codes = Table(
    "recovery_codes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("code_hash", String(64), nullable=False),
    Column("used_at", String(32)),
    UniqueConstraint("code_hash", name="uq_recovery_codes_hash"),
)
Index("ix_recovery_codes_user", recovery_codes.c.user_id)

# Long work (uploads to ingest, links to capture) as jobs: what was asked, by whom, at which
# level, how far it got and how it ended. The queue that hands jobs to workers is procrastinate's
# on PostgreSQL, a thread of the server on SQLite; this table is what people see of a job.
jobs = Table(
    "jobs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(32), nullable=False),
    Column("state", String(16), nullable=False),
    Column("owner_role", String(16), nullable=False),
    Column("owner_name", Text, nullable=False),
    Column("confidentiality", String(16), nullable=False),
    Column("payload", Text, nullable=False),
    Column("done", Integer, nullable=False),
    Column("total", Integer, nullable=False),
    Column("result", Text, nullable=False),
    Column("failure", Text),
    Column("attempts", Integer, nullable=False),
    Column("runner", Text),
    Column("created_at", String(32), nullable=False),
    Column("started_at", String(32)),
    Column("finished_at", String(32)),
)
Index("ix_jobs_owner", jobs.c.owner_name, jobs.c.id)
Index("ix_jobs_state", jobs.c.state)

# --- Identities (owned by docket.linkage) --------------------------------------------------------
# Records linked as one person (organisation, place, event), never merged: an identity's id is its
# smallest member's record id. The clusters are derived from the records, the trained model kept in
# ``link_runs`` and the judgements; the judgements are the log that is never rewritten.
from sqlalchemy import Float  # noqa: E402 - kept with the block it serves

link_runs = Table(
    "link_runs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("type", String(32), nullable=False),
    Column("engine", String(16), nullable=False),
    Column("mode", String(16), nullable=False),
    Column("actor", Text, nullable=False),
    Column("started_at", String(32), nullable=False),
    Column("finished_at", String(32), nullable=False),
    Column("records", Integer, nullable=False),
    Column("identities", Integer, nullable=False),
    Column("review", Integer, nullable=False),
    Column("model", Text, nullable=False),
    Column("notes", Text, nullable=False),
)
Index("ix_link_runs_type", link_runs.c.type, link_runs.c.id)

identities = Table(
    "identities",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("type", String(32), nullable=False),
    Column("run_id", Integer, ForeignKey("link_runs.id"), nullable=False),
    Column("size", Integer, nullable=False),
)
Index("ix_identities_type", identities.c.type)

identity_members = Table(
    "identity_members",
    metadata,
    Column("record_id", Integer, ForeignKey("records.id"), primary_key=True, autoincrement=False),
    Column("identity_id", Integer, ForeignKey("identities.id"), nullable=False),
    Column("type", String(32), nullable=False),
    # The score of the strongest link that brought the record in; None for the first member.
    Column("probability", Float),
    # Whether a reviewer's "same" judgement brought the record in (not the model alone).
    Column("reviewed", Boolean, nullable=False),
)
Index("ix_identity_members_identity", identity_members.c.identity_id)
Index("ix_identity_members_type", identity_members.c.type)

link_pairs = Table(
    "link_pairs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("type", String(32), nullable=False),
    Column("record_a", Integer, ForeignKey("records.id"), nullable=False),
    Column("record_b", Integer, ForeignKey("records.id"), nullable=False),
    Column("score", Float),
    Column("reason", Text, nullable=False),
    # pending (waiting for a reviewer), same, different
    Column("status", String(16), nullable=False),
    # Raised by every judgement: a reviewer who decided on an older version is refused.
    Column("version", Integer, nullable=False),
    Column("run_id", Integer, ForeignKey("link_runs.id")),
    UniqueConstraint("record_a", "record_b", name="uq_link_pairs_records"),
)
Index("ix_link_pairs_status", link_pairs.c.type, link_pairs.c.status, link_pairs.c.id)

link_judgements = Table(
    "link_judgements",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("pair_id", Integer, ForeignKey("link_pairs.id"), nullable=False),
    # same, different, undone (back to pending)
    Column("decision", String(16), nullable=False),
    Column("actor", Text, nullable=False),
    Column("at", String(32), nullable=False),
    Column("reason", Text),
    Column("pair_version", Integer, nullable=False),
    UniqueConstraint("pair_id", "pair_version", name="uq_link_judgements_version"),
)

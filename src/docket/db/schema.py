"""The tables of an archive. Migrations in ``db/migrations`` create exactly these."""

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

"""Full-text search index: an FTS5 table on SQLite, tsvector tables on PostgreSQL.

The index holds folded keys derived from items and their working copies, so it can be rebuilt
at any time; ``docket.search`` owns the SQL that reads and writes it.

Revision ID: 0002_search
Revises: 0001_evidence
"""

from __future__ import annotations

from alembic import op

from docket.errors import DocketError

revision = "0002_search"
down_revision = "0001_evidence"
branch_labels = None
depends_on = None

# The text is already folded to space-separated [a-z0-9] keys, so unicode61 only splits on
# spaces. detail=full (the default) keeps positions, which phrase queries need; column sizes
# are kept because bm25() reads them for every matching row.
_SQLITE_UPGRADE = (
    "CREATE VIRTUAL TABLE item_fts USING fts5("
    "title, body, meta, tokenize = 'unicode61 remove_diacritics 0')",
)

_POSTGRES_UPGRADE = (
    # Ranking reads the tsvector of every candidate. Tsvectors of folded keys do not compress,
    # so by default any over 2 kB goes to the TOAST table and costs an index lookup per chunk;
    # kept in the row up to a full page instead, searches ran about twice as fast.
    """
    CREATE TABLE item_search (
        item_id integer PRIMARY KEY REFERENCES items (id) ON DELETE CASCADE,
        doc tsvector NOT NULL,
        doc_len integer NOT NULL
    ) WITH (toast_tuple_target = 8160)
    """,
    "ALTER TABLE item_search ALTER COLUMN doc SET STORAGE MAIN",
    "CREATE INDEX ix_item_search_doc ON item_search USING gin (doc)",
    """
    CREATE TABLE search_stats (
        id smallint PRIMARY KEY CHECK (id = 1),
        doc_count bigint NOT NULL,
        token_count bigint NOT NULL
    )
    """,
    "INSERT INTO search_stats (id, doc_count, token_count) VALUES (1, 0, 0)",
    # BM25 needs the row count and average length on every query; a trigger keeps them exact
    # whichever way rows change, including deletion of an item.
    """
    CREATE FUNCTION search_stats_follow() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
            UPDATE search_stats
            SET doc_count = doc_count - 1, token_count = token_count - OLD.doc_len
            WHERE id = 1;
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
            UPDATE search_stats
            SET doc_count = doc_count + 1, token_count = token_count + NEW.doc_len
            WHERE id = 1;
        END IF;
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE TRIGGER item_search_stats AFTER INSERT OR UPDATE OR DELETE ON item_search
    FOR EACH ROW EXECUTE FUNCTION search_stats_follow()
    """,
    # Every key ever indexed, in byte order so that a prefix is a range scan of the primary key.
    'CREATE TABLE search_vocabulary (lexeme text COLLATE "C" PRIMARY KEY)',
)

_POSTGRES_DOWNGRADE = (
    "DROP TABLE search_vocabulary",
    "DROP TABLE item_search",
    "DROP FUNCTION search_stats_follow()",
    "DROP TABLE search_stats",
)


def upgrade() -> None:
    for statement in _statements(_SQLITE_UPGRADE, _POSTGRES_UPGRADE):
        op.execute(statement)


def downgrade() -> None:
    for statement in _statements(("DROP TABLE item_fts",), _POSTGRES_DOWNGRADE):
        op.execute(statement)


def _statements(sqlite: tuple[str, ...], postgres: tuple[str, ...]) -> tuple[str, ...]:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        return sqlite
    if dialect == "postgresql":
        return postgres
    # Docket keeps its database in SQLite or PostgreSQL; any other engine is refused whole.
    raise DocketError(
        f"Docket cannot keep an archive in a {dialect} database; use SQLite or PostgreSQL"
    )

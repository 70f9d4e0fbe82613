from __future__ import annotations

from sqlalchemy import inspect

from docket.db.engine import make_engine, writing
from docket.db.migrate import current_revision, downgrade, upgrade
from docket.db.schema import SEARCH_INDEX_TABLES


def test_search_migration_upgrades_downgrades_and_upgrades_again(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        with writing(engine) as connection:
            upgrade(connection, "0002_search")
            assert current_revision(connection) == "0002_search"
            created = set(inspect(connection).get_table_names()) & SEARCH_INDEX_TABLES
            expected = {"item_fts"} if engine.dialect.name == "sqlite" else {"item_search"}
            assert expected <= created
        with writing(engine) as connection:
            downgrade(connection, "0001_evidence")
            assert not set(inspect(connection).get_table_names()) & SEARCH_INDEX_TABLES
        with writing(engine) as connection:
            upgrade(connection, "0002_search")
            assert current_revision(connection) == "0002_search"
    finally:
        engine.dispose()

from __future__ import annotations

from sqlalchemy import inspect

from docket.db.engine import make_engine, writing
from docket.db.migrate import SCHEMA_HEAD, current_revision, downgrade, upgrade
from docket.db.schema import citations, record_values, record_versions, records

RECORD_TABLES = (records, record_values, citations, record_versions)


def test_records_migration_matches_the_schema_and_goes_down_and_up(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        with writing(engine) as connection:
            upgrade(connection)
            inspector = inspect(connection)
            for table in RECORD_TABLES:
                columns = {c["name"] for c in inspector.get_columns(table.name)}
                assert columns == {c.name for c in table.columns}, table.name
                indexes = {i["name"] for i in inspector.get_indexes(table.name)}
                assert {i.name for i in table.indexes} <= indexes, table.name
        with writing(engine) as connection:
            downgrade(connection, "0002_search")
            assert not {t.name for t in RECORD_TABLES} & set(inspect(connection).get_table_names())
        with writing(engine) as connection:
            upgrade(connection)
            assert current_revision(connection) == SCHEMA_HEAD
    finally:
        engine.dispose()

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, inspect
from tests.support import as_owner

from docket.archive import Archive
from docket.db import migrate
from docket.db.engine import make_engine, reading, writing
from docket.ingest.provenance import Provenance
from docket.model.access import Viewer


def test_schema_head_constant_is_alembics_head() -> None:
    assert migrate.alembic_head() == migrate.SCHEMA_HEAD


def test_migrations_build_the_schema_from_an_empty_database(database_url: str) -> None:
    engine = make_engine(database_url)
    with reading(engine) as connection:
        assert migrate.current_revision(connection) is None
    with writing(engine) as connection:
        migrate.upgrade(connection)
    with reading(engine) as connection:
        assert migrate.current_revision(connection) == migrate.SCHEMA_HEAD
        tables = set(inspect(connection).get_table_names())
    assert {"items", "renditions", "custody", "chain_head", "checkpoints", "archive_meta"} <= tables
    engine.dispose()


def test_upgrade_is_idempotent(migrated_engine: Engine) -> None:
    with writing(migrated_engine) as connection:
        migrate.upgrade(connection)
        assert migrate.current_revision(connection) == migrate.SCHEMA_HEAD


def test_an_archive_of_the_previous_release_opens_and_upgrades_with_its_evidence_intact(
    archive: Archive, tmp_path: Path
) -> None:
    evidence = tmp_path / "statement.txt"
    evidence.write_text("Statement of a witness about Japarov.", encoding="utf-8")
    (result,) = as_owner(archive).items.ingest([evidence], Provenance())
    with writing(archive.kernel.engine) as connection:
        migrate.downgrade(connection, "0002_search")
        assert migrate.current_revision(connection) == "0002_search"
    archive.close()

    reopened = Archive.open(archive.settings)
    try:
        with reading(reopened.kernel.engine) as connection:
            assert migrate.current_revision(connection) == migrate.SCHEMA_HEAD
        assert list(reopened.verify()) == []
        assert [hit.item_id for hit in as_owner(reopened).items.search("Zhaparov")] == [result.id]
        created = reopened.as_viewer(Viewer.owner("o")).records.create(
            "person", {"name": "Sadyk Japarov"}
        )
        assert created.id is not None
    finally:
        reopened.close()


def test_0007_adds_merged_into_to_the_records_there_and_takes_it_back(
    archive: Archive,
) -> None:
    owner = archive.as_viewer(Viewer.owner("o"))
    first = owner.records.create("person", {"name": "Sadyk Japarov"})
    second = owner.records.create("person", {"name": "Sadyk Japarov"})
    with writing(archive.kernel.engine) as connection:
        migrate.downgrade(connection, "0006_sealed_state")
        columns = {c["name"] for c in inspect(connection).get_columns("records")}
        assert "merged_into" not in columns
        migrate.upgrade(connection)
        columns = {c["name"] for c in inspect(connection).get_columns("records")}
        assert "merged_into" in columns
        indexes = {i["name"] for i in inspect(connection).get_indexes("records")}
        assert "ix_records_merged_into" in indexes
    assert list(archive.verify()) == []
    owner.records.merge(
        first.id, into=second.id, reason="one man", source_version=1, target_version=1
    )
    assert owner.records.get(first.id, log=False).merged_into == second.id
    assert list(archive.verify()) == []


def test_0008_indexes_custody_by_action_and_takes_it_back(archive: Archive) -> None:
    with writing(archive.kernel.engine) as connection:
        migrate.downgrade(connection, "0007_record_merges")
        indexes = {i["name"] for i in inspect(connection).get_indexes("custody")}
        assert "ix_custody_action_seq" not in indexes
        migrate.upgrade(connection)
        indexes = {i["name"] for i in inspect(connection).get_indexes("custody")}
        assert "ix_custody_action_seq" in indexes


def test_0010_adds_the_identity_tables_and_takes_them_back(archive: Archive) -> None:
    owner = archive.as_viewer(Viewer.owner("o"))
    first = owner.records.create("person", {"name": "Sadyk Japarov"})
    owner.records.create("person", {"name": "Садык Жапаров"})
    owner.linkage.run("person")
    tables = {"link_runs", "identities", "identity_members", "link_pairs", "link_judgements"}
    with writing(archive.kernel.engine) as connection:
        migrate.downgrade(connection, "0009_jobs")
        assert not tables & set(inspect(connection).get_table_names())
        migrate.upgrade(connection)
        assert tables <= set(inspect(connection).get_table_names())
    assert owner.linkage.identity_of(first.id) is None
    outcome = owner.linkage.run("person")
    assert outcome.clusters == [[first.id, first.id + 1]]
    assert list(archive.verify()) == []

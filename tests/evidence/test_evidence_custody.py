from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest
from sqlalchemy import Engine, insert, select, update

from docket.db.engine import reading, writing
from docket.db.schema import chain_head, custody
from docket.evidence import custody as custody_module
from docket.evidence import keys
from docket.evidence.custody import CustodyLog, entry_hash, genesis_hash
from docket.evidence.verify import Verifier

ARCHIVE_ID = "00000000-0000-4000-8000-000000000001"


def _log_with_entries(engine: Engine, count: int) -> CustodyLog:
    log = CustodyLog(ARCHIVE_ID)
    with writing(engine) as connection:
        log.start(connection)
        for n in range(count):
            log.append(connection, "note", "archive", {"n": n, "text": "Атамбаев"}, actor="a")
    return log


def _chain_problems(engine: Engine, public_key: str, tmp_path: Path) -> list[str]:
    from docket.evidence.blobs import BlobStore

    with reading(engine) as connection:
        verifier = Verifier(connection, BlobStore(tmp_path / "blobs"), ARCHIVE_ID, public_key)
        return [str(p) for p in verifier.chain()]


def test_entries_are_chained_from_the_archive_genesis(migrated_engine: Engine) -> None:
    log = _log_with_entries(migrated_engine, 3)
    with reading(migrated_engine) as connection:
        entries = list(log.entries(connection))
        assert [e.seq for e in entries] == [1, 2, 3]
        assert entries[0].prev_hash == genesis_hash(ARCHIVE_ID)
        for before, after in pairwise(entries):
            assert after.prev_hash == before.hash
        for entry in entries:
            assert entry.hash == entry_hash(
                entry.seq,
                entry.at,
                entry.actor,
                entry.action,
                entry.subject,
                entry.payload,
                entry.prev_hash,
            )
        assert log.head(connection) == (3, entries[-1].hash)


def test_checkpoint_signs_the_head_and_is_idempotent(
    migrated_engine: Engine, tmp_path: Path
) -> None:
    log = _log_with_entries(migrated_engine, 2)
    public = keys.encode_public_key(keys.create_key(tmp_path / "keys"))
    private = keys.load_private_key(tmp_path / "keys")
    with writing(migrated_engine) as connection:
        first = log.checkpoint(connection, private)
        again = log.checkpoint(connection, private)
    assert first is not None
    assert first == again
    assert keys.signature_valid(keys.decode_public_key(public), first.message(), first.signature)
    assert _chain_problems(migrated_engine, public, tmp_path) == []


def test_every_kind_of_log_tampering_is_reported(migrated_engine: Engine, tmp_path: Path) -> None:
    log = _log_with_entries(migrated_engine, 8)
    public = keys.encode_public_key(keys.create_key(tmp_path / "keys"))
    with writing(migrated_engine) as connection:
        log.checkpoint(connection, keys.load_private_key(tmp_path / "keys"))
        # edited in place
        connection.execute(update(custody).where(custody.c.seq == 2).values(actor="mallory"))
        # deleted from the middle
        connection.execute(custody.delete().where(custody.c.seq == 4))
        # two rows swapped (reordered)
        rows = {
            r.seq: r for r in connection.execute(select(custody).where(custody.c.seq.in_([6, 7])))
        }
        for seq, other in ((6, 7), (7, 6)):
            values = rows[other]._asdict()
            values.pop("seq")
            connection.execute(update(custody).where(custody.c.seq == seq).values(values))
    problems = _chain_problems(migrated_engine, public, tmp_path)
    assert any("entry 2 was altered" in p for p in problems)
    assert any("entry 4 is missing" in p for p in problems)
    assert any("entry 6 does not follow" in p for p in problems)
    assert not any("entry 1 " in p or "entry 3 " in p for p in problems), problems


def test_inserted_and_truncated_entries_are_reported(
    migrated_engine: Engine, tmp_path: Path
) -> None:
    log = _log_with_entries(migrated_engine, 5)
    public = keys.encode_public_key(keys.create_key(tmp_path / "keys"))
    with writing(migrated_engine) as connection:
        log.checkpoint(connection, keys.load_private_key(tmp_path / "keys"))
        forged = connection.execute(select(custody).where(custody.c.seq == 5)).one()._asdict()
        connection.execute(custody.delete().where(custody.c.seq == 5))
        connection.execute(custody.delete().where(custody.c.seq == 4))
        forged["seq"] = 4
        connection.execute(insert(custody).values(forged))
    problems = _chain_problems(migrated_engine, public, tmp_path)
    assert any("entry 4 was altered" in p for p in problems)
    assert any("after 4 are missing" in p for p in problems)


def test_the_last_change_looks_past_reads_within_its_reach(
    migrated_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = _log_with_entries(migrated_engine, 2)
    reads = ("item_viewed", "record_viewed")
    with reading(migrated_engine) as connection:
        changed = log.head(connection)
        assert log.last_change(connection, reads) == changed
    with writing(migrated_engine) as connection:
        for action in ("item_viewed", "record_viewed", "item_viewed"):
            log.append(connection, action, "item:1", {"viewed": "page"}, actor="a")
    with reading(migrated_engine) as connection:
        assert log.head(connection)[0] == changed[0] + 3
        assert log.last_change(connection, reads) == changed
        # Past its reach, with no memory of a nearer change, the head stands for the change it
        # cannot see.
        monkeypatch.setattr(custody_module, "CHANGE_REACH", 2)
        assert CustodyLog(ARCHIVE_ID).last_change(connection, reads) == log.head(connection)
        monkeypatch.setattr(custody_module, "CHANGE_REACH", 512)
    with writing(migrated_engine) as connection:
        log.append(connection, "note", "archive", {"n": 9}, actor="a")
    with reading(migrated_engine) as connection:
        assert log.last_change(connection, reads) == log.head(connection) != changed


def test_the_last_change_holds_through_a_run_of_reads_longer_than_its_reach(
    migrated_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(custody_module, "CHANGE_REACH", 2)
    log = _log_with_entries(migrated_engine, 2)
    reads = ("item_viewed", "record_viewed")
    with reading(migrated_engine) as connection:
        changed = log.last_change(connection, reads)
    # Asked between reads, it remembers the change it found and looks only at the entries after.
    for _ in range(6):
        with writing(migrated_engine) as connection:
            log.append(connection, "record_viewed", "record:1", {"viewed": "page"}, actor="a")
        with reading(migrated_engine) as connection:
            assert log.last_change(connection, reads) == changed
    # A run of reads longer than its reach since it last asked: the head, then held.
    with writing(migrated_engine) as connection:
        for _ in range(3):
            log.append(connection, "item_viewed", "item:1", {"viewed": "page"}, actor="a")
    with reading(migrated_engine) as connection:
        stood = log.last_change(connection, reads)
        assert stood == log.head(connection) != changed
    with writing(migrated_engine) as connection:
        log.append(connection, "item_viewed", "item:1", {"viewed": "page"}, actor="a")
    with reading(migrated_engine) as connection:
        assert log.last_change(connection, reads) == stood
    # A change moves it at once, wherever the memory stood.
    with writing(migrated_engine) as connection:
        log.append(connection, "note", "archive", {"n": 9}, actor="a")
        log.append(connection, "record_viewed", "record:1", {"viewed": "page"}, actor="a")
    with reading(migrated_engine) as connection:
        moved = log.last_change(connection, reads)
        assert moved[0] == log.head(connection)[0] - 1


def test_the_last_change_forgets_a_chain_that_was_replaced(migrated_engine: Engine) -> None:
    log = _log_with_entries(migrated_engine, 3)
    reads = ("item_viewed",)
    with reading(migrated_engine) as connection:
        assert log.last_change(connection, reads)[0] == 3
    # The same sequence numbers with other entries, as an archive restored in place has them.
    with writing(migrated_engine) as connection:
        connection.execute(
            update(custody).where(custody.c.seq == 3).values(action="item_viewed", hash="0" * 64)
        )
        connection.execute(update(chain_head).values(hash="0" * 64))
    with reading(migrated_engine) as connection:
        second = connection.execute(select(custody.c.hash).where(custody.c.seq == 2)).scalar()
        assert log.last_change(connection, reads) == (2, second)


def test_the_head_read_by_another_statement_gives_the_same_last_change(
    migrated_engine: Engine,
) -> None:
    log = _log_with_entries(migrated_engine, 3)
    reads = ("item_viewed",)
    statement = select(*custody_module.HEAD_COLUMNS)

    def through_columns() -> tuple[int, str]:
        with reading(migrated_engine) as connection:
            parameters = log.head_parameters()
            row = connection.execute(statement, parameters).one()
            head = (int(row.head_seq), str(row.head_hash))
            return log.last_change_from(connection, reads, head, row.head_known_hash)

    changed = through_columns()
    assert changed[0] == 3
    with writing(migrated_engine) as connection:
        log.append(connection, "item_viewed", "item:1", {"viewed": "page"}, actor="a")
    assert through_columns() == changed
    with reading(migrated_engine) as connection:
        assert log.last_change(connection, reads) == changed
    with writing(migrated_engine) as connection:
        log.append(connection, "note", "archive", {"n": 9}, actor="a")
    moved = through_columns()
    assert moved[0] == 5

"""An import through the bulk paths (driver COPY/executemany, orjson) stores exactly the rows of
the plain paths (SQLAlchemy executemany, the json module): records, values, citations, versions
and custody entries, byte for byte."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from records_support import STATEMENT, Source
from sqlalchemy import select
from tests.conftest import new_database
from tests.support import as_owner

from docket.archive import Archive
from docket.config import Settings
from docket.db import bulk
from docket.db.engine import reading
from docket.db.schema import citations, custody, record_values, record_versions, records
from docket.evidence import custody as custody_module
from docket.ingest.provenance import Provenance
from docket.model.access import Viewer
from docket.model.record_types import load_record_types
from docket.records import changes, creating, store, value_rows
from docket.records.audit import change_digest
from docket.records.changes import dump, dump_floatless
from docket.records.values import floatless

NOW = "2024-05-06T07:08:09.000000Z"


def _batch(source: Source, existing: int) -> list[dict[str, Any]]:
    return [
        {
            "type": "place",
            "key": "p1",
            "fields": {"name": "Ош", "coordinates": {"lat": 0.00001, "lon": 72.8}},
        },
        {
            "type": "place",
            "key": "p2",
            "fields": {"name": "Nookat", "coordinates": [1e-7, -0.00005]},
        },
        {
            "type": "person",
            "key": "h1",
            "confidentiality": "restricted",
            "fields": {
                "name": [
                    {"value": "Ulan Atambaev", "citations": [source.span("he was returned")]},
                    "Улан Атамбаев",
                ],
                "contact": ["+996 555 000 111", "tab\tand \\N"],
                "description": "quote ' and \" and back\\slash",
            },
        },
        {
            "type": "group",
            "key": "g1",
            "fields": {
                "description": "villagers",
                "size": [
                    {
                        "value": "about 1,700",
                        "preferred": True,
                        "reason": "the later report counted again",
                        "citations": [source.span("About 1,700 villagers")],
                    },
                    {"value": 1500},
                ],
            },
        },
        {
            "type": "act",
            "fields": {
                "violation": "arbitrary_detention",
                "victim": {"key": "h1"},
                "date": "19 October 2023",
                "place": {"key": "p1"},
            },
        },
        {
            "type": "act",
            "fields": {
                "violation": "torture",
                "victim": {"ref": existing},
                "date": {"value": "in April", "citations": [source.span("in prison in April")]},
                "place": {"key": "p2"},
            },
        },
    ]


def _table(connection: Any, table: Any, *, skip: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    rows = connection.execute(select(table).order_by(*table.primary_key.columns)).mappings()
    return [{k: v for k, v in row.items() if k not in skip} for row in rows]


def _import(archive: Archive, path: Path) -> dict[str, list[dict[str, Any]]]:
    owner = as_owner(archive)
    (item,) = owner.items.ingest([path], Provenance(published="2023-12-02"))
    assert item.id is not None
    source = Source(item.id, owner.items.text(item.id))
    writer = archive.as_viewer(Viewer.owner("owner")).records
    existing = writer.create("group", {"description": "already there"}).id
    writer.import_documents(_batch(source, existing), reason="batch")
    with reading(archive.kernel.engine) as connection:
        found = {
            "records": _table(connection, records),
            "record_values": _table(connection, record_values),
            "citations": _table(connection, citations),
            "record_versions": _table(connection, record_versions),
            "custody": [
                entry
                for entry in _table(connection, custody, skip=("prev_hash", "hash"))
                if entry["subject"].startswith("record:")
            ],
        }
    return _opened(writer, found)


def _opened(writer: Any, found: dict[str, list[dict[str, Any]]]) -> dict[str, list[Any]]:
    """Sealed values with their plain text in place of the token, whose key and nonce are
    each archive's own; and each custody entry's digest checked against its version."""
    opened = {
        row["value"]: "sealed:" + writer.open_sealed(row["record_id"], row["field"], row["value"])
        for row in found["record_values"]
        if row["protected"]
    }
    assert opened, "the batch seals some values"

    def plain(text: str) -> str:
        for token, replacement in opened.items():
            text = text.replace(token, replacement)
        return text

    changes_of = {row["record_id"]: row["change"] for row in found["record_versions"]}
    for row in found["record_values"]:
        row["value"] = plain(row["value"])
    for entry in found["custody"]:
        payload = json.loads(entry["payload"])
        assert payload.pop("change_sha256") == change_digest(changes_of[payload["record"]])
        entry["payload"] = payload
    for row in found["record_versions"]:
        row["change"] = plain(row["change"])
    return found


@pytest.fixture
def plain_archive(settings: Settings, tmp_path: Path) -> Iterator[Archive]:
    backend = "sqlite" if settings.is_sqlite else "postgresql"
    folder = tmp_path / "plain"
    folder.mkdir()
    with new_database(backend, folder) as url:
        created = Archive.create(Settings.from_env(home=folder / "archive", database_url=url))
        yield created
        created.close()


def test_bulk_import_stores_the_rows_of_the_plain_paths(
    archive: Archive,
    plain_archive: Archive,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = tmp_path / "statement.txt"
    path.write_text(STATEMENT, encoding="utf-8")
    monkeypatch.setattr(creating, "utc_now", lambda: NOW)
    monkeypatch.setattr(custody_module, "utc_now", lambda: NOW)
    fast = _import(archive, path)
    monkeypatch.setattr(bulk, "write_rows", bulk.write_rows_plainly)
    monkeypatch.setattr(creating, "write_columns", _write_columns_plainly)
    monkeypatch.setattr(value_rows, "write_columns", _write_columns_plainly)
    monkeypatch.setattr(creating, "write_rows", bulk.write_rows_plainly)
    monkeypatch.setattr(custody_module, "write_columns", _write_columns_plainly)
    # Values are stored by the store, changes written by the records' creation.
    monkeypatch.setattr(store, "dump_floatless", changes.dump)
    monkeypatch.setattr(creating, "dump_floatless", changes.dump)
    # A new record's change as any change is worked out, and custody payloads by the json module.
    monkeypatch.setattr(creating, "created_fields", _fields_as_any_change)
    monkeypatch.setattr(custody_module, "canonical_json", _json_module_text)
    plain = _import(plain_archive, path)
    assert fast == plain
    # The batch wrote what it was given: 6 records after the first, a version and a custody
    # entry each, three citations; floats kept the json module's form.
    assert len(fast["records"]) == 7
    assert len(fast["record_versions"]) == len(fast["custody"]) == 7
    assert len(fast["citations"]) == 3
    stored = {row["value"] for row in fast["record_values"] if row["field"] == "coordinates"}
    assert stored == {'{"lat":1e-05,"lon":72.8}', '{"lat":1e-07,"lon":-5e-05}'}


def _write_columns_plainly(
    connection: Any, table: Any, names: Sequence[str], rows: Sequence[tuple[Any, ...]]
) -> None:
    bulk.write_rows_plainly(connection, table, [dict(zip(names, row, strict=True)) for row in rows])


def _fields_as_any_change(by_field: dict[str, list[changes.ValueState]]) -> dict[str, Any]:
    values = [value for group in by_field.values() for value in group]
    return changes.field_change({}, changes.snapshots(values, by_field))


def _json_module_text(value: Mapping[str, Any]) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


_FLAT_VALUES = (
    st.text()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.booleans()
    | st.none()
    | st.sampled_from(["\ud800 lone", '\x00\x1f\x7f\u2028\u2029 \\ " /', "Ош 🙂"])
)


@given(st.dictionaries(st.text(), _FLAT_VALUES, max_size=8))
def test_a_flat_custody_payload_is_written_as_the_json_module_writes_it(
    payload: dict[str, Any],
) -> None:
    assert custody_module.canonical_json(payload) == _json_module_text(payload)


@pytest.mark.parametrize(
    "payload",
    [
        {2: "keys that are numbers", 10: 1},
        {"float": 0.00001, "nested": {"x": 1e-7}},
        {"list": [1.5, "\ud800"], "n": 2**80},
    ],
)
def test_other_custody_payloads_are_written_by_the_json_module(payload: dict[Any, Any]) -> None:
    assert custody_module.canonical_json(payload) == _json_module_text(payload)


@given(st.integers(min_value=-(10**18), max_value=2**63 - 1))
def test_a_custody_time_is_written_as_strftime_writes_it(nanoseconds: int) -> None:
    moment = datetime(1970, 1, 1, tzinfo=UTC) + timedelta(microseconds=nanoseconds // 1000)
    expected = moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    assert custody_module.utc_stamp(nanoseconds) == expected
    # Again, now that the second is known.
    assert custody_module.utc_stamp(nanoseconds) == expected
    assert custody_module.utc_stamp(nanoseconds - nanoseconds % 10**9) == expected[:19] + ".000000Z"


@pytest.mark.parametrize(
    "value",
    [
        "Ош",
        {"text": "Улан", "lang": None, "script": "Cyrl"},
        {"ref": 2_147_483_647},
        {"value": 1700, "qualifier": "about", "unit": None, "text": "about 1,700", "noun": None},
        {"z": [True, False, None], "a": {"é": '\u2028\x1f\\"/', "b": 0}},
        -(2**53),
        "\ud800 a lone surrogate",
    ],
)
def test_floatless_dump_is_the_dump(value: Any) -> None:
    assert dump_floatless(value) == dump(value)


def test_only_kinds_without_floats_take_the_fast_dump() -> None:
    types = load_record_types()
    assert not floatless(types.get("place").field("coordinates"))
    assert floatless(types.get("place").field("name"))
    assert floatless(types.get("act").field("date"))
    assert floatless(types.get("group").field("size"))

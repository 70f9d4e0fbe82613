"""The tamper matrix: every table ``docket verify`` covers, every bound column changed, a row
deleted and a row inserted behind the archive's back, on SQLite and PostgreSQL.

One archive per backend holds every kind of row (edited, cited, re-levelled and retracted
records, a protected value, accepted, rejected and pending proposals, users whose role, status,
password and authenticator changed, live and revoked API tokens). Each case changes one thing,
asserts verify names the table and row, puts the row back and asserts the archive is clean again.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyotp
import pytest
from argon2 import PasswordHasher
from sqlalchemy import Table, delete, func, insert, select, update
from tests.conftest import new_database
from tests.support import as_owner

from docket.accounts import Accounts
from docket.archive import Archive
from docket.config import Settings
from docket.db.engine import reading, writing
from docket.db.schema import (
    api_tokens,
    citations,
    custody,
    proposals,
    record_values,
    record_versions,
    records,
    users,
)
from docket.evidence.record_integrity import VERSION_ACTIONS
from docket.ingest.provenance import Provenance
from docket.model.access import Viewer
from docket.records.audit import RecordAction

TEXT = (
    "President Sadyr Japarov met the family of Almazbek Atambaev and refused the operations. "
    "About 1,700 villagers were shot dead in Kok-Suu. His lawyers filed an appeal; it was "
    "refused. A witness told the monitors what she saw.\n"
)
PASSWORD = "correct horse battery staple"
LATER = "2031-01-01T00:00:00.000000Z"


@dataclass
class Built:
    archive: Archive
    ids: dict[str, int]


def _span(source: str, words: str, item: int) -> dict[str, int]:
    start = source.index(words)
    return {"item": item, "start": start, "end": start + len(words)}


def _proposal_document(item_id: int) -> dict[str, Any]:
    def span(words: str) -> dict[str, Any]:
        start = TEXT.index(words)
        return {"text": words, "start": start, "end": start + len(words)}

    appeal = span("appeal")
    shot = span("shot dead")
    return {
        "item": item_id,
        "language": "en",
        "document_date": None,
        "entities": [
            {
                "kind": "person",
                "name": "Almazbek Atambaev",
                "archive_id": None,
                "mentions": [span("Almazbek Atambaev")],
            }
        ],
        "dates": [],
        "counts": [],
        "acts": [{"type": "killing_by_excessive_force", "label": "Killing", **_bare(shot)}],
        "interventions": [
            {
                "type": "appeal",
                "label": "Appeal",
                **_bare(appeal),
                "response": {"code": "refused", "label": "Refused", **span("refused")},
            }
        ],
    }


def _bare(span: dict[str, Any]) -> dict[str, Any]:
    return {"start": span["start"], "end": span["end"]}


def populate(archive: Archive, tmp_path: Path) -> dict[str, int]:
    """Every kind of row verify covers, made through the archive's own code paths."""
    owner = Viewer.owner("owner")
    first, second = tmp_path / "statement.txt", tmp_path / "report.txt"
    first.write_text(TEXT, encoding="utf-8")
    second.write_text("Japarov refused. " + TEXT, encoding="utf-8")
    item, other = (r.id for r in as_owner(archive).items.ingest([first, second], Provenance()))
    assert item is not None and other is not None
    store = archive
    person = store.as_viewer(owner).records.create(
        "person",
        {"name": [{"value": "Sadyr Japarov", "citations": [_span(TEXT, "Sadyr Japarov", item)]}]},
        reason="from the statement",
    )
    name_value = person.field_values("name")[0].id
    store.as_viewer(owner).records.edit(
        person.id,
        {
            "add": {"birth_year": [1968]},
            "confidentiality": "restricted",
        },
        person.version,
        "level raised",
    )
    person = store.as_viewer(owner).records.cite(
        person.id, "name", other, 0, len("Japarov"), reason="second"
    )
    witness = store.as_viewer(owner).records.create(
        "person",
        {"witness_code": "TB-W-07", "contact": ["+996 555 000 111"]},
        confidentiality="confidential",
    )
    contact_value = witness.field_values("contact")[0].id
    victim = store.as_viewer(owner).records.create("person", {"name": "Almazbek Atambaev"})
    act = store.as_viewer(owner).records.create(
        "act", {"violation": "torture", "victim": victim.id}
    )
    victim_value = act.field_values("victim")[0].id
    wrong = store.as_viewer(owner).records.create("place", {"name": "Kok-Suu"})
    store.as_viewer(owner).records.retract(
        wrong.id, "duplicate of another place", expected_version=1
    )
    replaced = store.as_viewer(owner).records.create("place", {"name": "Tash-Bulung"})
    store.as_viewer(owner).records.edit(
        replaced.id, {"set": {"name": ["Tash Bulung"]}}, 1, "spelling"
    )
    # One man recorded three times: the second record merged for good, the third merged and
    # undone, which takes back the citation its merge joined to the survivor's name.
    one, twice, thrice = (
        store.as_viewer(owner).records.create(
            "person",
            {"name": [{"value": "Kamchybek Tashiev", "citations": [_span(TEXT, words, item)]}]},
        )
        for words in ("President", "monitors", "lawyers")
    )
    merging = store.as_viewer(owner).records
    merging.merge(twice.id, into=one.id, reason="one man", source_version=1, target_version=1)
    merging.merge(thrice.id, into=one.id, reason="one man?", source_version=1, target_version=2)
    merging.unmerge(thrice.id, reason="his namesake")
    with reading(archive.kernel.engine) as connection:
        unjoined = connection.execute(
            select(citations.c.id).where(citations.c.status == "removed")
        ).scalar_one()
        removed_value = connection.execute(
            select(record_values.c.id).where(
                record_values.c.record_id == replaced.id, record_values.c.status == "removed"
            )
        ).scalar_one()
        citation = connection.execute(
            select(func.min(citations.c.id)).where(citations.c.record_id == person.id)
        ).scalar_one()

    as_owner(archive).proposals.store(item, _proposal_document(item))
    kinds = {p.kind: p.id for p in as_owner(archive).proposals.pending(50)}
    accepted_record = archive.as_viewer(owner).proposals.accept(kinds["person"])
    archive.as_viewer(owner).proposals.reject(
        kinds["intervention"], "not an appeal to an authority"
    )

    accounts = Accounts(
        archive.kernel, password_hasher=PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    )
    admin = accounts.add("admin", "admin", PASSWORD, actor="setup")
    editor = accounts.add("aida", "editor", PASSWORD, actor="admin", require_2fa=True)
    accounts.disable("aida", actor="admin")
    accounts.enable("aida", actor="admin")
    accounts.set_password("aida", PASSWORD + " again", actor="admin")
    enrolment = accounts.begin_totp(editor.id)
    accounts.confirm_totp(
        editor.id, enrolment.secret, pyotp.TOTP(enrolment.secret).at(datetime.now(UTC))
    )
    _, live = accounts.create_token(editor.id, "scripts", ["read"], actor="admin")
    _, old = accounts.create_token(admin.id, "old", ["read", "write"], actor="admin")
    accounts.revoke_token(old.id, actor="admin")
    accounts.check_password("aida", PASSWORD + " again")
    # Stronger argon2 parameters: the next sign-in upgrades the stored hash, with an entry.
    stronger = PasswordHasher(time_cost=2, memory_cost=8, parallelism=1)
    Accounts(archive.kernel, password_hasher=stronger).check_password("admin", PASSWORD)
    return {
        "item": item,
        "other_item": other,
        "record": person.id,
        "name_value": name_value,
        "citation": citation,
        "witness": witness.id,
        "contact_value": contact_value,
        "act": act.id,
        "victim": victim.id,
        "victim_value": victim_value,
        "retracted": wrong.id,
        "replaced": replaced.id,
        "removed_value": removed_value,
        "survivor": one.id,
        "merged": twice.id,
        "unmerged": thrice.id,
        "unjoined": unjoined,
        "accepted_proposal": kinds["person"],
        "accepted_record": accepted_record,
        "rejected_proposal": kinds["intervention"],
        "pending_proposal": kinds["act"],
        "admin": admin.id,
        "editor": editor.id,
        "live_token": live.id,
        "revoked_token": old.id,
    }


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def built(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Built]:
    tmp_path = tmp_path_factory.mktemp(f"tamper-{request.param}")
    with (
        new_database(request.param, tmp_path) as url,
        pytest.MonkeyPatch.context() as patch,
    ):
        patch.delenv("DOCKET_RECORD_KEY", raising=False)
        patch.setenv("DOCKET_ACTOR", "tester")
        archive = Archive.create(Settings.from_env(home=tmp_path / "archive", database_url=url))
        try:
            yield Built(archive, populate(archive, tmp_path))
        finally:
            archive.close()


def problems(archive: Archive) -> list[str]:
    return [str(problem) for problem in archive.verify()]


def test_every_kind_of_row_verifies_clean(built: Built) -> None:
    assert problems(built.archive) == []
    with reading(built.archive.kernel.engine) as connection:
        for table in (records, record_values, citations, record_versions, proposals, users):
            assert connection.execute(select(func.count()).select_from(table)).scalar_one() > 0
        assert (
            connection.execute(
                select(func.count()).where(api_tokens.c.revoked_at.is_not(None))
            ).scalar_one()
            == 1
        )


def test_operational_columns_are_left_out(built: Built) -> None:
    archive, ids = built.archive, built.ids
    changes = [
        (users, ids["editor"], {"failed_attempts": 3, "locked_until": LATER,
                                "totp_last_step": 99, "language": "ky", "display_name": "A. B."}),
        (api_tokens, ids["live_token"], {"last_used_at": LATER}),
    ]  # fmt: skip
    saved = [_row(archive, table, row_id) for table, row_id, _ in changes]
    for table, row_id, values in changes:
        _write(archive, update(table).where(table.c.id == row_id).values(**values))
    assert problems(archive) == []
    for (table, row_id, _), row in zip(changes, saved, strict=True):
        _write(archive, update(table).where(table.c.id == row_id).values(**row))


# -- the matrix ------------------------------------------------------------------------------


Change = Callable[[dict[str, Any], dict[str, int]], dict[str, Any]]


def _japarof(row: dict[str, Any], _ids: dict[str, int]) -> dict[str, Any]:
    return {"value": row["value"].replace("Japarov", "Japarof")}


def _sealed_token(row: dict[str, Any], _ids: dict[str, int]) -> dict[str, Any]:
    token = row["value"]
    return {"value": token[:-2] + ("AA" if token[-2:] != "AA" else "BB")}


def _set(**values: Any) -> Change:
    return lambda _row, _ids: values


def _plus(column: str, amount: int = 1) -> Change:
    return lambda row, _ids: {column: (row[column] or 0) + amount}


def _to_id(column: str, key: str) -> Change:
    return lambda _row, ids: {column: ids[key]}


# (table, row key in Built.ids, what changes, what verify must name)
UPDATES: list[tuple[Table, str, str, Change, str]] = [
    (records, "record", "type", _set(type="organisation"), "record {record}"),
    (records, "record", "confidentiality", _set(confidentiality="public"), "record {record}"),
    (records, "witness", "confidentiality", _set(confidentiality="public"), "record {witness}"),
    (records, "record", "version", _plus("version"), "record {record}"),
    (records, "record", "retracted", _set(retracted=True), "record {record}"),
    (records, "retracted", "retracted", _set(retracted=False), "record {retracted}"),
    (records, "retracted", "retraction_reason", _set(retraction_reason="x"), "record {retracted}"),
    (records, "record", "updated_by", _set(updated_by="mallory"), "record {record}"),
    (records, "record", "updated_at", _set(updated_at=LATER), "record {record}"),
    (records, "record", "created_at", _set(created_at=LATER), "record {record}"),
    (records, "record", "created_by", _set(created_by="mallory"), "record {record}"),
    (records, "merged", "merged_into", _set(merged_into=None), "record {merged}"),
    (records, "merged", "merged_into", _to_id("merged_into", "unmerged"), "record {merged}"),
    (records, "unmerged", "merged_into", _to_id("merged_into", "survivor"), "record {unmerged}"),
    (records, "record", "merged_into", _to_id("merged_into", "victim"), "record {record}"),
    (record_values, "name_value", "value", _japarof, "value {name_value} (name)"),
    (record_values, "contact_value", "value", _sealed_token, "value {contact_value} (contact)"),
    (record_values, "name_value", "field", _set(field="nickname"), "value {name_value}"),
    (record_values, "victim_value", "ref_id", _to_id("ref_id", "record"), "value {victim_value}"),
    (record_values, "name_value", "preferred", _set(preferred=False), "value {name_value}"),
    (record_values, "name_value", "preference_reason", _set(preference_reason="x"),
     "value {name_value}"),
    (record_values, "name_value", "status", _set(status="removed"), "value {name_value}"),
    (record_values, "removed_value", "status", _set(status="active"), "value {removed_value}"),
    (record_values, "name_value", "added_version", _plus("added_version"), "value {name_value}"),
    (record_values, "name_value", "removed_version", _set(removed_version=3),
     "value {name_value}"),
    (record_values, "removed_value", "removed_version", _set(removed_version=None),
     "value {removed_value}"),
    (record_values, "name_value", "record_id", _to_id("record_id", "victim"), "value {name_value}"),
    (record_values, "name_value", "protected", _set(protected=True), "value {name_value}"),
    (citations, "citation", "item_id", _to_id("item_id", "other_item"), "citation {citation}"),
    (citations, "citation", "span_start", _plus("span_start"), "citation {citation}"),
    (citations, "citation", "span_end", _plus("span_end", -1), "citation {citation}"),
    (citations, "citation", "quote_sha256", _set(quote_sha256="0" * 64), "citation {citation}"),
    (citations, "citation", "status", _set(status="removed"), "citation {citation}"),
    (citations, "citation", "added_version", _plus("added_version"), "citation {citation}"),
    (citations, "citation", "value_id", _to_id("value_id", "victim_value"), "citation {citation}"),
    (citations, "citation", "record_id", _to_id("record_id", "act"), "citation {citation}"),
    (citations, "citation", "removed_version", _set(removed_version=2), "citation {citation}"),
    (citations, "unjoined", "status", _set(status="active"), "citation {unjoined}"),
    (citations, "unjoined", "removed_version", _set(removed_version=None), "citation {unjoined}"),
    (proposals, "accepted_proposal", "status", _set(status="rejected"),
     "proposal {accepted_proposal}"),
    (proposals, "rejected_proposal", "status", _set(status="pending"),
     "proposal {rejected_proposal}"),
    (proposals, "accepted_proposal", "decided_by", _set(decided_by="mallory"),
     "proposal {accepted_proposal}"),
    (proposals, "accepted_proposal", "record_id", _to_id("record_id", "act"),
     "proposal {accepted_proposal}"),
    (proposals, "rejected_proposal", "reason", _set(reason="x"), "proposal {rejected_proposal}"),
    (proposals, "pending_proposal", "payload", _set(payload="{}"), "proposal {pending_proposal}"),
    (proposals, "pending_proposal", "kind", _set(kind="place"), "proposal {pending_proposal}"),
    (proposals, "pending_proposal", "item_id", _to_id("item_id", "other_item"),
     "proposal {pending_proposal}"),
    (proposals, "pending_proposal", "fingerprint", _set(fingerprint="0" * 64),
     "proposal {pending_proposal}"),
    (proposals, "accepted_proposal", "decided_at", _set(decided_at=LATER),
     "proposal {accepted_proposal}"),
    (proposals, "pending_proposal", "created_at", _set(created_at=LATER),
     "proposal {pending_proposal}"),
    (users, "editor", "role", _set(role="admin"), "user {editor}"),
    (users, "editor", "disabled", _set(disabled=True), "user {editor}"),
    (users, "editor", "require_2fa", _set(require_2fa=False), "user {editor}"),
    (users, "editor", "name", _set(name="root"), "user {editor}"),
    (users, "admin", "password_hash", _set(password_hash="$argon2id$v=19$known"), "user {admin}"),
    (users, "editor", "totp_secret", _set(totp_secret=None), "user {editor}"),
    (users, "editor", "name_key", _set(name_key="root"), "user {editor}"),
    (users, "editor", "password_changed_at", _set(password_changed_at=LATER), "user {editor}"),
    (users, "editor", "created_at", _set(created_at=LATER), "user {editor}"),
    (users, "editor", "created_by", _set(created_by="mallory"), "user {editor}"),
    (api_tokens, "live_token", "scopes", _set(scopes="read write admin"), "API token {live_token}"),
    (api_tokens, "live_token", "user_id", _to_id("user_id", "admin"), "API token {live_token}"),
    (api_tokens, "live_token", "token_hash", _set(token_hash="f" * 64), "API token {live_token}"),
    (api_tokens, "live_token", "name", _set(name="backup"), "API token {live_token}"),
    (api_tokens, "live_token", "created_at", _set(created_at=LATER), "API token {live_token}"),
    (api_tokens, "live_token", "created_by", _set(created_by="mallory"),
     "API token {live_token}"),
    (api_tokens, "revoked_token", "revoked_by", _set(revoked_by="mallory"),
     "API token {revoked_token}"),
    (api_tokens, "revoked_token", "revoked_at", _set(revoked_at=None),
     "API token {revoked_token}"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("table", "key", "column", "change", "named"),
    UPDATES,
    ids=[f"{t.name}.{column}@{key}" for t, key, column, _, _ in UPDATES],
)
def test_an_updated_column_is_found(
    built: Built, table: Table, key: str, column: str, change: Change, named: str
) -> None:
    archive, ids = built.archive, built.ids
    row = _row(archive, table, ids[key])
    new = change(row, ids)
    assert new[column] != row[column], "the case must change something"
    _write(archive, update(table).where(table.c.id == ids[key]).values(**new))
    try:
        found = problems(archive)
        where = named.format(**ids)
        assert any(where in line for line in found), found
    finally:
        _write(archive, update(table).where(table.c.id == ids[key]).values(**row))
    assert problems(archive) == []


# The version row of ``record`` (its second version) is keyed by record and version.
def test_version_rows_altered(built: Built) -> None:
    archive, ids = built.archive, built.ids
    version = _version(archive, ids["record"], 2)
    cases = {
        "change": json.dumps({"fields": {}}),
        "reason": "rewritten",
        "actor": "mallory",
        "at": "2020-01-01T00:00:00.000000Z",
    }
    for column, value in cases.items():
        _write(archive, update(record_versions).where(record_versions.c.id == version["id"])
               .values({column: value}))  # fmt: skip
        try:
            found = problems(archive)
            assert (
                f"record {ids['record']}: version 2 ({column}) differs from its custody entry"
                in found
            )
        finally:
            _write(archive, update(record_versions).where(record_versions.c.id == version["id"])
                   .values({column: version[column]}))  # fmt: skip
    # A version renumbered is one version missing and another without its entry.
    table = record_versions
    _write(archive, update(table).where(table.c.id == version["id"]).values(version=99))
    try:
        found = problems(archive)
        assert f"record {ids['record']}: version 2 is missing" in found
        assert f"record {ids['record']}: version 99 was added outside the chain of custody" in found
    finally:
        _write(archive, update(table).where(table.c.id == version["id"]).values(version=2))
    assert problems(archive) == []


ROWS: list[tuple[Table, str, str]] = [
    (records, "witness", "record {witness}"),
    (record_values, "name_value", "value {name_value}"),
    (record_values, "contact_value", "value {contact_value}"),
    (citations, "citation", "citation of value {name_value}"),
    (proposals, "accepted_proposal", "proposal {accepted_proposal}"),
    (proposals, "pending_proposal", "proposal {pending_proposal}"),
    (users, "admin", "user {admin}"),
    (api_tokens, "revoked_token", "API token {revoked_token}"),
]


@pytest.mark.parametrize(("table", "key", "named"), ROWS, ids=[f"{t.name}@{k}" for t, k, _ in ROWS])
def test_a_deleted_row_is_found(built: Built, table: Table, key: str, named: str) -> None:
    archive, ids = built.archive, built.ids
    row = _row(archive, table, ids[key])
    # A record's rows that point at it go first, as a tamperer would have to (foreign keys).
    dependants = _dependants(archive, table, ids[key])
    for dependant, rows in reversed(dependants):
        _write(archive, delete(dependant).where(dependant.c.id.in_([r["id"] for r in rows])))
    _write(archive, delete(table).where(table.c.id == ids[key]))
    try:
        found = problems(archive)
        where = named.format(**ids)
        assert any(where in line for line in found), found
    finally:
        _write(archive, insert(table).values(**row))
        for dependant, rows in dependants:
            if rows:
                _write(archive, insert(dependant), rows)
    assert problems(archive) == []


@pytest.mark.parametrize(("table", "key", "named"), ROWS, ids=[f"{t.name}@{k}" for t, k, _ in ROWS])
def test_an_inserted_row_is_found(built: Built, table: Table, key: str, named: str) -> None:
    archive, ids = built.archive, built.ids
    row = _row(archive, table, ids[key])
    with reading(archive.kernel.engine) as connection:
        new_id = int(connection.execute(select(func.max(table.c.id))).scalar_one()) + 1000
    row["id"] = new_id
    unique = {"users": {"name": "mallory", "name_key": "mallory"},
              "api_tokens": {"token_hash": "e" * 64},
              "proposals": {"fingerprint": "f" * 64}}  # fmt: skip
    row.update(unique.get(table.name, {}))
    _write(archive, insert(table).values(**row))
    try:
        found = problems(archive)
        noun = named.split(" {")[0].replace("citation of value", "citation")
        assert any(f"{noun} {new_id}" in line for line in found), found
    finally:
        _write(archive, delete(table).where(table.c.id == new_id))
    assert problems(archive) == []


def test_version_rows_deleted_and_inserted(built: Built) -> None:
    archive, ids = built.archive, built.ids
    record_id = ids["record"]
    second = _version(archive, record_id, 2)
    _write(archive, delete(record_versions).where(record_versions.c.id == second["id"]))
    try:
        assert f"record {record_id}: version 2 is missing" in problems(archive)
    finally:
        _write(archive, insert(record_versions).values(**second))
    last = _row(archive, records, record_id)["version"]
    forged = {**_version(archive, record_id, last), "version": last + 1}
    forged.pop("id")
    _write(archive, insert(record_versions).values(**forged))
    try:
        assert (
            f"record {record_id}: version {last + 1} was added outside the chain of custody"
            in problems(archive)
        )
    finally:
        _write(
            archive,
            delete(record_versions).where(
                record_versions.c.record_id == record_id, record_versions.c.version == last + 1
            ),
        )
    assert problems(archive) == []


def test_the_record_actions_verify_replays_are_the_record_stores() -> None:
    assert VERSION_ACTIONS == (
        RecordAction.CREATED,
        RecordAction.EDITED,
        RecordAction.RETRACTED,
        RecordAction.MERGED,
        RecordAction.UNMERGED,
        RecordAction.SPLIT,
    )


# -- helpers ---------------------------------------------------------------------------------


def _row(archive: Archive, table: Table, row_id: int) -> dict[str, Any]:
    with reading(archive.kernel.engine) as connection:
        return dict(connection.execute(select(table).where(table.c.id == row_id)).mappings().one())


def _version(archive: Archive, record_id: int, version: int) -> dict[str, Any]:
    with reading(archive.kernel.engine) as connection:
        return dict(
            connection.execute(
                select(record_versions).where(
                    record_versions.c.record_id == record_id, record_versions.c.version == version
                )
            )
            .mappings()
            .one()
        )


def _write(archive: Archive, statement: Any, rows: Any = None) -> None:
    with writing(archive.kernel.engine) as connection:
        if rows is None:
            connection.execute(statement)
        else:
            connection.execute(statement, rows)


def _dependants(
    archive: Archive, table: Table, row_id: int
) -> list[tuple[Table, list[dict[str, Any]]]]:
    """Rows that refer to ``row_id`` and must go first, in insertion order."""
    wanted: list[tuple[Table, Any]] = []
    if table is records:
        wanted = [
            (record_versions, record_versions.c.record_id == row_id),
            (record_values, record_values.c.record_id == row_id),
            (citations, citations.c.record_id == row_id),
        ]
    elif table is record_values:
        wanted = [(citations, citations.c.value_id == row_id)]
    elif table is users:
        wanted = [(api_tokens, api_tokens.c.user_id == row_id)]
    with reading(archive.kernel.engine) as connection:
        return [
            (
                dependant,
                [dict(r) for r in connection.execute(select(dependant).where(where)).mappings()],
            )
            for dependant, where in wanted
        ]


def test_custody_is_untouched_by_the_matrix(built: Built) -> None:
    """The restorations above wrote only the tampered tables: the chain still verifies."""
    with reading(built.archive.kernel.engine) as connection:
        assert connection.execute(select(func.count()).select_from(custody)).scalar_one() > 0
    assert problems(built.archive) == []

"""Confidentiality in the data layer: clearance, protected fields encrypted at rest, redaction
on every read path, and custody entries for what is revealed."""

from __future__ import annotations

import base64
import io
import json
import os
import stat

import pytest
from sqlalchemy import select, update

from docket.archive import Archive
from docket.db.engine import reading, writing
from docket.db.schema import custody, record_values, record_versions
from docket.model.access import Role, Viewer
from docket.records import (
    REDACTED,
    PermissionDenied,
    RecordKeyError,
    RecordNotFound,
    RecordStore,
)

WITNESS = {
    "witness_code": "TB-W-07",
    "witness": {
        "real_name": "Cholpon Asanova",
        "workplace": "Tash-Bulung secondary school",
        "address": "Sovetskaya street 14",
    },
    "contact": ["+996 700 111 222"],
}


def everything_stored(archive: Archive) -> str:
    with reading(archive.kernel.engine) as connection:
        values = connection.execute(select(record_values.c.value)).scalars().all()
        changes = connection.execute(select(record_versions.c.change)).scalars().all()
        payloads = connection.execute(select(custody.c.payload)).scalars().all()
    return "\n".join([*values, *changes, *payloads])


def test_protected_values_are_encrypted_at_rest_with_a_key_outside_the_database(
    archive: Archive, owner: Viewer
) -> None:
    witness = archive.as_viewer(owner).records.create(
        "person", WITNESS, confidentiality="confidential"
    )
    stored = everything_stored(archive)
    for secret in ("Cholpon", "Asanova", "Sovetskaya", "111 222"):
        assert secret not in stored
    assert "TB-W-07" in stored  # the code is meant to be quotable
    key_file = archive.settings.home / "keys" / "records.key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    key = key_file.read_text().strip()
    assert key not in stored
    revealed = archive.as_viewer(owner).records.get(witness.id, reveal=True)
    assert revealed.first("witness")["real_name"]["text"] == "Cholpon Asanova"
    assert revealed.first("contact") == "+996 700 111 222"
    # A second store (another process) reads the same key file.
    assert RecordStore(archive.kernel, owner).get(witness.id, reveal=True).first("contact")


def test_redacted_by_default_and_only_revealed_to_those_allowed(
    archive: Archive, owner: Viewer
) -> None:
    witness = archive.as_viewer(owner).records.create("person", WITNESS)
    shown = archive.as_viewer(owner).records.get(witness.id)
    assert shown.first("witness") is None
    assert [v.value for v in shown.field_values("contact")] == [REDACTED]
    editor = Viewer("erin", Role.EDITOR)
    with pytest.raises(PermissionDenied, match="may not see protected fields"):
        archive.as_viewer(editor).records.get(witness.id, reveal=True)
    with pytest.raises(PermissionDenied):
        Viewer("ann", Role.ANALYST, protected=True)
    history = archive.as_viewer(owner).records.history(witness.id)
    assert history[0].change["fields"]["contact"]["new"][0]["value"] == REDACTED
    revealed = archive.as_viewer(owner).records.history(witness.id, reveal=True)
    assert revealed[0].change["fields"]["contact"]["new"][0]["value"] == "+996 700 111 222"


def test_records_above_clearance_do_not_exist_on_any_read_path(
    archive: Archive, owner: Viewer
) -> None:
    store = archive
    village = store.as_viewer(owner).records.create(
        "group", {"description": "villagers", "size": "about 1,700"}
    )
    witness = store.as_viewer(owner).records.create(
        "person", WITNESS, confidentiality="confidential"
    )
    restricted = store.as_viewer(owner).records.create(
        "person", {"name": "Talgat"}, confidentiality="restricted"
    )
    victims = [village.id, witness.id, restricted.id]
    act = store.as_viewer(owner).records.create(
        "act", {"violation": "use_of_firearms", "victim": victims, "date": "14 August 2022"}
    )
    viewer = Viewer.as_role("viewer", "vic")
    analyst = Viewer.as_role("analyst", "ann")
    with pytest.raises(RecordNotFound, match=f"no record {witness.id}"):
        store.as_viewer(viewer).records.get(witness.id)
    assert [v.id for v in store.as_viewer(viewer).records.list_records()] == [village.id, act.id]
    assert store.as_viewer(viewer).records.get(act.id).refs("victim") == [village.id]
    assert store.as_viewer(analyst).records.get(act.id).refs("victim") == [
        village.id,
        restricted.id,
    ]
    assert store.as_viewer(owner).records.get(act.id).refs("victim") == [
        village.id,
        witness.id,
        restricted.id,
    ]
    assert store.as_viewer(viewer).records.referrers([witness.id]) == []
    assert [m.record.id for m in store.as_viewer(viewer).timeline(act.id)] == [act.id]
    (cell,) = store.as_viewer(viewer).counts()
    assert cell["named_persons"] == 0
    (cell,) = store.as_viewer(owner).counts()
    assert cell["named_persons"] == 2
    out = io.StringIO()
    assert store.as_viewer(viewer).export_records(out) == 2
    assert "TB-W-07" not in out.getvalue()
    assert "Talgat" not in out.getvalue()


def test_exports_redact_unless_asked_and_are_logged(archive: Archive, owner: Viewer) -> None:
    store = archive
    witness = store.as_viewer(owner).records.create(
        "person", WITNESS, confidentiality="confidential"
    )
    plain = io.StringIO()
    store.as_viewer(owner).export_records(plain)
    (line,) = [json.loads(row) for row in plain.getvalue().splitlines()]
    assert line["fields"]["witness"][0]["value"] == REDACTED
    assert "Asanova" not in plain.getvalue()
    csv_out = io.StringIO()
    store.as_viewer(owner).export_records(csv_out, fmt="csv")
    assert "Asanova" not in csv_out.getvalue()
    assert REDACTED in csv_out.getvalue()
    full = io.StringIO()
    store.as_viewer(owner).export_records(full, reveal=True)
    assert "Asanova" in full.getvalue()
    with reading(archive.kernel.engine) as connection:
        entries = [
            json.loads(p)
            for p in connection.execute(
                select(custody.c.payload)
                .where(custody.c.action == "records_exported")
                .order_by(custody.c.seq)
            ).scalars()
        ]
    assert [(e["format"], e["confidential"], e["revealed"]) for e in entries] == [
        ("jsonl", [witness.id], []), ("csv", [witness.id], []),
        ("jsonl", [witness.id], [witness.id]),
    ]  # fmt: skip


def test_viewing_confidential_records_and_revealing_are_in_custody(
    archive: Archive, owner: Viewer
) -> None:
    store = archive
    public = store.as_viewer(owner).records.create(
        "person", {"name": "Ulan Atambaev", "contact": "x"}
    )
    secret = store.as_viewer(owner).records.create(
        "person", WITNESS, confidentiality="confidential"
    )

    def viewed() -> list[tuple[str, list[str]]]:
        with reading(archive.kernel.engine) as connection:
            rows = connection.execute(
                select(custody.c.subject, custody.c.payload)
                .where(custody.c.action == "record_viewed")
                .order_by(custody.c.seq)
            ).all()
        return [(subject, json.loads(payload)["revealed"]) for subject, payload in rows]

    store.as_viewer(owner).records.get(public.id)
    assert viewed() == []
    store.as_viewer(owner).records.get(secret.id)
    store.as_viewer(owner).records.get(public.id, reveal=True)
    assert viewed() == [(f"record:{secret.id}", []), (f"record:{public.id}", ["contact"])]
    assert list(archive.verify()) == []


def test_key_from_the_environment_and_a_wrong_key(
    archive: Archive, owner: Viewer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DOCKET_RECORD_KEY", base64.b64encode(os.urandom(32)).decode())
    witness = RecordStore(archive.kernel, owner).create("person", WITNESS)
    assert not (archive.settings.home / "keys" / "records.key").exists()
    assert RecordStore(archive.kernel, owner).get(witness.id, reveal=True).first("contact")
    monkeypatch.setenv("DOCKET_RECORD_KEY", base64.b64encode(os.urandom(32)).decode())
    with pytest.raises(RecordKeyError, match="sealed with key"):
        RecordStore(archive.kernel, owner).get(witness.id, reveal=True)
    monkeypatch.setenv("DOCKET_RECORD_KEY", "not base64 at all!")
    with pytest.raises(RecordKeyError, match="base64"):
        RecordStore(archive.kernel, owner).get(witness.id, reveal=True)
    monkeypatch.delenv("DOCKET_RECORD_KEY")
    with pytest.raises(RecordKeyError, match="no record key"):
        RecordStore(archive.kernel, owner).get(witness.id, reveal=True)
    # Redacted reads need no key at all.
    assert RecordStore(archive.kernel, owner).get(witness.id).first("contact") is None


def test_a_key_file_others_can_read_is_refused(archive: Archive, owner: Viewer) -> None:
    archive.as_viewer(owner).records.create("person", WITNESS)
    key_file = archive.settings.home / "keys" / "records.key"
    key_file.chmod(0o644)
    with pytest.raises(RecordKeyError, match="chmod 600"):
        RecordStore(archive.kernel, owner).get(1, reveal=True)


def test_ciphertext_moved_to_another_record_does_not_open(archive: Archive, owner: Viewer) -> None:
    store = archive
    first = store.as_viewer(owner).records.create("person", WITNESS)
    second = store.as_viewer(owner).records.create("person", {"name": "Other", "contact": "y"})
    token = next(v for v in first.values if v.field == "contact").id
    with writing(archive.kernel.engine) as connection:
        sealed = connection.execute(
            select(record_values.c.value).where(record_values.c.id == token)
        ).scalar_one()
        connection.execute(
            update(record_values)
            .where(record_values.c.record_id == second.id, record_values.c.field == "contact")
            .values(value=sealed)
        )
    with pytest.raises(RecordKeyError, match="altered or moved"):
        RecordStore(archive.kernel, owner).get(second.id, reveal=True)


def test_titles_are_those_of_the_views_and_only_of_records_the_viewer_may_see(
    archive: Archive, owner: Viewer
) -> None:
    records = archive.as_viewer(owner).records
    village = records.create("group", {"description": "villagers", "size": "about 1,700"})
    witness = records.create("person", WITNESS, confidentiality="confidential")
    restricted = records.create("person", {"name": "Talgat"}, confidentiality="restricted")
    act = records.create(
        "act", {"violation": "use_of_firearms", "victim": [village.id, witness.id, restricted.id]}
    )
    gone = records.create("place", {"name": "Kara-Suu"})
    records.retract(gone.id, "a duplicate", expected_version=gone.version)
    ids = [village.id, witness.id, restricted.id, act.id, gone.id]
    for who in (owner, Viewer.as_role("analyst", "ann"), Viewer.as_role("viewer", "vic")):
        store = archive.as_viewer(who).records
        views = store.views(ids=ids, sources=False, names=False)
        assert store.titles(ids) == {view.id: view.title for view in views}
    shown = archive.as_viewer(Viewer.as_role("viewer", "vic")).records.titles(ids)
    assert sorted(shown) == [village.id, act.id]
    assert f"#{witness.id}" not in shown[act.id] and "Talgat" not in " ".join(shown.values())
    assert archive.as_viewer(owner).records.titles(ids)[witness.id] == "TB-W-07"

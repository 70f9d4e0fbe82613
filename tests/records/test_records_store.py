"""Creating, editing, citing and retracting records; history and custody; nothing deleted."""

from __future__ import annotations

import csv
import io
import json

import pytest
from records_support import Source
from sqlalchemy import event, func, select, update

from docket.archive import Archive
from docket.db.engine import reading, writing
from docket.db.schema import citations, custody, record_values, record_versions, records
from docket.model.access import Viewer
from docket.records import (
    EditConflict,
    InvalidCitation,
    InvalidRecord,
    PermissionDenied,
    RecordNotFound,
)


def custody_actions(archive: Archive, record_id: int) -> list[str]:
    with reading(archive.kernel.engine) as connection:
        return list(
            connection.execute(
                select(custody.c.action)
                .where(custody.c.subject == f"record:{record_id}")
                .order_by(custody.c.seq)
            ).scalars()
        )


def test_create_show_and_custody(archive: Archive, owner: Viewer, source: Source) -> None:
    store = archive
    person = store.as_viewer(owner).records.create(
        "person",
        {
            "name": [
                {"value": "Ulan Atambaev", "citations": [source.span("he was returned")]},
                {"text": "Атамбаев", "lang": "ru"},
            ],
            "birth_year": 1956,
        },
        reason="from the declaration",
    )
    assert person.version == 1
    assert person.title == "Ulan Atambaev"
    assert [v.value["script"] for v in person.field_values("name")] == ["Latn", "Cyrl"]
    (citation,) = person.field_values("name")[0].citations
    assert citation.quote == "he was returned"
    assert citation.drifted is False
    assert custody_actions(archive, person.id) == ["record_created"]
    (version,) = store.as_viewer(owner).records.history(person.id)
    assert version.reason == "from the declaration"
    assert version.change["fields"]["birth_year"] == {
        "old": [], "new": [{"id": person.field_values("birth_year")[0].id, "value": 1956,
                            "preferred": True, "citations": []}],
    }  # fmt: skip
    assert list(archive.verify()) == []


def test_a_cited_record_is_read_in_one_transaction(
    archive: Archive, owner: Viewer, source: Source
) -> None:
    # Its values, its citations and the cited items' rows and texts are one snapshot, and
    # reading it holds one connection, not one more for the evidence.
    records = archive.as_viewer(owner).records
    person = records.create(
        "person", {"name": [{"value": "Ulan", "citations": [source.span("he was returned")]}]}
    )
    checkouts: list[object] = []

    def checked_out(connection: object) -> None:
        checkouts.append(connection)

    engine = archive.kernel.engine
    event.listen(engine, "engine_connect", checked_out)
    try:
        (citation,) = records.get(person.id, log=False).field_values("name")[0].citations
    finally:
        event.remove(engine, "engine_connect", checked_out)
    assert citation.quote == "he was returned"
    assert citation.drifted is False
    assert len(checkouts) == 1


def test_invalid_records_are_refused_whole(archive: Archive, owner: Viewer) -> None:
    store = archive
    writer = store.as_viewer(owner).records
    victim = writer.create("person", {"name": "A"}).id
    with pytest.raises(InvalidRecord, match=r"act\.violation is required"):
        writer.create("act", {"description": "x", "victim": victim})
    with pytest.raises(InvalidRecord, match="needs at least one of: name, witness_code"):
        store.as_viewer(owner).records.create("person", {"gender": "female"})
    with pytest.raises(InvalidRecord, match="no record 999"):
        store.as_viewer(owner).records.create("act", {"violation": "torture", "victim": 999})
    place = store.as_viewer(owner).records.create("place", {"name": "Tash-Bulung"})
    with pytest.raises(InvalidRecord, match="must refer to a person or group or organisation"):
        store.as_viewer(owner).records.create("act", {"violation": "torture", "victim": place.id})
    with pytest.raises(InvalidRecord, match="unknown key"):
        store.as_viewer(owner).records.import_documents([{"type": "person", "colour": "red"}])
    with reading(archive.kernel.engine) as connection:
        kinds = list(connection.execute(select(records.c.type).order_by(records.c.id)).scalars())
    assert kinds == ["person", "place"]


def test_conflicting_values_keep_every_source(
    archive: Archive, owner: Viewer, source: Source
) -> None:
    store = archive
    with pytest.raises(InvalidRecord, match="prefer exactly one"):
        store.as_viewer(owner).records.create(
            "group", {"description": "detainees", "size": [22, 27]}
        )
    group = store.as_viewer(owner).records.create(
        "group",
        {
            "description": "detainees",
            "size": [
                {
                    "value": 22,
                    "preferred": True,
                    "reason": "named list",
                    "citations": [source.span("22 people were detained")],
                },
                {"value": "27 people"},
            ],
        },
    )
    first, second = group.field_values("size")
    assert (first.preferred, first.reason, second.preferred) == (True, "named list", False)
    assert group.first("size")["value"] == 22
    changed = store.as_viewer(owner).records.edit(
        group.id, {"prefer": {str(second.id): "court papers"}}, 1, "new"
    )
    assert changed.first("size")["value"] == 27
    assert [v.preferred for v in changed.field_values("size")] == [False, True]
    three = store.as_viewer(owner).records.edit(
        group.id, {"add": {"size": 30}}, 2, "a third source"
    )
    assert [v.value["value"] for v in three.field_values("size")] == [22, 27, 30]
    assert three.first("size")["value"] == 27
    with pytest.raises(InvalidRecord, match="prefer exactly one"):
        store.as_viewer(owner).records.edit(group.id, {"remove": [second.id]}, 3, None)
    single = store.as_viewer(owner).records.create("group", {"description": "d", "size": 5})
    with pytest.raises(InvalidRecord, match="say why value"):
        store.as_viewer(owner).records.edit(single.id, {"add": {"size": 6}}, 1, None)


def test_edit_history_and_removed_values_stay(archive: Archive, owner: Viewer) -> None:
    store = archive
    person = store.as_viewer(owner).records.create(
        "person", {"name": "Kubat Zhunushaliev", "nationality": "KG"}
    )
    old = person.field_values("nationality")[0]
    edited = store.as_viewer(owner).records.edit(
        person.id,
        {"set": {"nationality": ["Altyn-Tash"]}, "add": {"name": "Джунушалиев"}},
        1,
        "corrected",
    )
    assert edited.version == 2
    assert edited.text("nationality") == "Altyn-Tash"
    removed = (
        store.as_viewer(owner)
        .records.get(person.id, include_removed=True)
        .field_values("nationality", include_removed=True)
    )
    assert [(v.value, v.status, v.removed_version) for v in removed] == [
        ("KG", "removed", 2), ("Altyn-Tash", "active", None),
    ]  # fmt: skip
    history = store.as_viewer(owner).records.history(person.id)
    assert [v.version for v in history] == [1, 2]
    assert history[1].change["fields"]["nationality"]["old"][0]["id"] == old.id
    assert custody_actions(archive, person.id) == ["record_created", "record_edited"]
    with pytest.raises(InvalidRecord, match="nothing to change"):
        store.as_viewer(owner).records.edit(
            person.id, {"set": {"nationality": "Altyn-Tash"}}, 2, None
        )
    assert list(archive.verify()) == []


def test_stale_edit_is_a_conflict_naming_who_and_what_to_do(
    archive: Archive, owner: Viewer
) -> None:
    store = archive
    person = store.as_viewer(owner).records.create("person", {"name": "Tilek Orozbekov"})
    store.as_viewer(Viewer.owner("alice")).records.edit(
        person.id, {"set": {"gender": "male"}}, 1, None
    )
    with pytest.raises(EditConflict) as caught:
        store.as_viewer(owner).records.edit(person.id, {"set": {"birth_year": 1970}}, 1, None)
    message = str(caught.value)
    assert "changed by alice" in message
    assert "now version 2" in message
    assert "--expect-version 2" in message
    assert "\n" not in message
    assert store.as_viewer(owner).records.get(person.id).first("birth_year") is None


def test_retraction_keeps_the_record(archive: Archive, owner: Viewer) -> None:
    store = archive
    person = store.as_viewer(owner).records.create("person", {"name": "Duplicate"})
    with pytest.raises(InvalidRecord, match="give a reason"):
        store.as_viewer(owner).records.retract(person.id, " ", expected_version=1)
    retracted = store.as_viewer(owner).records.retract(
        person.id, "duplicate of 1", expected_version=1
    )
    assert (retracted.retracted, retracted.retraction_reason, retracted.version) == (
        True, "duplicate of 1", 2,
    )  # fmt: skip
    assert store.as_viewer(owner).records.list_records() == []
    assert [v.id for v in store.as_viewer(owner).records.list_records(include_retracted=True)] == [
        person.id
    ]
    with pytest.raises(InvalidRecord, match="retracted"):
        store.as_viewer(owner).records.edit(person.id, {"set": {"gender": "male"}}, 2, None)
    assert custody_actions(archive, person.id) == ["record_created", "record_retracted"]


def test_citations_are_checked_and_drift_is_detected(
    archive: Archive, owner: Viewer, source: Source
) -> None:
    store = archive
    event = store.as_viewer(owner).records.create(
        "event", {"title": "Return to prison", "date": "19 October 2023"}
    )
    span = source.span("returned from hospital")
    cited = store.as_viewer(owner).records.cite(
        event.id, "date", span["item"], span["start"], span["end"]
    )
    assert cited.version == 2
    assert cited.field_values("date")[0].citations[0].quote == "returned from hospital"
    with pytest.raises(InvalidCitation, match="outside item"):
        store.as_viewer(owner).records.cite(event.id, "date", source.item_id, 5, 10_000)
    with pytest.raises(InvalidCitation, match="no item 99"):
        store.as_viewer(owner).records.cite(event.id, "date", 99, 0, 5)
    with pytest.raises(InvalidCitation, match="more than once"):
        store.as_viewer(owner).records.create(
            "event",
            {"title": {"value": "x", "citations": [{"item": source.item_id, "quote": "were"}]}},
        )
    with pytest.raises(InvalidCitation, match="not in item"):
        store.as_viewer(owner).records.create(
            "event",
            {"title": {"value": "x", "citations": [{"item": source.item_id, "quote": "zebra"}]}},
        )
    # Someone rewrites a stored span behind the store's back: the quote no longer matches.
    with writing(archive.kernel.engine) as connection:
        connection.execute(update(citations).values(span_start=0, span_end=5))
    assert (
        store.as_viewer(owner).records.get(event.id).field_values("date")[0].citations[0].drifted
        is True
    )


def test_dates_without_a_year_take_it_from_the_cited_item(
    archive: Archive, owner: Viewer, source: Source
) -> None:
    person = archive.as_viewer(owner).records.create("person", {"name": "Ulan Atambaev"})
    org = archive.as_viewer(owner).records.create("organisation", {"name": "PIA"})
    visit = archive.as_viewer(owner).records.create(
        "intervention",
        {
            "kind": "visit",
            "by": org.id,
            "concerning": person.id,
            "date": {"value": "in April", "citations": [source.span("in prison in April")]},
        },
    )
    stored = visit.first("date")
    assert (stored["start"], stored["end"], stored["year_inferred"]) == (
        "2023-04-01", "2023-04-30", True,
    )  # fmt: skip


def test_readers_cannot_write_and_hidden_records_are_not_found(
    archive: Archive, owner: Viewer
) -> None:
    store = archive
    secret = store.as_viewer(owner).records.create(
        "person", {"witness_code": "TB-W-07"}, confidentiality="confidential"
    )
    analyst = Viewer.as_role("analyst", "ann")
    with pytest.raises(PermissionDenied, match="may read records but not change them"):
        store.as_viewer(analyst).records.create("person", {"name": "X"})
    with pytest.raises(RecordNotFound) as hidden:
        store.as_viewer(analyst).records.get(secret.id)
    with pytest.raises(RecordNotFound) as missing:
        store.as_viewer(analyst).records.get(secret.id + 100)
    assert str(hidden.value).replace(str(secret.id), "N") == str(missing.value).replace(
        str(secret.id + 100), "N"
    )
    with pytest.raises(PermissionDenied):
        store.as_viewer(Viewer.as_role("viewer")).records.edit(
            secret.id, {"set": {"gender": "female"}}, 1, None
        )


def test_bulk_import_links_records_by_key_and_is_all_or_nothing(
    archive: Archive, owner: Viewer
) -> None:
    store = archive
    documents = [
        {"type": "group", "key": "villagers", "fields": {"description": "villagers",
                                                         "size": "about 1,700"}},
        {"type": "act", "fields": {"violation": "use_of_firearms", "victim": {"key": "villagers"}}},
    ]  # fmt: skip
    result = store.as_viewer(owner).records.import_documents(documents, reason="batch")
    group_id, act_id = result.ids
    assert result.keys == {"villagers": group_id}
    assert store.as_viewer(owner).records.get(act_id).refs("victim") == [group_id]
    unknown_key = {"type": "act", "fields": {"violation": "torture", "victim": {"key": "nobody"}}}
    with pytest.raises(InvalidRecord, match="record 2: victim refers to a key not in the batch"):
        store.as_viewer(owner).records.import_documents(
            [documents[0] | {"key": "other"}, unknown_key]
        )
    with reading(archive.kernel.engine) as connection:
        assert connection.execute(select(func.count()).select_from(records)).scalar() == 2
        assert connection.execute(select(func.count()).select_from(record_versions)).scalar() == 2
        payloads = [
            json.loads(p)
            for p in connection.execute(
                select(custody.c.payload)
                .where(custody.c.action == "record_created")
                .order_by(custody.c.seq)
            ).scalars()
        ]
    assert [p["record"] for p in payloads] == [group_id, act_id]
    assert list(archive.verify()) == []


def test_nothing_is_ever_deleted(archive: Archive, owner: Viewer) -> None:
    store = archive
    person = store.as_viewer(owner).records.create("person", {"name": ["A", "B"]})
    first = person.field_values("name")[0]
    store.as_viewer(owner).records.edit(person.id, {"remove": [first.id]}, 1, "wrong")
    store.as_viewer(owner).records.retract(person.id, "gone", expected_version=2)
    with reading(archive.kernel.engine) as connection:
        statuses = list(
            connection.execute(
                select(record_values.c.status).order_by(record_values.c.id)
            ).scalars()
        )
    assert statuses == ["removed", "active"]


def test_csv_export_puts_the_quoted_words_next_to_each_citation(
    archive: Archive, owner: Viewer, source: Source
) -> None:
    door = archive.as_viewer(owner)
    returned, detained = source.span("he was returned"), source.span("22 people were detained")
    person = door.records.create(
        "person", {"name": {"value": "Ulan Atambaev", "citations": [returned, detained]}}
    )
    door.records.create("person", {"name": "Nurdin Sabyrov"})
    out = io.StringIO()
    door.export_records(out, fmt="csv")
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    (cited,) = [r for r in rows if r["record"] == str(person.id) and r["field"] == "name"]
    item = source.item_id
    assert cited["citations"] == (
        f'{item}:{returned["start"]}-{returned["end"]} "he was returned"; '
        f'{item}:{detained["start"]}-{detained["end"]} "22 people were detained"'
    )
    (uncited,) = [r for r in rows if r["value"] == "Nurdin Sabyrov"]
    assert uncited["citations"] == ""

"""Merging two records of one subject, undoing it, and splitting one record of two subjects."""

from __future__ import annotations

import json
import threading
from typing import Any

import pytest
from records_support import Source
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from docket.archive import Archive
from docket.db.engine import reading
from docket.db.schema import citations, custody, record_values, record_versions, records
from docket.door import Door
from docket.model.access import Viewer
from docket.records import EditConflict, InvalidRecord, PermissionDenied, RecordNotFound
from docket.records.merging import Merging


def _door(archive: Archive, name: str = "owner") -> Door:
    return archive.as_viewer(Viewer.owner(name))


def _actions(archive: Archive, record_id: int) -> list[str]:
    with reading(archive.kernel.engine) as connection:
        return list(
            connection.execute(
                select(custody.c.action)
                .where(custody.c.subject == f"record:{record_id}")
                .order_by(custody.c.seq)
            ).scalars()
        )


def _counts(archive: Archive) -> tuple[int, ...]:
    with reading(archive.kernel.engine) as connection:
        return tuple(
            connection.execute(select(func.count()).select_from(table)).scalar_one()
            for table in (custody, record_versions, record_values, citations)
        )


def _two_of_one(archive: Archive, source: Source) -> tuple[Any, Any, Any]:
    """One man recorded twice, from two statements, and an act against the first record."""
    door = _door(archive)
    first = door.records.create(
        "person",
        {
            "name": [{"value": "Ulan Atambaev", "citations": [source.span("he was returned")]}],
            "birth_year": 1956,
            "gender": "male",
        },
        confidentiality="restricted",
    )
    second = door.records.create(
        "person",
        {
            "name": [{"value": "Ulan Atambaev", "citations": [source.span("Correctional Colony")]}],
            "birth_year": 1957,
        },
    )
    act = door.records.create("act", {"violation": "torture", "victim": [first.id]})
    return first, second, act


def test_merge_moves_values_sources_and_references(archive: Archive, source: Source) -> None:
    first, second, act = _two_of_one(archive, source)
    records_of = _door(archive).records
    outcome = records_of.merge(
        first.id, into=second.id, reason="same man", source_version=1, target_version=1
    )
    assert outcome.referrers == (act.id,)
    assert outcome.level_raised and outcome.level == "restricted"
    assert {(m.field, m.how) for m in outcome.values} == {
        ("name", "sources"),
        ("birth_year", "alternative"),
        ("gender", "added"),
    }

    survivor = records_of.get(second.id)
    assert survivor.confidentiality == "restricted"
    (name,) = survivor.field_values("name")
    assert sorted(c.quote for c in name.citations) == ["Correctional Colony", "he was returned"]
    years = survivor.field_values("birth_year")
    assert [(v.value, v.preferred) for v in years] == [(1957, True), (1956, False)]
    assert years[0].reason and str(first.id) in years[0].reason
    assert survivor.first("gender") == "male"

    moved = records_of.get(act.id)
    assert moved.refs("victim") == [second.id]
    (latest, *_) = reversed(records_of.history(act.id))
    assert latest.reason == f"merged {first.id} into {second.id}"

    merged = records_of.get(first.id)
    assert merged.merged_into == second.id
    assert merged.first("birth_year") == 1956  # still readable as it was
    assert first.id not in [v.id for v in records_of.list_records(type_name="person")]
    assert [r.id for r in _door(archive).find_records(type_name="person").records] == [second.id]
    assert records_of.referrers([second.id]) == [act.id]
    history = records_of.history(first.id)
    assert history[-1].change["merged_into"] == {"old": None, "new": second.id}
    assert _actions(archive, first.id)[-1] == "record_merged"
    assert _actions(archive, second.id)[-1] == "record_merged"
    with reading(archive.kernel.engine) as connection:
        entry = connection.execute(
            select(custody.c.actor, custody.c.payload)
            .where(custody.c.subject == f"record:{second.id}")
            .order_by(custody.c.seq.desc())
            .limit(1)
        ).one()
    said = json.loads(entry.payload)
    assert entry.actor == "owner" and said["reason"] == "same man"
    assert (said["merged_from"], said["confidentiality"]) == (first.id, "restricted")
    assert said["previous_confidentiality"] == "public"
    assert list(archive.verify()) == []

    with pytest.raises(InvalidRecord, match=f"record {first.id} is merged into {second.id}"):
        records_of.edit(first.id, {"set": {"birth_year": 1950}}, 2, None)


def test_undo_takes_back_what_still_stands_and_keeps_later_edits(
    archive: Archive, source: Source
) -> None:
    first, second, act = _two_of_one(archive, source)
    other_act = _door(archive).records.create("act", {"violation": "torture", "victim": [first.id]})
    records_of = _door(archive).records
    records_of.merge(
        first.id, into=second.id, reason="same man", source_version=1, target_version=1
    )
    later = records_of.edit(second.id, {"add": {"nationality": "Kyrgyz"}}, 2, "later")
    # The second act's victims were set again by hand since: the undo leaves them alone.
    brother = records_of.create("person", {"name": "Bakyt Atambaev"})
    other = records_of.get(other_act.id)
    records_of.edit(
        other_act.id, {"set": {"victim": [second.id, brother.id]}}, other.version, "checked"
    )

    undone = records_of.unmerge(first.id, reason="two men after all")
    assert undone.referrers == (act.id,)
    assert {(m.field, m.how) for m in undone.values} == {
        ("birth_year", "removed"),
        ("gender", "removed"),
    }
    survivor = records_of.get(second.id)
    assert survivor.version == later.version + 1
    assert [v.value for v in survivor.field_values("birth_year")] == [1957]
    assert survivor.field_values("gender") == []
    assert survivor.first("nationality") == "Kyrgyz"
    (name,) = survivor.field_values("name")
    assert [c.quote for c in name.citations] == ["Correctional Colony"]
    # The stricter level stays: values seen under it may have been copied since.
    assert survivor.confidentiality == "restricted"
    assert records_of.get(act.id).refs("victim") == [first.id]
    assert records_of.get(other_act.id).refs("victim") == [second.id, brother.id]
    restored = records_of.get(first.id)
    assert restored.merged_into is None
    assert first.id in [v.id for v in records_of.list_records(type_name="person")]
    assert _actions(archive, first.id)[-1] == "record_unmerged"
    assert list(archive.verify()) == []

    # Merged again and undone again: each undo takes back its own merge.
    again = records_of.get(first.id)
    target = records_of.get(second.id)
    records_of.merge(
        first.id,
        into=second.id,
        reason="same man",
        source_version=again.version,
        target_version=target.version,
    )
    records_of.unmerge(first.id, reason="still two")
    assert [v.value for v in records_of.get(second.id).field_values("birth_year")] == [1957]
    assert list(archive.verify()) == []


def test_refusals_name_the_problem_and_write_nothing(archive: Archive, source: Source) -> None:
    first, second, act = _two_of_one(archive, source)
    records_of = _door(archive).records
    third = records_of.create("person", {"name": "Ulan Atambaev"})
    retracted = records_of.create("person", {"name": "Ulan A."})
    records_of.retract(retracted.id, "a duplicate typed by mistake", expected_version=1)
    before = _counts(archive)

    def refused(error: type[Exception], match: str, source_id: int, target_id: int) -> None:
        source_row = records_of.get(source_id) if source_id < 10_000 else None
        target_row = records_of.get(target_id) if target_id < 10_000 else None
        with pytest.raises(error, match=match):
            records_of.merge(
                source_id,
                into=target_id,
                reason="why",
                source_version=source_row.version if source_row else 1,
                target_version=target_row.version if target_row else 1,
            )
        assert _counts(archive) == before

    refused(InvalidRecord, f"record {first.id} cannot be merged into itself", first.id, first.id)
    refused(InvalidRecord, f"record {retracted.id} is retracted", first.id, retracted.id)
    refused(InvalidRecord, f"record {retracted.id} is retracted", retracted.id, first.id)
    refused(InvalidRecord, "only records of one type", act.id, first.id)
    refused(RecordNotFound, "no record 99999", first.id, 99999)
    with pytest.raises(EditConflict, match=f"record {second.id} was changed by"):
        records_of.merge(first.id, into=second.id, reason="x", source_version=1, target_version=0)
    with pytest.raises(InvalidRecord, match="say why"):
        records_of.merge(first.id, into=second.id, reason=" ", source_version=1, target_version=1)
    with pytest.raises(InvalidRecord, match="not merged"):
        records_of.unmerge(first.id, reason="nothing to undo")
    with pytest.raises(PermissionDenied):
        archive.as_viewer(Viewer.as_role("analyst")).records.merge(
            first.id, into=second.id, reason="x", source_version=1, target_version=1
        )
    assert _counts(archive) == before

    records_of.merge(first.id, into=second.id, reason="same", source_version=1, target_version=1)
    after = _counts(archive)
    # A cycle (second into first) and a chain (third into first) are both refused.
    with pytest.raises(InvalidRecord, match=f"record {first.id} is already merged"):
        records_of.merge(first.id, into=third.id, reason="x", source_version=2, target_version=1)
    with pytest.raises(InvalidRecord, match=f"itself merged into {second.id}: merge into"):
        records_of.merge(second.id, into=first.id, reason="x", source_version=2, target_version=2)
    with pytest.raises(InvalidRecord, match=f"itself merged into {second.id}"):
        records_of.merge(third.id, into=first.id, reason="x", source_version=1, target_version=2)
    assert _counts(archive) == after
    assert list(archive.verify()) == []


def test_a_merge_racing_an_edit_one_wins_the_other_is_refused_whole(
    archive: Archive, source: Source
) -> None:
    first, second, _act = _two_of_one(archive, source)
    start = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def merge() -> None:
        door = archive.as_viewer(Viewer.owner("alice"))
        start.wait()
        try:
            outcomes["merge"] = door.records.merge(
                first.id, into=second.id, reason="same", source_version=1, target_version=1
            )
        except EditConflict as conflict:
            outcomes["merge"] = conflict

    def edit() -> None:
        door = archive.as_viewer(Viewer.owner("bob"))
        start.wait()
        try:
            outcomes["edit"] = door.records.edit(
                second.id, {"set": {"birth_year": 1958}}, 1, "a new source"
            )
        except EditConflict as conflict:
            outcomes["edit"] = conflict

    threads = [threading.Thread(target=merge), threading.Thread(target=edit)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    conflicts = [k for k, v in outcomes.items() if isinstance(v, EditConflict)]
    assert len(conflicts) == 1, outcomes
    records_of = _door(archive).records
    survivor = records_of.get(second.id)
    merged = records_of.get(first.id)
    if conflicts == ["merge"]:
        assert merged.merged_into is None and merged.version == 1
        assert survivor.version == 2 and survivor.field_values("gender") == []
    else:
        assert merged.merged_into == second.id
        assert survivor.version == 2 and survivor.first("gender") == "male"
    assert list(archive.verify()) == []


def test_protected_values_are_sealed_again_for_the_survivor(archive: Archive) -> None:
    records_of = _door(archive).records
    first = records_of.create(
        "person", {"name": "Witness A", "contact": "+996 555 000 111"}, confidentiality="public"
    )
    second = records_of.create("person", {"name": "Witness A"}, confidentiality="confidential")
    outcome = records_of.merge(
        first.id, into=second.id, reason="same", source_version=1, target_version=1
    )
    assert ("contact", "[redacted]", "added") in {(m.field, m.text, m.how) for m in outcome.values}
    assert not outcome.level_raised
    assert records_of.get(second.id, reveal=True).first("contact") == "+996 555 000 111"
    records_of.unmerge(first.id, reason="not the same")
    assert records_of.get(second.id, reveal=True).field_values("contact") == []
    assert list(archive.verify()) == []


def test_split_moves_chosen_values_and_referrers_to_a_new_record(
    archive: Archive, source: Source
) -> None:
    records_of = _door(archive).records
    conflated = records_of.create(
        "person",
        {
            "name": [
                {"value": "Asel Sadykova", "citations": [source.span("he was returned")]},
                "Aigul Sadykova",
            ],
            "birth_year": 1980,
        },
        confidentiality="restricted",
    )
    act = records_of.create("act", {"violation": "torture", "victim": [conflated.id]})
    kept_act = records_of.create("act", {"violation": "torture", "victim": [conflated.id]})
    asel = conflated.field_values("name")[0]
    before = _counts(archive)
    with pytest.raises(InvalidRecord, match=f"record {conflated.id} after the split: a person"):
        records_of.split(
            conflated.id, [v.id for v in conflated.field_values("name")], reason="two women"
        )
    with pytest.raises(InvalidRecord, match=f"record {conflated.id} has no current value 999"):
        records_of.split(conflated.id, [999], reason="two women")
    with pytest.raises(InvalidRecord, match=f"record {conflated.id} does not refer"):
        records_of.split(conflated.id, [asel.id], reason="two women", referrers=[conflated.id])
    with pytest.raises(InvalidRecord, match="choose the values"):
        records_of.split(conflated.id, [], reason="two women")
    assert _counts(archive) == before

    outcome = records_of.split(conflated.id, [asel.id], reason="two women", referrers=[act.id])
    created = records_of.get(outcome.created)
    assert created.type.name == "person" and created.confidentiality == "restricted"
    (name,) = created.field_values("name")
    assert name.value["text"] == "Asel Sadykova"
    assert [c.quote for c in name.citations] == ["he was returned"]
    left = records_of.get(conflated.id)
    assert [v.value["text"] for v in left.field_values("name")] == ["Aigul Sadykova"]
    assert left.first("birth_year") == 1980
    assert records_of.get(act.id).refs("victim") == [created.id]
    assert records_of.get(kept_act.id).refs("victim") == [conflated.id]
    assert records_of.history(conflated.id)[-1].change["split"] == {
        "into": created.id,
        "values": [asel.id],
    }
    assert records_of.history(created.id)[0].change["split_from"] == conflated.id
    assert _actions(archive, created.id) == ["record_split"]
    assert list(archive.verify()) == []


def test_a_struct_reference_is_moved_too(archive: Archive) -> None:
    records_of = _door(archive).records
    first = records_of.create("organisation", {"name": "Ministry of Interior"})
    second = records_of.create("organisation", {"name": "MVD"})
    person = records_of.create(
        "person", {"name": "Kamchy", "position": [{"title": "minister", "organisation": first.id}]}
    )
    outcome = records_of.merge(
        first.id, into=second.id, reason="same body", source_version=1, target_version=1
    )
    assert outcome.referrers == (person.id,)
    (position,) = records_of.get(person.id).field_values("position")
    assert position.value["organisation"] == {"ref": second.id}
    assert list(archive.verify()) == []
    with reading(archive.kernel.engine) as connection:
        assert (
            connection.execute(
                select(records.c.merged_into).where(records.c.id == first.id)
            ).scalar_one()
            == second.id
        )


def test_a_new_reference_to_a_merged_record_is_sent_to_the_survivor(
    archive: Archive, source: Source
) -> None:
    first, second, _act = _two_of_one(archive, source)
    records_of = _door(archive).records
    records_of.merge(first.id, into=second.id, reason="same", source_version=1, target_version=1)
    with pytest.raises(
        InvalidRecord, match=f"victim: record {first.id} is merged into {second.id}: refer to"
    ):
        records_of.create("act", {"violation": "torture", "victim": [first.id]})


def test_a_record_naming_both_names_the_survivor_once_and_both_again_after_undo(
    archive: Archive, source: Source
) -> None:
    first, second, _act = _two_of_one(archive, source)
    records_of = _door(archive).records
    both = records_of.create(
        "act",
        {
            "violation": "torture",
            "victim": [
                {"value": {"ref": first.id}, "citations": [source.span("22 people were detained")]},
                second.id,
            ],
        },
    )
    records_of.merge(first.id, into=second.id, reason="same", source_version=1, target_version=1)
    (victim,) = records_of.get(both.id).field_values("victim")
    assert victim.value == {"ref": second.id}
    assert [c.quote for c in victim.citations] == ["22 people were detained"]
    assert list(archive.verify()) == []

    records_of.unmerge(first.id, reason="two men")
    assert sorted(records_of.get(both.id).refs("victim")) == sorted([first.id, second.id])
    assert list(archive.verify()) == []


def test_a_merge_postgresql_rolls_back_to_break_a_deadlock_is_an_edit_conflict(
    archive: Archive, source: Source, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second, _act = _two_of_one(archive, source)
    before = _counts(archive)

    class Deadlock(Exception):
        sqlstate = "40P01"

    def chosen_as_victim(*_args: object, **_kwargs: object) -> None:
        raise OperationalError("UPDATE records ...", {}, Deadlock())

    monkeypatch.setattr(Merging, "_plan_merge", chosen_as_victim)
    with pytest.raises(EditConflict, match="ran at the same moment: nothing was changed"):
        _door(archive).records.merge(
            first.id, into=second.id, reason="same", source_version=1, target_version=1
        )
    assert _counts(archive) == before


def test_a_reference_to_the_survivor_is_not_copied_onto_it(archive: Archive) -> None:
    records_of = _door(archive).records
    parent = records_of.create("organisation", {"name": "State Committee"})
    branch = records_of.create("organisation", {"name": "GKNB", "parent": parent.id})
    outcome = records_of.merge(
        branch.id, into=parent.id, reason="one body", source_version=1, target_version=1
    )
    assert ("parent", "itself") in {(m.field, m.how) for m in outcome.values}
    assert records_of.get(parent.id).field_values("parent") == []
    assert records_of.get(branch.id).refs("parent") == [parent.id]
    assert list(archive.verify()) == []

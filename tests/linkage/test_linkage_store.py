"""Identities in the archive, on SQLite and PostgreSQL: runs, judgements, visibility, counts."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from sqlalchemy import func, select, update
from tests.support import as_owner

from docket.archive import Archive
from docket.db.engine import reading, writing
from docket.db.schema import custody, identity_members, link_judgements
from docket.evidence.link_integrity import JUDGED_ACTION
from docket.linkage import LinkageError
from docket.linkage import review as linkage_review
from docket.linkage import store as linkage_store
from docket.model.access import Viewer
from docket.records import EditConflict, InvalidRecord, PermissionDenied, RecordNotFound


def _people(archive: Archive) -> dict[str, int]:
    door = as_owner(archive)
    return {
        "ru": door.records.create("person", {"name": "Атамбаев Алмазбек", "birth_year": 1956}).id,
        "en": door.records.create(
            "person", {"name": "Almazbek Atambayev", "birth_year": 1956, "gender": "male"}
        ).id,
        "ky": door.records.create(
            "person", {"name": "Алмазбек Шаршенович Атамбаев"}, confidentiality="confidential"
        ).id,
        "japarov": door.records.create("person", {"name": "Sadyr Japarov", "birth_year": 1968}).id,
        "ivanov": door.records.create("person", {"name": "Ivan Ivanov", "birth_year": 1980}).id,
    }


def _clusters(archive: Archive) -> dict[int, int]:
    with reading(archive.kernel.engine) as connection:
        return dict(
            connection.execute(
                select(identity_members.c.record_id, identity_members.c.identity_id)
            ).all()
        )


def test_a_run_puts_every_record_in_exactly_one_identity(archive: Archive) -> None:
    ids = _people(archive)
    outcome = as_owner(archive).linkage.run("person")
    members = [record for group in outcome.clusters for record in group]
    assert sorted(members) == sorted(ids.values())
    groups = {frozenset(group) for group in outcome.clusters}
    assert frozenset({ids["ru"], ids["en"], ids["ky"]}) in groups
    assert frozenset({ids["japarov"]}) in groups
    assert outcome.to_json()["clusters"][0] == {
        "id": ids["ru"],
        "records": sorted([ids["ru"], ids["en"], ids["ky"]]),
    }
    assert _clusters(archive)[ids["en"]] == ids["ru"]
    with reading(archive.kernel.engine) as connection:
        actions = connection.execute(
            select(custody.c.action).where(custody.c.subject == "linkage:person")
        ).scalars()
        assert list(actions) == ["linkage_run"]
    assert list(archive.verify()) == []


def test_judgements_are_followed_logged_and_undone(archive: Archive) -> None:
    ids = _people(archive)
    door = as_owner(archive)
    door.linkage.run("person")
    first = door.linkage.judge(ids["en"], ids["ru"], "different", reason="other father")
    assert (first.a, first.b, first.pair_version) == (ids["ru"], ids["en"], 1)
    outcome = door.linkage.run("person")
    where = {r: i for i, group in enumerate(outcome.clusters) for r in group}
    assert where[ids["ru"]] != where[ids["en"]]
    with pytest.raises(EditConflict, match="judged again since version 0"):
        door.linkage.judge(ids["ru"], ids["en"], "same", version=0)
    door.linkage.judge(ids["ru"], ids["en"], "undone", reason="misread", version=1)
    outcome = door.linkage.run("person")
    where = {r: i for i, group in enumerate(outcome.clusters) for r in group}
    assert where[ids["ru"]] == where[ids["en"]]
    log = door.linkage.judgements(ids["ru"], ids["en"])
    assert [(j.decision, j.reason, j.actor) for j in log] == [
        ("different", "other father", door.viewer.name),
        ("undone", "misread", door.viewer.name),
    ]
    with reading(archive.kernel.engine) as connection:
        assert connection.execute(select(func.count()).select_from(link_judgements)).scalar() == 2
        actions = connection.execute(
            select(custody.c.action)
            .where(custody.c.subject == f"link:{ids['ru']}-{ids['en']}")
            .order_by(custody.c.seq)
        ).scalars()
        assert list(actions) == ["link_judged", "link_judged"]


def test_a_same_judgement_links_what_the_model_would_not(archive: Archive) -> None:
    ids = _people(archive)
    door = as_owner(archive)
    door.linkage.run("person")
    door.linkage.judge(ids["japarov"], ids["ivanov"], "same", reason="alias")
    outcome = door.linkage.run("person", full=True)
    assert sorted([ids["japarov"], ids["ivanov"]]) in outcome.clusters


def test_bad_judgements_are_refused_with_one_line(archive: Archive) -> None:
    ids = _people(archive)
    door = as_owner(archive)
    door.records.retract(ids["ivanov"], reason="duplicate entry", expected_version=1)
    with pytest.raises(InvalidRecord, match=f"record {ids['ivanov']} is retracted"):
        door.linkage.judge(ids["japarov"], ids["ivanov"], "same")
    with pytest.raises(RecordNotFound):
        door.linkage.judge(ids["japarov"], 99999, "same")
    with pytest.raises(LinkageError, match="same, different or undone"):
        door.linkage.judge(ids["japarov"], ids["ru"], "maybe")
    with pytest.raises(LinkageError, match="no decision to undo"):
        door.linkage.judge(ids["japarov"], ids["ru"], "undone")
    analyst = archive.as_viewer(Viewer.as_role("analyst", "ana"))
    with pytest.raises(PermissionDenied):
        analyst.linkage.judge(ids["japarov"], ids["ru"], "same")
    with pytest.raises(PermissionDenied):
        analyst.linkage.run("person")


def test_an_interrupted_run_leaves_the_previous_identities(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = _people(archive)
    door = as_owner(archive)
    door.linkage.run("person")
    before = _clusters(archive)
    door.linkage.judge(ids["ru"], ids["en"], "different")
    calls = {"n": 0}
    real = linkage_store._insert_many

    def failing(connection: Any, table: Any, rows: Any) -> None:
        calls["n"] += 1
        if table.name == "identity_members":
            raise KeyboardInterrupt
        real(connection, table, rows)

    monkeypatch.setattr(linkage_store, "_insert_many", failing)
    with pytest.raises(KeyboardInterrupt):
        door.linkage.run("person", full=True)
    assert calls["n"] >= 2
    assert _clusters(archive) == before


def test_new_records_join_existing_identities_incrementally(archive: Archive) -> None:
    ids = _people(archive)
    door = as_owner(archive)
    door.linkage.run("person", full=True)
    later = door.records.create("person", {"name": "Atambaev Almazbek", "birth_year": 1956}).id
    outcome = door.linkage.run("person")
    assert outcome.mode == "incremental"
    group = next(g for g in outcome.clusters if later in g)
    assert {ids["ru"], ids["en"]} <= set(group)


def test_a_hidden_member_never_shows_through_the_identity(archive: Archive) -> None:
    ids = _people(archive)
    as_owner(archive).linkage.run("person")
    owner_view = as_owner(archive).linkage.identity_of(ids["en"])
    assert owner_view is not None
    assert [m.id for m in owner_view.members] == sorted([ids["ru"], ids["en"], ids["ky"]])
    analyst = archive.as_viewer(Viewer.as_role("analyst", "ana"))
    seen = analyst.linkage.identity_of(ids["en"])
    assert seen is not None
    assert [m.id for m in seen.members] == sorted([ids["ru"], ids["en"]])
    assert not any("Шаршенович" in spelling for spelling in seen.spellings)
    assert ids["ky"] not in seen.to_json()["records"]
    assert seen.unreviewed == 2
    with pytest.raises(RecordNotFound):
        analyst.linkage.identity_of(ids["ky"])
    mapping, _unconfirmed = analyst.linkage.same_as("person")
    assert ids["ky"] not in mapping


def test_the_statement_that_reads_an_identity_asks_whether_the_record_may_be_seen(
    archive: Archive,
) -> None:
    ids = _people(archive)
    owner = as_owner(archive)
    owner.linkage.run("person")
    unlinked = owner.records.create(
        "person", {"name": "Unlinked Witness"}, confidentiality="confidential"
    ).id
    analyst = archive.as_viewer(Viewer.as_role("analyst", "ana"))
    # A hidden record, linked or not, is as missing: not None, which would tell it exists.
    for hidden in (ids["ky"], unlinked, 2**31 - 1, 2**31, 0, -3):
        with pytest.raises(RecordNotFound):
            analyst.linkage.identity_of(hidden)
    assert owner.linkage.identity_of(unlinked) is None
    # Made confidential after the analyst read it: its identity is no longer given to them,
    # while the owner still sees it whole.
    seen = analyst.linkage.identity_of(ids["en"])
    assert seen is not None
    record = owner.records.get(ids["en"])
    owner.records.edit(
        ids["en"], {"confidentiality": "confidential"}, record.version, "a source asked"
    )
    with pytest.raises(RecordNotFound):
        analyst.linkage.identity_of(ids["en"])
    whole = owner.linkage.identity_of(ids["en"])
    assert whole is not None
    assert [m.id for m in whole.members] == sorted([ids["ru"], ids["en"], ids["ky"]])
    # The others of the identity no longer list it.
    rest = analyst.linkage.identity_of(ids["ru"])
    assert rest is not None
    assert [m.id for m in rest.members] == [ids["ru"]]


def test_counts_count_a_linked_person_once_and_say_what_is_unreviewed(archive: Archive) -> None:
    ids = _people(archive)
    door = as_owner(archive)
    for victim in (ids["ru"], ids["en"], ids["japarov"]):
        door.records.create(
            "act",
            {"violation": "arbitrary_detention", "victim": {"ref": victim}, "date": "2023-10"},
        )

    def cell() -> dict[str, Any]:
        (row,) = as_owner(archive).counts()
        return row

    assert cell()["people"] == 3
    door.linkage.run("person")
    row = cell()
    assert (row["people"], row["linked_records"], row["unreviewed_links"]) == (2, 1, 1)
    door.linkage.judge(ids["ru"], ids["en"], "same", reason="same passport")
    door.linkage.run("person")
    row = cell()
    assert (row["people"], row["unreviewed_links"]) == (2, 0)


def test_two_reviewers_judging_one_pair_at_once_one_wins(archive: Archive) -> None:
    ids = _people(archive)
    door = as_owner(archive)
    door.linkage.run("person")
    results: list[str] = []
    start = threading.Barrier(2)

    def decide(decision: str) -> None:
        reviewer = archive.as_viewer(Viewer.as_role("editor", f"ed-{decision}"))
        start.wait()
        try:
            reviewer.linkage.judge(ids["japarov"], ids["ivanov"], decision, version=0)
            results.append(decision)
        except EditConflict as conflict:
            results.append(f"refused: {conflict}")

    threads = [threading.Thread(target=decide, args=(d,)) for d in ("same", "different")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    refused = [r for r in results if r.startswith("refused")]
    assert len(results) == 2 and len(refused) == 1, results
    log = door.linkage.judgements(ids["japarov"], ids["ivanov"])
    assert len(log) == 1


def test_verify_finds_a_judgement_changed_behind_the_archives_back(archive: Archive) -> None:
    ids = _people(archive)
    door = as_owner(archive)
    judgement = door.linkage.judge(ids["japarov"], ids["ivanov"], "different", reason="two men")
    assert list(archive.verify()) == []
    assert JUDGED_ACTION == linkage_review.JUDGED_ACTION
    with writing(archive.kernel.engine) as connection:
        connection.execute(
            update(link_judgements)
            .where(link_judgements.c.id == judgement.id)
            .values(decision="same")
        )
    problems = [str(p) for p in archive.verify()]
    assert problems == [f"judgement {judgement.id}: decision differ from its custody entry"]


def test_places_link_across_scripts(archive: Archive) -> None:
    door = as_owner(archive)
    names = ["Бишкек", "Bishkek", "Жалал-Абад", "Jalal-Abad", "Dzhalal-Abad", "Ош"]
    ids = [door.records.create("place", {"name": name}).id for name in names]
    outcome = door.linkage.run("place")
    assert outcome.clusters == [ids[0:2], ids[2:5], ids[5:6]]


def test_also_recorded_as_neither_counts_nor_names_a_hidden_member(archive: Archive) -> None:
    door = as_owner(archive)
    hidden = door.records.create(
        "person", {"name": "Алмазбек Шаршенович Атамбаев"}, confidentiality="confidential"
    ).id
    ru = door.records.create("person", {"name": "Атамбаев Алмазбек", "birth_year": 1956}).id
    en = door.records.create("person", {"name": "Almazbek Atambayev", "birth_year": 1956}).id
    door.linkage.run("person")
    everyone = door.linkage.also_recorded_as([ru, hidden])
    assert everyone[ru].identity == hidden
    assert [other.id for other in everyone[ru].others] == [hidden, en]
    analyst = archive.as_viewer(Viewer.as_role("analyst", "ana"))
    seen = analyst.linkage.also_recorded_as([ru, en, hidden])
    assert set(seen) == {ru, en}
    # The identity is named by its smallest visible record, not by the hidden one.
    assert seen[ru].identity == ru
    assert seen[ru].to_json() == {
        "id": ru,
        "others": [{"record": en, "title": "Almazbek Atambayev", "reviewed": False}],
        "unreviewed": 1,
    }

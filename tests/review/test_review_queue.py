"""The review queue a screen pages through, what a reviewer must still give, atomic accepts."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import func, select
from tests.review.test_review_proposals import TEXT, _document

from docket.archive import Archive
from docket.db.engine import reading
from docket.db.schema import records
from docket.errors import DocketError
from docket.ingest.provenance import Provenance
from docket.records import Viewer
from docket.review import (
    accept,
    count_pending,
    get,
    pending,
    required_edits,
    store_proposals,
    suggested_edits,
)


def _ingest(archive: Archive, tmp_path: Path, name: str, level: str) -> int:
    source = tmp_path / name
    source.write_text(TEXT + name + "\n", encoding="utf-8")
    (result,) = list(archive.ingest([source], Provenance(confidentiality=level)))
    assert result.id is not None
    return result.id


def _record_count(archive: Archive) -> int:
    with reading(archive.engine) as connection:
        return int(connection.execute(select(func.count()).select_from(records)).scalar_one())


@pytest.fixture
def two_items(archive: Archive, tmp_path: Path) -> tuple[int, int]:
    public = _ingest(archive, tmp_path, "public.txt", "public")
    secret = _ingest(archive, tmp_path, "secret.txt", "confidential")
    store_proposals(archive, public, _document(public))
    store_proposals(archive, secret, _document(secret))
    return public, secret


def test_pages_and_levels(archive: Archive, two_items: tuple[int, int]) -> None:
    public, secret = two_items
    everything = pending(archive, 50)
    assert len(everything) == 6 == count_pending(archive)
    assert [p.id for p in pending(archive, 2, offset=1)] == [p.id for p in everything[1:3]]
    assert pending(archive, 10, offset=6) == []

    shown = pending(archive, 50, levels=["public", "restricted"])
    assert {p.item_id for p in shown} == {public}
    assert count_pending(archive, levels=("public",)) == 3
    assert {p.item_id for p in pending(archive, levels={"confidential"})} == {secret}
    assert pending(archive, levels=[]) == []
    assert count_pending(archive, levels=[]) == 0
    with pytest.raises(DocketError, match="offset"):
        pending(archive, 5, offset=-1)

    accept(archive, shown[0].id, Viewer.owner())
    assert count_pending(archive) == 5
    assert count_pending(archive, levels=["public"]) == 2


def test_required_edits_name_what_extraction_cannot_tell(
    archive: Archive, two_items: tuple[int, int]
) -> None:
    by_kind = {p.kind: p for p in pending(archive, 3)}
    assert required_edits(by_kind["person"]) == []
    assert required_edits(by_kind["act"]) == ["victim"]
    assert required_edits(by_kind["intervention"]) == ["by"]


def test_accepted_record_is_as_confidential_as_its_item(
    archive: Archive, two_items: tuple[int, int]
) -> None:
    _, secret = two_items
    person = next(p for p in pending(archive, levels=["confidential"]) if p.kind == "person")
    assert person.item_id == secret
    record_id = accept(archive, person.id, Viewer.owner())
    assert archive.records.get(record_id, Viewer.owner()).confidentiality == "confidential"
    with pytest.raises(DocketError, match=f"no record {record_id}"):
        archive.records.get(record_id, Viewer.as_role("analyst"))


def test_a_failed_accept_leaves_no_record(archive: Archive, two_items: tuple[int, int]) -> None:
    act = next(p for p in pending(archive, 3) if p.kind == "act")
    before = _record_count(archive)
    # The new victim would be valid on its own; the act still fails (no such record 999), so
    # neither may remain.
    edits = {"victim": [{"new": {"type": "person", "fields": {"name": "Ulan Atambaev"}}}, 999]}
    with pytest.raises(DocketError, match="999"):
        accept(archive, act.id, Viewer.owner(), edits=edits)
    assert _record_count(archive) == before
    assert get(archive, act.id).status == "pending"
    assert list(archive.verify()) == []


def test_accept_with_a_new_victim(archive: Archive, two_items: tuple[int, int]) -> None:
    act = next(p for p in pending(archive, 3) if p.kind == "act")
    viewer = Viewer.owner()
    edits = {"victim": {"new": {"type": "person", "fields": {"name": "Ulan Atambaev"}}}}

    act_id = accept(archive, act.id, viewer, edits=edits)

    record = archive.records.get(act_id, viewer)
    (victim,) = record.field_values("victim")
    person = archive.records.get(int(victim.value["ref"]), viewer)
    assert person.type.name == "person"
    assert person.first("name")["text"] == "Ulan Atambaev"
    decided = get(archive, act.id)
    assert (decided.status, decided.record_id) == ("edited", act_id)
    assert list(archive.verify()) == []


def test_a_lost_race_leaves_no_stray_record(
    archive: Archive, two_items: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    person = next(p for p in pending(archive, 3) if p.kind == "person")
    accept(archive, person.id, Viewer.owner("first"))
    before = _record_count(archive)
    # The second reviewer read the proposal while it was still pending.
    monkeypatch.setattr("docket.review.proposals.get", lambda _archive, _id: person)

    with pytest.raises(DocketError, match="already accepted by first"):
        accept(archive, person.id, Viewer.owner("second"))

    assert _record_count(archive) == before
    assert list(archive.verify()) == []


def test_suggested_victim_follows_what_the_reviewer_accepted(
    archive: Archive, tmp_path: Path
) -> None:
    item = _ingest(archive, tmp_path, "named.txt", "public")
    document = _document(item)
    person = document["entities"][0]
    victim = {"name": person["name"], "archive_id": None, **person["mentions"][0]}
    document["acts"][0]["victim"] = victim
    store_proposals(archive, item, document)
    by_kind = {p.kind: p for p in pending(archive)}
    act = by_kind["act"]
    assert suggested_edits(archive, act) == {"victim": "Almazbek Atambaev"}
    assert suggested_edits(archive, by_kind["person"]) == {}

    record_id = accept(archive, by_kind["person"].id, Viewer.owner())
    assert suggested_edits(archive, act) == {"victim": f"#{record_id}"}

    linked = dict(act.payload, victim=dict(victim, archive_id=f"{archive.archive_id}/77"))
    assert suggested_edits(archive, replace(act, payload=linked)) == {"victim": "#77"}
    foreign = dict(act.payload, victim=dict(victim, archive_id="another-archive/77"))
    assert suggested_edits(archive, replace(act, payload=foreign)) == {"victim": f"#{record_id}"}

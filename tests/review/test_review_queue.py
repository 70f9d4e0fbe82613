"""The review queue a screen pages through, what a reviewer must still give, atomic accepts."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import func, select
from tests.review.test_review_proposals import TEXT, _document
from tests.support import as_owner

from docket.archive import Archive
from docket.db.engine import reading
from docket.db.schema import records
from docket.errors import DocketError
from docket.ingest.provenance import Provenance
from docket.model.access import Viewer
from docket.review import ProposalNotFound, ProposalStore, required_edits


def _ingest(archive: Archive, tmp_path: Path, name: str, level: str) -> int:
    source = tmp_path / name
    source.write_text(TEXT + name + "\n", encoding="utf-8")
    (result,) = list(as_owner(archive).items.ingest([source], Provenance(confidentiality=level)))
    assert result.id is not None
    return result.id


def _record_count(archive: Archive) -> int:
    with reading(archive.kernel.engine) as connection:
        return int(connection.execute(select(func.count()).select_from(records)).scalar_one())


@pytest.fixture
def two_items(archive: Archive, tmp_path: Path) -> tuple[int, int]:
    public = _ingest(archive, tmp_path, "public.txt", "public")
    secret = _ingest(archive, tmp_path, "secret.txt", "confidential")
    as_owner(archive).proposals.store(public, _document(public))
    as_owner(archive).proposals.store(secret, _document(secret))
    return public, secret


def test_pages_and_levels(archive: Archive, two_items: tuple[int, int]) -> None:
    public, secret = two_items
    owner = as_owner(archive).proposals
    everything = owner.pending(50)
    assert len(everything) == 6 == owner.count_pending()
    assert [p.id for p in owner.pending(2, offset=1)] == [p.id for p in everything[1:3]]
    assert owner.pending(10, offset=6) == []

    # A proposal shows its item's words: it is exactly as confidential as the item.
    analyst = archive.as_viewer(Viewer.as_role("analyst")).proposals
    shown = analyst.pending(50)
    assert {p.item_id for p in shown} == {public}
    assert archive.as_viewer(Viewer.as_role("viewer")).proposals.count_pending() == 3
    with pytest.raises(ProposalNotFound):
        analyst.get(next(p.id for p in everything if p.item_id == secret))
    with pytest.raises(DocketError, match="offset"):
        owner.pending(5, offset=-1)

    owner_id = shown[0].id
    as_owner(archive).proposals.accept(owner_id)
    assert owner.count_pending() == 5
    assert analyst.count_pending() == 2


def test_required_edits_name_what_extraction_cannot_tell(
    archive: Archive, two_items: tuple[int, int]
) -> None:
    by_kind = {p.kind: p for p in as_owner(archive).proposals.pending(3)}
    assert required_edits(by_kind["person"]) == []
    assert required_edits(by_kind["act"]) == ["victim"]
    assert required_edits(by_kind["intervention"]) == ["by"]


def test_accepted_record_is_as_confidential_as_its_item(
    archive: Archive, two_items: tuple[int, int]
) -> None:
    _, secret = two_items
    proposals = as_owner(archive).proposals.pending()
    person = next(p for p in proposals if p.kind == "person" and p.item_id == secret)
    assert person.item_id == secret
    record_id = archive.as_viewer(Viewer.owner()).proposals.accept(person.id)
    assert (
        archive.as_viewer(Viewer.owner()).records.get(record_id).confidentiality == "confidential"
    )
    with pytest.raises(DocketError, match=f"no record {record_id}"):
        archive.as_viewer(Viewer.as_role("analyst")).records.get(record_id)


def test_a_failed_accept_leaves_no_record(archive: Archive, two_items: tuple[int, int]) -> None:
    act = next(p for p in as_owner(archive).proposals.pending(3) if p.kind == "act")
    before = _record_count(archive)
    # The new victim would be valid on its own; the act still fails (no such record 999), so
    # neither may remain.
    edits = {"victim": [{"new": {"type": "person", "fields": {"name": "Ulan Atambaev"}}}, 999]}
    with pytest.raises(DocketError, match="999"):
        archive.as_viewer(Viewer.owner()).proposals.accept(act.id, edits=edits)
    assert _record_count(archive) == before
    assert as_owner(archive).proposals.get(act.id).status == "pending"
    assert list(archive.verify()) == []


def test_accept_with_a_new_victim(archive: Archive, two_items: tuple[int, int]) -> None:
    act = next(p for p in as_owner(archive).proposals.pending(3) if p.kind == "act")
    viewer = Viewer.owner()
    edits = {"victim": {"new": {"type": "person", "fields": {"name": "Ulan Atambaev"}}}}

    act_id = archive.as_viewer(viewer).proposals.accept(act.id, edits=edits)

    record = archive.as_viewer(viewer).records.get(act_id)
    (victim,) = record.field_values("victim")
    person = archive.as_viewer(viewer).records.get(int(victim.value["ref"]))
    assert person.type.name == "person"
    assert person.first("name")["text"] == "Ulan Atambaev"
    decided = as_owner(archive).proposals.get(act.id)
    assert (decided.status, decided.record_id) == ("edited", act_id)
    assert list(archive.verify()) == []


def test_a_lost_race_leaves_no_stray_record(
    archive: Archive, two_items: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    person = next(p for p in as_owner(archive).proposals.pending(3) if p.kind == "person")
    archive.as_viewer(Viewer.owner("first")).proposals.accept(person.id)
    before = _record_count(archive)
    # The second reviewer read the proposal while it was still pending.
    monkeypatch.setattr(ProposalStore, "get", lambda _store, _id: person)

    with pytest.raises(DocketError, match="already accepted by first"):
        archive.as_viewer(Viewer.owner("second")).proposals.accept(person.id)

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
    as_owner(archive).proposals.store(item, document)
    by_kind = {p.kind: p for p in as_owner(archive).proposals.pending()}
    act = by_kind["act"]
    assert as_owner(archive).proposals.suggested_edits(act) == {"victim": "Almazbek Atambaev"}
    assert as_owner(archive).proposals.suggested_edits(by_kind["person"]) == {}

    record_id = archive.as_viewer(Viewer.owner()).proposals.accept(by_kind["person"].id)
    assert as_owner(archive).proposals.suggested_edits(act) == {"victim": f"#{record_id}"}

    other = as_owner(archive).records.create("person", {"name": "Someone Else"}).id
    linked = dict(act.payload, victim=dict(victim, archive_id=f"{archive.archive_id}/{other}"))
    assert as_owner(archive).proposals.suggested_edits(replace(act, payload=linked)) == {
        "victim": f"#{other}"
    }
    # A link to a record the reviewer cannot see (or that does not exist) is not followed.
    hidden = dict(act.payload, victim=dict(victim, archive_id=f"{archive.archive_id}/999"))
    assert as_owner(archive).proposals.suggested_edits(replace(act, payload=hidden)) == {
        "victim": f"#{record_id}"
    }
    foreign = dict(act.payload, victim=dict(victim, archive_id="another-archive/77"))
    assert as_owner(archive).proposals.suggested_edits(replace(act, payload=foreign)) == {
        "victim": f"#{record_id}"
    }

"""Storing, accepting and rejecting proposals, on both backends."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from tests.support import as_owner

from docket.archive import Archive
from docket.db.engine import reading
from docket.errors import DocketError
from docket.evidence.custody import Entry
from docket.ingest.provenance import Provenance
from docket.model.access import Viewer
from docket.review import (
    ProposalDecided,
    ProposalNotFound,
)

TEXT = (
    "Former president Almazbek Atambaev was returned to prison on 7 August. "
    "His lawyers filed an appeal; it was refused. "
    "About 1,700 villagers were shot dead. Atambaev was silent.\n"
)


def _span(words: str, nth: int = 0) -> dict[str, Any]:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(words, start + 1)
    return {"text": words, "start": start, "end": start + len(words)}


def _document(item_id: int) -> dict[str, Any]:
    act = _span("shot dead")
    appeal = _span("appeal")
    return {
        "item": item_id,
        "language": "en",
        "document_date": None,
        "entities": [
            {
                "kind": "person",
                "name": "Almazbek Atambaev",
                "archive_id": None,
                "mentions": [_span("Almazbek Atambaev"), _span("Atambaev", 1)],
            }
        ],
        "dates": [],
        "counts": [],
        "acts": [
            {"type": "killing_by_excessive_force", "label": "Killing", **_without_text(act)},
        ],
        "interventions": [
            {
                "type": "appeal",
                "label": "Appeal",
                **_without_text(appeal),
                "response": {"code": "refused", "label": "Refused", **_span("refused")},
            }
        ],
    }


def _without_text(span: dict[str, Any]) -> dict[str, Any]:
    return {"start": span["start"], "end": span["end"]}


@pytest.fixture
def item_id(archive: Archive, tmp_path: Path) -> int:
    source = tmp_path / "statement.txt"
    source.write_text(TEXT, encoding="utf-8")
    (result,) = list(as_owner(archive).items.ingest([source], Provenance()))
    assert result.id is not None
    return result.id


def _entries(archive: Archive) -> list[Entry]:
    with reading(archive.kernel.engine) as connection:
        return list(archive.kernel.custody.entries(connection))


def _kinds(archive: Archive) -> dict[str, int]:
    return {proposal.kind: proposal.id for proposal in as_owner(archive).proposals.pending(50)}


def test_storing_twice_adds_nothing(archive: Archive, item_id: int) -> None:
    assert as_owner(archive).proposals.store(item_id, _document(item_id)) == 3
    assert as_owner(archive).proposals.store(item_id, _document(item_id)) == 0
    assert sorted(_kinds(archive)) == ["act", "intervention", "person"]
    with pytest.raises(DocketError):
        as_owner(archive).proposals.store(item_id + 99, _document(item_id))


def test_accepting_a_person_cites_every_mention(archive: Archive, item_id: int) -> None:
    as_owner(archive).proposals.store(item_id, _document(item_id))
    viewer = Viewer.owner("reviewer")
    proposal_id = _kinds(archive)["person"]

    record_id = archive.as_viewer(viewer).proposals.accept(proposal_id)

    record = archive.as_viewer(viewer).records.get(record_id)
    assert record.type.name == "person"
    (name,) = record.field_values("name")
    assert [(c.item_id, c.start, c.end) for c in name.citations] == [
        (item_id, TEXT.index("Almazbek"), TEXT.index(" was returned")),
        (item_id, TEXT.rindex("Atambaev"), TEXT.rindex(" was silent")),
    ]
    assert not any(c.drifted for c in name.citations)
    decided = as_owner(archive).proposals.get(proposal_id)
    assert (decided.status, decided.record_id, decided.decided_by) == (
        "accepted",
        record_id,
        "reviewer",
    )
    assert proposal_id not in [p.id for p in as_owner(archive).proposals.pending()]
    with pytest.raises(ProposalDecided, match="already accepted"):
        archive.as_viewer(viewer).proposals.accept(proposal_id)
    entries = [e for e in _entries(archive) if e.subject == f"proposal:{proposal_id}"]
    assert [e.action for e in entries] == ["proposal_accepted"]
    assert entries[0].data["record"] == record_id
    assert list(archive.verify()) == []


def test_accepting_acts_and_interventions(archive: Archive, item_id: int) -> None:
    as_owner(archive).proposals.store(item_id, _document(item_id))
    viewer = Viewer.owner()
    kinds = _kinds(archive)
    person = archive.as_viewer(viewer).proposals.accept(kinds["person"])

    with pytest.raises(DocketError, match="victim"):
        archive.as_viewer(viewer).proposals.accept(kinds["act"])
    assert as_owner(archive).proposals.get(kinds["act"]).status == "pending"

    act_id = archive.as_viewer(viewer).proposals.accept(kinds["act"], edits={"victim": person})
    act = archive.as_viewer(viewer).records.get(act_id)
    assert act.first("violation") == "killing_by_excessive_force"
    assert act.first("status") == "alleged"
    (violation,) = act.field_values("violation")
    assert [(c.start, c.end) for c in violation.citations] == [
        (TEXT.index("shot dead"), TEXT.index("shot dead") + len("shot dead"))
    ]
    assert as_owner(archive).proposals.get(kinds["act"]).status == "edited"

    intervention_id = archive.as_viewer(viewer).proposals.accept(
        kinds["intervention"], edits={"by": person}
    )
    intervention = archive.as_viewer(viewer).records.get(intervention_id)
    assert intervention.first("kind") == "appeal"
    assert intervention.first("response") == "refused"
    (response,) = intervention.field_values("response")
    assert response.citations[0].start == TEXT.index("refused")
    assert list(archive.verify()) == []


def test_rejecting_records_the_reason(archive: Archive, item_id: int) -> None:
    as_owner(archive).proposals.store(item_id, _document(item_id))
    viewer = Viewer.owner("reviewer")
    proposal_id = _kinds(archive)["act"]

    with pytest.raises(DocketError, match="reason"):
        archive.as_viewer(viewer).proposals.reject(proposal_id, "   ")
    archive.as_viewer(viewer).proposals.reject(
        proposal_id, "  the  shooting was in another country "
    )

    decided = as_owner(archive).proposals.get(proposal_id)
    assert (decided.status, decided.reason, decided.record_id) == (
        "rejected",
        "the shooting was in another country",
        None,
    )
    (entry,) = [e for e in _entries(archive) if e.subject == f"proposal:{proposal_id}"]
    assert entry.action == "proposal_rejected"
    assert entry.data["reason"] == "the shooting was in another country"
    with pytest.raises(ProposalDecided):
        archive.as_viewer(viewer).proposals.accept(proposal_id)
    with pytest.raises(ProposalNotFound):
        archive.as_viewer(viewer).proposals.reject(999, "no such")
    assert list(archive.verify()) == []


def _rerun(item_id: int) -> dict[str, Any]:
    """The same findings as a later run or another model version reports them."""
    document = _document(item_id)
    (person,) = document["entities"]
    person.update(confidence=0.42, archive_id="elsewhere/7", model="v2")
    # Once the person is a record, the gazetteer finds one more mention of the name.
    person["mentions"].append(_span("Atambaev", 0) | {"source": "gazetteer"})
    (act,) = document["acts"]
    act.update(label="Unlawful killing", confidence=0.9, model="v2")
    (intervention,) = document["interventions"]
    intervention["extra"] = {"note": "new key"}
    return document


def test_decided_findings_are_never_proposed_again(archive: Archive, item_id: int) -> None:
    owner = as_owner(archive)
    assert owner.proposals.store(item_id, _document(item_id)) == 3
    kinds = _kinds(archive)
    owner.proposals.accept(kinds["person"])
    owner.proposals.reject(kinds["act"], "not a killing")

    assert owner.proposals.store(item_id, _document(item_id)) == 0
    assert owner.proposals.store(item_id, _rerun(item_id)) == 0
    # The pending intervention is not proposed twice either.
    assert [p.kind for p in owner.proposals.pending()] == ["intervention"]

    # A finding never seen before still is.
    other = _document(item_id)
    other["acts"] = [{"type": "torture", **_without_text(_span("returned to prison"))}]
    other["entities"][0].update(name="Lawyers", mentions=[_span("lawyers")])
    assert owner.proposals.store(item_id, other) == 2
    assert sorted(p.kind for p in owner.proposals.pending()) == ["act", "intervention", "person"]
    assert list(archive.verify()) == []


def test_the_same_words_at_another_place_are_another_finding(
    archive: Archive, item_id: int
) -> None:
    owner = as_owner(archive)
    document = _document(item_id)
    document["entities"], document["interventions"] = [], []
    first, second = _span("Atambaev", 0), _span("Atambaev", 1)
    document["acts"] = [{"type": "torture", **_without_text(first)}]
    assert owner.proposals.store(item_id, document) == 1
    owner.proposals.reject(_kinds(archive)["act"], "wrong")
    document["acts"] = [{"type": "torture", **_without_text(second)}]
    assert owner.proposals.store(item_id, document) == 1


def test_a_date_phrase_typed_in_review_takes_the_items_year(archive: Archive, item_id: int) -> None:
    owner = as_owner(archive)
    owner.items.edit(item_id, {"published": "2023-06-10"})
    owner.proposals.store(item_id, _document(item_id))
    kinds = _kinds(archive)
    person = owner.proposals.accept(kinds["person"])

    with pytest.raises(DocketError, match=r"^act\.date: not a date: 'sometime soonish'$"):
        owner.proposals.accept(kinds["act"], edits={"victim": person, "date": "sometime soonish"})
    with pytest.raises(DocketError, match=r"^person\.name: empty text"):
        owner.proposals.accept(
            kinds["act"], edits={"victim": {"new": {"type": "person", "fields": {"name": " "}}}}
        )
    assert owner.proposals.get(kinds["act"]).status == "pending"

    act_id = owner.proposals.accept(kinds["act"], edits={"victim": person, "date": "in April"})
    (value,) = owner.records.get(act_id).field_values("date")
    assert value.value == {
        "start": "2023-04-01",
        "end": "2023-04-30",
        "precision": "month",
        "approximate": False,
        "year_inferred": True,
        "text": "in April",
    }


def test_without_a_published_date_the_year_comes_from_collection(
    archive: Archive, item_id: int
) -> None:
    owner = as_owner(archive)
    owner.proposals.store(item_id, _document(item_id))
    collected = date.fromisoformat(str(owner.items.get(item_id)["collected_at"])[:10])
    kinds = _kinds(archive)
    person = owner.proposals.accept(kinds["person"])
    intervention_id = owner.proposals.accept(
        kinds["intervention"], edits={"by": person, "date": "on 3 January"}
    )
    (value,) = owner.records.get(intervention_id).field_values("date")
    assert value.value["start"] == f"{collected.year}-01-03"
    assert value.value["year_inferred"] is True

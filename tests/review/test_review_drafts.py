"""Drafts of proposals and accepting them: every value kept with its citation, on both backends."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from tests.support import as_owner

from docket.archive import Archive
from docket.db.engine import reading
from docket.errors import DocketError
from docket.ingest.provenance import Provenance
from docket.model.access import Viewer
from docket.names import name_key
from docket.records import RecordView
from docket.review import ProposalDecided

TEXT = (
    "On 7 August security forces shot dead villagers in Kara-Suu. "
    "The Ombudsman called on the Ministry of Interior to investigate on 9 August 2023. "
    "The Ombudsman openly stated that Almazbek Atambaev is held unlawfully. "
    "Atambaev remains in Bishkek.\n"
)


def _span(words: str, nth: int = 0) -> dict[str, Any]:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(words, start + 1)
    return {"text": words, "start": start, "end": start + len(words)}


def _at(words: str, nth: int = 0) -> tuple[int, int]:
    found = _span(words, nth)
    return found["start"], found["end"]


def _actor(kind: str, name: str, words: str, nth: int = 0, **more: Any) -> dict[str, Any]:
    return {"kind": kind, "name": name, "archive_id": None, **_span(words, nth), **more}


def _date(words: str, start: str, end: str, precision: str) -> dict[str, Any]:
    return {**_span(words), "value": {"start": start, "end": end, "precision": precision}}


def _place(name: str, words: str) -> dict[str, Any]:
    return {"name": name, "archive_id": None, **_span(words)}


def _act() -> dict[str, Any]:
    start, end = _at("shot dead")
    return {
        "type": "killing_by_excessive_force",
        "label": "Killing",
        "start": start,
        "end": end,
        "victim": _actor("person", "villagers", "villagers"),
        "perpetrator": _actor(
            "organization", "security forces", "security forces", degree="carried_out"
        ),
        "date": _date("On 7 August", "2023-08-07", "2023-08-07", "day"),
        "place": _place("Kara-Suu", "Kara-Suu"),
    }


def _intervention() -> dict[str, Any]:
    start, end = _at("called on")
    return {
        "type": "appeal",
        "label": "Appeal",
        "start": start,
        "end": end,
        "by": _actor("organization", "Ombudsman", "Ombudsman"),
        "toward": _actor("organization", "Ministry of Interior", "Ministry of Interior"),
        "date": _date("on 9 August 2023", "2023-08-09", "2023-08-09", "day"),
        "place": None,
        "response": None,
    }


def _claim() -> dict[str, Any]:
    start, end = _at("openly stated that Almazbek Atambaev is held unlawfully")
    return {
        "type": "claim",
        "start": start,
        "end": end,
        "statement": _span("Almazbek Atambaev is held unlawfully"),
        "claimant": _actor("organization", "Ombudsman", "Ombudsman", 1),
        "about": [_actor("person", "Almazbek Atambaev", "Almazbek Atambaev")],
        "date": None,
        "place": None,
        "cue": _span("openly stated that"),
    }


def _person() -> dict[str, Any]:
    return {
        "kind": "person",
        "name": "Almazbek Atambaev",
        "archive_id": None,
        "candidates": [],
        "role": None,
        "mentions": [_span("Almazbek Atambaev"), _span("Atambaev", 1)],
    }


def _document(item_id: int, **sections: list[dict[str, Any]]) -> dict[str, Any]:
    document: dict[str, Any] = {
        "item": item_id,
        "language": "en",
        "document_date": "2023-09-01",
        "entities": [],
        "dates": [],
        "counts": [],
        "acts": [],
        "interventions": [],
        "claims": [],
    }
    document.update(sections)
    return document


@pytest.fixture
def item_id(archive: Archive, tmp_path: Path) -> int:
    source = tmp_path / "declaration.txt"
    source.write_text(TEXT, encoding="utf-8")
    owner = as_owner(archive)
    (result,) = list(owner.items.ingest([source], Provenance()))
    assert result.id is not None
    owner.items.edit(result.id, {"published": "2023-09-01"})
    return result.id


def _proposal(archive: Archive, item_id: int, kind: str, **sections: Any) -> int:
    as_owner(archive).proposals.store(item_id, _document(item_id, **sections))
    (found,) = [p for p in as_owner(archive).proposals.pending(100) if p.kind == kind]
    return found.id


def _spans(view: RecordView, field: str) -> list[list[tuple[int, int]]]:
    return [[(c.start, c.end) for c in v.citations] for v in view.field_values(field)]


def _records(archive: Archive, type_name: str) -> list[RecordView]:
    return as_owner(archive).records.list_records(type_name=type_name)


def _custody(archive: Archive, proposal_id: int) -> dict[str, Any]:
    with reading(archive.kernel.engine) as connection:
        entries = list(archive.kernel.custody.entries(connection))
    (entry,) = [e for e in entries if e.subject == f"proposal:{proposal_id}"]
    return dict(entry.data)


def test_the_draft_of_an_act_lists_every_finding_with_its_words(
    archive: Archive, item_id: int
) -> None:
    owner = as_owner(archive)
    proposal = owner.proposals.get(_proposal(archive, item_id, "act", acts=[_act()]))
    draft = owner.proposals.draft(proposal)

    assert draft.record_type == "act"
    assert draft.fields == ["violation", "status", "victim", "perpetrator", "date", "place"]
    assert draft.missing == ()
    finding = {"item": item_id, "start": _at("shot dead")[0], "end": _at("shot dead")[1]}
    (violation,) = draft.of("violation")
    assert (violation.value, violation.citations) == ("killing_by_excessive_force", (finding,))
    (status,) = draft.of("status")
    assert (status.value, status.citations) == ("alleged", (finding,))
    (when,) = draft.of("date")
    # "On 7 August" has no year: the item's 2023 was taken, and the draft says so.
    assert when.value["start"] == "2023-08-07"
    assert when.value["year_inferred"] is True
    assert when.note == "year inferred"
    assert when.citations[0]["start"] == _at("On 7 August")[0]
    (place,) = draft.of("place")
    assert place.value == {"new": {"type": "place", "fields": {"name": "Kara-Suu"}}}
    (victim,) = draft.of("victim")
    assert victim.value == {"new": {"type": "person", "fields": {"name": "villagers"}}}
    (perpetrator,) = draft.of("perpetrator")
    assert perpetrator.degree == "carried_out"
    assert perpetrator.value["new"]["type"] == "organisation"
    assert draft.retypes == ("act",)


def test_accepting_an_act_keeps_date_place_victim_and_perpetrator(
    archive: Archive, item_id: int
) -> None:
    owner = as_owner(archive)
    kara_suu = owner.records.create("place", {"name": "Кара-Суу"}).id
    proposal_id = _proposal(archive, item_id, "act", acts=[_act()])
    # The place is known by its Cyrillic spelling: the draft points at it.
    (place,) = owner.proposals.draft(owner.proposals.get(proposal_id)).of("place")
    assert place.value == {"ref": kara_suu}

    act_id = owner.proposals.accept(proposal_id, {"victim": {"new": "villagers", "type": "group"}})

    act = owner.records.get(act_id)
    assert act.first("date")["start"] == "2023-08-07"
    assert act.first("date")["year_inferred"] is True
    assert act.refs("place") == [kara_suu]
    assert _spans(act, "date") == [[_at("On 7 August")]]
    assert _spans(act, "place") == [[_at("Kara-Suu")]]
    assert _spans(act, "status") == [[_at("shot dead")]]
    (group,) = _records(archive, "group")
    assert act.refs("victim") == [group.id]
    assert group.first("description") == "villagers"
    assert _spans(group, "description") == [[_at("villagers")]]
    (involvement,) = _records(archive, "involvement")
    assert involvement.refs("act") == [act_id]
    assert involvement.first("degree") == "carried_out"
    (forces,) = _records(archive, "organisation")
    assert involvement.refs("perpetrator") == [forces.id]
    assert _spans(forces, "name") == [[_at("security forces")]]
    assert _spans(involvement, "perpetrator") == [[_at("security forces"), _at("shot dead")]]
    data = _custody(archive, proposal_id)
    assert data["edited"] == ["victim"]
    assert sorted(data["kept"]) == ["date", "perpetrator", "place", "status", "violation"]
    assert sorted(c["type"] for c in data["created"]) == ["group", "involvement", "organisation"]
    assert list(archive.verify()) == []


def test_the_draft_of_an_intervention_names_its_parties(archive: Archive, item_id: int) -> None:
    owner = as_owner(archive)
    proposal_id = _proposal(archive, item_id, "intervention", interventions=[_intervention()])
    draft = owner.proposals.draft(owner.proposals.get(proposal_id))
    assert draft.fields == ["kind", "by", "addressee", "date"]
    (when,) = draft.of("date")
    assert when.note is None
    assert when.value["year_inferred"] is False
    assert draft.retypes == ("intervention", "claim")
    record_id = owner.proposals.accept(proposal_id)
    intervention = owner.records.get(record_id)
    assert intervention.first("kind") == "appeal"
    assert _spans(intervention, "by") == [[_at("Ombudsman")]]
    assert _spans(intervention, "addressee") == [[_at("Ministry of Interior")]]
    assert _spans(intervention, "date") == [[_at("on 9 August 2023")]]


def test_a_person_an_intervention_is_for_is_what_it_concerns(
    archive: Archive, item_id: int
) -> None:
    owner = as_owner(archive)
    intervention = _intervention()
    intervention["toward"] = _actor("person", "Almazbek Atambaev", "Almazbek Atambaev")
    proposal_id = _proposal(archive, item_id, "intervention", interventions=[intervention])
    draft = owner.proposals.draft(owner.proposals.get(proposal_id))
    assert [v.shown for v in draft.of("concerning")] == ["Almazbek Atambaev"]
    assert draft.of("addressee") == []


def test_a_claim_becomes_a_claim_record_with_everything_cited(
    archive: Archive, item_id: int
) -> None:
    owner = as_owner(archive)
    proposal_id = _proposal(archive, item_id, "claim", claims=[_claim()])
    proposal = owner.proposals.get(proposal_id)
    assert proposal.label == "Almazbek Atambaev is held unlawfully"
    draft = owner.proposals.draft(proposal)
    assert draft.fields == ["claimant", "statement", "about"]
    (claimant,) = draft.of("claimant")
    assert [(c["start"], c["end"]) for c in claimant.citations] == [
        _at("Ombudsman", 1),
        _at("openly stated that"),
    ]

    record_id = owner.proposals.accept(proposal_id, {"date": "in August"})

    claim = owner.records.get(record_id)
    assert claim.first("statement") == "Almazbek Atambaev is held unlawfully"
    assert _spans(claim, "statement") == [[_at("Almazbek Atambaev is held unlawfully")]]
    assert _spans(claim, "about") == [[_at("Almazbek Atambaev")]]
    # A date the reviewer typed cites the claim's words, and takes the item's year, flagged.
    assert _spans(claim, "date") == [
        [_at("openly stated that Almazbek Atambaev is held unlawfully")]
    ]
    assert claim.first("date")["year_inferred"] is True
    # The same claim found again is not proposed again.
    assert owner.proposals.store(item_id, _document(item_id, claims=[_claim()])) == 0


def test_a_selected_span_must_lie_in_the_proposals_item(archive: Archive, item_id: int) -> None:
    owner = as_owner(archive)
    proposal_id = _proposal(archive, item_id, "act", acts=[_act()])
    good = {"item": item_id, "start": _at("7 August")[0], "end": _at("7 August")[1]}
    for bad, message in (
        ({"item": item_id, "start": 5, "end": 5}, r"^act\.date: the cited words 5-5"),
        ({"item": item_id, "start": 0, "end": len(TEXT) + 3}, r"^act\.date: the cited words"),
        ({"item": item_id + 1, "start": 0, "end": 4}, r"^act\.date: cite words of item"),
        ({"start": "a", "end": 4}, r"^act\.date: a citation gives"),
    ):
        with pytest.raises(DocketError, match=message):
            owner.proposals.accept(
                proposal_id, {"date": {"value": "7 August 2023", "citations": [bad]}}
            )
    assert owner.proposals.get(proposal_id).status == "pending"
    assert _records(archive, "act") == []
    assert _records(archive, "place") == []

    act_id = owner.proposals.accept(
        proposal_id, {"date": {"value": "7 August 2023", "citations": [good]}}
    )
    act = owner.records.get(act_id)
    assert _spans(act, "date") == [[_at("7 August")]]
    assert act.first("date")["year_inferred"] is False


def test_an_entity_naming_one_known_record_is_added_to_it(archive: Archive, item_id: int) -> None:
    owner = as_owner(archive)
    known = owner.records.create("person", {"name": "Алмазбек Атамбаев"})
    proposal_id = _proposal(archive, item_id, "person", entities=[_person()])
    draft = owner.proposals.draft(owner.proposals.get(proposal_id))
    assert draft.into == known.id
    assert [m.record_id for m in draft.matches] == [known.id]

    assert owner.proposals.accept(proposal_id) == known.id

    assert [p.id for p in _records(archive, "person")] == [known.id]
    record = owner.records.get(known.id)
    assert [v.value["text"] for v in record.field_values("name")] == [
        "Алмазбек Атамбаев",
        "Almazbek Atambaev",
    ]
    assert _spans(record, "name")[1] == [_at("Almazbek Atambaev"), _at("Atambaev", 1)]
    assert owner.proposals.get(proposal_id).record_id == known.id
    assert _custody(archive, proposal_id)["added_to"] == known.id
    assert list(archive.verify()) == []


def test_several_matches_are_the_reviewers_choice(archive: Archive, item_id: int) -> None:
    owner = as_owner(archive)
    first = owner.records.create("person", {"name": "Almazbek Atambayev"}).id
    second = owner.records.create("person", {"name": "Атамбаев Алмазбек"}).id
    proposal_id = _proposal(archive, item_id, "person", entities=[_person()])
    draft = owner.proposals.draft(owner.proposals.get(proposal_id))
    assert draft.into is None
    assert sorted(m.record_id for m in draft.matches) == [first, second]
    with pytest.raises(DocketError, match=rf"^person: the archive may already have .*#{first}"):
        owner.proposals.accept(proposal_id)
    assert owner.proposals.get(proposal_id).status == "pending"
    with pytest.raises(DocketError, match=r"is a person, not a place|no record"):
        owner.proposals.accept(proposal_id, into=10_000)

    assert owner.proposals.accept(proposal_id, into=second) == second
    assert len(_records(archive, "person")) == 2


def test_a_new_record_when_the_reviewer_says_so(archive: Archive, item_id: int) -> None:
    owner = as_owner(archive)
    known = owner.records.create("person", {"name": "Almazbek Atambayev"}).id
    proposal_id = _proposal(archive, item_id, "person", entities=[_person()])
    created = owner.proposals.accept(proposal_id, into="new")
    assert created != known
    assert len(_records(archive, "person")) == 2


def test_retyping_keeps_citations_and_notes_what_was_dropped(
    archive: Archive, item_id: int
) -> None:
    owner = as_owner(archive)
    person = _person()
    person["role"] = {"text": "former president", "start": 0, "end": 2}
    proposal_id = _proposal(archive, item_id, "person", entities=[person])

    record_id = owner.proposals.accept(proposal_id, as_type="organisation")

    organisation = owner.records.get(record_id)
    assert organisation.type.name == "organisation"
    assert _spans(organisation, "name") == [[_at("Almazbek Atambaev"), _at("Atambaev", 1)]]
    data = _custody(archive, proposal_id)
    assert data["type"] == "organisation"
    assert {"field": "position", "why": "organisation records have no field 'position'"} in data[
        "dropped"
    ]
    with pytest.raises(DocketError, match="cannot become a claim"):
        owner.proposals.accept(_proposal(archive, item_id, "act", acts=[_act()]), as_type="claim")


def test_an_intervention_retyped_as_a_claim(archive: Archive, item_id: int) -> None:
    owner = as_owner(archive)
    proposal_id = _proposal(archive, item_id, "intervention", interventions=[_intervention()])
    record_id = owner.proposals.accept(proposal_id, as_type="claim")
    claim = owner.records.get(record_id)
    assert claim.type.name == "claim"
    assert _spans(claim, "claimant") == [[_at("Ombudsman")]]
    assert claim.first("statement") == "called on"
    assert _spans(claim, "addressee") == [[_at("Ministry of Interior")]]
    assert [d["field"] for d in _custody(archive, proposal_id)["dropped"]] == ["kind", "type"]


def test_a_person_retyped_as_a_group_is_described_by_the_name(
    archive: Archive, item_id: int
) -> None:
    owner = as_owner(archive)
    proposal_id = _proposal(archive, item_id, "person", entities=[_person()])
    group = owner.records.get(owner.proposals.accept(proposal_id, as_type="group"))
    assert group.first("description") == "Almazbek Atambaev"
    assert _spans(group, "description") == [[_at("Almazbek Atambaev"), _at("Atambaev", 1)]]


def _race(archive: Archive, proposal_id: int, into: list[int | str | None]) -> dict[str, object]:
    start = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def decide(name: str, target: int | str | None) -> None:
        door = archive.as_viewer(Viewer.owner(name))
        start.wait()
        try:
            outcomes[name] = door.proposals.accept(proposal_id, into=target)
        except DocketError as refused:
            outcomes[name] = refused

    threads = [
        threading.Thread(target=decide, args=(name, target))
        for name, target in zip(("alice", "bob"), into, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_a_spelling_from_a_confidential_item_raises_the_record_it_joins(
    archive: Archive, tmp_path: Path
) -> None:
    owner = as_owner(archive)
    source = tmp_path / "testimony.txt"
    source.write_text(TEXT, encoding="utf-8")
    (result,) = list(owner.items.ingest([source], Provenance(confidentiality="confidential")))
    assert result.id is not None
    known = owner.records.create("person", {"name": "Алмазбек Атамбаев"})
    assert known.confidentiality == "public"
    proposal_id = _proposal(archive, result.id, "person", entities=[_person()])

    assert owner.proposals.accept(proposal_id) == known.id

    record = owner.records.get(known.id)
    assert record.confidentiality == "confidential"
    assert "Almazbek Atambaev" in [v.value["text"] for v in record.field_values("name")]
    assert list(archive.verify()) == []


def test_two_reviewers_racing_one_wins(archive: Archive, item_id: int) -> None:
    proposal_id = _proposal(archive, item_id, "act", acts=[_act()])
    outcomes = _race(archive, proposal_id, [None, None])
    winners = [n for n, o in outcomes.items() if isinstance(o, int)]
    losers = [o for o in outcomes.values() if isinstance(o, ProposalDecided)]
    assert len(winners) == 1, outcomes
    assert len(losers) == 1, outcomes
    assert f"already edited by {winners[0]}" in str(losers[0]) or "already accepted" in str(
        losers[0]
    )
    assert len(_records(archive, "act")) == 1
    assert len(_records(archive, "involvement")) == 1
    assert len(_records(archive, "place")) == 1
    assert list(archive.verify()) == []


def test_two_reviewers_adding_to_different_records_one_wins(archive: Archive, item_id: int) -> None:
    owner = as_owner(archive)
    first = owner.records.create("person", {"name": "Almazbek Atambayev"}).id
    second = owner.records.create("person", {"name": "Atambaev Almazbek"}).id
    proposal_id = _proposal(archive, item_id, "person", entities=[_person()])
    outcomes = _race(archive, proposal_id, [first, second])
    winners = [o for o in outcomes.values() if isinstance(o, int)]
    assert len(winners) == 1, outcomes
    assert len([o for o in outcomes.values() if isinstance(o, ProposalDecided)]) == 1
    (winner,) = winners
    loser = second if winner == first else first
    # The decision and the addition are one transaction: the loser's record never changed.
    assert owner.records.get(loser).version == 1
    assert len(owner.records.history(loser)) == 1
    names = {
        r.id: [v.value["text"] for v in r.field_values("name")] for r in _records(archive, "person")
    }
    assert "Almazbek Atambaev" in names[winner]
    assert "Almazbek Atambaev" not in names[loser]
    assert owner.proposals.get(proposal_id).record_id == winner
    keys = [name_key(n[0]) for n in names.values()]
    assert len(keys) == 2
    assert list(archive.verify()) == []


def test_an_undated_finding_can_be_dated_as_reported(archive: Archive, item_id: int) -> None:
    owner = as_owner(archive)
    undated = _claim()
    proposal_id = _proposal(archive, item_id, "claim", claims=[undated])
    draft = owner.proposals.draft(owner.proposals.get(proposal_id))
    assert draft.reported is not None
    assert draft.reported.value["reported"] is True
    assert draft.reported.value["start"] == "2023-09-01"
    with pytest.raises(DocketError, match=r"^claim\.date: give a date or date it as reported"):
        owner.proposals.accept(proposal_id, {"date": "in May"}, as_reported=True)

    claim = owner.records.get(owner.proposals.accept(proposal_id, as_reported=True))
    (value,) = claim.field_values("date")
    assert value.value["reported"] is True
    assert value.value["start"] == "2023-09-01"
    assert [(c.start, c.end) for c in value.citations] == [
        _at("openly stated that Almazbek Atambaev is held unlawfully")
    ]
    # A dated finding has nothing to offer.
    act_id = _proposal(archive, item_id, "act", acts=[_act()])
    assert owner.proposals.draft(owner.proposals.get(act_id)).reported is None
    with pytest.raises(DocketError, match=r"^act\.date: only an undated finding"):
        owner.proposals.accept(act_id, as_reported=True)


def test_a_claim_retyped_as_an_intervention_needs_its_kind(archive: Archive, item_id: int) -> None:
    owner = as_owner(archive)
    proposal_id = _proposal(archive, item_id, "claim", claims=[_claim()])
    assert owner.proposals.draft(owner.proposals.get(proposal_id)).retypes == (
        "intervention",
        "claim",
    )
    with pytest.raises(DocketError, match=r"intervention.*kind"):
        owner.proposals.accept(proposal_id, as_type="intervention")
    assert owner.proposals.get(proposal_id).status == "pending"
    record_id = owner.proposals.accept(proposal_id, {"kind": "statement"}, as_type="intervention")
    intervention = owner.records.get(record_id)
    assert intervention.first("description") == "Almazbek Atambaev is held unlawfully"
    assert _spans(intervention, "by") == [[_at("Ombudsman", 1), _at("openly stated that")]]
    assert _spans(intervention, "concerning") == [[_at("Almazbek Atambaev")]]
    assert _spans(intervention, "kind") == [
        [_at("openly stated that Almazbek Atambaev is held unlawfully")]
    ]


def test_a_retyped_entity_is_added_to_the_record_of_its_new_type(
    archive: Archive, item_id: int
) -> None:
    owner = as_owner(archive)
    known = owner.records.create("organisation", {"name": "Омбудсман"}).id
    person = {
        "kind": "person",
        "name": "Ombudsman",
        "archive_id": None,
        "mentions": [_span("Ombudsman"), _span("Ombudsman", 1)],
    }
    proposal_id = _proposal(archive, item_id, "person", entities=[person])
    assert owner.proposals.draft(owner.proposals.get(proposal_id)).matches == ()

    assert owner.proposals.accept(proposal_id, as_type="organisation") == known
    assert _records(archive, "person") == []
    names = [v.value["text"] for v in owner.records.get(known).field_values("name")]
    assert names == ["Омбудсман", "Ombudsman"]


def test_two_reviewers_adding_to_the_same_record_one_wins(archive: Archive, item_id: int) -> None:
    owner = as_owner(archive)
    known = owner.records.create("person", {"name": "Almazbek Atambayev"}).id
    proposal_id = _proposal(archive, item_id, "person", entities=[_person()])
    outcomes = _race(archive, proposal_id, [None, None])
    winners = [o for o in outcomes.values() if isinstance(o, int)]
    assert winners == [known], outcomes
    (loser,) = [o for o in outcomes.values() if not isinstance(o, int)]
    assert isinstance(loser, DocketError)
    assert "already accepted" in str(loser) or "changed while this proposal" in str(loser)
    names = [v.value["text"] for v in owner.records.get(known).field_values("name")]
    assert names == ["Almazbek Atambayev", "Almazbek Atambaev"]
    assert list(archive.verify()) == []


def test_every_victim_and_perpetrator_of_an_act_reaches_the_record(
    archive: Archive, item_id: int
) -> None:
    """An act whose text coordinates several victims and perpetrators lists each of them; the
    draft proposes all, and accepting it as drafted makes a victim of each and an involvement
    for each perpetrator."""
    owner = as_owner(archive)
    found = _act()
    found["victim"] = [
        _actor("person", "Almazbek Atambaev", "Almazbek Atambaev"),
        _actor("person", "Atambaev", "Atambaev", 1),
        _actor("person", "villagers", "villagers"),
    ]
    found["perpetrator"] = [
        found["perpetrator"],
        _actor("organization", "Ministry of Interior", "Ministry of Interior", degree="ordered"),
    ]
    proposal_id = _proposal(archive, item_id, "act", acts=[found])
    draft = owner.proposals.draft(owner.proposals.get(proposal_id))
    assert [v.shown for v in draft.of("victim")] == ["Almazbek Atambaev", "Atambaev", "villagers"]
    assert [(v.shown, v.degree) for v in draft.of("perpetrator")] == [
        ("security forces", "carried_out"),
        ("Ministry of Interior", "ordered"),
    ]

    act = owner.records.get(owner.proposals.accept(proposal_id, {}))
    people = {p.id: p.first("name")["text"] for p in _records(archive, "person")}
    assert sorted(people[ref] for ref in act.refs("victim")) == [
        "Almazbek Atambaev",
        "Atambaev",
        "villagers",
    ]
    organisations = {o.id: o.first("name")["text"] for o in _records(archive, "organisation")}
    involvements = _records(archive, "involvement")
    assert sorted(
        (organisations[i.refs("perpetrator")[0]], i.first("degree")) for i in involvements
    ) == [("Ministry of Interior", "ordered"), ("security forces", "carried_out")]
    assert all(i.refs("act") == [act.id] for i in involvements)
    assert list(archive.verify()) == []


def test_a_record_made_at_accept_cites_its_name_among_the_words_cited(
    archive: Archive, item_id: int
) -> None:
    owner = as_owner(archive)
    found = _act()
    del found["perpetrator"]
    proposal_id = _proposal(archive, item_id, "act", acts=[found])
    start, end = _at("The Ombudsman called on the Ministry of Interior")
    cited = [{"item": item_id, "start": start, "end": end}]
    act_id = owner.proposals.accept(
        proposal_id,
        {
            "perpetrator": [
                {
                    "new": "Ministry of Interior",
                    "type": "organisation",
                    "citations": cited,
                    "degree": "ordered",
                },
                # Words the name is not among: the record cites all of them.
                {
                    "new": "Interior ministry",
                    "type": "organisation",
                    "citations": cited,
                    "degree": "ordered",
                },
            ]
        },
    )
    ministry, other = sorted(_records(archive, "organisation"), key=lambda r: r.id)
    assert _spans(ministry, "name") == [[_at("Ministry of Interior")]]
    assert _spans(other, "name") == [[(start, end)]]
    involvements = _records(archive, "involvement")
    assert [i.refs("act") for i in involvements] == [[act_id], [act_id]]
    assert all(_spans(i, "perpetrator") == [[(start, end)]] for i in involvements)

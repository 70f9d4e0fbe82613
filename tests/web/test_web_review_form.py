"""The review form shows every finding prefilled, keeps it at accept, and keeps what was typed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from review_support import accept_form, row_of
from seed import as_owner

from docket.archive import Archive
from docket.face import Provenance

TEXT = (
    "On 7 August security forces shot dead villagers in Kara-Suu. "
    "The Ombudsman called on the Ministry of Interior to investigate.\n"
)


def _at(words: str) -> dict[str, Any]:
    start = TEXT.index(words)
    return {"text": words, "start": start, "end": start + len(words)}


def _act() -> dict[str, Any]:
    found = _at("shot dead")
    return {
        "type": "killing_by_excessive_force",
        "label": "Killing",
        "start": found["start"],
        "end": found["end"],
        "victim": {"kind": "person", "name": "villagers", "archive_id": None, **_at("villagers")},
        "perpetrator": {
            "kind": "organization",
            "name": "security forces",
            "archive_id": None,
            "degree": "carried_out",
            **_at("security forces"),
        },
        "date": {
            **_at("On 7 August"),
            "value": {"start": "2023-08-07", "end": "2023-08-07", "precision": "day"},
        },
        "place": {"name": "Kara-Suu", "archive_id": None, **_at("Kara-Suu")},
    }


@pytest.fixture
def item(archive: Archive, tmp_path: Path) -> int:
    source = tmp_path / "statement.txt"
    source.write_text(TEXT, encoding="utf-8")
    owner = as_owner(archive)
    (result,) = owner.items.ingest([source], Provenance())
    assert result.id is not None
    owner.items.edit(result.id, {"published": "2023-09-01"})
    return result.id


def _propose(archive: Archive, item: int, **sections: Any) -> int:
    owner = as_owner(archive)
    owner.proposals.store(item, {"item": item, **sections})
    return max(p.id for p in owner.proposals.pending(100))


def test_the_form_shows_every_finding_prefilled_with_its_words(
    archive: Archive, item: int, client_as: Callable[[str], TestClient]
) -> None:
    act = _propose(archive, item, acts=[_act()])
    page = client_as("editor").get(f"/review/{act}").text
    fields = accept_form(page)
    assert fields[row_of(fields, "violation") + "value"] == "killing_by_excessive_force"
    assert fields[row_of(fields, "date") + "value"] == "On 7 August"
    assert "year inferred" in page
    assert fields[f"new.{row_of(fields, 'place')}ref"] == "Kara-Suu"
    assert fields[f"new.{row_of(fields, 'victim')}ref"] == "villagers"
    perpetrator = row_of(fields, "perpetrator")
    assert fields[f"new.{perpetrator}ref"] == "security forces"
    assert fields[perpetrator + "degree"] == "carried_out"
    assert fields[f"newtype.{perpetrator}ref"] == "organisation"
    start = TEXT.index("Kara-Suu")
    assert fields[row_of(fields, "place") + "cite"] == f"{start}-{start + len('Kara-Suu')}"
    assert "«Kara-Suu»" in page
    assert 'class="passage-words" data-start="0"' in page


def test_accepting_the_form_as_it_stands_keeps_every_finding(
    archive: Archive, item: int, client_as: Callable[[str], TestClient]
) -> None:
    client = client_as("editor")
    act = _propose(archive, item, acts=[_act()])
    fields = accept_form(client.get(f"/review/{act}").text)
    response = client.post(f"/review/{act}/accept", data=fields, follow_redirects=False)
    assert response.status_code == 303
    owner = as_owner(archive)
    decided = owner.proposals.get(act)
    assert decided.status == "accepted"
    assert decided.record_id is not None
    record = owner.records.get(decided.record_id)
    assert record.first("date")["year_inferred"] is True
    (place,) = record.refs("place")
    assert owner.records.get(place).title == "Kara-Suu"
    (victim,) = record.refs("victim")
    assert owner.records.get(victim).title == "villagers"
    involvements = owner.records.list_records(type_name="involvement")
    assert [i.refs("act") for i in involvements] == [[record.id]]
    assert all(v.citations for r in owner.records.list_records() for v in r.values)


def test_selected_words_and_a_dropped_value(
    archive: Archive, item: int, client_as: Callable[[str], TestClient]
) -> None:
    client = client_as("editor")
    act = _propose(archive, item, acts=[_act()])
    fields = accept_form(client.get(f"/review/{act}").text)
    victim = row_of(fields, "victim")
    start = TEXT.index("villagers in Kara-Suu")
    fields[victim + "cite"] = f"{start}-{start + len('villagers in Kara-Suu')}"
    fields[f"newtype.{victim}ref"] = "group"
    del fields[row_of(fields, "place") + "keep"]
    client.post(f"/review/{act}/accept", data=fields)
    owner = as_owner(archive)
    record_id = owner.proposals.get(act).record_id
    assert record_id is not None
    record = owner.records.get(record_id)
    assert record.refs("place") == []
    (cited,) = record.field_values("victim")
    assert [(c.start, c.end) for c in cited.citations] == [(start, start + 21)]
    (group,) = owner.records.list_records(type_name="group")
    assert group.first("description") == "villagers"


def test_a_refused_accept_keeps_what_was_typed(
    archive: Archive, item: int, client_as: Callable[[str], TestClient]
) -> None:
    client = client_as("editor")
    act = _propose(archive, item, acts=[_act()])
    fields = accept_form(client.get(f"/review/{act}").text)
    fields[row_of(fields, "date") + "value"] = "sometime soonish"
    fields[f"pick.{row_of(fields, 'victim')}ref"] = "the villagers of Kara-Suu"
    fields[row_of(fields, "place") + "cite"] = "5-99999"
    refused = client.post(f"/review/{act}/accept", data=fields)
    assert refused.status_code == 400
    again = accept_form(refused.text)
    assert again[f"pick.{row_of(again, 'victim')}ref"] == "the villagers of Kara-Suu"
    assert again[row_of(again, "date") + "value"] == "sometime soonish"
    assert "act.place: the cited words 5-99999" in refused.text or "act.date" in refused.text
    assert as_owner(archive).proposals.get(act).status == "pending"
    assert as_owner(archive).records.list_records() == []


def test_an_entity_is_retyped_or_added_to_the_record_chosen(
    archive: Archive, item: int, client_as: Callable[[str], TestClient]
) -> None:
    client = client_as("editor")
    owner = as_owner(archive)
    first = owner.records.create("organisation", {"name": "Ombudsman"}).id
    second = owner.records.create("organisation", {"name": "Омбудсман"}).id
    mention = _at("Ombudsman")
    entity = {"kind": "organization", "name": "Ombudsman", "archive_id": None}
    proposal = _propose(archive, item, entities=[{**entity, "mentions": [mention]}])
    page = client.get(f"/review/{proposal}").text
    fields = accept_form(page)
    assert "Already in the archive?" in page
    assert "into" not in fields
    refused = client.post(f"/review/{proposal}/accept", data=fields)
    assert refused.status_code == 400
    assert "choose the record to add to" in refused.text
    fields["into"] = str(second)
    client.post(f"/review/{proposal}/accept", data=fields)
    assert owner.proposals.get(proposal).record_id == second
    assert len(owner.records.list_records(type_name="organisation")) == 2

    person = _propose(
        archive, item, entities=[{**entity, "kind": "person", "mentions": [_at("Ministry")]}]
    )
    fields = accept_form(client.get(f"/review/{person}").text)
    fields["as_type"] = "group"
    client.post(f"/review/{person}/accept", data=fields)
    record_id = owner.proposals.get(person).record_id
    assert record_id is not None
    assert owner.records.get(record_id).type.name == "group"
    assert first != second


def test_an_undated_act_is_dated_as_reported_by_a_checkbox(
    archive: Archive, item: int, client_as: Callable[[str], TestClient]
) -> None:
    client = client_as("editor")
    undated = {key: value for key, value in _act().items() if key != "date"}
    act = _propose(archive, item, acts=[undated])
    page = client.get(f"/review/{act}").text
    assert "date it as reported on" in page
    fields = accept_form(page)
    assert "as_reported" not in fields
    fields["as_reported"] = "on"
    client.post(f"/review/{act}/accept", data=fields)
    owner = as_owner(archive)
    record_id = owner.proposals.get(act).record_id
    assert record_id is not None
    (value,) = owner.records.get(record_id).field_values("date")
    assert value.value["reported"] is True
    assert value.value["start"] == "2023-09-01"


def test_interventions_and_claims_show_their_parties(
    archive: Archive, item: int, client_as: Callable[[str], TestClient]
) -> None:
    called = _at("called on")
    ombudsman = {"kind": "organization", "name": "Ombudsman", "archive_id": None}
    intervention = _propose(
        archive,
        item,
        interventions=[
            {
                "type": "appeal",
                "start": called["start"],
                "end": called["end"],
                "by": {**ombudsman, **_at("Ombudsman")},
                "toward": {
                    "kind": "organization",
                    "name": "Ministry of Interior",
                    "archive_id": None,
                    **_at("Ministry of Interior"),
                },
            }
        ],
    )
    client = client_as("editor")
    fields = accept_form(client.get(f"/review/{intervention}").text)
    assert fields[f"new.{row_of(fields, 'by')}ref"] == "Ombudsman"
    assert fields[f"new.{row_of(fields, 'addressee')}ref"] == "Ministry of Interior"
    assert fields["as_type"] == "intervention"

    statement = _at("to investigate")
    claim = _propose(
        archive,
        item,
        claims=[
            {
                "type": "claim",
                "start": called["start"],
                "end": statement["end"],
                "statement": statement,
                "claimant": {**ombudsman, **_at("Ombudsman")},
                "about": [],
                "cue": called,
            }
        ],
    )
    page = client.get(f"/review/{claim}").text
    fields = accept_form(page)
    assert fields[row_of(fields, "statement") + "value"] == "to investigate"
    assert fields[f"new.{row_of(fields, 'claimant')}ref"] == "Ombudsman"
    response = client.post(f"/review/{claim}/accept", data=fields, follow_redirects=False)
    assert response.status_code == 303
    record_id = as_owner(archive).proposals.get(claim).record_id
    assert record_id is not None
    assert as_owner(archive).records.get(record_id).first("statement") == "to investigate"


def test_a_name_two_records_have_is_the_reviewers_choice(
    archive: Archive, item: int, client_as: Callable[[str], TestClient]
) -> None:
    client = client_as("editor")
    owner = as_owner(archive)
    owner.records.create("person", {"name": "Ulan Atambaev"})
    owner.records.create("person", {"name": "Улан Атамбаев"})
    act = _propose(archive, item, acts=[_act()])
    fields = accept_form(client.get(f"/review/{act}").text)
    victim = row_of(fields, "victim")
    del fields[f"new.{victim}ref"], fields[f"newtype.{victim}ref"]
    fields[f"pick.{victim}ref"] = "Ulan Atambaev"
    refused = client.post(f"/review/{act}/accept", data=fields)
    assert refused.status_code == 400
    assert "act.victim: 2 records are named" in refused.text
    again = accept_form(refused.text)
    assert again[f"pick.{row_of(again, 'victim')}ref"] == "Ulan Atambaev"
    # The other values come back as they were posted: still proposed, still citing their words.
    assert again[f"new.{row_of(again, 'place')}ref"] == "Kara-Suu"
    assert owner.proposals.get(act).status == "pending"


def test_a_claim_is_accepted_as_an_intervention_with_its_kind(
    archive: Archive, item: int, client_as: Callable[[str], TestClient]
) -> None:
    called = _at("called on")
    statement = _at("to investigate")
    claimant = {"kind": "organization", "name": "Ombudsman", "archive_id": None}
    claim = _propose(
        archive,
        item,
        claims=[
            {
                "type": "claim",
                "start": called["start"],
                "end": statement["end"],
                "statement": statement,
                "claimant": {**claimant, **_at("Ombudsman")},
                "about": [],
                "cue": called,
            }
        ],
    )
    client = client_as("editor")
    page = client.get(f"/review/{claim}").text
    assert "when accepted as another type" in page
    fields = accept_form(page)
    fields["as_type"] = "intervention"
    refused = client.post(f"/review/{claim}/accept", data=fields)
    assert refused.status_code == 400
    assert "intervention.kind" in refused.text
    fields[row_of(fields, "kind") + "value"] = "appeal"
    client.post(f"/review/{claim}/accept", data=fields)
    record_id = as_owner(archive).proposals.get(claim).record_id
    assert record_id is not None
    intervention = as_owner(archive).records.get(record_id)
    assert intervention.first("kind") == "appeal"
    assert intervention.first("description") == "to investigate"
    (author,) = intervention.field_values("by")
    assert author.citations


def test_the_form_speaks_russian(
    archive: Archive, item: int, client_as: Callable[[str], TestClient]
) -> None:
    undated = {key: value for key, value in _act().items() if key != "date"}
    act = _propose(archive, item, acts=[undated])
    page = client_as("editor").get(f"/review/{act}", headers={"Accept-Language": "ru"}).text
    assert "Что говорит находка" in page
    assert "Без даты: датировать по сообщению от" in page
    assert "Пострадавший" in page
    assert "Степень причастности" in page


def test_an_act_without_a_perpetrator_is_given_one_at_accept(
    archive: Archive, item: int, client_as: Callable[[str], TestClient]
) -> None:
    client = client_as("editor")
    found = _act()
    del found["perpetrator"]
    act = _propose(archive, item, acts=[found])
    fields = accept_form(client.get(f"/review/{act}").text)
    perpetrator = row_of(fields, "perpetrator")
    assert fields[perpetrator + "degree"] == ""
    fields[f"pick.{perpetrator}ref"] = "Ministry of Interior"
    fields[perpetrator + "degree"] = "ordered"
    start = TEXT.index("Ministry of Interior")
    fields[perpetrator + "cite"] = f"{start}-{start + len('Ministry of Interior')}"
    response = client.post(f"/review/{act}/accept", data=fields, follow_redirects=False)
    assert response.status_code == 303
    owner = as_owner(archive)
    record_id = owner.proposals.get(act).record_id
    (involvement,) = owner.records.list_records(type_name="involvement")
    assert involvement.refs("act") == [record_id]
    assert involvement.first("degree") == "ordered"
    (ministry,) = involvement.refs("perpetrator")
    assert owner.records.get(ministry).title == "Ministry of Interior"


def test_an_act_left_without_a_perpetrator_makes_no_involvement(
    archive: Archive, item: int, client_as: Callable[[str], TestClient]
) -> None:
    client = client_as("editor")
    found = _act()
    del found["perpetrator"]
    act = _propose(archive, item, acts=[found])
    fields = accept_form(client.get(f"/review/{act}").text)
    client.post(f"/review/{act}/accept", data=fields)
    owner = as_owner(archive)
    assert owner.proposals.get(act).status == "accepted"
    assert owner.records.list_records(type_name="involvement") == []


def test_an_act_is_given_several_perpetrators_one_involvement_each(
    archive: Archive, item: int, client_as: Callable[[str], TestClient]
) -> None:
    client = client_as("editor")
    owner = as_owner(archive)
    ministry = owner.records.create("organisation", {"name": "Ministry of Interior"}).id
    found = _act()
    del found["perpetrator"]
    act = _propose(archive, item, acts=[found])
    fields = accept_form(client.get(f"/review/{act}").text)
    perpetrator = row_of(fields, "perpetrator")
    data: dict[str, Any] = {
        **fields,
        f"{perpetrator}ref": str(ministry),
        f"new.{perpetrator}ref": "Ombudsman",
        f"newtype.{perpetrator}ref": "person",
        f"pick.{perpetrator}ref": "security forces",
        f"{perpetrator}degree": "ordered",
    }
    response = client.post(f"/review/{act}/accept", data=data, follow_redirects=False)
    assert response.status_code == 303
    record_id = owner.proposals.get(act).record_id
    involvements = owner.records.list_records(type_name="involvement")
    assert all(i.refs("act") == [record_id] for i in involvements)
    assert all(i.first("degree") == "ordered" for i in involvements)
    who = sorted(owner.records.get(i.refs("perpetrator")[0]).title for i in involvements)
    # Chosen, created from the picker, and typed without choosing: one involvement each.
    assert who == ["Ministry of Interior", "Ombudsman", "security forces"]


def test_a_refused_accept_keeps_every_perpetrator_chosen(
    archive: Archive, item: int, client_as: Callable[[str], TestClient]
) -> None:
    client = client_as("editor")
    owner = as_owner(archive)
    ministry = owner.records.create("organisation", {"name": "Ministry of Interior"}).id
    found = _act()
    del found["perpetrator"]
    act = _propose(archive, item, acts=[found])
    fields = accept_form(client.get(f"/review/{act}").text)
    perpetrator = row_of(fields, "perpetrator")
    data = {
        **fields,
        f"{perpetrator}ref": str(ministry),
        f"new.{perpetrator}ref": "Ombudsman",
        f"newtype.{perpetrator}ref": "person",
    }
    # No degree: refused, and nothing written.
    response = client.post(f"/review/{act}/accept", data=data)
    assert response.status_code == 400
    assert "involvement.degree" in response.text
    assert owner.proposals.get(act).status == "pending"
    assert owner.records.list_records(type_name="involvement") == []
    again = accept_form(response.text)
    assert again[f"{perpetrator}ref"] == str(ministry)
    assert again[f"new.{perpetrator}ref"] == "Ombudsman"
    assert len(owner.records.list_records(type_name="person")) == 0

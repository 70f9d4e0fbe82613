from __future__ import annotations

import importlib
import io
import json
from typing import Any

import pytest
from records_support import Source

from docket.archive import Archive
from docket.errors import DocketError
from docket.model.access import Viewer


def test_ftm_export_without_the_library_says_what_to_install(
    archive: Archive, owner: Viewer, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive.as_viewer(owner).records.create("person", {"name": "Ulan Atambaev"})

    def no_followthemoney(name: str, *args: Any, **kwargs: Any) -> Any:
        raise ImportError(name)

    monkeypatch.setattr(importlib, "import_module", no_followthemoney)
    with pytest.raises(DocketError, match="pip install followthemoney"):
        archive.as_viewer(owner).export_records(io.StringIO(), fmt="ftm")
    with pytest.raises(DocketError, match="unknown export format 'xml'"):
        archive.as_viewer(owner).export_records(io.StringIO(), fmt="xml")


def test_ftm_export_gives_valid_entities_with_their_documents_as_proof(
    archive: Archive, owner: Viewer, source: Source
) -> None:
    from followthemoney import model

    person = archive.as_viewer(owner).records.create(
        "person",
        {"name": [{"value": "Ulan Atambaev", "citations": [source.span("he was returned")]}]},
    )
    archive.as_viewer(owner).records.create(
        "organisation", {"name": "Progressive International Alliance"}
    )
    out = io.StringIO()
    archive.as_viewer(owner).export_records(out, fmt="ftm")
    proxies = [model.get_proxy(json.loads(line)) for line in out.getvalue().splitlines()]
    by_schema = {proxy.schema.name: proxy for proxy in proxies}
    assert set(by_schema) == {"Person", "Organization", "Document"}
    document = by_schema["Document"]
    assert document.get("fileName") == ["statement.txt"]
    assert document.get("publishedAt") == ["2023-12-02"]
    assert by_schema["Person"].get("name") == ["Ulan Atambaev"]
    assert by_schema["Person"].get("proof") == [document.id]
    assert by_schema["Person"].id is not None
    assert str(person.id) in by_schema["Person"].id


def _export(archive: Archive, viewer: Viewer, **options: Any) -> list[dict[str, Any]]:
    out = io.StringIO()
    archive.as_viewer(viewer).export_records(out, fmt="ftm", **options)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def _valid(entities: list[dict[str, Any]]) -> dict[str, Any]:
    """Every entity checked against followthemoney's model: a concrete schema, known properties
    with values valid for their type, the required ones present, and every entity-valued
    property pointing to an entity of the export whose schema fits its range."""
    from followthemoney import model

    proxies = {}
    for data in entities:
        schema = model.get(data["schema"])
        assert schema is not None and not schema.abstract, data
        assert set(data["properties"]) <= set(schema.properties), data
        schema.validate(data)
        for name in schema.required:
            assert data["properties"].get(name), (data, name)
        proxy = model.get_proxy(data, cleaned=False)
        assert proxy.to_dict()["properties"] == data["properties"], data
        assert proxy.id not in proxies
        proxies[proxy.id] = proxy
    for proxy in proxies.values():
        for prop, value in proxy.itervalues():
            if prop.type.name == "entity":
                assert value in proxies, (proxy.id, prop.name, value)
                assert proxies[value].schema.is_a(prop.range), (proxy.id, prop.name)
    return proxies


def _one(proxies: dict[str, Any], schema: str, **where: str) -> Any:
    (found,) = [
        proxy
        for proxy in proxies.values()
        if proxy.schema.name == schema
        and all(value in proxy.get(prop) for prop, value in where.items())
    ]
    return found


def test_ftm_export_links_perpetrators_groups_and_case_statuses(
    archive: Archive, owner: Viewer, source: Source
) -> None:
    records = archive.as_viewer(owner).records
    officer = records.create("person", {"name": "Kanat Beishenov"})
    police = records.create("organisation", {"name": "District police"})
    victim = records.create("person", {"name": "Ulan Atambaev"})
    colony = records.create("place", {"name": "Correctional Colony No. 47"})
    villagers = records.create(
        "group",
        {
            "description": "Villagers of Kok-Tash",
            "size": [{"value": "about 1,700", "citations": [source.span("About 1,700 villagers")]}],
            "members": [victim.id],
            "affiliation": [police.id],
        },
    )
    raid = records.create("event", {"title": "Raid on Kok-Tash", "date": "2019-2021"})
    act = records.create(
        "act",
        {"violation": "torture", "victim": [victim.id, villagers.id], "event": raid.id,
         "date": "2023-10-19"},
    )  # fmt: skip
    records.create(
        "involvement",
        {"act": act.id, "perpetrator": officer.id, "degree": "ordered", "role_at_time": "chief"},
    )
    records.create(
        "involvement", {"act": act.id, "perpetrator": police.id, "degree": "carried out"}
    )
    case = records.create("case", {"title": "Case of Ulan Atambaev", "subject": [victim.id]})
    records.create(
        "intervention", {"kind": "appeal", "by": [police.id], "concerning": [victim.id, act.id]}
    )
    records.create(
        "case_status",
        {
            "case": case.id,
            "status": "returned to prison",
            "facility": colony.id,
            "date": [
                {"value": "19 October 2023", "citations": [source.span("On 19 October 2023")]}
            ],
        },
    )
    records.create("case_status", {"case": case.id, "status": "detained", "date": "2023-08-14"})

    proxies = _valid(_export(archive, owner))
    people = ((officer, "Kanat Beishenov"), (victim, "Ulan Atambaev"))
    ids = {record.id: _one(proxies, "Person", name=name).id for record, name in people}
    act_entity = _one(proxies, "Event", name="Torture")
    police_entity = _one(proxies, "Organization", name="District police")
    ordered = _one(proxies, "UnknownLink", subject=ids[officer.id])
    assert ordered.get("object") == [act_entity.id]
    assert ordered.get("role") == ["Ordered"]
    assert ordered.get("description") == ["Role at the time: chief"]
    within = _one(proxies, "UnknownLink", subject=act_entity.id, role="Part of the event")
    raid_entity = _one(proxies, "Event", name="Raid on Kok-Tash")
    assert within.get("object") == [raid_entity.id]
    assert raid_entity.get("startDate") == ["2019-01-01"]
    assert raid_entity.get("endDate") == ["2021-12-31"]
    assert raid_entity.get("date") == []
    carried_out = _one(proxies, "UnknownLink", subject=police_entity.id, role="Carried out")
    assert carried_out.get("object") == [act_entity.id]

    appeal = _one(proxies, "Event", organizer=police_entity.id)
    assert appeal.get("involved") == [ids[victim.id]]
    concerning = _one(proxies, "UnknownLink", subject=appeal.id, role="Concerning")
    assert concerning.get("object") == [act_entity.id]

    group = _one(proxies, "LegalEntity", name="Villagers of Kok-Tash")
    assert group.get("summary") == ["Number of people: about 1,700"]
    assert set(act_entity.get("involved")) == {ids[victim.id], group.id}
    assert _one(proxies, "UnknownLink", subject=ids[victim.id], role="Member").get("object") == [
        group.id
    ]
    affiliation = _one(proxies, "UnknownLink", subject=group.id, role="Affiliation")
    assert affiliation.get("object") == [police_entity.id]
    document = _one(proxies, "Document", fileName="statement.txt")
    assert group.get("proof") == [document.id]

    court_case = _one(proxies, "CourtCase", name="Case of Ulan Atambaev")
    assert court_case.get("notes") == [
        "2023-08-14: Detained",
        "2023-10-19: Returned to prison (Correctional Colony No. 47)",
    ]
    assert court_case.get("status") == ["Returned to prison"]
    party = _one(proxies, "CourtCaseParty", case=court_case.id)
    assert party.get("party") == [ids[victim.id]]
    returned = _one(proxies, "Event", name="Returned to prison — Case of Ulan Atambaev")
    assert returned.get("date") == ["2023-10-19"]
    assert returned.get("location") == ["Correctional Colony No. 47"]
    assert returned.get("addressEntity") == [_one(proxies, "Address").id]
    assert returned.get("proof") == [document.id]
    status_link = _one(proxies, "UnknownLink", object=returned.id)
    assert status_link.get("subject") == [court_case.id]
    assert status_link.get("role") == ["Case status"]


def test_ftm_export_keeps_hidden_records_out_of_links_and_protected_values_redacted(
    archive: Archive, owner: Viewer
) -> None:
    records = archive.as_viewer(owner).records
    witness = records.create(
        "person",
        {"witness_code": "TB-W-07", "witness": {"real_name": "Cholpon Asanova"},
         "contact": ["+996 700 111 222"]},
    )  # fmt: skip
    informer = records.create("person", {"name": "Secret Informer"}, confidentiality="confidential")
    act = records.create("act", {"violation": "torture", "victim": [witness.id]})
    records.create("involvement", {"act": act.id, "perpetrator": informer.id, "degree": "ordered"})
    case = records.create("case", {"title": "Case TB-W-07", "subject": [witness.id]})
    records.create(
        "case_status",
        {"case": case.id, "status": "detained", "note": "moved at night"},
        confidentiality="confidential",
    )

    for revealed in (False, True):
        text = json.dumps(_export(archive, owner, reveal=revealed))
        assert "Cholpon" not in text and "111 222" not in text and "[redacted]" not in text
    proxies = _valid(_export(archive, owner))
    assert _one(proxies, "Person", name="TB-W-07")
    assert _one(proxies, "UnknownLink", role="Ordered")
    analyst = Viewer.as_role("analyst", "ann")
    seen = _export(archive, analyst)
    proxies = _valid(seen)
    assert "Secret Informer" not in json.dumps(seen) and "moved at night" not in json.dumps(seen)
    assert not [proxy for proxy in proxies.values() if proxy.schema.name == "UnknownLink"]
    court_case = _one(proxies, "CourtCase", name="Case TB-W-07")
    assert court_case.get("notes") == [] and court_case.get("status") == []

"""A person linked across records (``docket link``) shows as one where people read: the case
file and report, the exports and the timeline, on SQLite and PostgreSQL; a member the reader
may not see never shows, not even as a count."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from typing import Any

from records_support import Source
from tests.support import as_owner

from docket.archive import Archive
from docket.door import Door
from docket.model.access import Viewer


@dataclass(frozen=True)
class Linked:
    en: int  # public, cites the statement
    ru: int  # public, no source
    ky: int  # confidential
    other: int  # a different person
    acts: dict[str, int]  # the act against each, by the person's key


def _linked(archive: Archive, source: Source) -> Linked:
    door = as_owner(archive)
    create = door.records.create
    en = create(
        "person",
        {
            "name": [
                {"value": "Almazbek Atambayev", "citations": [source.span("he was returned")]}
            ],
            "birth_year": 1956,
        },
    ).id
    ru = create("person", {"name": "Атамбаев Алмазбек", "birth_year": 1956}).id
    ky = create(
        "person", {"name": "Алмазбек Шаршенович Атамбаев"}, confidentiality="confidential"
    ).id
    other = create("person", {"name": "Sadyr Japarov", "birth_year": 1968}).id
    acts = {}
    for key, victim, day in (
        ("en", en, "2023-10-19"),
        ("ru", ru, "2022-03"),
        ("ky", ky, "2021-07"),
        ("other", other, "2020-01"),
    ):
        acts[key] = create(
            "act", {"violation": "arbitrary_detention", "victim": {"ref": victim}, "date": day}
        ).id
    door.linkage.run("person")
    identity = door.linkage.identity_of(en)
    assert identity is not None
    assert [m.id for m in identity.members] == sorted([en, ru, ky])
    return Linked(en, ru, ky, other, acts)


def _analyst(archive: Archive) -> Door:
    return archive.as_viewer(Viewer.as_role("analyst", "ana"))


def test_the_case_file_lists_the_other_records_with_their_sources(
    archive: Archive, source: Source
) -> None:
    ids = _linked(archive, source)
    found = as_owner(archive).case_file(ids.ru)
    also = {a.view.id: a for a in found.also}
    assert sorted(also) == sorted([ids.en, ids.ky])
    assert all(a.person == ids.ru and not a.reviewed for a in also.values())
    assert also[ids.en].sources == [source.item_id]
    assert also[ids.ky].sources == []
    assert as_owner(archive).case_file(ids.other).also == []


def test_a_reviewed_link_is_no_longer_marked_unreviewed(archive: Archive, source: Source) -> None:
    ids = _linked(archive, source)
    door = as_owner(archive)
    door.linkage.judge(ids.en, ids.ru, "same", reason="same passport")
    door.linkage.run("person")
    also = {a.view.id: a.reviewed for a in door.case_file(ids.ru).also}
    assert also == {ids.en: True, ids.ky: False}


def test_a_hidden_member_is_absent_from_the_case_file_and_report(
    archive: Archive, source: Source
) -> None:
    ids = _linked(archive, source)
    analyst = _analyst(archive)
    assert [a.view.id for a in analyst.case_file(ids.ru).also] == [ids.en]
    report = analyst.case_report(ids.ru)
    (section,) = [s for s in report.sections if s.key == "also"]
    text = " ".join(sentence.text for sentence in section.sentences)
    assert "Almazbek Atambayev" in text
    assert "Шаршенович" not in text
    assert "(link not reviewed)" in text
    assert ids.ky not in report.record_ids
    # The other record's source is a footnote with the words it quotes.
    (cited,) = {note for sentence in section.sentences for note in sentence.notes}
    assert cited.quote == "he was returned"
    # The owner's report names the confidential record too.
    owner_report = as_owner(archive).case_report(ids.ru, language="ru")
    (owner_section,) = [s for s in owner_report.sections if s.key == "also"]
    assert owner_section.title == "Также записан как"
    assert len(owner_section.sentences) == 2
    # A person linked to nobody the reader may see has no such section.
    assert "also" not in [s.key for s in analyst.case_report(ids.other).sections]


def _jsonl(door: Door, **options: Any) -> dict[int, Any]:
    out = io.StringIO()
    door.export_records(out, **options)
    return {line["id"]: line for line in map(json.loads, out.getvalue().splitlines())}


def test_the_jsonl_export_gives_each_record_its_identity(archive: Archive, source: Source) -> None:
    ids = _linked(archive, source)
    lines = _jsonl(as_owner(archive))
    anchor = min(ids.en, ids.ru, ids.ky)
    assert {lines[i]["identity"] for i in (ids.en, ids.ru, ids.ky)} == {anchor}
    assert lines[ids.other]["identity"] == ids.other
    assert lines[ids.acts["en"]]["identity"] is None
    assert _jsonl(as_owner(archive), type_name="person")[ids.ru]["identity"] == anchor
    # The analyst's identity is named by a record they may see: the hidden one is not given.
    seen = _jsonl(_analyst(archive))
    assert ids.ky not in seen
    visible_anchor = min(ids.en, ids.ru)
    assert seen[ids.en]["identity"] == seen[ids.ru]["identity"] == visible_anchor
    assert ids.ky not in {line["identity"] for line in seen.values()}


def _similar(door: Door) -> list[dict[str, Any]]:
    out = io.StringIO()
    door.export_records(out, fmt="ftm")
    entities = [json.loads(line) for line in out.getvalue().splitlines()]
    return [e for e in entities if e["schema"] == "Similar"]


def test_the_ftm_export_ties_linked_records_with_similar_entities(
    archive: Archive, source: Source
) -> None:
    from followthemoney import model

    ids = _linked(archive, source)
    found = _similar(as_owner(archive))
    archive_id = as_owner(archive).records.get(ids.en).archive_id

    def entity(record: int) -> str:
        return f"docket-{archive_id}-{record}"

    anchor = min(ids.en, ids.ru, ids.ky)
    pairs = {(e["properties"]["candidate"][0], e["properties"]["match"][0]) for e in found}
    assert pairs == {(entity(r), entity(anchor)) for r in (ids.en, ids.ru, ids.ky) if r != anchor}
    assert all(e["properties"]["criteria"] == ["not reviewed"] for e in found)
    for data in found:
        model.get_proxy(data)  # a valid entity of the schema
    seen = _similar(_analyst(archive))
    assert [(e["properties"]["candidate"][0], e["properties"]["match"][0]) for e in seen] == [
        (entity(max(ids.en, ids.ru)), entity(min(ids.en, ids.ru)))
    ]


def test_the_timeline_takes_in_the_acts_of_the_linked_records(
    archive: Archive, source: Source
) -> None:
    ids = _linked(archive, source)
    moments = as_owner(archive).timeline(ids.ru)
    origin = {m.record.id: m.linked_from for m in moments}
    assert origin == {
        ids.acts["ky"]: ids.ky,
        ids.acts["ru"]: None,
        ids.acts["en"]: ids.en,
    }
    assert [m.record.id for m in moments] == [ids.acts["ky"], ids.acts["ru"], ids.acts["en"]]
    marked = next(m for m in moments if m.record.id == ids.acts["en"])
    assert f"(linked record #{ids.en})" in marked.relation
    assert marked.to_json()["linked_from"] == ids.en
    hidden = _analyst(archive).timeline(ids.ru)
    assert [m.record.id for m in hidden] == [ids.acts["ru"], ids.acts["en"]]
    assert all(ids.ky != m.linked_from for m in hidden)
    assert [m.record.id for m in as_owner(archive).timeline(ids.other)] == [ids.acts["other"]]

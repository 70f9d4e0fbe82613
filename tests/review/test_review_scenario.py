"""A declaration from ingest to records through review: every value cites, nothing twice."""

from __future__ import annotations

from pathlib import Path

from tests.support import as_owner

from docket.archive import Archive
from docket.ingest.provenance import Provenance
from docket.names import name_key

DECLARATION = (
    "Declaration on the situation in the Republic of Altyn-Tash\n\n"
    "The Council of the Progressive International Alliance expresses its deep concern about the "
    "detention of former President Almazbek Atambaev, who was returned to prison on 19 October. "
    "The Council calls on the Government of Altyn-Tash to release Almazbek Atambaev "
    "immediately.\n\n"
    "On 7-8 August security forces shot dead villagers in Tash-Bulung. Police officers beat "
    "journalists of Kok-Suu TV in Bishkek on 12 May 2023.\n\n"
    "The Council openly stated that Atambaev is a political prisoner.\n"
)


def test_a_declaration_reviewed_whole_leaves_no_value_uncited(
    archive: Archive, tmp_path: Path
) -> None:
    owner = as_owner(archive)
    source = tmp_path / "declaration.txt"
    source.write_text(DECLARATION, encoding="utf-8")
    (result,) = owner.items.ingest([source], Provenance())
    assert result.id is not None
    item = result.id
    owner.items.edit(item, {"published": "2023-12-02"})
    text = owner.items.text(item)
    (extraction,) = list(owner.extract([item]))
    assert owner.proposals.store(item, extraction.document) > 0
    # A record the archive already had, spelled in another script: the declaration adds to it.
    known = owner.records.create("place", {"name": "Бишкек"}).id

    accepted = 0
    for proposal in owner.proposals.pending(100):
        draft = owner.proposals.draft(proposal)
        edits: dict[str, object] = {}
        for name in draft.missing:
            # What extraction could not tell, the reviewer reads in the passage and cites.
            if name == "victim":
                # The people the act was done to, named right after it: "shot dead villagers",
                # "beat journalists".
                start = proposal.span[1] + 1
                words = text[start:].split()[0]
                edits[name] = {
                    "new": words,
                    "type": "group",
                    "citations": [{"item": item, "start": start, "end": start + len(words)}],
                }
            elif name == "by":
                council = next(
                    r.id
                    for r in owner.records.list_records(type_name="organisation")
                    if "Council" in r.title
                )
                edits[name] = council
        owner.proposals.accept(proposal.id, edits)
        accepted += 1

    assert accepted >= 8
    assert owner.proposals.count_pending() == 0
    records = owner.records.list_records()
    assert {"act", "intervention", "person", "organisation", "place", "group"} <= {
        r.type.name for r in records
    }
    uncited = [
        f"{r.type.name} #{r.id} {v.field}" for r in records for v in r.values if not v.citations
    ]
    # Only the place typed before review has no source.
    assert uncited == [f"place #{known} name"]
    seen: dict[tuple[str, str], int] = {}
    for record in records:
        key = (record.type.name, name_key(record.title))
        assert key not in seen, f"{record.title} twice: #{seen[key]} and #{record.id}"
        seen[key] = record.id
    bishkek = owner.records.get(known)
    assert [v.value["text"] for v in bishkek.field_values("name")] == ["Бишкек", "Bishkek"]
    assert list(archive.verify()) == []

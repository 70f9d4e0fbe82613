"""A small archive with something at every confidentiality level, for workspace tests.

Each level's item and records carry a word found nowhere else (``PUBLICWORD``,
``RESTRICTEDWORD``, ``SECRETWORD``), so a test can look for a leak by searching any response
for the words its role must not see.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from docket.archive import Archive
from docket.door import Door
from docket.face import Provenance
from docket.model.access import Viewer

LEVELS = ("public", "restricted", "confidential")
MARKERS = {"public": "PUBLICWORD", "restricted": "RESTRICTEDWORD", "confidential": "SECRETWORD"}
TEXTS = {
    "public": (
        "On 23 October 2022 Almazbek Atambayev was moved to hospital in Bishkek. "
        "PUBLICWORD observers reported the transfer.\n"
    ),
    "restricted": (
        "On 5 May 2023 the monitors met Temirlan Sultanbekov in Naryn. "
        "RESTRICTEDWORD notes of the meeting follow.\n"
    ),
    "confidential": (
        "Witness Asel Nurlanova said she was beaten in Osh on 12 March 2023. "
        "SECRETWORD testimony, do not share.\n"
    ),
}


@dataclass(frozen=True)
class Seeded:
    items: dict[str, int]
    people: dict[str, int]
    acts: dict[str, int]
    proposals: dict[str, list[int]]


def as_owner(archive: Archive) -> Door:
    """The archive as its owner ("owner", an admin) sees and changes it."""
    return archive.as_viewer(Viewer.owner("owner"))


def _span(text: str, words: str, item_id: int) -> dict[str, int]:
    start = text.index(words)
    return {"item": item_id, "start": start, "end": start + len(words)}


def seed(archive: Archive, folder: Path) -> Seeded:
    """Ingest one item per level, a person and an act citing it at the same level, and proposals."""
    owner = as_owner(archive)
    items: dict[str, int] = {}
    people: dict[str, int] = {}
    acts: dict[str, int] = {}
    proposals: dict[str, list[int]] = {}
    folder.mkdir(parents=True, exist_ok=True)
    names = {
        "public": "Almazbek Atambayev",
        "restricted": "Temirlan Sultanbekov",
        "confidential": "Asel Nurlanova",
    }
    for level in LEVELS:
        path = folder / f"{level}.txt"
        path.write_text(TEXTS[level], encoding="utf-8")
        (result,) = owner.items.ingest([path], Provenance(confidentiality=level))
        assert result.id is not None
        item = result.id
        items[level] = item
        text = owner.items.text(item)
        name = names[level]
        person = owner.records.create(
            "person",
            {
                "name": {"value": name, "citations": [_span(text, name, item)]},
                "description": f"{MARKERS[level]} person",
            },
            confidentiality=level,
        )
        people[level] = person.id
        act = owner.records.create(
            "act",
            {
                "violation": "arbitrary_detention",
                "victim": {"ref": person.id},
                "status": "alleged",
                "date": {"value": "2023-03-12"},
                "description": {
                    "value": f"{MARKERS[level]} act",
                    "citations": [_span(text, MARKERS[level], item)],
                },
            },
            confidentiality=level,
        )
        acts[level] = act.id
        start = text.index(name)
        document = {
            "item": item,
            "language": "en",
            "document_date": None,
            "entities": [
                {
                    "kind": "person",
                    "name": name,
                    "archive_id": None,
                    "mentions": [{"text": name, "start": start, "end": start + len(name)}],
                }
            ],
            "dates": [],
            "counts": [],
            "acts": [],
            "interventions": [],
        }
        owner.proposals.store(item, document)
        proposals[level] = [p.id for p in owner.proposals.pending(1000) if p.item_id == item]
    return Seeded(items, people, acts, proposals)

"""A detained person's world on top of the seeded archive, for the records and timeline tests.

Besides the seed's person, item and act per level, it records a case of the public person with
its statuses, a refused medical request and a prison visit, a group whose size the sources give
differently (22 or 27), an act against both the public and the confidential person, a public
record citing both the public and the confidential item, and a public person whose protected
contact carries ``PROTECTEDWORD``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from seed import Seeded, as_owner, seed
from sqlalchemy import select

from docket.archive import Archive
from docket.db.engine import reading
from docket.db.schema import custody

PROTECTED_WORD = "PROTECTEDWORD"
ROLES = ("admin", "editor", "analyst", "viewer")
VISIBLE = {
    "admin": ("public", "restricted", "confidential"),
    "editor": ("public", "restricted", "confidential"),
    "analyst": ("public", "restricted"),
    "viewer": ("public",),
}


@dataclass(frozen=True)
class World:
    seeded: Seeded
    case: int
    statuses: list[int]
    request: int
    visit: int
    group: int
    mixed_act: int
    cited: int
    witness: int


def _span(archive: Archive, item: int, words: str) -> dict[str, int]:
    text = as_owner(archive).items.text(item)
    start = text.index(words)
    return {"item": item, "start": start, "end": start + len(words)}


def build_world(archive: Archive, folder: Path) -> World:
    seeded = seed(archive, folder)
    store = as_owner(archive).records
    public_item = seeded.items["public"]
    person = seeded.people["public"]
    secret_person = seeded.people["confidential"]
    org = store.create("organisation", {"name": "Council of Parties"})
    case = store.create(
        "case",
        {
            "title": "Case of the former president",
            "subject": {"ref": person},
            "charges": "corruption",
            "opened": "2020-08-07",
        },
    )
    statuses = [
        store.create(
            "case_status",
            {
                "case": {"ref": case.id},
                "status": status,
                "date": {
                    "value": day,
                    "citations": [_span(archive, public_item, "moved to hospital")]
                    if status == "hospitalised"
                    else [],
                },
            },
        ).id
        for status, day in (
            ("arrested", "2020-08-07"),
            ("hospitalised", "2022-10-23"),
            ("returned_to_prison", "2022-11-02"),
        )
    ]
    request = store.create(
        "intervention",
        {
            "kind": "medical_request",
            "by": {"ref": org.id},
            "concerning": {"ref": person},
            "date": "2023-03-01",
            "response": "refused",
            "description": "two urgent surgeries",
        },
    )
    visit = store.create(
        "intervention",
        {
            "kind": "prison_visit",
            "by": {"ref": org.id},
            "concerning": {"ref": case.id},
            "date": "2023-04-15",
        },
    )
    group = store.create(
        "group",
        {
            "description": "border detainees",
            "size": [
                {
                    "value": 22,
                    "preferred": True,
                    "reason": "the named list has 22",
                    "citations": [_span(archive, public_item, "Almazbek Atambayev")],
                },
                {"value": "27 people"},
            ],
        },
    )
    mixed_act = store.create(
        "act",
        {
            "violation": "torture",
            "victim": [{"ref": person}, {"ref": secret_person}],
            "date": "2023-03-12",
        },
    )
    cited = store.create(
        "event",
        {
            "title": "Transfer to hospital",
            "date": "2022-10-23",
            "description": {
                "value": "transfer",
                "citations": [
                    _span(archive, public_item, "PUBLICWORD observers"),
                    _span(archive, seeded.items["confidential"], "SECRETWORD testimony"),
                ],
            },
        },
    )
    witness = store.create(
        "person",
        {
            "witness_code": "TB-W-07",
            "contact": f"+996 555 {PROTECTED_WORD}",
        },
    )
    return World(
        seeded,
        case.id,
        statuses,
        request.id,
        visit.id,
        group.id,
        mixed_act.id,
        cited.id,
        witness.id,
    )


def views_logged(archive: Archive, record_id: int) -> list[str]:
    """Who the chain of custody says viewed the record, in order."""
    with reading(archive.kernel.engine) as connection:
        rows = connection.execute(
            select(custody.c.actor)
            .where(custody.c.action == "record_viewed", custody.c.subject == f"record:{record_id}")
            .order_by(custody.c.seq)
        ).scalars()
        return list(rows)

"""A detained person's file to report on, and reading a report back as a person would: the
text of its PDF, its fonts.

The file: sources at two levels, a course of the case, health, a refused request, an act with
who is responsible, an official's claim, a confidential status, a protected contact and a record
nobody cited."""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Row, select
from tests.support import as_owner

from docket.archive import Archive
from docket.db.engine import reading
from docket.db.schema import checkpoints, custody
from docket.ingest.provenance import Provenance


def pdf_text(path: Path) -> str:
    """The PDF's text with lines joined, so a phrase broken across lines is still found."""
    raw = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    return re.sub(r"\s+", " ", raw)


def report_checkpoint(archive: Archive) -> Row[Any]:
    """The signed checkpoint the newest report written out ends with: the head that its files'
    custody entry says it was made at (signed again after that entry)."""
    with reading(archive.kernel.engine) as connection:
        payload = connection.execute(
            select(custody.c.payload)
            .where(custody.c.action == "report_rendered")
            .order_by(custody.c.seq.desc())
            .limit(1)
        ).scalar_one()
        made = json.loads(payload)["made_at_entry"]
        return connection.execute(select(checkpoints).where(checkpoints.c.seq == made)).one()


def pdf_fonts(path: Path) -> list[list[str]]:
    """pdffonts' rows: name, type, encoding, embedded, subset, unicode, object, generation."""
    lines = subprocess.run(
        ["pdffonts", str(path)], check=True, capture_output=True, text=True
    ).stdout.splitlines()[2:]
    return [line.split() for line in lines if line.strip()]


PUBLIC_TEXT = (
    "Kubat Ormonov was arrested in Bishkek on 7 August 2020 by officers of the security service. "
    "On 23 October 2022 he was moved to hospital after his health failed. "
    "The Council of Parties asked for urgent surgery; the prosecutor refused the request. "
    "Officers beat him during questioning, according to his lawyer. "
    "The prosecutor said the detainee had received all necessary care. "
    "Clash at the border post: at least 22 people were detained. "
    "Ормонов Кубат Көңүлдүү айылынан."
)
SECRET_TEXT = "SECRETWORD testimony: guards starved him for nine days in May 2023."
SECRET_WORDS = ("SECRETWORD", "Hunger strike", "starved him")
KYRGYZ_WORDS = "Көңүлдүү айылынан"
PROTECTED_CONTACT = "PROTECTEDWORD +996 555 010"


@dataclass(frozen=True)
class World:
    public_item: int
    secret_item: int
    person: int
    case: int
    statuses: list[int]
    secret_status: int
    request: int
    act: int
    involvement: int
    claim: int
    uncited: int
    hidden_person: int
    event: int
    event_act: int


def _cite(words: str, item: int) -> dict[str, object]:
    return {"item": item, "quote": words}


def build_world(archive: Archive, folder: Path) -> World:
    owner = as_owner(archive)
    folder.mkdir(parents=True, exist_ok=True)
    public_path = folder / "public statement.txt"
    public_path.write_text(PUBLIC_TEXT, encoding="utf-8")
    secret_path = folder / "testimony.txt"
    secret_path.write_text(SECRET_TEXT, encoding="utf-8")
    (public,) = owner.items.ingest([public_path], Provenance(published="2023-12-02"))
    (secret,) = owner.items.ingest([secret_path], Provenance(confidentiality="confidential"))
    assert public.id is not None and secret.id is not None
    pub, sec = public.id, secret.id
    records = owner.records
    person = records.create(
        "person",
        {
            "name": {"value": "Kubat Ormonov", "citations": [_cite("Kubat Ormonov", pub)]},
            "contact": PROTECTED_CONTACT,
            "description": {"value": KYRGYZ_WORDS, "citations": [_cite(KYRGYZ_WORDS, pub)]},
        },
    )
    hidden_person = records.create(
        "person", {"name": "SECRETWORD Hidden Person"}, confidentiality="confidential"
    )
    case = records.create(
        "case",
        {"title": "Case of Kubat Ormonov", "subject": {"ref": person.id}, "opened": "2020-08-07"},
    )
    statuses = []
    for status, day, words in (
        ("arrested", "2020-08-07", "was arrested in Bishkek"),
        ("hospitalised", "2022-10-23", "moved to hospital"),
    ):
        statuses.append(
            records.create(
                "case_status",
                {
                    "case": {"ref": case.id},
                    "status": {"value": status, "citations": [_cite(words, pub)]},
                    "date": day,
                },
            ).id
        )
    secret_status = records.create(
        "case_status",
        {
            "case": {"ref": case.id},
            "status": {"value": "hunger_strike", "citations": [_cite("starved him", sec)]},
            "date": "2023-05-01",
        },
        confidentiality="confidential",
    )
    council = records.create("organisation", {"name": "Council of Parties"})
    prosecutor = records.create("person", {"name": "Prosecutor Asanov"})
    request = records.create(
        "intervention",
        {
            "kind": "medical_request",
            "by": {"ref": council.id},
            "concerning": {"ref": person.id},
            "date": "2023-03-01",
            "response": {"value": "refused", "citations": [_cite("refused the request", pub)]},
        },
    )
    act = records.create(
        "act",
        {
            "violation": {"value": "torture", "citations": [_cite("beat him", pub)]},
            "victim": [{"ref": person.id}, {"ref": hidden_person.id}],
            "date": "2020-08-08",
        },
    )
    involvement = records.create(
        "involvement",
        {
            "act": {"ref": act.id},
            "perpetrator": {"ref": prosecutor.id},
            "degree": {"value": "ordered", "citations": [_cite("Officers", pub)]},
        },
    )
    claim = records.create(
        "claim",
        {
            "claimant": {"ref": prosecutor.id},
            "statement": {
                "value": "the detainee had received all necessary care",
                "citations": [_cite("received all necessary care", pub)],
            },
            "about": {"ref": person.id},
            "date": "2023-03-05",
        },
    )
    border = records.create("place", {"name": "Kara-Suu border post"})
    event = records.create(
        "event",
        {
            "title": {"value": "Clash at the border post", "citations": [_cite("Clash", pub)]},
            "date": "2021-03-02",
            "place": {"ref": border.id},
        },
    )
    detainees = records.create(
        "group",
        {
            "description": "border detainees",
            "size": {"value": "at least 22 people", "citations": [_cite("at least 22", pub)]},
        },
    )
    event_act = records.create(
        "act",
        {
            "violation": "arbitrary_detention",
            "victim": [{"ref": person.id}, {"ref": detainees.id}, {"ref": hidden_person.id}],
            "event": {"ref": event.id},
        },
    )
    records.create(
        "involvement",
        {"act": {"ref": event_act.id}, "perpetrator": {"ref": prosecutor.id}, "degree": "ordered"},
    )
    records.create(
        "intervention",
        {
            "kind": "request",
            "by": {"ref": council.id},
            "concerning": {"ref": event.id},
            "date": "2021-03-10",
            "response": {"value": "refused", "citations": [_cite("refused the request", pub)]},
        },
    )
    uncited = records.create(
        "intervention",
        {"kind": "prison_visit", "by": {"ref": council.id}, "concerning": {"ref": case.id}},
    )
    return World(
        public_item=pub,
        secret_item=sec,
        person=person.id,
        case=case.id,
        statuses=statuses,
        secret_status=secret_status.id,
        request=request.id,
        act=act.id,
        involvement=involvement.id,
        claim=claim.id,
        uncited=uncited.id,
        hidden_person=hidden_person.id,
        event=event.id,
        event_act=event_act.id,
    )

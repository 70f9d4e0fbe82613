"""A small archive of review decisions to train on: proposals stored, then decided."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.support import as_owner

from docket.archive import Archive
from docket.door import Door
from docket.ingest.provenance import Provenance
from docket.model.access import Viewer

PEOPLE = (
    "Aibek Toktogulov", "Nurlan Sadykov", "Gulnara Beishenova", "Azamat Kadyrov",
    "Elmira Usupova", "Bakyt Jumabaev", "Cholpon Asanova", "Tilek Mamatov",
)  # fmt: skip
PLACES = ("Kara-Suu", "Jangy-Kala", "Ak-Tash", "Kok-Suu")
# A word the shipped model is apt to take for a name, which reviewers reject.
NOT_A_NAME = "Monday"


@dataclass
class Decided:
    """What the fixture decided, for the assertions."""

    items: list[int] = field(default_factory=list)
    accepted: int = 0
    rejected: int = 0
    acts: int = 0
    claims: int = 0


def english_item(door: Door, source: Path, text: str) -> int:
    """``text`` written to ``source`` and ingested as an English item; its id."""
    source.write_text(text, encoding="utf-8")
    (result,) = list(door.items.ingest([source], Provenance()))
    assert result.id is not None
    if door.items.get(result.id).get("language") != "en":
        door.items.edit(result.id, {"language": "en"})
    return result.id


def sentence(person: str, place: str) -> str:
    return f"On {NOT_A_NAME} {person} was detained by police in {place}. "


def denial(number: int) -> str:
    """A sentence in which no detention happened: its "detained" is rejected."""
    return f"Report {number} that police detained anyone there was denied.\n"


def statements(place: str) -> str:
    """A claim reviewers keep (an official's words) and one they reject (a forecast)."""
    return (
        f"The prosecutor stated that the detentions in {place} were lawful.\n"
        f"The radio said that it would rain in {place}.\n"
    )


def _claim(text: str, cue: str, offset: int) -> dict[str, Any]:
    said = _span(text, cue, offset)
    end = text.index(".", said["end"]) + 1
    statement = {"text": text[said["end"] + 1 : end], "start": said["end"] + 1, "end": end}
    start = text.rfind("\n", 0, said["start"]) + 1
    return {
        "type": "claim",
        "label": "Claim",
        "start": start,
        "end": end,
        "cue": said,
        "statement": statement,
        "claimant": None,
    }


def _span(text: str, words: str, offset: int) -> dict[str, Any]:
    start = text.index(words, offset)
    return {"text": words, "start": start, "end": start + len(words)}


def _document(item_id: int, text: str, sentences: list[tuple[str, str]]) -> dict[str, Any]:
    entities: list[dict[str, Any]] = []
    acts: list[dict[str, Any]] = []
    offset = 0
    for person, place in sentences:
        start = text.index(sentence(person, place), offset)
        entities.append(
            {"kind": "person", "name": person, "mentions": [_span(text, person, start)]}
        )
        entities.append({"kind": "place", "name": place, "mentions": [_span(text, place, start)]})
        entities.append(
            {
                "kind": "organization",
                "name": f"{NOT_A_NAME} {start}",
                "mentions": [_span(text, NOT_A_NAME, start)],
            }
        )
        detained = _span(text, "detained", start)
        acts.append(
            {"type": "arbitrary_arrest", "start": detained["start"], "end": detained["end"]}
        )
        offset = start + 1
    denied = _span(text, "detained", text.index("Report "))
    acts.append({"type": "arbitrary_arrest", "start": denied["start"], "end": denied["end"]})
    found = {"item": item_id, "language": "en", "entities": entities, "acts": acts}
    if "The prosecutor stated" in text:
        found["claims"] = [_claim(text, "stated that", 0), _claim(text, "said that", 0)]
    return found


def decide(
    archive: Archive, folder: Path, items: int = 6, per_item: int = 4, *, claims: bool = False
) -> Decided:
    """``items`` English items of ``per_item`` sentences each: their people and places accepted,
    every "Monday" taken for an organisation rejected, every detention accepted but the one
    each item denies; with ``claims``, each item's prosecutor's statement accepted as a claim
    and its weather forecast rejected."""
    door = as_owner(archive)
    reviewer = archive.as_viewer(Viewer.owner("reviewer"))
    decided = Decided()
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(items):
        pairs = [
            (PEOPLE[(number * per_item + i) % len(PEOPLE)], PLACES[(number + i) % len(PLACES)])
            for i in range(per_item)
        ]
        text = "".join(sentence(person, place) for person, place in pairs)
        text += denial(number)
        if claims:
            text += statements(pairs[0][1])
        item_id = english_item(door, folder / f"report-{number}.txt", text)
        decided.items.append(item_id)
        door.proposals.store(item_id, _document(item_id, text, pairs))
    victims: dict[int, int] = {}
    for proposal in door.proposals.pending(1000):
        if proposal.kind == "organization":
            reviewer.proposals.reject(proposal.id, "a day, not an organisation")
            decided.rejected += 1
        elif proposal.kind in ("person", "place"):
            record = reviewer.proposals.accept(proposal.id, into="new")
            if proposal.kind == "person":
                victims.setdefault(proposal.item_id, record)
            decided.accepted += 1
    for proposal in door.proposals.pending(1000):
        if proposal.kind == "claim":
            decided.claims += 1
            text = door.items.text(proposal.item_id)
            if text.startswith("The radio", proposal.span[0]):
                reviewer.proposals.reject(proposal.id, "a forecast, not a claim")
            else:
                reviewer.proposals.accept(
                    proposal.id, edits={"claimant": victims[proposal.item_id]}
                )
            continue
        if proposal.kind != "act":
            continue
        decided.acts += 1
        text = door.items.text(proposal.item_id)
        if text.rfind("\n", 0, proposal.span[0]) < text.rfind("Report ", 0, proposal.span[0]):
            reviewer.proposals.reject(proposal.id, "nobody was detained")
        else:
            reviewer.proposals.accept(proposal.id, edits={"victim": victims[proposal.item_id]})
    return decided


# Who condemned an act is not who did it: the rules read "condemned by X" as X did the act.
# "the" stands before names on both sides, so that it is not what tells them apart.
# Each body condemns once in ten items, so that what tells them from the forces is the words
# around them, not their names.
CONDEMNERS_AS_WRITTEN = (
    "Amnesty International",
    "the Norwegian Helsinki Committee",
    "Human Rights Watch",
    "the Adilet Legal Clinic",
    "Freedom House",
    "the International Partnership for Human Rights",
    "Front Line Defenders",
    "the OSCE Office",
    "the Voice of Freedom foundation",
)
CONDEMNERS = tuple(body.removeprefix("the ") for body in CONDEMNERS_AS_WRITTEN)
FORCES = ("the State Committee for National Security", "the Interior Ministry", "GKNB officers")


def condemned(person: str, place: str, body: str) -> str:
    return f"{person} was detained in {place}, as condemned by {body}. "


def detained_by(person: str, place: str, force: str) -> str:
    return f"{person} was detained by {force} in {place}. "


def decide_parties(archive: Archive, folder: Path, items: int = 10) -> Decided:
    """``items`` English items, each of one detention "condemned by" a rights group and two done
    by a state body, proposed as extraction reads them; reviewers accept every detention,
    removing the rights group the rules took for its perpetrator and keeping the state body."""
    door = as_owner(archive)
    reviewer = archive.as_viewer(Viewer.owner("reviewer"))
    decided = Decided()
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(items):
        person = [PEOPLE[(number * 3 + i) % len(PEOPLE)] for i in range(3)]
        place = [PLACES[(number + i) % len(PLACES)] for i in range(3)]
        text = (
            condemned(person[0], place[0], CONDEMNERS_AS_WRITTEN[number % len(CONDEMNERS)])
            + detained_by(person[1], place[1], FORCES[number % len(FORCES)])
            + detained_by(person[2], place[2], FORCES[(number + 1) % len(FORCES)])
        )
        item_id = english_item(door, folder / f"parties-{number}.txt", text)
        decided.items.append(item_id)
        (extraction,) = door.extract([item_id])
        door.proposals.store(item_id, extraction.document)
    for proposal in door.proposals.pending(1000):
        if proposal.kind != "act":
            continue
        decided.acts += 1
        perpetrator = proposal.payload.get("perpetrator") or {}
        if perpetrator.get("text") in CONDEMNERS:
            reviewer.proposals.accept(proposal.id, edits={"perpetrator": None})
            decided.rejected += 1
        else:
            reviewer.proposals.accept(proposal.id)
            decided.accepted += 1
    return decided

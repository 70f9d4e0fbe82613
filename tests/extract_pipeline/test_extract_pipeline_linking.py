"""Entities linked to actors already in the archive: a score, a reason, and doubt kept open."""

from __future__ import annotations

from typing import Any

import pytest

from docket.extract.document import Recognise, extract_document
from docket.extract.gazetteer import Gazetteer
from docket.extract.mentions import Mention, merge_mentions
from docket.extract.recognise import Recognition


def _person_named(name: str) -> Recognise:
    """A stand-in for the models that finds ``name`` as a person, plus the gazetteer's names."""

    def recognise(text: str, language: str | None, gazetteer: Gazetteer | None) -> Recognition:
        start = text.index(name)
        found = [Mention("person", name, start, start + len(name), "model")]
        if gazetteer is not None:
            found.extend(gazetteer.mentions(text))
        return Recognition(merge_mentions(found, ("gazetteer",)), language, [])

    return recognise


def _entity(text: str, name: str, known: list[tuple[str, str]]) -> dict[str, Any]:
    gazetteer = Gazetteer.from_names([("person", spelling, key) for spelling, key in known])
    document = extract_document(
        text + " spoke.",
        item_id=None,
        language="en",
        document_date=None,
        gazetteer=gazetteer,
        recognise=_person_named(name),
    )
    (entity,) = document["entities"]
    return entity


@pytest.mark.parametrize(
    ("written", "reason", "score"),
    [
        ("Almazbek Atambayev", "exact name", 1.0),
        ("Almazbek Atambaev", "spelling variant", 0.9),
        ("Алмазбек Атамбаев", "transliteration", 0.85),
        ("Atambaev", "surname only", 0.6),
    ],
)
def test_link_reasons(written: str, reason: str, score: float) -> None:
    entity = _entity(written, written, [("Almazbek Atambayev", "arch/5")])
    assert entity["archive_id"] == "arch/5"
    assert entity["link"] == {
        "archive_id": "arch/5",
        "name": "Almazbek Atambayev",
        "score": score,
        "reason": reason,
    }
    assert entity["candidates"] == []


def test_kyrgyz_case_form_is_a_variant() -> None:
    written = "Алмазбек Атамбаевдин"
    entity = _entity(written, written, [("Алмазбек Атамбаев", "arch/5")])
    assert (entity["archive_id"], entity["link"]["reason"]) == ("arch/5", "spelling variant")


def test_close_candidates_are_left_for_review() -> None:
    written = "Almazbek Atambaev"
    known = [("Almazbek Atambayev", "arch/1"), ("Almazbek Atambaev", "arch/2")]
    entity = _entity(written, written, known)
    assert entity["archive_id"] is None
    assert entity["link"] is None
    assert [(c["archive_id"], c["reason"]) for c in entity["candidates"]] == [
        ("arch/2", "exact name"),
        ("arch/1", "spelling variant"),
    ]


def test_a_surname_shared_by_two_known_people_is_not_linked() -> None:
    known = [("Almazbek Atambayev", "arch/1"), ("Seitek Atambayev", "arch/2")]
    entity = _entity("Atambaev", "Atambaev", known)
    assert entity["archive_id"] is None
    assert {c["archive_id"] for c in entity["candidates"]} == {"arch/1", "arch/2"}
    assert {c["reason"] for c in entity["candidates"]} == {"surname only"}


def test_nothing_known_nothing_linked() -> None:
    entity = _entity("Ulan Osmonov", "Ulan Osmonov", [("Almazbek Atambayev", "arch/1")])
    assert (entity["archive_id"], entity["link"], entity["candidates"]) == (None, None, [])

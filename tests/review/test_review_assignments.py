"""FIELD=VALUE as a reviewer types it, turned into the edits accept takes."""

from __future__ import annotations

import pytest

from docket.model.record_types import load_record_types
from docket.review.assignments import InvalidAssignment, parse_assignments

ACT = load_record_types().get("act")


def test_references_codes_and_repeated_fields() -> None:
    edits = parse_assignments(
        ACT,
        [
            "victim=12",
            "victim= #13 ",
            "victim=person:Ulan  Atambaev",
            "victim=group:about 1,700 villagers",
            "status=confirmed",
            'date={"text": "in April", "reference": "2023-12-02"}',
        ],
    )
    assert edits == {
        "victim": [
            {"ref": 12},
            {"ref": 13},
            {"new": {"type": "person", "fields": {"name": "Ulan Atambaev"}}},
            {"new": {"type": "group", "fields": {"description": "about 1,700 villagers"}}},
        ],
        "status": "confirmed",
        "date": {"text": "in April", "reference": "2023-12-02"},
    }


def test_a_bare_name_is_a_new_record_only_when_asked_for() -> None:
    with pytest.raises(InvalidAssignment, match="give its id"):
        parse_assignments(ACT, ["victim=Ulan Atambaev"])
    assert parse_assignments(ACT, ["victim=Ulan Atambaev"], bare_name_is_new=True) == {
        "victim": {"new": {"type": "person", "fields": {"name": "Ulan Atambaev"}}}
    }


@pytest.mark.parametrize(
    ("pair", "message"),
    [
        ("victim", "FIELD=VALUE"),
        ("=12", "FIELD=VALUE"),
        ("victm=12", "act has no field 'victm'"),
        ("victim=place:Osh", "give its id"),
        ("description=  ", "empty"),
        ("date={oops", "not valid JSON"),
    ],
)
def test_mistakes_are_one_clear_line(pair: str, message: str) -> None:
    with pytest.raises(InvalidAssignment, match=message):
        parse_assignments(ACT, [pair])

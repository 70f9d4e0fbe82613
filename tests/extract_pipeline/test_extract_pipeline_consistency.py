"""A document's own longer names correct the kind a model gave a short one."""

from __future__ import annotations

from docket.extract.consistency import consistent_kinds, is_place_compound
from docket.extract.mentions import Mention, MentionKind


def _mention(kind: MentionKind, text: str, start: int) -> Mention:
    return Mention(kind, text, start, start + len(text), "model")


def test_short_names_take_the_kind_of_the_longer_ones() -> None:
    mentions = [
        _mention("organization", "Kalkan Human Rights Centre", 0),
        _mention("place", "Kalkan", 40),
        _mention("person", "Daniyar Abylov", 60),
        _mention("organization", "Abylov", 90),
        _mention("place", "Bishkek", 100),
    ]
    assert [m.kind for m in consistent_kinds(mentions)] == [
        "organization",
        "organization",
        "person",
        "person",
        "place",
    ]
    assert [(m.start, m.end) for m in consistent_kinds(mentions)] == [
        (m.start, m.end) for m in mentions
    ]


def test_lone_compounds_are_places() -> None:
    mentions = [_mention("person", "Sary-Bel", 0), _mention("organization", "Чоң-Арык", 20)]
    assert [m.kind for m in consistent_kinds(mentions)] == ["place", "place"]
    assert is_place_compound("Жангы-Кала")
    assert not is_place_compound("Social-democratic party")
    assert not is_place_compound("ex-president")
    assert not is_place_compound("Kok-Suu reservoir")

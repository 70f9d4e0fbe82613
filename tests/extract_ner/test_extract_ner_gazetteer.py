"""Gazetteer lookups on arbitrary text: offsets always point at what was found."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from docket.extract.gazetteer import Gazetteer

_GAZETTEER = Gazetteer.from_names(
    [
        ("person", "Джунушалиев", "p-1"),
        ("person", "Almazbek Atambayev", "p-2"),
        ("place", "Ош", "l-1"),
        ("organization", "", "empty"),
    ]
)
_PIECES = st.sampled_from(
    ["Джунушалиевдин", "Zhunushaliev", "Atambayev", "Алмазбек", "Ошто", "Osh", " ", ". ", "\n", "-"]
)


@given(st.lists(_PIECES, max_size=30).map("".join))
def test_gazetteer_offsets_reconstruct(text: str) -> None:
    for match in _GAZETTEER.matches(text):
        mention = match.mention
        assert text[mention.start : mention.end] == mention.text
        assert mention.kind == match.known.kind


def test_names_without_letters_are_ignored() -> None:
    assert len(_GAZETTEER) == 3
    assert Gazetteer.from_names([]).mentions("Osh") == []

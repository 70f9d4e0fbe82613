"""Records by the name being typed: what the viewer may see, as the archive is now."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.support import as_owner

from docket.archive import Archive
from docket.face import InvalidRecord
from docket.model.access import Viewer
from docket.records.lookup import _SAME_NAME, _Ranker
from docket.records.name_index import Entry, _name, joined


def _ids(found: list[object]) -> list[int]:
    return [match.id for match in found]  # type: ignore[attr-defined]


def test_each_change_is_seen_by_the_next_lookup(archive: Archive) -> None:
    owner = as_owner(archive)
    reader = archive.as_viewer(Viewer.as_role("viewer", "reader"))
    person = owner.records.create("person", {"name": "Kubat Otorbaev"})
    assert _ids(reader.lookup("Оторб")) == [person.id]
    edited = owner.records.edit(
        person.id, {"set": {"name": ["Kubat Otorbayev", "Кубат Оторбаев"]}}, 1, "spelling"
    )
    (match,) = reader.lookup("Otorbayev")
    assert match.also == ["Кубат Оторбаев"] and match.title == "Kubat Otorbayev"
    owner.records.edit(person.id, {"confidentiality": "confidential"}, edited.version, "risk")
    assert reader.lookup("Otorbayev") == []
    assert _ids(owner.lookup("Otorbayev")) == [person.id]
    other = owner.records.create("person", {"name": "Temir Otorbaev"})
    owner.records.retract(person.id, "a duplicate", expected_version=3)
    assert _ids(owner.lookup("Otorbaev")) == [other.id]
    # An act is found by its victim's name, after the victim; never by a hidden victim's.
    act = owner.records.create("act", {"violation": "torture", "victim": {"ref": other.id}})
    assert _ids(owner.lookup("Temir Otorbaev")) == [other.id, act.id]
    owner.records.edit(other.id, {"confidentiality": "restricted"}, 1, "risk")
    assert _ids(reader.lookup("Otorbaev")) == []


def test_a_hyphenated_name_is_found_word_by_word(archive: Archive) -> None:
    owner = as_owner(archive)
    town = owner.records.create("place", {"name": "Kara-Suu"})
    for typed in ("Кара-С", "Кара-Суу", "kara su", "Суу"):
        assert _ids(owner.lookup(typed, type_names=["place"])) == [town.id], typed
    assert owner.resolve("Кара-Суу", ("place",), "act.place") == town.id


def test_a_word_begun_with_one_letter_is_found(archive: Archive) -> None:
    # "К" alone folds to no prefix (it could begin "kh"); the name is still offered.
    owner = as_owner(archive)
    town = owner.records.create("place", {"name": "Kyzyl-Kiya"})
    for typed in ("Кызыл-К", "Kyzyl-K", "Кызыл-Ки"):
        assert _ids(owner.lookup(typed, type_names=["place"])) == [town.id], typed


def test_resolve_names_one_record_or_says_why(archive: Archive) -> None:
    owner = as_owner(archive)
    first = owner.records.create("person", {"name": "Asel Nurlanova"})
    assert owner.resolve("Асель Нурланова", ("person",), "act.victim") == first.id
    assert owner.resolve("Nurlanova", ("person",), "act.victim") == first.id
    assert owner.resolve(f"#{first.id}", ("person",), "act.victim") == first.id
    with pytest.raises(InvalidRecord, match=r"^act.victim: no person is named 'Nurla'$"):
        owner.resolve("Nurla", ("person",), "act.victim")
    owner.records.create("person", {"name": "Nurlanova Asel"})
    with pytest.raises(InvalidRecord, match=r"2 records are named 'Asel Nurlanova': pick one"):
        owner.resolve("Asel Nurlanova", ("person",), "act.victim")
    with pytest.raises(InvalidRecord, match=r"act\.place: no place is named"):
        owner.resolve("Asel Nurlanova", ("place",), "act.place")


_WORDS = st.lists(
    st.text(alphabet="абвгдежзиклмнопрстуфхцчшыэюяөүң", min_size=3, max_size=12),
    min_size=1,
    max_size=3,
)


@settings(max_examples=200, deadline=None)
@given(words=_WORDS)
def test_a_name_is_its_own_best_match_and_found_by_its_start(words: list[str]) -> None:
    text = " ".join(word.capitalize() for word in words)
    name = _name(text)
    entry = Entry("person", "public", False, (name,), (), *joined([name]))
    assert _Ranker(text).rank(entry, []) == (_SAME_NAME, len(text))
    assert _Ranker(" ".join(reversed(text.split()))).rank(entry, []) == (_SAME_NAME, len(text))
    start = words[0][:3]
    assert _Ranker(start).rank(entry, []) is not None


def test_a_record_bearing_the_name_comes_before_records_only_referring_to_one(
    archive: Archive,
) -> None:
    owner = as_owner(archive)
    # Typed "Атамб": the surname starts the Cyrillic spelling, but not the Latin one.
    latin = owner.records.create("person", {"name": "Almazbek Atambayev"})
    cyrillic = owner.records.create("person", {"name": "Атамбаев Алмазбек"})
    acts = [
        owner.records.create("act", {"violation": "torture", "victim": {"ref": cyrillic.id}})
        for _ in range(3)
    ]
    found = _ids(owner.lookup("Атамб"))
    assert found[:2] == [cyrillic.id, latin.id]
    assert sorted(found[2:]) == sorted(act.id for act in acts)

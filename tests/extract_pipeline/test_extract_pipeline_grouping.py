from __future__ import annotations

import random

from hypothesis import given
from hypothesis import strategies as st

from docket.extract.grouping import _KYRGYZ_ENDINGS, _bare, acronym_of, group_mentions
from docket.extract.mentions import Mention, MentionKind


def mention(kind: MentionKind, text: str, start: int) -> Mention:
    return Mention(kind, text, start, start + len(text), "test")


def names(mentions: list[Mention]) -> list[tuple[str, str, list[str]]]:
    return [(e.kind, e.name, [m.text for m in e.mentions]) for e in group_mentions(mentions)]


def test_spellings_and_surname_are_one_person_named_by_the_longest_form() -> None:
    found = names(
        [
            mention("person", "Atambaev", 0),
            mention("person", "Almazbek Atambayev", 20),
            mention("person", "Almazbek Atambaev", 50),
        ]
    )
    assert found == [
        ("person", "Almazbek Atambayev", ["Atambaev", "Almazbek Atambayev", "Almazbek Atambaev"])
    ]


def test_scripts_and_patronymic_do_not_split_a_person() -> None:
    found = names(
        [
            mention("person", "Алмазбек Шаршенович Атамбаев", 0),
            mention("person", "Almazbek Atambayev", 40),
        ]
    )
    assert len(found) == 1
    assert found[0][1] == "Алмазбек Шаршенович Атамбаев"


def test_a_surname_shared_by_two_people_of_one_sex_stays_apart() -> None:
    found = names(
        [
            mention("person", "Almazbek Atambaev", 0),
            mention("person", "Kadyrbek Atambaev", 30),
            mention("person", "Atambaev", 60),
        ]
    )
    assert len(found) == 3


def test_a_surname_written_as_a_mans_or_a_womans_joins_the_one_of_that_sex() -> None:
    found = names(
        [
            mention("person", "Almazbek Atambaev", 0),
            mention("person", "Roza Atambaeva", 30),
            mention("person", "Atambaev", 60),
        ]
    )
    assert found == [
        ("person", "Almazbek Atambaev", ["Almazbek Atambaev", "Atambaev"]),
        ("person", "Roza Atambaeva", ["Roza Atambaeva"]),
    ]
    # Russian: "Бекмуратов" is only a man's, so its group (with the genitive "Бекмуратова")
    # is Руслан's; Бактыгуль's "Бекмуратова" may be his genitive or her name, so it is no match.
    found = names(
        [
            mention("person", "Руслан Бекмуратов", 0),
            mention("person", "Бактыгуль Бекмуратова", 30),
            mention("person", "Бекмуратова", 60),
            mention("person", "Бекмуратов", 80),
        ]
    )
    assert found == [
        ("person", "Руслан Бекмуратов", ["Руслан Бекмуратов", "Бекмуратова", "Бекмуратов"]),
        ("person", "Бактыгуль Бекмуратова", ["Бактыгуль Бекмуратова"]),
    ]
    found = names(
        [
            mention("person", "Нурлан Жумабеков", 0),
            mention("person", "Салтанат Жумабековой", 30),
            mention("person", "Жумабековой", 60),
        ]
    )
    assert found[1] == ("person", "Салтанат Жумабековой", ["Салтанат Жумабековой", "Жумабековой"])


def test_a_surname_form_either_sex_may_bear_stays_apart() -> None:
    # "Атамбаеву" is his dative or her accusative; neither full name says whose.
    found = names(
        [
            mention("person", "Улану Атамбаеву", 0),
            mention("person", "Гульнара Атамбаева", 30),
            mention("person", "Атамбаеву", 60),
        ]
    )
    assert len(found) == 3


def test_kinds_never_mix() -> None:
    found = names([mention("person", "Osh", 0), mention("place", "Osh", 10)])
    assert [kind for kind, _, _ in found] == ["person", "place"]


def test_acronyms_join_their_long_form_in_latin_and_cyrillic() -> None:
    found = names(
        [
            mention("organization", "Socialist International", 0),
            mention("organization", "SI", 30),
            mention("organization", "Государственный комитет национальной безопасности", 40),
            mention("organization", "ГКНБ", 100),
        ]
    )
    assert found == [
        ("organization", "Socialist International", ["Socialist International", "SI"]),
        (
            "organization",
            "Государственный комитет национальной безопасности",
            ["Государственный комитет национальной безопасности", "ГКНБ"],
        ),
    ]


def test_an_acronym_without_its_long_form_stands_alone() -> None:
    found = names([mention("organization", "OSCE", 0), mention("organization", "Red Cross", 9)])
    assert len(found) == 2


def test_acronym_of() -> None:
    assert acronym_of("ОБСЕ") == "ОБСЕ"
    assert acronym_of("Osce") is None
    assert acronym_of("A") is None


def test_many_mentions_are_grouped_quickly() -> None:
    mentions = [mention("person", f"Name{i % 500} Surname{i % 700}", i * 40) for i in range(20_000)]
    entities = group_mentions(mentions)
    assert sum(len(entity.mentions) for entity in entities) == 20_000


KINDS: list[MentionKind] = ["person", "organization", "place"]
WORDS = [
    "Almazbek", "Atambaev", "Atambayev", "Atambaeva", "Roza", "Socialist", "International", "SI",
    "ГКНБ", "Атамбаевой", "Атамбаеву", "Атамбаев", "А.", "Т.К.", "A.",
]  # fmt: skip
NAME = st.lists(st.sampled_from(WORDS), min_size=1, max_size=3).map(" ".join)
MENTIONS = st.lists(
    st.tuples(st.sampled_from(KINDS), NAME),
    max_size=12,
).map(lambda pairs: [mention(kind, text, i * 50) for i, (kind, text) in enumerate(pairs)])


@given(MENTIONS, st.randoms(use_true_random=False))
def test_grouping_is_an_order_independent_partition(
    mentions: list[Mention], rnd: random.Random
) -> None:
    entities = group_mentions(mentions)
    grouped = [m for entity in entities for m in entity.mentions]
    assert sorted(grouped, key=lambda m: m.start) == sorted(mentions, key=lambda m: m.start)
    assert all(m.kind == entity.kind for entity in entities for m in entity.mentions)
    shuffled = list(mentions)
    rnd.shuffle(shuffled)
    assert group_mentions(shuffled) == entities


def test_a_name_with_initials_joins_the_full_name_its_initial_opens() -> None:
    found = names(
        [
            mention("person", "Таалайбека Токтогулова", 0),
            mention("person", "Токтогулова Т.К.", 40),
            mention("person", "T. Toktogulov", 80),
        ]
    )
    assert found == [
        (
            "person",
            "Таалайбека Токтогулова",
            ["Таалайбека Токтогулова", "Токтогулова Т.К.", "T. Toktogulov"],
        )
    ]
    found = names(
        [
            mention("person", "Almazbek Atambaev", 0),
            mention("person", "Kadyrbek Atambaev", 30),
            mention("person", "A. Atambaev", 60),
            mention("person", "B. Atambaev", 80),
        ]
    )
    assert found == [
        ("person", "Almazbek Atambaev", ["Almazbek Atambaev", "A. Atambaev"]),
        ("person", "Kadyrbek Atambaev", ["Kadyrbek Atambaev"]),
        ("person", "B. Atambaev", ["B. Atambaev"]),
    ]


def test_a_surname_and_the_same_with_one_initial_are_one_person() -> None:
    found = names([mention("person", "Atambaev", 0), mention("person", "A. Atambaev", 20)])
    assert found == [("person", "A. Atambaev", ["Atambaev", "A. Atambaev"])]
    found = names(
        [
            mention("person", "Atambaev", 0),
            mention("person", "A. Atambaev", 20),
            mention("person", "B. Atambaev", 40),
        ]
    )
    assert len(found) == 3


def test_a_kyrgyz_given_name_tells_a_full_names_sex_where_the_surname_form_does_not() -> None:
    # "Гульнара Атамбаева" is hers ("гүл", flower); "Улану Атамбаеву" may be his dative, so
    # the man's "Атамбаев" is Ulan's.
    found = names(
        [
            mention("person", "Улану Атамбаеву", 0),
            mention("person", "Гульнара Атамбаева", 30),
            mention("person", "Атамбаев", 60),
        ]
    )
    assert found[0] == ("person", "Улану Атамбаеву", ["Улану Атамбаеву", "Атамбаев"])
    # "Таалайбека Токтогулова" is a man's genitive ("-бек"), Айгуль's is hers.
    found = names(
        [
            mention("person", "Таалайбека Токтогулова", 0),
            mention("person", "Айгуль Токтогулова", 30),
            mention("person", "Токтогулов", 60),
        ]
    )
    assert found[0] == (
        "person",
        "Таалайбека Токтогулова",
        ["Таалайбека Токтогулова", "Токтогулов"],
    )


def _bare_by_every_ending(spelling: str, written: frozenset[str]) -> str:
    head, _, last = spelling.rpartition(" ")
    for ending in _KYRGYZ_ENDINGS:
        stem = last[: -len(ending)]
        if last.endswith(ending) and len(stem) >= 3 and stem in written:
            return f"{head} {stem}" if head else stem
    return spelling


@given(
    st.lists(
        st.sampled_from(["Мирбек", "Токтомат", "Alim", "ов", "ова", "дун", "нын", "га", "ка"]),
        min_size=1,
        max_size=4,
    ),
    st.booleans(),
)
def test_a_case_ending_is_taken_off_as_trying_every_ending_takes_it(
    parts: list[str], spaced: bool
) -> None:
    spelling = (" " if spaced else "").join(parts)
    written = frozenset({"Токтомат", "Токтоматов", "Alim", "Мирбекова", spelling[:-2]})
    assert _bare(spelling, written) == _bare_by_every_ending(spelling, written)

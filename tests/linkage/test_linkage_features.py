"""What linkage compares: folded, order-free names across scripts; blocks that cannot explode."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from docket.linkage.clusters import cluster
from docket.linkage.features import Subject, cap_blocks, features_of, sound_key, surname_of


def _row(names: tuple[str, ...], year: int | None = None) -> dict[str, object]:
    found = features_of([Subject(1, names, year, year)])
    assert found.rows, found.unlinkable
    return found.rows[0]


def test_scripts_orders_and_systems_give_the_same_words() -> None:
    forms = [
        ("Атамбаев Алмазбек",),
        ("Almazbek Atambayev",),
        ("ATAMBAEV Almazbek",),
        ("Алмазбек Шаршенович Атамбаев",),
    ]
    rows = [_row(form) for form in forms]
    assert {row["name_sorted"] for row in rows} == {"almazbek atambaev"}
    assert {row["surname"] for row in rows} == {"atambaev"}
    assert {row["given"] for row in rows} == {"almazbek"}


def test_kyrgyz_letters_and_press_spellings_meet() -> None:
    assert _row(("Жээнбеков Садыр",))["name_sorted"] == _row(("Sadyr Jeenbekov",))["name_sorted"]
    assert _row(("Күрөңкеев",))["surname"] == _row(("Kuronkeyev",))["surname"]
    # "uulu"/"kyzy" say "son/daughter of" and are not a name of their own.
    assert _row(("Бакыт уулу Алмаз",))["tokens"] == ["almaz", "bakit"]


def test_a_typo_keeps_the_sound_key_and_the_surname() -> None:
    assert sound_key("atambaev") == sound_key("atanbaev") == sound_key("atambaef")
    assert surname_of(["japarvo", "kubanichbek"]) == "japarvo"


def test_records_that_cannot_be_compared_are_set_apart_with_a_reason() -> None:
    found = features_of(
        [
            Subject(1, ()),
            Subject(2, ("",)),
            Subject(3, ("A. B.",)),
            Subject(4, ("!!!",)),
            Subject(5, ("Ulan Tashiev",)),
            Subject(6, ("\U00010330\U00010331\U00010332",)),
        ]
    )
    reasons = {u.id: u.reason for u in found.unlinkable}
    assert reasons == {
        1: "has no name",
        2: "has no name",
        3: "its name is too short to compare (initials only)",
        4: "its name has no letters",
        6: "its name is in a script Docket cannot fold",
    }
    assert [row["unique_id"] for row in found.rows] == [5]


def test_a_crowd_of_one_name_is_narrowed_by_birth_year_and_said() -> None:
    subjects = [Subject(i, ("Ivan Ivanov",), 1950 + i % 3, 1950 + i % 3) for i in range(30)]
    subjects += [Subject(100 + i, ("Ivan Ivanov",)) for i in range(5)]
    found = features_of(subjects)
    rows = found.rows
    notes = cap_blocks(rows, cap=12, word_cap=12)
    assert any("35 records share the name sorted 'ivan ivanov'" in note for note in notes)
    blocks = [row["block_name_sorted"] for row in rows]
    # Years split the crowd into blocks of 10; without a year nothing is blocked on the name.
    assert max(blocks.count(b) for b in set(blocks) if b is not None) == 10
    assert blocks.count(None) == 5
    assert all(row["block_tokens"] == [] for row in rows)


_names = st.lists(
    st.sampled_from(["Алмаз", "Атамбаев", "Ulan", "Japarov", "Жапаров", "Bakyt", "Asanova"]),
    min_size=1,
    max_size=4,
)


@given(_names)
def test_word_order_never_changes_the_features(words: list[str]) -> None:
    forward = features_of([Subject(1, (" ".join(words),))]).rows
    backward = features_of([Subject(1, (" ".join(reversed(words)),))]).rows
    assert forward == backward


@given(
    st.lists(st.integers(0, 40), min_size=1, max_size=40, unique=True),
    st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40), st.floats(0, 1)), max_size=80),
    st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40)), max_size=10),
)
def test_every_record_in_exactly_one_cluster_and_rejections_hold(
    ids: list[int],
    edges: list[tuple[int, int, float]],
    apart: list[tuple[int, int]],
) -> None:
    apart = [(a, b) for a, b in apart if a != b]
    groups = cluster(ids, edges, different=apart)
    members = [record for group in groups for record in group]
    assert sorted(members) == sorted(ids)
    where = {record: index for index, group in enumerate(groups) for record in group}
    for a, b in apart:
        if a in where and b in where:
            assert where[a] != where[b]


def test_a_same_judgement_outweighs_the_scores() -> None:
    assert cluster([1, 2, 3], [], same=[(1, 3)]) == [[1, 3], [2]]

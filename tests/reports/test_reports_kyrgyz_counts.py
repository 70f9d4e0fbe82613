"""Kyrgyz counts: "more than" and "fewer than" follow the number, which takes the ablative."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from docket.model.count_wording import count_text, kyrgyz_ablative, number
from docket.model.counts import Count, Qualifier


@pytest.mark.parametrize(
    ("value", "ending"),
    [
        (0, "дөн"),  # нөл
        (1, "ден"),  # бир
        (2, "ден"),  # эки
        (3, "төн"),  # үч
        (4, "төн"),  # төрт
        (5, "тен"),  # беш
        (6, "дан"),  # алты
        (7, "ден"),  # жети
        (8, "ден"),  # сегиз
        (9, "дан"),  # тогуз
        (10, "дон"),  # он
        (20, "дан"),  # жыйырма
        (30, "дан"),  # отуз
        (40, "тан"),  # кырк
        (50, "дөн"),  # элүү
        (60, "тан"),  # алтымыш
        (70, "тен"),  # жетимиш
        (80, "ден"),  # сексен
        (90, "дон"),  # токсон
        (22, "ден"),  # жыйырма эки
        (145, "тен"),  # жүз кырк беш
        (100, "дөн"),  # жүз
        (1700, "дөн"),  # бир миң жети жүз
        (2000, "ден"),  # эки миң
        (100_000, "ден"),  # жүз миң
        (3_000_000, "дон"),  # үч миллион
        (2_000_000_000, "дан"),  # эки миллиард
    ],
)
def test_the_ablative_follows_the_last_word_read_aloud(value: int, ending: str) -> None:
    assert kyrgyz_ablative(value) == ending


@pytest.mark.parametrize(
    ("qualifier", "expected"),
    [
        (Qualifier.MORE_THAN, "22ден ашык"),
        (Qualifier.FEWER_THAN, "40тан аз"),
        (Qualifier.AT_LEAST, "кеминде 22"),
        (Qualifier.AT_MOST, "көп дегенде 22"),
        (Qualifier.ABOUT, "болжол менен 22"),
        (Qualifier.EXACTLY, "22"),
    ],
)
def test_kyrgyz_counts_put_each_qualifier_where_it_is_said(
    qualifier: Qualifier, expected: str
) -> None:
    value = 40 if qualifier is Qualifier.FEWER_THAN else 22
    assert count_text(Count(value, qualifier), "ky") == expected


def test_other_languages_keep_the_qualifier_before_the_number() -> None:
    assert count_text(Count(22, Qualifier.MORE_THAN), "ru") == "более 22"
    assert count_text(Count(22, Qualifier.FEWER_THAN), "en") == "fewer than 22"


@given(st.integers(min_value=1, max_value=10**12), st.integers(min_value=1, max_value=99))
def test_the_ending_is_that_of_the_last_part_whatever_comes_before(value: int, more: int) -> None:
    ending = kyrgyz_ablative(value)
    assert (
        count_text(Count(value, Qualifier.MORE_THAN), "ky") == f"{number(value, 'ky')}{ending} ашык"
    )
    assert kyrgyz_ablative(value + more * 10 ** len(str(value))) == ending
    if value % 10:
        assert ending == kyrgyz_ablative(value % 10)
    elif value % 100:
        assert ending == kyrgyz_ablative(value % 100)


def test_a_range_is_written_with_both_ends_in_every_language() -> None:
    rough = Count(20, Qualifier.ABOUT, "persons", high=30)
    assert count_text(rough, "en") == "about 20–30 persons"
    assert count_text(rough, "ru").startswith("около 20–30 ")
    assert count_text(rough, "ky").startswith("болжол менен 20–30 ")
    assert count_text(Count(20, high=30), "ru") == "20–30"

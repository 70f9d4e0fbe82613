"""Counts told as parts of a group, round Kyrgyz numbers with their ending, and numbers that only
look like counts: days before a month, Kyrgyz measure adjectives, "бир нечеси", ages."""

from __future__ import annotations

import pytest

from docket.model.counts import find_counts

ROWS = [
    # Kyrgyz collective numerals in every case
    ("Экөөнүн абалы оор.", "ky", [("Экөөнүн", 2)]),
    ("Бирок алардын экөөн гана ичкери киргизишти.", "ky", [("экөөн", 2)]),
    ("Андан кийин алардын бешөөн коё беришти.", "ky", [("бешөөн", 5)]),
    ("Үчөөгө айып пул салынды.", "ky", [("Үчөөгө", 3)]),
    ("Алтоосунан түшүндүрмө алышты.", "ky", [("Алтоосунан", 6)]),
    # a number word with a possessive ending after "калган" or a plural in the genitive
    ("Калган сегизине айып пул салынды.", "ky", [("Калган сегизине", 8)]),
    ("Калган онун жайга жөнөтүштү.", "ky", [("Калган онун", 10)]),
    ("Кармалгандардын алтысы аял.", "ky", [("Кармалгандардын алтысы", 6)]),
    ("Алардын бири аял.", "ky", []),
    ("Алардын жүзү кубарып кетти.", "ky", []),
    ("Иштен калган үчүн айып салынды.", "ky", []),
    # a round word carries the ending of the whole number
    ("Эки жүзгө жакын тургун чогулду.", "ky", [("Эки жүзгө жакын тургун", 200)]),
    ("Аянтта беш жүздөй адам бар эле.", "ky", [("беш жүздөй адам", 500)]),
    ("Эки миң беш жүздөй адам кол койду.", "ky", [("Эки миң беш жүздөй адам", 2500)]),
    # measures, several, ages
    ("Күйөөмө 3 суткалык камак берилди.", "ky", []),
    ("Ага 5 жылдык мөөнөт берилди.", "ky", []),
    ("Алты жашар кызы ыйлады.", "ky", []),
    ("Бир нечеси башынан жарадар болгон.", "ky", []),
    ("Бир канчасын коё беришти.", "ky", []),
    # a day before a month's name, after a qualifier's word
    ("Суд продлил арест на 3 месяца, до 2 марта 2025 года.", "ru", []),
    ("Срок продлён до 15 января.", "ru", []),
    ("В зал пустили до 20 человек.", "ru", [("до 20 человек", 20)]),
    ("The hearing was put off until 3 May.", "en", []),
    # English counts with a possessive or "more" between the number and the noun
    ("Police questioned three of his colleagues.", "en", [("three of his colleagues", 3)]),
    ("Three more residents were taken away.", "en", [("Three more residents", 3)]),
    ("Two more days passed.", "en", []),
]


@pytest.mark.parametrize(("text", "language", "expected"), ROWS)
def test_counts(text: str, language: str, expected: list[tuple[str, int]]) -> None:
    found = [(text[start:end], count.value) for start, end, count in find_counts(text, language)]
    assert found == expected


def test_a_remaining_group_is_of_people_only_when_its_plural_says_so() -> None:
    [(_, _, remaining)] = find_counts("Калган сегизине айып пул салынды.", "ky")
    [(_, _, detained)] = find_counts("Кармалгандардын алтысы аял.", "ky")
    assert remaining.unit is None
    assert detained.unit == "persons"

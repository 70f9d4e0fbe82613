"""What a document says around its findings: roles of persons and dates relative to others."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from docket.extract.document import extract_document
from docket.extract.mentions import Mention
from docket.extract.relative_dates import find_relative_dates
from docket.extract.roles import find_roles
from docket.model.dates import find_dates


def _role(text: str, language: str, name: str) -> str | None:
    start = text.index(name)
    found = find_roles(text, language, [Mention("person", name, start, start + len(name), "t")])
    role = found.get(start)
    if role is not None:
        assert text[role.start : role.end] == role.text
    return None if role is None else role.text


@pytest.mark.parametrize(
    ("text", "language", "name", "role"),
    [
        (
            "Former President Ulan Atambaev was sentenced.",
            "en",
            "Ulan Atambaev",
            "Former President",
        ),
        ("It said ex-president Atambaev was ill.", "en", "Atambaev", "ex-president"),
        (
            "PIA Secretary General Jan Verhoeven visited.",
            "en",
            "Jan Verhoeven",
            "PIA Secretary General",
        ),
        ("He met Vice Prime Minister Adyl Kasymov.", "en", "Adyl Kasymov", "Vice Prime Minister"),
        (
            "It was ordered by Zhunushaliev, the former head of the special services, they say.",
            "en",
            "Zhunushaliev",
            "former head of the special services",
        ),
        ("Заявил председатель ГКНБ Камчыбек Ташиев.", "ru", "Камчыбек Ташиев", "председатель ГКНБ"),
        ("Бывший президент Атамбаев переведён.", "ru", "Атамбаев", "Бывший президент"),
        ("УКМК төрагасы Камчыбек Ташиев билдирди.", "ky", "Камчыбек Ташиев", "УКМК төрагасы"),
        ("Мурунку президент Атамбаевдин ден соолугу.", "ky", "Атамбаевдин", "Мурунку президент"),
        ("Atambaev met the president. Then Japarov spoke.", "en", "Japarov", None),
        ("Le président Macron a parlé.", "fr", "Macron", None),
    ],
)
def test_roles_next_to_names(text: str, language: str, name: str, role: str | None) -> None:
    assert _role(text, language, name) == role


def _days(text: str, language: str, on: date) -> list[tuple[str, str]]:
    known = find_dates(text, on, language)
    return [
        (text[f.start : f.end], f.value.canonical())
        for f in find_relative_dates(text, language, on, known)
    ]


def test_relative_dates_in_three_languages() -> None:
    tuesday = date(2024, 3, 12)
    assert _days("Police came on Monday and left as of Tuesday.", "en", tuesday) == [
        ("on Monday", "2024-03-11"),
        ("as of Tuesday", "2024-03-12"),
    ]
    english = "Abylov was detained on 5 March and fined the next day; yesterday he was freed."
    assert _days(english, "en", tuesday) == [
        ("the next day", "2024-03-06"),
        ("yesterday", "2024-03-11"),
    ]
    russian = (
        "Суд 2 мая оштрафовал её. Она была задержана накануне на площади. Накануне выборов тихо."
    )
    assert _days(russian, "ru", date(2024, 5, 3)) == [("накануне", "2024-05-01")]
    kyrgyz = "Дүйшөмбү күнү кармалды. Жума бою иштеди. Ошол эле күнү бошотулду."
    assert _days(kyrgyz, "ky", date(2024, 3, 13)) == [
        ("Дүйшөмбү күнү", "2024-03-11"),
        ("Ошол эле күнү", "2024-03-11"),
    ]
    # A "next day" after a month has no day to count from; without a document date no weekday.
    assert _days("In April he was held; the next day he left.", "en", tuesday) == []
    assert find_relative_dates("on Monday", "en", None) == []
    assert find_relative_dates("on Monday", None, tuesday) == []


@pytest.mark.parametrize(
    ("text", "language", "on", "expected"),
    [
        ("We will seek a meeting before the end of the year.", "en", date(2023, 7, 5),
         ("before the end of the year", "2023-07/2023-12")),
        ("and to receive a delegation early in the new year", "en", date(2023, 12, 11),
         ("early in the new year", "2024-01/2024-03")),
        ("Темирова в последние месяцы писала о деле Кок-Суу.", "ru", date(2024, 1, 16),
         ("в последние месяцы", "2023-10/2024-01")),
        ("Иш жылдын аягына чейин каралат.", "ky", date(2024, 2, 10),
         ("жылдын аягына чейин", "2024-02/2024-12")),
    ],
)  # fmt: skip
def test_stretches_of_months_around_the_document_date(
    text: str, language: str, on: date, expected: tuple[str, str]
) -> None:
    assert _days(text, language, on) == [expected]
    assert find_relative_dates(text, language, None) == []


def test_kyrgyz_attributive_month_forms() -> None:
    text = "2024-жылдын 1-майындагы митинг жана 4-майдагы сот"
    found = [(text[s:e], v.canonical()) for s, e, v in find_dates(text, date(2024, 5, 6), "ky")]
    assert found == [("2024-жылдын 1-майындагы", "2024-05-01"), ("4-майдагы", "2024-05-04?")]


def test_the_contract_carries_roles_and_relative_dates() -> None:
    text = (
        "Former president Almazbek Atambaev was returned to prison on 7 August 2023. "
        "His lawyers appealed the next day."
    )
    document: dict[str, Any] = extract_document(
        text, item_id=None, language="en", document_date=date(2023, 9, 1), gazetteer=None
    )
    (person,) = [e for e in document["entities"] if e["kind"] == "person"]
    assert person["role"] == {"text": "Former president", "start": 0, "end": 16}
    values = {d["text"]: d["value"]["start"] for d in document["dates"]}
    assert values == {"on 7 August 2023": "2023-08-07", "the next day": "2023-08-08"}


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("Last year he was detained twice.", "en", ("2023-01-01", "2023-12-31", "year")),
        ("Last month the court met.", "en", ("2024-04-01", "2024-04-30", "month")),
        ("В прошлом году его задержали.", "ru", ("2023-01-01", "2023-12-31", "year")),
        ("В этом году его освободили.", "ru", ("2024-01-01", "2024-12-31", "year")),
        ("Былтыр аны эки жолу кармашты.", "ky", ("2023-01-01", "2023-12-31", "year")),
        ("Өткөн айда сот болду.", "ky", ("2024-04-01", "2024-04-30", "month")),
    ],
)
def test_years_and_months_named_from_the_document_date(
    text: str, language: str, expected: tuple[str, str, str]
) -> None:
    found = find_relative_dates(text, language, date(2024, 5, 10))
    assert [(str(f.value.start), str(f.value.end), f.value.precision.value) for f in found] == [
        expected
    ]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("He was detained on 3 May. Two days later he was charged.", "en"),
        ("Его задержали 3 мая. Через два дня ему предъявили обвинение.", "ru"),
        ("Ал 3-майда кармалды. Эки күндөн кийин айып коюлду.", "ky"),
    ],
)
def test_days_later_count_from_the_day_named_last(text: str, language: str) -> None:
    known = find_dates(text, date(2024, 5, 10), language)
    found = find_relative_dates(text, language, date(2024, 5, 10), known)
    assert [(f.value.start, f.value.end) for f in found] == [(date(2024, 5, 5), date(2024, 5, 5))]

"""Acts coded as the gold format's **Acts** bullet settles them: the taking into custody is an
arbitrary arrest and the holding in it an arbitrary detention (ICCPR art. 9); a holding of hours
with no charge is an administrative detention; a court's extension is prolonged pre-trial
detention; a refused motion is an unfair trial, and only a court said to be dependent or partial
is a biased court. Each text was written for the tests."""

from __future__ import annotations

import pytest
from tests.extract_pipeline.proposed import extracted_acts


def _types(text: str, language: str) -> list[str]:
    return sorted(act["type"] for act in extracted_acts(text, language))


_LIBERTY: frozenset[str] = frozenset(
    {
        "arbitrary_arrest",
        "arbitrary_detention",
        "administrative_detention",
        "prolonged_pretrial_detention",
    }
)


def _liberty(text: str, language: str) -> list[str]:
    return [code for code in _types(text, language) if code in _LIBERTY]


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "Officers detained Bolot Asanov at the bus station on 3 May."),
        ("en", "Police arrested the farmer outside his house."),
        ("en", "Two officers took him to the district police station."),
        ("ru", "Его задержали у подъезда 3 мая."),
        ("ru", "Сотрудники милиции увезли Асанова в районный отдел."),
        ("ky", "Милиционерлер аны базардан кармап кетишти."),
        ("ky", "Асанов 3-майда кармалды."),
    ],
)
def test_the_taking_is_an_arrest(language: str, text: str) -> None:
    assert _liberty(text, language) == ["arbitrary_arrest"]


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "She is being held at the city's temporary detention facility."),
        ("en", "The court ordered him held for two months."),
        ("ru", "Асанов находится в СИЗО с марта."),
        ("ru", "Суд арестовал его на два месяца."),
        ("ky", "Соту аны эки айга камакка алды."),
        ("ky", "Ал азыр тергөө абагында отурат."),
    ],
)
def test_the_holding_is_a_detention(language: str, text: str) -> None:
    assert _liberty(text, language) == ["arbitrary_detention"]


@pytest.mark.parametrize(
    ("language", "text"),
    [
        (
            "en",
            "Police detained Asanov on 3 May and held him for ten days in the temporary "
            "detention facility.",
        ),
        ("ru", "Асанова задержали 3 мая. Два дня его держали в ИВС."),
        ("ky", "Милиция Асановду 3-майда кармады. Ал 5-майдан 10-майга чейин камакта отурду."),
    ],
)
def test_a_taking_and_a_holding_are_two_acts(language: str, text: str) -> None:
    assert _liberty(text, language) == ["arbitrary_arrest", "arbitrary_detention"]


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "The court extended his detention by another two months."),
        ("ru", "Суд продлил ему срок содержания под стражей на два месяца."),
        ("ky", "Сот анын камакта кармоо мөөнөтүн узартты."),
    ],
)
def test_a_courts_extension_is_prolonged_detention(language: str, text: str) -> None:
    assert _liberty(text, language) == ["prolonged_pretrial_detention"]


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "Officers held him for eight hours at their regional office."),
        ("en", "She was held at the district police station until the next morning."),
        ("ru", "В отделе её продержали девять часов."),
        ("ky", "Милиция аны бөлүмдө беш саат кармады."),
    ],
)
def test_a_holding_of_hours_is_administrative(language: str, text: str) -> None:
    assert "administrative_detention" in _liberty(text, language)
    assert "arbitrary_detention" not in _liberty(text, language)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "The judge had refused to hear three witnesses for the defence."),
        ("en", "The defence asked for an expert examination; Judge Bekov refused."),
        ("ru", "Судья отклонил все ходатайства защиты."),
        ("ru", "Суд отказал в приобщении видеозаписи к делу."),
        ("ky", "Сот коргоонун өтүнүчүн четке какты."),
        ("ky", "Сот коргоо тараптын күбөлөрүн чакырган жок."),
    ],
)
def test_a_refused_motion_is_an_unfair_trial(language: str, text: str) -> None:
    found = _types(text, language)
    assert "unfair_trial" in found
    assert "biased_court" not in found


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "The court is not independent: it acts on the orders of the security service."),
        ("ru", "Суд действовал по указанию ГКНБ."),
        ("ky", "Судья ишти УКМКнын көрсөтмөсү менен карады."),
    ],
)
def test_a_court_said_to_be_dependent_is_a_biased_court(language: str, text: str) -> None:
    assert "biased_court" in _types(text, language)

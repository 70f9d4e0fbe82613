"""Acts against the media befall the outlet: not the journalist or editor named beside them, nor
the outlet read as the one who did them."""

from __future__ import annotations

import pytest
from tests.extract_pipeline.proposed import extracted_acts, party_name


def _roles(text: str, language: str) -> list[tuple[str, str | None, str | None]]:
    return [
        (act["type"], party_name(act["victim"]), party_name(act["perpetrator"]))
        for act in extracted_acts(text, language)
    ]


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        (
            "ru",
            "Газета «Талас Таймс», которая писала о протесте, получила предупреждение от "
            "прокуратуры, а её сайт заблокирован с 3 мая.",
            [
                ("pressure_on_media", "«Талас Таймс»", None),
                ("blocking_of_media", "«Талас Таймс»", None),
            ],
        ),
        (
            "ru",
            "Главный редактор «Талас Таймс» Нургуль Асанова сообщила, что на редакцию оказывают "
            "давление.",
            [("pressure_on_media", "«Талас Таймс»", None)],
        ),
        (
            "ky",
            "Айбек Осмонов иштеген «Талас Ньюс» сайты 5-апрелден бери ачылбай жатат.",
            [("blocking_of_media", "«Талас Ньюс»", None)],
        ),
    ],
)
def test_the_outlet_is_the_victim(
    language: str, text: str, expected: list[tuple[str, str | None, str | None]]
) -> None:
    assert _roles(text, language) == expected


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        (
            "en",
            "Prosecutors blocked the website of Kerege.info on 3 May.",
            [("blocking_of_media", "Kerege.info", None)],
        ),
        (
            "ky",
            "УКМК «Талас Ньюс» басылмасынын сайтын бөгөттөдү.",
            [("blocking_of_media", "«Талас Ньюс» басылмасы", None)],
        ),
    ],
)
def test_an_outlet_named_as_the_object_stays_the_victim(
    language: str, text: str, expected: list[tuple[str, str | None, str | None]]
) -> None:
    assert _roles(text, language) == expected

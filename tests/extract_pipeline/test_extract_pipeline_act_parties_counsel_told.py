"""Acts a lawyer tells of befall the client named before the lawyer's word, and counted people
detained after a dispersal. Each text was written for the tests; beside each stand texts where
the reading must not change."""

from __future__ import annotations

from datetime import date

import pytest
from tests.extract_pipeline.proposed import extracted_acts, party_name


def _victims(text: str, language: str) -> dict[str, str | None]:
    return {
        text[act["start"] : act["end"]]: party_name(act["victim"])
        for act in extracted_acts(text, language, date(2025, 5, 21))
    }


@pytest.mark.parametrize(
    ("language", "text", "words", "client"),
    [
        (
            "ky",
            "Милиция Талгат Кудайбергеновду 12-майда кармады. Кудайбергеновдун адвокаты Чынара "
            "Жумгалбаеванын айтымында, тергөөчүлөр анын кардарын уруп-согуп, күнөөсүн мойнуна "
            "алууга мажбурлашкан.",
            "уруп",
            "Талгат Кудайбергенов",
        ),
        (
            "en",
            "Police detained Kanybek Sultanaliev on 2 May. Sultanaliev's lawyer, Almaz "
            "Kenjebaev, said that investigators had beaten his client.",
            "beaten",
            "Kanybek Sultanaliev",
        ),
    ],
)
def test_an_act_a_lawyer_tells_of_befalls_the_client(
    language: str, text: str, words: str, client: str
) -> None:
    victims = _victims(text, language)
    assert [victim for span, victim in victims.items() if words in span] == [client]


def test_a_lawyer_beaten_is_still_the_victim() -> None:
    text = (
        "Police detained Kanybek Sultanaliev on 2 May. Sultanaliev's lawyer, Almaz Kenjebaev, "
        "was beaten outside the court on 5 May."
    )
    victims = _victims(text, "en")
    assert [victim for span, victim in victims.items() if "beaten" in span] == ["Almaz Kenjebaev"]


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("ru", "Милиция разогнала пикет, задержав пятерых участников."),
        ("ky", "Милиция кызматкерлери чогулушту таратып, беш адамды кармашты."),
    ],
)
def test_people_counted_after_a_dispersal_are_protesters_detained(language: str, text: str) -> None:
    assert "detention_of_protesters" in {act["type"] for act in extracted_acts(text, language)}


def test_one_person_held_is_no_protest() -> None:
    types = {act["type"] for act in extracted_acts("Милиция ал адамды кармады.", "ky")}
    assert types == {"arbitrary_arrest"}

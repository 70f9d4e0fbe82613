"""Victims of acts whose sentence names no one: the person a document is about, and the client
of counsel whose complaint went unanswered. Each text was written for the tests; beside each
stand texts where the victim must stay open."""

from __future__ import annotations

import pytest
from tests.extract_pipeline.proposed import extracted_acts, party_name


def _victims(text: str, language: str) -> dict[str, str | None]:
    return {
        text[act["start"] : act["end"]]: party_name(act["victim"])
        for act in extracted_acts(text, language)
    }


ABOUT_ONE = (
    "Aibek Mamyrov, a blogger from Naryn, was detained on 3 May. Officers beat him in the van. "
    "He was refused medical care in the cell.\n\n"
    "The prosecutor's office refused to open a criminal case."
)


def test_an_act_a_paragraph_on_befalls_the_one_the_document_is_about() -> None:
    assert _victims(ABOUT_ONE, "en")["refused to open"] == "Aibek Mamyrov"


def test_a_document_about_several_people_has_no_one_to_give() -> None:
    text = (
        "Aibek Mamyrov was detained on 3 May and beaten in the van. Nurlan Osmonov was "
        "detained on 4 May and beaten at the station. Bakyt Asanov was detained on 5 May.\n\n"
        "The prosecutor's office refused to open a criminal case."
    )
    assert _victims(text, "en")["refused to open"] is None


def test_a_paragraph_that_counts_people_is_not_about_the_one() -> None:
    text = ABOUT_ONE + "\n\nThree other bloggers were summoned for questioning."
    victims = _victims(text, "en")
    assert victims["refused to open"] == "Aibek Mamyrov"
    assert all(victim is None for words, victim in victims.items() if "summoned" in words)


@pytest.mark.parametrize(
    ("language", "text", "act"),
    [
        (
            "ru",
            "Айбека Мамырова задержали 3 мая. Адвокату Нурлану Осмонову не давали встретиться "
            "с подзащитным. Его жалобу на действия следователей прокуратура оставила без "
            "рассмотрения.",
            "оставила без рассмотрения",
        ),
        (
            "en",
            "Aibek Mamyrov was detained on 3 May. His lawyer, Nurlan Osmonov, was not allowed "
            "to see him. His complaint was dismissed.",
            "complaint was dismissed",
        ),
    ],
)
def test_a_complaint_of_counsel_left_unanswered_befalls_the_client(
    language: str, text: str, act: str
) -> None:
    victims = _victims(text, language)
    assert victims[act] is not None
    assert "Мамыров" in victims[act] or "Mamyrov" in victims[act]

"""Roles the words around an act set right: the body summoned to, a relative who tells of the
act, a lawyer kept from a client (``docket.extract.act_parties``)."""

from __future__ import annotations

from typing import Any

import pytest
from tests.extract_pipeline.proposed import extracted_acts, party_name


def _acts(text: str, language: str) -> dict[str, dict[str, Any]]:
    return {text[act["start"] : act["end"]]: act for act in extracted_acts(text, language)}


@pytest.mark.parametrize(
    ("language", "text", "act", "victim", "perpetrator"),
    [
        (
            "ru",
            "Журналистку Айгуль Осмонову задержали 2 марта. Её отца вызвали на допрос в ГКНБ.",
            "вызвали на допрос",
            "Айгуль Осмонова",
            "ГКНБ",
        ),
        (
            "ru",
            "Активиста Нурлана Бекова задержали 4 мая. В понедельник его снова вызвали в ГКНБ.",
            "вызвали в ГКНБ",
            # "Активиста" opening the sentence is his title in the accusative: so is his name.
            "Нурлан Беков",
            "ГКНБ",
        ),
        (
            "en",
            "Police detained the reporter Aibek Osmonov on 2 March. His father was summoned for "
            "questioning to the State Security Service.",
            "summoned for questioning",
            "Aibek Osmonov",
            "State Security Service",
        ),
        (
            "ky",
            "Блогер Нурбек Алиевди 5-апрелде кармашты. Эртеси аны Ош шаардык ички иштер "
            "башкармалыгына чакырып, үч саат суракка алышты.",
            "башкармалыгына чакырып, үч саат суракка алышты",
            "Нурбек Алиев",
            "Ош шаардык ички иштер башкармалыгы",
        ),
        (
            "ky",
            "Блогер Нурбек Алиевди 5-апрелде кармашты. Агасын Ош облустук ооруканасындагы "
            "жумушунан бошотушту, атасын УКМКга суракка чакырышты.",
            "суракка чакырышты",
            "Нурбек Алиев",
            "УКМК",
        ),
    ],
)
def test_the_body_summoned_to_is_the_perpetrator(
    language: str, text: str, act: str, victim: str | None, perpetrator: str
) -> None:
    found = _acts(text, language)[act]
    assert party_name(found["victim"]) == victim
    assert party_name(found["perpetrator"]) == perpetrator


def test_the_body_summoned_to_is_no_victim_of_the_act_beside() -> None:
    text = (
        "Блогер Нурбек Алиевди 5-апрелде кармашты. Агасын Ош облустук ооруканасындагы "
        "жумушунан бошотушту, атасын УКМКга суракка чакырышты."
    )
    dismissal = _acts(text, "ky")["жумушунан бошотушту"]
    assert party_name(dismissal["victim"]) != "УКМК"


def test_those_who_summon_in_the_clause_stay_the_perpetrator() -> None:
    text = (
        "Журналистку Айгуль Осмонову задержали 2 марта. Сотрудники ГКНБ вызвали её на допрос в "
        "прокуратуру."
    )
    found = _acts(text, "ru")["вызвали её на допрос"]
    assert party_name(found["perpetrator"]) == "ГКНБ"
    assert party_name(found["victim"]) == "Айгуль Осмонова"


def test_a_sister_telling_of_a_beating_is_not_its_victim() -> None:
    text = (
        "3 мая задержали блогера Эрлана Мамырова. По словам его сестры Айды Мамыровой, в отделе "
        "его избили."
    )
    beating = _acts(text, "ru")["избили"]
    assert party_name(beating["victim"]) == "Эрлан Мамыров"


def test_a_wife_telling_of_her_own_threat_stays_its_victim() -> None:
    text = (
        "Police detained the reporter Aibek Osmonov on 2 March. His wife, Aida Osmonova, said "
        "she was threatened by officers."
    )
    (threat,) = (
        act for act in _acts(text, "en").values() if act["type"] != "detention_of_journalist"
    )
    assert party_name(threat["victim"]) == "Aida Osmonova"


def test_a_lawyer_in_the_dative_is_not_who_kept_counsel_away() -> None:
    text = (
        "3 мая задержали блогера Эрлана Мамырова. Первые сутки его держали без связи с родными, "
        "а адвокату Азизу Маматову не давали встретиться с подзащитным."
    )
    counsel = _acts(text, "ru")["встретиться с подзащитным"]
    assert counsel["perpetrator"] is None
    assert party_name(counsel["victim"]) == "Эрлан Мамыров"

"""Who acts told by what happened befall and who answers for them: the prisoner that care
withheld or a cell concerns (named in the sentence beside a relative or lawyer who speaks for
him, or a pronoun there, or the witness of a statement), the one whose injuries a verb tells of,
the organisation a place of detention belongs to. Beside them the near misses where no one is
guessed: two people named, a list before a nameless sentence, someone new brought in."""

from __future__ import annotations

from typing import Any

import pytest

from docket.extract.document import extract_document


def _acts(text: str, language: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = extract_document(
        text, item_id=None, language=language, document_date=None, gazetteer=None
    )["acts"]
    return found


def _names(role: dict[str, Any] | list[dict[str, Any]] | None) -> list[str]:
    if role is None:
        return []
    return [actor["name"] for actor in (role if isinstance(role, list) else [role])]


def _one(text: str, language: str, code: str) -> dict[str, Any]:
    acts = [act for act in _acts(text, language) if act["type"] == code]
    assert len(acts) == 1, acts
    return acts[0]


# (language, text, the act's code, its victim): sentences written for the tests.
PRISONERS = [
    # The relative who speaks for him is named; the pronoun is his.
    (
        "en",
        "Kanat Usenov was arrested on 2 June. His mother, Gulnara Usenova, says the prison nurse "
        "came only after the evening count and gave him two aspirin.",
        "denial_of_medical_care",
        "Kanat Usenov",
    ),
    # No name in the sentence: "him" is the detainee named before, not the brother.
    (
        "en",
        "Another prisoner, Timur Bekov, has asthma. His brother says the inhaler he brought was "
        "never handed to him.",
        "denial_of_medical_care",
        "Timur Bekov",
    ),
    # The lawyer named last is not the prisoner; the victim of the act before is.
    (
        "en",
        "Kanat Usenov was detained on 2 June. His lawyer, Aibek Toktorov, says the prison nurse "
        "came only after the evening count.",
        "denial_of_medical_care",
        "Kanat Usenov",
    ),
    # A wife named with her own pronoun: "her" agrees with her, who is no prisoner.
    (
        "en",
        "Kanat Usenov was detained on 2 June. His wife, Aida Usenova, says the prison nurse came "
        "only after the evening count and gave her nothing.",
        "denial_of_medical_care",
        "Kanat Usenov",
    ),
    (
        "ru",
        "Задержанный Азамат Турдуев страдает диабетом. Его жена Нуржан Турдуева рассказала, что "
        "врач приехал только через шесть часов.",
        "denial_of_medical_care",
        "Азамат Турдуев",
    ),
    # A son named by his mother is the prisoner, not one who speaks for him.
    (
        "en",
        "Aida Usenova says her son, Kanat Usenov, has asthma. The prison nurse came only after "
        "the evening count and gave him two aspirin.",
        "denial_of_medical_care",
        "Kanat Usenov",
    ),
    # The one person of the sentence who is not counsel.
    (
        "ky",
        "Адвокаты Бакыт Асановдун айтымында, Мирлан Сыдыковдун жүрөгү ооруйт, бирок ал врачтын "
        "кароосуна жеткирилген жок.",
        "denial_of_medical_care",
        "Мирлан Сыдыков",
    ),
    # A witness's "меня"; the ambulance was not called by "я" of the other verb.
    (
        "ru",
        "Свидетель: Бакыт Осмонов\n\nМеня задержали 3 мая. Я просил позвать врача, но врача "
        "вызвали только утром, когда меня уже отпустили.",
        "denial_of_medical_care",
        "Бакыт Осмонов",
    ),
    # Injuries borne by whom the verb tells of; a participle on a noun in apposition.
    (
        "en",
        "Marat Joldoshev, a mechanic detained on 3 May, was released two days later with a "
        "broken nose.",
        "beating",
        "Marat Joldoshev",
    ),
    (
        "en",
        "Marat Joldoshev, a mechanic detained on 3 May, was released two days later with a "
        "broken nose.",
        "arbitrary_arrest",
        "Marat Joldoshev",
    ),
]


@pytest.mark.parametrize(("language", "text", "code", "victim"), PRISONERS)
def test_an_act_told_by_what_happened_befalls_the_prisoner(
    language: str, text: str, code: str, victim: str
) -> None:
    act = _one(text, language, code)
    assert _names(act["victim"]) == [victim]
    assert victim not in _names(act["perpetrator"])


# (language, text, the act's code, the facility's owner).
FACILITIES = [
    (
        "en",
        "Kalkan visited the temporary detention facility of the Osh Regional Police Department "
        "in April. The cell had no window and a bucket instead of a toilet.",
        "inhumane_detention_conditions",
        "Osh Regional Police Department",
    ),
    (
        "en",
        "Kalkan interviewed men held in the temporary detention facility of the Osh Regional "
        "Police Department. Two of them came out of the facility with bruises on their backs.",
        "beating",
        "Osh Regional Police Department",
    ),
    (
        "ky",
        "Нурбек Алымов 2-апрелде кармалган. Ал азыр УКМКнын тергөө изоляторунда. Камерада "
        "жылуулук жок, төшөк беришпейт.",
        "inhumane_detention_conditions",
        "УКМК",
    ),
]


@pytest.mark.parametrize(("language", "text", "code", "owner"), FACILITIES)
def test_a_place_of_detention_answers_for_what_befalls_its_prisoners(
    language: str, text: str, code: str, owner: str
) -> None:
    act = _one(text, language, code)
    assert _names(act["perpetrator"]) == [owner]
    assert act["perpetrator"]["degree"] == "carried_out"


def test_a_beating_outside_the_facility_is_not_its_owners() -> None:
    text = (
        "Kalkan interviewed men held in the temporary detention facility of the Osh Regional "
        "Police Department. Marat Joldoshev was released on 3 May with a broken nose."
    )
    act = _one(text, "en", "beating")
    assert act["perpetrator"] is None
    assert _names(act["victim"]) == ["Marat Joldoshev"]


# (language, text, the act's code): no one is the victim.
NO_ONE = [
    # Two people named in the sentence: no guess between them.
    (
        "en",
        "Kalkan spoke to Kanat Usenov and Timur Bekov: the prison nurse came only after the "
        "evening count.",
        "denial_of_medical_care",
    ),
    (
        "ru",
        "Адвокат Гульнара Исаева сообщила, что Азамат Турдуев и Нурлан Бекиев болеют, но врач "
        "приехал только через шесть часов.",
        "denial_of_medical_care",
    ),
    # Two detainees before a nameless sentence: for whom is not said.
    (
        "en",
        "Kanat Usenov and Timur Bekov were detained on 2 June. The prison nurse came only after "
        "the evening count.",
        "denial_of_medical_care",
    ),
    # Someone new: not the prisoner of the act before.
    (
        "en",
        "Kanat Usenov was held in solitary confinement in May. In July a detainee died in the "
        "same cell.",
        "death_in_custody",
    ),
    (
        "ru",
        "Канат Усенов содержался в штрафном изоляторе в мае. В июле ещё один заключённый умер в "
        "той же камере.",
        "death_in_custody",
    ),
]


@pytest.mark.parametrize(("language", "text", "code"), NO_ONE)
def test_an_act_told_by_what_happened_names_no_one_it_cannot_tie(
    language: str, text: str, code: str
) -> None:
    assert _one(text, language, code)["victim"] is None


def test_a_relative_named_alone_speaks_for_the_prisoner_named_before() -> None:
    text = (
        "Kanat Usenov has been held since May. According to his sister, Aida Usenova, the "
        "prison nurse came only after the evening count."
    )
    act = _one(text, "en", "denial_of_medical_care")
    assert _names(act["victim"]) == ["Kanat Usenov"]


def test_the_prisoner_is_still_the_one_the_grammar_names() -> None:
    # Carried and pronoun rules never replace a victim the sentence itself gives.
    text = (
        "Kanat Usenov was detained on 2 June. His lawyer says Timur Bekov was not taken to "
        "hospital despite chest pains."
    )
    act = _one(text, "en", "refusal_of_treatment")
    assert _names(act["victim"]) == ["Timur Bekov"]

"""Roles a finding's own sentence leaves open: the document's author for its interventions, the
victim of the act before, the institution that answers for a trial or for custody."""

from __future__ import annotations

from typing import Any

from docket.extract.document import extract_document
from docket.extract.interventions import find_interventions
from docket.extract.lexicon import fold_text


def _found(text: str, language: str) -> dict[str, Any]:
    return extract_document(
        text, item_id=None, language=language, document_date=None, gazetteer=None
    )


def _roles(findings: list[dict[str, Any]], *roles: str) -> list[tuple[str | None, ...]]:
    return [
        (
            finding["type"],
            *((None if finding[role] is None else finding[role]["name"]) for role in roles),
        )
        for finding in findings
    ]


def test_an_appeal_that_names_no_author_is_the_documents_own() -> None:
    text = (
        "Ayan Legal Clinic\n"
        "Urgent action: two students held after the protest\n\n"
        "Adilet Sadykov was detained on 2 October.\n\n"
        "We call for the immediate release of Adilet Sadykov."
    )
    interventions = _found(text, "en")["interventions"]
    assert _roles(interventions, "by") == [
        ("urgent_appeal", "Ayan Legal Clinic"),
        ("call_for_release", "Ayan Legal Clinic"),
    ]


def test_a_news_item_under_its_outlets_dateline_has_no_author_of_its_appeals() -> None:
    text = (
        "Ordo Press, 4 October 2024\n\n"
        "Students held after the protest\n\n"
        "Relatives call for the immediate release of Adilet Sadykov."
    )
    (intervention,) = _found(text, "en")["interventions"]
    assert intervention["by"] is None


def test_the_victim_of_the_act_before_undergoes_an_act_naming_no_one() -> None:
    text = (
        "Adilet Sadykov was detained on 2 October. Relatives were told nothing for two days. "
        "Police then fired into the air. Officers beat all the men in the cell.\n\n"
        "Visits were refused without reason and lawyers were turned away."
    )
    acts = _found(text, "en")["acts"]
    assert _roles(acts, "victim") == [
        ("arbitrary_detention", "Adilet Sadykov"),
        ("incommunicado_detention", "Adilet Sadykov"),
        # Shots fired do not befall the detainee; a new paragraph carries no one over.
        ("use_of_firearms", None),
        # An act told of a group did not befall him alone.
        ("beating", None),
        ("denial_of_legal_counsel", None),
    ]


def test_a_court_answers_for_its_trial_and_a_colony_for_its_prisoner() -> None:
    english = (
        "The Jangy-Kala City Court sentenced Ulan Atambaev to eleven years. "
        "Most hearings were held behind closed doors."
    )
    acts = _found(english, "en")["acts"]
    assert _roles(acts, "perpetrator")[-1] == ("closed_trial", "Jangy-Kala City Court")
    russian = (
        "Нурлан Жумабеков отбывает срок в колонии № 3. "
        "В феврале его на десять суток поместили в штрафной изолятор."
    )
    acts = _found(russian, "ru")["acts"]
    assert _roles(acts, "perpetrator") == [("solitary_confinement", "колонии № 3")]


def test_a_general_word_beside_what_it_asks_for_is_that_request() -> None:
    text = (
        "Центр «Калкан» направил обращение в Генеральную прокуратуру с требованием обеспечить "
        "медицинское обследование."
    )
    found = find_interventions(text, fold_text(text), "ru")
    assert [(m.term.code, text[m.start : m.end]) for m in found] == [
        (
            "medical_request",
            "обращение в Генеральную прокуратуру с требованием обеспечить медицинское",
        )
    ]
    kyrgyz = "«Калкан» Башкы прокуратурага иликтөө жүргүзүүнү талап кылып кайрылды."
    found = find_interventions(kyrgyz, fold_text(kyrgyz), "ky")
    assert [(m.term.code, kyrgyz[m.start : m.end]) for m in found] == [
        ("call_for_investigation", "иликтөө жүргүзүүнү талап кылып кайрылды")
    ]
    # Alone, the general word stays what it is.
    alone = "Центр «Калкан» направил обращение в Генеральную прокуратуру."
    found = find_interventions(alone, fold_text(alone), "ru")
    assert [m.term.code for m in found] == ["appeal"]

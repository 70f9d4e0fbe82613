"""Roles a finding's own sentence leaves open: the document's author for its interventions, the
victim of the act before, the institution that answers for a trial or for custody."""

from __future__ import annotations

from typing import Any

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from docket.extract.actors import Actor
from docket.extract.document import extract_document
from docket.extract.document_people import counsel
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
        ("arbitrary_arrest", "Adilet Sadykov"),
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
    # The colony is named in the nominative, as its record would be.
    assert _roles(acts, "perpetrator") == [("solitary_confinement", "Колония № 3")]


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


def test_counsel_kept_from_a_client_is_not_the_victim_of_the_denial() -> None:
    english = (
        "Bolot Sydykov was charged with calls to mass riots. His lawyer, Nurbek Toktakunov, said "
        "he had not been allowed to see his client for two days."
    )
    acts = _found(english, "en")["acts"]
    assert _roles(acts, "victim")[-1] == ("denial_of_legal_counsel", "Bolot Sydykov")
    russian = (
        "Нурлан Жумабеков был задержан 3 февраля. "
        "Адвоката Азамата Токтобаева дважды разворачивали у ворот колонии."
    )
    acts = _found(russian, "ru")["acts"]
    assert _roles(acts, "victim")[-1] == ("denial_of_legal_counsel", "Нурлан Жумабеков")


def test_a_detainee_kept_from_counsel_stays_the_victim() -> None:
    text = (
        "Aisuluu Temirova was detained on 15 January. Since then she has been allowed to see "
        "her lawyer, Bakyt Osmonov, only once."
    )
    acts = _found(text, "en")["acts"]
    assert _roles(acts, "victim")[-1] == ("denial_of_legal_counsel", "Aisuluu Temirova")


def test_counsel_with_no_act_before_leaves_the_denial_without_victim() -> None:
    text = "The lawyer Bakyt Osmonov was not permitted to visit the colony.\n"
    acts = _found(text, "en")["acts"]
    assert _roles(acts, "victim") == [("denial_of_legal_counsel", None)]


@settings(max_examples=60, deadline=None)
@given(
    word=st.sampled_from(["lawyer", "Lawyer", "counsel", "attorney", "defender"]),
    between=st.sampled_from([" ", ", ", "  ", ",\n"]),
    lawyer=st.from_regex(r"[A-Z][a-z]{2,8} [A-Z][a-z]{2,8}ov", fullmatch=True),
)
def test_whoever_is_named_as_counsel_is_never_the_victim_kept_from_counsel(
    word: str, between: str, lawyer: str
) -> None:
    client = "Bolot Sydykov"
    assume(lawyer != client)
    text = f"{client} was detained. His {word}{between}{lawyer}, was turned away."
    people = [_actor_in(text, client), _actor_in(text, lawyer)]
    detained = text.index("detained")
    turned = text.index("turned")
    acts: list[dict[str, Any]] = [
        {
            "type": "arbitrary_detention",
            "start": detained,
            "end": detained + 8,
            "victim": people[0].to_json(),
        },
        {
            "type": "denial_of_legal_counsel",
            "start": turned,
            "end": turned + 11,
            "victim": people[1].to_json(),
        },
    ]
    counsel(text, "en", acts, people)
    assert acts[1]["victim"]["name"] == client
    # The same person not named as counsel stays the victim.
    plain = text.replace(f"His {word}{between}", "His brother ")
    acts[1]["victim"] = people[1].to_json()
    counsel(plain, "en", acts, [_actor_in(plain, client), _actor_in(plain, lawyer)])
    assert acts[1]["victim"]["name"] == lawyer


def _actor_in(text: str, name: str) -> Actor:
    start = text.index(name)
    return Actor("person", name, None, name, start, start + len(name))

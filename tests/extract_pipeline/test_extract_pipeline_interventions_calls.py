"""A bare call ("urged", "called on", "призвал") is an intervention only when a party takes it
on a case: not when the state calls on someone, nor when anyone calls on the public."""

from __future__ import annotations

import pytest
from tests.extract_pipeline.test_extract_pipeline_kinds import found

NO_STEP = [
    ("en", "The prosecutor called on the court to sentence Nazarov to seven years."),
    ("en", "Police urged the protesters to disperse and go home."),
    ("en", "The ministry urged citizens not to take part in unauthorised rallies."),
    ("en", "The judge called on both sides to settle the dispute."),
    ("en", "The governor called on residents to stay calm."),
    ("en", "The President urged parliament to adopt the law on foreign representatives."),
    ("en", "Organisers urged the participants to stay at home."),
    ("ru", "Прокурор призвал суд назначить Назарову семь лет лишения свободы."),
    ("ru", "Милиция призвала участников акции разойтись."),
    ("ru", "Министерство призвало граждан не участвовать в несанкционированных митингах."),
    ("ru", "Организаторы призвали жителей не выходить на площадь."),
]

STEP = [
    ("en", "Kalkan urged the authorities to guarantee his safety.", "appeal", "urged"),
    ("en", "The Alliance called on the government to respect the verdict.", "appeal", "called on"),
    ("en", "The Ombudsman urged the police to respect his rights.", "appeal", "urged"),
    ("ru", "Правозащитники призвали власти обеспечить его безопасность.", "appeal", "призвали"),
    (
        "ru",
        "Омбудсмен призвал милицию допустить к нему адвоката.",
        "appeal",
        "призвал",
    ),
]


@pytest.mark.parametrize(("language", "text"), NO_STEP)
def test_a_call_by_the_state_or_on_the_public_is_no_intervention(language: str, text: str) -> None:
    assert found(text, language)[1] == []


@pytest.mark.parametrize(("language", "text", "kind", "words"), STEP)
def test_a_party_calling_on_the_authorities_is_an_appeal(
    language: str, text: str, kind: str, words: str
) -> None:
    assert found(text, language)[1] == [(kind, words)]

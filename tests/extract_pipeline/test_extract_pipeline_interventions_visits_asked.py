"""Visits asked of someone, which are requests to them ("asks the Ombudsman to visit", "просит
Омбудсмена посетить", "Омбудсменден … барып … суранат"), and whom they are made of; a "запрос"
sent to a body, which asks it for information; turning to an official ("обратились к
Омбудсмену"); complaints to a district prosecutor, meetings with a deputy, requests for an
explanation; and whom a Kyrgyz meeting or visit was with ("Сейитов менен жолугушту")."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from tests.extract_pipeline.proposed import extracted_interventions, party_name
from tests.extract_pipeline.test_extract_pipeline_kinds import found

from docket.extract.actors import Actor
from docket.extract.addressees import marked_addressees
from docket.extract.interventions import intervention_vocabulary


def _actor(text: str, words: str, kind: str = "organization", name: str | None = None) -> Actor:
    start = text.index(words)
    return Actor(kind, name or words, None, words, start, start + len(words))


# Visits asked of someone.

VISITS_ASKED = [
    (
        "en",
        "The centre asks the Ombudsman of Altyn-Tash to visit the four traders in custody.",
        "asks the Ombudsman of Altyn-Tash to visit",
    ),
    (
        "en",
        "Kalkan urged the Ombudsman to visit Colony No. 3 without delay.",
        "urged the Ombudsman to visit",
    ),
    (
        "ru",
        "«Калкан» просит Омбудсмена посетить Эрмека Бердибекова в ИВС.",
        "просит Омбудсмена посетить",
    ),
    (
        "ky",
        "Борбор Омбудсменден Мадылбековго барып, анын ден соолугун текшерүүнү суранат.",
        "барып, анын ден соолугун текшерүүнү суранат",
    ),
    ("ky", "Борбор Омбудсменден Мадылбековго барууну суранат.", "барууну суранат"),
]


@pytest.mark.parametrize(("language", "text", "words"), VISITS_ASKED)
def test_a_visit_asked_of_someone_is_a_request(language: str, text: str, words: str) -> None:
    assert found(text, language)[1] == [("request", words)]


@pytest.mark.parametrize(
    ("language", "text"),
    [
        # A visit recommended only, and visits of relatives asked to be allowed.
        (
            "en",
            "Kalkan recommends that the Ombudsman carry out an unannounced visit to the colony.",
        ),
        ("en", "The centre asked the prison to allow his family to visit him."),
        ("ru", "«Калкан» просит разрешить родственникам посетить Бердибекова."),
        ("ky", "Апасы уулуна барууга уруксат берүүнү суранды."),
        ("ky", "Борбор Омбудсменден кармоонун мыйзамдуулугун текшерүүнү суранат."),
    ],
)
def test_no_visit_asked_of_someone_is_no_request(language: str, text: str) -> None:
    assert "request" not in {step for step, _ in found(text, language)[1]}


def test_the_one_asked_to_visit_is_the_addressee_not_the_place() -> None:
    text = "«Калкан» просит Омбудсмена посетить Бердибекова в ИВС."
    words = "просит Омбудсмена посетить"
    start = text.index(words)
    request: dict[str, Any] = {
        "type": "request",
        "start": start,
        "end": start + len(words),
        "by": None,
        "toward": None,
    }
    vocabulary = intervention_vocabulary("ru")
    actors = [_actor(text, "Омбудсмена", name="Омбудсмен"), _actor(text, "ИВС")]
    marked_addressees(text, "ru", [request], actors, vocabulary.taxonomy, vocabulary.data)
    assert request["toward"] is not None
    assert request["toward"]["name"] == "Омбудсмен"


# Wordings of the same documents.

WORDINGS = [
    (
        "ru",
        "Центр направил запрос в Министерство внутренних дел о том, на каком основании"
        " удерживаются рабочие.",
        "information_request",
        "направил запрос",
    ),
    (
        "ru",
        "Ассоциация направила Министерству юстиции запрос.",
        "information_request",
        "направила Министерству юстиции запрос",
    ),
    (
        "ru",
        "Родственники осуждённых обратились также к Омбудсмену.",
        "appeal",
        "обратились также к Омбудсмену",
    ),
    (
        "en",
        "Kalbaeva lodged a complaint with the Tash-Kol District Prosecutor's Office on 10 May.",
        "court_complaint",
        "lodged a complaint with the Tash-Kol District Prosecutor's",
    ),
    (
        "ky",
        "Адвокат 1-июлда Нарын облустук прокуратурасына арыз берди.",
        "court_complaint",
        "арыз берди",
    ),
    (
        "ky",
        "Юристтер облустук прокурордун орун басары Талант Сейитов менен жолугушту.",
        "meeting_with_officials",
        "басары Талант Сейитов менен жолугушту",
    ),
    (
        "ky",
        "Борбор министрликтен кармоонун негиздерин түшүндүрүүнү өтүндү.",
        "information_request",
        "түшүндүрүүнү өтүндү",
    ),
]


@pytest.mark.parametrize(("language", "text", "kind", "words"), WORDINGS)
def test_the_wordings_are_read(language: str, text: str, kind: str, words: str) -> None:
    assert found(text, language)[1] == [(kind, words)]


@pytest.mark.parametrize(
    ("language", "text", "kind"),
    [
        # A request for funds stays a request; a reporter asking for comment is none.
        ("ru", "Центр направил запрос о выделении средств на расследование.", "request"),
        ("ru", "Адвокат обратил внимание прокурора на нарушения.", None),
        ("ru", "Адвокат обратился в суд.", "appeal"),
        ("ky", "Ordo Press мэриянын башчысынан түшүндүрмө сураган.", None),
        ("en", "Police lodged the detainees in cells near the court.", None),
    ],
)
def test_look_alikes_are_read_as_before(language: str, text: str, kind: str | None) -> None:
    assert [step for step, _ in found(text, language)[1]] == ([kind] if kind else [])


# Whom a meeting was with.


def test_whom_a_meeting_was_with_is_its_addressee() -> None:
    text = (
        "«Калкан» укук коргоо борбору\n\n"
        "2-июлда «Калкан» борборунун юристтери облустук прокурордун орун басары Талант Сейитов"
        " менен жолугушту."
    )
    (meeting,) = extracted_interventions(text, "ky", date(2025, 7, 3))
    assert meeting["type"] == "meeting_with_officials"
    assert party_name(meeting["toward"]) == "Талант Сейитов"


def test_whom_one_went_along_with_is_no_addressee() -> None:
    text = (
        "«Калкан» укук коргоо борбору\n\n"
        "«Калкан» укук коргоо борбору Омбудсмен менен бирге түрмөгө барып, Азамат Касымов"
        " менен жолугушту."
    )
    (visit,) = extracted_interventions(text, "ky", date(2025, 7, 3))
    assert party_name(visit["toward"]) == "Азамат Касымов"

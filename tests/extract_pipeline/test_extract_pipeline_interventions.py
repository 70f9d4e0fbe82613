"""Interventions by their wording and by who made them: the narrower kinds a general word opens
or stands beside (a visit to a colony, a meeting with a minister, a statement of the Bureau, a
request for information), legal steps, and general words kept only where an intervening party
made them, in English, Russian and Kyrgyz, each beside sentences that share its words but not
its meaning."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from tests.extract_pipeline.test_extract_pipeline_kinds import found

from docket.extract.document import extract_document
from docket.extract.kyrgyz_syntax import kyrgyz_slots
from docket.extract.lexicon import fold_text
from docket.extract.verb_object import VerbObjects
from docket.model.taxonomy import load_taxonomy


def _worded(text: str, language: str) -> list[tuple[str, str]]:
    """The interventions of ``text`` read without names, as (type, words) pairs."""
    return found(text, language)[1]


def _found(text: str, language: str) -> list[dict[str, Any]]:
    """The interventions of ``text`` read by the shipped models."""
    document = extract_document(
        text, item_id=None, language=language, document_date=date(2024, 5, 1), gazetteer=None
    )
    found: list[dict[str, Any]] = document["interventions"]
    return found


def _name(finding: dict[str, Any], role: str) -> str | None:
    party = finding[role]
    return None if party is None else str(party["name"])


WORDED = [
    # A general word opening a pattern of its own narrower kind.
    (
        "en",
        "During my visit to the colony I found him weakened.",
        "prison_visit",
        "visit to the colony",
    ),
    (
        "ru",
        "Секретарь, посещавшая колонию в апреле, рассказала о его здоровье.",
        "prison_visit",
        "посещавшая колонию",
    ),
    (
        "ky",
        "Омбудсмен түрмөгө барып, камактагылар менен сүйлөштү.",
        "prison_visit",
        "түрмөгө барып",
    ),
    (
        "en",
        "The Bureau asks its Secretary General to seek a meeting with the President.",
        "meeting_with_officials",
        "meeting with the President",
    ),
    (
        "en",
        "Kalkan requested a meeting with the head of the penitentiary service.",
        "meeting_with_officials",
        "requested a meeting with the head",
    ),
    (
        "ru",
        "Делегация встретилась с министром юстиции.",
        "meeting_with_officials",
        "встретилась с министром",
    ),
    (
        "ky",
        "Делегация юстиция министри менен жолугушту.",
        "meeting_with_officials",
        "министри менен жолугушту",
    ),
    (
        "en",
        "I ask you to receive a delegation of our Alliance early in the new year.",
        "meeting_with_officials",
        "receive a delegation",
    ),
    (
        "ru",
        "Заявление Исполнительного бюро о свободе СМИ",
        "declaration",
        "Заявление Исполнительного",
    ),
    ("en", "Statement of the Bureau on media freedom", "declaration", "Statement of the Bureau"),
    ("ky", "Бюронун билдирүүсү жарыяланды.", "declaration", "Бюронун билдирүүсү"),
    (
        "ru",
        "Краткий отчёт о мониторинге судебного заседания",
        "trial_monitoring",
        "отчёт о мониторинге судебного",
    ),
    (
        "ky",
        "Соттук отурумга байкоо жүргүзүүнүн кыскача отчету",
        "trial_monitoring",
        "отурумга байкоо",
    ),
    (
        "en",
        "Two observers monitored the hearing on 3 May.",
        "trial_monitoring",
        "monitored the hearing",
    ),
    # What a request asks for names its kind.
    (
        "en",
        "The centre has asked the Prosecutor General to establish where he is.",
        "information_request",
        "asked the Prosecutor General to establish",
    ),
    (
        "ru",
        "Ассоциация направила Министерству юстиции запрос о критериях включения в реестр.",
        "information_request",
        "запрос о критериях",
    ),
    (
        "ky",
        "Борбор Башкы прокуратурага анын кайда экенин аныктоо өтүнүчү менен кайрылды.",
        "information_request",
        "кайда экенин аныктоо өтүнүчү менен кайрылды",
    ),
    (
        "ru",
        "Центр добивается, чтобы к нему допустили независимых врачей.",
        "access_request",
        "добивается, чтобы к нему допустили",
    ),
    ("en", "The clinic demands access to the detainees.", "access_request", "demands access"),
    (
        "ky",
        "Уюм камактагылар менен жолугууга уруксат талап кылды.",
        "access_request",
        "уруксат талап",
    ),
    (
        "en",
        "I ask you to allow Mr Atambaev to be treated at a hospital.",
        "medical_request",
        "ask you to allow Mr Atambaev to be treated",
    ),
    (
        "ru",
        "Центр направил обращение в Генеральную прокуратуру о переводе заключённого в больницу.",
        "medical_request",
        "обращение в Генеральную прокуратуру о переводе заключённого в больницу",
    ),
    (
        "ru",
        "Центр обратился к Омбудсмену с просьбой проверить законность сноса.",
        "call_for_investigation",
        "обратился к Омбудсмену с просьбой проверить",
    ),
    # One verb asking for two things is the call for the first.
    (
        "ky",
        "Борбор күч колдонуунун мыйзамдуулугун текшерүүнү жана жабыркагандарга акысыз "
        "медициналык жардам көрсөтүүнү талап кылат.",
        "call_for_investigation",
        "текшерүүнү жана жабыркагандарга акысыз медициналык жардам көрсөтүүнү талап",
    ),
    # Legal steps, and a complaint to someone else than a court or prosecutor.
    (
        "en",
        "The lawyer lodged a complaint with the prosecutor.",
        "court_complaint",
        "lodged a complaint with the prosecutor",
    ),
    (
        "ru",
        "Адвокат подал жалобу в Октябрьский районный суд.",
        "court_complaint",
        "жалобу в Октябрьский районный суд",
    ),
    ("ky", "Адвокат шаардык сотуна арыз берди.", "court_complaint", "арыз берди"),
    ("ky", "Үй ээлери Жаңы-Кала шаардык сотуна даттанышты.", "court_complaint", "даттанышты"),
    ("en", "We have also lodged a complaint with the Ombudsman.", "appeal", "lodged a complaint"),
    ("ky", "Юристтер аларга акысыз укуктук жардам көрсөтүшөт.", "legal_aid", "укуктук жардам"),
    ("ru", "Клиника оказывает бесплатную юридическую помощь.", "legal_aid", "юридическую помощь"),
    (
        "en",
        "The clinic offers free legal assistance to the families.",
        "legal_aid",
        "legal assistance",
    ),
    # Letters and reports as written.
    ("en", "The centre has written to the Ombudsman.", "letter", "written to"),
    ("ky", "Борбор октябрдын аягында Омбудсменге кат жөнөткөн.", "letter", "кат жөнөткөн"),
    ("en", "Monitoring brief: conditions in the colony", "report", "Monitoring brief"),
    ("ru", "Аналитическая записка: первые итоги закона", "report", "Аналитическая записка"),
]


@pytest.mark.parametrize(("language", "text", "code", "words"), WORDED)
def test_an_intervention_is_read_by_its_wording(
    language: str, text: str, code: str, words: str
) -> None:
    assert _worded(text, language) == [(code, words)]


NOT_WORDED = [
    ("en", "Relatives visited him in the colony on Sunday.", "prison_visit"),
    ("en", "His lawyer was not allowed to visit the colony.", "prison_visit"),
    ("ru", "Родственники посетили его в колонии.", "prison_visit"),
    ("ky", "Апасы түрмөгө барып, уулун көрдү.", "prison_visit"),
    ("ru", "Его перевели в больницу в понедельник.", "medical_request"),
    ("en", "He was refused legal assistance.", "legal_aid"),
    ("ru", "Ему отказали в юридической помощи.", "legal_aid"),
    ("ky", "Адвокатты айтымында, сот бул арызды карабады.", "court_complaint"),
    ("en", "The party called on the government to end the persecution.", "statement"),
    ("en", "Reporters asked the minister about the treatment of detainees.", "medical_request"),
    ("en", "The ministry released the report in May.", "call_for_release"),
    ("ru", "Отчёт опубликован на сайте суда.", "trial_monitoring"),
]


@pytest.mark.parametrize(("language", "text", "code"), NOT_WORDED)
def test_a_near_miss_is_not_that_intervention(language: str, text: str, code: str) -> None:
    assert code not in [kind for kind, _ in _worded(text, language)]


def test_a_word_before_the_call_is_not_what_it_asks_to_release() -> None:
    # "video" stands before the call, in the statement: what is released follows the verb.
    text = (
        'The centre called the case "punishment for a video" and urged the authorities to '
        "release him."
    )
    assert ("call_for_release", "urged the authorities to release") in _worded(text, "en")


def test_a_letter_is_the_call_it_carries() -> None:
    text = "At least 12 journalists signed a letter asking the Prosecutor General to release him."
    assert _worded(text, "en") == [
        ("call_for_release", "letter asking the Prosecutor General to release")
    ]


@pytest.mark.parametrize(
    ("language", "text", "words", "by"),
    [
        (
            "en",
            "The Kalkan Human Rights Centre called the raid a violation of freedom of religion.",
            "called the raid a violation",
            "Kalkan Human Rights Centre",
        ),
        (
            "ru",
            "Правозащитный центр «Калкан» назвал задержание расправой над журналистом.",
            "назвал задержание расправой",
            "Правозащитный центр «Калкан»",
        ),
        (
            "ky",
            "«Калкан» укук коргоо борбору кармоону мыйзамсыз деп атады.",
            "мыйзамсыз деп атады",
            "«Калкан» укук коргоо борбору",
        ),
    ],
)
def test_what_an_intervening_party_called_an_event_is_its_statement(
    language: str, text: str, words: str, by: str
) -> None:
    (called,) = _found(text, language)
    assert (called["type"], text[called["start"] : called["end"]], _name(called, "by")) == (
        "statement",
        words,
        by,
    )


def test_a_statement_is_an_intervention_only_by_an_intervening_party() -> None:
    assert (
        _found(
            "Заместитель акима района Марат Осмонов заявил, что дома построены без разрешения.",
            "ru",
        )
        == []
    )
    assert (
        _found(
            "Adilet Sadykov says an investigator threatened him unless he signed a statement.", "en"
        )
        == []
    )


def test_who_speaks_for_an_intervening_organisation_makes_its_statement() -> None:
    text = (
        "Генеральный секретарь Прогрессивного Международного Альянса Иоанна Верховен заявила, "
        "что «жизнь Атамбаева в опасности»."
    )
    assert [one["type"] for one in _found(text, "ru")] == ["statement"]


def test_the_documents_own_organisation_makes_a_general_word_only_where_it_speaks() -> None:
    court = (
        "Правозащитный центр «Калкан»\nКраткий отчёт о мониторинге судебного заседания\n\n"
        "Подсудимый заявил, что в отделе полиции его били."
    )
    assert [one["type"] for one in _found(court, "ru")] == ["trial_monitoring"]
    brief = (
        "Kalkan Human Rights Centre\nMonitoring brief: conditions in Colony No. 3\n\n"
        "The request was acknowledged but no date has been set."
    )
    (report,) = _found(brief, "en")
    assert (report["type"], _name(report, "by")) == ("report", "Kalkan Human Rights Centre")
    urgent = (
        "Ayan Legal Clinic\nUrgent action: two students held\n\n"
        "We have also lodged a complaint with the Ombudsman."
    )
    assert [(one["type"], _name(one, "by")) for one in _found(urgent, "en")] == [
        ("urgent_appeal", "Ayan Legal Clinic"),
        ("appeal", "Ayan Legal Clinic"),
    ]


def test_the_person_a_case_is_about_makes_no_intervention() -> None:
    text = (
        "Правозащитный центр «Калкан» направил обращение в Генеральную прокуратуру о переводе "
        "Руслана Бекмуратова в больницу. Ранее Бекмуратов дважды просил администрацию о "
        "переводе в больницу."
    )
    (request,) = _found(text, "ru")
    assert (request["type"], _name(request, "by")) == (
        "medical_request",
        "Правозащитный центр «Калкан»",
    )


@pytest.mark.parametrize(
    ("text", "by", "toward"),
    [
        (
            "Правозащитный центр «Калкан» направил в Генеральную прокуратуру обращение с "
            "просьбой о срочной госпитализации Жумабекова.",
            "Правозащитный центр «Калкан»",
            "Генеральная прокуратура",
        ),
        (
            "Ассоциация «Ачык Коом» направила Министерству юстиции запрос о критериях "
            "включения в реестр.",
            "Ассоциация «Ачык Коом»",
            "Министерство юстиции",
        ),
    ],
)
def test_an_appeal_is_by_the_subject_and_toward_its_addressee(
    text: str, by: str, toward: str
) -> None:
    (appeal,) = _found(text, "ru")
    assert (_name(appeal, "by"), _name(appeal, "toward")) == (by, toward)


def _patterns(entry: dict[str, Any]) -> VerbObjects:
    return VerbObjects(
        load_taxonomy("intervention_types"),
        "en",
        {"verb_object": {"statement": {"en": [entry]}}},
    )


def test_unless_after_cancels_only_after_the_pair() -> None:
    patterns = _patterns({"verbs": ["urge"], "objects": ["release"], "unless_after": ["video"]})
    before = "a video, and urged them to release him"
    after = "urged them to release the video"
    assert [m.term.code for m in patterns.find(before, fold_text(before), [])] == ["statement"]
    assert patterns.find(after, fold_text(after), []) == []


def test_unless_next_cancels_the_word_right_after_the_verb() -> None:
    patterns = _patterns(
        {"verbs": ["called"], "objects": ["violation"], "unless_next": ["on"], "reach": 6}
    )
    called = "called the raid a violation"
    calls_on = "called on them to end the violation"
    assert [m.term.code for m in patterns.find(called, fold_text(called), [])] == ["statement"]
    assert patterns.find(calls_on, fold_text(calls_on), []) == []


def test_coordinated_lets_and_stand_between_verb_and_object() -> None:
    text = "asked for an inquiry and free care"
    plain = _patterns({"verbs": ["asked"], "objects": ["care"], "reach": 6})
    joined = _patterns({"verbs": ["asked"], "objects": ["care"], "reach": 6, "coordinated": True})
    assert plain.find(text, fold_text(text), []) == []
    assert [m.term.code for m in joined.find(text, fold_text(text), [])] == ["statement"]


def test_an_official_named_after_the_organisation_of_their_title_made_the_intervention() -> None:
    text = (
        "Генеральный секретарь Прогрессивного Международного Альянса Иоанна Верховен, "
        "посещавшая колонию в апреле, рассказала о его здоровье."
    )
    (visit,) = _found(text, "ru")
    assert (visit["type"], _name(visit, "by")) == ("prison_visit", "Иоанна Верховен")


@pytest.mark.parametrize("name", ["Башкы прокуратура", "Башкы прокуратурадан"])
def test_a_kyrgyz_ablative_is_whom_a_demand_is_made_of(name: str) -> None:
    text = "Уюм Башкы прокуратурадан иликтөөнү талап кылды."
    start, end = text.index("иликтөөнү"), text.index("талап") + len("талап")
    named = (text.index(name), text.index(name) + len(name), "organization")
    (slot,) = kyrgyz_slots(text, start, end, [named], (0, len(text)), addressed=True)
    assert (slot.role, slot.spans) == ("addressee", ((named[0], named[1]),))
    # In an act's clause the ablative is no one's role.
    assert kyrgyz_slots(text, start, end, [named], (0, len(text))) == []


@pytest.mark.parametrize(
    ("language", "text", "court"),
    [
        (
            "en",
            "Kalkan Human Rights Centre\nTrial monitoring summary\n\n"
            "Court: Sverdlov District Court of Jangy-Kala\nThe hearing was closed to the public.",
            "Sverdlov District Court of Jangy-Kala",
        ),
        (
            "ru",
            "Краткий отчёт о мониторинге судебного заседания\n"
            "Правозащитный центр «Калкан», 12 июля 2024 года\n\n"
            "Суд: Первомайский районный суд города Жангы-Кала\n"
            "Заседание прошло при закрытых дверях.",
            "Первомайский районный суд",
        ),
    ],
)
def test_trial_monitoring_is_toward_the_court_the_document_names(
    language: str, text: str, court: str
) -> None:
    (monitoring,) = [one for one in _found(text, language) if one["type"] == "trial_monitoring"]
    toward = _name(monitoring, "toward")
    assert toward is not None and toward.startswith(court)

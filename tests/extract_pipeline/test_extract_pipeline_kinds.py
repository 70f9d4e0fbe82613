"""Refused medical care, pressure on the media, failure to investigate, calls for release and
international investigation, in English, Russian and Kyrgyz: each worded as reports word it, and
each beside a sentence that shares its words but not its meaning."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from tests.e2e.conftest import Run, json_lines

from docket.extract.document import extract_document
from docket.extract.gazetteer import Gazetteer
from docket.extract.recognise import Recognition
from docket.extract.verb_object import VerbObjects
from docket.model.taxonomy import load_taxonomy


def no_entities(text: str, language: str | None, gazetteer: Gazetteer | None) -> Recognition:
    return Recognition([], language, [])


def found(text: str, language: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The acts and interventions of ``text`` as (type, words) pairs."""
    document = extract_document(
        text,
        item_id=None,
        language=language,
        document_date=date(2024, 5, 1),
        gazetteer=None,
        recognise=no_entities,
    )
    return (
        [(act["type"], text[act["start"] : act["end"]]) for act in document["acts"]],
        [(one["type"], text[one["start"] : one["end"]]) for one in document["interventions"]],
    )


ACTS = [
    # Refusal of medical care and surgery.
    (
        "en",
        "The colony administration denied him surgery.",
        "refusal_of_treatment",
        "denied him surgery",
    ),
    (
        "en",
        "President Japarov refused to allow the operations.",
        "refusal_of_treatment",
        "refused to allow the operations",
    ),
    (
        "en",
        "He has not received any treatment since May.",
        "refusal_of_treatment",
        "received any treatment",
    ),
    (
        "en",
        "Guards refused medical care to the injured.",
        "denial_of_medical_care",
        "refused medical care",
    ),
    (
        "en",
        "Denying necessary medical care to a prisoner is inhuman.",
        "denial_of_medical_care",
        "Denying necessary medical care",
    ),
    (
        "ru",
        "Ему отказали в медицинской помощи.",
        "denial_of_medical_care",
        "отказали в медицинской помощи",
    ),
    ("ru", "Задержанным так и не вызвали врача.", "denial_of_medical_care", "вызвали врача"),
    (
        "ru",
        "Атамбаеву отказали в операции на сердце.",
        "refusal_of_treatment",
        "отказали в операции",
    ),
    ("ru", "Его так и не перевели в больницу.", "refusal_of_treatment", "перевели в больницу"),
    ("ky", "Атамбаевге дарылоо берилбей жатат.", "refusal_of_treatment", "дарылоо берилбей"),
    (
        "ky",
        "Ага операция жасатууга жибербей жатышат.",
        "refusal_of_treatment",
        "операция жасатууга жибербей",
    ),
    (
        "ky",
        "Камактагыларга медициналык жардам көрсөтүлбөй жатат.",
        "denial_of_medical_care",
        "медициналык жардам көрсөтүлбөй",
    ),
    ("ky", "Ага дарыгер чакырышкан жок.", "denial_of_medical_care", "дарыгер чакырышкан"),
    # Pressure on media and journalists.
    (
        "en",
        "The Council condemns the pressure exerted on the independent media outlets.",
        "pressure_on_media",
        "pressure exerted on the independent media",
    ),
    (
        "en",
        "Security services harassed two local reporters.",
        "harassment_of_journalists",
        "harassed two local reporters",
    ),
    (
        "ru",
        "Журналистов преследуют за каждую публикацию.",
        "harassment_of_journalists",
        "Журналистов преследуют",
    ),
    (
        "ru",
        "Власти усилили давление на независимые СМИ.",
        "pressure_on_media",
        "давление на независимые СМИ",
    ),
    (
        "ky",
        "Журналисттерге кысым көрсөтүлүүдө.",
        "harassment_of_journalists",
        "Журналисттерге кысым",
    ),
    (
        "ky",
        "Бийлик көз карандысыз басылмаларды куугунтуктап жатат.",
        "pressure_on_media",
        "басылмаларды куугунтуктап",
    ),
    # Failure to investigate.
    (
        "en",
        "More than a year later, no effective investigation has been opened.",
        "failure_to_investigate",
        "investigation has been opened",
    ),
    ("en", "The killings were never investigated.", "failure_to_investigate", "investigated"),
    (
        "en",
        "The prosecutor failed to investigate the complaints.",
        "failure_to_investigate",
        "failed to investigate",
    ),
    (
        "ru",
        "Прокуратура не провела расследование.",
        "failure_to_investigate",
        "провела расследование",
    ),
    (
        "ru",
        "По факту избиения уголовное дело не возбудили.",
        "failure_to_investigate",
        "уголовное дело не возбудили",
    ),
    (
        "ky",
        "Бул окуя боюнча эч ким кылмыш ишин ачкан жок.",
        "failure_to_investigate",
        "кылмыш ишин ачкан",
    ),
    ("ky", "Тергөө жүргүзүлбөй калды.", "failure_to_investigate", "Тергөө жүргүзүлбөй"),
    # Detention told as taking someone into custody or to a place of detention.
    (
        "en",
        "Officers placed the student Bakyt Asanov in pre-trial detention.",
        "arbitrary_detention",
        "placed the student Bakyt Asanov in pre-trial detention",
    ),
    (
        "en",
        "Officers took him to a temporary detention facility.",
        "arbitrary_arrest",
        "took him to a temporary detention",
    ),
    (
        "en",
        "Officers took the blogger to a temporary detention facility.",
        "detention_of_journalist",
        "took the blogger to a temporary detention",
    ),
    ("ru", "Вечером его поместили в ИВС.", "arbitrary_arrest", "поместили в ИВС"),
    (
        "ru",
        "Сотрудники доставили активиста в изолятор временного содержания.",
        "arbitrary_arrest",
        "доставили активиста в изолятор",
    ),
    # Counsel telling of being kept from a client; care a prisoner did not receive.
    (
        "en",
        "His lawyer said he had not been allowed to see his client for two days.",
        "denial_of_legal_counsel",
        "allowed to see",
    ),
    (
        "ru",
        "Защиту не допустили к подзащитному в изоляторе.",
        "denial_of_legal_counsel",
        "допустили к подзащитному",
    ),
    (
        "ru",
        "С начала года медицинской помощи не получили 15 заключённых.",
        "denial_of_medical_care",
        "медицинской помощи не получили",
    ),
    (
        "en",
        "Guards refused to accept the insulin his wife brought.",
        "denial_of_medical_care",
        "refused to accept the insulin",
    ),
    ("en", "In March a detainee died in the same facility.", "death_in_custody", "detainee died"),
    (
        "ky",
        "Милиция айылда калган тургундарды чыгарып салды.",
        "forced_eviction",
        "тургундарды чыгарып",
    ),
]

NOT_ACTS = [
    ("en", "The ministry refused to comment on the operation in the south."),
    ("en", "Doctors said he received treatment in the prison hospital."),
    ("en", "The clinic provided medical care to the detainees."),
    ("en", "Reporters asked the minister about the media law."),
    ("en", "The prosecutor opened an investigation into the killings."),
    ("en", "Investigators have not yet questioned the witnesses."),
    ("ru", "Ему оказали медицинскую помощь в больнице."),
    ("ru", "Врачи провели операцию на сердце."),
    ("ru", "Журналисты рассказали о давлении, но редакция продолжает работу."),
    ("ru", "Прокуратура провела расследование и возбудила уголовное дело."),
    ("ky", "Ага дарылоо берилди."),
    ("ky", "Журналисттер басылмада макала жарыялашты."),
    ("ky", "Тергөө жүргүзүлүп жатат."),
    ("en", "The lawyer was taken to the detention centre to visit his client."),
    ("en", "The journalists were not allowed to see the minister."),
    ("ru", "Заключённый получил медицинскую помощь в больнице."),
    ("en", "His wife brought insulin to the facility on Monday."),
]

INTERVENTIONS = [
    (
        "en",
        "The Council calls for their immediate release.",
        "call_for_release",
        "calls for their immediate release",
    ),
    (
        "en",
        "The Bureau calls on the authorities of Altyn-Tash to release the 22 detainees.",
        "call_for_release",
        "calls on the authorities of Altyn-Tash to release",
    ),
    ("ru", "Мы призываем освободить Темирову.", "call_for_release", "призываем освободить"),
    (
        "ru",
        "Комитет потребовал немедленно освободить журналистку.",
        "call_for_release",
        "потребовал немедленно освободить",
    ),
    ("ky", "Биз Темированы бошотууга чакырабыз.", "call_for_release", "бошотууга чакырабыз"),
    (
        "ky",
        "Уюм камактагыларды тез арада бошотууну талап кылат.",
        "call_for_release",
        "бошотууну талап кылат",
    ),
    (
        "en",
        "If ignored, the party will refer the case to the International Criminal Court.",
        "international_investigation_support",
        "refer the case to the International",
    ),
    (
        "ru",
        "Если власти не ответят, мы обратимся в международные инстанции.",
        "international_investigation_support",
        "обратимся в международные",
    ),
    (
        "ky",
        "Жооп болбосо, биз эл аралык инстанцияларга кайрылабыз.",
        "international_investigation_support",
        "аралык инстанцияларга кайрылабыз",
    ),
]

NOT_INTERVENTIONS = [
    ("en", "Activists called the release of the film a step forward.", "call_for_release"),
    ("en", "The party called for free elections.", "call_for_release"),
    ("ru", "Предприниматели требуют освобождения от налогов.", "call_for_release"),
    ("ky", "Министрди кызматтан бошотууну талап кылышты.", "call_for_release"),
    (
        "en",
        "The International Committee turned to the government.",
        "international_investigation_support",
    ),
    ("ru", "Международный комитет обратился к властям.", "international_investigation_support"),
    ("ky", "Эл аралык уюмдар кайрылуу жарыялашты.", "international_investigation_support"),
]


@pytest.mark.parametrize(("language", "text", "code", "words"), ACTS)
def test_each_kind_is_found_in_each_language(
    language: str, text: str, code: str, words: str
) -> None:
    acts, interventions = found(text, language)
    assert acts == [(code, words)]
    assert interventions == []


@pytest.mark.parametrize(("language", "text"), NOT_ACTS)
def test_near_misses_are_no_acts(language: str, text: str) -> None:
    assert found(text, language)[0] == []


@pytest.mark.parametrize(("language", "text", "code", "words"), INTERVENTIONS)
def test_calls_and_international_steps_are_interventions_not_acts(
    language: str, text: str, code: str, words: str
) -> None:
    acts, interventions = found(text, language)
    assert interventions == [(code, words)]
    assert acts == []


@pytest.mark.parametrize(("language", "text", "code"), NOT_INTERVENTIONS)
def test_near_misses_are_no_interventions(language: str, text: str, code: str) -> None:
    assert code not in [found_code for found_code, _ in found(text, language)[1]]


def test_a_call_for_release_beside_the_detention_it_answers() -> None:
    text = "Police detained Aisuluu Temirova on 3 May. The Bureau calls for her release."
    acts, interventions = found(text, "en")
    assert acts == [("arbitrary_arrest", "detained")]
    assert interventions == [("call_for_release", "calls for her release")]


def test_a_pair_across_a_clause_break_is_no_act() -> None:
    text = "He was refused, and the surgery went ahead in May."
    assert found(text, "en")[0] == []


def test_a_taxonomy_phrase_keeps_its_place_before_a_pattern() -> None:
    # "отказ в медицинской помощи" is the taxonomy's own synonym: found once, not twice.
    acts, _ = found("Это был отказ в медицинской помощи.", "ru")
    assert acts == [("denial_of_medical_care", "отказ в медицинской помощи")]


def test_a_heading_is_not_the_object_of_the_next_line() -> None:
    text = "4. Independent media\nThe Council condemns the pressure."
    assert found(text, "en")[0] == []


def test_a_pair_across_sentences_is_no_act() -> None:
    assert found("Он отказался. Операция прошла успешно.", "ru")[0] == []


def test_the_extract_command_proposes_the_kinds(run: Run, tmp_path: Path) -> None:
    run("init")
    statement = tmp_path / "statement.txt"
    statement.write_text(
        "Журналистов преследуют за каждую публикацию. Атамбаеву отказали в операции на "
        "сердце. Прокуратура не провела расследование. Мы призываем освободить Темирову.\n",
        encoding="utf-8",
    )
    (document,) = json_lines(run("extract", str(statement), "--json"))
    assert document["language"] == "ru"
    assert [act["type"] for act in document["acts"]] == [
        "harassment_of_journalists",
        "refusal_of_treatment",
        "failure_to_investigate",
    ]
    assert [one["type"] for one in document["interventions"]] == ["call_for_release"]


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"verbs": ["denied him"], "objects": ["surg"]}, "give one word start"),
        ({"verbs": ["deni"], "objects": ["surg"], "order": "verb-first"}, "order 'verb-first'"),
    ],
)
def test_a_malformed_pattern_is_refused_in_one_line(entry: dict[str, Any], message: str) -> None:
    vocabulary = {"verb_object": {"refusal_of_treatment": {"en": [entry]}}}
    with pytest.raises(ValueError, match=message):
        VerbObjects(load_taxonomy("violation_types"), "en", vocabulary)

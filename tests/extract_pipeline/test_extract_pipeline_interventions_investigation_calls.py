"""Calls for an investigation in the ways reports word them: the qualities asked of it listed
before it, what is to be investigated named first, a criminal case to be opened or a legal
assessment to be given, a recommendation, a request that someone investigate, and the Kyrgyz
"териштирүү"; and not an inquiry the authorities announce themselves, nor a question about one."""

from __future__ import annotations

import pytest
from tests.extract_pipeline.test_extract_pipeline_kinds import found

CALLS = [
    (
        "en",
        "The Ombudsman called for a prompt, thorough and impartial investigation.",
        "called for a prompt, thorough and impartial investigation",
    ),
    (
        "en",
        "We urge the authorities to conduct a prompt, impartial and effective investigation"
        " into the allegations.",
        "urge the authorities to conduct a prompt, impartial and effective investigation",
    ),
    (
        "en",
        "The coalition is calling for a thorough and independent inquiry into the events.",
        "calling for a thorough and independent inquiry",
    ),
    (
        "en",
        "Kalkan called for the allegations of torture to be investigated.",
        "called for the allegations of torture to be investigated",
    ),
    (
        "en",
        "The family sought an investigation into his death in custody.",
        "sought an investigation",
    ),
    (
        "en",
        "Kalkan appealed to the Prosecutor General to investigate the case.",
        "appealed to the Prosecutor General to investigate",
    ),
    (
        "en",
        "We recommend that the authorities investigate all allegations of torture.",
        "recommend that the authorities investigate",
    ),
    (
        "ru",
        "Омбудсмен потребовал провести тщательное и беспристрастное расследование.",
        "потребовал провести тщательное и беспристрастное расследование",
    ),
    (
        "ru",
        "Мы призываем провести незамедлительное, беспристрастное и эффективное расследование.",
        "призываем провести незамедлительное, беспристрастное и эффективное расследование",
    ),
    (
        "ru",
        "Правозащитники настаивают на проведении расследования.",
        "настаивают на проведении расследования",
    ),
    (
        "ru",
        "Родственники обратились в прокуратуру с требованием провести проверку.",
        # Turning to the prosecutor's office is the call it makes, told by both.
        "обратились в прокуратуру с требованием провести проверку",
    ),
    (
        "ru",
        "Правозащитники требуют разобраться в обстоятельствах гибели задержанного.",
        "требуют разобраться",
    ),
    (
        "ru",
        "Адвокат просит прокуратуру дать правовую оценку действиям сотрудников милиции.",
        "просит прокуратуру дать правовую оценку",
    ),
    ("ru", "Родные настаивают на возбуждении уголовного дела.", "настаивают на возбуждении"),
    (
        "ru",
        "Рекомендуем властям расследовать все сообщения о пытках.",
        "Рекомендуем властям расследовать",
    ),
    (
        "ky",
        "Укук коргоочулар окуяны калыс териштирүүнү талап кылышты.",
        "териштирүүнү талап",
    ),
    ("ky", "Туугандары кылмыш ишин козгоону талап кылышууда.", "козгоону талап"),
    (
        "ky",
        "Адвокат прокуратурадан милиция кызматкерлеринин аракеттерине укуктук баа берүүнү суранды.",
        "баа берүүнү суранды",
    ),
    ("ky", "Биз бийликке бардык фактыларды иликтөөнү сунуштайбыз.", "иликтөөнү сунуштайбыз"),
]

NO_CALL = [
    ("en", "The lawyer asked about the progress of the investigation."),
    ("en", "The ministry requested the release of funds for the investigation."),
    ("en", "The prosecutor announced an urgent investigation into the clash."),
    ("en", "Police asked residents to stay home, and the prosecutor opened an investigation."),
    ("ru", "Милиция потребовала разойтись, и прокуратура начала расследование."),
    ("ru", "Следователь потребовал от журналиста оценку ущерба."),
    ("ru", "Прокуратура возбудила уголовное дело по факту избиения."),
    ("ky", "Прокуратура кылмыш ишин козгоду."),
    ("ky", "Сот ишти кайра кароону талап кылды деп айтылган жок, баары тынч."),
]


REQUESTS = [
    (
        "en",
        "Relatives requested that the prosecutor's office investigate the beating.",
        "call_for_investigation",
        "requested that the prosecutor's office investigate",
    ),
    (
        "en",
        "Kalkan requested the immediate release of Temirova.",
        "call_for_release",
        "requested the immediate release",
    ),
    (
        "en",
        "The lawyer requested information about the investigation.",
        "information_request",
        "requested information",
    ),
]


@pytest.mark.parametrize(("language", "text", "kind", "words"), REQUESTS)
def test_a_request_is_the_call_it_makes(language: str, text: str, kind: str, words: str) -> None:
    assert found(text, language)[1] == [(kind, words)]


@pytest.mark.parametrize(("language", "text", "words"), CALLS)
def test_a_call_for_an_investigation_is_read_in_its_report_wordings(
    language: str, text: str, words: str
) -> None:
    assert found(text, language)[1] == [("call_for_investigation", words)]


@pytest.mark.parametrize(("language", "text"), NO_CALL)
def test_an_investigation_nobody_calls_for_is_no_call(language: str, text: str) -> None:
    assert "call_for_investigation" not in {kind for kind, _ in found(text, language)[1]}

"""Acts and days as witness statements and trial monitors tell them: a person taken away by men
the text does not name as officers (an abduction), custody denied to the family who ask ("they
had no such person"), a charge told by the verb of accusing, a witness's own dismissal, a threat
told as a condition, a car without plates kept outside the home, a court that orders detention,
refuses to order an examination or to hear the defence's witnesses. Beside them the near misses:
officers who take someone away detain them, a home searched is no newsroom raid, what the
defence asks the court for is not done, a sentence a defendant may face is no threat, and the
arrest's day is a day, not a second arrest. A count of days "after he was taken" counts from
the day he was taken."""

from __future__ import annotations

from datetime import date

import pytest
from tests.extract_pipeline.proposed import extracted_acts, party_name
from tests.extract_pipeline.test_extract_pipeline_kinds import found

from docket.extract.mentions import Mention
from docket.extract.name_rules import corrected_names
from docket.extract.relative_dates import dates_in
from docket.model.counts import find_counts

# (language, sentence, the act's code, the words its span holds): sentences written for the
# tests in the genres of the set, none taken from its documents.
TOLD = [
    (
        "en",
        "Two men in civilian clothes pushed him into a white car and drove off.",
        "abduction",
        "pushed him into a white car",
    ),
    (
        "ru",
        "Вечером трое неизвестных затолкали его в машину и увезли.",
        "abduction",
        "затолкали его в машину",
    ),
    (
        "ky",
        "Кечинде аны дүкөндүн жанынан үч киши кармап, ак машинага салып алып кетишти.",
        "abduction",
        "кармап",
    ),
    (
        "en",
        "At the district police station we were told that they had no such person.",
        "incommunicado_detention",
        "had no such person",
    ),
    (
        "ru",
        "В отделе милиции матери отвечали, что такого задержанного у них нет.",
        "incommunicado_detention",
        "такого задержанного у них нет",
    ),
    (
        "ky",
        "Райондук бөлүмдө бизге «бизде андай адам жок» деп айтышты.",
        "incommunicado_detention",
        "андай адам жок",
    ),
    (
        "ru",
        "Следователь обвиняет его в «призывах к захвату власти».",
        "fabricated_charges",
        "обвиняет его в",
    ),
    (
        "ky",
        "Тергөөчүлөр аны «бийликти басып алууга чакырды» деп айыптап жатышат.",
        "fabricated_charges",
        "деп айыптап жатышат",
    ),
    ("ru", "Через неделю после суда меня уволили.", "dismissal_of_relatives", "меня уволили"),
    (
        "ky",
        "Апасы ооруканадагы жумушунан бошотулганын айтты.",
        "dismissal_of_relatives",
        "жумушунан бошотулганын",
    ),
    (
        "en",
        "The officer told me that if you keep writing, you will end up in prison.",
        "threats_and_intimidation",
        "you will end up in prison",
    ),
    (
        "ru",
        "Участковый сказал: «Если не перестанешь ходить на пикеты, сядешь надолго».",
        "threats_and_intimidation",
        "сядешь",
    ),
    (
        "en",
        "Since the trial a car without plates has been parked outside her house at night.",
        "unlawful_surveillance",
        "car without plates",
    ),
    (
        "ru",
        "Теперь по ночам возле её дома стоит машина без номеров.",
        "unlawful_surveillance",
        "машина без номеров",
    ),
    (
        "ky",
        "Бир жумадан бери үйүнүн жанында номерсиз машина турат.",
        "unlawful_surveillance",
        "номерсиз машина",
    ),
    (
        "en",
        "The district court ordered his detention for two months.",
        "arbitrary_detention",
        "ordered his detention",
    ),
    (
        "en",
        "His mother went to the colony every day but was not allowed to see him.",
        "incommunicado_detention",
        "allowed to see",
    ),
    (
        "en",
        "His lawyer was not let in until the following week.",
        "denial_of_legal_counsel",
        "lawyer was not let",
    ),
    (
        "ru",
        "Судья отказал в назначении судебно-медицинской экспертизы.",
        "failure_to_investigate",
        "отказал в назначении",
    ),
    (
        "ky",
        "Судья медициналык экспертиза дайындоо тууралуу өтүнүчтү четке какты.",
        "failure_to_investigate",
        "экспертиза дайындоо тууралуу өтүнүчтү четке",
    ),
    (
        "ru",
        "Судья не стал вызывать свидетелей защиты.",
        "unfair_trial",
        "вызывать свидетелей",
    ),
    (
        "en",
        "The judge did not call the defence witnesses.",
        "unfair_trial",
        "call the defence witnesses",
    ),
]


@pytest.mark.parametrize(("language", "text", "code", "words"), TOLD)
def test_an_act_told_by_a_witness_or_a_monitor_is_found(
    language: str, text: str, code: str, words: str
) -> None:
    acts, _ = found(text, language)
    assert (code, words) in acts


# (language, sentence, a code that must not be proposed): the same words telling something
# else.
NOT_TOLD = [
    # Officers who take someone away detain them.
    ("en", "Police officers in plain clothes pushed him into a car.", "abduction"),
    ("ru", "Сотрудники ГКНБ в масках затолкали его в машину.", "abduction"),
    ("ky", "Милиция беш кишини кармап, машинага салып алып кетишти.", "abduction"),
    # A home searched is no newsroom raid, nor is the warrant for it.
    ("ru", "Утром пришли сотрудники ГКНБ, обыскали дом и забрали ноутбук.", "newsroom_raid"),
    ("ru", "Постановления на обыск нам так и не показали.", "newsroom_raid"),
    # What the defence asked the court for.
    ("ky", "Коргоо тарап аны үй камагына которууну суранды.", "arbitrary_house_arrest"),
    ("ru", "Защита просила перевести его под домашний арест.", "arbitrary_house_arrest"),
    # A sentence someone may face is no threat; a car someone was pushed into is no watch.
    ("en", "If convicted, he will spend up to ten years in prison.", "threats_and_intimidation"),
    ("en", "Two men pushed him into a car without plates.", "unlawful_surveillance"),
    # The arrest's day is a day, not a second arrest.
    ("ky", "Ал кармалган түнү аны уруп сабашканын айтты.", "arbitrary_detention"),
    # A lawyer kept away is counsel denied, not the family cut off.
    ("en", "He was not allowed to see a lawyer for three days.", "incommunicado_detention"),
]


@pytest.mark.parametrize(("language", "text", "code"), NOT_TOLD)
def test_the_same_words_telling_something_else_are_no_such_act(
    language: str, text: str, code: str
) -> None:
    acts, _ = found(text, language)
    assert code not in [found_code for found_code, _ in acts]


def test_a_newsroom_searched_is_still_a_raid() -> None:
    acts, _ = found("Сотрудники ГКНБ провели обыск в редакции газеты.", "ru")
    assert "newsroom_raid" in [code for code, _ in acts]


def test_a_relatives_home_searched_is_still_pressure_on_the_family() -> None:
    acts, _ = found("Через неделю провели обыск в доме его матери.", "ru")
    assert "harassment_of_relatives" in [code for code, _ in acts]


def _dates(text: str, language: str, document_date: date) -> list[tuple[str, str]]:
    return [
        (text[start:end], value.canonical())
        for start, end, value in dates_in(text, language, document_date)
    ]


def test_days_after_he_was_taken_count_from_the_day_he_was_taken() -> None:
    text = (
        "On 18 August three men pushed him into a grey car. The next day we went to the police. "
        "Four days after he was taken, a man told my mother that he had seen him."
    )
    read = _dates(text, "en", date(2025, 9, 9))
    assert ("Four days after", "2025-08-22") in read


def test_days_after_a_day_told_still_count_from_it() -> None:
    text = "He was detained on 3 March. Two days later the court heard him."
    assert ("Two days later", "2025-03-05") in _dates(text, "en", date(2025, 3, 18))


# (language, text, the phrase, its value): the day of an arrest told by taking someone away.
TAKEN_DAYS = [
    (
        "ru",
        "13 февраля полицейские обыскали дом, а брата увезли в РОВД. 16 февраля суд арестовал "
        "его. Адвокат сказал, что в день задержания его били.",
        "в день задержания",
        "2025-02-13",
    ),
    (
        "ky",
        "Аны 2-февралда белгисиз кишилер машинага салып уурдап кетишти. 15-апрелде ал "
        "кармалган түнү аны урушканын айтты.",
        "кармалган түнү",
        "2025-02-02/2025-02-03",
    ),
]


@pytest.mark.parametrize(("language", "text", "phrase", "value"), TAKEN_DAYS)
def test_the_arrest_day_of_someone_taken_away_is_the_day_told(
    language: str, text: str, phrase: str, value: str
) -> None:
    assert (phrase, value) in _dates(text, language, date(2025, 4, 21))


def test_an_hour_told_by_the_part_of_the_day_is_no_count() -> None:
    text = "13 февраля около шести утра четверо сотрудников милиции пришли к нам домой."
    counted = [text[start:end] for start, end, _ in find_counts(text, "ru")]
    assert counted == ["четверо сотрудников"]


def test_a_given_name_alone_is_the_person_it_opens() -> None:
    text = "My brother, Bakyt Nazarov, drives a minibus. A man had seen Bakyt there."
    full = text.index("Bakyt Nazarov")
    alone = text.rindex("Bakyt")
    mentions = [
        Mention("person", "Bakyt Nazarov", full, full + 13, "spacy"),
        Mention("place", "Bakyt", alone, alone + 5, "spacy"),
    ]
    kinds = {(m.kind, m.start) for m in corrected_names(text, "en", mentions)}
    assert ("person", alone) in kinds


def test_a_town_that_opens_no_name_stays_a_town() -> None:
    text = "Bakyt Nazarov drives a minibus between Ak-Tash and Talas."
    full, town = text.index("Bakyt Nazarov"), text.index("Talas")
    mentions = [
        Mention("person", "Bakyt Nazarov", full, full + 13, "spacy"),
        Mention("place", "Talas", town, town + 5, "spacy"),
    ]
    kinds = {(m.kind, m.start) for m in corrected_names(text, "en", mentions)}
    assert ("place", town) in kinds


def test_a_place_before_the_unit_it_names_is_part_of_the_body() -> None:
    text = "We went to the Kara-Bulak District Police Department and to the court."
    place, body = text.index("Kara-Bulak"), text.index("District")
    mentions = [
        Mention("place", "Kara-Bulak", place, place + 10, "spacy"),
        Mention("organization", "District Police Department", body, body + 26, "spacy"),
    ]
    found = {(m.kind, m.text) for m in corrected_names(text, "en", mentions)}
    assert found == {("organization", "Kara-Bulak District Police Department")}


def test_a_place_listed_before_a_body_stays_a_place() -> None:
    text = "He lives in Kara-Bulak, District Police Department officers said."
    place, body = text.index("Kara-Bulak"), text.index("District")
    mentions = [
        Mention("place", "Kara-Bulak", place, place + 10, "spacy"),
        Mention("organization", "District Police Department", body, body + 26, "spacy"),
    ]
    assert ("place", "Kara-Bulak") in {
        (m.kind, m.text) for m in corrected_names(text, "en", mentions)
    }


# (language, text, the act's words, who did it): the judge who refuses is the perpetrator of a
# court's act, not its victim.
JUDGES = [
    (
        "ru",
        "Подсудимый Бекжан Асанов рассказал о побоях. Судья Мусаев отказал в назначении "
        "медицинской экспертизы.",
        "отказал в назначении",
        "Мусаев",
    ),
    (
        "ky",
        "Айыпталуучу Бекжан Асанов сабалганын айтты. Судья Касымов медициналык экспертиза "
        "дайындоо тууралуу өтүнүчтү четке какты.",
        "экспертиза дайындоо тууралуу өтүнүчтү четке",
        "Касымов",
    ),
]


@pytest.mark.parametrize(("language", "text", "words", "judge"), JUDGES)
def test_the_judge_who_refuses_an_examination_did_it(
    language: str, text: str, words: str, judge: str
) -> None:
    acts = {text[act["start"] : act["end"]]: act for act in extracted_acts(text, language)}
    act = acts[words]
    assert judge in (party_name(act["perpetrator"]) or "")
    assert judge not in (party_name(act["victim"]) or "")

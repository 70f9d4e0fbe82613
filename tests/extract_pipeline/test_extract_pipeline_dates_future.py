"""Dates told by the grammar of the future, nights after weekdays, days counted from the day
told, and days and months written with digits and no year, as extraction reads them: Kyrgyz
future participles before a verb of saying ("сот 15-октябрда болорун айтты"), intentions
("чыгармакчы", "чыкмак болушту"), finite forms ("чыгарылат", "кайрылабыз", "карабайт"),
Russian and English verbs of plans ("планирует", "намерен", "plan to", "intends to"),
weekdays in a clause about what is to come ("Суд рассмотрит жалобу в понедельник": the coming
Monday), "дүйшөмбү түнү", "бир күндөн кийин", "на второй день", "the
next day" with no day told before it in a past clause (none), and "12.03", "12/03" (12 March,
the year from the document's date as for "12 March").

Values are in the canonical (EDTF) form for a document dated Thursday 3 October 2024 unless a
row gives its own date; "?" marks a year taken from the document's date.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.extract_pipeline.date_readings import assert_wording_read, read_dates

from docket.model._date_grammar import date_grammar
from docket.model._tokens import tokenize
from docket.model.dates import find_dates

DOCUMENT = date(2024, 10, 3)  # a Thursday

# (language, text, phrase, value[, document date]): the phrase must be read with that value.
WORDINGS = [
    # Kyrgyz future participles with the possessive and accusative, before a verb of saying.
    ("ky", "Сот 15-октябрда болорун айтты.", "15-октябрда", "2024-10-15?"),
    ("ky", "Сот иштин 15-октябрда каралаарын билдирди.", "15-октябрда", "2024-10-15?"),
    ("ky", "Адвокат сот 20-октябрда алдын ала угуу өткөрөрүн билдирди.", "20-октябрда",
     "2024-10-20?"),
    ("ky", "Тергөөчү иш марттын башында сотко жөнөтүлөрүн айтты.", "марттын башында",
     "2024-03-01?/2024-03-10?", date(2024, 2, 12)),
    ("ky", "Катчы иштин 22-октябрда каралаарын ырастады.", "22-октябрда", "2024-10-22?"),
    # Intentions: "-макчы" with or without a personal ending, and "-мак бол-".
    ("ky", "Сот 20-октябрда чечим чыгармакчы.", "20-октябрда", "2024-10-20?"),
    ("ky", "Биз 10-октябрда Омбудсменге кайрылмакчыбыз.", "10-октябрда", "2024-10-10?"),
    ("ky", "Туугандары 7-октябрда пикетке чыкмак болушту.", "7-октябрда", "2024-10-07?"),
    # Finite forms of the future: the passive, the first person plural, the negative.
    ("ky", "Иштин экинчи отуруму 20-октябрда өткөрүлүп, чечим чыгарылат.", "20-октябрда",
     "2024-10-20?"),
    ("ky", "Биз 20-октябрда сотко кайрылабыз.", "20-октябрда", "2024-10-20?"),
    ("ky", "Сот 20-октябрда ишти карабайт.", "20-октябрда", "2024-10-20?"),
    ("ky", "Тергөөчү аны 20-октябрда бошотот.", "20-октябрда", "2024-10-20?"),
    # The participle with "тур-" after a converb.
    ("ky", "20-октябрда боло турган сот отуруму жабык өтөт.", "20-октябрда", "2024-10-20?"),
    ("ky", "Катчы иштин 20-октябрда карала турганын айтты.", "20-октябрда", "2024-10-20?"),
    # Russian and English verbs of plans and intentions.
    ("ru", "Прокуратура планирует направить дело в суд 2 декабря.", "2 декабря", "2024-12-02?"),
    ("ru", "Следователь намерен завершить следствие 20 октября.", "20 октября", "2024-10-20?"),
    ("ru", "Адвокат собирается обжаловать решение 25 октября.", "25 октября", "2024-10-25?"),
    ("ru", "Суд изберёт меру пресечения 5 октября.", "5 октября", "2024-10-05?"),
    ("ru", "Суд отложил заседание на 25 октября.", "25 октября", "2024-10-25?"),
    ("ky", "Сот угууну 25-октябрга дайындады.", "25-октябрга", "2024-10-25?"),
    ("en", "The judge rescheduled the hearing for 25 October.", "25 October", "2024-10-25?"),
    ("en", "Prosecutors plan to send the case to trial on 6 November.", "on 6 November",
     "2024-11-06?"),
    ("en", "The court intends to rule on 20 October.", "on 20 October", "2024-10-20?"),
    ("en", "The trial is set to begin on 15 October.", "on 15 October", "2024-10-15?"),
    # A weekday in a clause about what is to come is the coming one.
    ("en", "The hearing will take place on Monday.", "on Monday", "2024-10-07"),
    ("en", "The court is due to rule on Friday.", "on Friday", "2024-10-04"),
    ("ru", "Суд рассмотрит жалобу в понедельник.", "в понедельник", "2024-10-07"),
    ("ru", "Предварительное слушание назначено на понедельник.", "на понедельник",
     "2024-10-07"),
    ("ky", "Сот дүйшөмбү күнү чечим чыгармакчы.", "дүйшөмбү күнү", "2024-10-07"),
    ("ky", "Кийинки отурум дүйшөмбү күнү болот.", "дүйшөмбү күнү", "2024-10-07"),
    # "The following week" or month with no date before, in a clause about what is to come: the
    # week or month after the document's, as "next week" is.
    ("ru", "На следующей неделе суд рассмотрит жалобу.", "На следующей неделе",
     "2024-10-07/2024-10-13"),
    ("ru", "В следующем месяце суд рассмотрит жалобу.", "В следующем месяце", "2024-11"),
    ("ky", "Кийинки жумада сот отуруму болот.", "Кийинки жумада", "2024-10-07/2024-10-13"),
    ("en", "The court will hear the appeal the following week.", "the following week",
     "2024-10-07/2024-10-13"),
    # A Kyrgyz night after a weekday is that weekday's, and "the next day" goes on from it.
    ("ky", "Ал дүйшөмбү түнү кармалды.", "дүйшөмбү түнү", "2024-09-30"),
    ("ky", "Ал дүйшөмбү түнү кармалды. Эртеси сотко алып барышты.", "Эртеси", "2024-10-01"),
    ("ky", "Жума күнү түнү аны кармашты.", "Жума күнү түнү", "2024-09-27"),
    ("ky", "Шейшемби түнкүсүн тинтүү болду.", "Шейшемби түнкүсүн", "2024-10-01"),
    # The next day counted as one day, or as the second with the day told as the first.
    ("ky", "Ал 28-сентябрда кармалып, бир күндөн кийин бошотулду.", "бир күндөн кийин",
     "2024-09-29"),
    ("ky", "Ал 28-сентябрда кармалып, экинчи күнү бошотулду.", "экинчи күнү", "2024-09-29"),
    ("ru", "Его задержали 28 сентября и отпустили на второй день.", "на второй день",
     "2024-09-29"),
    ("en", "He was detained on 28 September and released on the second day.",
     "on the second day", "2024-09-29"),
    # A day and month in digits without a year, read as "12 March" without a year is.
    ("ru", "Его задержали 28.09, а 30.09 суд избрал меру пресечения.", "28.09", "2024-09-28?"),
    ("ru", "Его задержали 28.09, а 30.09 суд избрал меру пресечения.", "30.09", "2024-09-30?"),
    ("ru", "Суд рассмотрит жалобу защиты 19.11.", "19.11", "2024-11-19?"),
    ("ru", "Его задержали 19.11.", "19.11", "2023-11-19?"),
    ("en", "On 09/04 investigators charged him.", "On 09/04", "2024-04-09?"),
    ("en", "He was charged on 28/09 and released on 30/09.", "on 30/09", "2024-09-30?"),
    ("en", "The appeal will be heard on 11/15.", "on 11/15", "2024-11-15?"),
    ("ky", "27.09 күнү сот аны камакка алды.", "27.09", "2024-09-27?"),
]  # fmt: skip


def _read(text: str, language: str, on: date = DOCUMENT) -> list[tuple[str, str]]:
    return read_dates(text, language, on)


@pytest.mark.parametrize("row", WORDINGS, ids=[f"{row[0]}-{row[2]}" for row in WORDINGS])
def test_wordings_in_three_languages(row: tuple[object, ...]) -> None:
    assert_wording_read(row, DOCUMENT)


# (language, text, what must be read): near misses and readings that must stay as they were.
KEPT = [
    # Words that end as a participle does and are none: plurals, nouns, an adverb; and a
    # participle not before a verb of saying.
    ("ky", "Ал 25-октябрда өз талаптарын айтты.", [("25-октябрда", "2023-10-25?")]),
    ("ky", "Ал 25-октябрда балдарын көрдү.", [("25-октябрда", "2023-10-25?")]),
    ("ky", "Ал 25-октябрда шаарын таштап кеткенин айтты.", [("25-октябрда", "2023-10-25?")]),
    ("ky", "Ал 25-октябрда акырын айтты.", [("25-октябрда", "2023-10-25?")]),
    ("ky", "Ал 25-октябрда кабарын айтты.", [("25-октябрда", "2023-10-25?")]),
    ("ky", "Ал 25-октябрда тамак болду.", [("25-октябрда", "2023-10-25?")]),
    ("ky", "Ал 25-октябрда бармак болду.", [("25-октябрда", "2023-10-25?")]),
    # The third person plural and the reflexive tell of the present ("they say", "worries").
    ("ky", "Алар 25-октябрда келишкенин айтышат.", [("25-октябрда", "2023-10-25?")]),
    ("ky", "Ал 25-октябрда болгон окуядан кооптонот.", [("25-октябрда", "2023-10-25?")]),
    # Vowel stems in "-йт" tell of the present; a locative before "турган" is no converb.
    ("ky", "Ал 25-октябрдан бери базарда иштейт.", [("25-октябрдан бери", "2023-10-25?")]),
    ("ky", "Ал 25-октябрда жанымда турган.", [("25-октябрда", "2023-10-25?")]),
    ("ky", "Ал 25-октябрда вебсайт ачкан.", [("25-октябрда", "2023-10-25?")]),
    # The centre's name before "маалымат" (information) is no participle.
    ("ky", "Борбордун 25-октябрда берген маалыматы боюнча борбору маалымат таратты.",
     [("25-октябрда", "2023-10-25?")]),
    # A weekday in a past clause, or with only a word of order ("the next day"), or before a
    # comma that ends its clause, is the latest such day.
    ("en", "On Monday, the court said it will rule soon.", [("On Monday", "2024-09-30")]),
    ("en", "On Monday he was detained and the next day he was released.",
     [("On Monday", "2024-09-30"), ("the next day", "2024-10-01")]),
    ("ru", "В понедельник его задержали, а на следующий день отпустили.",
     [("В понедельник", "2024-09-30"), ("на следующий день", "2024-10-01")]),
    ("ky", "Дүйшөмбү күнү тергөөчү иш сотко жөнөтүлөрүн айтты.",
     [("Дүйшөмбү күнү", "2024-09-30")]),
    ("ru", "В понедельник её допрашивали без адвоката.", [("В понедельник", "2024-09-30")]),
    # "The next day" with no day told before it: in a past clause the day after the document's
    # date has not come; in one about the future it is that day.
    ("ky", "Ал түнү кармалды, эртеси сотко алып барышты.", []),
    ("ru", "На следующий день его отпустили.", []),
    ("en", "The next day he was released.", []),
    ("en", "The court will rule the next day.", [("the next day", "2024-10-04")]),
    ("ru", "На следующей неделе его отпустили.", []),
    # Vague stretches and "since then" name no date, as the annotated documents have them.
    ("ru", "Суд рассмотрит жалобу в ближайшие дни.", []),
    ("en", "The court is expected to rule in the coming days.", []),
    ("ky", "Сот жакынкы күндөрү чечим чыгарат.", []),
    ("en", "He was detained on 28 September. Since then his family has not seen him.",
     [("on 28 September", "2024-09-28?")]),
    ("ru", "Его задержали 28 сентября. С тех пор его никто не видел.",
     [("28 сентября", "2024-09-28?")]),
    ("ky", "Ал 25-сентябрда кармалды. Ошондон бери аны көрө элекмин.",
     [("25-сентябрда", "2024-09-25?")]),
    # Numbers with a dot that are times, sums, article numbers, parts of longer numbers, or
    # no day of a month.
    ("ru", "Встреча в 10.05 у суда.", []),
    ("ru", "Он пришёл в 18.30.", []),
    ("ru", "Штраф 12.03 сома.", []),
    ("ru", "Нарушение ст. 12.03 КоАП.", []),
    ("ru", "Версия 1.12.03 вышла.", []),
    ("ru", "Значение 12.03.5 получено.", []),
    ("ru", "Его задержали 31.02.", []),
    ("en", "Police came at 10.05 and left.", []),
    ("ky", "Алар саат 10.05те келишти.", []),
    ("ru", "Он набрал 12.5 балла.", []),
    # Full dates with dots keep their year.
    ("ru", "Его задержали 28.09.2023.", [("28.09.2023", "2023-09-28")]),
]  # fmt: skip


@pytest.mark.parametrize(("language", "text", "expected"), KEPT)
def test_readings_kept(language: str, text: str, expected: list[tuple[str, str]]) -> None:
    assert _read(text, language) == expected


_DOCUMENT_DATES = st.dates(min_value=date(1990, 1, 1), max_value=date(2060, 12, 31))
_KY_MONTHS = [
    "январда", "февралда", "мартта", "апрелде", "майда", "июнда", "июлда", "августта",
    "сентябрда", "октябрда", "ноябрда", "декабрда",
]  # fmt: skip
# Kyrgyz verb stems and their future participle with the possessive and accusative.
_PARTICIPLES = [
    "болорун", "болоорун", "келерин", "калаарын", "каралаарын", "жөнөтүлөрүн", "өткөрөрүн",
    "бошотуларын", "чыгарарын", "берилерин", "көрөрүн", "кетерин",
]  # fmt: skip
_SAYING = ["айтты", "билдирди", "билдиришти", "ырастады", "эскертти", "маалымдады"]


@given(
    _DOCUMENT_DATES,
    st.integers(min_value=1, max_value=28),
    st.integers(min_value=1, max_value=12),
    st.sampled_from(_PARTICIPLES),
    st.sampled_from(_SAYING),
)
def test_a_kyrgyz_participle_of_the_future_reads_the_nearest_such_day(
    on: date, day: int, month: int, participle: str, saying: str
) -> None:
    """Before a verb of saying, any future participle puts a day without a year at the one
    nearest the document's date, after it or before, as a word of the future does; the same
    sentence in the past tense keeps the latest such day not after the document's date."""
    future = _read(f"Сот {day}-{_KY_MONTHS[month - 1]} {participle} {saying}.", "ky", on)
    past = _read(f"Сот {day}-{_KY_MONTHS[month - 1]} болду.", "ky", on)
    assert len(future) == 1 and len(past) == 1
    candidates = [date(on.year + k, month, day) for k in (-1, 0, 1)]
    nearest = min(candidates, key=lambda d: abs((d - on).days))
    latest = max(d for d in candidates if d <= on)
    assert future[0][1] == f"{nearest.isoformat()}?"
    assert past[0][1] == f"{latest.isoformat()}?"


_ENDINGS = ["арын", "ерин", "орун", "өрүн", "аарын", "ээрин", "оорун", "өөрүн"]
_CYRILLIC = "абвгдеёжзийклмнңоөпрстуүфхцчшщъыьэюя"


@given(st.text(alphabet=_CYRILLIC, max_size=8), st.sampled_from(_ENDINGS))
def test_the_participle_matcher_needs_a_verb_of_saying_after_it(stem: str, ending: str) -> None:
    """No word is a participle of the future without a verb of saying or knowing after it, and
    none with a stem shorter than three letters, whatever its ending."""
    forms = date_grammar(("ky",)).future_forms
    alone = tokenize(f"{stem}{ending} көрдү")
    assert not forms.tells(alone, 0) or forms.intends(alone, 0)
    short = tokenize(f"{stem[:2]}{ending} айтты")
    assert not forms.tells(short, 0)


@given(
    st.text(alphabet="бвгджзйклмнңпрстфхцчш", min_size=1, max_size=3),
    st.sampled_from(["арын", "ерин", "орун", "өрүн"]),
    st.sampled_from(["д", "т", "л"]),
)
def test_a_plural_noun_is_no_participle(stem: str, ending: str, plural: str) -> None:
    """A noun with the plural's consonant after a consonant ("талап-тарын", "бал-дарын",
    "үй-лөрүн") is no participle, whatever stands before it."""
    forms = date_grammar(("ky",)).future_forms
    word = f"а{stem}{plural}{ending}"
    assert not forms.tells(tokenize(f"{word} айтты"), 0)


_MONTHS_EN = [calendar.month_name[m] for m in range(1, 13)]


@given(_DOCUMENT_DATES, st.dates(min_value=date(2000, 1, 1), max_value=date(2000, 12, 31)))
def test_a_day_and_month_in_digits_read_as_the_named_day(on: date, day: date) -> None:
    """Days as "dd.mm" and "dd/mm" are read as "d Month" without a year is, for any day of the
    year and any document date: the same value, its year inferred."""
    named = find_dates(f"He was held on {day.day} {_MONTHS_EN[day.month - 1]}.", on, "en")
    assert len(named) == 1
    for mark in "./":
        text = f"He was held on {day.day:02d}{mark}{day.month:02d} by the police."
        found = find_dates(text, on, "en")
        assert len(found) == 1
        assert found[0][2].canonical() == named[0][2].canonical()
        assert found[0][2].year_inferred


@given(_DOCUMENT_DATES, st.integers(min_value=0, max_value=6))
def test_a_weekday_of_the_future_is_the_coming_one(on: date, weekday: int) -> None:
    """A weekday in a clause about what is to come is that weekday within the seven days from
    the document's date; the same weekday in a past clause within the seven days before it."""
    name = calendar.day_name[weekday]
    coming = _read(f"The hearing will take place on {name}.", "en", on)
    past = _read(f"The hearing took place on {name}.", "en", on)
    ahead, back = date.fromisoformat(coming[0][1]), date.fromisoformat(past[0][1])
    assert ahead.weekday() == weekday == back.weekday()
    assert timedelta(0) <= ahead - on < timedelta(days=7)
    assert timedelta(0) <= on - back < timedelta(days=7)

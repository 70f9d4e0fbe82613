"""Periods told from the document's date and the parts and lists of dates the earlier tables
left out, as extraction reads them: the beginning, middle and end of last week and this one, a
weekend without "last", the past days, weeks, months and years ("over the past three months",
"за последние две недели", "акыркы үч айда") and the recent ones, "last December" (the latest
December before the document's month), parts of a decade ("the early 2000s", "в начале
2010-х", "2010-жылдардын аягында"), "2021-22", Kyrgyz days listed with hanging hyphens
("3-, 5- жана 7-январда"), Kyrgyz lists of dates each with its own year, "Март айындагы".

Values are in the canonical (EDTF) form for a document dated Wednesday 20 March 2024 unless a
row gives its own date; "?" marks a year taken from the document's date.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.extract_pipeline.date_readings import assert_wording_read, read_dates

from docket.extract.relative_dates import dates_in
from docket.model import Precision, UncertainDate

DOCUMENT = date(2024, 3, 20)  # a Wednesday
JANUARY = date(2024, 1, 10)  # a Wednesday, for months of the year before

# (language, text, phrase, value[, document date]): the phrase must be read with that value.
WORDINGS = [
    # Parts of a week: Monday to Wednesday, Tuesday to Thursday, Friday to Sunday.
    ("en", "At the end of last week officers came.", "At the end of last week",
     "2024-03-15/2024-03-17"),
    ("en", "Early last week officers came.", "Early last week", "2024-03-11/2024-03-13"),
    ("en", "Early this week officers came.", "Early this week", "2024-03-18/2024-03-20"),
    ("ru", "В конце прошлой недели его задержали.", "В конце прошлой недели",
     "2024-03-15/2024-03-17"),
    ("ru", "В середине прошлой недели его задержали.", "В середине прошлой недели",
     "2024-03-12/2024-03-14"),
    ("ru", "В начале этой недели его задержали.", "В начале этой недели",
     "2024-03-18/2024-03-20"),
    ("ru", "В начале этой недели его задержали.", "В начале этой недели",
     "2024-03-18/2024-03-20", date(2024, 3, 22)),
    ("ky", "Өткөн жуманын аягында аны кармашты.", "Өткөн жуманын аягында",
     "2024-03-15/2024-03-17"),
    ("ky", "Өткөн жуманын башында аны кармашты.", "Өткөн жуманын башында",
     "2024-03-11/2024-03-13"),
    ("ky", "Ушул жуманын башында аны кармашты.", "Ушул жуманын башында",
     "2024-03-18/2024-03-19", date(2024, 3, 19)),
    # A weekend without "last" is the last one before the document's date.
    ("ru", "На выходных пришла полиция.", "На выходных", "2024-03-16/2024-03-17"),
    ("ky", "Дем алыш күндөрү милиция келди.", "Дем алыш күндөрү", "2024-03-16/2024-03-17"),
    # The past days and weeks, day by day; weeks are calendar weeks, as recent months are.
    ("en", "In the last two days he was held.", "In the last two days", "2024-03-18/2024-03-20"),
    ("en", "Over the past two weeks twelve people were detained.", "Over the past two weeks",
     "2024-03-04/2024-03-20"),
    ("en", "In recent weeks police came.", "In recent weeks", "2024-02-26/2024-03-20"),
    ("ru", "За последние две недели задержаны 12 человек.", "За последние две недели",
     "2024-03-04/2024-03-20"),
    ("ru", "За последние 10 дней задержаны 12 человек.", "За последние 10 дней",
     "2024-03-10/2024-03-20"),
    ("ru", "В последние недели приходила полиция.", "В последние недели",
     "2024-02-26/2024-03-20"),
    ("ky", "Акыркы эки жумада 12 киши кармалган.", "Акыркы эки жумада", "2024-03-04/2024-03-20"),
    ("ky", "Акыркы жумаларда милиция келди.", "Акыркы жумаларда", "2024-02-26/2024-03-20"),
    # The past months and years, whole: the document's and that many before.
    ("en", "Over the past three months 14 residents were summoned.",
     "Over the past three months", "2023-12/2024-03"),
    ("en", "In recent years police came.", "In recent years", "2021/2024"),
    ("ru", "За последние три месяца задержаны 12 человек.", "За последние три месяца",
     "2023-12/2024-03"),
    ("ru", "За последние 5 лет задержаны 12 человек.", "За последние 5 лет", "2019/2024"),
    ("ru", "В последние годы приходила полиция.", "В последние годы", "2021/2024"),
    ("ky", "Акыркы үч айда 12 киши кармалган.", "Акыркы үч айда", "2023-12/2024-03"),
    ("ky", "Акыркы жылдары милиция келди.", "Акыркы жылдары", "2021/2024"),
    # The past year is last year, as "in the past year" is.
    ("ru", "За прошлый год задержаны 12 человек.", "За прошлый год", "2023"),
    ("en", "Over the past year police came.", "Over the past year", "2023"),
    ("ky", "Акыркы бир жылда 12 киши кармалган.", "Акыркы бир жылда", "2023"),
    ("ru", "В предыдущем году его задержали.", "В предыдущем году", "2023"),
    ("ky", "Мурунку жылы аны кармашкан.", "Мурунку жылы", "2023"),
    # "Last December": the latest December before the document's month.
    ("en", "Last December he was detained.", "Last December", "2023-12", JANUARY),
    ("en", "He was detained last March.", "last March", "2023-03"),
    ("en", "He was detained last March.", "last March", "2024-03", date(2024, 6, 20)),
    ("ru", "В прошлом декабре его задержали.", "В прошлом декабре", "2023-12", JANUARY),
    ("ky", "Өткөн декабрда аны кармашты.", "Өткөн декабрда", "2023-12", JANUARY),
    # Parts of a decade: years 0-3, 4-6 and 7-9, at year precision.
    ("en", "In the early 2000s the union was banned.", "In the early 2000s", "2000/2003"),
    ("en", "In the late 1990s the union was banned.", "In the late 1990s", "1997/1999"),
    ("en", "In the mid-2010s the union was banned.", "In the mid-2010s", "2014/2016"),
    ("ru", "В начале 2000-х профсоюз запретили.", "В начале 2000-х", "2000/2003"),
    ("ru", "В середине 2010-х годов его вызывали.", "В середине 2010-х годов", "2014/2016"),
    ("ru", "В конце 90-х его вызывали.", "В конце 90-х", "1997/1999"),
    ("ru", "Он ведёт канал с начала 2010-х.", "с начала 2010-х", "2010/2013"),
    ("ky", "2000-жылдардын башында профсоюзга тыюу салынган.", "2000-жылдардын башында",
     "2000/2003"),
    ("ky", "2010-жылдардын аягында кеңешти түзгөн.", "2010-жылдардын аягында", "2017/2019"),
    ("ky", "2000-жылдардын башынан бери нааразыбыз.", "2000-жылдардын башынан бери",
     "2000/2003"),
    # Two years written as one with the second's last two digits.
    ("en", "In 2021-22 he was in prison.", "In 2021-22", "2021/2022"),
    ("en", "He was in prison in 2021–22.", "in 2021–22", "2021/2022"),
    ("ru", "В 2021–22 гг. его преследовали.", "В 2021–22 гг.", "2021/2022"),
    ("ru", "В 2021-22 годах его преследовали.", "В 2021-22 годах", "2021/2022"),
    # Kyrgyz days listed with hanging hyphens share the last day's month.
    ("ky", "Пенсионерлер 3-, 5- жана 7-январда пикетке чыгышкан.", "3-, 5- жана 7-январда",
     "2024-01-03?/2024-01-07?", JANUARY),
    ("ky", "Аны 3-, 5-, 6- жана 7-мартта кармашты.", "3-, 5-, 6- жана 7-мартта",
     "2024-03-03?/2024-03-07?"),
    # Kyrgyz dates listed each with its own year are two dates.
    ("ky", "2023-жылдын апрелинде жана 2024-жылдын майында милиция келди.",
     "2023-жылдын апрелинде", "2023-04"),
    ("ky", "2023-жылдын апрелинде жана 2024-жылдын майында милиция келди.",
     "2024-жылдын майында", "2024-05"),
    ("ky", "2023-жылдын 5-апрелинде жана 2024-жылдын 7-майында милиция келди.",
     "2024-жылдын 7-майында", "2024-05-07"),
    # A month with "айындагы" (of the month), "this year" in its formal Kyrgyz wording, and
    # "throughout" a month.
    ("ky", "Март айындагы укук бузууларга мониторинг", "Март айындагы", "2024-03?"),
    ("ky", "Үстүбүздөгү жылдын 16-мартында милиция келди.", "Үстүбүздөгү жылдын 16-мартында",
     "2024-03-16"),
    ("ru", "В течение марта пришла полиция.", "В течение марта", "2024-03?"),
    ("ru", "На протяжении 2023 года пришла полиция.", "На протяжении 2023 года", "2023"),
    ("en", "Throughout March police came.", "Throughout March", "2024-03?"),
    # The end of a term that runs on, or of a deadline, is the nearest such day to the
    # document's date, though the verb that set it is in the past.
    ("en", "The court extended his detention until 2 May.", "until 2 May", "2024-05-02?"),
    ("en", "His detention was extended by two months, until 20 May.", "until 20 May",
     "2024-05-20?"),
    ("en", "He must report to police by 1 April.", "by 1 April", "2024-04-01?"),
    ("en", "The ban runs until the end of May.", "until the end of May",
     "2024-05-21?/2024-05-31?"),
    ("ru", "Суд продлил арест до 2 мая.", "до 2 мая", "2024-05-02?"),
    ("ru", "Арест продлён до 20 мая.", "до 20 мая", "2024-05-20?"),
    ("ru", "Запрет действует до конца мая.", "до конца мая", "2024-05-21?/2024-05-31?"),
    ("ru", "Ему предписано явиться в полицию до 1 апреля.", "до 1 апреля", "2024-04-01?"),
    ("ky", "Сот камак мөөнөтүн 2-майга чейин узартты.", "2-майга чейин", "2024-05-02?"),
    ("ky", "Тыюу май айынын аягына чейин күчүндө.", "май айынын аягына чейин",
     "2024-05-21?/2024-05-31?"),
    ("ru", "Не позднее 1 апреля он должен уехать.", "Не позднее 1 апреля", "2024-04-01?"),
    ("en", "He must leave no later than 1 April.", "no later than 1 April", "2024-04-01?"),
    ("en", "Kalkan urges the authorities to release him before 2 April.", "before 2 April",
     "2024-04-02?"),
    ("en", "The Ombudsman has until 2 April to respond.", "until 2 April", "2024-04-02?"),
    # Verbs of what is to come in the present tense put a day in the future, as "will" does.
    ("en", "The trial resumes on 2 April.", "on 2 April", "2024-04-02?"),
    ("en", "The trial opens on 2 April.", "on 2 April", "2024-04-02?"),
    ("ru", "Суд возобновится 2 апреля.", "2 апреля", "2024-04-02?"),
    ("ru", "Апелляционный суд примет решение 2 апреля.", "2 апреля", "2024-04-02?"),
    ("ru", "Процесс откроется 2 апреля.", "2 апреля", "2024-04-02?"),
    ("ky", "Апелляциялык сот 2-апрелде чечим чыгарат.", "2-апрелде", "2024-04-02?"),
    ("ky", "Иш 2-апрелде кароого алынат.", "2-апрелде", "2024-04-02?"),
    # "The week" without a name: the week of the day told before, else the document's, and its
    # parts; "by the end of the month" as "at the end of the month".
    ("ru", "В конце недели пришла полиция.", "В конце недели", "2024-03-22/2024-03-24"),
    ("ru", "3 марта его задержали. В конце недели его отпустили.", "В конце недели",
     "2024-03-01?/2024-03-03?"),
    ("en", "By the end of the week the court will rule.", "By the end of the week",
     "2024-03-22/2024-03-24"),
    ("ky", "Жуманын ортосунда милиция келди.", "Жуманын ортосунда", "2024-03-19/2024-03-21"),
    ("ru", "До конца месяца суд вынесет решение.", "До конца месяца", "2024-03-21/2024-03-31"),
    ("en", "By the end of the month the court will rule.", "By the end of the month",
     "2024-03-21/2024-03-31"),
    ("ky", "Айдын аягына чейин сот чечим чыгарат.", "Айдын аягына чейин",
     "2024-03-21/2024-03-31"),
    # Since a weekday, last year or last summer, in the case "с" and "бери" take.
    ("ru", "С понедельника его держат.", "С понедельника", "2024-03-18"),
    ("ru", "С прошлого года его преследуют.", "С прошлого года", "2023"),
    ("ru", "С прошлого лета его преследуют.", "С прошлого лета", "2023-22"),
    ("ky", "Дүйшөмбүдөн бери ал камакта.", "Дүйшөмбүдөн бери", "2024-03-18"),
    ("ky", "Былтыртан бери аны куугунтукташат.", "Былтыртан бери", "2023"),
    ("en", "This past weekend police came.", "This past weekend", "2024-03-16/2024-03-17"),
    # A day named by its number alone: of the month told last, else of the document's month
    # when that day has come, else of the month before.
    ("en", "He was detained on 3 March 2023 and released on the 5th.", "on the 5th",
     "2023-03-05"),
    ("en", "He was detained on 3 March and released on the 5th.", "on the 5th", "2024-03-05?"),
    ("en", "Police came on the 14th.", "on the 14th", "2024-03-14"),
    ("en", "Police came on the 24th.", "on the 24th", "2024-02-24"),
    ("ru", "В мае 2022 года его задержали, а 14 числа отпустили.", "14 числа", "2022-05-14"),
    ("ru", "3 марта его задержали, а 5-го числа отпустили.", "5-го числа", "2024-03-05?"),
    ("ru", "24 числа его задержали.", "24 числа", "2024-02-24"),
    ("ky", "Ал 2023-жылдын 3-мартында кармалып, ошол айдын 5-күнү бошотулган.",
     "ошол айдын 5-күнү", "2023-03-05"),
    ("en", "Police came twice in March: on the 3rd and the 17th.", "and the 17th",
     "2024-03-17?"),
    # Days counted with the day told as the first, and days counted after it.
    ("en", "I was detained on 3 March. On the third day they let me call my wife.",
     "On the third day", "2024-03-05"),
    ("ru", "Меня задержали 3 марта. На третий день мне разрешили позвонить жене.",
     "На третий день", "2024-03-05"),
    ("ky", "Мени 3-мартта кармашты. Үчүнчү күнү аялыма чалууга уруксат беришти.",
     "Үчүнчү күнү", "2024-03-05"),
    ("en", "I was detained on 3 March. After ten days I was released.", "After ten days",
     "2024-03-13"),
    ("en", "I was detained on 3 March. Ten days after my arrest I was released.",
     "Ten days after", "2024-03-13"),
    ("ky", "3-мартта кармашты. Эртесинде бошотушту.", "Эртесинде", "2024-03-04"),
    ("ky", "3-мартта кармашты. Эртеңкиси бошотушту.", "Эртеңкиси", "2024-03-04"),
    # A winter moved into the year of the story ends on the last day of that year's February.
    ("ru", "Его задержали 05/01/24, а зимой избили.", "зимой", "2024-24?", date(2035, 3, 12)),
    ("ru", "5 января 2024 года его задержали. Зимой его избили.", "Зимой", "2024-24?",
     date(2035, 3, 12)),
    # Days and weeks counted back from the document's date by any number.
    ("en", "Ten days ago police came.", "Ten days ago", "2024-03-10"),
    ("ru", "10 дней назад пришла полиция.", "10 дней назад", "2024-03-10"),
    ("ru", "Пять недель назад пришла полиция.", "Пять недель назад", "2024-02-14"),
    ("en", "Three weeks ago police came.", "Three weeks ago", "2024-02-28"),
    # The night towards a weekday is it and the day before, as "в ночь на воскресенье" is and as
    # the gold format has the night of 14 to 15 August.
    ("ky", "Жекшембиге караган түнү милиция келди.", "Жекшембиге караган түнү",
     "2024-03-16/2024-03-17"),
    # A weekday with its week named beside it is that week's day.
    ("en", "On Monday last week police came.", "On Monday last week", "2024-03-11"),
    ("en", "On Monday this week police came.", "On Monday this week", "2024-03-18"),
    ("ru", "В среду на прошлой неделе пришла полиция.", "В среду на прошлой неделе",
     "2024-03-13"),
    ("ru", "В пятницу прошлой недели пришла полиция.", "В пятницу прошлой недели", "2024-03-15"),
    ("ky", "Өткөн жуманын шаршемби күнү милиция келди.", "Өткөн жуманын шаршемби күнү",
     "2024-03-13"),
]  # fmt: skip


def _read(text: str, language: str, on: date = DOCUMENT) -> list[tuple[str, str]]:
    return read_dates(text, language, on)


@pytest.mark.parametrize("row", WORDINGS, ids=[f"{row[0]}-{row[2]}" for row in WORDINGS])
def test_wordings_in_three_languages(row: tuple[object, ...]) -> None:
    assert_wording_read(row, DOCUMENT)


# (language, text, what must be read): readings that must stay as they were.
KEPT = [
    # A range that runs from one year into the next keeps its two ends.
    ("ky", "2023-жылдын 10-декабрынан 2024-жылдын 5-январына чейин камакта.",
     [("2023-жылдын 10-декабрынан 2024-жылдын 5-январына чейин", "2023-12-10/2024-01-05")]),
    ("en", "On 7 August 2019 and 8 May 2020 police came.",
     [("On 7 August 2019", "2019-08-07"), ("8 May 2020", "2020-05-08")]),
    # "2021-22" alone is also the canonical form of summer 2021, and "2019-21" of spring 2019.
    ("en", "The 2021-22 season.", []),
    ("en", "2019-21", []),
    # A later year only: "2021-19" is no stretch of years.
    ("en", "In 2021-19 he was in prison.", [("In 2021", "2021")]),
    # The last days of a named month are that month's, not the days before the document's.
    ("en", "In the last two days of March he was held.", []),
    # Whole decades and the parts of a single year are read as before.
    ("en", "In the 1990s the union was banned.", [("In the 1990s", "1990/1999")]),
    ("ru", "В начале 2000 года его вызывали.", [("В начале 2000 года", "2000-01/2000-04")]),
    ("ky", "2000-жылдын башында тыюу салынган.", [("2000-жылдын башында", "2000-01/2000-04")]),
    # The document's own week still ends on its date.
    ("ru", "На этой неделе его вызвали.", [("На этой неделе", "2024-03-18/2024-03-20")]),
    ("en", "Last weekend police came.", [("Last weekend", "2024-03-16/2024-03-17")]),
    # A term that ended before the document's date stays there; a stay told in the past
    # without a word of a term keeps the latest such day.
    ("ru", "5 января суд продлил арест до 2 марта.",
     [("5 января", "2024-01-05?"), ("до 2 марта", "2024-03-02?")]),
    ("en", "He was held until 2 May.", [("until 2 May", "2023-05-02?")]),
    ("ru", "Его держали до 2 мая.", [("до 2 мая", "2023-05-02?")]),
    # A number alone is no date where a word follows it, nor where a month does.
    ("en", "He lives on the 5th floor.", []),
    ("ky", "Ал ушул айдын 5инде кармалды.", [("ушул айдын 5инде", "2024-03-05")]),
    # A weekday and a week in sentences of their own stay two dates.
    ("en", "On Monday police came. Last week the court refused.",
     [("On Monday", "2024-03-18"), ("Last week", "2024-03-11/2024-03-17")]),
    # Words of a term do not move a date that is no end of one.
    ("en", "On 2 May the court extended his detention.", [("On 2 May", "2023-05-02?")]),
]  # fmt: skip


@pytest.mark.parametrize(("language", "text", "expected"), KEPT)
def test_readings_kept(language: str, text: str, expected: list[tuple[str, str]]) -> None:
    assert _read(text, language) == expected


_DOCUMENT_DATES = st.dates(min_value=date(1990, 1, 1), max_value=date(2060, 12, 31))


def _one(text: str, language: str, on: date) -> UncertainDate:
    found = dates_in(text, language, on)
    assert len(found) == 1, found
    return found[0][2]


@given(_DOCUMENT_DATES, st.integers(min_value=2, max_value=12), st.sampled_from(["en", "ru", "ky"]))
def test_past_weeks_are_calendar_weeks_up_to_the_document(
    on: date, weeks: int, language: str
) -> None:
    text = {
        "en": f"Over the past {weeks} weeks he was summoned.",
        "ru": f"За последние {weeks} недель его вызывали.",
        "ky": f"Акыркы {weeks} жумада аны чакырышты.",
    }[language]
    value = _one(text, language, on)
    assert value.precision is Precision.DAY
    assert value.start is not None and value.end == on
    assert value.start.weekday() == 0
    assert value.start == on - timedelta(days=on.weekday(), weeks=weeks)


@given(_DOCUMENT_DATES, st.integers(min_value=2, max_value=12), st.sampled_from(["en", "ru", "ky"]))
def test_past_months_hold_the_document_month_and_those_before(
    on: date, months: int, language: str
) -> None:
    text = {
        "en": f"Over the past {months} months he was summoned.",
        "ru": f"За последние {months} месяцев его вызывали.",
        "ky": f"Акыркы {months} айда аны чакырышты.",
    }[language]
    value = _one(text, language, on)
    assert value.precision is Precision.MONTH
    assert value.start is not None and value.end is not None
    assert value.start.day == 1
    assert value.end == date(on.year, on.month, calendar.monthrange(on.year, on.month)[1])
    assert (on.year - value.start.year) * 12 + on.month - value.start.month == months


@given(_DOCUMENT_DATES, st.sampled_from(["early", "mid", "late"]), st.sampled_from(["en", "ru"]))
def test_parts_of_last_week_are_its_days(on: date, part: str, language: str) -> None:
    text = {
        ("en", "early"): "Early last week he was summoned.",
        ("en", "mid"): "In the middle of last week he was summoned.",
        ("en", "late"): "Late last week he was summoned.",
        ("ru", "early"): "В начале прошлой недели его вызвали.",
        ("ru", "mid"): "В середине прошлой недели его вызвали.",
        ("ru", "late"): "В конце прошлой недели его вызвали.",
    }[(language, part)]
    value = _one(text, language, on)
    monday = on - timedelta(days=on.weekday(), weeks=1)
    low, high = {"early": (0, 2), "mid": (1, 3), "late": (4, 6)}[part]
    assert (value.start, value.end) == (monday + timedelta(days=low), monday + timedelta(days=high))


_MONTHS_EN = [calendar.month_name[m] for m in range(1, 13)]


@given(_DOCUMENT_DATES, st.integers(min_value=1, max_value=12))
def test_last_month_of_a_name_is_the_latest_before_the_document_month(on: date, month: int) -> None:
    value = _one(f"He was detained last {_MONTHS_EN[month - 1]}.", "en", on)
    assert value.precision is Precision.MONTH
    assert value.start is not None and value.start.month == month
    before = (on.year - value.start.year) * 12 + on.month - month
    assert 1 <= before <= 12


@given(
    st.integers(min_value=190, max_value=209).map(lambda n: n * 10),
    st.sampled_from([("early", 0, 3), ("mid", 4, 6), ("late", 7, 9)]),
)
def test_parts_of_any_decade(decade: int, part: tuple[str, int, int]) -> None:
    name, low, high = part
    russian = {"early": "начале", "mid": "середине", "late": "конце"}[name]
    kyrgyz = {"early": "башында", "mid": "ортосунда", "late": "аягында"}[name]
    for language, text in (
        ("en", f"In the {name} {decade}s the union was banned."),
        ("ru", f"В {russian} {decade}-х годов."),
        ("ky", f"{decade}-жылдардын {kyrgyz}."),
    ):
        value = _one(text, language, DOCUMENT)
        assert value.precision is Precision.YEAR
        assert (value.start, value.end) == (date(decade + low, 1, 1), date(decade + high, 12, 31))
        again = UncertainDate.parse(value.canonical())
        assert (again.start, again.end) == (value.start, value.end)
        assert again.precision is value.precision


@given(st.integers(min_value=1950, max_value=2090), st.integers(min_value=1, max_value=9))
def test_two_digit_year_ends(year: int, more: int) -> None:
    last = year + more
    if last // 100 != year // 100:
        return
    value = _one(f"In {year}–{last % 100:02d} he was in prison.", "en", DOCUMENT)
    assert (value.start, value.end) == (date(year, 1, 1), date(last, 12, 31))


@given(
    st.lists(st.integers(min_value=1, max_value=28), min_size=3, max_size=5, unique=True).map(
        sorted
    ),
    st.integers(min_value=1, max_value=12),
)
def test_kyrgyz_days_listed_with_hanging_hyphens(days: list[int], month: int) -> None:
    months = ["январда", "февралда", "мартта", "апрелде", "майда", "июнда", "июлда", "августта",
              "сентябрда", "октябрда", "ноябрда", "декабрда"]  # fmt: skip
    listed = ", ".join(f"{day}-" for day in days[:-2])
    phrase = f"{listed}, {days[-2]}- жана {days[-1]}-{months[month - 1]}"
    found = _read(f"Аны {phrase} кармашты.", "ky", date(2030, 1, 1))
    assert len(found) == 1 and found[0][0] == phrase
    value = UncertainDate.parse(found[0][1])
    assert value.start is not None and value.end is not None
    assert (value.start.day, value.end.day, value.start.month) == (days[0], days[-1], month)

"""The day a relative phrase counts from, as extraction reads it: a statement's own day ("said on
3 March that the court would rule in two weeks", "Адвокат 5-майда эртең эле даттанарын айтты",
"Ал 11-майда: «Эртең барам», – деди"), a weekday that dates a statement or a postponement
("said on Monday that she would", "On Friday the court postponed the hearing to 20 March"), the
story's day after a step back ("Накануне … На следующий день"), not a deadline ("до 12 мая.
Спустя неделю …"); the week of the day told ("that same week", "ошол эле жумада"); the Kyrgyz
present-future ending a clause inside its sentence ("20-майда карайт жана …"); and recurring
weekdays ("every Monday", "каждый понедельник", "ар дүйшөмбү күнү"), which name no one day and
are no dates, nor is a day word that ends an outlet's name ("Talas Today").

Values are in the canonical (EDTF) form for a document dated Tuesday 11 March 2025 unless a row
gives its own date; "?" marks a year taken from the document's date.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.extract_pipeline.date_readings import assert_wording_read, read_dates

DOCUMENT = date(2025, 3, 11)  # a Tuesday
MAY = date(2025, 5, 14)  # a Wednesday

# (language, text, phrase, value[, document date]): the phrase must be read with that value.
WORDINGS = [
    # A period counted forward inside a statement dated before it: from the statement's day.
    ("en", "Nurmatova said on 3 March that the court would rule in two weeks.", "in two weeks",
     "2025-03-17"),
    ("en", "On 3 March the lawyer said the court would decide in ten days.", "in ten days",
     "2025-03-13"),
    ("en", "On 3 March he said the verdict would come in a week.", "in a week", "2025-03-10"),
    ("en", "The court will rule in two weeks.", "in two weeks", "2025-03-25"),
    # Kyrgyz days counted from the document's, inside speech dated in its clause.
    ("ky", "Адвокат 5-майда эртең эле соттун чечимине даттанарын айтты.", "эртең", "2025-05-06",
     MAY),
    ("ky", "Ал 11-майда «Ордо Пресске»: «Эртең кайра барам», – деди.", "Эртең", "2025-05-12",
     MAY),
    ("ky", "Адвокат 5-майда бүгүн тергөөчүгө арыз бергенин билдирди.", "бүгүн", "2025-05-05",
     MAY),
    # A weekday right after a verb of saying dates the statement, which has been made.
    ("en", "Nurmatova said on Monday that she would visit her client the following day.",
     "on Monday", "2025-03-10"),
    ("en", "Nurmatova said on Monday that she would visit her client the following day.",
     "the following day", "2025-03-11"),
    ("en", "The lawyer told reporters on Friday that the court would rule soon.", "on Friday",
     "2025-03-07"),
    ("ru", "Адвокат заявил в понедельник, что суд рассмотрит жалобу.", "в понедельник",
     "2025-03-10"),
    # A weekday before a verb that moves a sitting is the day it was moved on.
    ("en", "On Friday the court postponed the hearing to 20 March.", "On Friday", "2025-03-07"),
    ("en", "On Friday the court postponed the hearing to 20 March.", "20 March", "2025-03-20?"),
    ("ru", "В пятницу суд отложил заседание на 20 марта.", "В пятницу", "2025-03-07"),
    # The end of a term or a deadline is no step of the story.
    ("ru", "Его арестовали 3 марта на два месяца, до 12 мая. Спустя неделю провели обыск.",
     "Спустя неделю", "2025-03-10"),
    ("en", "On 28 February the court held him until 26 April. A week later his flat was "
     "searched.", "A week later", "2025-03-07"),
    ("ky", "Сот аны 2-майда 3-июлга чейин камакка алды. Бир жумадан кийин анын үйү тинтилди.",
     "Бир жумадан кийин", "2025-05-09", MAY),
    # After a step back the story goes on from its own day.
    ("ru", "Его задержали 2 марта. Накануне он выступил на собрании. На следующий день суд "
     "арестовал его.", "На следующий день", "2025-03-03"),
    ("en", "He was detained on 12 February. The day before, he had spoken at a meeting. The "
     "next day the court remanded him.", "The next day", "2025-02-13"),
    ("ky", "Аны 2-майда кармашты. Бир күн мурун ал отурумда сүйлөгөн. Эртеси сот аны камакка "
     "алды.", "Эртеси", "2025-05-03", MAY),
    # The week of the day told before.
    ("ky", "Ал 16-сентябрда каттоодон чыгарылды. Ошол эле жумада телеканал сюжет көрсөттү.",
     "Ошол эле жумада", "2024-09-16?/2024-09-22?", date(2024, 10, 3)),
    ("en", "He was detained on 16 September. Later that week he was released.",
     "Later that week", "2024-09-16?/2024-09-22?", date(2024, 10, 3)),
    ("ru", "Его задержали 16 сентября. На той же неделе его отпустили.", "На той же неделе",
     "2024-09-16?/2024-09-22?", date(2024, 10, 3)),
    # A day word that is not part of a name.
    ("en", "A reporter of Talas Today covered it. Today the court rules.", "Today",
     "2025-03-11"),
    ("en", "He said: Today is the day.", "Today", "2025-03-11"),
    # The Kyrgyz present-future ending a clause inside the sentence.
    ("ky", "Облустук сот даттанууну 20-майда карайт жана ошол эле күнү өтүнүчтү угат.",
     "20-майда", "2025-05-20?", MAY),
    ("ky", "Облустук сот даттанууну 20-майда карайт жана ошол эле күнү өтүнүчтү угат.",
     "ошол эле күнү", "2025-05-20", MAY),
    ("ky", "Сот ишти 20-майда карайт, бирок адвокат буга каршы.", "20-майда", "2025-05-20?",
     MAY),
]  # fmt: skip


@pytest.mark.parametrize("row", WORDINGS, ids=[f"{row[0]}-{row[2]}" for row in WORDINGS])
def test_wordings_in_three_languages(row: tuple[object, ...]) -> None:
    assert_wording_read(row, DOCUMENT)


# (language, text, what must be read, document date): near misses and readings that must stay.
KEPT = [
    # Recurring weekdays are no dates; a weekday after another word still is one.
    ("en", "He has to report to the police every Monday.", [], DOCUMENT),
    ("en", "Each Friday the family brings him food.", [], DOCUMENT),
    ("ru", "Передачи принимают только каждый понедельник.", [], DOCUMENT),
    ("ru", "Он отмечается в милиции каждую пятницу.", [], DOCUMENT),
    ("ky", "Ал ар дүйшөмбү күнү милицияга катталат.", [], DOCUMENT),
    ("en", "Every detainee was questioned on Monday.", [("on Monday", "2025-03-10")], DOCUMENT),
    ("ky", "Ал дүйшөмбү күнү кармалды.", [("дүйшөмбү күнү", "2025-03-10")], DOCUMENT),
    # The future told with no statement's day before the weekday: the coming one.
    ("en", "She said the hearing would take place on Friday.", [("on Friday", "2025-03-14")],
     DOCUMENT),
    ("ru", "Адвокат заявил, что суд рассмотрит жалобу в пятницу.",
     [("в пятницу", "2025-03-14")], DOCUMENT),
    # A weekday after a verb that moves a sitting is the day moved to.
    ("en", "The hearing was postponed to Friday.", [("Friday", "2025-03-14")], DOCUMENT),
    ("ru", "Заседание отложили на пятницу.", [("на пятницу", "2025-03-14")], DOCUMENT),
    # A step forward is a step of the story.
    ("ru", "Его задержали 2 марта. На следующий день его допросили. На следующий день его "
     "арестовали.", [("2 марта", "2025-03-02?"), ("На следующий день", "2025-03-03"),
                     ("На следующий день", "2025-03-04")], DOCUMENT),
    ("ru", "Его арестовали 2 марта. Спустя неделю провели обыск.",
     [("2 марта", "2025-03-02?"), ("Спустя неделю", "2025-03-09")], DOCUMENT),
    # "эртең" apart from the statement's day, or with no verb of saying, counts from the
    # document's date.
    ("ky", "Аны 5-майда кармашты, эртең сот болот.",
     [("5-майда", "2025-05-05?"), ("эртең", "2025-05-15")], MAY),
    ("ky", "Аны 5-майда кармашты. Эртең сот болот.",
     [("5-майда", "2025-05-05?"), ("Эртең", "2025-05-15")], MAY),
    ("ky", "Ал 5-майда кармалды жана эртең сотко барат.",
     [("5-майда", "2025-05-05?"), ("эртең", "2025-05-15")], MAY),
    # A day word that ends an outlet's name is no date.
    ("en", "A reporter of Talas Today covered the hearing.", [], DOCUMENT),
    ("en", "He runs the news channel Jangy-Kala Today, which covers the council.", [], DOCUMENT),
    ("ru", "Об этом сообщило агентство Ала-Тоо Сегодня.", [], DOCUMENT),
    # Verbs of staying, living and working tell the present wherever they stand.
    ("ky", "Ал 20-майда шаарга келип, азыр ошол жерде жашайт жана иштейт.",
     [("20-майда", "2024-05-20?")], MAY),
]  # fmt: skip


@pytest.mark.parametrize(("language", "text", "expected", "on"), KEPT)
def test_readings_kept(language: str, text: str, expected: list[tuple[str, str]], on: date) -> None:
    assert read_dates(text, language, on) == expected


_DOCUMENT_DATES = st.dates(min_value=date(1990, 1, 1), max_value=date(2060, 12, 31))
_WEEKDAYS = {
    "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
    "ru": ["понедельник", "вторник", "среду", "четверг", "пятницу", "субботу", "воскресенье"],
}
_EVERY = {"en": "every", "ru": "каждый"}


@given(_DOCUMENT_DATES, st.integers(min_value=0, max_value=6), st.sampled_from(["en", "ru"]))
def test_a_recurring_weekday_is_no_date_and_a_weekday_said_on_is_past(
    on: date, weekday: int, language: str
) -> None:
    name = _WEEKDAYS[language][weekday]
    assert read_dates(f"He reports {_EVERY[language]} {name}.", language, on) == []
    if language == "en":
        text = f"The lawyer said on {name} that the court would rule soon."
        phrase = f"on {name}"
    else:
        text = f"Адвокат заявил в {name}, что суд скоро вынесет решение."
        phrase = f"в {name}"
    day = on - timedelta(days=(on.weekday() - weekday) % 7)
    assert read_dates(text, language, on) == [(phrase, day.isoformat())]


_KY_MONTHS = [
    "январда", "февралда", "мартта", "апрелде", "майда", "июнда", "июлда", "августта",
    "сентябрда", "октябрда", "ноябрда", "декабрда",
]  # fmt: skip


@given(
    _DOCUMENT_DATES, st.integers(min_value=1, max_value=28), st.integers(min_value=0, max_value=11)
)
def test_kyrgyz_days_in_speech_count_from_the_statement_and_elsewhere_from_the_document(
    on: date, day: int, month: int
) -> None:
    told = f"{day}-{_KY_MONTHS[month]}"
    said = dict(read_dates(f"Адвокат {told} эртең даттанарын айтты.", "ky", on))
    stated = date.fromisoformat(said[told].rstrip("?"))
    assert said["эртең"] == (stated + timedelta(days=1)).isoformat()
    apart = dict(read_dates(f"Аны {told} кармашты. Эртең сот болот.", "ky", on))
    assert apart["Эртең"] == (on + timedelta(days=1)).isoformat()

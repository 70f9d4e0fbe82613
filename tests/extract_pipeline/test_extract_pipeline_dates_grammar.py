"""Date expressions generated from the grammar of English, Russian and Kyrgyz (see
``date_grammar``) are each found and valued as the gold format's guideline says, and numbers
that are articles, durations, telephone or case numbers are no dates."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.extract_pipeline import date_grammar as grammar
from tests.extract_pipeline.date_readings import read_dates

from docket.extract.relative_dates import dates_in


def _assert_read(sentence: grammar.Sentence) -> None:
    found = dates_in(sentence.text, sentence.language, sentence.document)
    read = [
        (sentence.text[start:end], value.start, value.end, value.precision.value)
        for start, end, value in found
    ]
    for phrase in sentence.phrases:
        start = sentence.text.index(phrase.text, phrase.after)
        end = start + len(phrase.text)
        overlapping = [
            (value.start, value.end, value.precision.value)
            for first, last, value in found
            if first < end and start < last
        ]
        expected = (phrase.start, phrase.end, phrase.precision)
        # One reading of the phrase, and the right one: a phrase read as two dates scores a
        # wrong one beside the right.
        assert overlapping == [expected], (sentence.text, phrase, read)


@settings(max_examples=300)
@given(
    st.one_of(
        grammar.english_days(),
        grammar.english_spans(),
        grammar.english_parts(),
        grammar.english_relatives(),
    )
)
def test_english_dates_by_their_grammar(sentence: grammar.Sentence) -> None:
    _assert_read(sentence)


@settings(max_examples=300)
@given(
    st.one_of(
        grammar.russian_days(),
        grammar.russian_spans(),
        grammar.russian_parts(),
        grammar.russian_relatives(),
    )
)
def test_russian_dates_by_their_grammar(sentence: grammar.Sentence) -> None:
    _assert_read(sentence)


@settings(max_examples=400)
@given(
    st.one_of(
        grammar.kyrgyz_days(),
        grammar.kyrgyz_day_words(),
        grammar.kyrgyz_parts(),
        grammar.kyrgyz_day_lists(),
    )
)
def test_kyrgyz_days_and_months_in_every_case(sentence: grammar.Sentence) -> None:
    _assert_read(sentence)


@settings(max_examples=300)
@given(
    st.one_of(
        grammar.kyrgyz_spans(),
        grammar.kyrgyz_nights(),
        grammar.kyrgyz_nights_towards(),
        grammar.kyrgyz_relatives(),
    )
)
def test_kyrgyz_ranges_nights_and_days_told_from_another(sentence: grammar.Sentence) -> None:
    _assert_read(sentence)


@settings(max_examples=200)
@given(grammar.weekdays())
def test_weekdays_are_the_latest_such_day(sentence: grammar.Sentence) -> None:
    _assert_read(sentence)


@settings(max_examples=200)
@given(st.one_of(grammar.days_ago(), grammar.months_without_a_year()))
def test_days_back_and_months_without_a_year_from_the_document_date(
    sentence: grammar.Sentence,
) -> None:
    _assert_read(sentence)


@settings(max_examples=200)
@given(grammar.DOCUMENTS, grammar.non_dates())
def test_articles_durations_telephone_and_case_numbers_are_no_dates(
    document: object, sentence: tuple[str, str]
) -> None:
    language, text = sentence
    assert dates_in(text, language, document) == [], text  # type: ignore[arg-type]


@settings(max_examples=200)
@given(grammar.stories())
def test_steps_of_a_story_count_from_the_day_named_last(sentence: grammar.Sentence) -> None:
    _assert_read(sentence)


@settings(max_examples=200)
@given(grammar.days_to_come())
def test_days_to_come_are_the_nearest_and_a_call_keeps_its_past_day(
    sentence: grammar.Sentence,
) -> None:
    _assert_read(sentence)


# (language, text, phrase, value for a document of Wednesday 20 March 2024): forms of the
# grammar the generated sentences above first found read wrongly or not at all.
DOCUMENT = date(2024, 3, 20)
FORMS = [
    # Kyrgyz ordinal numbers before a month: бешинчи, the fifth.
    ("ky", "Ал 5-чи мартта кармалды.", "5-чи мартта", "2024-03-05?"),
    ("ky", "Ал 6-чы июнда кармалды.", "6-чы июнда", "2023-06-06?"),
    ("ky", "Ал 3-үнчү августта кармалды.", "3-үнчү августта", "2023-08-03?"),
    ("ky", "Ал жыйырма бешинчи декабрда кармалды.", "жыйырма бешинчи декабрда", "2023-12-25?"),
    # A Kyrgyz night with its first day the object of "караган", in the accusative.
    ("ky", "Ал 4-мартты 5-мартка караган түнү кармалды.", "4-мартты 5-мартка",
     "2024-03-04?/2024-03-05?"),
    ("ky", "Ал ишембини жекшембиге караган түнү кармалды.", "ишембини жекшембиге караган түнү",
     "2024-03-16/2024-03-17"),
    # A weekday in the attributive locative: Saturday's rally.
    ("ky", "Ишембидеги митингде ал кармалды.", "Ишембидеги", "2024-03-16"),
    # Days counted with the unit in the nominative before "кийин", "соң".
    ("ky", "Ал 5-мартта кармалды. Андан эки күн кийин бошотулду.", "эки күн кийин", "2024-03-07"),
    ("ky", "Ал 5-мартта кармалды. Бир апта өткөндөн кийин бошотулду.",
     "Бир апта өткөндөн кийин", "2024-03-12"),
    # "его" before a verb is "him", not "his": "накануне" names the day before.
    ("ru", "Его задержали 5 марта. Накануне его доставили в суд.", "Накануне", "2024-03-04"),
    ("ru", "Его задержали 5 марта. Накануне ему звонили из милиции.", "Накануне", "2024-03-04"),
    # "после этого", "до того" point back to the day told.
    ("ru", "Его задержали 5 марта. Через два дня после этого его отпустили.", "Через два дня",
     "2024-03-07"),
    ("ru", "Его задержали 5 марта. За два дня до того к нему приходили.", "За два дня до того",
     "2024-03-03"),
    # A night written with a slash: two days, not a day and a month in digits.
    ("en", "Officers searched his flat overnight on 12/13 November 2023.",
     "on 12/13 November 2023", "2023-11-12/2023-11-13"),
    ("en", "He was detained on 5 March. Three days afterward he was released.",
     "Three days afterward", "2024-03-08"),
    # "The following Monday" in a story of the past: the first after the day told last; "the
    # next day, Monday" one day.
    ("en", "He was detained on 5 March. The following Monday he was released.",
     "The following Monday", "2024-03-11"),
    ("ru", "Его задержали 5 марта. В следующий понедельник его отпустили.",
     "В следующий понедельник", "2024-03-11"),
    ("ky", "Ал 5-мартта кармалды. Кийинки дүйшөмбүдө бошотулду.", "Кийинки дүйшөмбүдө",
     "2024-03-11"),
    # A picket planned is to come.
    ("en", "Activists plan a picket on 25 May.", "on 25 May", "2024-05-25?"),
]  # fmt: skip


@pytest.mark.parametrize(("language", "text", "phrase", "value"), FORMS)
def test_forms_the_grammar_adds(language: str, text: str, phrase: str, value: str) -> None:
    assert (phrase, value) in read_dates(text, language, DOCUMENT)


# Counted days that stay waits, and the eve of an event: only the day told is a date.
WAITS = [
    ("ru", "Его задержали 5 марта. Через два дня после того, как его задержали, его отпустили."),
    ("ru", "Его задержали 5 марта. Через два дня после задержания его отпустили."),
    ("ru", "Его задержали 5 марта. Накануне его задержания прошёл обыск."),
    ("ky", "Ал 5-мартта кармалды. Эки күн кийин гана бошотулду."),
]


# A weekday beside a day told from another that falls on it names that day, not a second one.
APPOSED = [
    ("en", "He was detained on 3 March. The next day, Monday, he was released.", "The next day"),
    ("ru", "Его задержали 3 марта. На следующий день, в понедельник, его отпустили.",
     "На следующий день"),
    ("ky", "Ал 3-мартта кармалды. Эртеси дүйшөмбү күнү бошотулду.", "Эртеси"),
]  # fmt: skip


@pytest.mark.parametrize(("language", "text", "phrase"), APPOSED)
def test_a_weekday_beside_its_day_told_is_no_second_date(
    language: str, text: str, phrase: str
) -> None:
    assert read_dates(text, language, DOCUMENT)[1:] == [(phrase, "2024-03-04")]


@pytest.mark.parametrize(("language", "text"), WAITS)
def test_counts_from_an_event_are_no_dates(language: str, text: str) -> None:
    told = "5 марта" if language == "ru" else "5-мартта"
    assert [phrase for phrase, _ in read_dates(text, language, DOCUMENT)] == [told]

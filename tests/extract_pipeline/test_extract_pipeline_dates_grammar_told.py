"""Date expressions generated from the grammar of English, Russian and Kyrgyz (see
``date_grammar_told``): spans of a day or two after a day told, the year a story tells carried to
its days, days with a year of two digits, days counted from a day the phrase names, verbs of the
future known by their form, and clauses of the past in a sentence of the future."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.extract_pipeline import date_grammar_told as grammar
from tests.extract_pipeline.date_grammar import DOCUMENTS
from tests.extract_pipeline.date_readings import read_dates
from tests.extract_pipeline.test_extract_pipeline_dates_grammar import _assert_read

from docket.extract.relative_dates import dates_in


@settings(max_examples=200)
@given(grammar.approximate_steps())
def test_a_day_or_two_after_a_day_told_is_both_days(sentence: grammar.Sentence) -> None:
    _assert_read(sentence)


@settings(max_examples=200)
@given(grammar.years_told())
def test_a_year_told_carries_to_the_days_after_it(sentence: grammar.Sentence) -> None:
    _assert_read(sentence)


@settings(max_examples=200)
@given(grammar.short_year_days())
def test_days_with_a_year_of_two_digits(sentence: grammar.Sentence) -> None:
    _assert_read(sentence)


@settings(max_examples=100)
@given(DOCUMENTS, grammar.numbers_like_short_years())
def test_versions_articles_and_times_are_no_days_of_two_digit_years(
    document: date, sentence: tuple[str, str]
) -> None:
    language, text = sentence
    assert dates_in(text, language, document) == [], text


@settings(max_examples=200)
@given(grammar.counts_from_a_day())
def test_days_counted_from_a_day_named_count_from_it(sentence: grammar.Sentence) -> None:
    _assert_read(sentence)


@settings(max_examples=200)
@given(st.one_of(grammar.future_verbs(), grammar.past_clauses()))
def test_the_future_by_the_verb_s_form_and_only_in_its_clause(sentence: grammar.Sentence) -> None:
    _assert_read(sentence)


# (language, text, phrase, value for a document of Wednesday 20 March 2024).
DOCUMENT = date(2024, 3, 20)
FORMS = [
    # 1. A day or two after the day told.
    ("ky", "Ал 5-мартта кармалды. Бир-эки күндөн кийин бошотулду.", "Бир-эки күндөн кийин",
     "2024-03-06/2024-03-07"),
    ("ru", "Его задержали 5 марта. Через день-два его отпустили.", "Через день-два",
     "2024-03-06/2024-03-07"),
    ("en", "He was detained on 5 March. A day or two later he was released.",
     "A day or two later", "2024-03-06/2024-03-07"),
    # 2. The year told carries over, until another is told.
    ("ru", "В 2022 году активисты провели митинг. 5 марта его задержали.", "5 марта",
     "2022-03-05?"),
    ("en", "In 2022 the activists held a rally. On 5 March he was detained.", "On 5 March",
     "2022-03-05?"),
    ("ky", "2022-жылы активисттер митинг өткөрүштү. 5-мартта ал кармалды.", "5-мартта",
     "2022-03-05?"),
    ("ru", "В 2021 году его осудили. В 2022 году его выпустили. 5 марта его задержали.",
     "5 марта", "2022-03-05?"),
    # 3. A year of two digits, the day first.
    ("ru", "Его задержали 5.03.23 в Бишкеке.", "5.03.23", "2023-03-05"),
    ("en", "He was detained on 05/03/23.", "on 05/03/23", "2023-03-05"),
    ("ky", "Ал 5.03.23 кармалды.", "5.03.23", "2023-03-05"),
    # 4. Days counted from the day the phrase names.
    ("ru", "Его задержали 2 марта. Через пять дней после 7 марта его отпустили.",
     "Через пять дней после 7 марта", "2024-03-12"),
    ("en", "He was detained on 2 March. Five days after 7 March he was released.",
     "Five days after 7 March", "2024-03-12"),
    ("ky", "Ал 2-мартта кармалды. 7-марттан беш күн өткөндөн кийин бошотулду.",
     "7-марттан беш күн өткөндөн кийин", "2024-03-12"),
    # 5. Verbs of the future by their form.
    ("ru", "Они выйдут на пикет 25 марта.", "25 марта", "2024-03-25?"),
    ("ky", "Алар 25-мартта пикетке чыгышат.", "25-мартта", "2024-03-25?"),
    ("en", "The court is scheduled to rule on 25 March.", "on 25 March", "2024-03-25?"),
    # 6. The future of one clause does not reach a past day in another.
    ("en", "The court will release Asanov, who was detained on 15 September.",
     "on 15 September", "2023-09-15?"),
    ("ru", "Суд рассмотрит дело Асанова, задержанного 15 сентября.", "15 сентября",
     "2023-09-15?"),
    ("ky", "Сот 15-сентябрда кармалган Асановдун ишин карайт.", "15-сентябрда", "2023-09-15?"),
]  # fmt: skip


@pytest.mark.parametrize(("language", "text", "phrase", "value"), FORMS)
def test_forms_the_grammar_adds(language: str, text: str, phrase: str, value: str) -> None:
    assert (phrase, value) in read_dates(text, language, DOCUMENT)


# What the tune documents annotate stays: a year from which something runs on, and a year told
# from the document's date after it, leave a day to the document's year; so does a paragraph.
KEPT = [
    ("en", "He has written about the city since 2019. He was questioned on 27 December.",
     "on 27 December", date(2025, 1, 8), "2024-12-27?"),
    ("en", "He was convicted in 2021 and released last year. On 4 March officers questioned him.",
     "On 4 March", date(2025, 3, 11), "2025-03-04?"),
    ("ru", "В 2021 году его осудили.\n\n5 марта его задержали.", "5 марта", DOCUMENT,
     "2024-03-05?"),
    ("ky", "2021-жылы ал соттолгон. Былтыр бошотулду. 5-мартта кайра кармалды.", "5-мартта",
     DOCUMENT, "2024-03-05?"),
]  # fmt: skip


@pytest.mark.parametrize(("language", "text", "phrase", "on", "value"), KEPT)
def test_a_year_run_on_from_or_told_from_the_document_carries_nothing(
    language: str, text: str, phrase: str, on: date, value: str
) -> None:
    assert (phrase, value) in read_dates(text, language, on)


# A participle of setting a day is no past of the date's clause: the day set is to come.
SET_FOR = [
    ("ru", "Заседание, назначенное на 25 марта, пройдёт в закрытом режиме.", "25 марта"),
    ("ru", "Суд перенёс заседание, назначенное на 25 марта.", "25 марта"),
    ("en", "The hearing, which was postponed twice, will take place on 25 March.", "on 25 March"),
]


@pytest.mark.parametrize(("language", "text", "phrase"), SET_FOR)
def test_a_day_set_in_a_clause_of_a_participle_stays_to_come(
    language: str, text: str, phrase: str
) -> None:
    assert (phrase, "2024-03-25?") in read_dates(text, language, DOCUMENT)

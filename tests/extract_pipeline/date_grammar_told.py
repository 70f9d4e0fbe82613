"""More date expressions built from each language's grammar (see ``date_grammar``): spans of a
day or two counted from a day told, the year a story tells carried to its days, days with a
year of two digits, days counted from a day the phrase names, verbs of the future by their
form, and clauses of the past inside a sentence of the future."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import strategies as st
from tests.extract_pipeline.date_grammar import (
    DOCUMENTS,
    EN_MONTHS,
    RU_GENITIVE,
    Phrase,
    Sentence,
    _day,
    _day_phrase,
    _day_words,
    ky_month,
    past_days,
)

# Numbers in words, as each language's numerals name them, from one to seven.
NUMBERS = {
    "en": ("one", "two", "three", "four", "five", "six", "seven"),
    "ru": ("один", "два", "три", "четыре", "пять", "шесть", "семь"),
    "ky": ("бир", "эки", "үч", "төрт", "беш", "алты", "жети"),
}
STEP_CLAUSES = {
    "en": "he was released.",
    "ru": "его отпустили.",
    "ky": "аны бошотушту.",
}


def _ru_days(number: int) -> str:
    """The noun "день" as the numeral before it governs: "три дня", "пять дней"."""
    return "дня" if 2 <= number % 10 <= 4 and number not in (12, 13, 14) else "дней"


def _capital(text: str) -> str:
    return text[0].upper() + text[1:]


# A day or two, two or three days after the day told --------------------------------------------


def _span_wordings(language: str, low: int) -> list[str]:
    """The wordings of ``low`` or ``low + 1`` days after the day told in ``language``."""
    a, b = NUMBERS[language][low - 1], NUMBERS[language][low]
    if language == "en":
        forms = [f"{a} or {b} days later", f"{low}-{low + 1} days later"]
        return forms + (["a day or two later", "a day or two afterwards"] if low == 1 else [])
    if language == "ru":
        noun = _ru_days(low + 1)
        forms = [f"через {a}-{b} {noun}", f"спустя {low}-{low + 1} {noun}"]
        return forms + (["через день-два", "спустя день-два"] if low == 1 else [])
    return [f"{a}-{b} күндөн кийин", f"{a}-{b} күн өткөндөн кийин", f"{low}-{low + 1} күндөн кийин"]


@st.composite
def approximate_steps(draw: st.DrawFn) -> Sentence:
    """A day told with its year, then "a day or two later", "через два-три дня", "бир-эки
    күндөн кийин": both days and those between, counted from the day told."""
    language = draw(st.sampled_from(sorted(NUMBERS)))
    document = draw(DOCUMENTS)
    story = document - timedelta(days=draw(st.integers(30, 900)))
    text = _day_words(language, story, with_year=True)
    low = draw(st.integers(1, 5))
    lead = _capital(draw(st.sampled_from(_span_wordings(language, low))))
    phrase = Phrase(lead, story + timedelta(days=low), story + timedelta(days=low + 1))
    text += f"{lead} {STEP_CLAUSES[language]}"
    return Sentence(language, text, document, (phrase,))


# The year a story tells, carried to its days without one ---------------------------------------

YEAR_OPENINGS = {
    "en": ("In {year} the activists held a rally.", "In {year}"),
    "ru": ("В {year} году активисты провели митинг.", "В {year} году"),
    "ky": ("{year}-жылы активисттер митинг өткөрүштү.", "{year}-жылы"),
}
YEAR_BETWEEN = {
    "en": ["", "The police dispersed it. "],
    "ru": ["", "Полиция разогнала его. "],
    "ky": ["", "Милиция аны таратып жиберди. "],
}
YEAR_DAYS = {
    "en": "On {} he was detained.",
    "ru": "{} его задержали.",
    "ky": "{} ал кармалды.",
}


@st.composite
def years_told(draw: st.DrawFn) -> Sentence:
    """A year told alone ("В 2022 году …"), before the document's, and then in its paragraph a
    day or a month without one: the day is of the year told, until another year is told."""
    language = draw(st.sampled_from(sorted(YEAR_OPENINGS)))
    document = draw(DOCUMENTS)
    phrases: list[Phrase] = []
    text = ""
    for _ in range(draw(st.integers(1, 2))):
        year = document.year - draw(st.integers(1, 6))
        opening, said = YEAR_OPENINGS[language]
        phrases.append(Phrase(said.format(year=year), date(year, 1, 1), date(year, 12, 31),
                              "year", len(text)))  # fmt: skip
        text += opening.format(year=year) + " " + draw(st.sampled_from(YEAR_BETWEEN[language]))
        day = date(year, draw(st.integers(1, 12)), draw(st.integers(1, 28)))
        named = _day_phrase(language, day)
        phrases.append(_day(day, named, len(text)))
        text += _capital(YEAR_DAYS[language].format(named)) + " "
    return Sentence(language, text.strip(), document, tuple(phrases))


# Days with a year of two digits ----------------------------------------------------------------

SHORT_YEAR_CONTEXTS = {
    "en": "He was detained on {} in Bishkek.",
    "ru": "Его задержали {} в Бишкеке.",
    "ky": "Ал {} Бишкекте кармалды.",
}


@st.composite
def short_year_days(draw: st.DrawFn) -> Sentence:
    """A day written "5.03.23", "05.03.23", "05/03/23": day first, a month of two digits, a year
    of two (00-69 this century)."""
    language = draw(st.sampled_from(sorted(SHORT_YEAR_CONTEXTS)))
    document = draw(DOCUMENTS)
    day = draw(past_days(document))
    mark = draw(st.sampled_from("./"))
    first = str(day.day) if draw(st.booleans()) else f"{day.day:02d}"
    written = f"{first}{mark}{day.month:02d}{mark}{day.year % 100:02d}"
    text = SHORT_YEAR_CONTEXTS[language].format(written)
    phrase = f"on {written}" if language == "en" else written
    return Sentence(language, text, document, (_day(day, phrase),))


@st.composite
def numbers_like_short_years(draw: st.DrawFn) -> tuple[str, str]:
    """A version, an article's number, a time written as a day of one digit, a month and a year
    of two digits: no date."""
    number = f"{draw(st.integers(1, 9))}.{draw(st.integers(1, 12)):02d}.{draw(st.integers(10, 30))}"
    return draw(
        st.sampled_from(
            [
                ("en", f"Version {number} of the app was released."),
                ("en", f"He was charged under Article {number} of the Code."),
                ("ru", f"Вышла версия {number} приложения."),
                ("ru", f"Его привлекли по ст. {number} КоАП."),
                ("ru", f"Заседание длилось {number} ч."),
                ("ky", f"Ал {number}-берене боюнча айыпталды."),
            ]
        )
    )


# Days counted from a day the phrase itself names ----------------------------------------------


@st.composite
def counts_from_a_day(draw: st.DrawFn) -> Sentence:
    """A day told, then days counted from another day the phrase names ("five days after 7
    March", "через пять дней после 7 марта", "7-марттан беш күн өткөндөн кийин"): from that
    day, not from the one told before."""
    language = draw(st.sampled_from(sorted(NUMBERS)))
    document = draw(DOCUMENTS)
    named = draw(past_days(document, latest=40, earliest=300))
    told = named - timedelta(days=draw(st.integers(1, 10)))
    days = draw(st.integers(2, 7))
    counted = named + timedelta(days=days)
    text = _day_words(language, told, with_year=True)
    number = NUMBERS[language][days - 1]
    if language == "en":
        lead = f"{_capital(number)} days after {named.day} {EN_MONTHS[named.month - 1]}"
    elif language == "ru":
        lead = f"Через {number} {_ru_days(days)} после {named.day} {RU_GENITIVE[named.month - 1]}"
    else:
        ending = draw(st.sampled_from(["күн өткөндөн кийин", "күндөн кийин"]))
        lead = f"{named.day}-{ky_month(named.month, 'ablative')} {number} {ending}"
    after = len(text)
    text += f"{lead} {STEP_CLAUSES[language]}"
    return Sentence(language, text, document, (_day(counted, lead, after),))


# Verbs of the future by their form; clauses of the past inside a sentence of the future -------

# Russian perfective verbs, which tell the future with the present's endings, none in the
# lexicon's words of the future; Kyrgyz verbs in the third person plural of the present-future.
FUTURE_VERBS = {
    "en": ["Activists are scheduled to picket the court {}.", "The court will rule {}.",
           "The verdict is due {}."],
    "ru": ["Активисты выйдут на пикет {}.", "Адвокат подаст жалобу {}.",
           "Его освободят {}.", "Следователь вызовет его на допрос {}.",
           "Родственники посетят его в колонии {}.", "Журналисты соберутся у здания суда {}."],
    "ky": ["Алар {} пикетке чыгышат.", "Активисттер {} аянтка чогулушат.",
           "Туугандары ага {} барышат."],
}  # fmt: skip
PAST_CLAUSES = {
    "en": ["The court will release Asanov, who was detained {}.",
           "The court will hear the appeal of Asanov, who was arrested {}.",
           "Asanov, who was detained {}, will be tried next month."],
    "ru": ["Суд рассмотрит дело Асанова, задержанного {}.",
           "Суд рассмотрит жалобу, которую адвокат подал {}.",
           "Асанова, задержанного {}, будут судить в следующем месяце."],
    "ky": ["Сот {} кармалган Асановдун ишин карайт.", "Сот адвокаттын {} берилген арызын карайт."],
}  # fmt: skip


def _dated(language: str, day: date, context: str) -> tuple[str, str]:
    phrase = _day_phrase(language, day)
    if language == "en":
        phrase = "on " + phrase
    return context.format(phrase), phrase


@st.composite
def future_verbs(draw: st.DrawFn) -> Sentence:
    """A day without a year in a sentence whose verb is of the future by its form, weeks after
    the document's date: that day, the nearest."""
    language = draw(st.sampled_from(sorted(FUTURE_VERBS)))
    document = draw(DOCUMENTS)
    meant = document + timedelta(days=draw(st.integers(20, 150)))
    if (meant.month, meant.day) == (2, 29):
        meant += timedelta(days=1)
    text, phrase = _dated(language, meant, draw(st.sampled_from(FUTURE_VERBS[language])))
    return Sentence(language, text, document, (_day(meant, phrase),))


@st.composite
def past_clauses(draw: st.DrawFn) -> Sentence:
    """A day without a year in a clause of the past inside a sentence of the future ("will
    release Asanov, who was detained on 15 September"), months before the document's date: the
    latest such day, which the future of the other clause does not move."""
    language = draw(st.sampled_from(sorted(PAST_CLAUSES)))
    document = draw(DOCUMENTS)
    meant = document - timedelta(days=draw(st.integers(190, 330)))
    if (meant.month, meant.day) == (2, 29):
        meant += timedelta(days=1)
    text, phrase = _dated(language, meant, draw(st.sampled_from(PAST_CLAUSES[language])))
    return Sentence(language, text, document, (_day(meant, phrase),))

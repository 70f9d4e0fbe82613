"""Date expressions of English, Russian and Kyrgyz built from each language's grammar, not from
documents' wordings: every month in every case it takes, every day number with the endings its
pronunciation calls for, in short sentences with a document date. Each strategy draws a
``Sentence``: its text, the document's date, and the phrases it holds with the value the gold
format gives them (``start``, ``end``, ``precision``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from hypothesis import strategies as st

# A document date, and an event in the year before it: a day without a year is then the latest
# such day not after the document's date, the event's own.
DOCUMENTS = st.dates(date(2019, 1, 1), date(2026, 12, 31))


@dataclass(frozen=True)
class Phrase:
    """A phrase of the sentence (``text``, found at its first occurrence from ``after``) and the
    value the guideline gives it."""

    text: str
    start: date
    end: date
    precision: str = "day"
    after: int = 0


@dataclass(frozen=True)
class Sentence:
    language: str
    text: str
    document: date
    phrases: tuple[Phrase, ...]


def _day(day: date, text: str, after: int = 0) -> Phrase:
    return Phrase(text, day, day, "day", after)


@st.composite
def past_days(draw: st.DrawFn, document: date, *, latest: int = 1, earliest: int = 330) -> date:
    """A day from ``earliest`` to ``latest`` days before the document's date; not 29 February,
    which a year taken from the document's date may lack."""
    day = document - timedelta(days=draw(st.integers(latest, earliest)))
    return day if (day.month, day.day) != (2, 29) else day - timedelta(days=1)


# English ----------------------------------------------------------------------------------------

EN_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip
EN_SUFFIX = {1: "st", 2: "nd", 3: "rd", 21: "st", 22: "nd", 23: "rd", 31: "st"}
EN_COUNTS = ("two", "three", "four", "five", "six", "ten")
EN_CONTEXTS = (
    "He was detained {}.",
    "Police searched the office {}.",
    "{}, officers of the State Security Service detained the blogger.",
    "The court fined him {} for taking part in the rally.",
)


@st.composite
def english_days(draw: st.DrawFn) -> Sentence:
    document = draw(DOCUMENTS)
    day = draw(past_days(document))
    with_year = draw(st.booleans())
    month = EN_MONTHS[day.month - 1]
    suffix = EN_SUFFIX.get(day.day, "th")
    forms = [
        f"on {day.day} {month}",
        f"on {month} {day.day}",
        f"on {month} {day.day}{suffix}",
        f"on the {day.day}{suffix} of {month}",
        f"on {day.day}{suffix} {month}",
        f"on the evening of {day.day} {month}",
    ]
    if with_year:
        forms = [
            f"on {day.day} {month} {day.year}",
            f"on {month} {day.day}, {day.year}",
            f"on {day.day}/{day.month}/{day.year}",
            f"on {day.day:02d}/{day.month:02d}/{day.year}",
            f"on {day.day:02d}.{day.month:02d}.{day.year}",
            f"on the {day.day}{suffix} of {month} {day.year}",
        ]
    phrase = draw(st.sampled_from(forms))
    context = draw(st.sampled_from(EN_CONTEXTS))
    if context.startswith("{}"):
        phrase = phrase[0].upper() + phrase[1:]
    return Sentence("en", context.format(phrase), document, (_day(day, phrase),))


@st.composite
def english_spans(draw: st.DrawFn) -> Sentence:
    """Two days of one month: a night, a range; with the year or without."""
    document = draw(DOCUMENTS)
    last = draw(past_days(document, latest=1, earliest=300))
    if last.day == 1:
        last += timedelta(days=1)
    night = draw(st.booleans())
    first = last - timedelta(days=1 if night else draw(st.integers(1, last.day - 1)))
    month = EN_MONTHS[last.month - 1]
    year = f" {last.year}" if draw(st.booleans()) else ""
    if night:
        forms = [
            f"on the night of {first.day} to {last.day} {month}{year}",
            f"on the night of {first.day}-{last.day} {month}{year}",
            f"overnight on {first.day}/{last.day} {month}{year}",
        ]
        context = "Officers searched his flat {}."
    else:
        forms = [
            f"between {first.day} and {last.day} {month}{year}",
            f"from {first.day} to {last.day} {month}{year}",
            f"on {first.day}–{last.day} {month}{year}",
            f"from {month} {first.day} to {month} {last.day}{',' + year if year else ''}",
        ]
        context = "Protesters gathered outside the court {}."
    phrase = draw(st.sampled_from(forms))
    return Sentence("en", context.format(phrase), document, (Phrase(phrase, first, last),))


@st.composite
def english_parts(draw: st.DrawFn) -> Sentence:
    """The early, middle or late days of a month, and the month itself, with the year."""
    document = draw(DOCUMENTS)
    day = draw(past_days(document, earliest=700))
    month = EN_MONTHS[day.month - 1]
    end_day = (day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    part, first, last, precision = draw(
        st.sampled_from(
            [
                ("early", 1, 10, "day"),
                ("mid-", 11, 20, "day"),
                ("late", 21, end_day.day, "day"),
                ("the beginning of", 1, 10, "day"),
                ("the end of", 21, end_day.day, "day"),
                ("", 1, end_day.day, "month"),
            ]
        )
    )
    joiner = "" if part.endswith("-") or not part else " "
    phrase = f"in {part}{joiner}{month} {day.year}"
    if part.startswith("the"):
        phrase = f"at {part} {month} {day.year}"
    return Sentence(
        "en",
        f"The outlet's site was blocked {phrase}.",
        document,
        (Phrase(phrase, day.replace(day=first), day.replace(day=last), precision),),
    )


@st.composite
def english_relatives(draw: st.DrawFn) -> Sentence:
    """A day named, then a day told from it in the next sentence."""
    document = draw(DOCUMENTS)
    told = draw(past_days(document, latest=20, earliest=300))
    month = EN_MONTHS[told.month - 1]
    shift, wording = draw(
        st.sampled_from(
            [
                (1, "The next day"),
                (1, "The following day"),
                (0, "The same day"),
                (-1, "The day before"),
                (7, "A week later"),
                (14, "Two weeks later"),
                *((n, f"{EN_COUNTS[n - 2].capitalize()} days later") for n in (2, 3, 4, 5)),
                *((n, f"{EN_COUNTS[n - 2].capitalize()} days afterward") for n in (2, 3)),
                *((-n, f"{EN_COUNTS[n - 2].capitalize()} days earlier") for n in (2, 3)),
            ]
        )
    )
    first = f"He was detained on {told.day} {month}. "
    text = f"{first}{wording} he was taken to court."
    return Sentence(
        "en",
        text,
        document,
        (
            _day(told, f"{told.day} {month}"),
            _day(told + timedelta(days=shift), wording, len(first)),
        ),
    )


# Russian ----------------------------------------------------------------------------------------

RU_GENITIVE = (
    "января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
    "октября", "ноября", "декабря",
)  # fmt: skip
RU_PREPOSITIONAL = (
    "январе", "феврале", "марте", "апреле", "мае", "июне", "июле", "августе", "сентябре",
    "октябре", "ноябре", "декабре",
)  # fmt: skip
RU_CONTEXTS = (
    "Его задержали {}.",
    "{} в офисе организации прошёл обыск.",
    "Суд рассмотрел жалобу {} и отклонил её.",
)
# The number of days with its noun as the numeral governs it: "два дня", "пять дней".
RU_DAYS = {2: "два дня", 3: "три дня", 4: "четыре дня", 5: "пять дней", 10: "десять дней"}


@st.composite
def russian_days(draw: st.DrawFn) -> Sentence:
    document = draw(DOCUMENTS)
    day = draw(past_days(document))
    month = RU_GENITIVE[day.month - 1]
    if draw(st.booleans()):
        forms = [
            f"{day.day} {month} {day.year} года",
            f"{day.day} {month} {day.year} г.",
            f"{day.day:02d} {month} {day.year} года",
            f"{day.day}-го {month} {day.year} года",
            f"{day.day:02d}.{day.month:02d}.{day.year}",
            f"{day.day:02d}.{day.month:02d}.{day.year} г.",
        ]
    else:
        forms = [
            f"{day.day} {month}",
            f"{day.day}-го {month}",
            f"вечером {day.day} {month}",
            f"утром {day.day}-го {month}",
            f"в ночь на {day.day} {month}",
            f"в ночь на {day.day}-е {month}",
        ]
    phrase = draw(st.sampled_from(forms))
    context = draw(st.sampled_from(RU_CONTEXTS))
    if context.startswith("{}"):
        phrase = phrase[0].upper() + phrase[1:]
    return Sentence("ru", context.format(phrase), document, (_day(day, phrase),))


@st.composite
def russian_spans(draw: st.DrawFn) -> Sentence:
    document = draw(DOCUMENTS)
    last = draw(past_days(document, latest=1, earliest=300))
    if last.day == 1:
        last += timedelta(days=1)
    night = draw(st.booleans())
    first = last - timedelta(days=1 if night else draw(st.integers(1, last.day - 1)))
    month = RU_GENITIVE[last.month - 1]
    year = f" {last.year} года" if draw(st.booleans()) else ""
    if night:
        forms = [f"в ночь с {first.day} на {last.day} {month}{year}"]
    else:
        forms = [
            f"с {first.day} по {last.day} {month}{year}",
            f"с {first.day} {month} по {last.day} {month}{year}",
            f"{first.day}–{last.day} {month}{year}",
            f"между {first.day} и {last.day} {month}{year}",
        ]
    phrase = draw(st.sampled_from(forms))
    return Sentence(
        "ru", f"Сотрудники милиции {phrase} задержали активистов.", document,
        (Phrase(phrase, first, last),),
    )  # fmt: skip


@st.composite
def russian_parts(draw: st.DrawFn) -> Sentence:
    document = draw(DOCUMENTS)
    day = draw(past_days(document, earliest=700))
    end_day = (day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    part, first, last, precision = draw(
        st.sampled_from(
            [
                ("в начале", 1, 10, "day"),
                ("в середине", 11, 20, "day"),
                ("в конце", 21, end_day.day, "day"),
                ("в первых числах", 1, 10, "day"),
                ("в последних числах", 21, end_day.day, "day"),
            ]
        )
    )
    if draw(st.booleans()):
        phrase = f"{part} {RU_GENITIVE[day.month - 1]} {day.year} года"
    else:
        phrase, first, last, precision = (
            f"в {RU_PREPOSITIONAL[day.month - 1]} {day.year} года", 1, end_day.day, "month"
        )  # fmt: skip
    return Sentence(
        "ru", f"Сайт издания заблокировали {phrase}.", document,
        (Phrase(phrase, day.replace(day=first), day.replace(day=last), precision),),
    )  # fmt: skip


@st.composite
def russian_relatives(draw: st.DrawFn) -> Sentence:
    document = draw(DOCUMENTS)
    told = draw(past_days(document, latest=20, earliest=300))
    month = RU_GENITIVE[told.month - 1]
    shift, wording = draw(
        st.sampled_from(
            [
                (1, "На следующий день"),
                (-1, "Накануне"),
                (0, "В тот же день"),
                (7, "Через неделю"),
                (7, "Спустя неделю"),
                *((n, f"Через {RU_DAYS[n]}") for n in RU_DAYS),
                *((n, f"Спустя {RU_DAYS[n]}") for n in RU_DAYS),
                *((n, f"{RU_DAYS[n].capitalize()} спустя") for n in RU_DAYS),
                *((n, f"Через {RU_DAYS[n]} после этого") for n in RU_DAYS),
                (7, "Через неделю после того"),
                (-1, "За день до того"),
                *((-n, f"За {RU_DAYS[n]} до этого") for n in (2, 3, 5)),
                *((-n, f"За {RU_DAYS[n]} до того") for n in (2, 3, 5)),
            ]
        )
    )
    first = f"Его задержали {told.day} {month}. "
    text = f"{first}{wording} его доставили в суд."
    return Sentence(
        "ru",
        text,
        document,
        (
            _day(told, f"{told.day} {month}"),
            _day(told + timedelta(days=shift), wording, len(first)),
        ),
    )


# Kyrgyz -----------------------------------------------------------------------------------------

# Each month's stem, its harmony (the last vowel: "a" back, "e" front, "u" back rounded) and
# whether it ends in a voiceless consonant, which turns д/г of an ending into т/к.
KY_MONTHS = (
    ("январ", "a", False), ("феврал", "a", False), ("март", "a", True), ("апрел", "e", False),
    ("май", "a", False), ("июн", "u", False), ("июл", "u", False), ("август", "u", True),
    ("сентябр", "a", False), ("октябр", "a", False), ("ноябр", "a", False),
    ("декабр", "a", False),
)  # fmt: skip
_LOW = {"a": "а", "e": "е", "u": "а"}  # the open vowel of an ending
_HIGH = {"a": "ы", "e": "и", "u": "у"}  # the close vowel


def ky_month(month: int, case: str) -> str:
    """A Kyrgyz month name in a case, with or without the possessive ("мартта", "мартынын")."""
    stem, harmony, voiceless = KY_MONTHS[month - 1]
    low, high = _LOW[harmony], _HIGH[harmony]
    d, g = ("т", "к") if voiceless else ("д", "г")
    possessive = stem + high
    # "-гы" takes its vowel from the "-да" before it, not from the stem: "июндагы".
    attributive = "г" + {"а": "ы", "е": "и"}[low]
    return {
        "locative": f"{stem}{d}{low}",
        "genitive": f"{stem}{d}{high}н",
        "dative": f"{stem}{g}{low}",
        "ablative": f"{stem}{d}{low}н",
        "accusative": f"{stem}{d}{high}",
        "attributive": f"{stem}{d}{low}{attributive}",
        "possessive_locative": f"{possessive}нд{low}",
        "possessive_genitive": f"{possessive}н{high}н",
        "possessive_dative": f"{possessive}н{low}",
        "possessive_ablative": f"{possessive}н{low}н",
        "possessive_accusative": f"{possessive}н",
        "possessive_attributive": f"{possessive}нд{low}{attributive}",
    }[case]


# A number read aloud ends in the last word of its name: 25 is "жыйырма беш", and the endings
# follow that word. Each last word with its possessive locative ("5инде": бешинде) and ordinal
# ("5-чи", "5-инчи": бешинчи) endings.
_KY_UNITS = {
    1: ("инде", "инчи"), 2: ("синде", "нчи"), 3: ("үндө", "үнчү"), 4: ("үндө", "үнчү"),
    5: ("инде", "инчи"), 6: ("сында", "нчы"), 7: ("синде", "нчи"), 8: ("инде", "инчи"),
    9: ("унда", "унчу"),
}  # fmt: skip
_KY_TENS = {10: ("унда", "унчу"), 20: ("сында", "нчы"), 30: ("унда", "унчу")}


def ky_day_endings(day: int) -> tuple[str, str]:
    """The possessive locative and ordinal endings of a day's number."""
    return _KY_UNITS[day % 10] if day % 10 else _KY_TENS[day]


_KY_UNIT_NAMES = ("", "бир", "эки", "үч", "төрт", "беш", "алты", "жети", "сегиз", "тогуз")
_KY_TEN_NAMES = ("", "он", "жыйырма", "отуз")


def ky_ordinal_word(day: int) -> str:
    """A day's number as an ordinal word: "бешинчи", "жыйырма бешинчи", "отузунчу"."""
    tens, units = divmod(day, 10)
    ordinal = ky_day_endings(day)[1]
    if not units:
        return _KY_TEN_NAMES[tens] + ordinal
    last = _KY_UNIT_NAMES[units] + ordinal
    return f"{_KY_TEN_NAMES[tens]} {last}" if tens else last


# How each case of a month stands in a sentence after a day's number.
KY_CASE_CONTEXTS = {
    "locative": "Ал {} кармалды.",
    "genitive": "Милиционерлер {} түнүндө үйүн тинтишти.",
    "ablative": "Ал {} бери камакта отурат.",
    "accusative": "Биз {} эч качан унутпайбыз.",
    "possessive_accusative": "Биз {} эч качан унутпайбыз.",
    "attributive": "Сот {} отурумда арызды четке какты.",
    "possessive_locative": "Ал {} кармалды.",
    "possessive_ablative": "Ал {} бери камакта отурат.",
    "possessive_attributive": "Сот {} чечимин жокко чыгарды.",
}
KY_CONTEXTS = ("Ал {} кармалды.", "{} кеңседе тинтүү жүрдү.", "Сот арызды {} карады.")
KY_NUMBERS = {2: "Эки", 3: "Үч", 4: "Төрт", 5: "Беш", 10: "Он"}


@st.composite
def kyrgyz_days(draw: st.DrawFn) -> Sentence:
    """A day with its month in every case, the year first or none."""
    document = draw(DOCUMENTS)
    day = draw(past_days(document))
    case = draw(st.sampled_from(sorted(KY_CASE_CONTEXTS)))
    month = ky_month(day.month, case)
    year = draw(
        st.sampled_from(["", f"{day.year}-жылдын ", f"{day.year}-ж. ", f"{day.year}-жылы "])
    )
    phrase = f"{year}{day.day}-{month}"
    return Sentence("ky", KY_CASE_CONTEXTS[case].format(phrase), document, (_day(day, phrase),))


@st.composite
def kyrgyz_day_words(draw: st.DrawFn) -> Sentence:
    """The day after its month: "марттын 5инде", "март айынын 5-күнү", the ordinal "5-чи мартта",
    the nominative with "күнү"."""
    document = draw(DOCUMENTS)
    day = draw(past_days(document))
    located, ordinal = ky_day_endings(day.day)
    genitive = ky_month(day.month, "genitive")
    nominative = KY_MONTHS[day.month - 1][0]
    nominative += "ь" if nominative.endswith(("р", "л", "н")) else ""
    forms = [
        f"{genitive} {day.day}{located}",
        f"{genitive} {day.day}-{located}",
        f"{genitive} {day.day}-күнү",
        f"{nominative} айынын {day.day}{located}",
        f"{day.day}-{ordinal[-2:]} {ky_month(day.month, 'locative')}",
        f"{day.day}-{ordinal} {ky_month(day.month, 'locative')}",
        f"{ky_ordinal_word(day.day)} {ky_month(day.month, 'locative')}",
        f"{day.day}-{nominative} күнү",
    ]
    phrase = draw(st.sampled_from(forms))
    context = draw(st.sampled_from(KY_CONTEXTS))
    if context.startswith("{}"):
        phrase = phrase[0].upper() + phrase[1:]
    return Sentence("ky", context.format(phrase), document, (_day(day, phrase),))


@st.composite
def kyrgyz_spans(draw: st.DrawFn) -> Sentence:
    """Ranges marked by a dash or by case endings, and the night from one day to the next."""
    document = draw(DOCUMENTS)
    last = draw(past_days(document, latest=1, earliest=300))
    if last.day == 1:
        last += timedelta(days=1)
    first = last - timedelta(days=draw(st.integers(1, last.day - 1)))
    ablative = ky_month(first.month, "ablative")
    dative = ky_month(last.month, "dative")
    year = f"{last.year}-жылдын " if draw(st.booleans()) else ""
    phrase, context = draw(
        st.sampled_from(
            [
                (f"{year}{first.day}–{last.day}-{ky_month(last.month, 'locative')}",
                 "Шаарда {} митингдер болду."),
                (f"{year}{first.day}-{ablative} {last.day}-{dative} чейин",
                 "Ал {} камакта болду."),
                (f"{year}{first.day}-{ablative} {last.day}-{dative}",
                 "Шаарда {} чейинки аралыкта митингдер болду."),
            ]
        )
    )  # fmt: skip
    return Sentence("ky", context.format(phrase), document, (Phrase(phrase, first, last),))


@st.composite
def kyrgyz_nights(draw: st.DrawFn) -> Sentence:
    """The night from one day to the next: both days."""
    document = draw(DOCUMENTS)
    last = draw(past_days(document, latest=1, earliest=300))
    first = last - timedelta(days=1)
    # The first day in the ablative ("from") or as the object of "караган" ("turning").
    case = draw(st.sampled_from(["ablative", "accusative"]))
    turn = draw(st.sampled_from(["караган түнү", "өтөр түнү"]))
    phrase = (
        f"{first.day}-{ky_month(first.month, case)} {last.day}-{ky_month(last.month, 'dative')}"
        f" {turn}"
    )
    return Sentence(
        "ky", f"Милиционерлер {phrase} үйүн тинтишти.", document, (Phrase(phrase, first, last),)
    )


@st.composite
def kyrgyz_parts(draw: st.DrawFn) -> Sentence:
    document = draw(DOCUMENTS)
    day = draw(past_days(document, earliest=700))
    end_day = (day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    genitive = ky_month(day.month, "genitive")
    nominative = KY_MONTHS[day.month - 1][0]
    nominative += "ь" if nominative.endswith(("р", "л", "н")) else ""
    part, first, last, precision = draw(
        st.sampled_from(
            [
                (f"{genitive} башында", 1, 10, "day"),
                (f"{genitive} ортосунда", 11, 20, "day"),
                (f"{genitive} аягында", 21, end_day.day, "day"),
                (ky_month(day.month, "possessive_locative"), 1, end_day.day, "month"),
                (f"{nominative} айында", 1, end_day.day, "month"),
            ]
        )
    )
    phrase = f"{day.year}-жылдын {part}"
    return Sentence(
        "ky", f"Басылманын сайты {phrase} бөгөттөлдү.", document,
        (Phrase(phrase, day.replace(day=first), day.replace(day=last), precision),),
    )  # fmt: skip


@st.composite
def kyrgyz_relatives(draw: st.DrawFn) -> Sentence:
    document = draw(DOCUMENTS)
    told = draw(past_days(document, latest=20, earliest=300))
    shift, wording = draw(
        st.sampled_from(
            [
                (1, "Эртеси"),
                (1, "Эртеси күнү"),
                (1, "Кийинки күнү"),
                (0, "Ошол эле күнү"),
                (7, "Бир жумадан кийин"),
                (7, "Бир жума өткөндөн кийин"),
                *((n, f"{KY_NUMBERS[n]} күндөн кийин") for n in KY_NUMBERS),
                *((n, f"{KY_NUMBERS[n]} күн өткөндөн кийин") for n in KY_NUMBERS),
                (7, "Бир апта өткөндөн кийин"),
                (1, "Андан бир күн кийин"),
                *((n, f"Андан {KY_NUMBERS[n].lower()} күн кийин") for n in KY_NUMBERS),
                *((n, f"{KY_NUMBERS[n]} күн өткөн соң") for n in KY_NUMBERS),
                *((-n, f"{KY_NUMBERS[n]} күн мурун") for n in (2, 3)),
            ]
        )
    )
    named = f"{told.day}-{ky_month(told.month, 'locative')}"
    first = f"Ал {named} кармалды. "
    return Sentence(
        "ky",
        f"{first}{wording} аны сотко алып барышты.",
        document,
        (_day(told, named), _day(told + timedelta(days=shift), wording, len(first))),
    )


# Weekdays: the latest such day on or before the document's date. -------------------------------

WEEKDAYS = {
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    # The accusative after "в", and the gender "минувший" agrees with.
    "ru": (("понедельник", "ий"), ("вторник", "ий"), ("среду", "ую"), ("четверг", "ий"),
           ("пятницу", "ую"), ("субботу", "ую"), ("воскресенье", "ее")),
    "ky": ("дүйшөмбү", "шейшемби", "шаршемби", "бейшемби", "жума", "ишемби", "жекшемби"),
}  # fmt: skip
WEEKDAY_CONTEXTS = {
    "en": "Police detained the activist {}.",
    "ru": "Активиста задержали {}.",
    "ky": "Активист {} кармалды.",
}


def _weekday_forms(language: str, weekday: int) -> list[str]:
    if language == "en":
        name = WEEKDAYS["en"][weekday]
        return [f"on {name}", f"on {name} evening", f"last {name}"]
    if language == "ru":
        name, ending = WEEKDAYS["ru"][weekday]
        preposition = "во" if name.startswith("вт") else "в"
        return [
            f"{preposition} {name}",
            f"в минувш{ending} {name}",
            f"{preposition} {name} вечером",
        ]
    name = WEEKDAYS["ky"][weekday]
    forms = [f"{name} күнү", f"{name} күнү кечинде", f"өткөн {name} күнү"]
    if name != "жума":  # "жумада" is "in the week"
        locative = name + ("дө" if name.endswith("ү") else "де")
        forms += [locative, locative + ("гү" if name.endswith("ү") else "ги")]
    return forms


@st.composite
def weekdays(draw: st.DrawFn) -> Sentence:
    """A weekday in each language's forms: the latest such day on or before the document's date
    (a week before it for "last Monday" said on a Monday)."""
    language = draw(st.sampled_from(sorted(WEEKDAYS)))
    document = draw(DOCUMENTS)
    weekday = draw(st.integers(0, 6))
    day = document - timedelta(days=(document.weekday() - weekday) % 7)
    phrase = draw(st.sampled_from(_weekday_forms(language, weekday)))
    if phrase.startswith(("last", "в минувш", "өткөн")) and day == document:
        day -= timedelta(days=7)
    return Sentence(
        language, WEEKDAY_CONTEXTS[language].format(phrase), document, (_day(day, phrase),)
    )


# Numbers that are no dates ----------------------------------------------------------------------


@st.composite
def non_dates(draw: st.DrawFn) -> tuple[str, str]:
    """A sentence whose numbers are articles, durations, telephone or case numbers: no date."""
    day = draw(st.integers(1, 31))
    part = draw(st.integers(1, 12))
    year = draw(st.integers(2015, 2025))
    count = draw(st.sampled_from(["three", "five", "ten"]))
    operator, last = draw(st.integers(500, 799)), draw(st.integers(10, 99))
    phone = draw(
        st.sampled_from(
            [
                f"+996 {operator} {day:02d} {part:02d} {last}",
                f"0{operator} {day:02d}-{part:02d}-{last}",
            ]
        )
    )
    return draw(
        st.sampled_from(
            [
                ("en", f"He was charged under Article {day} of the Criminal Code."),
                ("en", f"He was held for {count} days without charge."),
                ("en", f"Call the hotline on {phone} for help."),
                ("en", f"The court opened case No. {day}-{part}/{year} against him."),
                ("ru", f"Ему предъявили обвинение по ч. {part} ст. {day} УК."),
                ("ru", f"Его продержали {day} суток в ИВС."),
                ("ru", f"Звоните по телефону {phone}."),
                ("ru", f"Суд рассмотрел дело № {day}-{part}/{year} в закрытом режиме."),
                ("ky", f"Ага Кылмыш-жаза кодексинин {day}-беренеси менен айып коюлду."),
                ("ky", f"Ал {day} күн камакта отурду."),
                ("ky", f"Телефон: {phone}."),
                ("ky", f"Сот № {day}-{part}/{year} ишин жабык карады."),
                ("en", f"He spent {day} days in custody."),
                ("ru", f"Его держали в течение {day} дней."),
                ("ru", f"Его привлекли по ч. {part} ст. {day}.{part:02d} КоАП."),
                ("ky", f"Ал {day}-берененин {part}-бөлүгү боюнча айыпталды."),
                ("ky", f"Ага {day} суткалык камак жазасы берилди."),
                ("en", f"He has been held for {count} days."),
                ("ru", f"Он уже {day} дней под стражей."),
                ("ky", f"Ал {day} күндөн бери камакта."),
                ("ky", f"Ал {day} күн бою камакта болду."),
            ]
        )
    )


# Days counted back from the document's date ---------------------------------------------------

AGO = {
    "en": {1: "yesterday", 2: "two days ago", 3: "three days ago", 7: "a week ago",
           5: "five days ago"},
    "ru": {1: "вчера", 2: "позавчера", 3: "три дня назад", 5: "пять дней назад",
           7: "неделю назад"},
    "ky": {1: "кечээ", 2: "эки күн мурун", 3: "үч күн мурун", 5: "беш күн мурун",
           7: "бир жума мурун"},
}  # fmt: skip
AGO_CONTEXTS = {
    "en": "{} police detained the activist.",
    "ru": "{} активиста задержали.",
    "ky": "{} активист кармалды.",
}


@st.composite
def days_ago(draw: st.DrawFn) -> Sentence:
    """Days counted back from the document's date, with no day told before them."""
    language = draw(st.sampled_from(sorted(AGO)))
    document = draw(DOCUMENTS)
    back = draw(st.sampled_from(sorted(AGO[language])))
    phrase = AGO[language][back]
    phrase = phrase[0].upper() + phrase[1:]
    text = AGO_CONTEXTS[language].format(phrase)
    return Sentence(language, text, document, (_day(document - timedelta(days=back), phrase),))


@st.composite
def months_without_a_year(draw: st.DrawFn) -> Sentence:
    """A month, or its early, middle or late days, without a year: the latest one over before
    the document's month."""
    language = draw(st.sampled_from(["en", "ru", "ky"]))
    document = draw(DOCUMENTS)
    back = draw(st.integers(1, 10))
    first_of = document.replace(day=1)
    for _ in range(back):
        first_of = (first_of - timedelta(days=1)).replace(day=1)
    last = (first_of.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    month = first_of.month
    part = draw(st.sampled_from(["whole", "early", "late"]))
    days = {"whole": (1, last.day), "early": (1, 10), "late": (21, last.day)}[part]
    precision = "month" if part == "whole" else "day"
    stem = KY_MONTHS[month - 1][0]
    nominative = stem + ("ь" if stem.endswith(("р", "л", "н")) else "")
    phrase = {
        "en": {"whole": f"in {EN_MONTHS[month - 1]}", "early": f"in early {EN_MONTHS[month - 1]}",
               "late": f"in late {EN_MONTHS[month - 1]}"},
        "ru": {"whole": f"в {RU_PREPOSITIONAL[month - 1]}",
               "early": f"в начале {RU_GENITIVE[month - 1]}",
               "late": f"в конце {RU_GENITIVE[month - 1]}"},
        # "майда" alone is also "small": May without a day is "майында".
        "ky": {"whole": draw(st.sampled_from([ky_month(month, "locative" if month != 5 else
                                                        "possessive_locative"),
                                               ky_month(month, "possessive_locative"),
                                               f"{nominative} айында"])),
               "early": f"{ky_month(month, 'genitive')} башында",
               "late": f"{ky_month(month, 'genitive')} аягында"},
    }[language][part]  # fmt: skip
    context = {
        "en": "The outlet's site was blocked {}.",
        "ru": "Сайт издания заблокировали {}.",
        "ky": "Басылманын сайты {} бөгөттөлдү.",
    }[language]
    return Sentence(
        language, context.format(phrase), document,
        (Phrase(phrase, first_of.replace(day=days[0]), first_of.replace(day=days[1]), precision),),
    )  # fmt: skip


@st.composite
def kyrgyz_nights_towards(draw: st.DrawFn) -> Sentence:
    """ "5-мартка караган түнү", as "в ночь на 5 марта": the night towards the day named, which
    the annotated documents give as that day."""
    document = draw(DOCUMENTS)
    day = draw(past_days(document))
    phrase = f"{day.day}-{ky_month(day.month, 'dative')} караган түнү"
    return Sentence("ky", f"Ал {phrase} кармалды.", document, (_day(day, phrase),))


@st.composite
def kyrgyz_day_lists(draw: st.DrawFn) -> Sentence:
    """Days of one month joined by a dash before the month in the nominative with "күндөрү" or
    in the locative: "5–7-март күндөрү", "5-7-мартта"."""
    document = draw(DOCUMENTS)
    last = draw(past_days(document, latest=1, earliest=300))
    if last.day == 1:
        last += timedelta(days=1)
    first = last - timedelta(days=draw(st.integers(1, last.day - 1)))
    stem = KY_MONTHS[last.month - 1][0]
    nominative = stem + ("ь" if stem.endswith(("р", "л", "н")) else "")
    dash = draw(st.sampled_from(["–", "-"]))
    phrase = draw(
        st.sampled_from(
            [
                f"{first.day}{dash}{last.day}-{nominative} күндөрү",
                f"{first.day}{dash}{last.day}-{ky_month(last.month, 'locative')}",
            ]
        )
    )
    return Sentence(
        "ky", f"Шаарда {phrase} митингдер болду.", document, (Phrase(phrase, first, last),)
    )


# Stories: a dated day, then steps told from the day named last ---------------------------------

STEPS = {
    "en": {0: ["The same day", "That day"], 1: ["The next day", "The following day"],
           2: ["Two days later"], 3: ["Three days later"], 7: ["A week later"]},
    "ru": {0: ["В тот же день"], 1: ["На следующий день", "Наутро"], 2: ["Через два дня"],
           3: ["Спустя три дня"], 7: ["Через неделю"]},
    "ky": {0: ["Ошол эле күнү"], 1: ["Эртеси", "Кийинки күнү"], 2: ["Эки күндөн кийин"],
           3: ["Үч күн өткөндөн кийин"], 7: ["Бир жумадан кийин"]},
}  # fmt: skip
STEP_CLAUSES = {
    "en": ["he was taken to court.", "his lawyer filed a complaint.", "the court remanded him."],
    "ru": ["его доставили в суд.", "адвокат подал жалобу.", "суд арестовал его."],
    "ky": ["аны сотко алып барышты.", "адвокат арыз жазды.", "сот аны камакка алды."],
}
STORY_OPENINGS = {
    "en": "He was detained on {day} {month} {year}. ",
    "ru": "Его задержали {day} {month} {year} года. ",
    "ky": "Ал {year}-жылдын {day}-{month} кармалды. ",
}


def _day_words(language: str, day: date, *, with_year: bool) -> str:
    if language == "en":
        month = EN_MONTHS[day.month - 1]
    elif language == "ru":
        month = RU_GENITIVE[day.month - 1]
    else:
        month = ky_month(day.month, "possessive_locative" if with_year else "locative")
    if not with_year:
        return f"{day.day}-{month}" if language == "ky" else f"{day.day} {month}"
    return STORY_OPENINGS[language].format(day=day.day, month=month, year=day.year)


@st.composite
def stories(draw: st.DrawFn) -> Sentence:
    """A day with its year, some years before the document's, and steps after it: a day told
    from the day named last, or another day of the month without its year, which takes the
    story's year."""
    language = draw(st.sampled_from(sorted(STEPS)))
    document = draw(DOCUMENTS)
    story = document - timedelta(days=draw(st.integers(400, 1500)))
    story = story.replace(day=min(story.day, 10))
    text = _day_words(language, story, with_year=True)
    if language == "en":
        phrases = [_day(story, f"{story.day} {EN_MONTHS[story.month - 1]} {story.year}")]
    elif language == "ru":
        phrases = [_day(story, f"{story.day} {RU_GENITIVE[story.month - 1]} {story.year} года")]
    else:
        phrases = [_day(story, f"{story.year}-жылдын {story.day}-")]
    current = story
    for _ in range(draw(st.integers(1, 4))):
        clause = draw(st.sampled_from(STEP_CLAUSES[language]))
        step = draw(st.sampled_from(["day", "told", "following", "next_day_weekday"]))
        if step == "following":
            # "The following Monday": the first such day after the day named last.
            weekday = draw(st.integers(0, 6))
            current += timedelta(days=(weekday - current.weekday()) % 7 or 7)
            lead = FOLLOWING[language][weekday]
            phrases.append(_day(current, lead, len(text)))
        elif step == "next_day_weekday":
            # "The next day, Monday,": one day, the weekday beside it names no other.
            current += timedelta(days=1)
            lead = NEXT_DAY_WEEKDAY[language][current.weekday()]
            phrases.append(_day(current, lead, len(text)))
        elif step == "day" and current.day < 25:
            current = current + timedelta(days=draw(st.integers(1, 3)))
            named = _day_words(language, current, with_year=False)
            lead = "On " + named if language == "en" else named
            phrases.append(_day(current, named, len(text)))
        else:
            shift = draw(st.sampled_from(sorted(STEPS[language])))
            lead = draw(st.sampled_from(STEPS[language][shift]))
            current = current + timedelta(days=shift)
            phrases.append(_day(current, lead, len(text)))
        text += f"{lead[0].upper()}{lead[1:]} {clause} "
    return Sentence(language, text.strip(), document, tuple(phrases))


# "The following Monday" and "the next day, Monday" in each language.
FOLLOWING = {
    "en": [f"The following {name}" for name in WEEKDAYS["en"]],
    "ru": [f"В следующ{'ий' if ending == 'ий' else 'ую' if ending == 'ую' else 'ее'} {name}"
           for name, ending in WEEKDAYS["ru"]],
    "ky": [f"Кийинки {name} күнү" for name in WEEKDAYS["ky"]],
}  # fmt: skip
NEXT_DAY_WEEKDAY = {
    "en": [f"The next day, {name}," for name in WEEKDAYS["en"]],
    "ru": [f"На следующий день, {'во' if name.startswith('вт') else 'в'} {name},"
           for name, _ in WEEKDAYS["ru"]],
    "ky": [f"Эртеси {name} күнү" for name in WEEKDAYS["ky"]],
}  # fmt: skip


# What is to come: a day without a year is the one nearest the document's date ------------------

FUTURE = {
    "en": ["The court will hear the appeal {}.", "The hearing is scheduled for {}.",
           "The verdict is expected {}."],
    "ru": ["Суд рассмотрит жалобу {}.", "Заседание назначено на {}.",
           "Приговор огласят {}."],
    "ky": ["Сот арызды {} карайт.", "Иш {} каралат.", "Сот өкүмдү {} чыгарат.",
           "Сот ишти {} карамакчы."],
}  # fmt: skip
# A call tells what must be done of a day that has passed: the detention is the latest such day.
CALLS = {
    "en": "The authorities must release Asanov, who was detained {}.",
    "ru": "Власти должны освободить Асанова, задержанного {}.",
    "ky": "Бийлик {} кармалган Асановду бошотушу керек.",
}


def _day_phrase(language: str, day: date) -> str:
    if language == "en":
        return f"{day.day} {EN_MONTHS[day.month - 1]}"
    if language == "ru":
        return f"{day.day} {RU_GENITIVE[day.month - 1]}"
    return f"{day.day}-{ky_month(day.month, 'locative')}"


@st.composite
def days_to_come(draw: st.DrawFn) -> Sentence:
    """A day without a year in a sentence about what is to come, some weeks after the document's
    date, is that day; in a call about a detention of months before, the day before it."""
    language = draw(st.sampled_from(sorted(FUTURE)))
    document = draw(DOCUMENTS)
    if draw(st.booleans()):
        meant = document + timedelta(days=draw(st.integers(20, 150)))
        context = draw(st.sampled_from(FUTURE[language]))
    else:
        meant = document - timedelta(days=draw(st.integers(190, 330)))
        context = CALLS[language]
    if (meant.month, meant.day) == (2, 29):
        meant += timedelta(days=1)
    phrase = _day_phrase(language, meant)
    if language == "en" and not context.endswith("for {}."):
        phrase = "on " + phrase
    return Sentence(language, context.format(phrase), document, (_day(meant, phrase),))

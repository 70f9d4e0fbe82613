from __future__ import annotations

import contextlib

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from tests.timing import best_cpu_time

from docket.model import Count, InvalidCount, Qualifier, find_counts

Q = Qualifier

EXAMPLES = [
    # English
    ("about 1,700 villagers", Count(1700, Q.ABOUT, "persons")),
    ("1 700", Count(1700)),
    ("1,700", Count(1700)),
    ("more than 170 injured", Count(170, Q.MORE_THAN, "persons")),
    ("at least 22", Count(22, Q.AT_LEAST)),
    ("some 27 protesters", Count(27, Q.ABOUT, "persons")),
    ("up to 50", Count(50, Q.AT_MOST)),
    ("fewer than 5 families", Count(5, Q.FEWER_THAN, "families")),
    ("at most 3 households", Count(3, Q.AT_MOST, "households")),
    ("twenty-five journalists", Count(25, unit="persons")),
    ("three independent media outlets", Count(3, unit="organisations")),
    ("one of the journalists", Count(1, unit="persons")),
    ("two hundred fifty houses", Count(250, unit="buildings")),
    ("2 thousand people", Count(2000, unit="persons")),
    ("dozens of protesters", Count(24, Q.AT_LEAST, "persons")),
    ("hundreds of families", Count(200, Q.AT_LEAST, "families")),
    ("a dozen activists", Count(12, unit="persons")),
    # Russian
    ("двое журналистов", Count(2, unit="persons")),
    ("трое", Count(3, unit="persons")),
    ("около 1700 жителей", Count(1700, Q.ABOUT, "persons")),
    ("более 170 человек", Count(170, Q.MORE_THAN, "persons")),
    ("не менее 22", Count(22, Q.AT_LEAST)),
    ("до 50 человек", Count(50, Q.AT_MOST, "persons")),
    ("менее 10 семей", Count(10, Q.FEWER_THAN, "families")),
    ("две тысячи человек", Count(2000, unit="persons")),
    ("1,7 тыс. человек", Count(1700, unit="persons")),
    ("170 с лишним человек", Count(170, Q.MORE_THAN, "persons")),
    ("сотни людей", Count(200, Q.AT_LEAST, "persons")),
    ("три независимых СМИ", Count(3, unit="organisations")),
    # Kyrgyz
    ("27 активист", Count(27, unit="persons")),
    ("1700дөй", Count(1700, Q.ABOUT)),
    ("1700дөй адам", Count(1700, Q.ABOUT, "persons")),
    ("1700гө жакын", Count(1700, Q.ABOUT)),
    ("1700 адамга жакын", Count(1700, Q.ABOUT, "persons")),
    ("кеминде 22", Count(22, Q.AT_LEAST)),
    ("170тен ашык", Count(170, Q.MORE_THAN)),
    ("170 адамдан ашык", Count(170, Q.MORE_THAN, "persons")),
    ("эки миң адам", Count(2000, unit="persons")),
    ("жүздөгөн адам", Count(200, Q.AT_LEAST, "persons")),
    ("экөө", Count(2, unit="persons")),
]


@pytest.mark.parametrize(("text", "expected"), EXAMPLES)
def test_count_phrases(text: str, expected: Count) -> None:
    parsed = Count.parse(text)
    assert parsed == expected
    assert parsed.text == text


def test_noun_is_kept_as_written() -> None:
    assert Count.parse("about 1,700 villagers").noun == "villagers"
    assert Count.parse("он эки үй-бүлө", "ky").noun == "үй-бүлө"


def test_running_text_counts_any_noun_but_not_one_of_a_topic() -> None:
    text = "a statement about one country; two urgent surgeries; (3–30 people); one village"
    found = [(text[s:e], c) for s, e, c in find_counts(text)]
    assert found == [
        ("two urgent surgeries", Count(2)),
        ("3–30 people", Count(3, unit="persons", high=30)),
        ("one village", Count(1, unit="settlements")),
    ]
    assert [(c.noun, c.lemma) for _, c in found] == [
        ("surgeries", "surgery"),
        ("people", "person"),
        ("village", "village"),
    ]


@pytest.mark.parametrize(
    ("text", "language", "span", "value", "lemma"),
    [
        ("The prosecution read out three articles published in December.", "en",
         "three articles", 3, "article"),
        ("Relatives have been told at three police stations that he is not held.", "en",
         "three police stations", 3, "station"),
        ("Two monitors from Kalkan were admitted.", "en", "Two monitors", 2, "monitor"),
        ("В зал были допущены двое наблюдателей и мать подсудимого.", "ru",
         "двое наблюдателей", 2, "наблюдатель"),
        ("его повалили на землю четверо полицейских.", "ru", "четверо полицейских", 4,
         "полицейский"),
        ("писала о судьбе 22 осуждённых по нему.", "ru", "22 осуждённых", 22, "осужденный"),
        ("по меньшей мере три редакции подверглись обыскам", "ru",
         "по меньшей мере три редакции", 3, "редакция"),
        ("Туугандарына үч милиция бөлүмүндө ал жерде жок деп жооп беришти.", "ky",
         "үч милиция бөлүмүндө", 3, "бөлүм"),
        ("«Калкан» борборунун эки байкоочусу залга киргизилген жок.", "ky", "эки байкоочусу",
         2, "байкоочу"),
    ],
)  # fmt: skip
def test_counts_of_any_noun_keep_the_noun_and_its_dictionary_form(
    text: str, language: str, span: str, value: int, lemma: str
) -> None:
    found = [(text[s:e], c) for s, e, c in find_counts(text, language)]
    assert [(phrase, c.value, c.lemma) for phrase, c in found] == [(span, value, lemma)]


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("его держали в камере вместе с одиннадцатью другими задержанными",
         "одиннадцатью другими задержанными", 11),
        ("встреча с двадцатью пятью жителями прошла в школе", "двадцатью пятью жителями", 25),
        ("письмо с пятьюдесятью подписями", "пятьюдесятью подписями", 50),
        ("речь идёт о двухстах семьях", "двухстах семьях", 200),
        ("компенсацию выплатили тремстам жителям", "тремстам жителям", 300),
    ],
)  # fmt: skip
def test_russian_numbers_in_the_instrumental_dative_and_prepositional_are_counts(
    text: str, span: str, value: int
) -> None:
    assert [(text[s:e], c.value) for s, e, c in find_counts(text, "ru")] == [(span, value)]


def test_people_counted_by_new_nouns_are_persons() -> None:
    for text, language in [
        ("Two monitors were admitted", "en"),
        ("Five interviewees said so", "en"),
        ("двое наблюдателей", "ru"),
        ("эки байкоочусу", "ky"),
        ("кеминде 22 айыпталуучу", "ky"),
    ]:
        assert [c.unit for _, _, c in find_counts(text, language)] == ["persons"], text


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("placed in a punishment cell for periods of up to 15 days", "en"),
        ("The hearing opened forty minutes late.", "en"),
        ("Eurasia Rights Wire, 12 March 2024\n\nFamilies evicted", "en"),
        ("under Article 212 of the Criminal Code", "en"),
        ("the 1990s", "en"),
        ("2024 elections", "en"),
        ("оштрафовал журналистку на 10 тысяч сомов за участие", "ru"),
        ("Фонд, который 15 лет помогал семьям мигрантов", "ru"),
        ("обвинение в хулиганстве (ч. 2 ст. 281 УК)", "ru"),
        ("заседание назначено на 24 июля", "ru"),
        ("Нурлан Абдрахманов, 27 жашта, студент", "ky"),
        ("Саат он экилерде аскерлер келди", "ky"),
        ("11 жылга эркинен ажыратылды", "ky"),
    ],
)
def test_measures_labels_days_and_years_are_no_counts(text: str, language: str) -> None:
    assert find_counts(text, language) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("20–30 people", Count(20, unit="persons", high=30)),
        ("about 20-30 protesters", Count(20, Q.ABOUT, "persons", high=30)),
        ("20 to 30 journalists", Count(20, unit="persons", high=30)),
        ("от 20 до 30 человек", Count(20, unit="persons", high=30)),
    ],
)
def test_ranges_are_counts_with_a_top(text: str, expected: Count) -> None:
    assert [c for _, _, c in find_counts(text)] == [expected]
    assert Count.parse(str(expected)) == expected


def test_a_range_has_bounds_and_reads_back_from_json() -> None:
    count = Count(20, Q.ABOUT, "persons", high=30, lemma="person")
    assert count.bounds() == (20, 30)
    assert count.bounds(tolerance=0.1) == (18, 33)
    assert str(count) == "about 20–30 persons"
    again = Count.from_json(count.to_json())
    assert (again, again.lemma) == (count, "person")
    assert "high" not in Count(3).to_json()
    for bad in (
        lambda: Count(30, high=20),
        lambda: Count(20, Q.AT_LEAST, high=30),
        lambda: Count.from_json({"value": 3, "high": "5"}),
    ):
        with pytest.raises(InvalidCount):
            bad()


def test_kyrgyz_ten_is_read_only_in_kyrgyz_text() -> None:
    # Kyrgyz "он" (ten) is Russian "он" (he).
    assert Count.parse("он эки үй-бүлө", "ky") == Count(12, unit="families")
    assert find_counts("он журналист") == []
    assert find_counts("он журналист", "ru") == []


def test_collective_numeral_before_another_noun_is_no_count() -> None:
    # "трое суток" is three days, not three people.
    assert find_counts("задержан на трое суток") == []
    assert [c for _, _, c in find_counts("задержаны трое, в том числе")] == [
        Count(3, unit="persons")
    ]


@pytest.mark.parametrize(
    "text",
    ["", "several protesters", "несколько человек", "бир нече адам", "1.5", "people",
     "10 000 000 000 000 000", "fewer than 0", "about", "1,700-strong crowd", "30–3 people"],
)  # fmt: skip
def test_non_counts_are_refused(text: str) -> None:
    with pytest.raises(InvalidCount) as caught:
        Count.parse(text)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    ("count", "low", "high"),
    [
        (Count(1700, Q.EXACTLY), 1700, 1700),
        (Count(1700, Q.ABOUT), 1700, 1700),
        (Count(22, Q.AT_LEAST), 22, None),
        (Count(170, Q.MORE_THAN), 171, None),
        (Count(50, Q.AT_MOST), 0, 50),
        (Count(5, Q.FEWER_THAN), 0, 4),
    ],
)
def test_bounds_for_aggregation(count: Count, low: int, high: int | None) -> None:
    assert count.bounds() == (low, high)


def test_about_can_be_widened() -> None:
    assert Count(1700, Q.ABOUT).bounds(tolerance=0.1) == (1530, 1870)


@pytest.mark.parametrize(
    ("count", "text"),
    [
        (Count(1700, Q.ABOUT, "persons"), "about 1,700 persons"),
        (Count(1, unit="families"), "1 family"),
        (Count(22, Q.AT_LEAST), "at least 22"),
        (Count(5, Q.FEWER_THAN, "households"), "fewer than 5 households"),
    ],
)
def test_human_readable_form(count: Count, text: str) -> None:
    assert str(count) == text


def test_constructor_and_json_refuse_bad_values() -> None:
    for bad in (
        lambda: Count(-1),
        lambda: Count(True),  # type: ignore[arg-type]
        lambda: Count(0, Q.FEWER_THAN),
        lambda: Count(3, unit="goats"),
        lambda: Count.from_json({"value": "3"}),
        lambda: Count.from_json({"value": 3, "qualifier": "roughly"}),
        lambda: Count.from_json({"value": 3, "unit": 7}),
    ):
        with pytest.raises(InvalidCount):
            bad()


counts = st.builds(
    Count,
    st.integers(min_value=1, max_value=10**9),
    st.sampled_from(list(Qualifier)),
    st.sampled_from([None, "persons", "families", "households", "organisations", "buildings"]),
)


@given(counts, st.one_of(st.none(), st.text(max_size=20)))
@settings(deadline=None)
def test_json_round_trip(count: Count, text: str | None) -> None:
    count = Count(count.value, count.qualifier, count.unit, text=text, noun="x")
    again = Count.from_json(count.to_json())
    assert again == count
    assert (again.text, again.noun) == (text, "x")


@given(counts)
@settings(deadline=None, max_examples=300)
def test_human_readable_form_reads_back(count: Count) -> None:
    assert Count.parse(str(count)) == count


_COUNTISH = [
    "1", "22", "1,700", "1 700", "1,7", "2019", "99999999999999999999", "about", "more than",
    "at least", "some", "dozens", "of", "the", "people", "families", "-", ",", "дөй", "гө", "тен",
    "жакын", "ашык", "кеминде", "около", "более", "не менее", "двое", "трое", "человек", "тыс.",
    "миң", "жүз", "эки", "адам", "адамга", "үй-бүлө", "twenty", "-five", "hundred", "thousand",
]  # fmt: skip


@given(st.lists(st.sampled_from(_COUNTISH), max_size=10).map(" ".join))
@example("0дөй")
@example("fewer than 0")
@settings(deadline=None, max_examples=400)
def test_parse_raises_only_invalid_count_on_noise(text: str) -> None:
    with contextlib.suppress(InvalidCount):
        Count.parse(text)


@given(st.text(max_size=200), st.sampled_from([None, "en", "ru", "ky", "xx"]))
@settings(deadline=None)
def test_parse_raises_only_invalid_count_on_any_text(text: str, language: str | None) -> None:
    with contextlib.suppress(InvalidCount):
        Count.parse(text, language)


DECLARATION = (
    "In 2019 protesters gathered; more than 2000 people came. On 7–8 August security forces "
    "shot at about 1,700 civilians; 27 were hurt and at least 22 detained. в 2019 году около "
    "1700 жителей, двое журналистов. 2022-жылдын 23-октябрында 27 активист кармалган, "
    "1700дөй адам жабыр тартты."
)


def test_find_counts_in_a_declaration() -> None:
    found = find_counts(DECLARATION)
    assert [(DECLARATION[s:e], str(c)) for s, e, c in found] == [
        ("more than 2000 people", "more than 2,000 persons"),
        ("about 1,700 civilians", "about 1,700 persons"),
        # "detained" after a number counts people, as "injured" and "killed" do
        ("at least 22 detained", "at least 22 persons"),
        ("около 1700 жителей", "about 1,700 persons"),
        ("двое журналистов", "2 persons"),
        ("27 активист", "27 persons"),
        ("1700дөй адам", "about 1,700 persons"),
    ]


@given(st.lists(st.sampled_from([*_COUNTISH, "in", "в", "года", "\n", "x1"]), max_size=30))
@settings(deadline=None, max_examples=300)
def test_found_spans_are_the_phrases_and_parse_back(words: list[str]) -> None:
    text = " ".join(words)
    previous_end = 0
    for start, end, count in find_counts(text):
        assert previous_end <= start < end <= len(text)
        assert text[start:end] == count.text
        assert Count.parse(text[start:end]) == count
        previous_end = end


def _cpu_time(text: str) -> float:
    return best_cpu_time(lambda: find_counts(text))


@pytest.mark.parametrize("unit", ["1 ", "1,000,", "about 7 ", "twenty-", "1700дөй "])
def test_find_counts_is_linear_on_repetitive_input(unit: str) -> None:
    small = unit * (1500 // len(unit))
    assert _cpu_time(small * 4) < 8 * _cpu_time(small) + 0.05


@given(st.text(max_size=300), st.sampled_from([None, "en", "ru", "ky", "xx"]))
@settings(deadline=None)
def test_find_counts_never_raises_and_spans_read_back(text: str, language: str | None) -> None:
    for start, end, count in find_counts(text, language):
        assert text[start:end] == count.text


@given(st.integers(min_value=0, max_value=10_000))
@settings(deadline=None, max_examples=300)
def test_numbers_written_as_digits_round_trip(number: int) -> None:
    for written in {str(number), f"{number:,}", f"{number:,}".replace(",", " ")}:
        assert Count.parse(written).value == number
        assert Count.parse(f"at least {written} people") == Count(number, Q.AT_LEAST, "persons")
        for language, sentence in (
            ("en", "Reports say {} protesters were held."),
            ("ru", "Сообщают, что задержаны {} человек."),
            ("ky", "Кабарга караганда {} адам кармалган."),
        ):
            found = find_counts(sentence.format(written), language)
            assert [c.value for _, _, c in found] == [number], (written, language)


_ONES = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_TEENS = [
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def _english_words(number: int) -> str:
    """Test-side spelling of 1..9,999 ("two thousand three hundred forty-five")."""
    words = []
    thousands, rest = divmod(number, 1000)
    hundreds, rest = divmod(rest, 100)
    if thousands:
        words.append(f"{_english_words(thousands)} thousand")
    if hundreds:
        words.append(f"{_ONES[hundreds - 1]} hundred")
    if rest >= 20:
        tens, ones = divmod(rest, 10)
        words.append(_TENS[tens - 2] + (f"-{_ONES[ones - 1]}" if ones else ""))
    elif rest >= 10:
        words.append(_TEENS[rest - 10])
    elif rest:
        words.append(_ONES[rest - 1])
    return " ".join(words)


@given(st.integers(min_value=2, max_value=9_999))
@settings(deadline=None, max_examples=300)
def test_english_number_words_round_trip(number: int) -> None:
    text = f"Witnesses saw {_english_words(number)} soldiers."
    assert [c.value for _, _, c in find_counts(text, "en")] == [number]


@pytest.mark.parametrize(
    ("text", "language", "counted"),
    [
        # A time of day beside a count or a noun is no count of its own.
        ("Police came at about 23:40 on the 3rd of January.", "en", []),
        ("At 10:30 about 30 miners were kept outside.", "en", ["about 30 miners"]),
        ("Около 18:30 сотрудники милиции задержали 14 водителей.", "ru", ["14 водителей"]),
        ("Саат 10:30да үйүбүзгө УКМКнын кызматкерлери келишти.", "ky", []),
        ("The score was 2:1 and 40 people were detained.", "en", ["40 people"]),
        # A colon after a label still lets the count after it stand.
        ("Задержаны: 12 человек.", "ru", ["12 человек"]),
    ],
)
def test_a_time_of_day_is_no_count(text: str, language: str, counted: list[str]) -> None:
    assert [count.text for _, _, count in find_counts(text, language)] == counted


@given(st.integers(0, 23), st.integers(0, 59), st.sampled_from(["people", "miners", "officers"]))
def test_no_part_of_any_time_is_counted(hours: int, minutes: int, noun: str) -> None:
    text = f"At {hours}:{minutes:02d} {noun} gathered."
    assert find_counts(text, "en") == []


# Wordings of reports that were misread before: a range opened by "between", a Kyrgyz range
# marked by case endings, a part taken of a pronoun or of a Kyrgyz plural, "the detained".
@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("between 15 and 20 people were beaten", "en", ("between 15 and 20 people", 15, 20)),
        ("between five and ten journalists", "en", ("between five and ten journalists", 5, 10)),
        ("между 15 и 20 задержанными", "ru", ("между 15 и 20 задержанными", 15, 20)),
        ("20дан 30га чейин адам сабалган", "ky", ("20дан 30га чейин адам", 20, 30)),
        ("20-дан 30-га чейин киши", "ky", ("20-дан 30-га чейин киши", 20, 30)),
        ("treated some 12 people, two of them for head wounds", "en", ("two of them", 2, None)),
        ("пять из них получили травмы", "ru", ("пять из них", 5, None)),
        ("Кармалгандардын 18ине камак жазасы берилди", "ky", ("Кармалгандардын 18ине", 18, None)),
        ("алардын 3ү ооруканага жеткирилди", "ky", ("алардын 3ү", 3, None)),
        ("Three of the detained were held", "en", ("Three of the detained", 3, None)),
        ("two of the arrested", "en", ("two of the arrested", 2, None)),
        ("three of whom were minors", "en", ("three of whom", 3, None)),
    ],
)
def test_ranges_and_parts_in_report_wordings(
    text: str, language: str, expected: tuple[str, int, int | None]
) -> None:
    phrase, value, high = expected
    found = [(text[s:e], c.value, c.high) for s, e, c in find_counts(text, language)]
    assert (phrase, value, high) in found, found
    assert Count.parse(phrase).value == value


def test_a_kyrgyz_part_of_people_counts_people() -> None:
    [(_, _, count)] = find_counts("Кармалгандардын 18ине камак берилди", "ky")
    assert (count.unit, count.noun) == ("persons", "Кармалгандардын")
    [(_, _, count)] = find_counts("two of them were hurt", "en")
    assert (count.unit, count.noun) == (None, "them")


@pytest.mark.parametrize(
    ("text", "language"),
    [
        # plates, case numbers, terms, distances, days that only look like counts
        ("Кармалгандарды ташыган 01 KG 777 ABC номерлүү автобус", "ky"),
        ("the van with plates 01 KG 345 ABC drove off", "en"),
        ("по делу № 1-312/24 назначено заседание", "ru"),
        ("постановление от 04.04.24 принято", "ru"),
        ("3 суткага камак жазасы берилди", "ky"),
        ("айылдан 15 чакырым алыстыкта", "ky"),
        ("Утром 22 марта возле дома", "ru"),
        ("between 2019 and 2021 elections", "en"),
        ("майдын 18ине чейин", "ky"),
        ("one of them", "en"),
    ],
)
def test_report_numbers_that_are_no_counts(text: str, language: str) -> None:
    assert find_counts(text, language) == [], text


_KY_FROM = ["дан", "ден", "дон", "дөн", "тан", "тен", "тон", "төн"]
_KY_TO = ["га", "ге", "го", "гө", "ка", "ке", "ко", "кө"]


@given(
    st.integers(1, 5000),
    st.integers(1, 5000),
    st.sampled_from(_KY_FROM),
    st.sampled_from(_KY_TO),
    st.booleans(),
)
@settings(deadline=None, max_examples=150)
def test_any_kyrgyz_range_by_endings_reads_its_ends(
    low: int, step: int, start: str, end: str, hyphen: bool
) -> None:
    join = "-" if hyphen else ""
    phrase = f"{low}{join}{start} {low + step}{join}{end} чейин адам"
    found = find_counts(f"Болжол {phrase} келди.", "ky")
    assert [(c.text, c.value, c.high, c.unit) for _, _, c in found] == [
        (phrase, low, low + step, "persons")
    ]
    assert Count.parse(phrase, "ky") == Count(low, unit="persons", high=low + step)


# From 1900 a bare number after "between" is a year ("between 2019 and 2021").
@given(st.integers(2, 1899), st.integers(1, 5000), st.sampled_from(["people", "houses", "cars"]))
@settings(deadline=None, max_examples=150)
def test_any_range_between_two_numbers_reads_its_ends(low: int, step: int, noun: str) -> None:
    phrase = f"between {low} and {low + step} {noun}"
    [(_, _, count)] = find_counts(f"Witnesses saw {phrase} there.", "en")
    assert (count.text, count.value, count.high) == (phrase, low, low + step)
    assert Count.parse(phrase) == count


@given(st.integers(2, 999), st.sampled_from(["KG", "AB"]), st.sampled_from(["ABC", "KT", "O"]))
@settings(deadline=None, max_examples=100)
def test_no_number_of_a_plate_is_counted(number: int, region: str, series: str) -> None:
    for text in (f"01 {region} {number} {series} автобус", f"01 {number} {series} номерлүү"):
        assert find_counts(text, "ky") == [], text


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        # a round noun multiplies the number before it
        ("two dozen people were detained", "en", ("two dozen people", 24, Q.EXACTLY)),
        ("some two dozen protesters", "en", ("some two dozen protesters", 24, Q.ABOUT)),
        ("два десятка журналистов", "ru", ("два десятка журналистов", 20, Q.EXACTLY)),
        # after a qualifier a round noun is one of its kind
        ("около сотни человек", "ru", ("около сотни человек", 100, Q.ABOUT)),
        ("более тысячи жителей", "ru", ("более тысячи жителей", 1000, Q.MORE_THAN)),
        ("около десятка журналистов", "ru", ("около десятка журналистов", 10, Q.ABOUT)),
        ("около двух десятков человек", "ru", ("около двух десятков человек", 20, Q.ABOUT)),
        # Russian case written after a hyphen, collective numerals in the dative
        ("более 30-ти человек", "ru", ("более 30-ти человек", 30, Q.MORE_THAN)),
        ("5-ти задержанным", "ru", ("5-ти задержанным", 5, Q.EXACTLY)),
        ("пятерым задержанным дали по 10 суток", "ru", ("пятерым", 5, Q.EXACTLY)),
        ("с 5-ми журналистами", "ru", ("5-ми журналистами", 5, Q.EXACTLY)),
        ("четверыми задержанными", "ru", ("четверыми", 4, Q.EXACTLY)),
        # Kyrgyz number words with their ending on them
        ("жүздөй киши чогулду", "ky", ("жүздөй киши", 100, Q.ABOUT)),
        ("отуздай адам", "ky", ("отуздай адам", 30, Q.ABOUT)),
        ("кырктан ашык үй-бүлө", "ky", ("кырктан ашык үй-бүлө", 40, Q.MORE_THAN)),
        ("200гө чукул адам", "ky", ("200гө чукул адам", 200, Q.ABOUT)),
    ],
)
def test_round_nouns_case_endings_and_collectives(
    text: str, language: str, expected: tuple[str, int, Qualifier]
) -> None:
    found = [(text[s:e], c.value, c.qualifier) for s, e, c in find_counts(text, language)]
    assert found[:1] == [expected], found
    assert Count.parse(expected[0], language).value == expected[1]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        # shares, decades, and Kyrgyz words that hold a number but count nothing
        ("about 15% of residents", "en"),
        ("задолженность погашена более чем на 60 %", "ru"),
        ("около 15–20% жителей", "ru"),
        ("в 90-х годах", "ru"),
        ("жүзү көгөргөн", "ky"),
        ("алар менен бирге кармалды", "ky"),
        ("экиден ашык", "ky"),
    ],
)
def test_shares_decades_and_kyrgyz_words_are_no_counts(text: str, language: str) -> None:
    assert find_counts(text, language) == [], text


@given(st.integers(1, 99), st.sampled_from(["%", " %"]), st.sampled_from(["about ", "", "около "]))
@settings(deadline=None, max_examples=100)
def test_no_share_is_counted(number: int, sign: str, qualifier: str) -> None:
    assert find_counts(f"{qualifier}{number}{sign} of people") == []

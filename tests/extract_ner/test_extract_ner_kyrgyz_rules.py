"""Kyrgyz case endings and name rules, over a fake base recogniser."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from docket.extract.kyrgyz import KyrgyzRecogniser, as_written
from docket.extract.kyrgyz_endings import case_ending_length, possessed
from docket.extract.kyrgyz_name_rules import (
    acronym_mentions,
    organization_mentions,
    person_mentions,
    quoted_organization_mentions,
    unit_place_mentions,
)
from docket.extract.mentions import FunctionRecogniser, Mention, MentionKind
from docket.extract.recognise import recognise


@pytest.mark.parametrize(
    ("word", "stem"),
    [
        ("Атамбаевдин", "Атамбаев"),
        ("Бишкекте", "Бишкек"),
        ("Ошто", "Ош"),
        ("Нарында", "Нарын"),
        ("Асанованын", "Асанова"),
        ("Жапаровго", "Жапаров"),
        ("УКМКнын", "УКМК"),
        ("Кара-Балта", "Кара-Балта"),
        ("Алматы", "Алматы"),
        ("Ырыскелди", "Ырыскелди"),
        ("Зарина", "Зарина"),
        ("Бишкек", "Бишкек"),
    ],
)
def test_case_ending_is_cut_only_where_kyrgyz_puts_one(word: str, stem: str) -> None:
    assert word[: len(word) - case_ending_length(word)] == stem


@given(st.text(max_size=30))
def test_case_ending_never_eats_the_whole_word(word: str) -> None:
    assert 0 <= case_ending_length(word) <= max(0, len(word) - 2)


def test_person_rules() -> None:
    text = "Садыр Жапаровдун кеңсеси. Бакыт Асан уулу кармалды. Айгүл Токтогулова келди."
    assert [m.text for m in person_mentions(text)] == [
        "Садыр Жапаров",
        "Бакыт Асан уулу",
        "Айгүл Токтогулова",
    ]


def test_organization_rules() -> None:
    text = (
        "Кечээ Социал-демократиялык партиясынын мүчөлөрү Бишкекте УКМК кызматына барды. "
        "Улуттук коопсуздук мамлекеттик комитети билдирди."
    )
    assert [m.text for m in organization_mentions(text)] == [
        "Социал-демократиялык партиясы",
        "УКМК кызматы",
        "Улуттук коопсуздук мамлекеттик комитети",
    ]


def test_base_spans_keep_endings_names_lose_them_and_run_on_words_are_cut() -> None:
    text = "Бакыт Асан уулу Ошто камакка алынды, Атамбаевдин иши."

    def base(value: str) -> list[Mention]:
        return [
            Mention("person", value[0:20], 0, 20, "natasha"),
            Mention("person", value[37:48], 37, 48, "natasha"),
        ]

    found = KyrgyzRecogniser(FunctionRecogniser(base)).mentions(text)
    assert [(m.kind, m.text, m.as_name) for m in found] == [
        ("person", "Бакыт Асан уулу", "Бакыт Асан уулу"),
        ("place", "Ошто", "Ош"),
        ("person", "Атамбаевдин", "Атамбаев"),
    ]
    assert all(text[m.start : m.end] == m.text for m in found)


_KYRGYZ_ALPHABET = st.sampled_from(
    [*"АБДЖКОСТУабдгежкмнопрстуыөүң- .\n", "уулу ", "партиясы ", "иштер бөлүмүнө ", "Кечээ "]
)


@given(st.lists(_KYRGYZ_ALPHABET, max_size=80).map("".join))
def test_rule_spans_reconstruct_the_text(text: str) -> None:
    for mention in person_mentions(text) + organization_mentions(text):
        assert text[mention.start : mention.end] == mention.text
        assert mention.start < mention.end


def test_quoted_names_are_organisations_with_their_head_noun() -> None:
    text = "«Калкан» укук коргоо борбору билдирди. «Таш Сөзү» гезити жазды. «Алтын Кен» иштейт."
    assert [m.text for m in quoted_organization_mentions(text)] == [
        "«Калкан» укук коргоо борбору",
        "«Таш Сөзү» гезити",
        "«Алтын Кен»",
    ]
    assert quoted_organization_mentions("Ал «жок» деди.") == []


def test_base_persons_that_are_places_or_pronouns() -> None:
    text = "Биз келдик. Аны Ала-Мыштагы ооруканага алып барышты. Чоң-Арыкта үйлөр бузулду."

    def base(value: str) -> list[Mention]:
        spans = ("Биз", "Аны Ала-Мыштагы", "Чоң-Арыкта")
        return [
            Mention("person", span, value.index(span), value.index(span) + len(span), "natasha")
            for span in spans
        ]

    found = KyrgyzRecogniser(FunctionRecogniser(base)).mentions(text)
    assert [(m.kind, m.text, m.as_name) for m in found] == [
        ("place", "Ала-Мыштагы", "Ала-Мыш"),
        ("place", "Чоң-Арыкта", "Чоң-Арык"),
    ]


@given(st.lists(_KYRGYZ_ALPHABET, max_size=60).map("".join), st.integers(0, 59), st.integers(1, 12))
def test_a_mention_as_written_ends_a_word_and_keeps_its_name_as_a_prefix(
    text: str, start: int, size: int
) -> None:
    if start + size > len(text):
        return
    mention = Mention("place", text[start : start + size], start, start + size, "rules")
    written = as_written(text, mention)
    assert text[written.start : written.end] == written.text
    assert written.text.startswith(written.as_name)
    assert written.end == len(text) or not text[written.end].isalpha()


@pytest.mark.parametrize(
    ("word", "form"),
    [
        ("районуна", "району"),
        ("аянтында", "аянты"),
        ("көчөсүндөгү", "көчөсү"),
        ("району", "району"),
    ],
)
def test_a_head_noun_is_named_in_its_possessive_form(word: str, form: str) -> None:
    assert possessed(word) == form


@pytest.mark.parametrize("adverb", ["Кечээ", "Бүгүн", "Эртеси", "Кийин", "Былтыр"])
def test_an_adverb_opening_the_sentence_is_no_given_name(adverb: str) -> None:
    text = f"{adverb} Темирова сотко келди. Айгүл Токтогулова да келди."
    assert [m.text for m in person_mentions(text)] == ["Айгүл Токтогулова"]


def test_a_surname_with_a_case_ending_ends_the_person() -> None:
    text = "Эртеси Мамытовду Ала-Мыш райондук ички иштер бөлүмүнө чакырышты."
    span = "Эртеси Мамытовду Ала-Мыш"

    def base(value: str) -> list[Mention]:
        return [Mention("person", span, 0, len(span), "natasha")]

    found = KyrgyzRecogniser(FunctionRecogniser(base)).mentions(text)
    assert [(m.kind, m.text, m.as_name) for m in found] == [
        ("person", "Мамытовду", "Мамытов"),
        (
            "organization",
            "Ала-Мыш райондук ички иштер бөлүмүнө",
            "Ала-Мыш райондук ички иштер бөлүмү",
        ),
    ]


def test_a_district_administration_and_police_department_are_organisations() -> None:
    text = (
        "Ала-Мыш райондук акимчилигинин кызматкери келди. Ошол эле күнү Сокулук райондук "
        "ички иштер бөлүмүнө чакырылды. Ооруканын хирургия бөлүмүнө жеткирилди."
    )
    assert [m.text for m in organization_mentions(text)] == [
        "Ала-Мыш райондук акимчилиги",
        "Сокулук райондук ички иштер бөлүмү",
    ]


def _over(text: str, *spans: tuple[MentionKind, str]) -> list[tuple[str, str, str]]:
    def base(value: str) -> list[Mention]:
        return [
            Mention(kind, span, value.index(span), value.index(span) + len(span), "natasha")
            for kind, span in spans
        ]

    found = KyrgyzRecogniser(FunctionRecogniser(base)).mentions(text)
    assert all(text[m.start : m.end] == m.text for m in found)
    return [(m.kind, m.text, m.as_name) for m in found]


def test_a_person_run_into_the_place_after_him_is_parted_from_it() -> None:
    text = "Ички иштер министри Улан Ниязбеков Ош шаарында маалымат берди."
    assert _over(text, ("place", "Ички"), ("place", "Улан Ниязбеков Ош")) == [
        ("person", "Улан Ниязбеков", "Улан Ниязбеков"),
        ("place", "Ош", "Ош"),
    ]


def test_a_name_never_opens_with_a_word_in_lower_case() -> None:
    text = "Чүй облусунун Сокулук районунда жашаган Асанов кармалды."
    found = _over(text, ("organization", "Чүй облусунун Сокулук районунда жашаган Асанов"))
    assert ("place", "Чүй облусунун", "Чүй облусу") in found
    assert ("place", "Сокулук районунда", "Сокулук району") in found
    assert all(not text_.startswith("жашаган") for _, text_, _ in found)


def test_a_name_in_the_genitive_before_uulu_is_the_parent_not_a_patronym() -> None:
    text = "Алмазбек Атамбаевдин уулу Сейтек кармалды. Бакыт Асан уулу да кармалды."
    assert [(m.text, m.as_name) for m in person_mentions(text)] == [
        ("Алмазбек Атамбаев", "Алмазбек Атамбаев"),
        ("Бакыт Асан уулу", "Бакыт Асан уулу"),
    ]
    found = {(m.kind, m.text) for m in recognise(text, "ky")}
    assert ("person", "Алмазбек Атамбаевдин") in found
    assert all("уулу Сейтек" not in written for _, written in found)


def test_the_court_opening_a_sentence_is_no_given_name() -> None:
    text = "Сот Темированы беш жылга соттоду. Коргоочусу Нурбек Токтакунов апелляция берет."
    found = {(m.kind, m.text) for m in recognise(text, "ky")}
    assert ("person", "Нурбек Токтакунов") in found
    assert all(not written.startswith(("Сот ", "Коргоочусу")) for _, written in found)


def test_a_word_with_the_attributive_locative_does_not_open_an_organisation() -> None:
    text = "Бишкектеги Свердлов райондук соту отурум өткөрдү."
    assert [m.text for m in organization_mentions(text)] == ["Свердлов райондук соту"]


@pytest.mark.parametrize(
    ("text", "written", "name"),
    [
        ("Өзгөн районунда журналист кармалды.", "Өзгөн районунда", "Өзгөн району"),
        ("Ноокат районунун тургундары нааразы.", "Ноокат районунун", "Ноокат району"),
        ("Митинг Чүй облусунда өттү.", "Чүй облусунда", "Чүй облусу"),
        ("Үйлөр Ош-Сай кыштагында бузулду.", "Ош-Сай кыштагында", "Ош-Сай кыштагы"),
        ("Жаңы-Каладагы Жеңиш аянтында митинг болду.", "Жеңиш аянтында", "Жеңиш аянты"),
    ],
)
def test_a_name_before_an_administrative_unit_is_that_place(
    text: str, written: str, name: str
) -> None:
    assert [
        (m.text, m.as_name) for m in map(lambda m: as_written(text, m), unit_place_mentions(text))
    ] == [(written, name)]
    assert ("place", written, name) in {(m.kind, m.text, m.as_name) for m in recognise(text, "ky")}


def test_a_pronoun_or_a_bare_unit_names_no_place() -> None:
    assert unit_place_mentions("Анын районунда суу жок. Бул районда мектеп жок.") == []
    assert unit_place_mentions("Райондук сот Ала-Мыш райондук акимчилигин уктү.") == []


def test_an_acronym_with_a_case_ending_is_the_organisation_named_without_it() -> None:
    text = "УКМКнын кызматкерлери ИИМге жана ГКНБ-нын башчысына кат жазышты. УКМК жооп берген жок."
    assert [(m.kind, m.text, m.as_name) for m in acronym_mentions(text)] == [
        ("organization", "УКМКнын", "УКМК"),
        ("organization", "ИИМге", "ИИМ"),
        ("organization", "ГКНБ-нын", "ГКНБ"),
        ("organization", "УКМК", "УКМК"),
    ]
    found = {(m.kind, m.text, m.as_name) for m in recognise(text, "ky")}
    assert ("organization", "УКМКнын", "УКМК") in found
    assert ("organization", "ИИМге", "ИИМ") in found


def test_capitals_that_name_no_body_or_only_a_heading_are_no_acronym() -> None:
    # A bare acronym the text never declines, the media, a state, a heading in capitals.
    assert acronym_mentions("УКМК жооп берген жок. ЖМКга маалымат берилди, АКШга да.") == []
    assert acronym_mentions("ИИМДИН БИЛДИРҮҮСҮ\nБул маалымат туура эмес.") == []


@pytest.mark.parametrize(
    ("text", "spans", "expected"),
    [
        # An opener and a relative with a possessive are no part of the name after them.
        (
            "Аларды Кыдыр Асаналиев баштап келген.",
            (("person", "Аларды Кыдыр Асаналиев"),),
            [("person", "Кыдыр Асаналиев", "Кыдыр Асаналиев")],
        ),
        (
            "Атам Бишкекке кетти.",
            (("person", "Атам Бишкекке"),),
            [("person", "Бишкекке", "Бишкек")],
        ),
        # Common words of reports with their endings, and what is left of a span without them.
        ("Күбөнүн айтымында, аны сабашкан.", (("place", "Күбөнүн айтымында"),), []),
        ("Мындан тышкары, эки блогер кармалды.", (("organization", "Мындан тышкары"),), []),
        # A person ends with a capitalised word, not in the words natasha ran on into.
        (
            "Эркин Сулайманов да аны менен жолуккан жок.",
            (("person", "Эркин Сулайманов да аны"),),
            [("person", "Эркин Сулайманов", "Эркин Сулайманов")],
        ),
        # A one-word "person" in the locative is where something happened.
        (
            "Кызматкерлер Бишкекте эки блогерди кармашты.",
            (("person", "Бишкекте"),),
            [("place", "Бишкекте", "Бишкек")],
        ),
        # A name ending in an organisation's head noun is the organisation.
        (
            "Туугандары Жогорку Кеңешке кайрылышты.",
            (("place", "Туугандары Жогорку Кеңешке"),),
            [("organization", "Жогорку Кеңешке", "Жогорку Кеңеш")],
        ),
        # A state and its laws are no person.
        (
            "Кыргыз Республикасынын Жазык-процесстик кодексине ылайык.",
            (("person", "Кыргыз Республикасынын Жазык-процесстик"),),
            [],
        ),
    ],
)
def test_common_words_relatives_and_verbs_are_cut_from_what_natasha_read(
    text: str, spans: tuple[tuple[MentionKind, str], ...], expected: list[tuple[str, str, str]]
) -> None:
    assert _over(text, *spans) == expected


def test_quoted_speech_is_no_organisation() -> None:
    text = "Күбө мындай деди: «Алар түнкүсүн келишти». «Таш Сөзү» гезити жазды."
    assert [m.text for m in quoted_organization_mentions(text)] == ["«Таш Сөзү» гезити"]


def test_an_organisation_after_its_possessive_and_case_is_named_in_the_possessive() -> None:
    text = "Каржыланган уюмдар Адилет министрлигинде каттоодон өтүшү керек."
    found = {(m.kind, m.text, m.as_name) for m in recognise(text, "ky")}
    assert ("organization", "Адилет министрлигинде", "Адилет министрлиги") in found


def test_a_plural_is_no_person() -> None:
    text = "Ыйык Китептер тартылып алынды."
    assert _over(text, ("person", "Ыйык Китептер")) == []


def test_a_hyphenated_place_with_the_attributive_locative_is_named_without_it() -> None:
    text = "Диний эркиндик: Сары-Белдеги окуя"
    found = {(m.kind, m.text, m.as_name) for m in recognise(text, "ky")}
    assert ("place", "Сары-Белдеги", "Сары-Бел") in found


def test_a_unit_read_with_its_name_wins_over_the_name_alone() -> None:
    text = "Журналисттерге Ош-Сай кыштагында кол салышты."
    assert _over(text, ("place", "Ош-Сай")) == [("place", "Ош-Сай кыштагында", "Ош-Сай кыштагы")]


def test_a_place_read_over_two_units_is_the_two_places() -> None:
    # The region and the district in it, as "Sokuluk district of Chui region" is two.
    for text in (
        "Чүй облусунун Сокулук районунда митинг болду.",
        "Ысык-Көл облусунун Тоң районундагы Ак-Сай айылында активисттер кармалды.",
    ):
        region, district = text.split(" ")[:2], text.split(" ")[2:4]
        found = _over(text, ("place", " ".join(region + district)))
        assert [(kind, span) for kind, span, _ in found[:2]] == [
            ("place", " ".join(region)),
            ("place", " ".join(district)),
        ]


@pytest.mark.parametrize(
    ("text", "spans", "expected"),
    [
        # A salutation is no part of the name it greets.
        (
            "Урматтуу Садыр Нургожоевич!",
            (("person", "Урматтуу Садыр Нургожоевич"),),
            [("person", "Садыр Нургожоевич", "Садыр Нургожоевич")],
        ),
        # Where something happened, then a clergyman's title: no name at all.
        ("Мечитте Имам намаз окуду.", (("person", "Мечитте Имам"),), []),
        # A union is a body, with the name before it.
        (
            "Европа Биримдиги тынчсыздануусун билдирди.",
            (("place", "Европа"), ("person", "Биримдиги")),
            [("organization", "Европа Биримдиги", "Европа Биримдиги")],
        ),
    ],
)
def test_salutations_places_and_unions_before_or_in_a_name(
    text: str, spans: tuple[tuple[MentionKind, str], ...], expected: list[tuple[str, str, str]]
) -> None:
    assert _over(text, *spans) == expected


_KYRGYZ_PIECES = ["Өзгөн", "районунда", "УКМКнын", "ГКНБ-нын", "УКМК", "облусу", "Ош-Сай",
                  "кыштагы", "ЖМК", "Бул", "айтты", "-", ".", "\n", " ", "Чүй", "нын"]  # fmt: skip


@given(st.lists(st.sampled_from(_KYRGYZ_PIECES), max_size=20).map("".join))
def test_unit_places_and_acronyms_quote_the_text_and_name_a_prefix(text: str) -> None:
    for mention in [*unit_place_mentions(text), *acronym_mentions(text)]:
        written = as_written(text, mention)
        assert text[written.start : written.end] == written.text
        assert written.text.startswith(written.as_name.split(" ")[0])

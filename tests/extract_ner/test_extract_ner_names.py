"""The name rules on annotated sentences in English, Russian and Kyrgyz, and on any text."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from docket.extract.grouping import group_mentions
from docket.extract.mentions import Mention
from docket.extract.name_rules import corrected_names
from docket.extract.recognise import recognise

_SENTENCES = yaml.safe_load(
    (Path(__file__).parent / "names_annotated.yaml").read_text(encoding="utf-8")
)


def _gold(sentence: dict[str, object]) -> set[tuple[str, ...]]:
    mentions = sentence["mentions"]
    assert isinstance(mentions, list)
    return {tuple(part.strip() for part in str(line).split("|")) for line in mentions}


@pytest.mark.parametrize("language", ["en", "ru", "ky"])
def test_mentions_and_names_reach_precision_and_recall(language: str) -> None:
    sentences = [one for one in _SENTENCES if one["language"] == language]
    assert len(sentences) >= 4
    gold_total = found_total = right = 0
    for sentence in sentences:
        text = str(sentence["text"])
        gold = _gold(sentence)
        found = {(m.kind, m.text, m.as_name) for m in recognise(text, language)}
        for kind, written, _ in gold:
            start = text.index(written)
            assert text[start : start + len(written)] == written, kind
        gold_total += len(gold)
        found_total += len(found)
        right += len(gold & found)
    assert right / found_total >= 0.9, (language, right, found_total)
    assert right / gold_total >= 0.9, (language, right, gold_total)


def test_kyrgyz_mentions_keep_the_ending_and_the_name_drops_it() -> None:
    text = "Камчыбек Ташиевдин буйругу менен Кемпир-Абадда журналисттер кармалды."
    found = {(m.text, m.as_name) for m in recognise(text, "ky")}
    assert found == {("Камчыбек Ташиевдин", "Камчыбек Ташиев"), ("Кемпир-Абадда", "Кемпир-Абад")}


def test_case_named_after_a_place_is_no_place() -> None:
    assert recognise("The court heard the Kempir-Abad case on Tuesday.", "en") == []
    assert (
        recognise("Some 22 people are still imprisoned after the Kempir-Abad protests.", "en") == []
    )
    assert all(
        m.kind != "place" for m in recognise("Суд рассмотрит материалы по делу Кемпир-Абад.", "ru")
    )


_ALPHABET = st.sampled_from(
    [
        *"AKTSaekrstuАКТСаеклоу- .«»№\n",
        "Mr ",
        "Colony No. 4",
        " district",
        " case",
        "Ombudsman",
        "дело ",
        " району",
        "-Abad",
        "ova",
        " of the ",
        " police",
    ]
)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(_ALPHABET, max_size=40).map("".join),
    st.sampled_from(["en", "ru", "ky"]),
    st.lists(
        st.tuples(
            st.integers(0, 60),
            st.integers(1, 20),
            st.sampled_from(["person", "organization", "place"]),
        ),
        max_size=5,
    ),
)
def test_corrected_spans_quote_the_text_and_never_overlap(
    text: str, language: str, spans: list[tuple[int, int, str]]
) -> None:
    mentions = [
        Mention(kind, text[start : start + size], start, start + size, "model")  # type: ignore[arg-type]
        for start, size, kind in spans
        if start + size <= len(text)
    ]
    fixed = corrected_names(text, language, mentions)
    for mention in fixed:
        assert 0 <= mention.start < mention.end <= len(text)
        assert text[mention.start : mention.end] == mention.text
    for left, right in pairwise(fixed):
        assert left.end <= right.start


def _model(text: str, kind: str, words: str) -> Mention:
    start = text.index(words)
    return Mention(kind, words, start, start + len(words), "spacy")  # type: ignore[arg-type]


def test_headings_arrows_and_line_breaks_are_no_part_of_a_name() -> None:
    text = "BACKGROUND\nHome › Altyn-Tash › News\nJangy-Kala City\nCourt"
    fixed = corrected_names(
        text,
        "en",
        [
            _model(text, "organization", "BACKGROUND"),
            _model(text, "person", "› Altyn-Tash"),
            _model(text, "place", "Jangy-Kala City\nCourt"),
        ],
    )
    assert [(m.kind, m.text) for m in fixed] == [
        ("place", "Altyn-Tash"),
        ("place", "Jangy-Kala City"),
    ]


def test_an_organisation_with_a_person_after_a_comma_is_two_names() -> None:
    text = "the Ministry of the Interior, Tilek Orozbekov, said"
    fixed = corrected_names(
        text, "en", [_model(text, "organization", "Ministry of the Interior, Tilek Orozbekov")]
    )
    assert [(m.kind, m.text) for m in fixed] == [
        ("organization", "Ministry of the Interior"),
        ("person", "Tilek Orozbekov"),
    ]


@pytest.mark.parametrize(
    ("language", "text", "written"),
    [
        (
            "en",
            "Former President Ulan Atambaev has been held since August. Mr Atambaev needs "
            "surgery, and the doctors of former President Atambaev say so.",
            ["Ulan Atambaev", "Mr Atambaev", "Atambaev"],
        ),
        (
            "ru",
            "Бывший президент Улан Атамбаев находится под стражей с августа. Господин Атамбаев "
            "нуждается в операции, говорят врачи экс-президента Атамбаева.",
            ["Улан Атамбаев", "Атамбаев", "Атамбаева"],
        ),
        (
            "ky",
            "Мурдагы президент Улан Атамбаев августтан бери камакта. Атамбаев мырзага операция "
            "керек, деп экс-президент Атамбаевдин дарыгерлери айтышты.",
            ["Улан Атамбаев", "Атамбаев", "Атамбаевдин"],
        ),
    ],
)
def test_a_surname_after_a_form_of_address_or_a_title_is_the_person_named_in_full(
    language: str, text: str, written: list[str]
) -> None:
    """The form of address stays in the span as written but names no one else: one man's full
    name, his surname after "Mr" and after a title are one person."""
    people = [e for e in group_mentions(recognise(text, language)) if e.kind == "person"]
    assert [(e.name, [m.text for m in e.mentions]) for e in people] == [(written[0], written)]


def test_a_court_named_with_its_seat_is_one_organisation() -> None:
    text = "Court: Sverdlov District Court of Jangy-Kala, Judge Almaz Kenzhebaev"
    found = {(m.kind, m.text) for m in recognise(text, "en")}
    assert ("organization", "Sverdlov District Court of Jangy-Kala") in found
    assert all(kind != "place" for kind, _ in found)


def test_a_relatives_one_word_name_is_a_person() -> None:
    text = "Meerim Usupova, whose son Dastan was shot in the head, told Ordo Press."
    mentions = [
        Mention("person", "Meerim Usupova", 0, 14, "spacy"),
        Mention("place", "Dastan", 26, 32, "spacy"),
    ]
    found = {(m.kind, m.text) for m in corrected_names(text, "en", mentions)}
    assert ("person", "Dastan") in found
    text = "Gulmira said her brother Osh was not there; she left for Osh."
    mentions = [Mention("place", "Osh", 57, 60, "spacy")]
    assert [m.kind for m in corrected_names(text, "en", mentions)] == ["place"]


def test_a_one_word_person_before_a_reporters_trade_is_the_outlet() -> None:
    text = "Azattyk reporter Ulan Asanov was detained, and two Kloop journalists were fined."
    mentions = [
        Mention("person", "Azattyk", 0, 7, "spacy"),
        Mention("person", "Ulan Asanov", 17, 28, "spacy"),
        Mention("person", "Kloop", 51, 56, "spacy"),
    ]
    found = [(m.kind, m.text) for m in corrected_names(text, "en", mentions)]
    assert found == [
        ("organization", "Azattyk"),
        ("person", "Ulan Asanov"),
        ("organization", "Kloop"),
    ]
    # A surname before the same word is still the person ("Asanov, reporter" written without
    # the comma).
    text = "Sultanov reporter of the year"
    found = corrected_names(text, "en", [Mention("person", "Sultanov", 0, 8, "spacy")])
    assert [m.kind for m in found] == ["person"]


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Police in the Chui region detained 12 people.", "Chui region"),
        ("Two more were held in Naryn oblast on Monday.", "Naryn oblast"),
    ],
)
def test_a_one_word_region_after_an_article_or_a_preposition_is_a_place(
    text: str, place: str
) -> None:
    found = [(m.kind, m.text) for m in corrected_names(text, "en", [])]
    assert found == [("place", place)]


def test_a_capitalised_word_opening_a_sentence_before_region_is_no_place() -> None:
    assert corrected_names("Region officials said nothing. The region is calm.", "en", []) == []


def test_a_given_name_and_surname_read_as_parts_are_one_person() -> None:
    text = "According to Amnesty International, Aidai Temirova and Nurlan Asanov remain in custody."
    mentions = [
        Mention("organization", "Amnesty International", 13, 34, "spacy"),
        Mention("organization", "Aidai", 36, 41, "spacy"),
        Mention("person", "Temirova", 42, 50, "spacy"),
        Mention("place", "Nurlan", 55, 61, "spacy"),
    ]
    found = [(m.kind, m.text) for m in corrected_names(text, "en", mentions)]
    assert found == [
        ("organization", "Amnesty International"),
        ("person", "Aidai Temirova"),
        ("person", "Nurlan Asanov"),
    ]


def test_a_place_the_document_names_elsewhere_is_not_swallowed_by_a_surname_after_it() -> None:
    text = "Police in Bishkek detained him. In Bishkek Ataev said nothing."
    mentions = [
        Mention("place", "Bishkek", 10, 17, "spacy"),
        Mention("place", "Bishkek", 35, 42, "spacy"),
        Mention("person", "Ataev", 43, 48, "spacy"),
    ]
    found = [(m.kind, m.text) for m in corrected_names(text, "en", mentions)]
    assert found == [("place", "Bishkek"), ("place", "Bishkek"), ("person", "Ataev")]


def test_a_kyrgyz_name_before_a_districts_or_towns_attributive_is_no_place() -> None:
    text = (
        "Асановду Кара-Суу райондук милиция бөлүмүнө алып барышты. Кара-Суу районунда митинг болду."
    )
    places = [
        m.text
        for m in corrected_names(text, "ky", [Mention("place", "Кара-Суу", 9, 17, "natasha")])
        if m.kind == "place"
    ]
    assert places == ["Кара-Суу районунда"]
    text = "Ала-Мыш райондук акимчилиги жооп берген жок."
    found = corrected_names(text, "ky", [Mention("place", "Ала-Мыш райондук", 0, 16, "natasha")])
    assert all(m.kind != "place" for m in found)


@pytest.mark.parametrize(
    ("language", "text", "name"),
    [
        ("en", "Temirova's daughter, Aizada, said she had not seen her.", "Aizada"),
        ("en", "Aisuluu, 34, a mother of two, was detained.", "Aisuluu"),
        ("ru", "Айсулуу, 34 года, задержана в Бишкеке.", "Айсулуу"),
    ],
)
def test_a_one_word_name_after_a_relative_or_before_an_age_is_a_person(
    language: str, text: str, name: str
) -> None:
    start = text.index(name)
    mention = Mention("organization", name, start, start + len(name), "model")
    assert [(m.kind, m.text) for m in corrected_names(text, language, [mention])] == [
        ("person", name)
    ]


def test_a_place_after_a_sentence_opening_preposition_is_found() -> None:
    found = corrected_names("In Tash-Bulung, residents spoke to reporters.", "en", [])
    assert [(m.kind, m.text) for m in found] == [("place", "Tash-Bulung")]


def test_a_local_administrations_common_noun_is_no_place_and_a_surname_like_it_stays() -> None:
    text = "Акимиат Ала-Мышского района не ответил. Акимов подал жалобу."
    mentions = [
        Mention("place", "Акимиат", 0, 7, "natasha"),
        Mention("place", "Ала-Мышского района", 8, 27, "natasha"),
        Mention("person", "Акимов", 40, 46, "natasha"),
    ]
    found = [(m.kind, m.text) for m in corrected_names(text, "ru", mentions)]
    assert found == [("place", "Ала-Мышского района"), ("person", "Акимов")]


def test_a_body_on_a_by_line_the_model_passed_over_is_found() -> None:
    text = (
        "Kalkan Human Rights Centre, 4 April 2024\n\nThe hearing opened. Monitors from Kalkan came."
    )
    start = text.rindex("Kalkan")
    mentions = [Mention("place", "Kalkan", start, start + 6, "spacy")]
    found = {(m.kind, m.text) for m in corrected_names(text, "en", mentions)}
    assert ("organization", "Kalkan Human Rights Centre") in found
    # A common word opening it is no name of a body.
    assert corrected_names("Human Rights Centre staff came.", "en", []) == []


def test_a_court_named_by_its_seat_before_its_kind_is_one_organisation() -> None:
    text = "Between 5 and 7 June the Pervomaisky District Court heard the request."
    start = text.index("District")
    mentions = [Mention("organization", "District Court", start, start + 14, "spacy")]
    assert [m.text for m in corrected_names(text, "en", mentions)] == ["Pervomaisky District Court"]


@pytest.mark.parametrize(
    ("language", "text", "span", "name"),
    [
        (
            "ru",
            "Свидетельница Айгуль С. рассказала о выселении.",
            "Свидетельница Айгуль С.",
            "Айгуль С.",
        ),
        ("ru", "Сосед Бакыт помогал выносить вещи.", "Сосед Бакыт", "Бакыт"),
        (
            "en",
            "Neighbour Bakyt Asanov said the police came at night.",
            "Neighbour Bakyt Asanov",
            "Bakyt Asanov",
        ),
    ],
)
def test_a_witness_a_neighbour_or_a_relative_before_a_name_is_no_part_of_it(
    language: str, text: str, span: str, name: str
) -> None:
    mentions = [Mention("person", span, 0, len(span), "natasha")]
    assert [m.text for m in corrected_names(text, language, mentions)] == [name]


def test_a_kyrgyz_surname_after_the_full_name_is_the_person_with_its_ending() -> None:
    text = "Милиция Айбек Мамытовду кармады.\nМамытовдун айтымында, Мамытова да келген."
    mentions = [Mention("person", "Айбек Мамытовду", 8, 23, "natasha", "Айбек Мамытов")]
    found = [(m.kind, m.text, m.as_name) for m in corrected_names(text, "ky", mentions)]
    assert ("person", "Мамытовдун", "Мамытов") in found
    assert all(not written.startswith("Мамытова") for _, written, _ in found)


@pytest.mark.parametrize(
    "span", ["Европейский союз", "Прогрессивный Международный Альянс", "Народное движение"]
)
def test_a_russian_name_ending_in_a_union_an_alliance_or_a_movement_is_a_body(span: str) -> None:
    text = f"{span} призвал к диалогу."
    mentions = [Mention("place", span, 0, len(span), "natasha")]
    assert [m.kind for m in corrected_names(text, "ru", mentions)] == ["organization"]

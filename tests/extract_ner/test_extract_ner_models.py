"""The recognisers with the real English and Russian models, on short and long texts."""

from __future__ import annotations

import pytest

from docket.extract.english import DEFAULT_SPACY_MODEL, SpacyRecogniser, spacy_model_name
from docket.extract.gazetteer import Gazetteer
from docket.extract.kyrgyz import KyrgyzRecogniser
from docket.extract.mentions import Mention, ModelUnavailable
from docket.extract.recognise import recognise, recognise_with_notes
from docket.extract.russian import NatashaRecogniser


@pytest.fixture(scope="module")
def english() -> SpacyRecogniser:
    recogniser = SpacyRecogniser(DEFAULT_SPACY_MODEL)
    recogniser.mentions("Warm up.")
    return recogniser


@pytest.fixture(scope="module")
def russian() -> NatashaRecogniser:
    recogniser = NatashaRecogniser()
    recogniser.mentions("Разогрев.")
    return recogniser


@pytest.fixture(scope="module")
def kyrgyz(russian: NatashaRecogniser) -> KyrgyzRecogniser:
    return KyrgyzRecogniser(russian)


def _exact(text: str, mentions: list[Mention]) -> set[tuple[str, str]]:
    assert all(text[m.start : m.end] == m.text for m in mentions)
    return {(m.kind, m.text) for m in mentions}


def test_english_sentence(english: SpacyRecogniser) -> None:
    text = "Almazbek Atambayev met the Socialist International in Bishkek on Monday."
    assert _exact(text, english.mentions(text)) >= {
        ("person", "Almazbek Atambayev"),
        ("organization", "Socialist International"),
        ("place", "Bishkek"),
    }


def test_russian_sentence(russian: NatashaRecogniser) -> None:
    text = "Бывший президент Алмазбек Атамбаев был задержан ГКНБ в Бишкеке."
    assert _exact(text, russian.mentions(text)) == {
        ("person", "Алмазбек Атамбаев"),
        ("organization", "ГКНБ"),
        ("place", "Бишкеке"),
    }


def test_kyrgyz_sentence(kyrgyz: KyrgyzRecogniser) -> None:
    text = (
        "Алмазбек Атамбаевдин иши боюнча Социал-демократиялык партиясы билдирүү жасады. "
        "Бакыт Асан уулу Ошто камакка алынды."
    )
    found = kyrgyz.mentions(text)
    assert _exact(text, found) == {
        ("person", "Алмазбек Атамбаевдин"),
        ("organization", "Социал-демократиялык партиясы"),
        ("person", "Бакыт Асан уулу"),
        ("place", "Ошто"),
    }
    assert {m.as_name for m in found} == {
        "Алмазбек Атамбаев",
        "Социал-демократиялык партиясы",
        "Бакыт Асан уулу",
        "Ош",
    }


@pytest.mark.parametrize(
    "text",
    [
        "Almazbek Atambayev и Алмазбек Атамбаев met in Бишкек with the ГКНБ and GKNB",
        "алмазбек атамбаев бишкек гкнб социалист интернешнл без знаков препинания вообще " * 20,
        "",
        "   \n\n  ",
        "\u0301\u0301 ., ;; 12345 \U0001f600" * 50,
        "x" * 50_000,
    ],
)
def test_hostile_text_does_not_crash(
    english: SpacyRecogniser, russian: NatashaRecogniser, kyrgyz: KyrgyzRecogniser, text: str
) -> None:
    for recogniser in (english, russian, kyrgyz):
        _exact(text, recogniser.mentions(text))


def test_long_english_text_keeps_offsets(english: SpacyRecogniser) -> None:
    paragraph = (
        "On Tuesday Almazbek Atambayev spoke to reporters in Bishkek about the case. "
        "Lawyers said the hearing would resume next week after a short break.\n\n"
    )
    text = paragraph * (300_000 // len(paragraph))
    found = english.mentions(text)
    people = [m for m in found if m.kind == "person" and m.text == "Almazbek Atambayev"]
    assert len(people) >= 0.9 * text.count("Almazbek Atambayev")
    assert people[-1].start == text.rfind("Almazbek Atambayev")
    assert all(text[m.start : m.end] == m.text for m in found)


def test_long_russian_text_keeps_offsets(russian: NatashaRecogniser) -> None:
    paragraph = "Во вторник Алмазбек Атамбаев выступил в Бишкеке. Суд отложил заседание.\n"
    text = paragraph * (100_000 // len(paragraph))
    found = russian.mentions(text)
    places = [m for m in found if m.kind == "place"]
    assert len(places) >= 0.9 * text.count("Бишкеке")
    assert places[-1].start == text.rfind("Бишкеке")
    assert all(text[m.start : m.end] == m.text for m in found)


def test_gazetteer_finds_transliteration_and_case_forms() -> None:
    gazetteer = Gazetteer.from_names([("person", "Джунушалиев", "p-1"), ("place", "Бишкек", "l-1")])
    text = "Zhunushaliev said so; Джунушалиевдин сөзү, and Джунушалиева in Bishkek."
    matches = gazetteer.matches(text)
    assert [(m.mention.text, m.known.archive_id) for m in matches] == [
        ("Zhunushaliev", "p-1"),
        ("Джунушалиевдин", "p-1"),
        ("Джунушалиева", "p-1"),
        ("Bishkek", "l-1"),
    ]
    assert all(m.mention.source == "gazetteer" for m in matches)


def test_gazetteer_allows_patronymic_and_reversed_order() -> None:
    gazetteer = Gazetteer.from_names([("person", "Almazbek Atambayev", "p-2")])
    text = "Атамбаев Алмазбек; Алмазбек Шаршенович Атамбаев; Almazbek. Atambayev"
    assert [m.text for m in gazetteer.mentions(text)] == [
        "Атамбаев Алмазбек",
        "Алмазбек Шаршенович Атамбаев",
    ]


def test_recognise_prefers_gazetteer_and_orders_by_offset(english: SpacyRecogniser) -> None:
    gazetteer = Gazetteer.from_names([("person", "Atambayev", "p-2")])
    text = "Reporters in Bishkek asked Almazbek Atambayev about the Socialist International."
    found = recognise(text, "en-GB", gazetteer)
    assert [m.start for m in found] == sorted(m.start for m in found)
    assert ("person", "Atambayev", "gazetteer") in {(m.kind, m.text, m.source) for m in found}
    assert "Almazbek Atambayev" not in {m.text for m in found}


def test_recognise_dispatches_russian_and_kyrgyz(russian: NatashaRecogniser) -> None:
    assert ("organization", "ГКНБ") in {
        (m.kind, m.text) for m in recognise("Сотрудники ГКНБ прибыли в Бишкек.", "ru")
    }
    assert ("place", "Бишкекте", "Бишкек") in {
        (m.kind, m.text, m.as_name) for m in recognise("Алмазбек Атамбаев Бишкекте жашайт.", "ky")
    }


def test_other_languages_get_gazetteer_only_and_a_note() -> None:
    gazetteer = Gazetteer.from_names([("place", "Bishkek", "l-1")])
    result = recognise_with_notes("Ich wohne seit langem in Osch.", "de", gazetteer)
    assert result.language == "de"
    assert result.notes
    assert result.mentions == []
    result = recognise_with_notes("Ich wohne in Bischkek.", "de", gazetteer)
    assert [m.text for m in result.mentions] == ["Bischkek"]


def test_model_name_comes_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOCKET_SPACY_MODEL", "no_such_model_installed")
    assert spacy_model_name() == "no_such_model_installed"
    with pytest.raises(ModelUnavailable, match="no_such_model_installed"):
        SpacyRecogniser().mentions("Almazbek Atambayev.")
    monkeypatch.delenv("DOCKET_SPACY_MODEL")
    assert spacy_model_name() == DEFAULT_SPACY_MODEL


def test_text_without_detectable_language_gets_a_note() -> None:
    result = recognise_with_notes("12 345 -- 678", None)
    assert result.language is None
    assert result.mentions == []
    assert "undetected" in result.notes[0]


def test_russian_spans_keep_quotes_and_compound_places(russian: NatashaRecogniser) -> None:
    text = (
        "Журналистку газеты «Таш Сөзү» задержали по делу Кок-Суу. "
        "Правозащитный центр «Калкан» потребовал её освободить."
    )
    found = [(m.kind, m.text) for m in russian.mentions(text)]
    assert ("organization", "«Таш Сөзү»") in found
    assert ("place", "Кок-Суу") in found
    assert not any(kind == "person" for kind, _ in found)
    assert all(text.count(name) for _, name in found)

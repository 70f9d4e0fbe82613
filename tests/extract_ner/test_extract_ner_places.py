"""Places as reports word them: headlines in capitals, lists of towns, micro-districts and
gorges, a region and its district, offices and papers named after a place."""

from __future__ import annotations

import pytest

from docket.extract.consistency import consistent_kinds
from docket.extract.mentions import Mention
from docket.extract.name_rules import corrected_names
from docket.extract.recognise import recognise


def _found(text: str, language: str) -> set[tuple[str, str, str]]:
    return {(m.kind, m.text, m.as_name) for m in recognise(text, language)}


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        (
            "ru",
            "ЗАДЕРЖАНИЯ В КАРА-БУЛАКЕ\n\nВ селе Кара-Булак задержали пятерых жителей. "
            "Школа в Кара-Булаке закрыта.",
            ("place", "КАРА-БУЛАКЕ"),
        ),
        (
            "ru",
            "ЖУРНАЛИСТКУ ИЗ ТАЛАСА ПЕРЕВЕЛИ В СИЗО\n\nЕё задержали в Таласе. "
            "Журналисты из Таласа вышли на пикет.",
            ("place", "ТАЛАСА"),
        ),
        (
            "ky",
            "ТОҢ РАЙОНУНДА АКТИВИСТТЕР КАРМАЛДЫ\n\nТоң районундагы Ак-Сай айылында "
            "төрт активист кармалды.",
            ("place", "ТОҢ РАЙОНУНДА"),
        ),
        (
            "en",
            "DETENTIONS IN KARA-SUU\n\nPolice detained five people in Kara-Suu on Monday.",
            ("place", "KARA-SUU"),
        ),
    ],
)
def test_a_headline_in_capitals_names_the_places_its_body_names(
    language: str, text: str, expected: tuple[str, str]
) -> None:
    assert expected in {(kind, written) for kind, written, _ in _found(text, language)}


def test_a_headline_names_no_place_the_body_does_not_and_no_run_of_its_words() -> None:
    found = _found("ЗАДЕРЖАНИЯ В КАРА-БУЛАКЕ\n\nЗадержаны пять человек.", "ru")
    assert not any(written == "КАРА-БУЛАКЕ" for _, written, _ in found)
    text = "ЖУРНАЛИСТКУ ИЗ ТАЛАСА ПЕРЕВЕЛИ В СИЗО\n\nЕё задержали в Таласе."
    assert not any("ПЕРЕВЕЛИ" in written for _, written, _ in _found(text, "ru"))
    # The heading's only place ("ТОҢ") written in another word than the body's names nothing.
    found = _found("ТОҢ АКТИВИСТТЕРИ\n\nТоң районундагы Ак-Сай айылында жыйын болду.", "ky")
    assert not any(written.startswith("ТОҢ") for _, written, _ in found)


@pytest.mark.parametrize(
    ("language", "text", "places"),
    [
        (
            "ru",
            "Журналисты из Таласа, Нарына и Каракола вышли на пикет.",
            ["Таласа", "Нарына", "Каракола"],
        ),
        (
            "en",
            "Journalists from Naryn, Talas and Karakol picketed the court.",
            ["Naryn", "Talas", "Karakol"],
        ),
    ],
)
def test_a_name_listed_with_places_is_a_place(language: str, text: str, places: list[str]) -> None:
    found = _found(text, language)
    assert {("place", place) for place in places} <= {(k, w) for k, w, _ in found}


def test_a_person_beside_a_place_without_a_list_stays_a_person() -> None:
    text = "Журналистку Сарыбаеву задержали. В Жангы-Кале Сарыбаевой предъявили обвинение."
    mentions = [
        Mention(
            "place", "Жангы-Кале", text.index("Жангы-Кале"), text.index("Жангы-Кале") + 10, "m"
        ),
        Mention(
            "person", "Сарыбаевой", text.index("Сарыбаевой"), text.index("Сарыбаевой") + 10, "m"
        ),
    ]
    kinds = {m.text: m.kind for m in corrected_names(text, "ru", mentions)}
    assert kinds["Сарыбаевой"] == "person"
    text = "Асанов и Бакыт приехали из Оша."
    assert ("person", "Бакыт") in {(m.kind, m.text) for m in recognise(text, "ru")}


@pytest.mark.parametrize(
    ("language", "text", "place"),
    [
        ("ru", "Протест жителей микрорайона Восток-5 разогнали.", "микрорайона Восток-5"),
        ("ru", "Лес вырубают в ущелье Беш-Таш.", "ущелье Беш-Таш"),
        ("ru", "Дом стоит в переулке Садовом.", "переулке Садовом"),
        ("ky", "Восток-5 кичи районунун үч тургуну кармалды.", "Восток-5 кичи районунун"),
        ("en", "Residents of the Vostok-5 micro-district protested.", "Vostok-5 micro-district"),
    ],
)
def test_a_micro_district_a_lane_or_a_gorge_is_named_with_its_kind(
    language: str, text: str, place: str
) -> None:
    assert ("place", place) in {(k, w) for k, w, _ in _found(text, language)}


def test_a_russian_place_ends_before_the_pronoun_the_model_ran_it_into() -> None:
    text = "Её задержали в Таласе, на проспекте Манаса. Из Таласа её отвезли в Жангы-Калу."
    found = {(k, w) for k, w, _ in _found(text, "ru")}
    assert ("place", "Таласа") in found
    assert not any(w.endswith("её") for _, w in found)


def test_a_kyrgyz_town_named_in_its_cases_and_its_offices() -> None:
    text = (
        "Алар Каракол шаарында кармалып, эртеси Караколго жөнөтүлдү. "
        "Борбор Ысык-Көл облусунун прокуратурасына кат жөнөттү."
    )
    start = text.index("Караколго")
    mentions = [Mention("person", "Караколго", start, start + 9, "natasha")]
    found = {(m.kind, m.text, m.as_name) for m in corrected_names(text, "ky", mentions)}
    assert ("place", "Караколго", "Каракол") in found
    assert (
        "organization",
        "Ысык-Көл облусунун прокуратурасына",
        "Ысык-Көл облусунун прокуратурасы",
    ) in found
    # A surname in the dative is no town, though no town of that name is named.
    text = "Каракол шаарында Асановго жардам берилген жок."
    start = text.index("Асановго")
    mentions = [Mention("person", "Асановго", start, start + 8, "natasha")]
    assert ("person", "Асановго") in {
        (m.kind, m.text) for m in corrected_names(text, "ky", mentions)
    }


def test_a_kyrgyz_numbered_colony_is_an_organisation() -> None:
    text = "Үч тургун Кара-Жыгачтагы № 3 колонияда он беш күн отурушкан."
    assert ("organization", "№ 3 колонияда", "№ 3 колония") in _found(text, "ky")


def test_a_town_before_a_kyrgyz_office_of_its_own_stays_a_place() -> None:
    text = "Каракол шаардык ички иштер башкармалыгы. Каракол"
    office = "Каракол шаардык ички иштер башкармалыгы"
    mentions = [
        Mention("organization", office, 0, len(office), "natasha"),
        Mention("place", "Каракол", len(text) - 7, len(text), "natasha"),
    ]
    assert [m.kind for m in consistent_kinds(mentions)] == ["organization", "place"]


def test_a_newspaper_opening_a_sentence_is_named_by_its_quoted_name() -> None:
    text = "Газета «Нарын» сообщила о задержании. Правозащитный центр «Калкан» осудил его."
    found = {(k, w) for k, w, _ in _found(text, "ru")}
    assert ("organization", "«Нарын»") in found
    assert ("organization", "Правозащитный центр «Калкан»") in found


@pytest.mark.parametrize(
    ("text", "body"),
    [
        ("Bishkek City Hall refused the permit.", "Bishkek City Hall"),
        ("Doctors of the Karakol City Hospital treated him.", "Karakol City Hospital"),
        ("The Jangy-Kala Evening News reported the raid.", "Jangy-Kala Evening News"),
    ],
)
def test_an_english_body_named_after_its_town_is_an_organisation(text: str, body: str) -> None:
    found = {(k, w) for k, w, _ in _found(text, "en")}
    assert ("organization", body) in found
    assert not any(kind == "place" for kind, _ in found)


def test_a_russian_street_or_avenue_the_model_passed_over_is_a_place() -> None:
    text = "Жители улицы Ленина и проспекта Чуй вышли на акцию."
    found = {(k, w) for k, w, _ in _found(text, "ru")}
    assert {("place", "улицы Ленина"), ("place", "проспекта Чуй")} <= found


def test_a_russian_adjective_made_from_a_place_is_no_place() -> None:
    text = "Кара-Жыгачские жители пришли к акимиату. Ошские активисты приехали в Ош."
    found = {(k, w) for k, w, _ in _found(text, "ru")}
    assert not any(w in ("Кара-Жыгачские", "Ошские") for _, w in found)
    assert ("place", "Ош") in found
    # A village named like an adjective is still found by its kind's word.
    assert ("place", "Ленинское") in {
        (k, w) for k, w, _ in _found("Он живёт в селе Ленинское.", "ru")
    }


def test_a_kyrgyz_word_for_people_from_a_place_and_a_network_are_no_places() -> None:
    text = (
        "Кара-Жыгачтык тургундар Ак-Сайлык активисттерге кошулушту. "
        "Кара-Жыгачта жана Ак-Сайда митинг болду. Ал Фейсбукта пост жазды."
    )
    found = {(k, w) for k, w, _ in _found(text, "ky")}
    assert {("place", "Кара-Жыгачта"), ("place", "Ак-Сайда")} <= found
    assert not any(w in ("Кара-Жыгачтык", "Ак-Сайлык", "Фейсбукта") for _, w in found)
    # A place whose name only ends like the word for its people stays a place.
    assert ("place", "Кара-Балыкта") in {
        (k, w) for k, w, _ in _found("Кара-Балыкта митинг болду.", "ky")
    }

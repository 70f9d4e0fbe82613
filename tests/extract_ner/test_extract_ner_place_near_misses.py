"""What looks like a place and is a body named after one, or no name at all, beside places in
their lists, datelines, headlines and kinds: police stations, detention centres, prosecutors'
offices, hospitals and a village's government named after a town or a district are
organisations; an airport or a bazaar named after a town is a place of its own; people from a
place and their trade open no body's name."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from docket.extract.document import extract_document
from docket.extract.grouping import group_mentions
from docket.extract.mentions import Mention
from docket.extract.recognise import recognise


def _found(text: str, language: str) -> set[tuple[str, str, str]]:
    return {(m.kind, m.text, m.as_name) for m in recognise(text, language)}


def _texts(text: str, language: str, kind: str) -> set[str]:
    return {written for found, written, _ in _found(text, language) if found == kind}


@pytest.mark.parametrize(
    ("language", "text", "place"),
    [
        # An airport or a bazaar after a town is named by both words, as a street is.
        ("en", "Officers stopped her at Jangy-Kala airport on 2 March.", "Jangy-Kala airport"),
        ("en", "Traders from the Osh Bazaar in Jangy-Kala protested.", "Osh Bazaar"),
        ("ky", "Ал Жаңы-Кала аэропортунда 2-мартта кармалды.", "Жаңы-Кала аэропортунда"),
        ("ky", "Ал Бишкектеги Ош базарында соода кылат.", "Ош базарында"),
        # A district named after a surname is a place, not the person.
        ("en", "Officers searched the house in Bishkek's Sverdlov district.", "Sverdlov district"),
        # A town written in a list between two places, whatever the model took it for.
        ("en", "Relatives came from Naryn, Kochkor and At-Bashy to the court.", "Kochkor"),
        # A hyphenated village the model passed over, listed after a place.
        ("en", "The court would not call witnesses from Kochkor-Ata and Ak-Bulun.", "Ak-Bulun"),
        # A dateline with the date in brackets; the dictionary's towns are towns there too.
        ("en", "GENEVA (12 June 2024) – UN experts urged the authorities to act.", "GENEVA"),
        ("en", "BISHKEK, 12 May 2024 – Police detained six activists.", "BISHKEK"),
        # The kind's word before or after the name: a boulevard, an airport, a street named
        # after someone by two words.
        ("en", "He was driven to an office on Erkindik Boulevard.", "Erkindik Boulevard"),
        (
            "en",
            "Residents of Kara-Suu District told us that police beat them.",
            "Kara-Suu District",
        ),
        ("ru", "Пограничники аэропорта Жангы-Кала не выпустили её.", "аэропорта Жангы-Кала"),
        ("ky", "Ал Курманжан Датка көчөсүндө жашайт.", "Курманжан Датка көчөсүндө"),
        # A Kyrgyz town in the dative before the purpose of going there.
        ("ky", "Уулум Ак-Терек айылынан Бишкекке окууга кеткен.", "Бишкекке"),
        # A Kyrgyz headline writes the town in its own case.
        (
            "ky",
            "ЖУРНАЛИСТ ЖАҢЫ-КАЛАДА КАРМАЛДЫ\n\nАны Жаңы-Кала шаарында кармашты.",
            "ЖАҢЫ-КАЛАДА",
        ),
    ],
)
def test_a_place_in_its_kind_list_dateline_or_headline_is_found(
    language: str, text: str, place: str
) -> None:
    assert place in _texts(text, language, "place")


@pytest.mark.parametrize(
    ("language", "text", "body", "not_place"),
    [
        ("en", "He was held at the Sverdlov district police station.", None, "Sverdlov"),
        ("en", "She was held in the Jangy-Kala SIZO for two weeks.", "Jangy-Kala SIZO", None),
        (
            "en",
            "The Naryn regional prosecutor's office argued that the protest was planned.",
            "Naryn regional prosecutor's office",
            "Naryn",
        ),
        (
            "en",
            "Kalkan asks the Ombudsman of Altyn-Tash to visit the traders.",
            "Ombudsman of Altyn-Tash",
            "Altyn-Tash",
        ),
        (
            "en",
            "Residents protested outside the Jangy-Kala mayor's office on Monday.",
            "Jangy-Kala mayor's office",
            "Jangy-Kala",
        ),
        ("en", "A doctor at District Hospital No. 2 treated him.", "District Hospital No. 2", None),
        (
            "ru",
            "Его отвезли в Кара-Сууйскую районную больницу.",
            "Кара-Сууйскую районную больницу",
            "Кара-Сууйскую районную больницу",
        ),
        (
            "ru",
            "Прокуратура Ошской области возбудила уголовное дело.",
            "Прокуратура Ошской области",
            "Ошской области",
        ),
        # A prosecutor's office named after a town, as after a region.
        (
            "ru",
            "Адвокат подал жалобу в прокуратуру Кара-Балты.",
            "прокуратуру Кара-Балты",
            "Кара-Балты",
        ),
        (
            "ru",
            "Прокуратура Жангы-Калы обязана провести расследование.",
            "Прокуратура Жангы-Калы",
            "Жангы-Калы",
        ),
        (
            "ky",
            "Аны Жаңы-Кала шаарындагы № 1 тергөө абагына которушту.",
            "№ 1 тергөө абагына",
            None,
        ),
        ("ky", "Ал Нарын облустук ооруканасына жеткирилди.", "Нарын облустук ооруканасына", None),
        (
            "ky",
            "Ала-Мыш райондук милиция бөлүмүнүн кызматкерлери келишти.",
            "Ала-Мыш райондук милиция бөлүмүнүн",
            None,
        ),
        (
            "ky",
            "Аны Ак-Терек айыл өкмөтүнүн башчысы коркутту.",
            "Ак-Терек айыл өкмөтүнүн",
            "Ак-Терек",
        ),
        ("en", "Family members travelled to Tash-Bulung prison.", "Tash-Bulung prison", None),
        # A radio station, without the sentence's article: no person.
        ("en", "The Sezim FM studio on Manas Street was sealed.", "Sezim FM", "Sezim"),
        # A body in the locative is where something is debated, no place.
        ("ky", "Мыйзам долбоору Жогорку Кеңеште талкууланууда.", "Жогорку Кеңеште", "Кеңеш"),
    ],
)
def test_a_body_named_after_a_place_is_an_organisation(
    language: str, text: str, body: str | None, not_place: str | None
) -> None:
    found = _found(text, language)
    if body is not None:
        assert body in {written for kind, written, _ in found if kind == "organization"}
    if not_place is not None:
        assert not any(
            kind != "organization" and not_place in written for kind, written, _ in found
        )


@pytest.mark.parametrize(
    ("language", "text", "word"),
    [
        # A body told of again by its head noun alone.
        ("en", "The Centre has sent two letters to the prosecutor.", "Centre"),
        # A bazaar of a town, in the genitive: the town alone.
        ("ky", "Ал Кара-Балтанын базарында соода кылган.", "Кара-Балтанын базарында"),
    ],
)
def test_a_body_told_again_or_a_towns_bazaar_is_no_place(
    language: str, text: str, word: str
) -> None:
    places = _texts(text, language, "place")
    assert word not in places
    if language == "ky":
        assert "Кара-Балтанын" in places


@pytest.mark.parametrize(
    "text",
    [
        # Defenders from a place, in front of the court's building: no body.
        "Ноокаттык укук коргоочулар соттун имаратынын алдында пикетке чыгышты.",
        # A village's or a district's body without the place's name is none in particular.
        "Айыл өкмөтүнүн башчысы келди.",
        "Райондук милиция бөлүмү билдирди.",
    ],
)
def test_a_kyrgyz_body_needs_its_places_name(text: str) -> None:
    assert not _texts(text, "ky", "organization")


def test_a_kyrgyz_hyphenated_place_opening_a_sentence_is_named_without_its_ending() -> None:
    found = _found("Сары-Белдеги протестанттар суракка чакырылды.", "ky")
    assert ("place", "Сары-Белдеги", "Сары-Бел") in found


def test_a_kyrgyz_street_after_a_town_in_the_attributive_leaves_the_town_out() -> None:
    assert "Чүй проспектисинде" in _texts(
        "Бишкектеги Чүй проспектисинде митинг болду.", "ky", "place"
    )


def test_a_kyrgyz_head_noun_is_named_in_its_possessive_and_a_name_by_its_stem() -> None:
    found = _found("Ал № 47 түзөтүү колониясында отурат. Биз Омбудсмендин өкүлүн көрдүк.", "ky")
    names = {name for kind, _, name in found if kind == "organization"}
    assert {"№ 47 түзөтүү колониясы", "Омбудсмен"} <= names


def test_where_a_detainee_was_taken_is_not_the_victim() -> None:
    text = (
        "Ошол эле күнү милиция кызматкерлери күйөөмдү кармап, "
        "Ала-Мыш райондук милиция бөлүмүнө алып барышты."
    )
    found = extract_document(text, item_id=None, language="ky", document_date=None, gazetteer=None)
    victims = [act["victim"] for act in found["acts"] if act["victim"] is not None]
    assert not any(victim["kind"] == "organization" for victim in victims)


def _mention(text: str, start: int, name: str = "") -> Mention:
    return Mention("place", text, start, start + len(text), "test", name)


def test_a_russian_town_in_two_cases_is_one_place() -> None:
    entities = group_mentions([_mention("Жалал-Абаде", 0), _mention("Жалал-Абада", 40)])
    assert len(entities) == 1


_TOWN = st.from_regex(r"[A-Z][a-z]{2,7}(?:-[A-Z][a-z]{2,7})?", fullmatch=True)


@given(_TOWN, st.sampled_from(["airport", "bazaar", "Airport", "Bazaar", "market"]))
def test_a_town_and_the_airport_or_bazaar_named_after_it_are_two_places(
    town: str, kind: str
) -> None:
    named = f"{town} {kind}"
    entities = group_mentions([_mention(town, 0), _mention(named, 40), _mention(town, 80)])
    assert sorted(len(entity.mentions) for entity in entities) == [1, 2]


@given(_TOWN)
def test_a_town_stays_one_place_whatever_else_the_document_names(town: str) -> None:
    entities = group_mentions([_mention(town, 0), _mention(town + " district", 40)])
    assert len(entities) == 2


@pytest.mark.parametrize(
    ("text", "place"),
    [
        # A town after another office is where that office is; a town after a prosecutor's
        # office left earlier in the sentence is a town.
        ("Жители пришли к мэрии Жангы-Калы в понедельник.", "Жангы-Калы"),
        ("Он ушёл из прокуратуры и уехал в Бишкек.", "Бишкек"),
    ],
)
def test_a_town_after_another_office_stays_a_place(text: str, place: str) -> None:
    assert place in _texts(text, "ru", "place")

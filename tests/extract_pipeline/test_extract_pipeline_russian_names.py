"""Russian names in their dictionary form: an entity is named in the nominative, whatever case
the sentence put its mentions in, and its mentions keep their spans as written."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docket.extract.document import extract_document
from docket.extract.grouping import Entity
from docket.extract.mentions import Mention
from docket.extract.russian_names import in_nominative, nominatives


def _names(text: str) -> list[tuple[str, str]]:
    found = extract_document(
        text, item_id=None, language="ru", document_date=date(2025, 3, 1), gazetteer=None
    )
    for entity in found["entities"]:
        for mention in entity["mentions"]:
            # The spans stay as written: only the entity's name is the dictionary form.
            assert text[mention["start"] : mention["end"]] == mention["text"]
    return [(entity["kind"], entity["name"]) for entity in found["entities"]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Правозащитники требуют освобождения Мурада Алиева. "
            "Его задержали в центре Жалал-Абада.",
            [("person", "Мурад Алиев"), ("place", "Жалал-Абад")],
        ),
        ("Журналист приехал из Самарканда в Бишкек.", [("place", "Самарканд")]),
        ("Колонна остановилась у перевала Долон.", [("place", "перевал Долон")]),
        (
            "Адвокат направил жалобу в Генеральную прокуратуру.",
            [("organization", "Генеральная прокуратура")],
        ),
        (
            "Родственники обратились в прокуратуру Нарынской области.",
            [("organization", "Прокуратура Нарынской области")],
        ),
        (
            "Суд оштрафовал Айнуру Бекову. Коллеги Айнуры Бековой вышли на пикет.",
            [("person", "Айнура Бекова")],
        ),
        ("Активистов доставили в Ат-Башинский район.", [("place", "Ат-Башинский район")]),
        ("Жители Кара-Балты вышли на митинг.", [("place", "Кара-Балта")]),
        ("Отдых на Иссык-Куле сорвался.", [("place", "Иссык-Куль")]),
    ],
)
def test_an_entity_is_named_in_the_nominative(text: str, expected: list[tuple[str, str]]) -> None:
    names = _names(text)
    for wanted in expected:
        assert wanted in names, names


def test_a_name_written_in_the_nominative_stays_as_written() -> None:
    names = _names("Мурад Алиев и Гульмира Асанова живут в Жалал-Абаде.")
    assert ("person", "Мурад Алиев") in names
    assert ("person", "Гульмира Асанова") in names


def test_a_quoted_name_is_kept_as_written() -> None:
    names = _names("Газета «Вечерняя Жангы-Кала» опубликовала письмо.")
    assert all("Вечерней" not in name for _, name in names)


def _mention(text: str, words: str, kind: str = "person") -> Mention:
    start = text.index(words)
    return Mention(kind, words, start, start + len(words), "test")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "words", "kind", "expected"),
    [
        # His genitive, after a noun that governs it.
        ("освобождения Мурада Алиева", "Мурада Алиева", "person", "Мурад Алиев"),
        # Her genitive: only a woman's surname ends in -ой.
        ("коллеги Гульмиры Асановой", "Гульмиры Асановой", "person", "Гульмира Асанова"),
        # A Kyrgyz woman's given name ending in a consonant is not declined.
        ("письмо Асель Мамбетовой", "Асель Мамбетовой", "person", "Асель Мамбетова"),
        # -бек is a man's given name, in whatever case.
        ("задержали Таалайбека Турдумамбетова", "Таалайбека Турдумамбетова", "person",
         "Таалайбек Турдумамбетов"),
        ("жалоба Омбудсмену", "Омбудсмену", "organization", "Омбудсмен"),
        ("в колонии № 3", "колонии № 3", "organization", "Колония № 3"),
        ("суд Каракольского городского суда", "Каракольского городского суда",
         "organization", "Каракольский городской суд"),
        ("в Нарынском ГОВД", "Нарынском ГОВД", "organization", "Нарынский ГОВД"),
        ("на улице Ленина", "улице Ленина", "place", "улица Ленина"),
        ("в Кок-Суу", "Кок-Суу", "place", "Кок-Суу"),
    ],
)  # fmt: skip
def test_a_mention_s_dictionary_form(text: str, words: str, kind: str, expected: str) -> None:
    assert nominatives(text, _mention(text, words, kind))[0] == expected


@pytest.mark.parametrize(
    ("text", "words"),
    [
        # His genitive or her nominative: nothing tells which ("Задержали Алиева" is his
        # accusative, as after "задержали" inside a sentence).
        ("Выступила Алиева", "Алиева"),
        # A Kyrgyz place pymorphy3 does not know: a Жангы-Кал's genitive or a nominative.
        ("Митинг Жангы-Кала провела", "Жангы-Кала"),
    ],
)
def test_a_name_the_readings_leave_open_is_kept_as_written(text: str, words: str) -> None:
    kind = "person" if words == "Алиева" else "place"
    mention = _mention(text, words, kind)
    entity = Entity(kind, words, (mention,))  # type: ignore[arg-type]
    assert in_nominative(text, [entity])[0].name == words


def test_a_preposition_rules_out_the_nominative() -> None:
    # Оша is a place's nominative as well as Ош's genitive; after "из" only the genitive.
    text = "Он вернулся из Оша"
    mention = _mention(text, "Оша", "place")
    assert in_nominative(text, [Entity("place", "Оша", (mention,))])[0].name == "Ош"


def test_the_other_mentions_tell_a_person_s_sex() -> None:
    # Нурлана Осмонова: his genitive or her nominative; Осмонов is only his.
    text = "Адвокат Нурлана Осмонова заявил, что Осмонов невиновен."
    full, short = _mention(text, "Нурлана Осмонова"), _mention(text, "Осмонов")
    entity = Entity("person", "Нурлана Осмонова", (full, short))
    assert in_nominative(text, [entity])[0].name == "Нурлан Осмонов"


def test_the_text_tells_how_an_unknown_place_declines() -> None:
    # Жангы-Калы is a form only a nominative in -а has: Жангы-Кале is then Жангы-Кала's.
    text = "Суд Жангы-Калы. Жангы-Кала большой город. Митинг прошёл в Жангы-Кале."
    mention = _mention(text, "Жангы-Кале", "place")
    assert in_nominative(text, [Entity("place", "Жангы-Кале", (mention,))])[0].name == (
        "Жангы-Кала"
    )


def test_an_unknown_place_s_forms_agree_on_its_nominative() -> None:
    # Жангы-Кала may be a Жангы-Кал's genitive, Жангы-Калу its dative: read together with
    # Жангы-Калу as Жангы-Кала's accusative, they agree on Жангы-Кала.
    text = "Митинг Жангы-Кала провела. Приехали в Жангы-Калу."
    mentions = (_mention(text, "Жангы-Кала", "place"), _mention(text, "Жангы-Калу", "place"))
    entity = Entity("place", "Жангы-Кала", mentions)
    assert in_nominative(text, [entity])[0].name == "Жангы-Кала"


def test_a_nominative_mention_is_preferred() -> None:
    text = "В Алтын-Таше прошёл митинг. Алтын-Таш небольшое село. Жители Алтын-Таша против."
    mentions = tuple(_mention(text, words, "place") for words in ("Алтын-Таше", "Алтын-Таш"))
    mentions += (_mention(text, "Алтын-Таша", "place"),)
    entity = Entity("place", "Алтын-Таша", mentions)
    assert in_nominative(text, [entity])[0].name == "Алтын-Таш"


_GIVEN = ("Мурад", "Бакыт", "Нурлан", "Гульмира", "Айнура", "Асель", "Таалайбек", "Жылдыз")
_SURNAMES = ("Алиев", "Осмонов", "Асанова", "Бекова", "Токтогулов", "Иманалиева", "Сарыбаев")
_PLACES = (
    "Бишкек", "Нарын", "Жалал-Абад", "Иссык-Куль", "Каракол", "Ат-Башинский район",
    "Нарынская область", "улица Ленина", "Кок-Суу", "Талас",
)  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(_GIVEN), st.sampled_from(_SURNAMES))
def test_the_nominative_of_a_nominative_name_is_itself(given_name: str, surname: str) -> None:
    text = f"{given_name} {surname}"
    mention = _mention(text, text)
    # A man's given name beside a woman's surname is read as neither: no reading at all.
    assert nominatives(text, mention)[:1] in ([], [text])
    assert in_nominative(text, [Entity("person", text, (mention,))])[0].name == text


@settings(max_examples=30, deadline=None)
@given(st.sampled_from(_PLACES))
def test_a_place_in_the_nominative_keeps_its_name(place: str) -> None:
    text = f"{place} был упомянут."
    mention = _mention(text, place, "place")
    assert in_nominative(text, [Entity("place", place, (mention,))])[0].name == place


_LETTERS = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяөүңАБВГДЕЖЗИКЛМНОПРСТУӨҮ-«» №3."


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet=_LETTERS, min_size=1, max_size=30).filter(lambda words: words.strip()),
    st.sampled_from(("person", "place", "organization")),
    st.sampled_from(("", "в ", "из ", "центре ", "к ")),
)
def test_naming_never_fails_and_never_empties_a_name(words: str, kind: str, before: str) -> None:
    text = before + words
    mention = Mention(kind, words, len(before), len(text), "test")  # type: ignore[arg-type]
    assert all(name.strip() for name in nominatives(text, mention))
    (entity,) = in_nominative(text, [Entity(kind, words, (mention,))])  # type: ignore[arg-type]
    assert entity.name.strip()
    assert entity.mentions == (mention,)

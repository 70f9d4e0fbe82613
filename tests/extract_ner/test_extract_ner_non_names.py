"""Common words capitalised by their place, nationalities, streets, villages: no false names."""

from __future__ import annotations

import pytest

from docket.extract.consistency import consistent_kinds
from docket.extract.mentions import Mention
from docket.extract.non_names import is_common_word, without_common_words
from docket.extract.recognise import recognise


def _found(text: str, language: str) -> set[tuple[str, str]]:
    return {(m.kind, m.text) for m in recognise(text, language)}


def _texts(text: str, language: str) -> set[str]:
    return {m.text for m in recognise(text, language)}


@pytest.mark.parametrize(
    ("word", "language", "common"),
    [
        ("Prisoner", "en", True),
        ("Deaths", "en", True),
        ("Tajik", "en", True),
        ("Kalkan", "en", False),
        ("Azattyk", "en", False),
        ("ЖУРНАЛИСТОВ", "ru", True),
        ("Журналисты", "ru", True),
        ("Бишкек", "ru", False),
        ("Мирлан", "ru", False),
        ("Кыргыздар", "ky", True),
        ("Дүйшөмбүдөгү", "ky", True),
        ("Мартин", "ru", False),
        ("Майрамбек", "ky", False),
        ("Кыргызстан", "ky", False),
    ],
)
def test_common_words_are_told_from_names(word: str, language: str, common: bool) -> None:
    assert is_common_word(word, language) is common


def test_a_word_written_in_lower_case_elsewhere_is_no_name_where_it_opens_a_line() -> None:
    text = "Prisoner denied care\n\nThe prisoner was refused treatment in Bishkek."
    mentions = [
        Mention("person", "Prisoner", 0, 8, "spacy"),
        Mention("place", "Bishkek", 60, 67, "spacy"),
    ]
    assert [m.text for m in without_common_words(text, "en", mentions)] == ["Bishkek"]


def test_menu_items_and_table_cells_are_no_names() -> None:
    text = "About | Contact | Privacy\n\n| Source | Deaths |\n| Kalkan | 4 |"
    mentions = [
        Mention("place", "Contact", 8, 15, "spacy"),
        Mention("organization", "Privacy", 18, 25, "spacy"),
        Mention("person", "Deaths", 38, 44, "spacy"),
        Mention("organization", "Kalkan", 50, 56, "spacy"),
    ]
    assert [m.text for m in without_common_words(text, "en", mentions)] == ["Kalkan"]


def test_a_name_written_inside_a_sentence_elsewhere_is_kept_where_it_opens_one() -> None:
    text = "Marat said nothing. Later the court heard Marat again."
    mentions = [Mention("person", "Marat", 0, 5, "spacy"), Mention("person", "Marat", 41, 46, "x")]
    assert len(without_common_words(text, "en", mentions)) == 2


def test_a_russian_heading_in_capitals_is_no_organisation() -> None:
    text = "ЗАДЕРЖАНИЕ ЖУРНАЛИСТОВ В БИШКЕКЕ\n\nСотрудники ГКНБ задержали журналистов."
    found = _texts(text, "ru")
    assert "ЖУРНАЛИСТОВ" not in found
    assert "ГКНБ" in found


def test_nationalities_are_no_names() -> None:
    text = "Several Kyrgyz and Tajik nationals were held in Osh, police said."
    found = _texts(text, "en")
    assert "Kyrgyz" not in found and "Tajik" not in found


def test_a_name_before_street_is_a_street() -> None:
    assert ("place", "Lenin street") in _found(
        "Officers took him from his home on Lenin street at 6 a.m.", "en"
    )


def test_a_village_is_a_place_and_a_comma_parts_a_place_from_its_region() -> None:
    found = _found(
        "He is held in Penal Colony No. 47 in the village of Moldovanovka, Chui region.", "en"
    )
    assert ("place", "Moldovanovka") in found
    assert ("place", "Chui region") in found
    assert ("place", "Арашан") in _found("Власти снесли 9 домов в селе Арашан.", "ru")


def test_a_patronym_closes_a_russian_name_and_a_quote_ends_a_person() -> None:
    found = _found("Среди задержанных — Махабат Таджибек кызы и Азамат Ишенбеков.", "ru")
    assert ("person", "Махабат Таджибек кызы") in found
    found = _found("Сыдыков «Азаттык» үналгысында иштейт.", "ky")
    assert ("organization", "«Азаттык»") in found
    assert not any(kind == "person" and "«" in text for kind, text in found)


def test_a_kyrgyz_possessive_compound_names_an_outlet_not_a_person() -> None:
    found = _found("Aida Kasymalieva, 45, journalist, Tash Sözü, was detained.", "en")
    assert ("person", "Tash Sözü") not in found


def test_kyrgyz_attributive_word_and_a_speaker_are_no_part_of_a_name() -> None:
    text = (
        "«Эч ким айткан жок», — деди Токтакунов Биринчи май райондук сотунун алдында. "
        "Түрмөдөгү Элдар Кенжебаевге дарыгерлер жардам беришкен жок."
    )
    found = recognise(text, "ky")
    assert all(not m.text.startswith(("Токтакунов Биринчи", "Түрмөдөгү")) for m in found)
    assert any(m.kind == "person" and m.text == "Элдар Кенжебаевге" for m in found)


def test_an_office_named_after_its_seat_leaves_the_seat_a_place() -> None:
    mentions = [
        Mention("place", "Bishkek", 0, 7, "spacy"),
        Mention("organization", "Bishkek City Hall", 20, 37, "spacy"),
    ]
    assert [m.kind for m in consistent_kinds(mentions)] == ["place", "organization"]


def test_a_menu_of_kyrgyz_words_and_a_line_opening_word_are_no_names() -> None:
    text = (
        "Башкы бет \n     Жаңылыктар \n     Саясат\n\n"
        "Жаңы-Кала шаары, 14-ноябры\nДароо жарыялоо үчүн"
    )
    found = _texts(text, "ky")
    assert not found & {"Жаңылыктар", "Саясат", "Дароо"}


def test_a_kyrgyz_village_needs_the_possessive() -> None:
    assert ("place", "Арашан") in _found("Арашан айылында 9 үй бузулду.", "ky")
    assert not any(
        text == "Бүгүн" for _, text in _found("Бүгүн айылдын борборунда митинг болду.", "ky")
    )


def test_a_russian_organisation_opens_with_its_adjective_not_with_the_words_before() -> None:
    found = _found("По данным центра «Калкан», снесено 40 домов.", "ru")
    assert ("organization", "«Калкан»") in found
    found = _found("Сегодня Кыргызский правозащитный центр «Калкан» заявил о сносе.", "ru")
    assert ("organization", "Кыргызский правозащитный центр «Калкан»") in found


def test_kyrgyz_plurals_offices_and_towns_are_no_part_of_a_person() -> None:
    text = (
        "Бейшемби күнү Акыйкатчы Атыр Абдрахматова Асанов менен жолукту. "
        "Дарыгерлер Асановго дары беришкен жок. "
        "Чүй облусунун Сокулук районундагы Шопоков шаарында да ушундай окуя болгон."
    )
    found = {(m.kind, m.as_name) for m in recognise(text, "ky")}
    assert ("person", "Атыр Абдрахматова") in found
    assert ("person", "Асанов") in found
    assert ("place", "Сокулук району") in found
    assert ("place", "Шопоков") in found
    assert not any(kind == "person" and name.startswith("Дарыгерлер") for kind, name in found)


def test_a_body_named_like_a_person_and_a_region_named_like_one_are_not_persons() -> None:
    found = _found("Freedom House condemned the verdict.", "en")
    assert ("organization", "Freedom House") in found
    found = _found("She was born in Saltanat district and moved to Bishkek.", "en")
    assert ("place", "Saltanat district") in found


def test_a_salutation_is_no_name_and_a_form_of_address_inside_a_span_is_no_part_of_the_name() -> (
    None
):
    text = (
        "Dear Mr President,\n\nWe write about Ms. Aisuluu Temirova, detained since January. "
        "Ms Temirova has asthma."
    )
    found = recognise(text, "en")
    assert not any(m.text in ("Dear Mr", "Mr") for m in found)
    assert {m.as_name for m in found if m.kind == "person"} == {"Aisuluu Temirova", "Temirova"}

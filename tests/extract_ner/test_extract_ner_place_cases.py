"""Places in their case endings: Kyrgyz towns in the locative, ablative, dative and genitive,
with postpositions and verbs of going; Russian places after prepositions of route, with their
kind's word, in datelines and headlines; and what is none (a case's name, a compound noun)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from docket.extract.grouping import group_mentions
from docket.extract.kyrgyz_endings import case_ending_length
from docket.extract.kyrgyz_places import place_stem, spatial_case
from docket.extract.mentions import Mention
from docket.extract.recognise import recognise


def _found(text: str, language: str) -> set[tuple[str, str, str]]:
    return {(m.kind, m.text, m.as_name) for m in recognise(text, language)}


def _places(text: str, language: str) -> set[tuple[str, str]]:
    return {(written, name) for kind, written, name in _found(text, language) if kind == "place"}


@pytest.mark.parametrize(
    ("text", "written", "name"),
    [
        # The locative mid-sentence: in Özgön.
        ("Активисттер Өзгөндө кармалды. Алар кийин бошотулду.", "Өзгөндө", "Өзгөн"),
        # The attributive locative: the hospital in Özgön.
        ("Мен Өзгөндөгү ооруканада иштейм.", "Өзгөндөгү", "Өзгөн"),
        # The ablative before a verb of coming: came flying from Batken.
        ("Журналист Баткенден учуп келип, сотко катышты.", "Баткенден", "Баткен"),
        # The dative before a verb of going: went to Aravan.
        ("Анын иниси Араванга кетип, ошол жакта калды.", "Араванга", "Араван"),
        # A postposition after the dative: the road as far as Suzak.
        ("Айылдан Сузакка чейинки жол жабылды.", "Сузакка", "Сузак"),
        # "Through" takes the nominative.
        ("Тургундар Ноокат аркылуу айланып өтүшөт.", "Ноокат", "Ноокат"),
        # A town with "лык" inside is no word for people from a place.
        ("Жүргүнчүлөр Балыкчы аркылуу өтүшөт.", "Балыкчы", "Балыкчы"),
        # A distance from a town.
        ("Кыштак Токтогулдан 30 чакырым алыстыкта жайгашкан.", "Токтогулдан", "Токтогул"),
        # From ... to ...: both are places, not one person.
        ("Ал Кеминден Баткенге жөө барды.", "Кеминден", "Кемин"),
        ("Ал Кеминден Баткенге жөө барды.", "Баткенге", "Баткен"),
        # Listed with a place: from Aravan and from Nookat.
        ("Туугандары Ноокат-Суудан жана Аравандан келишти.", "Аравандан", "Араван"),
        # A sentence opening with the town the document names elsewhere.
        ("Баткенде митинг болду. Ал эми Баткендин тургундары нааразы.", "Баткенде", "Баткен"),
        ("Баткенде митинг болду. Ал эми Баткендин тургундары нааразы.", "Баткендин", "Баткен"),
    ],
)
def test_a_kyrgyz_town_in_a_case_is_a_place_named_by_its_stem(
    text: str, written: str, name: str
) -> None:
    assert (written, name) in _places(text, "ky")


@pytest.mark.parametrize(
    ("text", "word"),
    [
        # A surname in the dative is someone: turned to Asanov.
        ("Анын адвокаты Асановго кайрылды.", "Асановго"),
        # A given name the document writes in a full name: went to Asan (Asan Bakirov).
        ("Тергөөчү Асан Бакиров келди. Кийин биз Асанга барып, арыз бердик.", "Асанга"),
        # A given name that only looks declined, written in a full name: Айзада is no "Айза"
        # in the locative, also where its surname carries the case.
        (
            "Жубайы Айзада Алиеванын айтымында, ал ооруйт. Айзада Алиевага чет өлкөгө чыгууга"
            " тыюу салынды.",
            "Айзада",
        ),
        # A given name in the dative with no sign of a place: they threatened Bakyt by phone.
        ("Бакытка телефон чалып коркутушту.", "Бакытка"),
        ("Эркинге жолугуп, маалымат беришти.", "Эркинге"),
        # A common noun in the ablative opening a sentence: nobody came from the village.
        ("Айылдан эч ким келген жок.", "Айылдан"),
        ("Айылдан Сузакка чейинки жол жабылды.", "Айылдан"),
        # An office in the dative before a verb of going: went to the Ombudsman.
        ("Ал Омбудсменге барып арыз жазды.", "Омбудсменге"),
        # A noun after the dative that only begins like a verb of going: good treatment.
        ("Тергөөчү Бакытка жакшы мамиле кылды.", "Бакытка"),
        # An acronym in the locative is a body; a network in the locative no place.
        ("УКМКда аны суракка алышты.", "УКМКда"),
        ("Ал Фейсбукта пост жазды.", "Фейсбукта"),
        # A case named after a place: under the Kok-Suu case.
        ("Кок-Суу иши боюнча он адам соттолду.", "Кок-Суу"),
        ("Укук коргоочулар бул окуя Кок-Суу ишине окшош деп билдиришти.", "Кок-Суу"),
        ("Алар «Кок-Суу» иши боюнча соттолушкан.", "Кок-Суу"),
        # A compound noun: the Criminal Code.
        ("Ал Кылмыш-жаза кодексинин 233-беренеси менен айыпталды.", "Кылмыш-жаза"),
        # A word for people from a place, without the place in the document.
        ("Нарындык укук коргоочулар пикет өткөрүштү.", "Нарындык"),
    ],
)
def test_a_kyrgyz_word_the_grammar_does_not_place_is_no_place(text: str, word: str) -> None:
    assert not any(written == word for written, _ in _places(text, "ky"))


@pytest.mark.parametrize(
    ("text", "written", "name"),
    [
        ("Жолоочулар Тоо-Ашуу ашуусунда токтотулду.", "Тоо-Ашуу ашуусунда", "Тоо-Ашуу ашуусу"),
        ("Нарын дарыясынын боюнда чатырлар турат.", "Нарын дарыясынын", "Нарын дарыясы"),
        ("Дүкөн Чүй проспектисинде жайгашкан.", "Чүй проспектисинде", "Чүй проспектиси"),
        ("Малчылар Суусамыр өрөөнүнө көчүштү.", "Суусамыр өрөөнүнө", "Суусамыр өрөөнү"),
    ],
)
def test_a_kyrgyz_pass_river_avenue_or_valley_keeps_its_kinds_word(
    text: str, written: str, name: str
) -> None:
    assert (written, name) in _places(text, "ky")


def test_a_kyrgyz_village_the_model_runs_into_the_verb_is_named_without_its_word() -> None:
    text = "Мен Талас облусунун Бакай-Ата районундагы Кең-Көл айылында төрөлгөм."
    found = _places(text, "ky")
    assert ("Кең-Көл", "Кең-Көл") in found
    assert ("Бакай-Ата районундагы", "Бакай-Ата району") in found
    assert not any("төрөлгөм" in written or "айылында" in written for written, _ in found)


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Его этапировали через Балыкчи в Нарын.", "Балыкчи"),
        ("Потом адвокат поехал до Сокулука.", "Сокулука"),
        ("Машину остановили у перевала Тоо-Ашуу.", "перевала Тоо-Ашуу"),
        ("Лагерь стоял на берегу реки Чу.", "реки Чу"),
        ("Жангы-Кала, 12 мая 2024 года. Полиция задержала трёх активистов.", "Жангы-Кала"),
        ("СУД ОСТАВИЛ ПРИГОВОР ЖИТЕЛЮ ЭКИ-НАРЫНА\n\nЖитель села Эки-Нарын осуждён.", "ЭКИ-НАРЫНА"),
    ],
)
def test_a_russian_place_after_a_route_with_its_kind_in_a_dateline_or_headline(
    text: str, place: str
) -> None:
    assert ("place", place) in {(k, w) for k, w, _ in _found(text, "ru")}


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Адвокат пришёл к Асанову, а потом из Асанова ничего не вытянули.", "Асанова"),
        ("Вторник, 12 мая. Полиция задержала трёх активистов.", "Вторник"),
        ("Все осуждённые по делу Кок-Суу остаются в колонии.", "Кок-Суу"),
        ('Издания освещали события в Таш-Булуне и дело "Кок-Суу".', "Кок-Суу"),
        ("Совет обеспокоен положением с правами человека в Республике\nАлтын-Таш.", "Республике"),
        ("СУД ОСТАВИЛ ПРИГОВОР\n\nЖитель села Эки-Нарын осуждён.", "ПРИГОВОР"),
    ],
)
def test_a_russian_person_weekday_case_or_heading_word_is_no_place(text: str, word: str) -> None:
    assert not any(k == "place" and w == word for k, w, _ in _found(text, "ru"))


def test_a_dateline_names_its_town_and_a_weekday_or_a_lists_name_and_age_none() -> None:
    found = _found("JANGY-KALA, 12 May 2024 — Police detained three activists.", "en")
    assert ("place", "JANGY-KALA") in {(k, w) for k, w, _ in found}
    found = _found("Жаңы-Кала, 2024-жылдын 14-марты. Милиция үч адамды кармады.", "ky")
    assert ("place", "Жаңы-Кала") in {(k, w) for k, w, _ in found}
    found = _found("Monday, 12 May 2024. Police detained three activists.", "en")
    assert not any(k == "place" for k, _, _ in found)
    found = _found("Detained:\nTemirova, 28, journalist\nAsanov, 12 May 2024", "en")
    assert not any(k == "place" for k, _, _ in found)


def _mention(text: str, start: int, name: str = "") -> Mention:
    return Mention("place", text, start, start + len(text), "test", name)


@pytest.mark.parametrize(
    ("town", "unit"),
    [
        (("Нарынга", "Нарын"), ("Нарын облусунун", "Нарын облусу")),
        (("Кочкордон", "Кочкор"), ("Кочкор районундагы", "Кочкор району")),
        (("Нарыне", "Нарыне"), ("Нарынской области", "Нарынская область")),
        (("Naryn", ""), ("Naryn region", "")),
        (("Sokuluk", ""), ("Sokuluk district", "")),
        (("Нарын", ""), ("Эки-Нарын", "")),
    ],
)
def test_a_town_and_the_unit_or_village_named_after_it_are_two_places(
    town: tuple[str, str], unit: tuple[str, str]
) -> None:
    entities = group_mentions([_mention(town[0], 0, town[1]), _mention(unit[0], 40, unit[1])])
    assert len(entities) == 2


def test_a_town_written_twice_in_two_cases_is_one_place() -> None:
    entities = group_mentions([_mention("Нарынга", 0, "Нарын"), _mention("Нарында", 30, "Нарын")])
    assert len(entities) == 1
    republic = group_mentions([_mention("Altyn-Tash", 0), _mention("Republic of Altyn-Tash", 30)])
    assert len(republic) == 1


# Stems as Kyrgyz writes place names: syllables, one or two parts joined by a hyphen.
_SYLLABLES = ["ка", "ра", "ба", "лы", "ток", "мок", "на", "рын", "кол", "ош", "ак", "сай", "кең"]
_PART = st.lists(st.sampled_from(_SYLLABLES), min_size=1, max_size=3).map("".join)
_STEM = st.lists(_PART, min_size=1, max_size=2).map(
    lambda parts: "-".join(p.title() for p in parts)
)
_VOICELESS = "кпстфхцчшщ"
_FRONT = "еиөүэ"


def _harmony(stem: str, back: str, front: str, rounded: str, front_rounded: str) -> str:
    vowel = next((c for c in reversed(stem.lower()) if c in "аоуыеиөүэ"), "а")
    if vowel in "оу":
        return rounded
    if vowel in "өү":
        return front_rounded
    return front if vowel in _FRONT else back


def _declined(stem: str, case: str) -> str:
    """``stem`` with a Kyrgyz case ending, its first sound assimilated to the stem's last."""
    last = stem[-1].lower()
    vowel_final = last in "аоуыеиөүэ"
    voiceless = last in _VOICELESS
    if case == "locative":
        return stem + ("т" if voiceless else "д") + _harmony(stem, "а", "е", "о", "ө")
    if case == "ablative":
        return stem + ("т" if voiceless else "д") + _harmony(stem, "ан", "ен", "он", "өн")
    if case == "dative":
        return stem + ("к" if voiceless else "г") + _harmony(stem, "а", "е", "о", "ө")
    consonant = "н" if vowel_final else ("т" if voiceless else "д")
    return stem + consonant + _harmony(stem, "ын", "ин", "ун", "үн")


@given(_STEM, st.sampled_from(["locative", "ablative", "dative", "genitive"]))
def test_declining_a_bare_stem_and_stripping_it_gives_the_stem_back(stem: str, case: str) -> None:
    if case_ending_length(stem) or place_stem(stem) != stem:
        return  # the stem itself ends like a case: not a bare stem
    word = _declined(stem, case)
    assert place_stem(word) == stem
    assert spatial_case(word) == case


@given(st.text(alphabet="абдекллмнорсстуыөүңАБКНОТ-", min_size=1, max_size=20))
def test_stripping_never_empties_a_name_and_keeps_its_hyphens(word: str) -> None:
    stem = place_stem(word)
    assert stem
    assert word.startswith(stem)
    assert stem.count("-") == word.count("-")
    assert len(stem) >= min(len(word), 2)


def test_an_english_case_named_in_quotes_is_no_place() -> None:
    text = 'Outlets that covered the "Kok-Suu" case were blocked. Farmers in Kok-Suu protested.'
    places = [w for k, w, _ in _found(text, "en") if k == "place"]
    assert places == ["Kok-Suu"]
    assert text.rindex("Kok-Suu") == max(
        m.start for m in recognise(text, "en") if m.kind == "place"
    )


@pytest.mark.parametrize(
    ("language", "text", "word"),
    [
        ("ru", "Видео набрало 40 тысяч просмотров на Ютубе.", "Ютубе"),
        ("ru", "Журналист опубликовал пост в Телеграме.", "Телеграме"),
        ("en", "The video was posted on YouTube and shared widely.", "YouTube"),
        ("ru", "Представитель ООН в Бишкеке и Евросоюз выразили обеспокоенность.", "Евросоюз"),
    ],
)
def test_a_network_or_a_union_of_states_is_no_place(language: str, text: str, word: str) -> None:
    assert not any(k == "place" and w == word for k, w, _ in _found(text, language))


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("Его задержали на ул. Ленина, у дома 12.", "ул. Ленина"),
        ("Митинг прошёл в мкр. Джал.", "мкр. Джал"),
        ("Семья живёт в с. Арашан Чуйской области.", "Арашан"),
        ("Жители пос. Кемин вышли на акцию.", "Кемин"),
    ],
)
def test_a_russian_street_quarter_or_village_written_with_an_abbreviation(
    text: str, written: str
) -> None:
    assert ("place", written) in {(k, w) for k, w, _ in _found(text, "ru")}


def test_a_year_or_an_and_so_on_before_a_capital_names_no_place() -> None:
    found = _found("В 2023 г. Осмонов был задержан.", "ru")
    assert ("person", "Осмонов") in {(k, w) for k, w, _ in found}
    assert not any(k == "place" for k, _, _ in found)
    found = _found("Изъяли телефоны, ноутбуки и пр. Затем всех отпустили.", "ru")
    assert not any(k == "place" for k, _, _ in found)

"""Several people or organisations named before and then counted by a noun ("the two
journalists", "оба издания", "үч активистти") or owning what an act befell ("their lawyers",
"им отказали", "алардын адвокаттарын"): the one list of that size and kind listed just
before, and no one where no list fits."""

from __future__ import annotations

from typing import Any

import pytest
from tests.extract_pipeline.test_extract_pipeline_participants_groups import act_of, names_in

from docket.extract.document import extract_document
from docket.extract.referring_words import counts_several

_PAIR_EN = "Police detained Adilet Sadykov and Elnura Kadyrova on Monday. "
_THREE_EN = "Police detained Adilet Sadykov, Elnura Kadyrova and Bektur Asanov on Monday. "
_PAIR_RU = "Полиция задержала Адилета Садыкова и Эльнуру Кадырову в понедельник. "
_THREE_RU = "Полиция задержала Адилета Садыкова, Эльнуру Кадырову и Бектура Асанова. "
_PAIR_KY = "Милиция Адилет Садыковду жана Элнура Кадырованы кармады. "
_THREE_KY = "Милиция Адилет Садыковду, Элнура Кадырованы жана Бектур Асановду кармады. "
_OUTLETS_EN = "The authorities harassed the outlets Kerege.info and Jarchy TV in March. "
_OUTLETS_RU = "Власти преследуют издания Kerege.info и Jarchy TV. "

_EN = ["Adilet Sadykov", "Elnura Kadyrova"]
_RU = ["Адилета Садыкова", "Эльнуру Кадырову"]
_KY = ["Адилет Садыков", "Элнура Кадырова"]
_OUTLETS = ["Kerege.info", "Jarchy TV"]


@pytest.mark.parametrize(
    ("language", "text", "act", "victims"),
    [
        ("en", _PAIR_EN + "The two journalists were beaten in custody.", "were beaten", _EN),
        ("en", _PAIR_EN + "Both activists were beaten in custody.", "were beaten", _EN),
        (
            "en",
            _THREE_EN + "Officers beat the three detainees in custody.",
            "beat",
            [*_EN, "Bektur Asanov"],
        ),
        (
            "en",
            _THREE_EN + "All three detainees were beaten in custody.",
            "were beaten",
            [*_EN, "Bektur Asanov"],
        ),
        ("en", _PAIR_EN + "These two activists were beaten in custody.", "were beaten", _EN),
        ("en", _OUTLETS_EN + "In April both outlets were closed down.", "were closed", _OUTLETS),
        # The noun says which of two lists: the people, not the outlets that reported it.
        (
            "en",
            "Police detained Adilet Sadykov and Elnura Kadyrova. The outlets Kerege.info and "
            "Jarchy TV reported it. The two journalists were beaten in custody.",
            "were beaten",
            _EN,
        ),
        ("ru", _PAIR_RU + "Оба журналиста были избиты в отделе.", "избиты", _RU),
        ("ru", _PAIR_RU + "Двоих задержанных избили в отделе.", "избили", _RU),
        ("ru", _PAIR_RU + "Двое задержанных были избиты в отделе.", "избиты", _RU),
        (
            "ru",
            _THREE_RU + "Троих задержанных избили в отделе.",
            "избили",
            [*_RU, "Бектура Асанова"],
        ),
        # The parser takes the outlets for the subject of "закрыли": a counted noun undergoes.
        ("ru", _OUTLETS_RU + "В марте оба издания закрыли.", "закрыли", _OUTLETS),
        ("ky", _PAIR_KY + "Эки журналистти бөлүмдө сабашты.", "сабашты", _KY),
        ("ky", _PAIR_KY + "Эки журналист тең бөлүмдө сабалды.", "сабалды", _KY),
        (
            "ky",
            _THREE_KY + "Үч активистти бөлүмдө сабашты.",
            "сабашты",
            [*_KY, "Бектур Асанов"],
        ),
    ],
)
def test_a_counted_noun_is_the_list_of_that_many_listed_before(
    language: str, text: str, act: str, victims: list[str]
) -> None:
    assert names_in(act_of(text, language, act), "victim") == victims


@pytest.mark.parametrize(
    ("language", "text", "act", "victims"),
    [
        ("en", _PAIR_EN + "Their lawyers were not allowed in.", "allowed", _EN),
        ("en", _PAIR_EN + "Officers confiscated their phones.", "confiscated", _EN),
        ("ru", _PAIR_RU + "Им отказали в медицинской помощи.", "отказали", _RU),
        ("ru", _PAIR_RU + "К ним не допустили адвоката.", "не допустили", _RU),
        (
            "ru",
            _PAIR_RU + "Их адвокатам не дали встретиться с подзащитными.",
            "не дали",
            _RU,
        ),
        ("ky", _PAIR_KY + "Алардын адвокаттарын бөлүмгө киргизишкен жок.", "киргизишкен", _KY),
        ("ky", _PAIR_KY + "Алардын телефондорун тартып алышты.", "тартып алышты", _KY),
    ],
)
def test_their_belongings_make_the_list_before_the_victims(
    language: str, text: str, act: str, victims: list[str]
) -> None:
    assert names_in(act_of(text, language, act), "victim") == victims


@pytest.mark.parametrize(
    ("language", "text", "act"),
    [
        # Sizes that do not match.
        ("en", _PAIR_EN + "Officers beat the three detainees in custody.", "beat"),
        ("ru", _THREE_RU + "Оба журналиста были избиты в отделе.", "избиты"),
        ("ky", _PAIR_KY + "Үч активистти бөлүмдө сабашты.", "сабашты"),
        # "At least two": a count, not the two named before, nor the first of them carried in.
        ("ky", _PAIR_KY + "Кеминде эки журналистти бөлүмдө сабашты.", "сабашты"),
        ("ky", _PAIR_KY + "Жок дегенде эки журналистти бөлүмдө сабашты.", "сабашты"),
        ("ky", _PAIR_KY + "Болжол менен үч журналистти бөлүмдө сабашты.", "сабашты"),
        # Nouns that do not fit the list's kind.
        ("en", _OUTLETS_EN + "The two journalists were beaten in custody.", "were beaten"),
        ("ru", _PAIR_RU + "Оба издания были закрыты.", "закрыты"),
        # The list in another paragraph.
        ("en", _PAIR_EN + "\n\nThe two journalists were beaten in custody.", "were beaten"),
        # Two lists of the size and kind.
        (
            "en",
            "Police detained Adilet Sadykov and Elnura Kadyrova. Bektur Asanov and Kanat Bekov "
            "were also there. The two activists were beaten in custody.",
            "were beaten",
        ),
        # A number without a determiner may count others.
        ("en", _PAIR_EN + "Officers beat two journalists in custody.", "beat"),
        # The owners did it: their detainees are no one named.
        (
            "en",
            "Officers Nurlan Asanov and Bakyt Tashiev arrived at the square on Monday. They beat "
            "their detainees with batons.",
            "beat",
        ),
        # "Им" in the instrumental is "by him": the guard was beaten.
        (
            "ru",
            "Адилет Садыков и Эльнура Кадырова пришли к акимиату. Им был избит охранник.",
            "избит",
        ),
        # "Их", "them" as the object of a confiscation are things: the tents.
        (
            "ru",
            "Адилет Садыков и Эльнура Кадырова привезли на площадь палатки. Их изъяли в тот же "
            "день.",
            "изъяли",
        ),
        (
            "en",
            "Adilet Sadykov and Elnura Kadyrova brought tents to the square. Police seized them "
            "on Monday.",
            "seized",
        ),
    ],
)
def test_a_counted_noun_or_a_thing_without_one_fitting_list_names_no_one(
    language: str, text: str, act: str
) -> None:
    assert act_of(text, language, act)["victim"] is None


@pytest.mark.parametrize(
    "text",
    [
        # "According to them": a locative is no participant.
        _PAIR_KY + "Алардын айтымында, бөлүмдө сабашты.",
        # "One of them" is not both.
        _PAIR_KY + "Алардын бирин бөлүмдө сабашты.",
    ],
)
def test_a_kyrgyz_their_before_no_possessed_object_is_not_the_list(text: str) -> None:
    assert names_in(act_of(text, "ky", "сабашты"), "victim") != _KY


def _intervention(text: str, language: str, words: str) -> dict[str, Any]:
    document = extract_document(
        text, item_id=None, language=language, document_date=None, gazetteer=None
    )
    start = text.index(words)
    found = [
        each
        for each in document["interventions"]
        if each["start"] < start + len(words) and start < each["end"]
    ]
    assert found, (text, words, document["interventions"])
    return found[0]


@pytest.mark.parametrize(
    ("language", "text", "words", "toward"),
    [
        (
            "en",
            _PAIR_EN + "The Kalkan Centre called on the authorities to release the two activists.",
            "called on",
            "Adilet Sadykov",
        ),
        (
            "ru",
            _PAIR_RU + "Центр «Калкан» призвал власти освободить обоих активистов.",
            "призвал",
            "Адилета Садыкова",
        ),
        # The addressee the appeal names comes before those it is about by their wrongs.
        (
            "en",
            _PAIR_EN + "The Kalkan Centre urges the Prosecutor General to investigate their "
            "ill-treatment.",
            "urges",
            "Prosecutor General",
        ),
    ],
)
def test_an_appeal_about_a_counted_list_is_toward_its_first(
    language: str, text: str, words: str, toward: str
) -> None:
    found = _intervention(text, language, words)
    assert found["toward"] is not None and found["toward"]["name"] == toward


@pytest.mark.parametrize(
    ("sentence", "counts"),
    [
        ("Officers beat the three detainees in custody.", True),
        ("Both activists were beaten.", True),
        ("Their lawyers were not allowed in.", True),
        ("Им отказали в медицинской помощи.", True),
        ("Двоих задержанных избили.", True),
        # A number with no determiner counts others: the sentence is not parsed for it.
        ("Journalists of three independent outlets report pressure.", False),
        ("Officers searched the flat.", False),
    ],
)
def test_which_sentences_are_parsed_for_several_named_before(sentence: str, counts: bool) -> None:
    assert counts_several(sentence) is counts


def test_an_appeal_by_counted_organisations_is_by_the_first_of_their_list() -> None:
    text = (
        "The Kalkan Centre and the Ayan Legal Clinic monitored the trial of Adilet Sadykov. "
        "Both organisations appealed to the Ombudsman on Monday."
    )
    found = _intervention(text, "en", "appealed")
    assert found["by"] is not None and found["by"]["name"] == "Kalkan Centre"
    assert found["toward"] is not None and found["toward"]["name"] == "Ombudsman"

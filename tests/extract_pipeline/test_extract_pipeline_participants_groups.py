"""Participants named together: a word for several people ("both", "обоих", "аларды") that
stands for a group listed before, outlets listed in apposition to their noun, and Kyrgyz objects
that belong to one of two verbs only."""

from __future__ import annotations

from typing import Any

import pytest

from docket.extract.actors import Actor
from docket.extract.document import extract_document
from docket.extract.document_people import coordinated_groups


def act_of(text: str, language: str, words: str) -> dict[str, Any]:
    """The first act the pipeline finds over ``words`` of ``text``."""
    document = extract_document(
        text, item_id=None, language=language, document_date=None, gazetteer=None
    )
    start = text.index(words)
    found = [
        act for act in document["acts"] if act["start"] < start + len(words) and start < act["end"]
    ]
    assert found, (text, words, document["acts"])
    return found[0]


def names_in(finding: dict[str, Any], role: str) -> list[str] | None:
    """The names of a finding's ``role`` as a list (one or several), or None."""
    value = finding[role]
    if value is None:
        return None
    return [each["name"] for each in value] if isinstance(value, list) else [value["name"]]


_SADYKOV_EN = ["Adilet Sadykov", "Elnura Kadyrova"]
_SADYKOV_RU = ["Адилета Садыкова", "Эльнуру Кадырову"]
_SADYKOV_KY = ["Адилет Садыков", "Элнура Кадырова"]


@pytest.mark.parametrize(
    ("language", "text", "act", "victims"),
    [
        (
            "en",
            "Police detained Adilet Sadykov and Elnura Kadyrova on Monday. "
            "Both were beaten in custody.",
            "were beaten",
            _SADYKOV_EN,
        ),
        (
            "en",
            "Police detained Adilet Sadykov and Elnura Kadyrova on Monday. "
            "The two were beaten in custody.",
            "were beaten",
            _SADYKOV_EN,
        ),
        (
            "en",
            "Police detained Adilet Sadykov and Elnura Kadyrova on Monday. "
            "Officers beat them in custody.",
            "beat",
            _SADYKOV_EN,
        ),
        (
            "ru",
            "Полиция задержала Адилета Садыкова и Эльнуру Кадырову в понедельник. "
            "Обоих избили в отделе полиции.",
            "избили",
            _SADYKOV_RU,
        ),
        (
            "ru",
            "Полиция задержала Адилета Садыкова и Эльнуру Кадырову в понедельник. "
            "Их избили в отделе полиции.",
            "избили",
            _SADYKOV_RU,
        ),
        (
            "ru",
            "Адилет Садыков и Эльнура Кадырова пришли на митинг. Они были задержаны в понедельник.",
            "задержаны",
            ["Адилет Садыков", "Эльнура Кадырова"],
        ),
        (
            "ky",
            "Милиция Адилет Садыковду жана Элнура Кадырованы кармады. Экөөнү бөлүмдө сабашты.",
            "сабашты",
            _SADYKOV_KY,
        ),
        (
            "ky",
            "Милиция Адилет Садыковду жана Элнура Кадырованы кармады. Аларды бөлүмдө сабашты.",
            "сабашты",
            _SADYKOV_KY,
        ),
        (
            "ky",
            "Адилет Садыков жана Элнура Кадырова митингге келишкен. Алар кармалды.",
            "кармалды",
            _SADYKOV_KY,
        ),
    ],
)
def test_a_word_for_several_people_is_the_group_listed_before(
    language: str, text: str, act: str, victims: list[str]
) -> None:
    assert names_in(act_of(text, language, act), "victim") == victims


@pytest.mark.parametrize(
    ("language", "text", "act"),
    [
        # "Both" of three names no two of them.
        (
            "en",
            "Police detained Adilet Sadykov, Elnura Kadyrova and Bektur Asanov on Monday. "
            "Both were beaten in custody.",
            "were beaten",
        ),
        # Two groups before "they": either may be meant.
        (
            "en",
            "Police detained Adilet Sadykov and Elnura Kadyrova. Bektur Asanov and Kanat Bekov "
            "were also there. They were beaten in custody.",
            "were beaten",
        ),
        # A blank line ends the paragraph the group was listed in.
        (
            "en",
            "Police detained Adilet Sadykov and Elnura Kadyrova on Monday.\n\n"
            "Both were beaten in custody.",
            "were beaten",
        ),
        (
            "ru",
            "Полиция задержала Адилета Садыкова, Эльнуру Кадырову и Бектура Асанова. "
            "Обоих избили в отделе полиции.",
            "избили",
        ),
        (
            "ky",
            "Милиция Адилет Садыковду, Элнура Кадырованы жана Бектур Асановду кармады. "
            "Экөөнү бөлүмдө сабашты.",
            "сабашты",
        ),
    ],
)
def test_a_word_for_several_people_without_one_fitting_group_names_no_one(
    language: str, text: str, act: str
) -> None:
    """No guess, not even the victim of the act before (who is only one of them)."""
    assert act_of(text, language, act)["victim"] is None


def test_they_as_the_subject_are_the_organisations_listed_before() -> None:
    text = (
        "Officers of the State Security Service and the Prosecutor General's Office searched the"
        " flat on Monday. They detained Aisuluu Temirova."
    )
    act = act_of(text, "en", "detained")
    assert names_in(act, "victim") == ["Aisuluu Temirova"]
    assert names_in(act, "perpetrator") == [
        "State Security Service",
        "Prosecutor General's Office",
    ]


def _actor(text: str, name: str, kind: str = "person", written: str = "", after: int = 0) -> Actor:
    written = written or name
    start = text.index(written, after)
    return Actor(kind, name, None, written, start, start + len(written))


def test_groups_are_names_listed_together_each_once() -> None:
    text = (
        "Айбек Мамытовду жана оператор Руслан Исаковду уруп кетишти. Мамытов жана Исаков "
        "ооруканада. Kerege.info, «Таш Сөзү» жана Jarchy TV жабылды. Бекова келди."
    )
    mamytov = _actor(text, "Айбек Мамытов")
    isakov = _actor(text, "Руслан Исаков")
    # The same two again, by their surnames: one group still.
    again = text.index("кетишти")
    mamytov_again = _actor(text, "Айбек Мамытов", written="Мамытов", after=again)
    isakov_again = _actor(text, "Руслан Исаков", written="Исаков", after=again)
    outlets = [
        _actor(text, "Kerege.info", "organization"),
        _actor(text, "«Таш Сөзү»", "organization"),
        _actor(text, "Jarchy TV", "organization"),
    ]
    bekova = _actor(text, "Жылдыз Бекова", written="Бекова")
    actors = [mamytov, isakov, mamytov_again, isakov_again, *outlets, bekova]
    assert coordinated_groups(text, actors, len(text)) == [(mamytov, isakov), tuple(outlets)]
    # Only what stands before the word, in its paragraph.
    assert coordinated_groups(text, actors, text.index("Kerege")) == [(mamytov, isakov)]
    assert coordinated_groups(text + "\n\nЭкөө", actors, len(text) + 2) == []


def test_a_person_and_an_organisation_are_no_group() -> None:
    text = "Aisuluu Temirova and Kloop were named in the complaint."
    actors = [_actor(text, "Aisuluu Temirova"), _actor(text, "Kloop", "organization")]
    assert coordinated_groups(text, actors, len(text)) == []


@pytest.mark.parametrize(
    ("language", "text", "act"),
    [
        (
            "en",
            "The authorities harassed the outlets Kerege.info, Tash Sözü and Jarchy TV in March.",
            "harassed",
        ),
        (
            "en",
            "The authorities blocked the websites of the outlets Kerege.info, Tash Sözü and "
            "Jarchy TV in March.",
            "blocked",
        ),
        # The declaration's wording: the act a noun, the outlets what its participle bore on.
        (
            "en",
            "The Council condemns the pressure exerted on the independent media outlets "
            "Kerege.info, Tash Sözü and Jarchy TV, including the blocking of websites.",
            "pressure",
        ),
        ("ru", "Власти преследуют издания Kerege.info, Tash Sözü и Jarchy TV.", "преследуют"),
        (
            "ru",
            "Власти заблокировали сайты СМИ Kerege.info, Tash Sözü и Jarchy TV в марте.",
            "заблокировали",
        ),
        (
            "ky",
            "Бийлик Kerege.info, Tash Sözü жана Jarchy TV басылмаларынын сайттарын бөгөттөдү.",
            "бөгөттөдү",
        ),
    ],
)
def test_every_outlet_of_a_list_is_a_victim(language: str, text: str, act: str) -> None:
    found = act_of(text, language, act)
    assert names_in(found, "victim") == ["Kerege.info", "Tash Sözü", "Jarchy TV"]
    assert found["perpetrator"] is None


def test_a_kyrgyz_object_of_the_first_verb_is_not_the_victim_of_one_with_its_own() -> None:
    text = (
        "Белгисиз эки киши Айбек Мамытовду жана оператор Руслан Исаковду уруп, видеокамерасын "
        "талкалап кетишти."
    )
    assert names_in(act_of(text, "ky", "уруп"), "victim") == ["Айбек Мамытов", "Руслан Исаков"]
    assert act_of(text, "ky", "видеокамерасын талкалап")["victim"] is None


def test_a_kyrgyz_object_before_two_verbs_is_shared() -> None:
    text = "Милиция Айбек Мамытовду кармап, сабашты."
    assert names_in(act_of(text, "ky", "кармап"), "victim") == ["Айбек Мамытов"]
    assert names_in(act_of(text, "ky", "сабашты"), "victim") == ["Айбек Мамытов"]


def test_a_kyrgyz_object_of_the_second_verb_is_not_the_victim_of_the_first() -> None:
    text = "Милиция митингде кармап, Айбек Мамытовду сабашты."
    assert act_of(text, "ky", "кармап")["victim"] is None
    assert names_in(act_of(text, "ky", "сабашты"), "victim") == ["Айбек Мамытов"]

"""Participants the grammar reaches beyond an act's object: whom it was aimed at, the owner of
what it befell, a name's word the recogniser left out, and Kyrgyz owners and plural objects."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from docket.extract.actors import Actor
from docket.extract.document import extract_document
from docket.extract.kyrgyz_syntax import kyrgyz_possessed, kyrgyz_slots
from docket.extract.referents import _gender, _same_word, name_words, pronoun_referent
from docket.extract.sentence_parses import parse_sentences
from docket.extract.syntax import slots_in


def _found(text: str, language: str) -> dict[str, Any]:
    return extract_document(
        text, item_id=None, language=language, document_date=None, gazetteer=None
    )


def _act(text: str, language: str, words: str) -> dict[str, Any]:
    start = text.index(words)
    acts = [
        act
        for act in _found(text, language)["acts"]
        if act["start"] < start + len(words) and start < act["end"]
    ]
    assert acts, (text, words)
    return acts[0]


def _name(finding: dict[str, Any], role: str) -> str | None:
    value = finding[role]
    return None if value is None else str(value["name"])


def _victims(language: str, text: str, act: str) -> list[tuple[str, bool]]:
    words = parse_sentences(text, language, [(0, len(text))])[0]
    start = text.index(act)
    return [
        (text[slot.spans[0][0] : slot.spans[0][1]], slot.weak)
        for slot in slots_in(words, start, start + len(act), language)
        if slot.role == "victim"
    ]


@pytest.mark.parametrize(
    ("language", "text", "act", "victim"),
    [
        # Whom the act was aimed at, after its object, weakly: a place is no one.
        ("en", "Guards poured cold water over him.", "poured", ("him", True)),
        ("en", "Police fired at the crowd.", "fired", ("crowd", True)),
        ("ru", "К Атамбаеву не допустили врача.", "допустили", ("Атамбаеву", True)),
        ("ru", "В отношении активиста возбуждено уголовное дело.", "возбуждено",
         ("активиста", True)),
        # The owner of what the act befell.
        ("en", "Investigators threatened to arrest her brother.", "threatened", ("her", False)),
        ("en", "In autumn his channel was blocked.", "blocked", ("his", False)),
        ("ru", "Полиция изъяла его ноутбук.", "изъяла", ("его", False)),
        # A relative pronoun in the dative: the noun its clause hangs on underwent the act.
        ("ru", "Умер заключённый, которому не вызвали скорую.", "вызвали",
         ("заключённый", False)),
    ],
)  # fmt: skip
def test_victims_beyond_the_object(
    language: str, text: str, act: str, victim: tuple[str, bool]
) -> None:
    assert victim in _victims(language, text, act)


def test_a_place_or_a_date_is_not_whom_an_act_was_aimed_at() -> None:
    """ "по решению прокурора" says how, "on 3 May" when: neither is a victim."""
    assert _victims("ru", "Суд по решению прокурора оштрафовал Темирову.", "оштрафовал") == [
        ("Темирову", False)
    ]
    assert [word for word, _ in _victims("en", "Police detained him on 3 May.", "detained")] == [
        "him"
    ]


def test_whom_an_act_was_aimed_at_and_the_owner_name_the_victim() -> None:
    text = (
        "Talant Jeenbekov was held in Colony No. 1 for a year. In March guards poured cold "
        "water over him. Aisuluu Temirova said that investigators had threatened to arrest "
        "her brother."
    )
    assert _name(_act(text, "en", "poured"), "victim") == "Talant Jeenbekov"
    assert _name(_act(text, "en", "threatened"), "victim") == "Aisuluu Temirova"


def test_a_dative_relative_is_the_victim_not_the_perpetrator() -> None:
    text = (
        "В феврале в той же колонии скончался заключённый Эрлан Садыров, которому также не "
        "вызвали скорую."
    )
    act = _act(text, "ru", "не вызвали скорую")
    assert _name(act, "victim") == "Эрлан Садыров"
    assert act["perpetrator"] is None


def test_officers_of_an_organisation_are_that_organisation() -> None:
    text = (
        "Officers of the State Committee for National Security detained Kanybek Osmonov and "
        "seized his laptop."
    )
    act = _act(text, "en", "seized")
    assert _name(act, "perpetrator") == "State Committee for National Security"
    assert _name(act, "victim") == "Kanybek Osmonov"


@pytest.mark.parametrize(
    ("language", "text", "act", "victim"),
    [
        ("en", "On 12 March police detained the activist Kanybek Osmonov. Osmonov was beaten "
         "in custody, his lawyer Nurbek Toktakunov said.", "beaten", "Kanybek Osmonov"),
        ("ru", "Суд приговорил журналиста Болота Темирова к пяти годам. Алканову оштрафовали. "
         "Темирову запретили выезд из страны.", "запретили выезд", "Болота Темирова"),
        ("ky", "УКМК активист Каныбек Осмоновду кармады. Осмоновду камакта сабашкан, деп "
         "билдирди анын адвокаты Нурбек Токтакунов.", "сабашкан", "Каныбек Осмонов"),
    ],
)  # fmt: skip
def test_a_name_word_the_recogniser_left_out_still_names_the_victim(
    language: str, text: str, act: str, victim: str
) -> None:
    assert _name(_act(text, language, act), "victim") == victim


def test_only_people_lend_their_name_words() -> None:
    """An organisation's words are common words: "Officers" opening a sentence is not the
    Prosecutor General's Office."""
    actors = [
        Actor("organization", "Prosecutor General's Office", None, "x", 0, 1),
        Actor("person", "Kanybek Osmonov", None, "x", 0, 1),
        Actor("person", "Bolot Osmonov", None, "x", 0, 1),
        Actor("person", "Aida Kasymalieva", None, "x", 0, 1),
    ]
    # A surname two people share names neither of them.
    assert set(name_words(actors)) == {"kanybek", "bolot", "kasymalieva"}


_LETTERS = st.text(alphabet="абвгдеиклмнорстуыэ", min_size=1, max_size=12)


@given(stem=_LETTERS, first=st.text("аеиоуы", max_size=2), second=st.text("аеиоуы", max_size=2))
def test_case_endings_of_one_name_word_agree(stem: str, first: str, second: str) -> None:
    word, other = stem + first, stem + second
    assert _same_word(word, other) == _same_word(other, word)
    assert _same_word(word, word)
    if len(stem) >= 5:
        assert _same_word(word, other)
    if len(stem) < 5 and first and second and first[0] != second[0]:
        assert not _same_word(word, other)


@given(
    stem=_LETTERS,
    first=st.text("бвгдклмнпрст", min_size=1, max_size=5),
    second=st.text("аеиоуы", min_size=1, max_size=5),
)
def test_words_parting_more_than_an_ending_apart_are_two(
    stem: str, first: str, second: str
) -> None:
    assert (not _same_word(stem + first, stem + second)) or max(len(first), len(second)) <= 2


def test_kyrgyz_owner_before_a_possessed_noun_is_no_subject() -> None:
    text = "Милиция «Азаттык» радиосунун сайтын бөгөттөдү."
    start = text.index("сайтын")
    name = (text.index("«"), text.index("»") + 1, "organization")
    assert kyrgyz_possessed(text, name[1])
    assert not kyrgyz_possessed("Милиция кармады.", len("Милиция"))
    slots = kyrgyz_slots(text, start, len(text) - 1, [name], (0, len(text)))
    assert all(slot.role != "agent" for slot in slots)
    # Right before the possessed act, the owner is what the act befell.
    text = "«Азаттык» сайтын бөгөттөдү."
    slots = kyrgyz_slots(
        text, text.index("сайтын"), len(text) - 1, [(0, 9, "organization")], (0, len(text))
    )
    assert [slot.role for slot in slots] == ["victim"]


def test_kyrgyz_plural_object_keeps_a_name_nearby_from_being_the_victim() -> None:
    text = "Редактор Жылдыз Бекова акыркы айларда кабарчыларды коркутуу көбөйгөнүн билдирди."
    act = _act(text, "ky", "коркутуу")
    assert act["victim"] is None
    words = "Тургундарды кармады."
    slots = kyrgyz_slots(words, words.index("кармады"), len(words) - 1, [], (0, len(words)))
    assert [(slot.role, words[slot.spans[0][0] : slot.spans[0][1]]) for slot in slots] == [
        ("victim", "Тургундарды")
    ]


@pytest.mark.parametrize(
    ("language", "text", "act", "perpetrator"),
    [
        # An organisation telling of its own act did it, though it "said" so.
        ("en", "The State Committee for National Security said it had detained Bolot Temirov.",
         "detained", "State Committee for National Security"),
        ("ru", "ГКНБ сообщил, что задержал журналиста Болота Темирова.", "задержал", "ГКНБ"),
        # Someone else's act: a subject of its own, a passive, a Russian plural verb that names
        # nobody in particular, or a person telling of it.
        ("en", "The Kalkan Centre said that police had beaten Bolot Temirov.", "beaten", None),
        ("en", "The Kalkan Centre said Bolot Temirov was detained.", "detained", None),
        ("ru", "Центр «Калкан» сообщил, что журналиста Болота Темирова избили.", "избили", None),
        ("ru", "Адвокат Азиза Абдирасулова сообщила, что задержала Болота Темирова.",
         "задержала", None),
    ],
)  # fmt: skip
def test_an_organisation_telling_of_its_own_act_did_it(
    language: str, text: str, act: str, perpetrator: str | None
) -> None:
    assert _name(_act(text, language, act), "perpetrator") == perpetrator


def test_a_pronoun_stands_for_the_last_person_it_can_be() -> None:
    text = (
        "The blogger Azamat Sooronbaev writes about land disputes. His lawyer, Gulnara Isaeva, "
        "said that on 20 May police had summoned him for questioning."
    )
    assert _name(_act(text, "en", "summoned"), "victim") == "Azamat Sooronbaev"
    text = (
        "Журналистка Айсулуу Темирова писала о выборах. Её адвокат Бакыт Осмонов сообщил, что "
        "её задержали у подъезда дома."
    )
    assert _name(_act(text, "ru", "задержали"), "victim") == "Айсулуу Темирова"


@given(first=st.sampled_from(["Aida", "Bolot", "Айсулуу", "Joanna"]), stem=_LETTERS)
def test_a_surname_ending_says_a_man_or_a_woman(first: str, stem: str) -> None:
    assert _gender(f"{first} {stem}ова") == "f"
    assert _gender(f"{first} {stem} кызы") == "f"
    assert _gender(f"{first} {stem}ов") == "m"
    assert _gender(f"{first} {stem} уулу") == "m"
    assert _gender(f"{first} {stem}ж") == ""


def test_a_given_name_decides_where_the_surname_cannot() -> None:
    assert _gender("Гүлзат Жумабек") == "f"
    assert _gender("Талантбек Абдылда") == "m"
    assert _gender("Gulnara Zhumabek") == "f"
    assert _gender("Asel Zhumabek") == ""
    people = [
        Actor("person", "Талантбек Абдылда", None, "x", 0, 10),
        Actor("person", "Гүлзат Жумабек", None, "x", 20, 30),
    ]
    assert pronoun_referent("him", (0, 3), people) == people[0]
    assert pronoun_referent("her", (0, 3), people) == people[1]


def test_a_pronoun_of_no_gender_or_a_name_of_none_takes_the_last_person() -> None:
    people = [
        Actor("person", "Azamat Sooronbaev", None, "x", 0, 10),
        Actor("person", "Gulnara Isaeva", None, "x", 20, 30),
        Actor("person", "Joanna Verhoeven", None, "x", 40, 50),
    ]
    text = "him her анын"
    assert pronoun_referent(text, (0, 3), people) == people[2]
    assert pronoun_referent(text, (0, 3), people[:2]) == people[0]
    assert pronoun_referent(text, (4, 7), people[:2]) == people[1]
    assert pronoun_referent(text, (8, 12), people[:2]) == people[1]
    assert pronoun_referent(text, (0, 3), people[1:2]) is None


def test_a_name_after_an_outlet_in_quotes_is_the_journalists() -> None:
    text = (
        "Первомайский районный суд 2 мая оштрафовал журналистку газеты «Таш Сөзү» Аиду "
        "Касымалиеву на 10 тысяч сомов."
    )
    assert _name(_act(text, "ru", "оштрафовал"), "victim") == "Аида Касымалиева"


def test_a_kyrgyz_number_is_no_russian_pronoun() -> None:
    """ "Саат он экилерде" is at twelve o'clock: "он" is "he" only in Russian."""
    text = "Саат он экилерде аскерлер келип, элге газ ыргытышты."
    start = text.index("газ ыргытышты")
    slots = kyrgyz_slots(text, start, start + len("газ ыргытышты"), [], (0, len(text)))
    assert [slot.pronoun for slot in slots] == [""]
    assert text[slots[0].spans[0][0] : slots[0].spans[0][1]] == "элге"
    text = "Мени эки күн кармап турушту."
    start = text.index("кармап")
    slots = kyrgyz_slots(text, start, start + len("кармап"), [], (0, len(text)))
    assert [slot.pronoun for slot in slots] == ["first"]


@pytest.mark.parametrize(
    ("text", "by"),
    [
        # The official named in apposition made the visit, not the body they are "of".
        (
            "The Secretary General of the Progressive International Alliance, Joanna "
            "Verhoeven, visited Ulan Atambaev in prison in April.",
            "Joanna Verhoeven",
        ),
        # Without a name, the body the official is "of" stands for them.
        (
            "The Secretary General of the Progressive International Alliance visited Ulan "
            "Atambaev in prison in April.",
            "Progressive International Alliance",
        ),
    ],
)
def test_an_official_named_in_apposition_is_who_acted(text: str, by: str) -> None:
    # A visit to someone in prison is the taxonomy's narrower prison visit.
    (visit,) = [i for i in _found(text, "en")["interventions"] if i["type"] == "prison_visit"]
    assert _name(visit, "by") == by
    assert _name(visit, "toward") == "Ulan Atambaev"

"""Wordings of custody, charges, threats and blows that name the person between the verb and its
object ("placed him under arrest", "поместил его под стражу"), or tell the act by an idiom
("таяк жеди"); and what tells no new act: the subject of an article, traces of a beating told
before, a release without charge. Each text was written for the tests; beside each stand texts
that must give no such act."""

from __future__ import annotations

import pytest
from tests.extract_pipeline.proposed import extracted_acts


def _types(text: str, language: str) -> list[str]:
    return [act["type"] for act in extracted_acts(text, language)]


@pytest.mark.parametrize(
    ("language", "text", "kind"),
    [
        ("en", "Two officers placed him under arrest outside the mosque.", "arbitrary_arrest"),
        ("ru", "Суд поместил её под стражу на два месяца.", "arbitrary_detention"),
        (
            "ru",
            "Суд избрал ему меру пресечения в виде содержания под стражей.",
            "arbitrary_detention",
        ),
        ("en", 'Prosecutors charged Osmonov with "inciting hatred".', "fabricated_charges"),
        (
            "en",
            "Guards kept him from calling his family for three days.",
            "incommunicado_detention",
        ),
        ("ky", "Бөлүмдө ал катуу таяк жеди.", "beating"),
        ("ky", "Милиция митингди күч менен таратты.", "dispersal_of_assembly"),
        ("ky", "Мугалимге басым көрсөтүлгөн.", "threats_and_intimidation"),
        ("ky", "Ага инсулин берилбей жатат.", "denial_of_medical_care"),
    ],
)
def test_the_wording_tells_the_act(language: str, text: str, kind: str) -> None:
    assert kind in _types(text, language)


@pytest.mark.parametrize(
    ("language", "text", "kind"),
    [
        ("en", "A court placed him under house arrest.", "arbitrary_detention"),
        ("ru", "Суд избрал ему меру пресечения в виде домашнего ареста.", "arbitrary_detention"),
        ("en", "The bank charged him a fee for the transfer.", "fabricated_charges"),
        ("en", "Heavy snow kept him from travelling to the hearing.", "incommunicado_detention"),
        ("ky", "Анын кан басымы көтөрүлдү.", "threats_and_intimidation"),
    ],
)
def test_a_look_alike_tells_no_act(language: str, text: str, kind: str) -> None:
    assert kind not in _types(text, language)


@pytest.mark.parametrize(
    ("language", "text", "kind"),
    [
        ("ru", "Она автор материала о пытках в изоляторе.", "torture"),
        ("ru", "Он опубликовал статью об избиении заключённых.", "beating"),
    ],
)
def test_what_a_published_piece_is_about_is_no_act(language: str, text: str, kind: str) -> None:
    assert kind not in _types(text, language)


def test_a_piece_in_the_same_sentence_as_an_act_leaves_the_act() -> None:
    text = "Police beat the reporter after he published an article about the prison."
    assert _types(text, "en").count("attack_on_journalist") == 1


def test_traces_of_a_beating_told_before_are_that_beating() -> None:
    text = (
        "Police detained the porter at the bazaar and beat him at the station. "
        "Doctors later treated him for a broken rib."
    )
    assert _types(text, "en").count("beating") == 1


def test_traces_after_a_detention_alone_still_tell_a_beating() -> None:
    text = (
        "Police detained the porter at the bazaar. "
        "He was released from the station the next day with a broken rib."
    )
    assert "beating" in _types(text, "en")


def test_a_release_without_charge_after_a_detention_is_no_second_detention() -> None:
    text = (
        "Журналистку задержали 3 февраля у редакции. "
        "На свободу она вышла 5 февраля без предъявления обвинения."
    )
    assert len([kind for kind in _types(text, "ru") if "detention" in kind]) == 1


def test_custody_without_charge_told_first_is_a_detention() -> None:
    text = "Активиста держат в ИВС без предъявления обвинения."
    assert any("detention" in kind for kind in _types(text, "ru"))


@pytest.mark.parametrize(
    ("language", "text", "kind"),
    [
        ("en", "Kalkan condemned the arrest of Nurlan Osmonov on 3 May.", "arbitrary_arrest"),
        ("en", "She was fined for a Facebook post.", "politically_motivated_prosecution"),
        ("ru", "Её дважды штрафовали за пикеты.", "prosecution_for_expression"),
        ("ky", "Пикет үчүн ага 5000 сом айып салынган.", "prosecution_for_expression"),
        ("ky", "Сот ага 10 миң сом айып салды.", "politically_motivated_prosecution"),
    ],
)
def test_a_noun_or_a_fine_tells_the_act(language: str, text: str, kind: str) -> None:
    assert kind in _types(text, language)


@pytest.mark.parametrize(
    "text",
    [
        "A warrant for the arrest of Osmonov was issued.",
        "He faces the risk of arrest of his property.",
        "The place of detention of the blogger is not known.",
    ],
)
def test_an_arrest_named_but_not_made_is_no_act(text: str) -> None:
    assert not [kind for kind in _types(text, "en") if "detention" in kind]


def test_an_arrest_named_again_after_the_detention_is_one_act() -> None:
    text = "Police detained Nurlan Osmonov on 3 May. The arrest of Osmonov was condemned."
    custody = {"arbitrary_arrest", "arbitrary_detention"}
    assert len([kind for kind in _types(text, "en") if kind in custody]) == 1

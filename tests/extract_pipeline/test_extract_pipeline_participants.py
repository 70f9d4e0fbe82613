"""Victims and perpetrators of acts, authors of interventions, and acronyms a text defines."""

from __future__ import annotations

from typing import Any

import pytest

from docket.extract.document import extract_document


def _found(text: str, language: str) -> dict[str, Any]:
    return extract_document(
        text, item_id=None, language=language, document_date=None, gazetteer=None
    )


def _who(finding: dict[str, Any], role: str) -> tuple[str, str | None] | None:
    value = finding[role]
    return None if value is None else (value["name"], value.get("degree"))


def test_victim_and_perpetrator_from_the_sentence() -> None:
    text = (
        "Almaz Bekov was shot dead on the orders of Bakyt Zhunushaliev, according to witnesses. "
        "The Kalkan Centre called for the release of Ulan Atambaev."
    )
    document = _found(text, "en")
    (act,) = document["acts"]
    assert _who(act, "victim") == ("Almaz Bekov", None)
    assert _who(act, "perpetrator") == ("Bakyt Zhunushaliev", "ordered")
    victim = act["victim"]
    assert text[victim["start"] : victim["end"]] == victim["text"] == "Almaz Bekov"
    (intervention,) = document["interventions"]
    assert _who(intervention, "by") == ("Kalkan Centre", None)
    assert _who(intervention, "toward") == ("Ulan Atambaev", None)


def test_russian_order_cue() -> None:
    (act,) = _found("По приказу Ташиева силовики избили журналистку Аиду Касымалиеву.", "ru")[
        "acts"
    ]
    assert _who(act, "victim") == ("Аида Касымалиева", None)
    assert _who(act, "perpetrator") == ("Ташиев", "ordered")


def test_no_guess_without_people() -> None:
    (act,) = _found("Several villagers were shot dead near the border.", "en")["acts"]
    assert act["victim"] is None
    assert act["perpetrator"] is None


def test_a_defined_acronym_joins_its_long_form() -> None:
    text = (
        "The State Committee for National Security (GKNB) detained him. Later GKNB officers "
        "said the GKNB acted lawfully."
    )
    organisations = [e for e in _found(text, "en")["entities"] if e["kind"] == "organization"]
    assert [(e["name"], [m["text"] for m in e["mentions"]]) for e in organisations] == [
        (
            "State Committee for National Security",
            ["State Committee for National Security"] + ["GKNB"] * 3,
        )
    ]


def test_report_verbs_are_acts_narrowed_by_their_sentence() -> None:
    def codes(text: str, language: str) -> list[str]:
        return [act["type"] for act in _found(text, language)["acts"]]

    assert codes("Police detained the journalist Aisuluu Temirova.", "en") == [
        "detention_of_journalist"
    ]
    assert codes("Police detained 31 protesters at the rally.", "en") == ["detention_of_protesters"]
    assert codes("He was arrested at home. Nobody said why.", "en") == ["arbitrary_arrest"]
    assert codes("Журналистку задержали у подъезда.", "ru") == ["detention_of_journalist"]
    assert codes("Митингде 31 киши кармалды.", "ky") == ["detention_of_protesters"]
    # The taxonomy's own phrase keeps its code: "arbitrary arrest" is not re-read as a verb.
    assert codes("It was an arbitrary arrest.", "en") == ["arbitrary_arrest"]


def test_the_person_a_list_line_opens_with_is_its_victim() -> None:
    text = (
        "Detained on 1 May:\n"
        "1. Nurlan Abdrakhmanov, 27, student: 10 days of administrative arrest.\n"
        "2. Bektur Asanov, 19, student: 10 days of administrative arrest.\n"
    )
    acts = _found(text, "en")["acts"]
    assert [(a["type"], (a["victim"] or {}).get("name")) for a in acts] == [
        # The heading's own act has nobody in its line.
        ("arbitrary_arrest", None),
        ("administrative_detention", "Nurlan Abdrakhmanov"),
        ("administrative_detention", "Bektur Asanov"),
    ]


@pytest.mark.parametrize(
    ("language", "commented", "done", "doer"),
    [
        (
            "en",
            "The Council condemns the pressure exerted on the independent media outlets "
            "Kerege.info and Jarchy TV.",
            "The State Security Service detained journalists of Kerege.info on 3 May.",
            "State Security Service",
        ),
        (
            "ru",
            "Совет осуждает давление на независимые СМИ Kerege.info и Jarchy TV.",
            "Служба государственной безопасности задержала журналистов Kerege.info.",
            "Служба государственной безопасности",
        ),
        (
            "ky",
            "«Калкан» укук коргоо борбору Kerege.info сайтынын бөгөттөлүшүн айыптайт.",
            "Улуттук коопсуздук комитети журналисттерди кармады.",
            "Улуттук коопсуздук комитети",
        ),
    ],
    ids=["en", "ru", "ky"],
)
def test_an_organisation_that_speaks_of_an_act_did_not_do_it(
    language: str, commented: str, done: str, doer: str
) -> None:
    """The author condemning an act names no perpetrator; the one doing it still does."""
    (act,) = _found(commented, language)["acts"]
    assert act["perpetrator"] is None
    (act,) = _found(done, language)["acts"]
    assert _who(act, "perpetrator") == (doer, "carried_out")


def test_the_council_considering_a_denial_of_care_did_not_deny_it() -> None:
    text = (
        "The Council considers that denying necessary medical care to a prisoner whose life is "
        "at risk amounts to inhuman treatment."
    )
    assert [act["perpetrator"] for act in _found(text, "en")["acts"]] == [None, None]


@pytest.mark.parametrize(
    ("language", "text", "doer"),
    [
        (
            "en",
            "The Council condemns the detention of journalists by the State Security Service.",
            "State Security Service",
        ),
        (
            "ru",
            "Совет осуждает задержание журналистов по приказу Службы государственной безопасности.",
            "Служба государственной безопасности",
        ),
        (
            "ky",
            "Улуттук коопсуздук комитети тарабынан Kerege.info сайтынын бөгөттөлүшүн Кеңеш "
            "айыптайт.",
            "Улуттук коопсуздук комитети",
        ),
    ],
    ids=["en", "ru", "ky"],
)
def test_who_the_words_mark_did_the_act_its_critic_condemns(
    language: str, text: str, doer: str
) -> None:
    (act,) = _found(text, language)["acts"]
    assert act["perpetrator"]["name"] == doer


def _names(value: Any) -> list[str]:
    listed = [] if value is None else value if isinstance(value, list) else [value]
    return [found["name"] for found in listed]


@pytest.mark.parametrize(
    ("language", "text", "victims", "perpetrators"),
    [
        (
            "en",
            "Police detained Aibek Osmonov, Nurlan Toktogulov and Asel Ismailova on Monday.",
            ["Aibek Osmonov", "Nurlan Toktogulov", "Asel Ismailova"],
            [],
        ),
        (
            "en",
            "Aibek Osmonov was beaten by the State Committee for National Security and the "
            "Ministry of Internal Affairs.",
            ["Aibek Osmonov"],
            ["State Committee for National Security", "Ministry of Internal Affairs"],
        ),
        (
            "ru",
            "Сотрудники милиции задержали Айбека Осмонова и Нурбека Токтогулова.",
            ["Айбек Осмонов", "Нурбек Токтогулов"],
            [],
        ),
        (
            "ru",
            "Сотрудники ГКНБ и МВД избили Айбека Осмонова.",
            ["Айбек Осмонов"],
            ["ГКНБ", "МВД"],
        ),
        (
            "ky",
            "Айбек Осмонов менен Нурлан Токтогулов кармалды.",
            ["Айбек Осмонов", "Нурлан Токтогулов"],
            [],
        ),
        (
            # The case ending goes on the last of coordinated names only.
            "ky",
            "Милиция Айбек Осмонов жана Нурлан Токтогуловду кармады.",
            ["Айбек Осмонов", "Нурлан Токтогулов"],
            [],
        ),
    ],
)
def test_every_coordinated_victim_and_perpetrator_is_proposed(
    language: str, text: str, victims: list[str], perpetrators: list[str]
) -> None:
    (act,) = _found(text, language)["acts"]
    assert _names(act["victim"]) == victims
    assert _names(act["perpetrator"]) == perpetrators


@pytest.mark.parametrize(
    ("language", "text"),
    [
        # Two clauses, two acts: each victim is its own act's.
        ("en", "Aibek Osmonov was detained and Nurlan Toktogulov was beaten."),
        # Side by side with no "and" between: a name and its apposition, not two victims.
        ("ky", "Айбек Осмонов Нурлан Токтогуловду кармады."),
        # A person and an organisation are no pair: the organisation did it.
        ("ky", "«Азаттык», Нурлан Токтогуловду кармады."),
    ],
)
def test_names_not_coordinated_stay_one_victim(language: str, text: str) -> None:
    for act in _found(text, language)["acts"]:
        assert not isinstance(act["victim"], list), act

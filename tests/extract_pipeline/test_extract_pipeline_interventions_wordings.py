"""Interventions worded in ways a fixed phrase misses, in English, Russian and Kyrgyz: court
appeals, petitions, complaints raised with an ombudsman, communications to UN rapporteurs, calls
to drop charges, observers at a hearing; the steps that are none (undertakings, visits asked
for, a word referring back to a step told); and whom an appeal is sent to, whom a call asks to
free and who made a step a name does not stand for."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from tests.extract_pipeline.test_extract_pipeline_kinds import found

from docket.extract.actors import Actor
from docket.extract.addressees import freed_people, marked_addressees, visited_places
from docket.extract.document import extract_document
from docket.extract.intervening_authors import (
    counted_people_before,
    described_author,
    short_names,
)
from docket.extract.interventions import intervention_vocabulary
from docket.extract.kyrgyz_syntax import kyrgyz_slots
from docket.extract.letter_voice import letter_voice
from docket.extract.lexicon import PhraseMatch, fold_text
from docket.extract.steps_taken import steps_taken


def _worded(text: str, language: str) -> list[tuple[str, str]]:
    """The interventions of ``text`` read without names, as (type, words) pairs."""
    return found(text, language)[1]


WORDED = [
    # A court appeal with its court, the general word inside the complaint's words.
    (
        "en",
        "Nazarov's lawyer filed an appeal against the detention with the Jangy-Kala City Court.",
        "court_complaint",
        "appeal against the detention with the Jangy-Kala City Court",
    ),
    # Raised with, signed, petitioned: appeals.
    ("en", "The case has also been raised with the Ombudsman.", "appeal", "raised with"),
    (
        "en",
        "More than 40 journalists have signed a petition to the City Council.",
        "appeal",
        "signed a petition",
    ),
    ("ru", "Жители подписали обращение к Омбудсмену.", "appeal", "подписали обращение"),
    ("ky", "Укук коргоочулар Башкы прокуратурага кайрылышты.", "appeal", "кайрылышты"),
    # Calls for release and to end pressure.
    (
        "en",
        "The Alliance demands that Nazarov be freed.",
        "call_for_release",
        "demands that Nazarov be freed",
    ),
    (
        "en",
        "Kalkan sought the release of the two activists.",
        "call_for_release",
        "sought the release",
    ),
    (
        "ky",
        "Журналисттер Президентке ачык кат жазып, кесиптешин бошотууну талап кылышты.",
        "call_for_release",
        "ачык кат жазып, кесиптешин бошотууну талап",
    ),
    (
        "en",
        "Kalkan urged the authorities to drop all charges against him.",
        "call_to_end_pressure",
        "urged the authorities to drop",
    ),
    (
        "ru",
        "Правозащитники призвали власти снять обвинения с активиста.",
        "call_to_end_pressure",
        "призвали власти снять",
    ),
    (
        "ky",
        "Альянс куугунтукту токтотууну талап кылды.",
        "call_to_end_pressure",
        "токтотууну талап",
    ),
    # Communications to UN bodies.
    (
        "en",
        "Kalkan submitted a complaint to the UN Human Rights Committee.",
        "un_communication",
        "submitted a complaint to the UN Human Rights Committee",
    ),
    (
        "ru",
        "Центр обратился к Специальному докладчику ООН по пыткам.",
        "un_communication",
        "обратился к Специальному докладчику",
    ),
    (
        "ky",
        "Борбор БУУнун атайын баяндамачысына кайрылды.",
        "un_communication",
        "баяндамачысына кайрылды",
    ),
    (
        "en",
        "We submitted a communication to the UN Working Group on Arbitrary Detention.",
        "un_communication",
        "communication to the UN Working Group on Arbitrary Detention",
    ),
    # Requests.
    (
        "en",
        "The centre asked the prison administration to allow independent doctors to examine him.",
        "access_request",
        "asked the prison administration to allow",
    ),
    (
        "ru",
        "Центр направил запрос в Министерство внутренних дел о её местонахождении.",
        "information_request",
        "запрос в Министерство внутренних дел о её местонахождении",
    ),
    (
        "ky",
        "Укук коргоочулар Бообековду ооруканага которууну талап кылышты.",
        "medical_request",
        "ооруканага которууну талап",
    ),
    (
        "en",
        "Kalkan asked the Prosecutor General's Office to inspect the facility.",
        "call_for_investigation",
        "asked the Prosecutor General's Office to inspect",
    ),
    # Visits and observers.
    (
        "ky",
        "Борбордун кызматкерлери тергөө абагына барып, Касымов менен жолугушту.",
        "prison_visit",
        "абагына барып",
    ),
    (
        "ru",
        "Наблюдатели клиники присутствовали на заседании городского суда.",
        "trial_monitoring",
        "присутствовали на заседании",
    ),
    # A call of no narrower kind, and one standing beside a narrower one.
    ("en", "Kalkan urged the authorities to guarantee his safety.", "appeal", "urged"),
    (
        "en",
        "The Alliance calls on the government to respect freedom of assembly.",
        "appeal",
        "calls on",
    ),
    ("ru", "Правозащитный центр призвал власти обеспечить его безопасность.", "appeal", "призвал"),
    (
        "ru",
        "Бюро призывает прекратить преследование журналистов.",
        "call_to_end_pressure",
        "призывает прекратить преследование",
    ),
    # Reports and letters.
    ("en", "Monitoring report: traders of Kyzyl-Bulak", "report", "Monitoring report"),
    ("en", "Kalkan sent two letters to the Prosecutor General's Office.", "letter", "letters"),
]


@pytest.mark.parametrize(("language", "text", "code", "words"), WORDED)
def test_an_intervention_is_read_by_its_new_wording(
    language: str, text: str, code: str, words: str
) -> None:
    assert _worded(text, language) == [(code, words)]


NOT_STEPS = [
    # Undertakings for the future.
    ("en", "We will also raise the case with the OSCE at its next meeting."),
    ("en", "The centre said it would raise the case with the Ombudsman."),
    ("ru", "«Калкан» намерен обратиться в Рабочую группу ООН по произвольным задержаниям."),
    ("ky", "Борбор БУУнун Адам укуктары боюнча комитетине кайрылууну пландап жатат."),
    # Visits asked for.
    ("en", "Kalkan recommends that the Ombudsman carry out an unannounced visit to the colony."),
    ("ru", "Мы рекомендуем Омбудсмену посетить колонию."),
    ("ky", "Борбор Омбудсменди түрмөгө барып, камактагыларды көрүүгө чакырат."),
    # Words that share a pattern's words, not its meaning.
    ("ky", "Аны эки жолу тергөөчүгө чакырышты."),
    ("en", "Police demanded an end to the protest."),
    ("ru", "Следователь потребовал прекратить пикет."),
    ("en", "The Alliance calls for respect for freedom of expression."),
    ("en", "The minister raised concerns without naming anyone."),
    ("ru", "Родственники присутствовали на заседании суда."),
    ("ru", "Таласские коллеги собирают подписи под петицией."),
    ("en", "The centre asked the court to allow him to travel abroad for treatment."),
    ("en", "He was called for questioning on Monday."),
    ("en", "The doctor urgently needs equipment."),
    ("ru", "Следователи требовали назвать источники."),
]


@pytest.mark.parametrize(("language", "text"), NOT_STEPS)
def test_a_near_miss_is_no_intervention(language: str, text: str) -> None:
    assert _worded(text, language) == []


def test_a_call_to_visit_is_the_call_not_a_visit() -> None:
    # Asked of the Ombudsman, the visit is a request to them, as the annotations have it.
    assert _worded("Мы призываем Омбудсмена посетить Сарыбаеву в СИЗО.", "ru") == [
        ("request", "призываем Омбудсмена посетить")
    ]


@pytest.mark.parametrize(
    ("language", "text", "code", "words"),
    [
        (
            "en",
            "The lawyer filed an appeal with the City Court. The court rejected the appeal.",
            "court_complaint",
            "filed an appeal with the City Court",
        ),
        (
            "ru",
            "Центр направил запрос в прокуратуру. Этот запрос остался без ответа.",
            "information_request",
            "направил запрос",
        ),
    ],
)
def test_a_word_referring_back_is_the_step_already_told(
    language: str, text: str, code: str, words: str
) -> None:
    (step,) = _worded(text, language)
    assert step == (code, words)
    assert text.index(words) < text.index(".")


# Steps told by a sentence of its own, read with the names the recogniser finds.


def _found(text: str, language: str) -> list[dict[str, Any]]:
    document = extract_document(
        text, item_id=None, language=language, document_date=date(2025, 3, 14), gazetteer=None
    )
    interventions: list[dict[str, Any]] = document["interventions"]
    return interventions


def _name(finding: dict[str, Any], role: str) -> str | None:
    party = finding[role]
    return None if party is None else str(party["name"])


@pytest.mark.parametrize(
    ("language", "text", "toward"),
    [
        (
            "en",
            "Kalkan Human Rights Centre lodged a complaint with the Prosecutor General's Office.",
            "Prosecutor General's Office",
        ),
        (
            "ru",
            "Правозащитный центр «Калкан» обратился с жалобой к Омбудсмену и направил запрос в "
            "Министерство внутренних дел о её местонахождении.",
            "Омбудсмен",
        ),
        ("ky", "Айгүл Сыдыкова Жаңы-Кала шаардык сотуна даттанды.", "Жаңы-Кала шаардык сот"),
    ],
)
def test_an_appeal_is_toward_the_name_its_words_mark(language: str, text: str, toward: str) -> None:
    first = _found(text, language)[0]
    assert toward.split()[0] in str(_name(first, "toward"))


def _actor(text: str, words: str, kind: str = "organization", name: str | None = None) -> Actor:
    start = text.index(words)
    return Actor(kind, name or words, None, words, start, start + len(words))


def _appeal(text: str, words: str, code: str, by: Actor | None = None) -> dict[str, Any]:
    start = text.index(words)
    return {
        "type": code,
        "start": start,
        "end": start + len(words),
        "by": None if by is None else by.to_json(),
        "toward": None,
    }


def _marked(language: str, text: str, words: str, code: str, actors: list[Actor]) -> str | None:
    vocabulary = intervention_vocabulary(language)
    appeal = _appeal(text, words, code)
    marked_addressees(text, language, [appeal], actors, vocabulary.taxonomy, vocabulary.data)
    return _name(appeal, "toward")


@pytest.mark.parametrize(
    ("language", "text", "words", "code", "names", "toward"),
    [
        (
            "en",
            "The case has been raised with the Ombudsman.",
            "raised with",
            "appeal",
            ["Ombudsman"],
            "Ombudsman",
        ),
        (
            "en",
            "We sent an urgent appeal to the UN Special Rapporteur.",
            "urgent appeal",
            "urgent_appeal",
            ["UN Special Rapporteur"],
            "UN Special Rapporteur",
        ),
        (
            "ru",
            "Более 200 граждан направили в адрес Генеральной прокуратуры обращения с требованием "
            "освободить активистку.",
            "обращения с требованием освободить",
            "call_for_release",
            ["Генеральной прокуратуры"],
            "Генеральной прокуратуры",
        ),
        (
            "ru",
            "Адвокат подал жалобу в прокуратуру области.",
            "жалобу",
            "court_complaint",
            ["прокуратуру области"],
            "прокуратуру области",
        ),
        (
            "ky",
            "«Ачык Сөз» атайын баяндамачысына шашылыш кайрылуу жөнөттү.",
            "шашылыш кайрылуу",
            "urgent_appeal",
            ["«Ачык Сөз»", "атайын баяндамачысына"],
            "атайын баяндамачысына",
        ),
        (
            "ky",
            "Альянс Ички иштер министрлигинен маалымат берүүнү өтүндү.",
            "маалымат берүүнү өтүндү",
            "information_request",
            ["Альянс", "Ички иштер министрлигинен"],
            "Ички иштер министрлигинен",
        ),
    ],
)
def test_a_marked_name_is_the_addressee(
    language: str, text: str, words: str, code: str, names: list[str], toward: str
) -> None:
    actors = [_actor(text, name) for name in names]
    assert _marked(language, text, words, code, actors) == toward


@pytest.mark.parametrize(
    ("language", "text", "words", "code", "names"),
    [
        # A visit's place and a request for treatment's hospital are no addressees.
        (
            "en",
            "Kalkan staff visited him in SIZO No. 1.",
            "visited him",
            "prison_visit",
            ["SIZO No. 1"],
        ),
        (
            "en",
            "Kalkan asked that he be transferred to District Hospital No. 2.",
            "asked that he be transferred",
            "medical_request",
            ["District Hospital No. 2"],
        ),
        (
            "ru",
            "Сотрудники центра посетили Бекову в ИВС.",
            "посетили Бекову",
            "prison_visit",
            ["ИВС"],
        ),
        # A name in another clause, or a Kyrgyz name in the nominative.
        (
            "en",
            "Kalkan filed a complaint, and the court wrote to the Ministry.",
            "filed a complaint",
            "court_complaint",
            ["Ministry"],
        ),
        ("ky", "Омбудсмен арыз берди.", "арыз берди", "court_complaint", ["Омбудсмен"]),
    ],
)
def test_an_unmarked_or_distant_name_is_no_addressee(
    language: str, text: str, words: str, code: str, names: list[str]
) -> None:
    actors = [_actor(text, name) for name in names]
    assert _marked(language, text, words, code, actors) is None


def test_the_addressee_is_never_also_the_author() -> None:
    text = "Более 200 граждан направили в адрес Генеральной прокуратуры обращения."
    prosecutor = _actor(text, "Генеральной прокуратуры")
    appeal = _appeal(text, "обращения", "appeal", by=prosecutor)
    vocabulary = intervention_vocabulary("ru")
    marked_addressees(text, "ru", [appeal], [prosecutor], vocabulary.taxonomy, vocabulary.data)
    assert (_name(appeal, "by"), _name(appeal, "toward")) == (None, "Генеральной прокуратуры")


@pytest.mark.parametrize(
    ("language", "text", "words", "known", "toward"),
    [
        (
            "en",
            "The centre demands that Nazarov be freed.",
            "demands that Nazarov be freed",
            "nazarov",
            "Timur Nazarov",
        ),
        ("ru", "Центр требует освободить Бекову.", "требует освободить", "бекова", "Айнура Бекова"),
        (
            "ky",
            "Борбор Касымовду бошотууну талап кылат.",
            "бошотууну талап",
            "касымов",
            "Азамат Касымов",
        ),
    ],
)
def test_a_call_for_release_naming_no_addressee_is_toward_whom_it_frees(
    language: str, text: str, words: str, known: str, toward: str
) -> None:
    person = Actor("person", toward, None, toward, 0, 0)
    appeal = _appeal(text, words, "call_for_release")
    freed_people(
        text, language, [appeal], [], intervention_vocabulary(language).data, {known: person}
    )
    assert _name(appeal, "toward") == toward


def test_a_call_for_release_with_an_addressee_keeps_it() -> None:
    text = "Kalkan urges the Prosecutor General to release Nazarov."
    appeal = _appeal(text, "urges the Prosecutor General to release", "call_for_release")
    appeal["toward"] = _actor(text, "Prosecutor General").to_json()
    person = Actor("person", "Timur Nazarov", None, "Timur Nazarov", 0, 0)
    freed_people(text, "en", [appeal], [], intervention_vocabulary("en").data, {"nazarov": person})
    assert _name(appeal, "toward") == "Prosecutor General"


def test_a_short_name_is_the_party_whose_long_name_holds_it() -> None:
    text = "Клиника правовой помощи «Аян» … «Аян» выразил обеспокоенность. «Нарын» сообщил."
    actors = [
        _actor(text, "Клиника правовой помощи «Аян»"),
        _actor(text, "«Аян» выразил", name="«Аян»"),
        _actor(text, "«Нарын»"),
    ]
    assert short_names(actors, {"Клиника правовой помощи «Аян»"}) == {"«Аян»"}


@pytest.mark.parametrize(
    ("text", "party"),
    [
        ("The centre has written to the Ombudsman.", "Kalkan Human Rights Centre"),
        ("Центр потребовал провести расследование.", "Правозащитный центр «Калкан»"),
        ("Борбордун байкоочулары отурумга байкоо жүргүзүштү.", "«Калкан» укук коргоо борбору"),
    ],
)
def test_a_description_at_the_head_of_the_sentence_names_the_party(text: str, party: str) -> None:
    actor = Actor("organization", party, None, party, 1000, 1000 + len(party))
    assert described_author(text, 0, len(text) - 1, [actor]) is actor


@pytest.mark.parametrize(
    "text",
    [
        "The court rejected the appeal.",
        "Residents have written to the Ombudsman.",
        "Суд отклонил ходатайство.",
    ],
)
def test_another_description_names_no_party(text: str) -> None:
    party = "Kalkan Human Rights Centre"
    actor = Actor("organization", party, None, party, 1000, 1000 + len(party))
    assert described_author(text, 0, len(text) - 1, [actor]) is None


@pytest.mark.parametrize(
    ("language", "text", "words", "count", "counted"),
    [
        (
            "en",
            "More than 40 journalists have signed a petition.",
            "signed",
            "More than 40 journalists",
            True,
        ),
        ("en", "Hundreds of residents signed a petition.", "signed", None, True),
        ("ru", "Сотни жителей подписали обращение.", "подписали", None, True),
        ("ky", "30дан ашык журналист кат жазышты.", "кат", "30дан ашык журналист", True),
        ("en", "On 4 March we wrote to the Ministry.", "wrote", None, False),
        (
            "en",
            "40 people were detained, and we wrote to the Ministry.",
            "wrote",
            "40 people",
            False,
        ),
    ],
)
def test_people_counted_before_a_step_took_it(
    language: str, text: str, words: str, count: str | None, counted: bool
) -> None:
    crowds = intervention_vocabulary(language).data["crowds"][language]
    spans = [] if count is None else [(text.index(count), text.index(count) + len(count))]
    assert counted_people_before(text, text.index(words), spans, crowds) is counted


def test_a_count_of_people_makes_the_step_theirs_not_the_documents() -> None:
    text = (
        "Kalkan Human Rights Centre\nCase update\n\n12 March 2025\n\n"
        "More than 40 journalists have signed a petition to the Jangy-Kala City Council."
    )
    (petition,) = _found(text, "en")
    assert petition["type"] == "appeal"
    assert _name(petition, "by") is None


def test_a_kyrgyz_name_before_menen_is_no_author_but_whom_it_was_with() -> None:
    text = "Борбордун кызматкерлери абакка барып, Касымов менен жолугушту."
    start = text.index("абакка барып")
    name = text.index("Касымов")
    slots = kyrgyz_slots(
        text,
        start,
        text.index("жолугушту") + len("жолугушту"),
        [(name, name + len("Касымов"), "person")],
        (0, len(text)),
        addressed=True,
    )
    assert [(slot.role, slot.spans) for slot in slots] == [
        ("addressee", ((name, name + len("Касымов")),))
    ]


# Properties of the filters, whatever the words.

_WORDS = st.sampled_from(
    [
        "the",
        "appeal",
        "will",
        "Kalkan",
        "filed",
        "an",
        "with",
        "court",
        "urges",
        "visit",
        "to",
        "colony",
        "recommends",
        "that",
        ",",
        ".",
    ]
)


@given(st.lists(_WORDS, min_size=1, max_size=25))
def test_steps_taken_keeps_a_subsequence_in_order(words: list[str]) -> None:
    text = " ".join(words)
    folded = fold_text(text)
    vocabulary = intervention_vocabulary("en")
    matches = [
        PhraseMatch(vocabulary.taxonomy.get(code), token.start, token.end)
        for token, code in zip(
            folded.tokens, ["appeal", "prison_visit", "court_complaint"] * 10, strict=False
        )
    ]
    kept = steps_taken(
        text,
        folded,
        matches,
        vocabulary.data,
        "en",
        lambda code: code == "appeal",
        vocabulary.taxonomy.is_a,
    )
    positions = [matches.index(match) for match in kept]
    assert positions == sorted(positions)


@given(st.lists(_WORDS, min_size=1, max_size=25), st.integers(min_value=0, max_value=24))
def test_an_addressee_is_a_given_actor_and_never_the_author(words: list[str], at: int) -> None:
    text = " ".join(words)
    tokens = fold_text(text).tokens
    assume(tokens)
    token = tokens[min(at, len(tokens) - 1)]
    actors = [
        Actor("organization", one.text, None, one.text, one.start, one.end) for one in tokens[::3]
    ]
    appeal = {
        "type": "appeal",
        "start": token.start,
        "end": token.end,
        "by": actors[0].to_json(),
        "toward": None,
    }
    vocabulary = intervention_vocabulary("en")
    marked_addressees(text, "en", [appeal], actors, vocabulary.taxonomy, vocabulary.data)
    toward = appeal["toward"]
    assert toward is None or toward["name"] in {actor.name for actor in actors}
    assert toward is None or appeal["by"] is None or appeal["by"]["name"] != toward["name"]


@pytest.mark.parametrize(
    ("language", "text", "words"),
    [
        ("en", "Mr President,\n\nI write to you about Mr Atambaev.", "I write to you"),
        (
            "ru",
            "Уважаемый господин Президент,\n\nОбращаюсь к Вам по делу Атамбаева.",
            "Обращаюсь к Вам",
        ),
        ("ky", "Урматтуу Президент мырза,\n\nСизге кайрылабыз.", "Сизге кайрылабыз"),
    ],
)
def test_a_letters_own_opening_is_the_open_letter(language: str, text: str, words: str) -> None:
    assert _worded(text, language) == [("open_letter", words)]


_LETTER = {
    "en": (
        "His Excellency Marat Japarov\n\nMr President,\n\n"
        "I respectfully ask you to allow Mr Atambaev to be treated at a hospital, "
        "and to receive a delegation of our Alliance.\n\nYours sincerely,\nJoanna Verhoeven\n"
    ),
    "ru": (
        "Президенту Марату Жапарову\n\nУважаемый господин Президент,\n\n"
        "Прошу Вас разрешить лечение Атамбаева в больнице.\n\nС уважением,\nИоанна Верховен\n"
    ),
    "ky": (
        "Президент Марат Жапаровго\n\nУрматтуу Президент мырза,\n\n"
        "Мен Сизден Атамбаевди ооруканага которууну өтүнөм.\n\nУрматтоо менен,\n"
        "Иоанна Верховен\n"
    ),
}


def _letter(language: str, words: str, by: str | None) -> dict[str, Any]:
    text = _LETTER[language]
    signer, addressee = (
        ("Joanna Verhoeven", "Marat Japarov")
        if language == "en"
        else ("Иоанна Верховен", "Марату Жапарову" if language == "ru" else "Марат Жапаровго")
    )
    actors = [_actor(text, addressee, "person"), _actor(text, signer, "person")]
    party = Actor("organization", "Alliance", None, "Alliance", 0, 0)
    found = _appeal(text, words, "medical_request", by=party if by else None)
    letter_voice(text, language, [found], actors, intervention_vocabulary(language).data)
    return found


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", "allow Mr Atambaev to be treated"),
        ("ru", "разрешить лечение"),
        ("ky", "ооруканага которууну өтүнөм"),
    ],
)
def test_in_a_letter_i_is_its_signatory_and_you_its_addressee(language: str, words: str) -> None:
    found = _letter(language, words, by="Alliance")
    assert _name(found, "by") in {"Joanna Verhoeven", "Иоанна Верховен"}
    assert _name(found, "toward") in {"Marat Japarov", "Марату Жапарову", "Марат Жапаровго"}


def test_in_a_letter_our_organisation_stays_the_author() -> None:
    found = _letter("en", "receive a delegation of our Alliance", by="Alliance")
    assert _name(found, "by") == "Alliance"


def test_without_a_salutation_and_a_closing_no_one_is_i() -> None:
    text = "I ask you to allow Mr Atambaev to be treated. Joanna Verhoeven"
    actors = [_actor(text, "Joanna Verhoeven", "person")]
    found = _appeal(text, "allow Mr Atambaev to be treated", "medical_request")
    letter_voice(text, "en", [found], actors, intervention_vocabulary("en").data)
    assert (found["by"], found["toward"]) == (None, None)


@pytest.mark.parametrize(
    ("language", "text", "words", "place", "toward"),
    [
        (
            "en",
            "Colony No. 47 holds him. During my visit to the colony I saw him.",
            "visit to the colony",
            "Colony No. 47",
            "Colony No. 47",
        ),
        (
            "ru",
            "Он в Колонии № 47. Секретарь, посещавшая колонию, рассказала.",
            "посещавшая колонию",
            "Колонии № 47",
            "Колонии № 47",
        ),
        # A court named before is no place a visit to a colony is toward.
        (
            "en",
            "The City Court sentenced him. During my visit to the colony I saw him.",
            "visit to the colony",
            "City Court",
            None,
        ),
    ],
)
def test_a_visit_naming_no_one_is_toward_the_institution_its_words_name(
    language: str, text: str, words: str, place: str, toward: str | None
) -> None:
    visit = _appeal(text, words, "prison_visit")
    visited_places(text, [visit], [_actor(text, place)], intervention_vocabulary(language).data)
    assert _name(visit, "toward") == toward

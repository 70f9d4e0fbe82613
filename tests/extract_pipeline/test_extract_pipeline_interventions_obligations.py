"""Calls for an investigation or a release worded as obligations ("should investigate", "должен
быть освобождён", "иликтеши керек"), and not the statements of the law or of a duty in general,
court rulings, denials or reported officials' words that use the same modals; threats to turn to
a UN body on a condition, which the gold format counts as a step towards an international
investigation, and the same step promised without a condition, which is none; whom a call is made
on, a second thing one call asks for, and a court complaint by the person the case is about."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from tests.extract_pipeline.proposed import party_name
from tests.extract_pipeline.test_extract_pipeline_kinds import found

from docket.extract.actors import Actor
from docket.extract.addressees import marked_addressees
from docket.extract.document import extract_document
from docket.extract.interventions import by_interveners, intervention_vocabulary
from docket.extract.obligations import obligation_roles, obliged

OBLIGATIONS = [
    (
        "en",
        "The authorities should investigate the death of Ulan Ismailov in custody.",
        "call_for_investigation",
        "should investigate",
    ),
    (
        "en",
        "The Prosecutor General's Office must conduct an independent investigation into the"
        " beating.",
        "call_for_investigation",
        "must conduct an independent investigation",
    ),
    (
        "en",
        "The allegations of torture must be investigated promptly.",
        "call_for_investigation",
        "must be investigated",
    ),
    ("en", "Nazarov must be released immediately.", "call_for_release", "must be released"),
    (
        "en",
        "Both journalists ought to be freed without delay.",
        "call_for_release",
        "ought to be freed",
    ),
    (
        "en",
        "The authorities must immediately and unconditionally release all detained protesters.",
        "call_for_release",
        "must immediately and unconditionally release",
    ),
    (
        "ru",
        "Власти должны расследовать гибель Улана Исмаилова в СИЗО.",
        "call_for_investigation",
        "должны расследовать",
    ),
    (
        "ru",
        "Прокуратура обязана провести независимое расследование избиения.",
        "call_for_investigation",
        "обязана провести независимое расследование",
    ),
    (
        "ru",
        "Все обстоятельства задержания должны быть расследованы.",
        "call_for_investigation",
        "должны быть расследованы",
    ),
    (
        "ru",
        "Генеральная прокуратура должна проверить законность задержания.",
        "call_for_investigation",
        "должна проверить",
    ),
    ("ru", "Таалай Усенов должен быть освобождён.", "call_for_release", "должен быть освобождён"),
    (
        "ru",
        "Задержанных активистов необходимо немедленно освободить.",
        "call_for_release",
        "необходимо немедленно освободить",
    ),
    (
        "ky",
        "Башкы прокуратура окуяны иликтеши керек.",
        "call_for_investigation",
        "иликтеши керек",
    ),
    (
        "ky",
        "Бийлик бул окуяны калыс иликтөөгө милдеттүү.",
        "call_for_investigation",
        "иликтөөгө милдеттүү",
    ),
    (
        "ky",
        "Прокуратура кыйноо фактысын текшериши керек.",
        "call_for_investigation",
        "текшериши керек",
    ),
    (
        "ky",
        "Нургүл Бейшенова дароо бошотулушу керек.",
        "call_for_release",
        "бошотулушу керек",
    ),
    ("ky", "Кармалган активисттер бошотулууга тийиш.", "call_for_release", "бошотулууга тийиш"),
]

# The same modals where nobody is asked anything on a case.
NO_CALL = [
    # The law, or a duty in general.
    ("en", "Under the Criminal Procedure Code, the prosecutor must investigate any complaint."),
    ("en", "The prosecutor must investigate a complaint within three days."),
    ("en", "The law says that a detainee must be released if no charge is brought."),
    ("en", "Every complaint of torture must be investigated."),
    ("ru", "Согласно закону, следователь обязан провести проверку по каждому сообщению."),
    ("ru", "Закон обязывает прокуратуру расследовать такие жалобы в течение трёх дней."),
    ("ru", "Прокурор обязан проверить жалобу в течение трёх суток."),
    ("ky", "Мыйзам боюнча прокурор ар бир арызды үч күндүн ичинде иликтөөгө милдеттүү."),
    ("ky", "Кылмыш-жаза процесстик кодексине ылайык тергөөчү арызды текшериши керек."),
    ("ky", "Прокурор ар бир даттанууну текшерүүгө милдеттүү."),
    # A court's ruling, a denial, officials' words.
    ("en", "The court ruled that Nazarov must be released on bail."),
    ("en", "Nazarov must not be released, the prosecutor told the court."),
    ("ru", "Суд постановил, что Усенов должен быть освобождён под залог."),
    ("ru", "Министерство внутренних дел заявило, что милиция должна расследовать инцидент."),
    ("ky", "Сот Бейшенова күрөө менен бошотулушу керек деп чечим чыгарды."),
    ("ky", "Бейшенова бошотулбашы керек деп прокурор билдирди."),
    # Other things freed or done.
    ("ru", "Он должен быть освобождён от уплаты штрафа."),
    ("ru", "Должностные лица обязаны провести проверку."),
    ("ky", "Ал кызматтан бошотулушу керек."),
    ("ky", "Тергөөчү келиши керек."),
]

THREATS = [
    (
        "en",
        "If Kasymaliev is not released by 15 April, the centre will turn to the UN Working Group"
        " on Arbitrary Detention.",
        "turn to the UN Working Group on Arbitrary Detention",
    ),
    (
        "en",
        "Unless the charges are dropped, we will take the case to the UN Human Rights Committee.",
        "take the case to the UN",
    ),
    (
        "ru",
        "Если Усенова не освободят до 10 апреля, мы обратимся в Комитет ООН по правам человека.",
        "обратимся в Комитет",
    ),
    (
        "ru",
        "В противном случае правозащитники обратятся в Рабочую группу ООН по произвольным"
        " задержаниям.",
        "обратятся в Рабочую",
    ),
    ("ru", "Если он не будет освобождён, мы обратимся в ООН.", "обратимся в ООН"),
    (
        "ky",
        "Эгер Бейшенова 12-апрелге чейин бошотулбаса, биз БУУнун Адам укуктары боюнча"
        " комитетине кайрылабыз.",
        "комитетине кайрылабыз",
    ),
    ("ky", "Эгер куугунтук токтобосо, биз БУУга кайрылабыз.", "БУУга кайрылабыз"),
]

# Promised without a condition: an undertaking, as the gold format says.
UNDERTAKINGS = [
    ("en", "The centre will turn to the UN Working Group on Arbitrary Detention next month."),
    ("ru", "Правозащитники обратятся в Комитет ООН по правам человека."),
    ("ky", "Биз БУУнун Адам укуктары боюнча комитетине кайрылабыз."),
]


@pytest.mark.parametrize(("language", "text", "kind", "words"), OBLIGATIONS)
def test_a_call_worded_as_an_obligation_is_the_call(
    language: str, text: str, kind: str, words: str
) -> None:
    assert found(text, language)[1] == [(kind, words)]


@pytest.mark.parametrize(("language", "text"), NO_CALL)
def test_the_law_a_ruling_or_a_denial_is_no_call(language: str, text: str) -> None:
    assert not {"call_for_investigation", "call_for_release"} & {
        kind for kind, _ in found(text, language)[1]
    }


@pytest.mark.parametrize(("language", "text", "words"), THREATS)
def test_a_threat_to_turn_to_a_un_body_is_a_step_towards_an_international_investigation(
    language: str, text: str, words: str
) -> None:
    assert found(text, language)[1] == [("international_investigation_support", words)]


@pytest.mark.parametrize(("language", "text"), UNDERTAKINGS)
def test_a_step_to_a_un_body_promised_without_a_condition_is_none(language: str, text: str) -> None:
    assert found(text, language)[1] == []


@pytest.mark.parametrize(
    ("language", "text", "kind"),
    [
        (
            "en",
            "In March the centre appealed to the UN Human Rights Committee.",
            "un_communication",
        ),
        ("ru", "Центр обратился в Комитет ООН по правам человека.", "un_communication"),
        ("ky", "Борбор БУУнун Адам укуктары боюнча комитетине кайрылды.", "un_communication"),
        ("ky", "Урматтуу Президент мырза,\n\nСизге кайрылабыз.", "open_letter"),
    ],
)
def test_a_step_taken_stays_what_it_was(language: str, text: str, kind: str) -> None:
    assert [step for step, _ in found(text, language)[1]] == [kind]


# Who asks: the one obliged is the addressee, the document's voice or a reported party the
# author.


def _actor(text: str, words: str, kind: str = "organization", name: str | None = None) -> Actor:
    start = text.index(words)
    return Actor(kind, name or words, None, words, start, start + len(words))


def _call(text: str, words: str, code: str, by: Actor | None = None) -> dict[str, Any]:
    start = text.index(words)
    return {
        "type": code,
        "start": start,
        "end": start + len(words),
        "by": None if by is None else by.to_json(),
        "toward": None,
    }


def _roles(
    language: str,
    text: str,
    calls: list[dict[str, Any]],
    actors: list[Actor],
    author: Actor | None,
    parties: frozenset[str] = frozenset(),
) -> list[dict[str, Any]]:
    return obligation_roles(
        text,
        language,
        calls,
        intervention_vocabulary(language).data,
        actors,
        author,
        lambda actor: actor.name in parties or (author is not None and actor == author),
    )


@pytest.mark.parametrize(
    ("language", "text", "words", "code", "obliged_one"),
    [
        (
            "en",
            "Kalkan\n\nThe Prosecutor General's Office should investigate the beating of Nazarov.",
            "should investigate",
            "call_for_investigation",
            "The Prosecutor General's Office",
        ),
        (
            "ru",
            "Калкан\n\nПрокуратура Жангы-Калы обязана провести расследование действий ГКНБ.",
            "обязана провести расследование",
            "call_for_investigation",
            "Прокуратура Жангы-Калы",
        ),
        (
            "ky",
            "Калкан\n\nБашкы прокуратура Бейшенованы сабаган кызматкерлердин аракеттерин"
            " иликтеши керек.",
            "иликтеши керек",
            "call_for_investigation",
            "Башкы прокуратура",
        ),
    ],
)
def test_the_one_obliged_is_the_addressee_and_the_document_the_author(
    language: str, text: str, words: str, code: str, obliged_one: str
) -> None:
    author = _actor(text, text.split("\n")[0])
    actors = [author, _actor(text, obliged_one)]
    if language == "ky":
        actors.append(_actor(text, "Бейшенованы", "person"))
    if language == "ru":
        actors.append(_actor(text, "ГКНБ"))
    (call,) = _roles(language, text, [_call(text, words, code, actors[-1])], actors, author)
    assert party_name(call["toward"]) == obliged_one
    assert party_name(call["by"]) == author.name


def test_an_obligation_naming_no_one_obliged_is_toward_no_one() -> None:
    text = "Калкан\n\nВласти должны расследовать угрозы в адрес Усенова."
    author = _actor(text, "Калкан")
    usenov = _actor(text, "Усенова", "person")
    call = _call(text, "должны расследовать", "call_for_investigation")
    call["toward"] = usenov.to_json()
    (found_call,) = _roles("ru", text, [call], [author, usenov], author)
    assert found_call["toward"] is None
    assert party_name(found_call["by"]) == "Калкан"


def test_a_reported_obligation_is_the_speakers_if_the_speaker_intervenes() -> None:
    text = "The Progressive International Alliance said that Nazarov must be released."
    alliance = _actor(text, "The Progressive International Alliance")
    nazarov = _actor(text, "Nazarov", "person")
    (call,) = _roles(
        "en",
        text,
        [_call(text, "must be released", "call_for_release")],
        [alliance, nazarov],
        None,
        frozenset({alliance.name}),
    )
    assert party_name(call["by"]) == alliance.name
    assert party_name(call["toward"]) == "Nazarov"


def test_a_reported_obligation_of_the_state_is_no_intervention() -> None:
    text = "The Ministry of Internal Affairs said that the police must investigate the incident."
    ministry = _actor(text, "The Ministry of Internal Affairs")
    calls = [_call(text, "must investigate", "call_for_investigation")]
    assert _roles("en", text, calls, [ministry], None) == []


def test_only_a_call_with_a_modal_is_an_obligation() -> None:
    data = intervention_vocabulary("en").data
    text = "Kalkan urged the police to investigate, and the police must investigate."
    urged = text.index("urged the police to investigate")
    must = text.index("must investigate")
    assert not obliged(text, urged, urged + 31, "call_for_investigation", data, "en")
    assert obliged(text, must, must + 16, "call_for_investigation", data, "en")
    assert not obliged(text, must, must + 16, "statement", data, "en")


def test_a_documents_we_makes_the_threat_its_own() -> None:
    text = (
        "«Калкан» укук коргоо борбору\nАктивист Нургүл Бейшенованын иши боюнча\n\n"
        "2025-жылдын 4-апрели\n\n"
        "Эгер Нургүл Бейшенова 12-апрелге чейин бошотулбаса, биз БУУнун Адам укуктары боюнча"
        " комитетине кайрылабыз."
    )
    document = extract_document(
        text, item_id=None, language="ky", document_date=date(2025, 4, 4), gazetteer=None
    )
    (threat,) = document["interventions"]
    assert threat["type"] == "international_investigation_support"
    assert party_name(threat["by"]) == "«Калкан» укук коргоо борбору"


# Whom a call is made on, and who made it, where the sentence names both.


@pytest.mark.parametrize(
    ("language", "text", "words", "code", "called", "freed"),
    [
        (
            "en",
            "Kalkan urges the Prosecutor General to release Erkin Toktosunov.",
            "urges the Prosecutor General to release Erkin Toktosunov",
            "call_for_release",
            "Prosecutor General",
            "Erkin Toktosunov",
        ),
        (
            "en",
            "Journalists signed a letter asking the Prosecutor General to release Sooronbaev.",
            "letter asking the Prosecutor General to release Sooronbaev",
            "call_for_release",
            "Prosecutor General",
            "Sooronbaev",
        ),
        (
            "en",
            "The Alliance called on the Ombudsman to investigate the beating of Nazarov.",
            "called on the Ombudsman to investigate",
            "call_for_investigation",
            "Ombudsman",
            "Nazarov",
        ),
        (
            "ru",
            "«Калкан» призывает Генеральную прокуратуру прекратить преследование Асель Мамбетовой.",
            "призывает Генеральную прокуратуру прекратить преследование Асель Мамбетовой",
            "call_to_end_pressure",
            "Генеральную прокуратуру",
            "Асель Мамбетовой",
        ),
    ],
)
def test_the_one_a_call_is_made_on_is_its_addressee(
    language: str, text: str, words: str, code: str, called: str, freed: str
) -> None:
    vocabulary = intervention_vocabulary(language)
    call = _call(text, words, code)
    call["toward"] = _actor(text, freed, "person").to_json()
    actors = [_actor(text, freed, "person"), _actor(text, called)]
    marked_addressees(text, language, [call], actors, vocabulary.taxonomy, vocabulary.data)
    assert party_name(call["toward"]) == called


@pytest.mark.parametrize(
    ("language", "text", "words", "code"),
    [
        (
            "en",
            "The centre demands that Nazarov be freed.",
            "demands that Nazarov be freed",
            "call_for_release",
        ),
        (
            "en",
            "Kalkan called for the release of Nazarov.",
            "called for the release of Nazarov",
            "call_for_release",
        ),
        (
            "ru",
            "Центр призвал освободить Осмонова.",
            "призвал освободить Осмонова",
            "call_for_release",
        ),
    ],
)
def test_a_name_not_right_after_the_verb_of_calling_is_not_called_on(
    language: str, text: str, words: str, code: str
) -> None:
    vocabulary = intervention_vocabulary(language)
    call = _call(text, words, code)
    name = "Nazarov" if language == "en" else "Осмонова"
    marked_addressees(
        text,
        language,
        [call],
        [_actor(text, name, "person")],
        vocabulary.taxonomy,
        vocabulary.data,
    )
    assert call["toward"] is None


def test_an_addressee_of_another_step_of_the_sentence_is_not_its_author() -> None:
    text = (
        "Правозащитный центр «Калкан»\n\n"
        "Центр направил запрос в Генеральную прокуратуру и призвал прекратить преследование."
    )
    author = _actor(text, "Правозащитный центр «Калкан»")
    office = _actor(text, "Генеральную прокуратуру")
    request = _call(text, "направил запрос", "information_request")
    request["toward"] = office.to_json()
    call = _call(text, "призвал прекратить преследование", "call_to_end_pressure", office)
    sentence = text.index("Центр направил")
    kept = by_interveners(
        text,
        "ru",
        [request, call],
        [0, sentence],
        lambda at: int(at >= sentence),
        author,
        [author, office],
    )
    assert [found["type"] for found in kept] == ["information_request", "call_to_end_pressure"]
    assert party_name(kept[1]["by"]) == author.name


@pytest.mark.parametrize(
    ("language", "text", "first", "second"),
    [
        (
            "en",
            "Kalkan urges the Prosecutor General to release Erkin Toktosunov and to investigate"
            " the detentions.",
            "call_for_release",
            "and to investigate",
        ),
        (
            "ru",
            "«Калкан» призывает освободить Абдыкеримову и расследовать жалобы адвоката.",
            "call_for_release",
            "и расследовать",
        ),
    ],
)
def test_a_second_thing_one_call_asks_for_is_a_call_of_its_own(
    language: str, text: str, first: str, second: str
) -> None:
    kinds = found(text, language)[1]
    assert [kind for kind, _ in kinds] == [first, "call_for_investigation"]
    assert kinds[1][1] == second


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "Police detained the protesters and investigated the organisers."),
        ("en", "The investigator questioned him and to investigate further asked for time."),
        ("ru", "Милиция задержала активистов и расследовать ничего не стала."),
    ],
)
def test_and_investigate_without_a_call_is_none(language: str, text: str) -> None:
    assert "call_for_investigation" not in {kind for kind, _ in found(text, language)[1]}


def test_the_second_thing_asked_is_asked_by_the_same_party_of_the_same_addressee() -> None:
    text = (
        "Kalkan Human Rights Centre\n\n"
        "Kalkan urges the Prosecutor General to release Erkin Toktosunov and to investigate"
        " the detentions."
    )
    (release, investigation) = _found_steps(text, "en")
    assert investigation["type"] == "call_for_investigation"
    assert (
        party_name(investigation["by"]) == party_name(release["by"]) == "Kalkan Human Rights Centre"
    )
    assert (
        party_name(investigation["toward"]) == party_name(release["toward"]) == "Prosecutor General"
    )


def _found_steps(text: str, language: str) -> list[dict[str, Any]]:
    document = extract_document(
        text, item_id=None, language=language, document_date=date(2025, 3, 14), gazetteer=None
    )
    steps: list[dict[str, Any]] = document["interventions"]
    return steps


def test_a_complaint_to_a_court_by_the_person_concerned_is_a_legal_step() -> None:
    text = (
        "Правозащитный центр «Калкан»\n\n"
        "Сотрудники милиции задержали Асель Мамбетову 3 марта. "
        "Асель Мамбетова подала жалобу в Кок-Суйский районный суд."
    )
    (complaint,) = _found_steps(text, "ru")
    assert complaint["type"] == "court_complaint"
    assert party_name(complaint["by"]) == "Асель Мамбетова"


def test_a_request_of_the_person_concerned_for_himself_is_still_none() -> None:
    text = (
        "Kalkan Human Rights Centre\n\n"
        "Police detained Asel Mambetova in Jangy-Kala on 3 March. "
        "Asel Mambetova requested the release of her passport from the police."
    )
    assert [step["type"] for step in _found_steps(text, "en")] == []

"""Acts as witnesses and court summaries word them: in the first person ("they beat me up",
"took us away"), a lawyer asked for in vain, a doctor not let in, a family not told, a warning
to the witness, a detention extended in the passive, a judge who orders no check, days of
administrative arrest a sentence names, questioning without a lawyer. Beside them the near
misses: a baton someone was beaten with is the beating's, what someone threatened to do was not
done, and a relative or a journalist named far from an act is not its victim. Days named by the
arrest ("on the night of his arrest") are the arrest's day told before; "the following
afternoon" is the day after the day told."""

from __future__ import annotations

from datetime import date

import pytest
from tests.extract_pipeline.test_extract_pipeline_kinds import found

from docket.extract.relative_dates import dates_in

# (language, sentence, the act's code, the words its span holds): sentences written for the
# tests in the genres of the set, none taken from its documents.
TOLD = [
    ("en", "Two of them beat me up in the corridor.", "beating", "beat me up"),
    ("en", "At the station an officer hit me twice.", "beating", "hit me"),
    ("en", "In the morning they took us away in a van.", "arbitrary_arrest", "took us away"),
    (
        "en",
        "I asked for a lawyer three times but nobody came.",
        "denial_of_legal_counsel",
        "asked for a lawyer",
    ),
    (
        "en",
        "My arm was swollen, but the guards would not let a doctor see me.",
        "denial_of_medical_care",
        "let a doctor",
    ),
    (
        "en",
        "My wife was not informed and searched for me at every police station.",
        "incommunicado_detention",
        "wife was not informed",
    ),
    (
        "en",
        "An officer phoned me and warned me that I would be arrested again.",
        "threats_and_intimidation",
        "warned me",
    ),
    (
        "en",
        "Their detention was extended by two months at a hearing on 3 June.",
        "prolonged_pretrial_detention",
        "detention was extended",
    ),
    (
        "en",
        "The judge did not order a medical examination of the defendant.",
        "failure_to_investigate",
        "order a medical examination",
    ),
    (
        "en",
        "The district court sentenced me to ten days of administrative detention.",
        "administrative_detention",
        "sentenced",
    ),
    (
        "ru",
        "Меня допрашивали до вечера без адвоката.",
        "denial_of_legal_counsel",
        "без адвоката",
    ),
    (
        "ky",
        "Айыл өкмөтүнүн башчысы уулум үчүн арыз жазсам, мени жумуштан бошотушарын эскертти.",
        "harassment_of_relatives",
        "бошотушарын эскертти",
    ),
]


@pytest.mark.parametrize(("language", "text", "code", "words"), TOLD)
def test_an_act_told_by_a_witness_or_a_court_summary_is_found(
    language: str, text: str, code: str, words: str
) -> None:
    acts, _ = found(text, language)
    assert (code, words) in acts


# (language, sentence, a code that must not be proposed): the same words telling something
# else.
NOT_TOLD = [
    # A baton someone was beaten with, or the blows it left, is the beating's.
    ("en", "They hit me on the head with a baton.", "use_of_less_lethal_weapons"),
    ("en", "Twenty people were beaten with batons.", "use_of_less_lethal_weapons"),
    (
        "en",
        "The doctor recorded bruises consistent with baton blows.",
        "use_of_less_lethal_weapons",
    ),
    # What someone threatened to do.
    (
        "en",
        "Investigators threatened to have her sister dismissed from the hospital.",
        "dismissal_of_relatives",
    ),
    ("ru", "Следователь угрожал арестовать его брата.", "detention_of_relatives"),
    # A sentence to administrative arrest is the arrest, not a second act of prosecution.
    (
        "en",
        "The district court sentenced me to ten days of administrative detention.",
        "politically_motivated_prosecution",
    ),
    # Questioned without a lawyer is counsel denied, not a summons.
    ("ru", "Меня допрашивали до вечера без адвоката.", "summons_for_questioning"),
    # A kin word or a journalist far from the act is not its victim.
    (
        "ru",
        "Его задержали утром на автовокзале, когда он ехал в гости к сестре.",
        "detention_of_relatives",
    ),
    (
        "en",
        "About 40 people were beaten with sticks, and more than twenty were later detained at "
        "the station, among them three journalists.",
        "attack_on_journalist",
    ),
    # A warning with no one it is given to.
    ("en", "Lawyers warned that the trial could last months.", "threats_and_intimidation"),
    # A lawyer asked for and given.
    (
        "en",
        "He asked for a lawyer and one arrived within the hour.",
        "denial_of_legal_counsel",
    ),
]


@pytest.mark.parametrize(("language", "text", "code"), NOT_TOLD)
def test_the_same_words_telling_something_else_are_no_such_act(
    language: str, text: str, code: str
) -> None:
    acts, _ = found(text, language)
    assert code not in [found_code for found_code, _ in acts]


def test_a_baton_used_on_a_crowd_is_still_a_weapon() -> None:
    acts, _ = found("Police used batons and tear gas to disperse the crowd.", "en")
    assert "use_of_less_lethal_weapons" in [code for code, _ in acts]


def test_the_following_afternoon_is_the_day_after_the_day_told() -> None:
    text = "He was arrested on 14 April and saw a lawyer only the following afternoon."
    read = [
        (text[start:end], value.canonical())
        for start, end, value in dates_in(text, "en", date(2025, 6, 12))
    ]
    assert ("the following afternoon", "2025-04-15") in read


def _dates(text: str, language: str) -> list[tuple[str, str]]:
    return [
        (text[start:end], value.canonical())
        for start, end, value in dates_in(text, language, date(2025, 6, 12))
    ]


# (language, text, the phrase, its value): a day named by the arrest told before it, whatever
# was told in between.
EVENT_DAYS = [
    (
        "en",
        "They were arrested on 14 April. On 3 June the court heard them. He said he was beaten "
        "on the night of his arrest.",
        "the night of his arrest",
        "2025-04-14/2025-04-15",
    ),
    (
        "ru",
        "Его задержали 2 марта. 10 марта суд продлил арест. Он заявил, что в день задержания "
        "его избили.",
        "в день задержания",
        "2025-03-02",
    ),
    (
        "ky",
        "Аны 2-мартта кармашты. 10-мартта сот камакка алды. Ал кармалган күнү аны уруп "
        "сабашканын айтты.",
        "кармалган күнү",
        "2025-03-02",
    ),
]


@pytest.mark.parametrize(("language", "text", "phrase", "value"), EVENT_DAYS)
def test_a_day_named_by_the_arrest_is_the_arrest_day_told(
    language: str, text: str, phrase: str, value: str
) -> None:
    assert (phrase, value) in _dates(text, language)


def test_the_story_goes_on_from_the_arrest_in_its_paragraph_only() -> None:
    text = (
        "They were arrested on 14 April.\nOn 3 June the court heard them. He said that on the "
        "night of his arrest he was beaten and saw a lawyer only the following afternoon.\n"
        "At the second hearing a week later the court refused to hear witnesses."
    )
    read = _dates(text, "en")
    assert ("the following afternoon", "2025-04-15") in read
    assert ("a week later", "2025-06-10") in read


def test_an_arrest_day_with_no_arrest_told_is_no_date() -> None:
    text = "On 3 June the court heard him. He said he was beaten on the day of his arrest."
    assert [phrase for phrase, _ in _dates(text, "en")] == ["On 3 June"]

"""Acts as reports word them, in English, Russian and Kyrgyz: measured on annotated sentences and
short documents (``acts_annotated.yaml``), and each rule that decides where an act is stated
(denials, calls, headlines, acts told again, one act a kind in a sentence, the nearest word that
narrows a kind) shown on its own."""

from __future__ import annotations

import string
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.extract_pipeline.test_extract_pipeline_kinds import found

from docket.extract.acts import find_acts
from docket.extract.document_grammar import Sentences
from docket.extract.lexicon import fold_text
from docket.extract.verb_object import VerbObjects, nearest_first
from docket.model.taxonomy import load_taxonomy

ANNOTATED = Path(__file__).with_name("acts_annotated.yaml")


def _annotated() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(ANNOTATED.read_text(encoding="utf-8"))
    return data


def _tally(text: str, language: str, gold: list[list[str]]) -> tuple[int, int, int]:
    """(gold acts, predicted acts, matches): a predicted act matches an unmatched gold act of
    the same code whose words its span overlaps, as the evaluation of eval/gold counts."""
    predicted = found(text, language)[0]
    spans = []
    offset = 0
    for code, words in predicted:
        start = text.index(words, offset)
        spans.append((code, start, start + len(words)))
        offset = start
    wanted = []
    for code, words in gold:
        start = text.index(words)
        wanted.append((code, start, start + len(words)))
    used: set[int] = set()
    matched = 0
    for code, start, end in wanted:
        for index, (other, low, high) in enumerate(spans):
            if index not in used and other == code and low < end and start < high:
                used.add(index)
                matched += 1
                break
    return len(wanted), len(spans), matched


@pytest.mark.parametrize("language", ["en", "ru", "ky"])
def test_annotated_sentences_reach_precision_and_recall(language: str) -> None:
    gold = predicted = matched = 0
    for entry in _annotated()[language]:
        counts = _tally(entry["text"], language, entry["acts"])
        gold, predicted, matched = gold + counts[0], predicted + counts[1], matched + counts[2]
    assert gold >= 10
    assert matched / predicted >= 0.85, (matched, predicted)
    assert matched / gold >= 0.9, (matched, gold)


def test_annotated_documents_reach_precision_and_recall() -> None:
    gold = predicted = matched = 0
    languages = set()
    for document in _annotated()["documents"]:
        languages.add(document["language"])
        counts = _tally(document["text"], document["language"], document["acts"])
        gold, predicted, matched = gold + counts[0], predicted + counts[1], matched + counts[2]
    assert languages == {"en", "ru", "ky"}
    assert matched / predicted >= 0.85, (matched, predicted)
    assert matched / gold >= 0.9, (matched, gold)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        # Denied or only threatened.
        ("en", "The demonstrators were not detained."),
        ("en", "Any gathering near parliament would be dispersed."),
        ("ru", "Министр заявил, что никто не преследует журналистов."),
        ("ru", "Участников акции не задержали."),
        ("ky", "Митингдин катышуучулары кармалган жок."),
        # What a call asks for.
        ("en", "We call on the authorities to lift the travel ban on her."),
        ("en", "The Bureau urges the government to end the harassment of journalists."),
        ("ru", "Мы призываем прекратить преследование журналистов."),
        ("ru", "Коллеги требуют снять запрет на выезд."),
        ("ky", "Журналисттерди куугунтуктоону токтотууга чакырабыз."),
    ],
)
def test_a_denied_threatened_or_asked_for_act_is_no_act(language: str, text: str) -> None:
    assert found(text, language)[0] == []


def test_an_act_told_in_a_clause_of_its_own_after_a_call_is_an_act() -> None:
    text = "The Centre calls for the release of Temirova, who was detained on 15 January."
    assert found(text, "en")[0] == [("arbitrary_arrest", "was detained")]


def test_a_headline_told_again_below_is_no_act_of_its_own() -> None:
    text = (
        "Journalist detained in Jangy-Kala\n\n"
        "Officers detained the journalist Aisuluu Temirova on 15 January.\n"
    )
    assert found(text, "en")[0] == [("detention_of_journalist", "detained")]
    assert found(text, "en")[0] != [("detention_of_journalist", "Journalist detained")]


def test_a_headline_the_body_does_not_tell_again_is_the_act() -> None:
    text = (
        "Кара-Жыгачта тынч чогулуш күч менен таратылды\n\nЖабырлангандар ооруканага жеткирилди.\n"
    )
    assert found(text, "ky")[0] == [("dispersal_of_assembly", "таратылды")]


def test_a_field_line_is_no_headline() -> None:
    text = (
        "Case: State v. Temirova (dissemination of false information)\n"
        "Court: Sverdlov District Court\n\n"
        "The prosecution read out three articles.\n"
    )
    assert found(text, "en")[0] == [
        ("prosecution_of_journalist", "dissemination of false information")
    ]


def test_an_act_named_again_after_it_was_told_is_the_same_act() -> None:
    text = (
        "Вечером 15 января сотрудники задержали журналистку Темирову. "
        "Задержание осудили коллеги журналистки."
    )
    assert found(text, "ru")[0] == [("detention_of_journalist", "задержали")]


def test_one_sentence_states_one_act_of_a_kind() -> None:
    text = "Бирок дарыгерлер милиция уруксат бербесе ок жараатын жазбайбыз дешти."
    acts = found(text, "ky")[0]
    assert [code for code, _ in acts] == ["denial_of_medical_care"]
    assert acts[0][1].endswith("жазбайбыз")


@pytest.mark.parametrize(
    ("language", "text", "code"),
    [
        (
            "ru",
            "Всего были задержаны не менее 31 человека, в том числе двое журналистов.",
            "detention_of_protesters",
        ),
        (
            "ru",
            "Касымалиева была задержана на площади, где освещала митинг.",
            "detention_of_journalist",
        ),
        ("en", "Police detained at least 31 people on Victory Square.", "detention_of_protesters"),
        ("ky", "Журналист Темирова 15-январда кармалды.", "detention_of_journalist"),
    ],
)
def test_the_word_nearest_the_act_narrows_it(language: str, text: str, code: str) -> None:
    assert [found_code for found_code, _ in found(text, language)[0]] == [code]


def test_a_death_in_a_report_of_shooting_is_a_killing_by_excessive_force() -> None:
    text = "Soldiers opened fire on the square. Two days later Nurdin died of his wounds."
    assert found(text, "en")[0] == [
        ("use_of_firearms", "opened fire"),
        ("killing_by_excessive_force", "died"),
    ]


def test_a_death_without_violence_around_it_is_not_narrowed() -> None:
    assert found("Three men from our street were killed that night.", "en")[0] == [
        ("killing", "were killed")
    ]


def test_a_charge_beside_a_journalists_prosecution_is_that_prosecution() -> None:
    text = "Ал «жалган маалымат таратуу» беренеси менен айыпталууда."
    assert [code for code, _ in found(text, "ky")[0]] == ["prosecution_of_journalist"]


def test_a_full_stop_inside_a_name_ends_no_clause() -> None:
    text = "The news website Kerege.info has been blocked since March."
    assert found(text, "en")[0] == [("blocking_of_media", "website Kerege.info has been blocked")]


def test_a_russian_place_clause_after_a_comma_is_the_object() -> None:
    text = "До утра родственникам не сообщали, где она находится."
    assert [code for code, _ in found(text, "ru")[0]] == ["incommunicado_detention"]


@pytest.mark.parametrize(
    ("entry", "text", "expected"),
    [
        (
            {"verbs": ["return"], "objects": ["colony"], "context": ["hospital"]},
            "He was taken to hospital and returned to the colony.",
            ["returned to the colony"],
        ),
        (
            {"verbs": ["return"], "objects": ["colony"], "context": ["hospital"]},
            "He returned to the colony after the visit.",
            [],
        ),
    ],
)
def test_a_pattern_with_context_needs_a_context_word_in_its_sentence(
    entry: dict[str, Any], text: str, expected: list[str]
) -> None:
    patterns = VerbObjects(
        load_taxonomy("violation_types"),
        "en",
        {"verb_object": {"premature_return_to_prison": {"en": [entry]}}},
    )
    matches = patterns.find(text, fold_text(text), [])
    assert [text[match.start : match.end] for match in matches] == expected


_WORDS = [
    "detained", "were", "not", "journalist", "calls", "on", "to", "lift", "the", "travel",
    "ban", "police", "opened", "fire", "died", "задержали", "не", "журналистов", "призываем",
    "кармалды", "жок", "чакырабыз", "people", "rally", "Kerege.info", "blocked", "website",
]  # fmt: skip
_GLUE = [" ", " ", " ", ", ", ". ", "\n", "\n\n", ": ", " «", "» ", '"', "1. "]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.tuples(st.sampled_from(_WORDS), st.sampled_from(_GLUE)), max_size=40),
    st.sampled_from(["en", "ru", "ky"]),
    st.text(alphabet=string.ascii_letters + " .\n", max_size=20),
)
def test_acts_of_any_text_are_spans_of_it_one_a_kind_and_sentence(
    pieces: list[tuple[str, str]], language: str, noise: str
) -> None:
    text = noise + "".join(word + glue for word, glue in pieces)
    sentences = Sentences(text)
    folded = fold_text(text)
    first_word = {token.start: index for index, token in enumerate(folded.tokens)}
    last_word = {token.end: index for index, token in enumerate(folded.tokens)}
    acts = find_acts(text, folded, language, sentences.of)
    assert [act.start for act in acts] == sorted(act.start for act in acts)
    last_of: dict[tuple[int, str], int] = {}
    for act in acts:
        assert 0 <= act.start < act.end <= len(text)
        key = (sentences.of(act.start), act.term.code)
        # Acts begin and end on words, and two of one kind in a sentence are far apart.
        first, last = first_word[act.start], last_word[act.end]
        if key in last_of:
            assert first - last_of[key] > 10
        last_of[key] = last


def test_the_act_vocabulary_names_no_key_twice() -> None:
    # YAML keeps the last of two equal keys silently: a pattern would lose its ``unless``.
    class Strict(yaml.SafeLoader):
        pass

    def mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[Any, Any]:
        keys = [loader.construct_object(key) for key, _ in node.value]
        repeated = {key for key in keys if keys.count(key) > 1}
        assert not repeated, f"line {node.start_mark.line + 1}: {repeated}"
        return yaml.SafeLoader.construct_mapping(loader, node)

    Strict.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, mapping)
    source = Path(__file__).parents[2] / "src/docket/extract/vocabulary/acts.yaml"
    data = yaml.load(source.read_text(encoding="utf-8"), Loader=Strict)
    assert set(data) >= {"phrases", "refine", "verb_object", "negation", "not_acts", "retold"}


_NAME = st.from_regex(r"[A-Z][a-z]{2,6}ova?", fullmatch=True)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(first=_NAME, second=_NAME)
def test_names_joined_by_and_do_not_part_a_verb_from_its_object(first: str, second: str) -> None:
    """ "hauled A and B off a minibus": the people the act befell, not two clauses."""
    text = f"Officers hauled {first} and {second} off a minibus near the market."
    acts = found(text, "en")[0]
    assert acts == [("arbitrary_arrest", f"hauled {first} and {second} off")]


@pytest.mark.parametrize(
    "text",
    [
        "Officers hauled Offenbakov and Outova off a minibus near the market.",
        "Officers grabbed Offova off the street near the market.",
    ],
)
def test_a_name_that_begins_like_a_particle_is_not_the_particle(text: str) -> None:
    """The particle "off" of "hauled … off" is a whole word, not the start of a name."""
    acts = found(text, "en")[0]
    assert [code for code, _ in acts] == ["arbitrary_arrest"]
    assert acts[0][1].endswith(" off")


@pytest.mark.parametrize(
    "text",
    [
        "Police grabbed office equipment and left.",
        "The manager pulled outlet sales figures for the audit.",
        "The auditor grabbed officers' notebooks during the review.",
    ],
)
def test_words_that_begin_like_a_particle_make_no_detention(text: str) -> None:
    assert found(text, "en")[0] == []


def test_and_before_a_lowercase_word_still_ends_the_clause() -> None:
    text = "Officers hauled the boxes and then went off to the market."
    assert found(text, "en")[0] == []


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 30), st.integers(0, 30), st.integers(1, 30))
def test_objects_are_tried_nearest_the_verb_first_the_earlier_of_two_as_near(
    middle: int, before: int, after: int
) -> None:
    low, high = max(0, middle - before), middle + after
    assert nearest_first(middle, low, high) == sorted(
        range(low, high), key=lambda other: abs(other - middle)
    )


def test_a_pattern_is_found_alike_when_its_words_come_again_and_after_the_memory_is_full(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    patterns = VerbObjects(
        load_taxonomy("violation_types"),
        "en",
        {
            "verb_object": {
                "denial_of_medical_care": {"en": [{"verbs": ["refus", "den"], "objects": ["surg"]}]}
            }
        },
    )
    text = "They refused him surgery. Doctors denied the surgery. Denial of surgery, refused."
    expected = ["refused him surgery", "denied the surgery", "Denial of surgery"]
    for _ in range(2):
        matches = patterns.find(text, fold_text(text), [])
        assert [text[match.start : match.end] for match in matches] == expected
    monkeypatch.setattr("docket.extract.verb_object._WORDS_KEPT", 2)
    matches = patterns.find(text, fold_text(text), [])
    assert [text[match.start : match.end] for match in matches] == expected


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    # Words that open alike, one letter more or less than an object's start.
    st.lists(
        st.sampled_from(["s", "sur", "surf", "surg", "surge", "surgery", "or", "ore", "ores"]),
        min_size=1,
        max_size=20,
    ),
    st.booleans(),
    st.sampled_from([2, 50_000]),
)
def test_whether_a_word_is_an_object_is_kept_for_that_word_alone(
    monkeypatch: pytest.MonkeyPatch, words: list[str], whole: bool, kept: int
) -> None:
    monkeypatch.setattr("docket.extract.verb_object._WORDS_KEPT", kept)
    patterns = VerbObjects(
        load_taxonomy("violation_types"),
        "en",
        {
            "verb_object": {
                "denial_of_medical_care": {
                    "en": [{"verbs": ["refus"], "objects": ["surg", "ore"], "whole": whole}]
                }
            }
        },
    )
    (pattern,) = patterns._patterns
    for word in [*words, *reversed(words)]:
        plain = word in ("surg", "ore") if whole else word.startswith(("surg", "ore"))
        assert pattern.is_object(word) == plain, word

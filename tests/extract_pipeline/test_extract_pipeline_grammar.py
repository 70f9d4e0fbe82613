"""Who did what to whom, from the grammar: parses, Kyrgyz case endings and annotated sentences."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from docket.extract.actors import Actor
from docket.extract.document import ExtractionInput, extract_documents
from docket.extract.document_people import witness
from docket.extract.kyrgyz_syntax import kyrgyz_case
from docket.extract.sentence_parses import (
    _joined,
    _lines,
    parse_many,
    parse_sentences,
)
from docket.extract.syntax import slots_in

_ANNOTATED = Path(__file__).with_name("participants_annotated.yaml")
_ROLES = {"act": ("victim", "perpetrator"), "intervention": ("toward", "by")}


def _annotated() -> list[dict[str, Any]]:
    loaded: list[dict[str, Any]] = yaml.safe_load(_ANNOTATED.read_text(encoding="utf-8"))
    return loaded


def _finding(sentence: dict[str, Any], document: dict[str, Any]) -> dict[str, Any] | None:
    kind = sentence.get("kind", "act")
    start = sentence["text"].index(sentence["act"])
    end = start + len(sentence["act"])
    findings = document["acts" if kind == "act" else "interventions"]
    return next((f for f in findings if f["start"] < end and start < f["end"]), None)


def _listed(value: Any) -> list[Any]:
    return [] if value is None else value if isinstance(value, list) else [value]


def test_annotated_participants_precision_and_recall_in_each_language() -> None:
    """Each role is right when the entity's name or its mention as written is the annotated
    one and, for a perpetrator, the degree agrees;
    a role guessed where the sentence names none is wrong. All sentences go through one batch,
    so a parse lands on the sentence it was made for."""
    sentences = _annotated()
    documents = extract_documents(
        (ExtractionInput(s["text"], language=s["language"]) for s in sentences), None
    )
    tallies: dict[str, list[int]] = {}
    for sentence, extraction in zip(sentences, documents, strict=True):
        finding = _finding(sentence, extraction.document)
        assert finding is not None, sentence["text"]
        tally = tallies.setdefault(sentence["language"], [0, 0, 0])
        for role in _ROLES[sentence.get("kind", "act")]:
            # Coordinated victims (perpetrators) are a list: each one counts.
            golds, founds = _listed(sentence[role]), _listed(finding[role])
            tally[0] += len(golds)
            tally[1] += len(founds)
            for found in founds:
                right = any(gold in (found["name"], found["text"]) for gold in golds)
                if role == "perpetrator" and right:
                    right = found["degree"] == sentence["degree"]
                tally[2] += right
    assert set(tallies) == {"en", "ru", "ky"}
    for language, (gold, predicted, right) in tallies.items():
        assert right / predicted >= 0.9, (language, right, predicted)
        assert right / gold >= 0.85, (language, right, gold)


def _slots(language: str, text: str, act: str) -> dict[str, list[tuple[str, str]]]:
    words = parse_sentences(text, language, [(0, len(text))])[0]
    start = text.index(act)
    found: dict[str, list[tuple[str, str]]] = {}
    for slot in slots_in(words, start, start + len(act), language):
        head_start, head_end = slot.spans[0]
        found.setdefault(slot.role, []).append((text[head_start:head_end], slot.degree))
    return found


@pytest.mark.parametrize(
    ("language", "text", "act", "victims", "agents"),
    [
        # Passive with its agent; coordination makes both nouns victims.
        ("en", "Temirova and Asanov were detained by guards.", "detained",
         ["Temirova", "Asanov"], [("guards", "carried_out")]),
        ("ru", "Темирова и Асанов были задержаны охранниками.", "задержаны",
         ["Темирова", "Асанов"], [("охранниками", "carried_out")]),
        # A past participle on a noun is passive: the noun underwent the act.
        ("en", "Most of those detained were students.", "detained", ["those"], []),
        # A relative clause: the noun it hangs on, in its relative pronoun's role.
        ("en", "The journalist, who was beaten by guards, stayed in custody.", "beaten",
         ["journalist"], [("guards", "carried_out")]),
        ("ru", "Журналист, которого избили охранники, остался под стражей.", "избили",
         ["Журналист"], [("охранники", "carried_out")]),
        # Degree from the verb above the act.
        ("en", "The minister ordered the guards to beat the prisoners.", "beat",
         ["prisoners"], [("minister", "ordered"), ("guards", "carried_out")]),
        ("en", "The governor failed to prevent the attack on the village.", "attack",
         [], [("governor", "failed_to_prevent")]),
        ("ru", "Министр приказал охранникам избить заключённых.", "избить",
         ["заключённых"], [("Министр", "ordered")]),
        ("ru", "Полиция не предотвратила нападение на село.", "нападение",
         [], [("Полиция", "failed_to_prevent")]),
        # Who does what an infinitive says: the object of the verb above it, else its subject.
        ("en", "The Bureau asks the secretary to write a letter.", "write",
         ["letter"], [("secretary", "carried_out")]),
        ("ru", "Бюро поручает секретарю направить письмо.", "направить",
         ["письмо"], [("секретарю", "carried_out")]),
    ],
)  # fmt: skip
def test_roles_from_the_parse(
    language: str, text: str, act: str, victims: list[str], agents: list[tuple[str, str]]
) -> None:
    found = _slots(language, text, act)
    assert [word for word, _ in found.get("victim", [])][: len(victims)] == victims
    for agent in agents:
        assert agent in found.get("agent", []) + found.get("subject", [])


def test_kyrgyz_case_endings() -> None:
    text = "Асановду Асановго Асановдун Асанов Темированы Темировага"
    cases = []
    for name in ("Асанов", "Асанов", "Асанов", "Асанов", "Темирова", "Темирова"):
        start = text.index(name, sum(len(c) + 1 for c in text.split()[: len(cases)]))
        cases.append(kyrgyz_case(text, start, start + len(name)))
    assert cases == ["Acc", "Dat", "Gen", "Nom", "Acc", "Dat"]
    # The recogniser may also keep the ending inside the span.
    assert kyrgyz_case("Асановду кармады", 0, 8) == "Acc"


# Surname and name finals no case ending looks like, so a bare stem reads as nominative.
_STEMS = st.from_regex(r"[А-ЯӨҮ][а-яөүң]{2,8}(ов|ев|бек)", fullmatch=True)


@settings(max_examples=200, deadline=None)
@given(_STEMS, st.sampled_from(["ду", "ды", "ди", "дү"]), st.text(alphabet=" .,!\n", max_size=3))
def test_a_voiced_stem_with_an_accusative_ending_is_accusative(
    stem: str, ending: str, after: str
) -> None:
    text = f"Милиция {stem}{ending}{after}"
    assert kyrgyz_case(text, 8, 8 + len(stem)) == "Acc"
    assert kyrgyz_case(f"Милиция {stem}{after}", 8, 8 + len(stem)) == "Nom"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40), st.integers(0, 40), st.integers(0, 40))
def test_kyrgyz_case_never_fails(text: str, start: int, length: int) -> None:
    start = min(start, len(text))
    end = min(len(text), start + max(1, length))
    if start < end:
        assert kyrgyz_case(text, start, end) in {"Acc", "Dat", "Gen", "Nom", ""}


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab. \n,", max_size=60))
def test_lines_cut_a_sentence_into_ordered_pieces_within_it(text: str) -> None:
    pieces = _lines(text, 0, len(text))
    assert all(0 <= start < end <= len(text) for start, end in pieces)
    assert all(first[1] < second[0] for first, second in pairwise(pieces))
    kept = "".join(text[start:end] for start, end in pieces)
    assert kept.replace("\n", "").replace(" ", "") == text.replace("\n", "").replace(" ", "")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab.1 ", max_size=40))
def test_joined_tokens_keep_every_character_in_place(text: str) -> None:
    from razdel import tokenize  # type: ignore[import-untyped]

    tokens = list(tokenize(text))
    joined = _joined(tokens)
    assert "".join(t.text for t in joined) == "".join(t.text for t in tokens)
    assert all(text[t.start : t.stop] == t.text for t in joined)
    assert all(a.stop <= b.start for a, b in pairwise(joined))


def test_a_dotted_name_is_one_word_for_the_parser() -> None:
    from razdel import tokenize

    assert [t.text for t in _joined(list(tokenize("редакции Kerege.info. Конец")))] == [
        "редакции", "Kerege.info", ".", "Конец",
    ]  # fmt: skip


def test_parses_of_several_texts_and_languages_in_one_batch() -> None:
    english = "Guards beat Asanov.\nKalkan said so."
    russian = "Охранники избили Асанова."
    parsed = parse_many(
        [(english, "en", [(0, len(english))]), (russian, "ru", [(0, len(russian))]),
         ("Асановду кармады.", "ky", [(0, 17)])]
    )  # fmt: skip
    assert [found.note for found in parsed] == [None, None, None]
    assert parsed[2].sentences == {}
    assert parsed[0].sentences == parse_sentences(english, "en", [(0, len(english))])
    assert parsed[1].sentences == parse_sentences(russian, "ru", [(0, len(russian))])
    # The heading-like short line is parsed apart, and its words keep their offsets.
    words = parsed[0].sentences[0]
    assert [english[w.start : w.end] for w in words][:3] == ["Guards", "beat", "Asanov"]
    assert all(0 <= w.head < len(words) for w in words)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "Witness: Aisuluu Temirova, teacher"),
        ("ru", "| Свидетель | Айсулуу Темирова |"),
        ("ky", "Күбө: Айсулуу Темирова, 42 жашта"),
    ],
)
def test_the_witness_is_the_person_after_the_label(language: str, text: str) -> None:
    start = text.index("Айсулуу") if "Айсулуу" in text else text.index("Aisuluu")
    person = Actor("person", "Temirova", None, text[start : start + 16], start, start + 16)
    other = Actor("person", "Asanov", None, "Asanov", 0, 0)
    assert witness(text, language, [other, person]) == person
    assert witness("Aisuluu Temirova was detained.", language, [person]) is None


def test_without_a_parser_participants_come_from_words_and_a_note_says_so(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from docket.extract import sentence_parses
    from docket.extract.document import extract_document_with_notes
    from docket.extract.mentions import ModelUnavailable

    def missing(name: str) -> None:
        raise ModelUnavailable(f"spaCy model {name!r} has no component ('parser')")

    monkeypatch.setattr(sentence_parses, "_english_parser", missing)
    found = extract_document_with_notes(
        "Police detained Bektur Asanov outside the court in Bishkek.",
        item_id=None,
        language="en",
        document_date=None,
        gazetteer=None,
    )
    (act,) = found.document["acts"]
    assert act["victim"]["text"] == "Bektur Asanov"
    assert any("guessed from words alone" in note for note in found.notes)


def test_a_headline_drops_was_and_its_verb_is_passive_but_not_in_prose() -> None:
    text = "Journalist detained in Bishkek\n\nPolice detained the journalist in Bishkek on Monday."
    words = parse_sentences(text, "en", [(0, len(text))])[0]
    detained = [word for word in words if word.text == "detained"]
    assert [word.passive for word in detained] == [True, False]
    assert all(word.verb for word in detained)

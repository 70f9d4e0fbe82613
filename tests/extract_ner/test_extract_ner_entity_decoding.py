"""The recogniser's decoding of a whole batch at once finds every entity spaCy's own loop finds,
with the same label and tokens: over prose, headings, whitespace, empty texts, texts ending in a
name, batches of every size, and texts made of random words."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from docket.extract import entity_decoding
from docket.extract.english import SpacyRecogniser, load_pipeline, spacy_model_name
from docket.extract.entity_decoding import decodable, entities_of

_TEXTS = [
    "Former president Almaz Atambaev was returned from hospital to prison on 7 August.",
    "The family of Aibek Osmonov asked for two urgent surgeries; the request was refused.",
    "",
    "Officers of the State Security Service detained Aisuluu Temirova in Bishkek.",
    "Zhyldyz Kudaibergenova's lawyer, Mr. O'Neill, wasn't allowed in — 12,000 som fine!",
    "   ",
    "Kerege.info reported that the Ombudsman wrote to the Prosecutor-General on 3 May 2021.",
    "Kalkan Human Rights Centre\n\nStatement of 12 March 2022\n\nAmnesty International and "
    "Human Rights Watch called on the Government of Kyrgyzstan to release Kamila Sadykova.",
    "Bishkek",
    "Met  with  the  UN  Special  Rapporteur  in  Osh  and  Jalal-Abad ,  then  New  York",
    "The OSCE Office in Bishkek, the Ministry of Internal Affairs and the GKNB were told.\n",
    "He was seen by Dr. Nurlan Abdyldaev, Chief Physician of City Hospital No. 4, last Monday",
]

_WORDS = [
    "Almaz",
    "Atambaev",
    "Bishkek",
    "the",
    "of",
    "Ministry",
    "Justice",
    "detained",
    "in",
    "on",
    "May",
    "2021",
    ",",
    ".",
    "\n",
    "\n\n",
    "  ",
    "Human",
    "Rights",
    "Watch",
    "Kyrgyzstan",
    "said",
    "$",
    "5",
]


@pytest.fixture(scope="module")
def pipeline() -> Any:
    return load_pipeline(spacy_model_name())


@pytest.fixture(autouse=True)
def decoded_here(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every batch with a word in it is decoded here, however few texts each step reads."""
    monkeypatch.setattr(entity_decoding, "_FEWEST_TEXTS", 1)


def _spacys(pipeline: Any, texts: list[str]) -> list[list[tuple[int, int, str]]]:
    return [[(e.start, e.end, e.label_) for e in doc.ents] for doc in pipeline.pipe(texts)]


def _decoded(pipeline: Any, texts: list[str]) -> list[list[tuple[int, int, str]]]:
    return entities_of(pipeline, [pipeline.make_doc(text) for text in texts])


def test_the_shipped_recogniser_is_decoded_here(pipeline: Any) -> None:
    assert decodable(pipeline)


def test_a_batch_has_the_entities_of_spacys_loop(pipeline: Any) -> None:
    texts = _TEXTS * 3
    found = _decoded(pipeline, texts)
    assert found == _spacys(pipeline, texts)
    assert sum(map(len, found)) > 30


@pytest.mark.parametrize("size", [1, 3, 4, 5, 12])
def test_batches_of_every_size_agree(pipeline: Any, size: int) -> None:
    texts = _TEXTS[-size:]
    assert _decoded(pipeline, texts) == _spacys(pipeline, texts)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(st.sampled_from(_WORDS), max_size=40), min_size=4, max_size=9))
def test_texts_of_random_words_agree(pipeline: Any, texts: list[list[str]]) -> None:
    joined = [" ".join(words) for words in texts]
    assert _decoded(pipeline, joined) == _spacys(pipeline, joined)


def test_texts_with_entities_set_beforehand_go_through_spacys_loop(
    pipeline: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from spacy.tokens import Span

    documents = [pipeline.make_doc(text) for text in _TEXTS]
    documents[0].ents = [Span(documents[0], 2, 4, label="ORG")]

    def refused(*_: object) -> object:
        raise AssertionError("decoded here")

    monkeypatch.setattr(entity_decoding, "_decoded", refused)
    found = entities_of(pipeline, documents)
    assert found[0][0] == (2, 4, "ORG")


def test_a_pipeline_with_more_than_the_recogniser_is_not_decoded_here() -> None:
    assert not decodable(load_pipeline(spacy_model_name(), ("tagger", "parser")))


def test_the_recogniser_reads_the_same_mentions_either_way(
    pipeline: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    recogniser = SpacyRecogniser()
    decoded = recogniser.mentions_many(_TEXTS)
    monkeypatch.setattr("docket.extract.english.decodable", lambda _: False)
    assert recogniser.mentions_many(_TEXTS) == decoded
    assert any(decoded)


def test_no_entity_runs_across_a_sentence_start_set_beforehand(pipeline: Any) -> None:
    from spacy.tokens import Doc

    documents = []
    for text in _TEXTS[:8]:
        words = [token.text for token in pipeline.make_doc(text)]
        # A sentence starts at every third word: inside names, places and organisations.
        starts = [index % 3 == 0 for index in range(len(words))]
        documents.append(Doc(pipeline.vocab, words=words, sent_starts=starts))
    copies = [Doc(pipeline.vocab).from_bytes(document.to_bytes()) for document in documents]
    expected = [
        [(e.start, e.end, e.label_) for e in document.ents]
        for document in pipeline.get_pipe("ner").pipe(copies)
    ]
    assert entities_of(pipeline, documents) == expected
    assert any(expected)


def test_a_long_text_beside_few_short_ones_is_left_to_spacys_loop(
    pipeline: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(entity_decoding, "_FEWEST_TEXTS", 4)
    texts = [" ".join(_TEXTS * 4), _TEXTS[0], _TEXTS[1], _TEXTS[3]]

    def refused(*_: object) -> object:
        raise AssertionError("decoded here")

    monkeypatch.setattr(entity_decoding, "_decoded", refused)
    assert _decoded(pipeline, texts) == _spacys(pipeline, texts)

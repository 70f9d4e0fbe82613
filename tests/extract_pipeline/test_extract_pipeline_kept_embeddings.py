"""Token vectors kept once computed are the plain layers' vectors bit for bit, and so are the
entities, tags and parses read from them: across calls, batches, repeated and new words, empty
texts and a memory that starts afresh."""

from __future__ import annotations

from typing import Any

import numpy
import pytest

from docket.extract import kept_embeddings
from docket.extract.english import load_pipeline, spacy_model_name
from docket.extract.kept_embeddings import keep_embeddings

_TEXTS = [
    "Former president Almaz Atambaev was returned from hospital to prison on 7 August.",
    "The family of Aibek Osmonov asked for two urgent surgeries; the request was refused.",
    "",
    "Officers of the State Security Service detained Aisuluu Temirova in Bishkek.",
    "Former president Almaz Atambaev was returned from hospital to prison on 7 August.",
    "Zhyldyz Kudaibergenova's lawyer, Mr. O'Neill, wasn't allowed in — 12,000 som fine!",
    "   ",
    "Kerege.info reported that the Ombudsman wrote to the Prosecutor-General on 3 May 2021.",
]


def _embeds(pipeline: Any) -> list[Any]:
    return [
        node
        for _, component in pipeline.pipeline
        for node in component.model.walk()
        if node.layers and node.layers[0].name == "extract_features"
    ]


def _wrapped(pipeline: Any) -> Any:
    (found,) = [
        layer
        for _, component in pipeline.pipeline
        for node in component.model.walk()
        for layer in node.layers
        if layer.name.startswith("kept(")
    ]
    return found


def _read(pipeline: Any, texts: list[str], batch_size: int) -> list[Any]:
    return [
        [(t.text, t.tag_, t.dep_, t.head.i, t.ent_iob_, t.ent_type_) for t in document]
        for document in pipeline.pipe(texts, batch_size=batch_size)
    ]


@pytest.fixture(scope="module", params=[("ner",), ("tagger", "parser")], ids=["ner", "parser"])
def pipelines(request: pytest.FixtureRequest) -> tuple[Any, Any]:
    plain = load_pipeline(spacy_model_name(), request.param)
    kept = load_pipeline(spacy_model_name(), request.param)
    assert keep_embeddings(kept) == 1
    return plain, kept


@pytest.mark.parametrize("batch_size", [1, 3, 64])
def test_kept_vectors_are_the_plain_vectors(pipelines: tuple[Any, Any], batch_size: int) -> None:
    plain, kept = pipelines
    (plain_embed,) = _embeds(plain)
    wrapped = _wrapped(kept)
    for start in range(0, len(_TEXTS), batch_size):
        documents = [plain.make_doc(text) for text in _TEXTS[start : start + batch_size]]
        expected = plain_embed.predict(documents)
        found = wrapped.predict(documents)
        assert len(found) == len(expected)
        for mine, theirs in zip(found, expected, strict=True):
            assert mine.dtype == theirs.dtype and mine.shape == theirs.shape
            assert numpy.array_equal(mine.view(numpy.uint32), theirs.view(numpy.uint32))
    assert _read(kept, _TEXTS, batch_size) == _read(plain, _TEXTS, batch_size)


def test_a_memory_starting_afresh_gives_the_same(
    pipelines: tuple[Any, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    plain, kept = pipelines
    monkeypatch.setattr(kept_embeddings, "_ROWS_KEPT", 5)
    assert _read(kept, _TEXTS, 2) == _read(plain, _TEXTS, 2)
    assert _read(kept, _TEXTS[::-1], 4) == _read(plain, _TEXTS[::-1], 4)


def test_a_batch_of_kept_and_new_rows_over_the_limit_gives_the_same(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    plain = load_pipeline(spacy_model_name(), ("ner",))
    kept = load_pipeline(spacy_model_name(), ("ner",))
    keep_embeddings(kept)
    monkeypatch.setattr(kept_embeddings, "_ROWS_KEPT", 5)
    # The second text repeats the first one's words and adds new ones, so the memory starts
    # afresh in the middle of a batch that found some of its rows kept.
    texts = [_TEXTS[3], _TEXTS[3] + " " + _TEXTS[1]]
    for text in texts:
        assert _read(kept, [text], 1) == _read(plain, [text], 1)


def test_only_the_embedding_that_reads_tokens_alone_is_kept() -> None:
    pipeline = load_pipeline(spacy_model_name(), ("tagger", "parser"))
    assert keep_embeddings(pipeline) == 1
    # The layers that read a token's neighbours are left as they are, and a second call finds
    # nothing more to keep.
    assert keep_embeddings(pipeline) == 0
    names = [node.name for node in pipeline.get_pipe("tok2vec").model.walk()]
    assert any(name.startswith("with_array(residual(expand_window") for name in names)


def test_a_training_pass_runs_the_plain_layers_and_forgets(pipelines: tuple[Any, Any]) -> None:
    plain, kept = pipelines
    (plain_embed,) = _embeds(plain)
    wrapped = _wrapped(kept)
    documents = [plain.make_doc(text) for text in _TEXTS[:2]]
    wrapped.predict(documents)
    assert len(wrapped.attrs["kept"]) > 0
    found, _ = wrapped(documents, is_train=True)  # with dropout: not the vectors read
    assert [vectors.shape for vectors in found] == [
        vectors.shape for vectors in plain_embed.predict(documents)
    ]
    assert len(wrapped.attrs["kept"]) == 0
    for mine, theirs in zip(
        wrapped.predict(documents), plain_embed.predict(documents), strict=True
    ):
        assert numpy.array_equal(mine.view(numpy.uint32), theirs.view(numpy.uint32))

"""Token embeddings of a spaCy pipeline computed once for each distinct token.

The first layers of a spaCy ``tok2vec`` (``MultiHashEmbed``: hashed tables of a token's norm,
prefix, suffix and shape, mixed by one maxout layer) give each token a vector from its own
attributes alone, whatever the words around it; only the layers after them read the context.
The words of a batch, of a text and of an archive repeat, so the vector of each distinct row of
attributes is kept once computed and the layers run only over rows not seen before. A row is
computed alone by the same layers, which do the same arithmetic for each row whatever rows share
its batch, so every vector is the one the plain layers give, bit for bit (the tests compare).

Only pipelines loaded to read text are given the memory: trained weights would make what is kept
stale, so a training pass (``is_train``) forgets it and runs the plain layers.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Final

import numpy

if TYPE_CHECKING:
    from spacy.language import Language
    from thinc.api import Model

__all__ = ["keep_embeddings"]

# Distinct rows of attributes kept before the memory starts afresh: 50,000 vectors of 96 floats
# are about 19 MB, and a long-running worker reads an open vocabulary.
_ROWS_KEPT: Final = 50_000
# The layers of an embedding that reads each token alone, by name, in order.
_FIRST: Final = "extract_features"
_AFTER: Final = ("list2ragged", "with_array(", "with_array(maxout>>", "ragged2list")
_TABLES: Final = "ints-getitem>>hashembed"
_KEPT: Final = "kept("


def keep_embeddings(pipeline: Language) -> int:
    """Give every token embedding of ``pipeline``'s components that reads each token alone a
    memory of the vectors it computed; the number of embeddings given one."""
    given = 0
    for _, component in pipeline.pipeline:
        model = getattr(component, "model", None)
        if model is None:
            continue
        for node in list(model.walk()):
            if node.name.startswith(_KEPT):
                continue  # given its memory before
            for index, layer in enumerate(node.layers):
                if _reads_tokens_alone(layer):
                    node.layers[index] = _kept(layer)
                    given += 1
    return given


def _reads_tokens_alone(layer: Model[Any, Any]) -> bool:
    names = [sublayer.name for sublayer in layer.layers]
    if len(names) != 1 + len(_AFTER) or names[0] != _FIRST:
        return False
    if not all(name.startswith(prefix) for name, prefix in zip(names[1:], _AFTER, strict=True)):
        return False
    tables = layer.layers[2].layers[0]
    # Static vectors or any other table would need its own test; only hashed tables are known.
    return all(table.name == _TABLES for table in tables.layers)


def _kept(embed: Model[Any, Any]) -> Model[Any, Any]:
    from thinc.api import Model

    memory = _Memory(embed)
    return Model(
        f"{_KEPT}{embed.name})",
        memory.forward,
        layers=[embed],
        dims={"nO": embed.get_dim("nO") if embed.has_dim("nO") else None},
        attrs={"kept": memory},
    )


class _Memory:
    """The vectors of one embedding by the bytes of their row of attributes."""

    def __init__(self, embed: Model[Any, Any]) -> None:
        self._embed = embed
        self._vectors: dict[bytes, numpy.ndarray[Any, Any]] = {}
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._vectors)

    def forward(
        self, model: Model[Any, Any], docs: Sequence[Any], is_train: bool
    ) -> tuple[list[Any], Callable[[Any], Any]]:
        if is_train:
            with self._lock:
                self._vectors.clear()
            result: tuple[list[Any], Callable[[Any], Any]] = self._embed(docs, is_train)
            return result
        return self.predict(docs), _no_gradient

    def predict(self, docs: Sequence[Any]) -> list[Any]:
        embed = self._embed
        features = embed.layers[0].predict(docs)
        lengths = [len(rows) for rows in features]
        if not sum(lengths):
            result: list[Any] = embed.predict(docs)
            return result
        rows = numpy.ascontiguousarray(numpy.concatenate(features))
        keys = rows.view(numpy.dtype((numpy.void, rows.dtype.itemsize * rows.shape[1]))).ravel()
        distinct, first, inverse = numpy.unique(keys, return_index=True, return_inverse=True)
        wanted = [key.tobytes() for key in distinct]
        with self._lock:
            vectors = self._vectors
            missing = [index for index, key in enumerate(wanted) if key not in vectors]
            computed: dict[bytes, numpy.ndarray[Any, Any]] = {}
            if missing:
                found_rows = self._computed(rows[first[missing]])
                computed = {wanted[i]: row for i, row in zip(missing, found_rows, strict=True)}
            # The table is read before the memory may start afresh, which would drop the rows
            # this batch found kept.
            table = numpy.stack(
                [computed[key] if key in computed else vectors[key] for key in wanted]
            )
            if len(vectors) + len(computed) > _ROWS_KEPT:
                vectors.clear()
            vectors.update(computed)
        found = table[inverse.ravel()]
        ends = numpy.cumsum(lengths)
        return [found[end - length : end] for end, length in zip(ends, lengths, strict=True)]

    def _computed(self, rows: numpy.ndarray[Any, Any]) -> numpy.ndarray[Any, Any]:
        """The vectors of ``rows`` by the embedding's own layers after its feature extractor,
        the rows read as one document."""
        found: Any = [numpy.ascontiguousarray(rows)]
        for layer in self._embed.layers[1:]:
            found = layer.predict(found)
        return numpy.array(found[0], copy=True)


def _no_gradient(_: Any) -> Any:
    raise ValueError("embeddings kept for reading are not trained")

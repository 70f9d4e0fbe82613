"""The tense of a word by its form: Russian verbs by the readings of pymorphy3's dictionary,
English and Kyrgyz by their endings.

Russian tells its future by the perfective verb in the present's endings ("выйдут",
"рассмотрит", "подаст") and by "будет" with an infinitive; no ending tells a perfective verb
from an imperfective one ("выйдут", "выходят"), so the dictionary's reading decides: its most
likely reading of the word, a verb in the future indicative. The past is a verb in the past or
a participle of the past ("задержали", "задержанного"), not one of a verb whose forms are words
of the future or of setting a day ("назначенное на 25 марта": set for a day to come). English
tells a clause's own past by "was", "were", "had" or a verb in "-ed"; Kyrgyz by the past
participle that follows the day it dates ("15-сентябрда кармалган Асановдун …": Asanov,
detained on 15 September). The words and endings are ``past_forms`` of ``lexicon/dates.yaml``.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Final

from docket.model._tokens import fold

__all__ = [
    "PastForms",
    "past_forms",
    "russian_analyser",
    "russian_future",
    "russian_lemma",
    "russian_lemmas",
    "russian_past",
]

_lock = threading.Lock()
_analyser: list[Any] = []
# The readings of a word asked often (a text's verbs are asked for each date near them).
_CACHED: Final = 8192
_PAST_PARTS: Final = frozenset(("VERB", "PRTF", "PRTS"))


def russian_analyser() -> Any:
    """pymorphy3's analyser of Russian, loaded once per process."""
    with _lock:
        if not _analyser:
            import pymorphy3  # type: ignore[import-untyped]
            import pymorphy3_dicts_ru  # type: ignore[import-untyped]

            # The path is given: the dictionary's package is the one pinned beside it.
            _analyser.append(pymorphy3.MorphAnalyzer(path=pymorphy3_dicts_ru.get_path()))
        return _analyser[0]


@lru_cache(maxsize=_CACHED)
def _reading(word: str) -> Any:
    parses = russian_analyser().parse(word)
    return parses[0].tag if parses else None


@lru_cache(maxsize=_CACHED)
def _lemma(word: str) -> str:
    parses = russian_analyser().parse(word)
    return str(parses[0].normal_form) if parses else word


@lru_cache(maxsize=64)
def russian_lemmas(words: frozenset[str]) -> frozenset[str]:
    """The dictionary forms of ``words`` (their likeliest readings)."""
    return frozenset(_lemma(word) for word in words if word.isalpha())


def russian_lemma(word: str) -> str:
    """The dictionary form of a Russian word's likeliest reading ("назначенное": назначить)."""
    return _lemma(word) if word.isalpha() else word


def russian_future(word: str) -> bool:
    """Whether the likeliest reading of a Russian word is a verb in the future indicative."""
    if not word.isalpha():
        return False
    tag = _reading(word)
    return tag is not None and tag.POS == "VERB" and "futr" in tag


def russian_past(word: str) -> bool:
    """Whether the likeliest reading of a Russian word is a verb or participle of the past."""
    if not word.isalpha():
        return False
    tag = _reading(word)
    return tag is not None and tag.POS in _PAST_PARTS and "past" in tag


@dataclass(frozen=True)
class PastForms:
    """What tells a clause's own past in one choice of languages."""

    words: frozenset[str]
    endings: tuple[str, ...]
    # Endings of a participle of the past right after a date (Kyrgyz).
    participles_after: tuple[str, ...]
    by_dictionary: bool
    min_stem: int = 3

    def ends_past(self, word: str) -> bool:
        return any(
            word.endswith(ending) and len(word) - len(ending) >= self.min_stem
            for ending in self.endings
        )

    def participle_after(self, word: str) -> bool:
        return any(
            word.endswith(ending) and len(word) - len(ending) >= self.min_stem
            for ending in self.participles_after
        )


def past_forms(section: Mapping[str, Any], languages: Iterable[str]) -> PastForms:
    """The forms of the past of ``languages`` from the ``past_forms`` section."""
    blocks = [section.get(language) or {} for language in languages]

    def words(name: str) -> list[str]:
        return [fold(str(word)) for block in blocks for word in block.get(name) or []]

    return PastForms(
        words=frozenset(words("words")),
        endings=tuple(words("endings")),
        participles_after=tuple(words("participles_after")),
        by_dictionary=any(bool(block.get("by_dictionary")) for block in blocks),
    )

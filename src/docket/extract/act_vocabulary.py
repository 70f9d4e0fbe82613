"""The vocabulary of acts (``vocabulary/acts.yaml``) read for one language: the ``refine`` rules
that narrow a general code, the phrases that are no act or tell one again, the words of calls,
fear and threats, and the language's number words."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Final

from docket.extract.lexicon import fold_text
from docket.extract.verb_object import Vocabulary, load_vocabulary
from docket.model._lexicon import entries as lexicon_entries
from docket.model._lexicon import load_lexicon
from docket.model.taxonomy import Term

__all__ = ["ActRule", "ActVocabulary", "act_vocabulary", "is_number"]

_VOCABULARY: Final = "vocabulary/acts.yaml"


@dataclass(frozen=True)
class ActRule:
    starts: tuple[str, ...]
    term: Term
    # Codes of acts anywhere in the document that narrow the code when no word of its sentence
    # does: a death in a report of shooting is a killing by excessive force.
    beside: frozenset[str] = frozenset()
    # Codes of the act told right before in the paragraph that narrow the code likewise.
    before: frozenset[str] = frozenset()
    # Word starts that narrow the code only right after a number: a group counted.
    counted: tuple[str, ...] = ()
    # How many words at most may part a ``when`` word from the act: a relative named in the
    # next clause ("вызвали в ГКНБ, а … приходили к её матери") is not the one summoned.
    reach: int | None = None
    # Word starts anywhere in the sentence that keep the rule from narrowing: men who took
    # someone away are abductors unless the sentence names them as police.
    unless: tuple[str, ...] = ()
    # ``when`` and ``counted`` words matched whole: the Kyrgyz "төрт киши" who did it, not
    # "төрт кишини" to whom it was done.
    whole: bool = False

    def names(self, word: str, after_number: bool) -> bool:
        """Whether ``word`` is one of the rule's words (a ``counted`` one only after a
        number)."""
        if self.whole:
            return word in self.starts or (after_number and word in self.counted)
        return bool(self.starts and word.startswith(self.starts)) or bool(
            after_number and self.counted and word.startswith(self.counted)
        )


@dataclass(frozen=True)
class ActVocabulary:
    vocabulary: Vocabulary
    rules: dict[str, list[ActRule]]
    # The phrases of ``not_acts`` by their first word.
    not_acts: dict[str, list[tuple[str, ...]]]
    retold: frozenset[tuple[str, ...]]
    calls_before: frozenset[str]
    calls_after: frozenset[str]
    # The general code each narrower one is narrowed from: "Journalist detained" over a story
    # that says "detained" tells one detention.
    bases: dict[str, str]
    # Word starts that make an act only feared: up to ``_FEAR_REACH`` words before it in its
    # sentence ("I fear that", "боюсь, что"), or after it (Kyrgyz "… деп кооптонот").
    feared_before: tuple[str, ...] = ()
    feared_after: tuple[str, ...] = ()
    # Word starts of a threat or warning that, right after a quoting word (Kyrgyz "деп"), make
    # the act before them what was threatened: "камакка алабыз деп коркутушкан".
    threatened: tuple[str, ...] = ()
    quoting: frozenset[str] = frozenset()
    # Kinds whose act beside a narrower one of their family in a sentence is part of it.
    part_of: frozenset[str] = frozenset()
    # The language's number words ("төрт", "five"), for ``counted`` words.
    numbers: frozenset[str] = frozenset()
    # Words that open a clause set off by commas: "brother Nurlan, who flew in from Moscow, was
    # questioned".
    asides: frozenset[str] = frozenset()


def _phrases(texts: Iterable[str]) -> list[tuple[str, ...]]:
    return [tuple(fold_text(text).words) for text in texts if text.strip()]


@cache
def act_vocabulary(language: str) -> ActVocabulary:
    vocabulary = load_vocabulary(_VOCABULARY, "violation_types", language)
    rules: dict[str, list[ActRule]] = {}
    for code, entries in (vocabulary.data.get("refine") or {}).items():
        for entry in entries:
            starts = tuple(
                word.casefold() for word in (entry.get("when") or {}).get(language) or []
            )
            beside = frozenset(entry.get("beside") or [])
            before = frozenset(entry.get("before") or [])
            counted = tuple(
                word.casefold() for word in (entry.get("counted") or {}).get(language) or []
            )
            for other in beside | before:
                # A misspelt code would never match an act: refused when the vocabulary loads.
                vocabulary.taxonomy.get(other)
            if starts or beside or before or counted:
                rules.setdefault(code, []).append(
                    ActRule(
                        starts,
                        vocabulary.taxonomy.get(entry["code"]),
                        beside,
                        before,
                        counted,
                        None if entry.get("reach") is None else int(entry["reach"]),
                        tuple(
                            word.casefold()
                            for word in (entry.get("unless") or {}).get(language) or []
                        ),
                        bool(entry.get("whole", False)),
                    )
                )
    not_acts: dict[str, list[tuple[str, ...]]] = {}
    for phrase in _phrases((vocabulary.data.get("not_acts") or {}).get(language) or []):
        not_acts.setdefault(phrase[0], []).append(phrase)
    retold = _phrases((vocabulary.data.get("retold") or {}).get(language) or [])
    calls = (vocabulary.data.get("calls") or {}).get(language) or {}
    feared = (vocabulary.data.get("feared") or {}).get(language) or {}
    return ActVocabulary(
        vocabulary,
        rules,
        not_acts,
        frozenset(retold),
        frozenset(word.casefold() for word in calls.get("before") or []),
        frozenset(word.casefold() for word in calls.get("after") or []),
        {
            rule.term.code: code
            for code, found in rules.items()
            for rule in found
            # A code with narrowing rules of its own is a base itself: a court's remand narrows
            # an arrest to a detention, yet a detention told after an arrest is another act.
            if rule.term.code not in rules
        },
        tuple(word.casefold() for word in feared.get("before") or []),
        tuple(word.casefold() for word in feared.get("after") or []),
        tuple(word.casefold() for word in feared.get("threatened") or []),
        frozenset(word.casefold() for word in feared.get("quoting") or []),
        frozenset(
            vocabulary.taxonomy.get(code).code for code in vocabulary.data.get("part_of") or []
        ),
        _numbers(language),
        frozenset(
            word.casefold() for word in (vocabulary.data.get("asides") or {}).get(language) or []
        ),
    )


def _numbers(language: str) -> frozenset[str]:
    """The number words of ``language`` in the count lexicon: cardinals ("төрт", "five") and
    Russian collectives ("пятерых")."""
    lexicon = load_lexicon("counts")
    return frozenset(
        fold_text(word).words[0]
        for section in ("numbers", "collectives")
        for word, _ in lexicon_entries(lexicon.get(section) or {}, (language,))
        if len(fold_text(word).words) == 1
    )


def is_number(acts: ActVocabulary, word: str) -> bool:
    """Whether ``word`` is a number: digits ("14", "60тай") or a number word ("төрт")."""
    return word[:1].isdigit() or word in acts.numbers

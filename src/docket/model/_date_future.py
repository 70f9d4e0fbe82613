"""Verb forms that put a sentence in the future by their endings, where a language builds them.

Kyrgyz tells what is to come by suffixes a word list cannot hold: the future participle with
the possessive and accusative as the object of a verb of saying ("сот 15-октябрда болорун
айтты": said the trial *will* be on 15 October; "каралаарын билдирди", "жөнөтүлөрүн айтты"),
the intention in "-макчы" ("чечим чыгармакчы", "кайрылмакчыбыз") and the infinitive with "бол-"
("чыкмак болушту": decided to go out), the participle with "тур-" ("боло турган отурум"), and
the finite forms of the future that are seldom the
habitual present ("чыгарылат", "кайрылабыз", "каралбайт"). The endings, the words that must
follow them and the nouns that happen to end alike are data (``future_forms`` in
``lexicon/dates.yaml``).

Nouns share the participle's ending ("шаарын": the city, accusative; "талаптарын": the
demands), so a participle counts only before a verb of saying or knowing, only with a stem of
some length, and not after a consonant cluster that ends in the plural's "-д", "-т" or "-л"
("талапт-арын", "балд-арын", "үйл-өрүн"), which a verb's stem before the short participle
seldom has.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from docket.model._tokens import Token, fold

__all__ = ["FutureForms", "future_forms"]

_VOWELS: Final = frozenset("аеёиоөуүыэюя")
# What ends a sentence, after its last verb.
_SENTENCE_ENDS: Final = frozenset(".!?")
# The consonants that open the plural suffix (-лар, -дар, -тар and their harmonies).
_PLURAL_OPENERS: Final = frozenset("лдт")


@dataclass(frozen=True)
class FutureForms:
    """The endings of one language's verb forms of the future, compiled."""

    participle: re.Pattern[str] | None
    long_participles: frozenset[str]
    heads: tuple[str, ...]
    finite: re.Pattern[str] | None
    converbs: tuple[str, ...]
    converb_auxiliaries: frozenset[str]
    intention: re.Pattern[str] | None
    infinitive: re.Pattern[str] | None
    auxiliaries: frozenset[str]
    not_future: frozenset[str]
    min_stem: int
    # The present-future that ends a sentence ("Сот арызды 20-январда карайт": will hear), not
    # of the verbs that tell the present (``final_not_stems``: "эсептейт", "жатат", and so
    # "айтышат": they say).
    final: re.Pattern[str] | None = None
    final_not_stems: tuple[str, ...] = ()
    # What may follow that form where it ends a clause within the sentence ("20-майда карайт
    # жана …", "сотко жөнөтөт, бирок …"): a comma, or a conjunction that joins two clauses.
    final_followers: frozenset[str] = frozenset()

    def ends_in_future(self, tokens: Sequence[Token], k: int) -> bool:
        """Whether the word at ``tokens[k]`` is a present-future form that ends its sentence
        or a clause of it."""
        token = tokens[k]
        if token.kind != "word" or self.final is None or token.key in self.not_future:
            return False
        if k + 1 < len(tokens) and not (
            tokens[k + 1].text in _SENTENCE_ENDS or tokens[k + 1].key in self.final_followers
        ):
            return False
        word = token.key
        hit = self.final.match(word)
        if hit is None or len(hit.group("stem")) < self.min_stem:
            return False
        # The third person plural ("чыгышат": they will go out) with the stem before its "-ыш"
        # not one of the present's ("айтышат": they say).
        return not word.startswith(self.final_not_stems)

    def intends(self, tokens: Sequence[Token], k: int) -> bool:
        """Whether the word at ``tokens[k]`` is an intention, a finite form of what is to come
        ("чыгармакчы", "кайрылмакчыбыз")."""
        token = tokens[k]
        if token.kind != "word" or token.key in self.not_future or self.intention is None:
            return False
        hit = self.intention.match(token.key)
        return hit is not None and len(hit.group("stem")) >= self.min_stem

    def tells(self, tokens: Sequence[Token], k: int) -> bool:
        """Whether the word at ``tokens[k]`` is a verb form of what is to come."""
        token = tokens[k]
        if token.kind != "word":
            return False
        word = token.key
        if word in self.not_future:
            return False
        if self.intends(tokens, k) or self.ends_in_future(tokens, k):
            return True
        if self.finite is not None:
            hit = self.finite.match(word)
            if hit is not None and len(hit.group("stem")) >= self.min_stem:
                return True
        following = _next_word(tokens, k)
        if (
            following in self.converb_auxiliaries
            and word.endswith(self.converbs)
            and len(word) > self.min_stem
            and not _locative(word)
        ):
            return True
        if self.infinitive is not None and following in self.auxiliaries:
            hit = self.infinitive.match(word)
            if hit is not None and len(hit.group("stem")) >= self.min_stem:
                return True
        if self.participle is None or following is None:
            return False
        hit = self.participle.match(word)
        if hit is None or not following.startswith(self.heads):
            return False
        stem = hit.group("stem")
        if len(stem) < self.min_stem:
            return False
        return hit.group("ending") in self.long_participles or not _plural_stem(stem)


def _next_word(tokens: Sequence[Token], k: int) -> str | None:
    if k + 1 >= len(tokens) or tokens[k + 1].kind != "word":
        return None
    return tokens[k + 1].key


def _locative(word: str) -> bool:
    """Whether a word ends in the locative after a consonant ("жанымда", "үйдө", "шаарда"), not
    in a converb ("кете", "өтө", "боло")."""
    return len(word) >= 3 and word[-2] in "дт" and word[-1] in "аеоө" and word[-3] not in _VOWELS


def _plural_stem(stem: str) -> bool:
    """Whether a stem before a short participle ending is a noun with the plural's consonant:
    "талапт" (талаптарын), "балд" (балдарын), "үйл" (үйлөрүн), not "бол" (болорун)."""
    return len(stem) >= 2 and stem[-1] in _PLURAL_OPENERS and stem[-2] not in _VOWELS


def _ending_pattern(endings: Iterable[str], tails: Iterable[str] = ("",)) -> re.Pattern[str] | None:
    ordered = sorted({fold(ending) for ending in endings}, key=len, reverse=True)
    if not ordered:
        return None
    after = sorted({fold(tail) for tail in tails}, key=len, reverse=True)
    return re.compile(
        rf"(?P<stem>\w+?)(?P<ending>{'|'.join(map(re.escape, ordered))})"
        rf"(?:{'|'.join(map(re.escape, after))})\Z"
    )


def future_forms(section: Mapping[str, Any], languages: Iterable[str]) -> FutureForms:
    """The verb forms of the future of ``languages`` from the ``future_forms`` section."""
    blocks = [section.get(language) or {} for language in languages]

    def words(name: str) -> list[str]:
        return [fold(str(word)) for block in blocks for word in block.get(name) or []]

    intentions = words("intentions")
    return FutureForms(
        participle=_ending_pattern([*words("participles"), *words("long_participles")]),
        long_participles=frozenset(words("long_participles")),
        heads=tuple(words("participle_heads")),
        finite=_ending_pattern(words("finite")),
        converbs=tuple(words("converbs")),
        converb_auxiliaries=frozenset(words("converb_auxiliaries")),
        intention=_ending_pattern(intentions, ["", *words("intention_tails")])
        if intentions
        else None,
        infinitive=_ending_pattern(words("infinitives")),
        auxiliaries=frozenset(words("auxiliaries")),
        not_future=frozenset(words("not_future")),
        final=_ending_pattern(words("sentence_final")),
        final_not_stems=tuple(words("sentence_final_not_stems")),
        final_followers=frozenset(words("sentence_final_followers")),
        min_stem=max([int(block.get("min_stem", 3)) for block in blocks] or [3]),
    )

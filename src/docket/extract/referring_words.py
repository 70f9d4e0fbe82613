"""Words that stand for people named before, and the sentences worth parsing for them.

A sentence without a name may still give an act a participant: a pronoun ("police beat him",
"мени кармап"), a word for several ("both", "they", "их", "экөөнү"), a possessive for several
("their lawyers", "алардын адвокаттарын") or a number with its noun ("the three detainees",
"оба издания"). The grammar (``docket.extract.syntax``, ``docket.extract.kyrgyz_syntax``) says
which role such a word fills; this module says which words they are, their numbers and nouns
being data (``several`` in ``vocabulary/participants.yaml``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Final

from docket.model._lexicon import read_yaml

__all__ = [
    "DATIVE_ONLY",
    "GROUP_PRONOUNS",
    "KY_THEIR",
    "OWNERS",
    "PRONOUNS",
    "counts_several",
    "names_someone",
    "several_words",
]

_VOCABULARY: Final = "vocabulary/participants.yaml"
# Pronouns an act's role may be filled with: a third person is someone named before, a first
# person the witness whose statement it is ("police beat me", "мени кармап"). Plurals ("us",
# "их", "бизге") stand for a group, which no one name is.
PRONOUNS: Final = {
    **dict.fromkeys(
        ("he", "him", "she", "her", "his",
         "он", "его", "него", "ему", "нему", "она", "её", "ее", "неё", "нее", "ей", "ней",
         "ал", "аны", "ага", "анын"),
        "third",
    ),
    **dict.fromkeys(
        ("i", "me", "my", "я", "меня", "мне", "мой", "моя", "мою", "моей", "моего", "моему",
         "мои", "моих", "моим", "мен", "мени", "мага", "менин"),
        "first",
    ),
}  # fmt: skip


# Words for several people named before: "both", "they", "обоих", "их", "экөөнү", "аларды".
# Which people they are is the one group the text coordinated just before
# (``document_people.coordinated_groups``); "both" and its kin stand for two exactly ("pair"),
# the others for two or more ("group"). "The two" is "two" with its article.
GROUP_PRONOUNS: Final = {
    **dict.fromkeys(
        ("both", "two", "оба", "обе", "обоих", "обеих", "обоим", "обеим", "экөө", "экөөнү",
         "экөөнө", "экөөн", "экөөсү", "экөөсүн", "экөөсүнө"),
        "pair",
    ),
    **dict.fromkeys(
        ("they", "them", "their", "они", "их", "им", "ним", "алар", "аларды", "аларга"), "group"
    ),
}  # fmt: skip
# Possessives for several: "their lawyers", "их адвокатам" name the owners, the victims of
# what befalls what they own. Russian "им", "ним" are "them" only in the dative: "им был
# подписан приказ" is "by him".
OWNERS: Final = frozenset({"their", "их"})
DATIVE_ONLY: Final = frozenset({"им", "ним"})
# Kyrgyz "their" (genitive): before a possessed noun, its owners (``kyrgyz_syntax``).
KY_THEIR: Final = "алардын"


@dataclass(frozen=True)
class _Several:
    """The words of ``several`` in participants.yaml, all languages together (their words do
    not collide): how many each number says, the numbers that need a determiner before them
    to name people listed before, the determiners, and the beginnings of the nouns of each
    kind."""

    numbers: dict[str, int]
    determined: frozenset[str]
    determiners: frozenset[str]
    nouns: dict[str, tuple[str, ...]]


@cache
def several_words() -> _Several:
    text = resources.files("docket.extract").joinpath(_VOCABULARY).read_text(encoding="utf-8")
    data: dict[str, Any] = read_yaml(text).get("several") or {}
    numbers: dict[str, int] = {}
    determined: set[str] = set()
    determiners: set[str] = set()
    nouns: dict[str, list[str]] = {"person": [], "organization": []}
    for words in data.values():
        said = {str(word).casefold(): int(size) for word, size in words["numbers"].items()}
        numbers.update(said)
        if words.get("determiners"):
            determiners.update(word.casefold() for word in words["determiners"])
            determined.update(set(said) - {word.casefold() for word in words.get("alone", [])})
        for kind, found in nouns.items():
            found.extend(word.casefold() for word in words.get(kind) or [])
    return _Several(
        numbers,
        frozenset(determined),
        frozenset(determiners),
        {kind: tuple(found) for kind, found in nouns.items()},
    )


def _words_pattern(words: Iterable[str]) -> re.Pattern[str]:
    return re.compile(
        rf"(?<!\w)(?:{'|'.join(sorted(words, key=len, reverse=True))})(?!\w)", re.IGNORECASE
    )


# "Их" is also the accusative "them"; "their", "им" and "ним" stand only for a list, and make a
# sentence worth parsing only beside one (``counts_several``).
_PRONOUN_WORD: Final = _words_pattern(
    {*PRONOUNS, *(set(GROUP_PRONOUNS) - OWNERS - DATIVE_ONLY), "их"}
)


@cache
def _several_word() -> re.Pattern[str]:
    several = several_words()
    alone = {*OWNERS, *DATIVE_ONLY, *(set(several.numbers) - several.determined), KY_THEIR}
    # "the three detainees", not "journalists of three outlets" (``noun_groups.numbered``).
    determiners = "|".join(sorted(several.determiners))
    numbers = "|".join(sorted(several.determined))
    return re.compile(
        rf"(?<!\w)(?:{'|'.join(sorted(alone, key=len, reverse=True))}"
        rf"|(?:{determiners})\s+(?:{numbers}))(?!\w)",
        re.IGNORECASE,
    )


def names_someone(sentence: str) -> bool:
    """Whether a sentence without a name has a pronoun a parse could make a participant."""
    return _PRONOUN_WORD.search(sentence) is not None


def counts_several(sentence: str) -> bool:
    """Whether a sentence without a name has a word a parse could make several named before:
    a possessive ("their", "их"), "им", or a number ("the three detainees", "оба издания")."""
    return _several_word().search(sentence) is not None

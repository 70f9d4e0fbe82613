"""The words claims are read by (``vocabulary/claims.yaml``), compiled once per language.

The finder in ``docket.extract.claims`` says where the words may stand; this module only turns
the word lists into patterns and sets. The titles a speaker may hold are the words of
``vocabulary/roles.yaml``, so a role listed there is a title here too.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Final

from docket.model._lexicon import read_yaml

__all__ = ["OPEN_QUOTES", "ClaimWords", "claim_words"]

_VOCABULARY: Final = "vocabulary/claims.yaml"
_ROLES: Final = "vocabulary/roles.yaml"
# Words a verb and its "that" may have between them: "said in a written statement that".
_VERB_TO_JOINER: Final = 5
# Apostrophes are no quotation marks here: "didn't" would open a quote.
OPEN_QUOTES: Final = '"«“„'


@dataclass(frozen=True)
class ClaimWords:
    """One language's claim words: a pattern per shape (None where the language lists no words
    for it) and the word sets the finder checks; each is described in ``claims.yaml``."""

    said_that: re.Pattern[str] | None
    said_colon: re.Pattern[str] | None
    bare: re.Pattern[str] | None
    aside: re.Pattern[str] | None
    aside_inverted: bool
    according_to: re.Pattern[str] | None
    source_first: re.Pattern[str] | None
    about_this: re.Pattern[str] | None
    quoted: re.Pattern[str] | None
    complement: re.Pattern[str] | None
    characterised: re.Pattern[str] | None
    characterised_as: re.Pattern[str] | None
    characterised_until: re.Pattern[str] | None
    between: re.Pattern[str]
    between_words: frozenset[str]
    titles: frozenset[str]
    author: frozenset[str]
    unsaid: frozenset[str]
    pronouns: frozenset[str]
    no_statement: frozenset[str]
    lead: frozenset[str]
    proxy: frozenset[str]
    appositive: frozenset[str]
    possessor: tuple[str, ...]
    quotative: frozenset[str]
    unquoted: frozenset[str]


def _phrase(words: str) -> str:
    return r"\s+".join(re.escape(word) for word in words.split())


def _alternatives(words: Sequence[str]) -> str:
    return "|".join(_phrase(w.casefold()) for w in sorted(words, key=len, reverse=True))


def _initials(words: Sequence[str]) -> str:
    """A lookahead for the letters the phrases ``words`` begin with.

    It changes no match: every alternative begins with one of them. It lets the search leave
    a position after one test of a character instead of trying every phrase there, which is
    most of the time of finding claims.
    """
    initials = sorted({re.escape(w.casefold().split()[0][0]) for w in words})
    return f"(?=[{''.join(initials)}])"


def _cues(words: Sequence[str]) -> re.Pattern[str] | None:
    if not words:
        return None
    return re.compile(rf"{_initials(words)}(?<!\w)(?:{_alternatives(words)})(?!\w)", re.IGNORECASE)


def _folded(words: Sequence[str]) -> frozenset[str]:
    return frozenset(part for word in words for part in word.casefold().split())


def _words(section: Mapping[str, Any], language: str) -> list[str]:
    found = section.get(language) or []
    if not all(isinstance(word, str) and word.strip() for word in found):
        raise TypeError(f"{_VOCABULARY}: every {language} entry must be quoted text")
    return list(found)


def _titles(language: str) -> frozenset[str]:
    """The words of the roles a title may name (``vocabulary/roles.yaml``)."""
    source = resources.files("docket.extract").joinpath(_ROLES).read_text(encoding="utf-8")
    data: dict[str, Any] = read_yaml(source)
    return _folded([*_words(data["heads"], language), *_words(data["modifiers"], language)])


@cache
def claim_words(language: str) -> ClaimWords:
    source = resources.files("docket.extract").joinpath(_VOCABULARY).read_text(encoding="utf-8")
    data: dict[str, Any] = read_yaml(source)
    said = data["said_that"].get(language) or {}
    verbs, joiners = _words(said, "verbs"), _words(said, "joiners")
    said_that = said_colon = None
    gap = rf"(?:\s+[^\s,.;:!?\"«»“”]+){{0,{_VERB_TO_JOINER}}}?"
    if verbs and joiners:
        said_that = re.compile(
            rf"{_initials(verbs)}(?<!\w)(?P<verb>{_alternatives(verbs)}){gap}"
            rf"\s*(?P<joiner>{_alternatives(joiners)})(?!\w)",
            re.IGNORECASE,
        )
    quoted = _words(data["quoted"], language)
    if verbs or quoted:
        said_colon = re.compile(
            rf"{_initials([*verbs, *quoted])}(?<!\w)(?:{_alternatives([*verbs, *quoted])})"
            rf"{gap}\s*:\s*(?=[{OPEN_QUOTES}])",
            re.IGNORECASE,
        )
    bare = _words(data["bare"], language)
    aside = data["aside"].get(language) or {}
    complement = data["complement"].get(language) or {}
    complement_verbs = _words(complement, "verbs")
    endings = _words(complement, "endings")
    between = _words(data["between"], language)
    characterised = data["characterised"].get(language) or {}
    until = _words(characterised, "until")
    return ClaimWords(
        said_that=said_that,
        said_colon=said_colon,
        bare=_cues(bare),
        aside=_cues(_words(aside, "verbs")),
        aside_inverted=aside.get("speaker") == "after",
        according_to=_cues(_words(data["according_to"], language)),
        source_first=_cues(_words(data["source_first"], language)),
        about_this=_cues(_words(data["about_this"], language)),
        quoted=_cues(quoted),
        complement=re.compile(
            rf"(?:{_alternatives(endings)})\s+(?P<cue>{_alternatives(complement_verbs)})(?!\w)",
            re.IGNORECASE,
        )
        if complement_verbs and endings
        else None,
        characterised=_cues(_words(characterised, "verbs")),
        characterised_as=_cues(_words(characterised, "as")),
        characterised_until=re.compile(rf",?\s+(?:{_alternatives(until)})(?!\w)", re.IGNORECASE)
        if until
        else None,
        between=re.compile(
            rf"^\s*(?:(?:{_alternatives(between)})\s+)*$" if between else r"^\s*$", re.IGNORECASE
        ),
        between_words=_folded(between),
        titles=_titles(language),
        author=_folded(_words(data["author"], language)),
        unsaid=_folded(_words(data["unsaid"], language)),
        pronouns=_folded(_words(data["pronouns"], language)),
        no_statement=_folded(_words(data["no_statement"], language)),
        lead=_folded(_words(data["lead"], language)),
        proxy=_folded(_words(data["proxy"], language)),
        appositive=_folded(_words(data["appositive"], language)),
        possessor=tuple(word.casefold() for word in _words(data["possessor"], language)),
        quotative=_folded(_words(data["quotative"], language)),
        unquoted=_folded(_words(data["unquoted"], language)),
    )

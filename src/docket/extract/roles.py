"""Titles and roles written next to a person's name: "Former President", "председатель ГКНБ".

A documenter records a perpetrator's position at the time ("former head of the special
services"), so a role found next to a name is kept with the person it belongs to, with its span.
The words are data (``vocabulary/roles.yaml``); the patterns only say where a role may stand:
right before the name, with what it is head of (an acronym, or genitives in Russian and Kyrgyz),
or in apposition after it, between commas.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Final

import yaml

from docket.extract.mentions import Mention

__all__ = ["Role", "find_roles", "title_words"]

_VOCABULARY: Final = "vocabulary/roles.yaml"
# How far before a name a role may begin: long enough for "first deputy prime minister", short
# enough that a role of someone else earlier in the sentence is not taken.
_WINDOW: Final = 90
_ACRONYM: Final = r"(?-i:[A-ZА-ЯЁӨҮҢ][A-ZА-ЯЁӨҮҢ0-9]+)"
_RU_GENITIVE: Final = r"[\w-]+(?:ого|его|ой|ей|ых|их|ов|ев|ии|а|я|ы|и)"
_KY_GENITIVE: Final = r"[\w-]+(?:нын|нин|нун|нүн|дын|дин|дун|дүн|тын|тин|тун|түн)"
_EN_FOLLOWERS: Final = r"who|which|said|says|was|is|has|had|and|told|called|visited|met"


@dataclass(frozen=True)
class Role:
    """A role phrase at ``text[start:end]``."""

    text: str
    start: int
    end: int


@cache
def _vocabulary() -> dict[str, Any]:
    text = resources.files("docket.extract").joinpath(_VOCABULARY).read_text(encoding="utf-8")
    loaded: dict[str, Any] = yaml.safe_load(text)
    return loaded


@cache
def title_words(language: str) -> frozenset[str]:
    """Every word of the titles and their modifiers in ``language``, case-folded."""
    vocabulary = _vocabulary()
    phrases = [
        *vocabulary["modifiers"].get(language, []),
        *vocabulary["heads"].get(language, []),
    ]
    return frozenset(
        part
        for phrase in phrases
        for word in phrase.casefold().split()
        for part in word.split("-")
        if part
    )


def _alternatives(phrases: Iterable[str]) -> str:
    ordered = sorted({" ".join(p.casefold().split()) for p in phrases}, key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(word) for word in p.split()) for p in ordered)


@dataclass(frozen=True)
class _Patterns:
    before: re.Pattern[str]
    after: re.Pattern[str] | None


@cache
def _patterns(language: str) -> _Patterns | None:
    data = _vocabulary()
    heads = data["heads"].get(language)
    if not heads:
        return None
    mods = _alternatives(m.rstrip("-") for m in data["modifiers"].get(language) or [])
    modified = rf"(?:(?:{mods})(?:\s*-\s*|\s+))*" if mods else ""
    head = rf"(?:{_alternatives(heads)})"
    if language == "ru":
        before = rf"{modified}{head}(?:\s+(?:{_ACRONYM}|{_RU_GENITIVE})){{0,3}}"
        after = rf"{modified}{head}(?:\s+[^,.;:()\n]{{1,60}}?)?(?=\s*[,.;:)\n])"
    elif language == "ky":
        before = rf"{modified}(?:(?:{_ACRONYM}|{_KY_GENITIVE})\s+){{0,3}}{head}"
        after = None
    else:
        before = rf"{modified}(?:{_ACRONYM}\s+)?{head}"
        after = (
            rf"{modified}{head}"
            rf"(?:\s+(?:of|at|for|to)\s+[^,.;:()\n]{{1,60}}?)?"
            rf"(?=\s*[,.;:)\n]|\s+(?:{_EN_FOLLOWERS})\b)"
        )
    return _Patterns(
        re.compile(rf"(?<!\w)(?P<role>{before})[\s,]+$", re.IGNORECASE),
        None
        if after is None
        else re.compile(rf"\s*,\s*(?:(?:the|a|an)\s+)?(?P<role>{after})", re.IGNORECASE),
    )


def _sentence_start(text: str, start: int) -> int:
    floor = max(0, start - _WINDOW)
    cut = max(text.rfind(mark, floor, start) for mark in (". ", "\n", "! ", "? ", "; "))
    return floor if cut < 0 else cut + 1


def find_roles(text: str, language: str | None, mentions: Iterable[Mention]) -> dict[int, Role]:
    """The role written next to each person mention, keyed by the mention's start."""
    patterns = _patterns(language) if language else None
    if patterns is None:
        return {}
    found: dict[int, Role] = {}
    for mention in mentions:
        if mention.kind != "person":
            continue
        lead = _sentence_start(text, mention.start)
        before = patterns.before.search(text, lead, mention.start)
        if before is not None:
            start, end = before.span("role")
            found[mention.start] = Role(text[start:end], start, end)
            continue
        if patterns.after is not None:
            after = patterns.after.match(text, mention.end, min(len(text), mention.end + 120))
            if after is not None:
                start, end = after.span("role")
                found[mention.start] = Role(text[start:end], start, end)
    return found

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

from docket.extract.mentions import Mention
from docket.extract.non_names import russian_analyser
from docket.model._lexicon import read_yaml

__all__ = ["Role", "case_forms", "find_roles", "title_words"]

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
    loaded: dict[str, Any] = read_yaml(text)
    return loaded


# The singular cases a Russian title is declined in; the accusative of an animate noun's
# adjective is its genitive ("бывшего блогера"), which the animate accusative gives.
_RU_CASES: Final = (
    ("nomn",), ("gent",), ("datv",), ("accs",), ("accs", "anim"), ("ablt",), ("loct",),
)  # fmt: skip
_RU_AGREEING: Final = frozenset(("ADJF", "PRTF"))
# A case form that is also a word of another part of speech is left out: "после" (the
# preposition) is not "посол" in the locative.
_FUNCTION_WORDS: Final = frozenset(("PREP", "CONJ", "PRCL", "ADVB", "NPRO", "INTJ", "PRED"))
# Kyrgyz third-person possessive endings by the last vowel (а, ы: -ы; о, у: -у; е, и: -и;
# ө, ү: -ү), with "с" after a vowel: "адвокаты", "төрагасы", "өкүлү", "башчысы".
_KY_POSSESSIVE: Final = {
    "а": "ы", "ы": "ы", "я": "ы", "о": "у", "у": "у", "ю": "у", "ё": "у", "е": "и", "и": "и",
    "э": "и", "ө": "ү", "ү": "ү",
}  # fmt: skip
_KY_VOWELS: Final = "аыоуеиөүэюяё"


def _ru_word_forms(word: str) -> dict[tuple[str, ...], str] | None:
    """The singular case forms of a Russian title's word read as a noun or an agreeing
    adjective in the nominative, keyed by case; None where it is neither ("временно", "и.")."""
    parses = [
        parse
        for parse in russian_analyser().parse(word)
        if "nomn" in parse.tag
        and "sing" in parse.tag
        and (parse.tag.POS == "NOUN" or parse.tag.POS in _RU_AGREEING)
    ]
    if not parses:
        return None
    parse = parses[0]
    forms: dict[tuple[str, ...], str] = {}
    for case in _RU_CASES:
        inflected = parse.inflect({*case, "sing"})
        if inflected is not None and not _other_word(inflected.word):
            forms[case] = str(inflected.word)
    forms[("nomn",)] = word
    return forms


def _other_word(form: str) -> bool:
    return any(
        parse.tag.POS in _FUNCTION_WORDS
        for parse in russian_analyser().parse(form)
        if parse.is_known
    )


def _ru_case_forms(phrase: str) -> list[str]:
    """A Russian title in every singular case: its agreeing adjectives and its head noun are
    declined together ("главный редактор", "главного редактора"); what follows the head noun
    stays as written ("исполняющий обязанности", "исполняющего обязанности")."""
    words = phrase.split()
    declined: list[dict[tuple[str, ...], str]] = []
    for word in words:
        if word.endswith("-"):
            break
        forms = _ru_word_forms(word)
        if forms is None:
            break
        declined.append(forms)
        if not any(parse.tag.POS in _RU_AGREEING for parse in russian_analyser().parse(word)[:1]):
            break
    if not declined:
        return [phrase]
    rest = words[len(declined) :]
    found = [phrase]
    for case in _RU_CASES:
        if all(case in forms for forms in declined):
            found.append(" ".join([*(forms[case] for forms in declined), *rest]))
    return list(dict.fromkeys(found))


def _ky_forms(phrase: str, listed: frozenset[str]) -> list[str]:
    """A Kyrgyz title bare and with the third-person possessive its last word takes after a
    genitive ("министрдин орун басары", "Башкармалыктын өкүлү"); a listed possessive
    ("төрагасы" beside "төрага") is not given another."""
    if phrase[:-1] in listed or phrase[:-2] in listed:
        return [phrase]
    words = phrase.split()
    last = words[-1]
    vowels = [letter for letter in last if letter in _KY_POSSESSIVE]
    if not vowels or last.endswith("-"):
        return [phrase]
    ending = _KY_POSSESSIVE[vowels[-1]]
    possessed = last + ("с" + ending if last[-1] in _KY_VOWELS else ending)
    return list(dict.fromkeys([phrase, " ".join([*words[:-1], possessed])]))


def case_forms(phrase: str, language: str) -> list[str]:
    """A word for a person (a title, a relative) in the forms it takes before a name: every
    singular case in Russian ("сосед", "соседа", "соседу"), case-folded; as listed in other
    languages."""
    folded = " ".join(phrase.casefold().split())
    return _ru_case_forms(folded) if language == "ru" else [folded]


@cache
def _phrases(language: str, part: str) -> tuple[str, ...]:
    """The vocabulary's titles (``part``: heads or modifiers) in ``language`` with the forms
    grammar gives them: every singular case in Russian, the possessive in Kyrgyz."""
    listed = [" ".join(p.casefold().split()) for p in _vocabulary()[part].get(language) or []]
    if language == "ru":
        return tuple(dict.fromkeys(form for p in listed for form in _ru_case_forms(p)))
    if language == "ky" and part == "heads":
        known = frozenset(listed)
        return tuple(dict.fromkeys(form for p in listed for form in _ky_forms(p, known)))
    return tuple(listed)


@cache
def title_words(language: str) -> frozenset[str]:
    """Every word of the titles and their modifiers in ``language``, case-folded, in the forms
    grammar gives them (see ``_phrases``)."""
    phrases = [*_phrases(language, "modifiers"), *_phrases(language, "heads")]
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
    heads = _phrases(language, "heads")
    if not heads:
        return None
    mods = _alternatives(m.rstrip("-") for m in _phrases(language, "modifiers"))
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

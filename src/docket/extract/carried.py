"""Victims carried into acts whose sentence names no one.

A report names a victim once and tells what else befell them without naming them again: "Atambaev
was sentenced in 2023. Since then he has been refused surgery twice". ``carried`` gives such an
act the victim of the act told before it in its paragraph, or, a paragraph on, the person the
document is about (``main_subject``), with guards against the acts that befall someone else.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Collection, Mapping, Sequence
from functools import cache
from importlib import resources
from typing import Any, Final

from docket.extract.actors import Actor
from docket.extract.participants import VOCABULARY, phrase_pattern
from docket.model._lexicon import read_yaml

__all__ = ["carried", "main_subject"]

_BLANK_LINE: Final = re.compile(r"\n[ \t]*\n")
# How many acts must befall one person before the document is read as about them.
_SUBJECT_ACTS: Final = 3


@cache
def _impersonal() -> frozenset[str]:
    source = resources.files("docket.extract").joinpath(VOCABULARY).read_text(encoding="utf-8")
    return frozenset(read_yaml(source).get("impersonal") or [])


@cache
def _groups(language: str) -> tuple[str, ...]:
    source = resources.files("docket.extract").joinpath(VOCABULARY).read_text(encoding="utf-8")
    groups = read_yaml(source).get("groups") or {}
    return tuple(word.casefold() for word in groups.get(language) or [])


_WORD: Final = re.compile(r"\w+")
# Lines of a report are wrapped: a sentence ends at its punctuation or a blank line.
_FULL_STOP: Final = re.compile(r"[.!?]|\n[ \t]*\n")


def _sentence_around(text: str, stops: Sequence[int], start: int, end: int) -> tuple[int, int]:
    """Where the sentence around ``text[start:end]`` opens and closes. ``stops`` are the ends of
    the text's full stops in order, so a long text is not scanned from its start for each act."""
    before = bisect_right(stops, start) - 1
    opening = stops[before] if before >= 0 else 0
    closing = _FULL_STOP.search(text, end)
    return opening, closing.start() if closing else len(text)


def _of_a_group(text: str, language: str | None, sentence_bounds: tuple[int, int]) -> bool:
    """Whether a sentence tells of a group: a word of ``groups`` ("all the men",
    "46 айыл тургуну")."""
    opening, closing = sentence_bounds
    sentence = text[opening:closing]
    groups = _groups(language) if language else ()
    return bool(groups) and any(
        word.startswith(groups) for word in _WORD.findall(sentence.casefold().replace("ё", "е"))
    )


@cache
def _someone_new(language: str) -> re.Pattern[str] | None:
    source = resources.files("docket.extract").joinpath(VOCABULARY).read_text(encoding="utf-8")
    data = (read_yaml(source).get("someone_new") or {}).get(language) or {}
    words = data.get("opening") or []
    nouns = data.get("nouns") or []
    if not words or not nouns:
        return None
    opening = "|".join(phrase_pattern(word) for word in sorted(words, key=len, reverse=True))
    noun = "|".join(re.escape(word.casefold()) for word in nouns)
    return re.compile(rf"(?<!\w)(?:{opening})\s+(?:[\w-]+\s+)?(?:{noun})\w*(?!\w)", re.I)


def _of_someone_new(text: str, language: str | None, sentence_bounds: tuple[int, int]) -> bool:
    """Whether a sentence brings in someone not named before ("in March a detainee died",
    ``someone_new``)."""
    pattern = _someone_new(language) if language else None
    if pattern is None:
        return False
    opening, closing = sentence_bounds
    return pattern.search(text, opening, closing) is not None


def carried(
    text: str,
    language: str | None,
    findings: Sequence[dict[str, Any]],
    sentence_of: Callable[[int], int],
    named: Mapping[int, Sequence[Actor]],
    several: Collection[int] = (),
    listed: Collection[int] = (),
    counted: Sequence[tuple[int, int]] = (),
) -> None:
    """Give an act whose sentence names no person the victim of the act before it in its
    paragraph: "Atambaev was sentenced in 2023. Since then he has been refused surgery twice"
    (the pronoun aside), "возвращали в колонию, не завершив лечения". Not into an act of a kind
    no one person undergoes (``impersonal``: shots fired, houses pulled down), nor into a
    sentence that tells of a group (``_of_a_group``), nor into one whose grammar gives the
    victim a word for several people (the starts of those acts are ``several``: "Both were
    beaten" is not the one person before), nor into one that brings in someone new ("in March
    a detainee died": ``someone_new``), nor where the victim would be the act's
    perpetrator. Nor from an act whose victim is one of several its sentence coordinates (the
    starts of those acts are ``listed``): "Usenov and Bekov were detained. The nurse came only
    in the morning" does not say for whom."""
    impersonal = _impersonal()
    subject = main_subject(findings)
    stops = [found.end() for found in _FULL_STOP.finditer(text)]
    previous: dict[str, Any] | None = None
    for finding in sorted(findings, key=lambda found: found["start"]):
        bounds = _sentence_around(text, stops, finding["start"], finding["end"])
        earlier = None if previous is None else previous.get("victim")
        perpetrator = finding.get("perpetrator")
        sentence = sentence_of(finding["start"])
        people = {actor.name for actor in named.get(sentence, ()) if actor.kind == "person"}
        open_to = (
            finding.get("victim") is None
            and finding["start"] not in several
            and finding["type"] not in impersonal
            and not _of_a_group(text, language, bounds)
            and not _of_someone_new(text, language, bounds)
        )
        if (
            open_to
            and earlier is not None
            and previous is not None
            and previous["start"] not in listed
            and not _BLANK_LINE.search(text, previous["end"], finding["start"])
            and (perpetrator is None or perpetrator["name"] != earlier["name"])
            # A sentence naming someone tells of them, unless it names only the victim of an
            # act told before in it: "Мамырова избили в машине, а в отделе снова избили".
            and (
                not people
                or (people == {earlier["name"]} and sentence_of(previous["start"]) == sentence)
            )
        ):
            finding["victim"] = dict(earlier)
        elif (
            open_to
            and not people
            and subject is not None
            and not _counts_people(text, counted, finding["start"], finding["end"])
            and _paragraph_of(text, named, subject["name"], finding["start"])
            and (perpetrator is None or perpetrator["name"] != subject["name"])
        ):
            # A report about one person tells its later acts without naming them again ("No
            # investigation has been opened into his complaint" a paragraph on).
            finding["victim"] = dict(subject)
        previous = finding


def _paragraph_of(text: str, named: Mapping[int, Sequence[Actor]], name: str, start: int) -> bool:
    """Whether the paragraph up to ``start`` names no person but ``name``: one that brings in
    someone else may be telling of them."""
    opening = max((found.end() for found in _BLANK_LINE.finditer(text, 0, start)), default=0)
    return all(
        actor.name == name
        for found in named.values()
        for actor in found
        if actor.kind == "person" and opening <= actor.start < start
    )


def _counts_people(text: str, counted: Sequence[tuple[int, int]], start: int, end: int) -> bool:
    """Whether the sentence around ``text[start:end]`` counts people ("three other bloggers")."""
    opening = max((found.end() for found in _FULL_STOP.finditer(text, 0, start)), default=0)
    closing = _FULL_STOP.search(text, end)
    last = closing.start() if closing else len(text)
    return any(opening <= low and high <= last for low, high in counted)


def main_subject(findings: Sequence[dict[str, Any]]) -> dict[str, Any] | None:
    """The person a document is about: the one person victim of at least three of its acts and
    of at least twice as many as anyone else. A report about several people has none."""
    counts: dict[str, int] = {}
    first: dict[str, dict[str, Any]] = {}
    for finding in findings:
        victim = finding.get("victim")
        if isinstance(victim, dict) and victim.get("kind") == "person":
            counts[victim["name"]] = counts.get(victim["name"], 0) + 1
            first.setdefault(victim["name"], victim)
    ranked = sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))
    if not ranked or ranked[0][1] < _SUBJECT_ACTS:
        return None
    if len(ranked) > 1 and ranked[1][1] * 2 > ranked[0][1]:
        return None
    if ranked[0][1] * 2 < sum(counts.values()):
        return None
    return first[ranked[0][0]]

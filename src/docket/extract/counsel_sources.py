"""A lawyer who tells of an act speaks for the client it befell.

"Кудайбергеновдун адвокаты Чынара Жумгалбаеванын айтымында, тергөөчүлөр анын кардарын
уруп-согуп", "Sultanaliev's lawyer, Almaz Kenjebaev, said investigators had beaten his client":
the grammar finds no victim in what the lawyer tells and the lawyer, named nearest, was read as
the one beaten. A person named after a counsel word (``counsel`` in
``vocabulary/participants.yaml``) with a word of telling (``telling``) before the name or after
it, ahead of the act, is the act's source; an act read as befalling that source befalls the
client named in the possessive right before the counsel word ("Кудайбергеновдун адвокаты",
"Sultanaliev's lawyer"). Where no client is named so, the act is left as it was read.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import cache
from importlib import resources
from typing import Any, Final

from docket.extract.actors import Actor
from docket.extract.document_people import COUNSEL_REACH, counsel_cues
from docket.extract.name_words import GENITIVES
from docket.extract.participants import VOCABULARY, sentence_span
from docket.model._lexicon import read_yaml

__all__ = ["told_by_counsel"]

# How far before a name a word of telling that opens it may stand ("по словам адвоката …").
_SOURCE_REACH: Final = 50
# What stands between the client and the counsel word: the English possessive, or nothing but
# a space after a Kyrgyz genitive ("Кудайбергеновдун адвокаты").
_POSSESSIVE: Final = {
    "en": re.compile(r"['’]s?\s+$"),
    "ky": re.compile(r"\s+$"),
}


@cache
def _telling(language: str) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
    source = resources.files("docket.extract").joinpath(VOCABULARY).read_text(encoding="utf-8")
    words = ((read_yaml(source).get("telling") or {}).get(language)) or {}

    def pattern(found: list[str]) -> re.Pattern[str] | None:
        if not found:
            return None
        body = "|".join(re.escape(word) for word in found)
        return re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE)

    return pattern(words.get("before") or []), pattern(words.get("after") or [])


def _client(
    text: str, language: str, lawyer: Actor, persons: Sequence[Actor], counsel_at: int
) -> Actor | None:
    """The person named in the possessive right before the counsel word at ``counsel_at``."""
    possessive = _POSSESSIVE.get(language)
    if possessive is None:
        return None
    for person in persons:
        if person.name == lawyer.name or person.end > counsel_at:
            continue
        if counsel_at - person.end > COUNSEL_REACH:
            continue
        if possessive.match(text, person.end, counsel_at) is None:
            continue
        if language == "ky" and not person.text.endswith(GENITIVES):
            continue
        return person
    return None


def told_by_counsel(
    text: str,
    language: str | None,
    findings: Sequence[dict[str, Any]],
    people: Sequence[Actor],
    sentence_starts: Sequence[int],
    sentence_of: Callable[[int], int],
) -> None:
    """Give each act told by a lawyer and read as befalling them to the client named before
    the lawyer's counsel word (``findings`` are changed in place)."""
    if not language or language not in _POSSESSIVE:
        return
    _, counsel_before = counsel_cues(language)
    told_before, told_after = _telling(language)
    if counsel_before is None or (told_before is None and told_after is None):
        return
    folded = text.casefold()
    persons = [actor for actor in people if actor.kind == "person"]
    for finding in findings:
        victim = finding.get("victim")
        if not isinstance(victim, dict) or victim.get("kind") != "person":
            continue
        low, _ = sentence_span(sentence_of(finding["start"]), sentence_starts, len(text))
        for lawyer in persons:
            if (
                lawyer.name != victim["name"]
                or not low <= lawyer.start < lawyer.end <= finding["start"]
            ):
                continue
            word = counsel_before.search(
                folded, max(low, lawyer.start - COUNSEL_REACH), lawyer.start
            )
            if word is None:
                continue
            telling = (
                told_before is not None
                and told_before.search(text, max(low, lawyer.start - _SOURCE_REACH), lawyer.start)
            ) or (told_after is not None and told_after.search(text, lawyer.end, finding["start"]))
            if not telling:
                continue
            client = _client(text, language, lawyer, persons, word.start())
            if client is not None:
                finding["victim"] = client.to_json()
                break

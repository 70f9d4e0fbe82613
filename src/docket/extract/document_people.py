"""People and organisations the whole document gives a part, beyond any one act's sentence.

Which names the text lists together, for a later "both" or "они" (``coordinated_groups``);
the witness whose statement the document is, for "I" and "me" (``witness``); the organisation
the document speaks for, the author of an appeal that names none (``document_author``); and
the one a lawyer was kept from, for an act against the right to counsel (``counsel``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from importlib import resources
from typing import Any, Final

from docket.extract.actors import Actor
from docket.extract.participants import VOCABULARY, phrase_pattern
from docket.model._lexicon import read_yaml

__all__ = [
    "COUNSEL_REACH",
    "coordinated_groups",
    "counsel",
    "counsel_cues",
    "document_author",
    "witness",
]

_BLANK_LINE: Final = re.compile(r"\n[ \t]*\n")


# What stands between two names a text lists together: a comma, "and", "и", "жана", "менен",
# and up to two words of what the second one is ("Айбек Мамытовду жана оператор Руслан
# Исаковду", "Sadykov and his classmate Kadyrova"); a Kyrgyz case ending may stay glued to the
# first name and a closing quote to an outlet's.
_LISTED: Final = re.compile(
    r"\w*[»”\"']?[ \t]*(?:,[ \t]*(?:(?:and|и|жана)[ \t]+)?|[ \t]+(?:and|и|жана|менен)[ \t]+)"
    r"(?:(?-i:[^\W\d_A-ZА-ЯЁӨҮҢ])[\w-]*[ \t]+){0,2}[«“\"']?",
    re.IGNORECASE,
)


def coordinated_groups(text: str, actors: Sequence[Actor], until: int) -> list[tuple[Actor, ...]]:
    """The groups of two or more people (or organisations) of ``actors`` that the text lists
    together ("Adilet Sadykov and Elnura Kadyrova", "Kerege.info, Tash Sözü и Jarchy TV") before
    ``until`` in its paragraph, each once, in text order: who a "both", "they" or "обоих" at
    ``until`` may stand for."""
    ordered = sorted(
        (
            actor
            for actor in actors
            if actor.end <= until and not _BLANK_LINE.search(text, actor.end, until)
        ),
        key=lambda actor: (actor.start, -actor.end),
    )
    runs: list[list[Actor]] = []
    for actor in ordered:
        run = runs[-1] if runs else []
        last = run[-1] if run else None
        if last is not None and actor.start < last.end:
            continue
        if (
            last is not None
            and last.kind == actor.kind
            and _LISTED.fullmatch(text, last.end, actor.start) is not None
        ):
            if all(each.name != actor.name for each in run):
                run.append(actor)
        else:
            runs.append([actor])
    groups: list[tuple[Actor, ...]] = []
    for run in runs:
        names = {actor.name for actor in run}
        if len(run) > 1 and all({actor.name for actor in group} != names for group in groups):
            groups.append(tuple(run))
    return groups


@cache
def _witness_label(language: str) -> re.Pattern[str] | None:
    text = resources.files("docket.extract").joinpath(VOCABULARY).read_text(encoding="utf-8")
    words = (read_yaml(text)["witness"].get(language) or []) if language else []
    if not words:
        return None
    body = "|".join(phrase_pattern(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{body})[ \t]*[:|][ \t|]*$", re.IGNORECASE)


def witness(text: str, language: str | None, people: Sequence[Actor]) -> Actor | None:
    """The person a statement is by, named after its label ("Witness: Cholpon Asanova",
    "| Свидетель | Муратбеков Эркин", "Күбө: Мирлан Токтосунов"): who "I" and "me" are."""
    label = _witness_label(language) if language else None
    if label is None:
        return None
    for person in people:
        line = text.rfind("\n", 0, person.start) + 1
        # A label ends in a colon or a bar: a line with neither before the name is not searched.
        if text.find(":", line, person.start) < 0 and text.find("|", line, person.start) < 0:
            continue
        if label.search(text, line, person.start):
            return person
    return None


def document_author(text: str, actors: Sequence[Actor]) -> Actor | None:
    """The organisation a document speaks for: one a line of its opening block (the lines
    before the first blank line) opens with, where that block has a title beside it
    ("Progressive International Alliance" over "Declaration of the Bureau …", "Краткий отчёт …"
    over "Правозащитный центр «Калкан», 12 июля 2024"). A news item opens with its outlet and
    date alone ("Ordo Press, 14 ноября 2024 года"): the outlet reports others' appeals."""
    opening = text.lstrip()
    skipped = len(text) - len(opening)
    blank = _BLANK_LINE.search(opening)
    block = opening[: blank.start() if blank else len(opening)]
    lines = block.split("\n")
    if len(lines) < 2:
        return None
    start = skipped
    for line in lines:
        leading = start + len(line) - len(line.lstrip())
        for actor in actors:
            if actor.kind == "organization" and actor.start == leading:
                return actor
        start += len(line) + 1
    return None


@cache
def counsel_cues(language: str) -> tuple[frozenset[str], re.Pattern[str] | None]:
    """The act codes of ``counsel`` and a pattern for a counsel word ending right before a
    name, with at most a possessive and a comma between ("His lawyer, Nurbek Toktakunov")."""
    source = resources.files("docket.extract").joinpath(VOCABULARY).read_text(encoding="utf-8")
    data = read_yaml(source).get("counsel") or {}
    words = [word.casefold() for word in (data.get("words") or {}).get(language) or []]
    if not words:
        return frozenset(data.get("codes") or []), None
    stems = "|".join(re.escape(word) for word in words)
    return frozenset(data.get("codes") or []), re.compile(rf"(?<!\w)(?:{stems})\w*\s*,?\s*$")


COUNSEL_REACH: Final = 30


def counsel(
    text: str,
    language: str | None,
    findings: Sequence[dict[str, Any]],
    people: Sequence[Actor],
) -> None:
    """An act against the right to counsel whose victim is the person the text names as counsel
    ("His lawyer, Nurbek Toktakunov, said he had not been allowed to see his client") is about
    the one they were kept from: the victim of the act before it in its paragraph, else no
    one. So is an act that befalls a prisoner in custody (care withheld, the cell), whoever
    was named last before it."""
    if not language:
        return
    codes, before = counsel_cues(language)
    if before is None:
        return
    folded = text.casefold()
    lawyers = {
        actor.name
        for actor in people
        if actor.kind == "person"
        and before.search(folded, max(0, actor.start - COUNSEL_REACH), actor.start)
    }
    previous: dict[str, Any] | None = None
    for finding in sorted(findings, key=lambda found: found["start"]):
        victim = finding.get("victim")
        if finding["type"] in codes and victim is not None and victim["name"] in lawyers:
            earlier = None
            if previous is not None and not _BLANK_LINE.search(
                text, previous["end"], finding["start"]
            ):
                earlier = previous.get("victim")
            usable = earlier is not None and earlier["name"] not in lawyers
            finding["victim"] = dict(earlier) if usable and earlier is not None else None
        previous = finding

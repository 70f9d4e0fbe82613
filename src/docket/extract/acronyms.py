"""Acronyms a document defines: "Progressive International Alliance (PIA)" makes every PIA one.

Grouping already joins an acronym to a long form whose initials it spells. A definition in
parentheses is stronger evidence and covers what initials cannot: a transliterated acronym
("State Committee for National Security (GKNB)") or one the model did not tag at all. Each
whole-word occurrence of a defined acronym becomes a mention of the organisation it stands for.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

from docket.extract.grouping import Entity, acronym_of
from docket.extract.mentions import Mention

__all__ = ["ACRONYM_SOURCE", "acronym_mentions", "defined_acronyms", "join_defined_acronyms"]

ACRONYM_SOURCE: Final = "acronym"
_DEFINITION: Final = re.compile(r"\s*\(\s*([^\W\d_][\w-]{1,9})\s*\)")


def defined_acronyms(text: str, mentions: Sequence[Mention]) -> dict[str, Mention]:
    """Acronym -> the organisation mention it was defined after; one defined twice is dropped."""
    found: dict[str, Mention] = {}
    ambiguous: set[str] = set()
    for mention in mentions:
        if mention.kind != "organization":
            continue
        definition = _DEFINITION.match(text, mention.end)
        if definition is None:
            continue
        acronym = acronym_of(definition.group(1))
        if acronym is None or acronym != definition.group(1):
            continue
        known = found.get(acronym)
        if known is not None and known.text != mention.text:
            ambiguous.add(acronym)
        found.setdefault(acronym, mention)
    return {acronym: long for acronym, long in found.items() if acronym not in ambiguous}


def acronym_mentions(text: str, definitions: dict[str, Mention]) -> list[Mention]:
    """Every whole-word occurrence of each defined acronym, as an organisation mention."""
    if not definitions:
        return []
    alternatives = "|".join(re.escape(a) for a in sorted(definitions, key=len, reverse=True))
    pattern = re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])")
    return [
        Mention("organization", match.group(), match.start(), match.end(), ACRONYM_SOURCE)
        for match in pattern.finditer(text)
    ]


def join_defined_acronyms(entities: list[Entity], definitions: dict[str, Mention]) -> list[Entity]:
    """``entities`` with each defined acronym's entity folded into its long form's entity."""
    if not definitions:
        return entities
    owner: dict[tuple[int, int], int] = {}
    for index, entity in enumerate(entities):
        for mention in entity.mentions:
            owner[(mention.start, mention.end)] = index
    merged: dict[int, list[Mention]] = {}
    dropped: set[int] = set()
    for acronym, long in definitions.items():
        target = owner.get((long.start, long.end))
        if target is None:
            continue
        for index, entity in enumerate(entities):
            if index == target or index in dropped or entity.kind != "organization":
                continue
            if all(mention.text == acronym for mention in entity.mentions):
                merged.setdefault(target, list(entities[target].mentions)).extend(entity.mentions)
                dropped.add(index)
    result = []
    for index, entity in enumerate(entities):
        if index in dropped:
            continue
        if index in merged:
            mentions = tuple(sorted(merged[index], key=lambda m: (m.start, m.end)))
            entity = Entity(entity.kind, entity.name, mentions)
        result.append(entity)
    return result

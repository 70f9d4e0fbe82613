"""A Russian surname written alone, joined to the full name its case forms say it stands for.

Grouping joins a lone surname to the one full name containing it, and leaves it apart where
two are written: beside Асылбек Жумалиев and his wife Айгерим Жумалиева, "Жумалиева" is his
genitive or her nominative. The words before each of its mentions tell which: "от Жумалиева",
"приговорил Жумалиева" and "госпитализации Жумалиева" read only as his genitive or accusative
(``docket.extract.russian_names``), "Жумалиевой" only as hers. Where every mention of the lone
surname reads in one gender, it joins the one full name of that sex, once names are in the
nominative.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Final

from docket.extract.grouping import Entity
from docket.extract.russian_names import read_genders
from docket.extract.sexes import FEMALE, MALE, by_name
from docket.names import name_key

__all__ = ["joined_by_gender"]

_SEX_OF_GENDER: Final = {"masc": MALE, "femn": FEMALE}


def _keys(name: str) -> frozenset[str]:
    return frozenset(name_key(name).split())


def _lone(entity: Entity) -> bool:
    return entity.kind == "person" and all(len(m.as_name.split()) == 1 for m in entity.mentions)


def _full_name(text: str, lone: Entity, entities: Sequence[Entity]) -> int | None:
    """The index of the one full name the lone surname's mentions say it is, if any."""
    genders = read_genders(text, lone.mentions)
    if len(genders) != 1:
        return None
    sex = _SEX_OF_GENDER[next(iter(genders))]
    keys = _keys(lone.name)
    found = [
        index
        for index, other in enumerate(entities)
        if other.kind == "person"
        and not _lone(other)
        and _keys(other.name) > keys
        and by_name(other.name) == sex
    ]
    return found[0] if len(found) == 1 else None


def joined_by_gender(text: str, entities: Sequence[Entity]) -> list[Entity]:
    """``entities`` of a Russian ``text``, named in the nominative, with each person named by a
    lone surname joined to the one full name of the sex its case forms are read in."""
    mentions = [list(entity.mentions) for entity in entities]
    joined: set[int] = set()
    for index, entity in enumerate(entities):
        if not _lone(entity) or not entity.name:
            continue
        target = _full_name(text, entity, entities)
        if target is not None:
            mentions[target].extend(entity.mentions)
            joined.add(index)
    return [
        replace(entity, mentions=tuple(sorted(found, key=lambda m: (m.start, m.end))))
        for index, (entity, found) in enumerate(zip(entities, mentions, strict=True))
        if index not in joined
    ]

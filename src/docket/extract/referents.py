"""Who a word that is no recognised name stands for, among the people a document names.

A name the recogniser missed may still be one the document gave in full: "Osmonov" opening a
sentence after "Kanybek Osmonov", "активиста Осмонова" with its case ending (``name_words``,
``known_actor``). A pronoun stands for a person named shortly before, of the sex it says
where the name says one (``pronoun_referent``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Final

from docket.extract.actors import Actor
from docket.extract.sexes import EITHER, by_name

__all__ = ["HE", "SHE", "known_actor", "name_words", "pronoun_referent"]

# A name's word written with a case ending ("Темирову" for "Темирова") differs from the name
# in this many last letters at most, and is known only when this many letters agree.
_ENDING: Final = 2
_NAME_WORD: Final = 5


def _same_word(word: str, name_word: str) -> bool:
    """Whether two folded words are one name's word, up to a case ending ("Темирову",
    "Темирова"; "Osmonov", "Osmonova")."""
    if word == name_word:
        return True
    common = next(
        (i for i, (a, b) in enumerate(zip(word, name_word, strict=False)) if a != b),
        min(len(word), len(name_word)),
    )
    return common >= _NAME_WORD and common >= max(len(word), len(name_word)) - _ENDING


def name_words(actors: Sequence[Actor]) -> dict[str, Actor]:
    """The words of the document's people's names (folded) and the actor each one names: "Osmonov"
    opening a sentence is often left unrecognised after "Kanybek Osmonov", but its parse still
    makes it a victim. A word two entities share names neither."""
    found: dict[str, Actor] = {}
    shared: set[str] = set()
    # Only people's names: an organisation's are common words ("Office", "Ministry") that a
    # capitalised word opening a sentence would be taken for.
    for actor in actors:
        if actor.kind != "person":
            continue
        for word in actor.name.split():
            key = word.casefold().replace("ё", "е")
            if len(key) < _NAME_WORD or not word[:1].isupper():
                continue
            if key in found and found[key].name != actor.name:
                shared.add(key)
            found.setdefault(key, actor)
    return {key: actor for key, actor in found.items() if key not in shared}


def known_actor(
    text: str, spans: Sequence[tuple[int, int]], known: Mapping[str, Actor]
) -> Actor | None:
    """The actor of ``known`` (``name_words``) the first capitalised word of ``spans`` that
    names one names ("активиста Осмонова": Осмонов)."""
    for start, end in spans:
        word = text[start:end]
        if not word[:1].isupper():
            continue
        key = word.casefold().replace("ё", "е")
        matches = {actor.name: actor for name, actor in known.items() if _same_word(key, name)}
        if len(matches) == 1:
            actor = next(iter(matches.values()))
            return Actor(actor.kind, actor.name, actor.archive_id, word, start, end)
    return None


# Pronouns that name a man or a woman.
HE: Final = frozenset({"he", "him", "his", "он", "его", "него", "ему", "нему"})
SHE: Final = frozenset({"she", "her", "hers", "она", "её", "ее", "неё", "нее", "ей", "ней"})
# How many people named before an act a pronoun may reach back over.
_PRONOUN_REACH: Final = 4


def _gender(name: str) -> str:
    """ "f" or "m" where an entity's name says so, by its surname ("Isaeva", "Исаева", "Тажибек
    кызы"; "Sooronbaev", "Сооронбаев", "Асан уулу") or else its given name, otherwise ""."""
    sexes = by_name(name)
    return "" if sexes == EITHER else next(iter(sexes))


def pronoun_referent(text: str, span: tuple[int, int], before: Sequence[Actor]) -> Actor | None:
    """The person named last before the act that the pronoun at ``span`` can stand for: "she
    was not allowed to see him" after "Azamat Sooronbaev … His lawyer, Gulnara Isaeva" is
    Sooronbaev, not the lawyer named after him."""
    word = text[span[0] : span[1]].casefold()
    wanted = "m" if word in HE else "f" if word in SHE else ""
    for person in reversed(before[-_PRONOUN_REACH:]):
        found = _gender(person.name)
        if not wanted or not found or found == wanted:
            return person
    return None

"""Russian names in their dictionary form: the nominative a record is named by.

A Russian sentence puts a name in the case its grammar needs ("освобождения Мурада Алиева",
"в центре Жалал-Абада"); a record, and the archive's name index, want the dictionary form
(Мурад Алиев, Жалал-Абад). Each mention is read for the cases and genders its words can agree
on, and gives the names it may be the case form of; an entity's name is the one its mentions
agree on.

- A person: every word to the nominative in the gender the words agree on. Surnames in -ов,
  -ев, -ин are declined by their endings (Алиева is his genitive or her nominative; Алиевой only
  hers); other words by pymorphy3's readings of names; a given name ending in a consonant may be
  a woman's, which Russian does not decline (Асель, Гульзат). The Kyrgyz endings of given names
  (-бек a man's, гүл a woman's) rule out the other sex.
- A place or an organisation: the head noun (the first noun) and the adjectives before it, which
  agree with it, to the nominative; what follows the head (genitive dependents, a name in
  apposition, quoted names, numbers) is kept as written: "прокуратуру Нарынской области" is
  Прокуратура Нарынской области, "улице Ленина" улица Ленина. An organisation's name begins with
  a capital.
- The word just before a mention rules out cases: a preposition those it does not govern (из
  Оша: not the nominative Оша), a noun for a thing all but the genitive for a place or a person
  (в центре Жалал-Абада, освобождения Мурада Алиева); a word for a kind of place (городе,
  улица) does not, since a name beside it may stand in the nominative. A transitive verb no
  woman alone could be the subject of (арестовал, задержали), or its infinitive (освободить),
  rules out the nominative for a person after it: "арестовал Токтосунова" is his accusative,
  not her name; so does such a verb opening a sentence ("Задержали Токтосунова").
- An entity's name is the one its fullest mentions agree on (Алтын-Таше, Алтын-Таш,
  Алтын-Таша: Алтын-Таш), a person's in the gender all its mentions allow (Осмонов makes Нурлана
  Осмонова his genitive); where the agreed names leave a choice, one a mention writes as it
  stands wins, and failing that the name grouping chose is kept.

Words pymorphy3 does not know (hyphenated Kyrgyz places: Жалал-Абада, Кара-Балты) are read by
its guesses, which decline by the Russian ending; a guess is taken only when the dictionary form
keeps the written word but for its last two letters (three for an adjective). Such a word in -а
may also be a nominative (Жангы-Кала, which pymorphy3 reads as a Жангы-Кал's genitive), and in
-у the accusative of one; a text that writes the nominative in -а beside a form only that
declension has (Жангы-Калы) reads its other forms so. A Kyrgyz word ending in a long vowel
(Кок-Суу, Айсулуу) is not declined. Where the readings leave a choice, the name is kept as
written: a wrong nominative is worse than the case form.

Each word is read in ``russian_readings``, the word before a mention in
``russian_governed_cases``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Final

from docket.extract.grouping import Entity, quoted_as_written
from docket.extract.mentions import Mention
from docket.extract.russian_governed_cases import governed_cases
from docket.extract.russian_readings import (
    CASES,
    GENDERS,
    Reading,
    a_declension,
    adjective_readings,
    noun_readings,
    parses_of,
    person_word_readings,
    styled,
)

__all__ = ["in_nominative", "nominatives", "read_genders"]

_PHRASE_GENDERS: Final = ("masc", "femn", "neut")
_INITIAL: Final = re.compile(r"[А-ЯЁA-Z]\.(?:[А-ЯЁA-Z]\.)*")
_CYRILLIC_WORD: Final = re.compile(r"[А-ЯЁа-яёӨөҮүҢң]+(?:-[А-ЯЁа-яёӨөҮүҢң]+)*")


def _agreeing(
    words: Sequence[str],
    readings: Sequence[Sequence[Reading]],
    governed: frozenset[str] | None,
    genders: Sequence[str] = GENDERS,
) -> list[tuple[str, str]]:
    """The names ``words`` write in the nominative, with the gender each is read in, for each
    case and gender all their ``readings`` share; the written words first when they can be the
    nominative."""
    shared = [
        (case, gender)
        for case in CASES
        for gender in genders
        if all(any(r[0] == case and r[1] == gender for r in options) for options in readings)
    ]
    if governed is not None and any(case in governed for case, _ in shared):
        shared = [(case, gender) for case, gender in shared if case in governed]
    names: list[tuple[str, str]] = []
    for case, gender in shared:
        forms = [
            next(r[2] for r in options if r[0] == case and r[1] == gender) for options in readings
        ]
        name = " ".join(
            word if case == "nomn" else styled(word, form)
            for word, form in zip(words, forms, strict=True)
        )
        if (gender, name) not in names:
            names.append((gender, name))
    return names


def _person(text: str, mention: Mention) -> list[tuple[str, str]]:
    words = mention.text.split()
    declined = []
    for index, word in enumerate(words):
        if _CYRILLIC_WORD.fullmatch(word):
            declined.append(index)
        elif not _INITIAL.fullmatch(word):
            return []
    if not declined:
        return []
    readings = [person_word_readings(words[index]) for index in declined]
    names = _agreeing([words[index] for index in declined], readings, governed_cases(text, mention))
    result = []
    for gender, name in names:
        new = iter(name.split())
        whole = " ".join(next(new) if i in declined else w for i, w in enumerate(words))
        result.append((gender, whole))
    return result


def _acronym(word: str) -> bool:
    """An abbreviation (РОВД, ГОВД), not a name in capitals (ОШЕ, ТАЛАСА)."""
    if len(word) < 2 or not word.isupper() or not word.isalpha():
        return False
    parses = parses_of(word.lower())
    return not noun_readings(word) or any("Abbr" in parse.tag for parse in parses)


def _phrase(text: str, mention: Mention, spelt: frozenset[str]) -> list[str]:
    """A place's or an organisation's names: head noun and adjectives before it declined."""
    words = mention.text.split()
    head = None
    for index, word in enumerate(words):
        if not _CYRILLIC_WORD.fullmatch(word):
            return []
        adjective = bool(adjective_readings(word))
        # A word read both ways is the head only where nothing follows (Кара-Сууйскую
        # районную больницу: an adjective, with a surname among pymorphy3's guesses).
        noun = bool(noun_readings(word) or a_declension(word, spelt))
        if _acronym(word) or (noun and (not adjective or index == len(words) - 1)):
            head = index
            break
        if not adjective:
            return []
    if head is None:
        return []
    readings: list[Sequence[Reading]] = [adjective_readings(word) for word in words[:head]]
    declined = a_declension(words[head], spelt)
    if declined is not None:
        readings.append(declined)
    elif _acronym(words[head]):
        # An acronym pymorphy3 does not know is not declined: the adjectives before it tell
        # the case. The bodies such acronyms name (отдел, комитет, департамент) are mostly
        # masculine.
        if not readings:
            return [mention.text]
        readings.append(tuple((case, "masc", words[head]) for case in CASES))
    else:
        readings.append(noun_readings(words[head]))
    names = _agreeing(words[: head + 1], readings, governed_cases(text, mention), _PHRASE_GENDERS)
    rest = words[head + 1 :]
    found = []
    for _, name in names:
        whole = " ".join([name, *rest])
        if mention.kind == "organization":
            whole = whole[:1].upper() + whole[1:]
        if whole not in found:
            found.append(whole)
    return found


def _spelt(text: str) -> frozenset[str]:
    return frozenset(word.lower() for word in _CYRILLIC_WORD.findall(text))


def nominatives(text: str, mention: Mention, spelt: frozenset[str] | None = None) -> list[str]:
    """The names a mention of a Russian ``text`` may write in the nominative: the written name
    first when it can be read so; empty when its words cannot be read. ``spelt`` is the set of
    the text's words in lower case, when it is at hand."""
    if mention.name:
        # A name set before (a heading's capitals undone: ТАЛАСА, Таласа) is read instead.
        mention = replace(mention, text=mention.name)
    if mention.kind == "person":
        return list(dict.fromkeys(name for _, name in _person(text, mention)))
    return _phrase(text, mention, _spelt(text) if spelt is None else spelt)


def _words(name: str) -> int:
    return sum(not _INITIAL.fullmatch(word) for word in name.split())


def _sex(read: Sequence[list[tuple[str, str]]]) -> frozenset[str]:
    """The genders every mention of a person can be read in (``read``: each mention's names
    with their genders): "Осмонов" makes "Нурлана Осмонова" his genitive, not her nominative."""
    genders = frozenset(GENDERS)
    for names in read:
        found = frozenset(gender for gender, _ in names)
        if found and found & genders:
            genders &= found
    return genders


def read_genders(text: str, mentions: Sequence[Mention]) -> frozenset[str]:
    """The genders ("masc", "femn") every mention of one person can be read in, by its words
    and the word before it: "от Жумалиева" is only his genitive."""
    return _sex([_person(text, replace(m, text=m.name) if m.name else m) for m in mentions])


def _entity_name(text: str, entity: Entity, spelt: frozenset[str]) -> str:
    """The name the entity's fullest mentions agree on; as chosen by grouping where they
    agree on none or leave a choice none of them writes."""
    fullest = max(_words(mention.as_name) for mention in entity.mentions)
    mentions = [
        replace(mention, text=mention.name) if mention.name else mention
        for mention in entity.mentions
    ]
    people = [_person(text, mention) for mention in mentions] if entity.kind == "person" else []
    sex = _sex(people)
    shared: list[str] | None = None
    spellings: dict[str, list[str]] = {}
    written: set[str] = set()
    for index, mention in enumerate(mentions):
        if _words(mention.text) != fullest:
            continue
        if entity.kind == "person":
            names = list(dict.fromkeys(name for gender, name in people[index] if gender in sex))
        else:
            names = _phrase(text, mention, spelt)
        if not names:
            continue
        if names[0].casefold() == mention.text.casefold():
            written.add(names[0].casefold())
        keys = [name.casefold() for name in names]
        for key, name in zip(keys, names, strict=True):
            spellings.setdefault(key, []).append(name)
        shared = keys if shared is None else [key for key in shared if key in keys]
    if not shared:
        return entity.name
    # A name one of the mentions writes as it stands is preferred.
    chosen = [key for key in shared if key in written] or shared
    if len(chosen) > 1:
        return entity.name
    # Spelt as a mention spells it, not in capitals where one does not ("ОШЕ", "Ош").
    found = spellings[chosen[0]]
    return next((name for name in found if not name.isupper()), found[0])


def in_nominative(text: str, entities: Sequence[Entity]) -> list[Entity]:
    """``entities`` of a Russian ``text`` named by the dictionary form their mentions agree on
    (see the module's description); the mentions' spans are not changed."""
    spelt = _spelt(text)
    return [
        replace(entity, name=quoted_as_written(_entity_name(text, entity, spelt), entity.mentions))
        for entity in entities
    ]

"""A general act narrowed by what the document calls its victim elsewhere.

The words of an act's own sentence narrow it ("detained the journalist" is a journalist's
detention: ``refine`` in ``vocabulary/acts.yaml``). A report often describes its subject once
and then tells what befell them by a pronoun: "Обращение по делу журналистки Айнуры
Калыбековой … сотрудники милиции задержали её у редакции", "журналист Назира Шамшиева … аны
кармап". Once an act's victim is read, the victim's mentions anywhere in the document are looked
at: a word of ``described`` right before one ("journalist Meerim Usubalieva"), after it set off
by a comma ("Kanybek Sultanaliev, a blogger from Tash-Kol") or after it and only copulas
("Калыбекова работает корреспондентом") makes the act the narrower kind. An act whose own words
tell a court's remand (``unless``: "remanded him in custody", "арестовал её") stays general, as
the annotation has it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, Final

from docket.extract.actors import Actor
from docket.extract.lexicon import fold_text
from docket.extract.sentence_ends import next_break
from docket.extract.verb_object import load_vocabulary
from docket.model.taxonomy import Term

__all__ = ["narrowed_by_description"]

_VOCABULARY: Final = "vocabulary/acts.yaml"
# How many words before a mention a describing word may stand ("the journalist Meerim", "the
# local blogger Nurlan"), and after it, past a comma or copulas ("…, a blogger", "is a freelance
# reporter").
_BEFORE: Final = 2
_AFTER: Final = 3
# Words looked at before an act for ``unless``: the court that remands ("Суд арестовал").
_UNLESS_BEFORE: Final = 3
# An outlet's name in quotes between a describing word and the mention: how far back its
# opening mark may stand, and the opening mark of each closing one.
_QUOTED: Final = 60
_QUOTES: Final = {"»": "«", "”": "“", '"': '"'}
_WORD: Final = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*|[—–-]")


@dataclass(frozen=True)
class _Description:
    words: tuple[str, ...]
    narrows: dict[str, Term]
    unless: tuple[str, ...]


@dataclass(frozen=True)
class _Descriptions:
    rules: tuple[_Description, ...]
    copulas: frozenset[str]


def _starts(entry: dict[str, Any] | None, language: str) -> tuple[str, ...]:
    return tuple(word.casefold() for word in (entry or {}).get(language) or [])


@cache
def _descriptions(language: str) -> _Descriptions:
    vocabulary = load_vocabulary(_VOCABULARY, "violation_types", language)
    rules = []
    for entry in vocabulary.data.get("described") or []:
        narrows = {
            vocabulary.taxonomy.get(general).code: vocabulary.taxonomy.get(narrow)
            for general, narrow in (entry.get("narrows") or {}).items()
        }
        words = _starts(entry.get("words"), language)
        if words and narrows:
            rules.append(_Description(words, narrows, _starts(entry.get("unless"), language)))
    copulas = frozenset(_starts(vocabulary.data.get("copulas"), language))
    return _Descriptions(tuple(rules), copulas)


def _words_before(text: str, start: int, count: int) -> list[str]:
    """The last ``count`` words of the sentence before offset ``start``, nearest last; a mark
    that ends a clause ends them."""
    low = max(0, start - 80)
    head = text[low:start]
    breaks = [found.end() for found in re.finditer(r"[,;:()«»\"“”.!?…\n]", head)]
    head = head[breaks[-1] :] if breaks else head
    return [word.casefold() for word in _WORD.findall(head)][-count:]


def _described_after(text: str, end: int, rule: _Description, copulas: frozenset[str]) -> bool:
    """Whether a describing word follows a mention ending at ``end``: after a comma right
    behind it ("Sultanaliev, a blogger"), or after only copulas ("работает корреспондентом")."""
    closing = next_break(text, end, end + 80)
    tail = text[end : end + 80 if closing is None else closing]
    apposition = tail.lstrip().startswith(",")
    clause = tail.lstrip().lstrip(",")
    cut = re.search(r"[,;:()]", clause)
    words = [word.casefold() for word in _WORD.findall(clause[: cut.start()] if cut else clause)]
    for word in words[:_AFTER]:
        if word.startswith(rule.words):
            return True
        if not apposition and word not in copulas:
            return False
    return False


def _quoted_before(text: str, start: int) -> int | None:
    """Where a name in quotation marks opens that stands right before offset ``start``: the
    outlet of "журналистки газеты «Бел-Алма Ньюс» Гульмиры Тойчуевой"."""
    head = text[max(0, start - _QUOTED) : start].rstrip()
    if not head or head[-1] not in _QUOTES:
        return None
    opening = head.rfind(_QUOTES[head[-1]], 0, len(head) - 1)
    if opening < 0 or "\n" in head[opening:]:
        return None
    return start - len(text[max(0, start - _QUOTED) : start]) + opening


def _described(text: str, mention: Actor, rule: _Description, copulas: frozenset[str]) -> bool:
    before = _words_before(text, mention.start, _BEFORE)
    quoted = _quoted_before(text, mention.start)
    if quoted is not None:
        # The words before the outlet's name describe the one named after it.
        before += _words_before(text, quoted, _BEFORE)
    return any(word.startswith(rule.words) for word in before) or _described_after(
        text, mention.end, rule, copulas
    )


def narrowed_by_description(
    text: str, language: str | None, acts: Sequence[dict[str, Any]], people: Sequence[Actor]
) -> None:
    """Narrow each general act of ``acts`` whose one victim the document describes, anywhere,
    by a word of ``described`` (``acts`` are changed in place)."""
    if language is None:
        return
    found = _descriptions(language)
    if not found.rules:
        return
    for act in acts:
        victim = act.get("victim")
        if not isinstance(victim, dict) or victim.get("kind") != "person":
            continue
        mentions = [person for person in people if person.name == victim["name"]]
        for rule in found.rules:
            narrow = rule.narrows.get(act["type"])
            if narrow is None:
                continue
            own = fold_text(text[act["start"] : act["end"]]).words
            near = _words_before(text, act["start"], _UNLESS_BEFORE)
            if any(word.startswith(rule.unless) for word in (*near, *own)):
                continue
            if any(_described(text, mention, rule, found.copulas) for mention in mentions):
                act["type"] = narrow.code
                act["label"] = narrow.label("en")
                break

"""Calls worded as obligations, told from statements of the law worded alike.

A report's recommendations and a party's demands often word a call as what someone must do: "The
Prosecutor General's Office should investigate the beating", "Kasymaliev must be released",
"Власти должны расследовать угрозы", "Усенов должен быть освобождён", "Башкы прокуратура …
иликтеши керек", "тергөө жүргүзүүгө милдеттүү". The same modal words state the law or a duty in
general, which asks nothing of anyone on a case: "Under the Criminal Procedure Code, the
prosecutor must examine any complaint of torture within three days", "Закон обязывает
прокуратуру рассматривать такие жалобы в течение трёх дней", "Мыйзам боюнча прокурор ар бир
арызды … кароого милдеттүү". ``stated_duties`` drops an obligation whose sentence names a law,
whose clause makes it general ("any", "каждому", "ар бир") or sets a time limit, or that a court
or official decided ("ruled that he must be released").

Who asks it (``obligation_roles``): the one obliged, named before the modal in its clause (its
subject: "The Prosecutor General's Office should investigate", "Нургүл Бейшенова дароо
бошотулушу керек"), is the call's addressee, or, for a release, the person to be freed; the
author is the document's own organisation, whose voice a recommendation or a statement is,
unless the sentence reports someone ("The Alliance said that he must be released", "… деп
билдирди"): then it is that speaker's call where the speaker is a party that intervenes, and no
intervention where not (a ministry saying the police must investigate speaks for the state).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache
from typing import Any, Final

from docket.extract.actors import Actor
from docket.extract.clauses import edges
from docket.extract.lexicon import FoldedText, PhraseMatch, fold_text

__all__ = ["obligation_roles", "obliged", "stated_duties"]

_KEY: Final = "obligations"
# Languages whose names take case endings, so that the one obliged is told by its case.
_CASED: Final = frozenset({"ru", "ky"})


def _words_of(data: Mapping[str, Any], language: str) -> Mapping[str, Any]:
    return ((data.get(_KEY) or {}).get(language)) or {}


def _starts(entry: Mapping[str, Any], key: str) -> tuple[str, ...]:
    return _folded_words(" ".join(entry.get(key) or ()))


# The vocabulary's word lists are folded for every intervention and every text: the same few
# strings each time.
@lru_cache(maxsize=256)
def _folded_words(words: str) -> tuple[str, ...]:
    return tuple(fold_text(words).words)


def obliged(
    text: str, start: int, end: int, code: str, data: Mapping[str, Any], language: str
) -> bool:
    """Whether ``text[start:end]``, an intervention of kind ``code``, is worded as an
    obligation: a kind of ``obligations`` with one of its language's modals among its words."""
    if code not in ((data.get(_KEY) or {}).get("kinds") or ()):
        return False
    modals = _starts(_words_of(data, language), "modals")
    return bool(modals) and any(
        word.startswith(modals) for word in fold_text(text[start:end]).words
    )


def stated_duties(
    text: str,
    folded: FoldedText,
    matches: Sequence[PhraseMatch],
    data: Mapping[str, Any],
    language: str,
) -> list[PhraseMatch]:
    """``matches`` without the obligations that state the law or a duty in general, or that a
    court or official decided (see the module's docstring)."""
    entry = _words_of(data, language)
    law = _starts(entry, "law")
    exceptions = _starts(entry, "except")
    general = frozenset(_starts(entry, "general"))
    time = frozenset(_starts(entry, "time"))
    ruled = _starts(entry, "ruled")
    past = frozenset(_starts(entry, "past"))
    modals = _starts(entry, "modals")
    starts = [token.start for token in folded.tokens]
    words = folded.words

    def between(low: int, high: int) -> list[str]:
        return words[bisect.bisect_left(starts, low) : bisect.bisect_left(starts, high)]

    kept: list[PhraseMatch] = []
    for match in matches:
        if not obliged(text, match.start, match.end, match.term.code, data, language):
            kept.append(match)
            continue
        sentence_low, sentence_high = edges(text, match.start, match.end, clause=False)
        clause_low, clause_high = edges(text, match.start, match.end, clause=True)
        sentence = between(sentence_low, sentence_high)
        clause = between(clause_low, clause_high)
        if law and any(
            word.startswith(law) and not (exceptions and word.startswith(exceptions))
            for word in sentence
        ):
            continue
        if general.intersection(clause) or time.intersection(clause):
            continue
        if ruled and any(word.startswith(ruled) for word in between(sentence_low, match.start)):
            continue
        if past and _told_as_past(words, starts, match, modals, past):
            continue
        kept.append(match)
    return kept


def _modal_last(
    text: str, found: Mapping[str, Any], data: Mapping[str, Any], language: str
) -> bool:
    """Whether the obligation's words end on its modal, what is to be done told first
    ("Расследовать избиение … должна", "Бошотулушу керек"), so that its subject follows."""
    words = fold_text(text[found["start"] : found["end"]]).words
    modals = _starts(_words_of(data, language), "modals")
    return bool(words) and bool(modals) and words[-1].startswith(modals)


def _nominative(actor: Actor) -> bool:
    """Whether a Russian or Kyrgyz mention ends as its name does, without a case ending: the
    subject of its clause, not whom the clause is about ("Мадылбековду", "Бердибекова")."""
    written = fold_text(actor.text).words
    named = fold_text(actor.name).words
    return bool(written) and bool(named) and written[-1] == named[-1]


def _told_as_past(
    words: Sequence[str],
    starts: Sequence[int],
    match: PhraseMatch,
    modals: tuple[str, ...],
    past: frozenset[str],
) -> bool:
    """Whether a modal of ``match`` has a word of the past right beside it ("should have
    investigated", "должна была провести", "были обязаны освободить", "иликтеши керек эле"): a
    duty that was not met."""
    first = bisect.bisect_left(starts, match.start)
    last = bisect.bisect_left(starts, match.end)
    return any(
        words[index].startswith(modals)
        and bool(
            past.intersection((*words[max(0, index - 1) : index], *words[index + 1 : index + 2]))
        )
        for index in range(first, last)
    )


def obligation_roles(
    text: str,
    language: str,
    interventions: Sequence[dict[str, Any]],
    data: Mapping[str, Any],
    actors: Sequence[Actor],
    author: Actor | None,
    intervening: Callable[[Actor], bool],
) -> list[dict[str, Any]]:
    """``interventions`` with each obligation given its addressee and author, in place, and
    without the obligations someone reported says who is no intervening party (see the
    module's docstring); ``intervening`` tells whether an actor is such a party."""
    said = frozenset(_starts(_words_of(data, language), "said"))
    ordered = sorted(actors, key=lambda actor: actor.start)
    kept: list[dict[str, Any]] = []
    for found in interventions:
        if not obliged(text, found["start"], found["end"], found["type"], data, language):
            kept.append(found)
            continue
        clause_low, _ = edges(text, found["start"], found["end"], clause=True)
        sentence_low, sentence_high = edges(text, found["start"], found["end"], clause=False)
        reported = bool(said.intersection(fold_text(text[sentence_low:sentence_high]).words))
        # Who speaks in a reported sentence comes first in it ("The Alliance said that …",
        # "Альянс … деп билдирди"); the one obliged is then the last named before the modal.
        speaker = next(
            (actor for actor in ordered if sentence_low <= actor.start < sentence_high), None
        )
        before = [
            actor
            for actor in ordered
            if clause_low <= actor.start
            and actor.end <= found["start"]
            and (author is None or actor.name != author.name)
            and not (reported and actor is speaker)
        ]
        if language in _CASED:
            # Who is obliged is the subject, in the nominative: not "Мадылбековду" in
            # "Мадылбековду сабаган милиция кызматкерлерин Башкы прокуратура иликтеши керек".
            # With the inquiry put first, the subject follows the modal: "Расследовать
            # избиение должна Генеральная прокуратура".
            before = [actor for actor in before if _nominative(actor)]
            if not before and _modal_last(text, found, data, language):
                _, clause_high = edges(text, found["start"], found["end"], clause=True)
                before = [
                    actor
                    for actor in ordered
                    if found["end"] <= actor.start < clause_high and _nominative(actor)
                ][:1]
        # Unreported, the subject opens the clause: "Башкы прокуратура Бейшенованы сабаган …
        # иликтеши керек" obliges the prosecutor's office, not the woman beaten.
        subject = (before[-1] if reported else before[0]) if before else None
        if subject is not None:
            found["toward"] = subject.to_json()
        elif found["type"] != "call_for_release":
            # "в адрес Усенова" after "должны расследовать угрозы" is whom the threats were
            # against: the one obliged is named before the modal or not at all.
            found["toward"] = None
        if reported:
            if speaker is None or not intervening(speaker):
                continue
            found["by"] = speaker.to_json()
        else:
            found["by"] = None if author is None else author.to_json()
        kept.append(found)
    return kept

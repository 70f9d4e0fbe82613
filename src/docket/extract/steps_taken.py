"""Which intervention wordings tell a step taken, and which only promise one or point back.

An intervention is a step a party took. Four wordings name one without telling it:

- an undertaking for the future ("We will also raise the case with the OSCE at its next
  meeting", "«Калкан» намерен обратиться в Рабочую группу ООН", "комитетине кайрылууну пландап
  жатат") is not one, as the guideline says; the ``future`` words of
  ``vocabulary/interventions.yaml`` mark it, before the step in its clause (English, Russian) or
  after it (the Kyrgyz verb of planning that ends the clause), or, in a step to a UN body, the
  step's own verb in its future form ("мы обратимся в Комитет ООН", "комитетине
  кайрылабыз"); but a threat to refer a
  case to an international court is the step itself (``kept``), and so is a step to a UN body
  promised on a condition ("If he is not released by 15 April, the centre will turn to the UN
  Working Group", "Если … не освободят, мы обратимся в Комитет ООН", "Эгер … бошотулбаса, биз
  … кайрылабыз": ``threats``), a threat to take the case to an international body;
- a general word that refers back to a step already told ("filed an appeal … The court
  rejected the appeal", "requested a meeting … The request was acknowledged", "этот запрос")
  is the same step, not a second one: the ``back`` word right before it, and the same word
  (its first letters) inside an intervention found earlier in the document;
- a visit that a sentence asks someone to make ("recommends that the Ombudsman carry out an
  unannounced visit to the colony", "призываем … Омбудсмена — посетить Сарыбаеву в СИЗО") has
  not been made: the ``asked`` words before it in its sentence (after it in Kyrgyz, whose verb
  of asking ends the sentence).

- a bare call ("urged", "called on", "призвал") made by the state or on the public ("The
  prosecutor called on the court to sentence him", "Police urged the protesters to disperse",
  "Министерство призвало граждан не участвовать") is no party's step on a case: the ``calls``
  words, an official before the call in its clause or the public in the two words after it.

All read only the words around the phrase, so they hold for any wording the vocabulary finds.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Final

from docket.extract.clauses import edges
from docket.extract.lexicon import FoldedText, PhraseMatch
from docket.model.taxonomy import Term

__all__ = ["steps_taken"]

# Letters two words share from their start to be one word told again ("requested a meeting …
# The request"; "обращение … это обращение").
_STEM: Final = 6
_ARTICLES: Final = frozenset({"the", "a", "an", "its", "their", "his", "her"})


def steps_taken(
    text: str,
    folded: FoldedText,
    matches: Sequence[PhraseMatch],
    data: Mapping[str, Any],
    language: str,
    general: Callable[[str], bool],
    is_a: Callable[[str, str], bool],
    term_of: Callable[[str], Term] | None = None,
) -> list[PhraseMatch]:
    """``matches`` without the undertakings, the visits asked for and the general words
    (``general`` says which codes are) that refer back to a step found before them (see the
    module's docstring), and with the threats to turn to a UN body as the kind ``threats``
    makes them (``term_of`` gives a code's term; without it, they are undertakings); ``is_a``
    tells a kind's broader kinds."""
    asked = data.get("asked") or {}
    asked_kinds = tuple(asked.get("kinds") or ())
    asking = asked.get(language) or {}
    asking_before = tuple(asking.get("before") or ())
    asking_after = tuple(asking.get("after") or ())
    future = (data.get("future") or {}).get(language) or {}
    promised = frozenset((data.get("future") or {}).get("kept") or ())
    before = frozenset(future.get("before") or ())
    after = tuple(future.get("after") or ())
    future_verbs = frozenset(((data.get("future") or {}).get("verbs") or {}).get(language) or ())
    threats = data.get("threats") or {}
    threat_kinds = frozenset(threats.get("kinds") or ())
    threatening = threats.get(language) or {}
    conditions = frozenset(threatening.get("conditions") or ())
    endings = tuple(threatening.get("endings") or ())
    becomes = (
        term_of(threats["becomes"]) if term_of is not None and threats.get("becomes") else None
    )
    back = frozenset((data.get("back") or {}).get(language) or ())
    calls = data.get("calls") or {}
    call_kinds = tuple(calls.get("kinds") or ())
    calling = calls.get(language) or {}
    call_words = tuple(calling.get("words") or ())
    officials = tuple(calling.get("officials") or ())
    public = tuple(calling.get("public") or ())
    starts = [token.start for token in folded.tokens]
    words = folded.words

    def between(low: int, high: int) -> list[str]:
        # The words that start in ``text[low:high]``.
        return words[bisect.bisect_left(starts, low) : bisect.bisect_left(starts, high)]

    kept: list[PhraseMatch] = []
    for match in matches:
        low, high = edges(text, match.start, match.end, clause=True)
        ahead = between(low, match.start)
        behind = between(match.end, high)
        if match.term.code not in promised and (
            before.intersection(ahead)
            or (after and any(w.startswith(after) for w in behind))
            or (
                # The Kyrgyz "-абыз" is also the present of a letter's own "Сизге
                # кайрылабыз": read as a promise only in a step to a UN body.
                match.term.code in threat_kinds
                and future_verbs.intersection(between(match.start, match.end))
            )
        ):
            if becomes is None or match.term.code not in threat_kinds:
                continue
            opening, _ = edges(text, match.start, match.end, clause=False)
            earlier = between(opening, match.start)
            if not (
                conditions.intersection(earlier)
                or (endings and any(word.endswith(endings) for word in earlier))
            ):
                continue
            match = PhraseMatch(becomes, match.start, match.end)
        if any(is_a(match.term.code, kind) for kind in asked_kinds) and _asked_for(
            match,
            between,
            edges(text, match.start, match.end, clause=False),
            asking_before,
            asking_after,
        ):
            continue
        if (
            call_words
            and match.term.code in call_kinds
            and all(word.startswith(call_words) for word in between(match.start, match.end))
            and (
                any(word.startswith(officials) for word in ahead)
                or any(word.startswith(public) for word in _after_articles(behind)[:2])
            )
        ):
            continue
        if general(match.term.code) and ahead and ahead[-1] in back:
            own = {word[:_STEM] for word in between(match.start, match.end)}
            if any(
                earlier.end <= match.start
                and own.intersection(word[:_STEM] for word in between(earlier.start, earlier.end))
                for earlier in kept
            ):
                continue
        kept.append(match)
    return kept


def _asked_for(
    match: PhraseMatch,
    between: Callable[[int, int], list[str]],
    sentence: tuple[int, int],
    before: tuple[str, ...],
    after: tuple[str, ...],
) -> bool:
    """Whether the sentence asks for the step (a visit requested) rather than reporting it."""
    first, last = sentence
    return bool(
        (before and any(word.startswith(before) for word in between(first, match.start)))
        or (after and any(word.startswith(after) for word in between(match.end, last)))
    )


def _after_articles(words: Sequence[str]) -> Sequence[str]:
    """``words`` from the first that is no article: "urged the citizens" calls on citizens."""
    skip = 0
    while skip < len(words) and words[skip] in _ARTICLES:
        skip += 1
    return words[skip:]

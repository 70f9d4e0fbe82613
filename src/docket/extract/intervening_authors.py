"""Who made an intervention where no name stands as its subject.

``docket.extract.interventions.by_interveners`` keeps an intervention by its author; three
wordings name the author without the name the grammar reads:

- a short form of an intervening organisation's name: "«Аян» выразил обеспокоенность" after
  "Клиника правовой помощи «Аян»", whose words hold all of the short form's;
- a description at the head of the sentence by the word of its name that says what it is:
  "The centre has written to the Ombudsman" in the Kalkan Human Rights Centre's report,
  "Центр потребовал провести расследование", "Борбор … кайрылууну пландап жатат";
- people counted, who are no organisation of the document: "More than 40 journalists have
  signed a petition", "Более 200 граждан направили … обращения", "30дан ашык журналист …
  талап кылышты", "Hundreds of residents signed a petition" are not the document's author,
  whom an intervention naming no author is otherwise given to.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from typing import Final

from docket.extract.actors import Actor
from docket.extract.lexicon import fold_text
from docket.extract.participants import CLAUSE_BREAK

__all__ = ["counted_people_before", "described_author", "short_names"]

# Letters a description's word and a name's word must share from their start ("центр",
# "центра"; "борбор", "борбордун"): enough to pass a case ending, not a different word.
_STEM: Final = 5
_ARTICLES: Final = frozenset({"the", "this", "that"})
_SENTENCE_BREAK: Final = re.compile(r"[.!?…](?!\w)|\n")
# How far back a clause or sentence start is looked for: a sentence is shorter, and a long
# text is not scanned from its start for every phrase.
_LOOK_BACK: Final = 2000


def short_names(actors: Sequence[Actor], parties: Collection[str]) -> set[str]:
    """The organisations whose name's words are all words of a party's longer name."""
    named = [set(fold_text(name).words) for name in parties]
    return {
        actor.name
        for actor in actors
        if actor.kind == "organization"
        and actor.name not in parties
        and (words := set(fold_text(actor.name).words))
        and any(words < party for party in named)
    }


def described_author(
    text: str, sentence_start: int, start: int, parties: Sequence[Actor]
) -> Actor | None:
    """The party a description at the head of the sentence (before ``start``) names by a word
    of its name ("The centre", "Центр", "Борбордун кызматкерлери")."""
    words = fold_text(text[sentence_start:start]).words
    if words and words[0] in _ARTICLES:
        words = words[1:]
    if not words or len(words[0]) < _STEM:
        return None
    head = words[0][:_STEM]
    for party in parties:
        if any(word.startswith(head) for word in fold_text(party.name).words):
            return party
    return None


def counted_people_before(
    text: str, start: int, counted: Sequence[tuple[int, int]], crowds: Collection[str]
) -> bool:
    """Whether the clause before ``start`` counts people: a count of people of the document
    (``counted``, their spans: "More than 40 journalists") or one of the ``crowds`` words
    (word starts: "Hundreds of residents", "Сотни жителей")."""
    low = max(0, start - _LOOK_BACK)
    for pattern in (CLAUSE_BREAK, _SENTENCE_BREAK):
        for found in pattern.finditer(text, max(0, start - _LOOK_BACK), start):
            low = max(low, found.end())
    if any(low <= begin and end <= start for begin, end in counted):
        return True
    return any(word.startswith(tuple(crowds)) for word in fold_text(text[low:start]).words)

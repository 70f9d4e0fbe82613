"""One name, one kind within a document: the models' kind slips corrected by the document itself.

A statistical model decides the kind of each mention from its few neighbouring words, so one
document may call "Kalkan" a place where it wrote "Kalkan Human Rights Centre" two lines above,
or "Abylov" an organisation after "Pastor Daniyar Abylov". The longer mention is the better
evidence: a short name that opens or closes a longer one takes its kind. And the region's place
names are hyphenated compounds (Chon-Aryk, Кара-Жыгач) where people's names are not, so a lone
compound tagged as a person or an organisation is a place.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from docket.extract.gazetteer import GAZETTEER_SOURCE
from docket.extract.mentions import Mention, MentionKind

__all__ = ["consistent_kinds", "is_place_compound"]


_SEAT_WORDS = frozenset(
    ("city", "town", "district", "regional", "region", "oblast", "province", "provincial",
     "municipal", "village", "county", "state",
     # Kyrgyz attributives of a town, a district, a region, a village ("Каракол шаардык ички
     # иштер башкармалыгы": the town's police, named after Karakol, which stays a place).
     "шаардык", "райондук", "облустук", "айылдык")
)  # fmt: skip


def is_place_compound(text: str) -> bool:
    """A single word of capitalised parts joined by hyphens: Chon-Aryk, Жангы-Кала."""
    if any(character.isspace() for character in text):
        return False
    parts = text.split("-")
    return len(parts) > 1 and all(len(part) > 1 and part[:1].isupper() for part in parts)


def _kind_of_longer(mentions: Sequence[Mention]) -> dict[str, MentionKind]:
    """For a word that opens or closes a longer name, the kind most longer names give it."""
    votes: dict[str, Counter[MentionKind]] = {}
    for mention in mentions:
        words = mention.as_name.split()
        if len(words) < 2:
            continue
        # An organisation is named by its first word (Kalkan Human Rights Centre), a person by
        # the last (Daniyar Abylov); but an office of a town or a district is named after its
        # seat (Bishkek City Hall, Naryn Regional Court), which stays a place.
        if mention.kind == "organization" and words[1].lower() in _SEAT_WORDS:
            continue
        word = words[-1] if mention.kind == "person" else words[0]
        votes.setdefault(word, Counter())[mention.kind] += 1
    return {word: counter.most_common(1)[0][0] for word, counter in votes.items()}


def consistent_kinds(mentions: Sequence[Mention]) -> list[Mention]:
    """``mentions`` with kinds made consistent within the document; spans are unchanged.

    Names the archive already knows (the gazetteer's) keep their kind.
    """
    longer = _kind_of_longer(mentions)
    fixed: list[Mention] = []
    for mention in mentions:
        kind = mention.kind
        # A name the archive knows keeps the kind of its record.
        name = mention.as_name
        if mention.source != GAZETTEER_SOURCE and " " not in name.strip():
            # A compound names a place even where it opens an organisation's name: the
            # organisation is named after its seat ("Sary-Bel police department").
            if is_place_compound(name):
                kind = "place"
            elif name in longer:
                kind = longer[name]
        fixed.append(mention if kind == mention.kind else replace(mention, kind=kind))
    return fixed

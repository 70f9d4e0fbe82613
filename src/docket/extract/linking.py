"""Which actor already in the archive an entity of a document is, with a score and the reason.

A link is a proposal like any other: the reviewer sees why it was made. The reasons, strongest
first: the same name as written (``exact name``), the same name in another spelling or case form
(``spelling variant``: Atambaev / Atambayev / Атамбаевдин against Атамбаев), the same name in the
other script (``transliteration``: Atambayev / Атамбаев), and a lone surname that ends one known
name (``surname only``: Atambaev against Almazbek Atambayev). When the two best candidates are
different records and close in score, nothing is linked and both are listed for a person to
choose: a wrong link would merge two people's records.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Final

from docket.extract.gazetteer import Gazetteer, GazetteerMatch, KnownName
from docket.names import name_key

__all__ = ["Candidate", "Link", "link_entity"]

SCORES: Final = {
    "exact name": 1.0,
    "spelling variant": 0.9,
    "transliteration": 0.85,
    "surname only": 0.6,
}
# Two different records closer than this are a question for a person, not a link: an exact
# name against another record's spelling variant is still a question (the archive may hold
# one person twice, or two people), an exact name against a lone surname is not.
AMBIGUITY_MARGIN: Final = 0.15


@dataclass(frozen=True)
class Candidate:
    """One archive record an entity may be, and why."""

    archive_id: str
    name: str
    score: float
    reason: str

    def to_json(self) -> dict[str, Any]:
        return {
            "archive_id": self.archive_id,
            "name": self.name,
            "score": self.score,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class Link:
    """The record an entity is linked to (None when unsure), and the candidates considered."""

    linked: Candidate | None
    candidates: tuple[Candidate, ...]

    @property
    def ambiguous(self) -> bool:
        return self.linked is None and len(self.candidates) > 1


def _script(text: str) -> str:
    for character in text:
        if character.isalpha():
            name = unicodedata.name(character, "")
            return "Cyrillic" if name.startswith("CYRILLIC") else "Latin"
    return ""


def _folded(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def _reason(written: str, known: str) -> str:
    if _folded(written) == _folded(known):
        return "exact name"
    if _script(written) != _script(known):
        return "transliteration"
    return "spelling variant"


def _best(candidates: Iterable[Candidate]) -> list[Candidate]:
    """One candidate per record, its best reason; best first."""
    best: dict[str, Candidate] = {}
    for candidate in candidates:
        held = best.get(candidate.archive_id)
        if held is None or candidate.score > held.score:
            best[candidate.archive_id] = candidate
    return sorted(best.values(), key=lambda c: (-c.score, c.archive_id))


def link_entity(
    kind: str,
    texts: Sequence[str],
    matches: Sequence[GazetteerMatch],
    gazetteer: Gazetteer | None,
) -> Link:
    """The link of an entity written as ``texts``, from the gazetteer ``matches`` on its mentions.

    A single-word entity no known name matched whole is looked up as a surname.
    """
    found = [
        Candidate(
            match.known.archive_id,
            match.known.canonical_name,
            SCORES[_reason(match.mention.text, match.known.canonical_name)],
            _reason(match.mention.text, match.known.canonical_name),
        )
        for match in matches
        if match.known.kind == kind
    ]
    if not found and gazetteer is not None:
        found = [
            Candidate(
                known.archive_id, known.canonical_name, SCORES["surname only"], "surname only"
            )
            for known in _by_surname(kind, texts, gazetteer)
        ]
    ranked = _best(found)
    if not ranked:
        return Link(None, ())
    if len(ranked) > 1 and ranked[0].score - ranked[1].score < AMBIGUITY_MARGIN:
        return Link(None, tuple(ranked))
    return Link(ranked[0], tuple(ranked))


def _by_surname(kind: str, texts: Sequence[str], gazetteer: Gazetteer) -> list[KnownName]:
    keys = {name_key(text) for text in texts}
    if any(len(key.split()) != 1 for key in keys) or len(keys) != 1:
        return []
    (key,) = keys
    return [known for known in gazetteer.with_last_word(key) if known.kind == kind]

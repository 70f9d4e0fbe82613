"""Names the archive already knows, found in any spelling, script, word order or case.

Each known name and each window of words in a text are reduced to ``docket.names`` keys, so
Джунушалиев in the archive finds Zhunushaliev in a wire story and Джунушалиевдин in a Kyrgyz
statement. Lookup is a dictionary probe per window: time grows with the text, not the list.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from docket.extract.mentions import Mention, MentionKind
from docket.names import Token, name_key, search_key, tokenize
from docket.names.keys import PATRONYMIC_KEY_ENDINGS

__all__ = ["GAZETTEER_SOURCE", "Gazetteer", "GazetteerMatch", "KnownName"]

GAZETTEER_SOURCE = "gazetteer"
# Between the words of one name there is only a space, a hyphen or the dot of an initial.
_JOINERS = frozenset(" \t\u00a0-\u2010\u2011.")
_MAX_GAP = 3
_MAX_INITIAL = 2


@dataclass(frozen=True)
class KnownName:
    """A name in the archive: what it is, how the archive writes it, and its record id."""

    kind: MentionKind
    canonical_name: str
    archive_id: str


@dataclass(frozen=True)
class GazetteerMatch:
    """A mention of a known name, with the entry it matched."""

    mention: Mention
    known: KnownName


def _lookup_key(keys: Iterable[str]) -> tuple[str, ...]:
    # Sorted, because Russian documents put the surname first and English ones last.
    return tuple(sorted(keys))


class Gazetteer:
    """Finds known names in texts."""

    def __init__(self, names: Iterable[KnownName]) -> None:
        self._entries: dict[tuple[str, ...], list[KnownName]] = {}
        self._by_last_word: dict[str, list[KnownName]] = {}
        for known in names:
            keys = name_key(known.canonical_name).split()
            if keys:
                self._entries.setdefault(_lookup_key(keys), []).append(known)
            if len(keys) > 1:
                self._by_last_word.setdefault(keys[-1], []).append(known)
        self._lengths = sorted({len(key) for key in self._entries}, reverse=True)

    @classmethod
    def from_names(cls, names: Iterable[tuple[MentionKind, str, str]]) -> Gazetteer:
        """Build from ``(kind, canonical_name, archive_id)`` triples."""
        return cls(KnownName(kind, name, archive_id) for kind, name, archive_id in names)

    def __len__(self) -> int:
        return sum(len(entries) for entries in self._entries.values())

    def with_last_word(self, key: str) -> list[KnownName]:
        """Known names of several words whose last word has the name key ``key`` (a surname)."""
        return list(self._by_last_word.get(key, ()))

    def mentions(self, text: str) -> list[Mention]:
        return [match.mention for match in self.matches(text)]

    def matches(self, text: str) -> list[GazetteerMatch]:
        """Every known name in ``text``, longest first where windows overlap, ordered by offset.

        A Russian patronymic between the words of a known name is allowed
        (Алмазбек Шаршенович Атамбаев matches Almazbek Atambayev).
        """
        if not self._entries:
            return []
        tokens = list(tokenize(text))
        keys = [search_key(token.text) for token in tokens]
        taken = [False] * len(tokens)
        found: list[GazetteerMatch] = []
        for length in self._lengths:
            for size in (length, length + 1) if length > 1 else (length,):
                for first in range(len(tokens) - size + 1):
                    last = first + size - 1
                    window = keys[first : last + 1]
                    if size > length:
                        window = [key for key in window if not key.endswith(PATRONYMIC_KEY_ENDINGS)]
                        if len(window) != length:
                            continue
                    entries = self._entries.get(_lookup_key(window)) if all(window) else None
                    if not entries or any(taken[first : last + 1]):
                        continue
                    if not self._joined(text, tokens, first, last):
                        continue
                    start, end = tokens[first].start, tokens[last].end
                    for known in entries:
                        mention = Mention(known.kind, text[start:end], start, end, GAZETTEER_SOURCE)
                        found.append(GazetteerMatch(mention, known))
                    for index in range(first, last + 1):
                        taken[index] = True
        found.sort(key=lambda match: (match.mention.start, match.mention.end))
        return found

    @staticmethod
    def _joined(text: str, tokens: list[Token], first: int, last: int) -> bool:
        for left, right in zip(tokens[first:last], tokens[first + 1 : last + 1], strict=True):
            gap = text[left.end : right.start]
            if len(gap) > _MAX_GAP or not gap or not set(gap) <= _JOINERS:
                return False
            # A dot ends an initial (A. Atambayev) or a sentence (... Almazbek. Atambayev ...).
            if "." in gap and len(left.text) > _MAX_INITIAL:
                return False
        return True

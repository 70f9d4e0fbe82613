"""Picking a record by name as it is typed: the few best matches, in any script.

A form that asks for another record (a victim, a place) offers the records whose names start
like what was typed, folded across scripts, spellings and case endings so "Атамб" finds
Atambayev. Only current records the viewer may see are candidates; a name no form can choose
among (two records named alike) is never resolved by guessing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final

from docket.model.record_types import ValueKind
from docket.names import name_key, search_key, search_key_prefix
from docket.names.tokenize import WORD_PATTERN
from docket.records.errors import InvalidRecord
from docket.records.name_index import Entry, Name, joined, visible_entry, visible_names
from docket.records.views import RecordView

if TYPE_CHECKING:
    from docket.records.store import RecordStore

MAX_QUERY: Final = 100
MAX_LIMIT: Final = 50
MAX_TYPES: Final = 20
_MAX_WORDS: Final = 8
_MAX_ALSO: Final = 5

# How well a name answers the query, best first.
_SAME_NAME: Final = 0
_WHOLE_WORDS: Final = 1
_STARTS_ALIKE: Final = 2
_SOMEWHERE: Final = 3
# Added to the length of a name borrowed through a reference, so it sorts after own names.
_BORROWED: Final = 1 << 20


@dataclass(frozen=True)
class RecordMatch:
    """One record a name may mean: its title, its other names, and how confidential it is."""

    id: int
    type: str
    title: str
    also: list[str] = field(default_factory=list)
    level: str = "public"
    rank: int = _SOMEWHERE


def lookup(
    store: RecordStore,
    text: str,
    *,
    type_names: Sequence[str] = (),
    limit: int = 10,
) -> list[RecordMatch]:
    """The current records the viewer may see that ``text`` names (``#12`` is record 12),
    best first: the same name, then whole words, then names starting like it; records found by
    a name they only refer to come after those that bear a name."""
    query = _query_text(text)
    wanted = _type_names(store, type_names)
    if isinstance(limit, bool) or not 1 <= limit <= MAX_LIMIT:
        raise InvalidRecord(f"lookup: limit must be between 1 and {MAX_LIMIT}")
    ranked = _ranked(store, query, wanted)
    # A record that bears the name comes before every record that only refers to one that does
    # (an act naming its victim): typing a person's name, the person comes first.
    ranked.sort(key=lambda found: (found[1] >= _BORROWED, found[0], found[1], -found[2]))
    chosen = [(rank, record_id) for rank, _, record_id in ranked[:limit]]
    ids = [record_id for _, record_id in chosen]
    views = {view.id: view for view in store.views(ids=ids, sources=False)}
    matches = []
    for rank, record_id in chosen:
        view = views.get(record_id)
        if view is None:
            continue
        names = _names_of(view)
        also = [name for name in names if name != view.title][:_MAX_ALSO]
        matches.append(
            RecordMatch(record_id, view.type.name, view.title, also, view.confidentiality, rank)
        )
    return matches


def resolve(store: RecordStore, text: str, type_names: Sequence[str], where: str) -> int:
    """The one record ``text`` names among ``type_names``: ``#12``, ``12``, its name, or whole
    words of its name (never the start of a word: that is a search, not a name).

    Raises with one line when no record or more than one has that name: a person picks then.
    """
    query = text.strip()
    if not query:
        raise InvalidRecord(f"{where}: name a record")
    if len(query) > MAX_QUERY:
        raise InvalidRecord(f"{where}: a name is at most {MAX_QUERY} characters")
    wanted = _type_names(store, type_names)
    number = query.lstrip("#")
    if number.isdigit() and len(number) < 10:
        entry = visible_entry(store, int(number))
        if entry is None:
            raise InvalidRecord(f"{where}: no record {number}")
        if entry.type not in wanted:
            raise InvalidRecord(
                f"{where} must refer to a {' or '.join(wanted)}, and record {number} is a "
                f"{entry.type}"
            )
        return int(number)
    own = [(rank, rid) for rank, length, rid in _ranked(store, query, wanted) if length < _BORROWED]
    # The same name first; failing that, a name holding every word typed (a surname alone).
    same = [rid for rank, rid in own if rank == _SAME_NAME]
    if not same:
        same = [rid for rank, rid in own if rank == _WHOLE_WORDS]
    kinds = " or ".join(wanted)
    if not same:
        raise InvalidRecord(f"{where}: no {kinds} is named {query!r}")
    if len(same) > 1:
        raise InvalidRecord(f"{where}: {len(same)} records are named {query!r}: pick one")
    return same[0]


def _query_text(text: str) -> str:
    query = " ".join(text.split())
    if not query:
        raise InvalidRecord("lookup: q is empty; type the start of a name or #number")
    if len(query) > MAX_QUERY:
        raise InvalidRecord(f"lookup: q is longer than {MAX_QUERY} characters")
    return query


def _type_names(store: RecordStore, type_names: Sequence[str]) -> list[str]:
    if len(type_names) > MAX_TYPES:
        raise InvalidRecord(f"lookup: at most {MAX_TYPES} types")
    known = store.types.names()
    for name in type_names:
        if name not in known:
            shown = name[:32]
            raise InvalidRecord(f"lookup: no record type {shown!r}; types: {', '.join(known)}")
    return list(dict.fromkeys(type_names)) or list(known)


def _ranked(store: RecordStore, query: str, wanted: list[str]) -> list[tuple[int, int, int]]:
    """(rank, length of the best name, id) of every matching current visible record."""
    ranker = _Ranker(query)
    result = []
    for record_id, entry, borrowed in visible_names(store, wanted):
        scored = ranker.rank(entry, borrowed)
        if scored is not None:
            result.append((*scored, record_id))
    number = query.lstrip("#")
    if number.isdigit() and len(number) < 10:
        by_id = int(number)
        found = visible_entry(store, by_id)
        if found is not None and found.type in wanted:
            result = [entry for entry in result if entry[-1] != by_id]
            result.append((_SAME_NAME - 1, 0, by_id))
    return result


class _Ranker:
    """The words of a query folded once, and how well a record's names answer them."""

    def __init__(self, query: str) -> None:
        # Split as names are, so "Кара-С" is two words, like the Kara-Suu it should find.
        words = WORD_PATTERN.findall(query)[:_MAX_WORDS] or query.split()[:_MAX_WORDS]
        self.key = sorted(name_key(query).split())
        self.words = [
            (word.casefold(), search_key(word), search_key_prefix(word)) for word in words
        ]

    def rank(self, entry: Entry, borrowed: Sequence[Name]) -> tuple[int, int] | None:
        """(rank, length of the best name), or None when the names miss a word of the query.

        ``borrowed`` are the names of the records a title refers to (an act's victim): they
        find the record, but after any record that bears the name itself.
        """
        if not entry.names and not borrowed:
            return None
        if borrowed:
            plain, keyline = joined([*entry.names, *borrowed])
        else:
            plain, keyline = entry.plain, entry.keyline
        if not self._found_in(plain, keyline):
            return None
        # Ranked by the names that hold the query themselves: an act's own title ("Torture")
        # says nothing of how well it answers a victim's name it only borrows.
        ranks = [self._rank_one(name) for name in entry.names if self._found_in(*joined([name]))]
        for name in borrowed:
            if self._found_in(*joined([name])):
                rank, length = self._rank_one(name)
                ranks.append((rank, length + _BORROWED))
        if not ranks:  # the words are spread over several names
            shortest = min(len(name.text) for name in (*entry.names, *borrowed))
            ranks = [(_SOMEWHERE, shortest + (_BORROWED if borrowed else 0))]
        return min(ranks)

    def _found_in(self, plain: str, keyline: str) -> bool:
        """Whether every word of the query is in these names."""
        for word, key, prefix in self.words:
            # A key between spaces is a whole word; after a space, the start of one. A letter
            # a following one could still change has no prefix of its own ("К" of "Кызыл-К"):
            # its key is the start of the words it may begin.
            start = prefix or key
            if not (
                word in plain
                or (key and f" {key} " in keyline)
                or (start and f" {start}" in keyline)
            ):
                return False
        return True

    def _rank_one(self, name: Name) -> tuple[int, int]:
        keys = name.keys
        # Word order does not make another name: "Atambayev Almazbek" is Almazbek Atambayev.
        if self.key and sorted(keys) == self.key:
            return _SAME_NAME, len(name.text)
        if all(key and key in keys for _, key, _ in self.words):
            return _WHOLE_WORDS, len(name.text)
        first = self.words[0][2] if self.words else ""
        if first and keys and keys[0].startswith(first):
            return _STARTS_ALIKE, len(name.text)
        return _SOMEWHERE, len(name.text)


def _names_of(view: RecordView) -> list[str]:
    """Every unprotected name a record goes by (its spellings), without repeats."""
    names: list[str] = []
    for value in view.values:
        if not value.active or value.redacted:
            continue
        spec = view.type.field(value.field)
        if spec.kind is not ValueKind.NAME:
            continue
        raw = value.value
        text = raw.get("text") if isinstance(raw, dict) else raw
        if isinstance(text, str) and text.strip() and text not in names:
            names.append(text)
    return names

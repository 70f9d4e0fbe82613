"""Indexing and searching, the same on both engines: the dialect picks the storage module."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final, Protocol

from sqlalchemy import Connection

from docket.errors import DocketError, InvalidQuery
from docket.kept import Remembered
from docket.model.access import Visibility
from docket.search import postgres_fts, sqlite_fts
from docket.search.filters import ItemCondition, SearchFilters, item_condition
from docket.search.query import Phrase, Query, parse_query
from docket.search.ranking import RankedItem
from docket.search.snippets import KeyMatcher, Snippet, make_snippet
from docket.search.streams import KeyStreams, SearchDocument, key_streams

if TYPE_CHECKING:
    from docket.kernel import Kernel
    from docket.search.tantivy_index import SearchIndex

MAX_LIMIT = 10_000
# Snippets kept per archive and process (a few hundred bytes each): a hundred pages of twenty.
SNIPPETS_KEPT: Final = 2_048


class _Engine(Protocol):
    """What ``sqlite_fts`` and ``postgres_fts`` each provide."""

    def index(self, connection: Connection, streams: Sequence[KeyStreams]) -> None: ...

    def remove(self, connection: Connection, item_id: int) -> None: ...

    def find(
        self, connection: Connection, query: Query, condition: ItemCondition, limit: int
    ) -> list[RankedItem]: ...

    def rank(self, connection: Connection, query: Query, limit: int) -> list[tuple[int, float]]: ...


_ENGINES: dict[str, _Engine] = {"sqlite": sqlite_fts, "postgresql": postgres_fts}


@dataclass(frozen=True)
class SearchHit:
    """One item found. ``score`` is BM25, higher is better; ``highlights`` are the
    ``(start, end)`` offsets of matched words inside ``snippet``."""

    item_id: int
    title: str | None
    score: float
    snippet: str
    highlights: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class HitSource:
    """What a hit's snippet is made from: the item's title (its file name when it has none)
    and its working-copy text ('' when none). The text may instead be named by its SHA-256
    (None: the item has no working copy) with ``read_text`` to read it, which is then done
    only when the snippet is not kept already (see :func:`search`)."""

    title: str | None
    text: str = ""
    text_sha256: str | None = None
    read_text: Callable[[str], str] | None = field(default=None, compare=False)

    def full_text(self) -> str:
        if self.read_text is None or self.text_sha256 is None:
            return self.text
        return self.read_text(self.text_sha256)


# A snippet's key: the text's SHA-256 (None for no text), the title and the query's phrases.
SnippetKey = tuple[str | None, str, tuple[Phrase, ...]]


def index_item(connection: Connection, document: SearchDocument) -> None:
    """Add the item to the index, replacing what was indexed for it before.

    Runs in the caller's transaction. On PostgreSQL the item must already be in ``items``.
    """
    index_items(connection, [document])


def index_items(connection: Connection, documents: Sequence[SearchDocument]) -> None:
    """:func:`index_item` for several items at once, in a few statements for them all."""
    if documents:
        _engine(connection).index(connection, [key_streams(document) for document in documents])


def remove_item(connection: Connection, item_id: int) -> None:
    """Drop the item from the index; nothing happens if it is not there."""
    _engine(connection).remove(connection, item_id)


def search(
    connection: Connection,
    query: str,
    visibility: Visibility,
    *,
    filters: SearchFilters = SearchFilters(),  # noqa: B008 - immutable, so a safe default
    limit: int = 20,
    offset: int = 0,
    load_texts: Callable[[Sequence[int]], Mapping[int, str]] | None = None,
    load_hits: Callable[[Sequence[int]], Mapping[int, HitSource]] | None = None,
    index: SearchIndex | None = None,
    kept_snippets: Remembered[Snippet] | None = None,
) -> list[SearchHit]:
    """The best ``limit`` items for ``query`` that pass ``filters``, best first, after skipping
    the best ``offset`` (for pages of results).

    With ``index`` (the embedded archive's Tantivy index) the index ranks and filters; without,
    the database's own full-text index does.

    ``load_texts(item_ids)`` returns the working-copy text of each item; it is called once, for
    the hits only, to make their snippets. Or ``load_hits(item_ids)`` returns their titles and
    texts at once (a caller that reads the hits' rows in one query): the index then reads no
    titles of its own. Give one of them. Raises :class:`InvalidQuery` for a query or filter
    that cannot run.

    ``kept_snippets`` keeps the snippets made from the texts ``load_hits`` names by SHA-256,
    under that hash, the title and the query's phrases: all a snippet is made from, and a
    stored text never changes under its hash, so a kept snippet is the one that would be made
    again, whatever changed in the archive since. It is only looked up for hits that passed
    the viewer's levels, which the ranking and ``load_hits`` decide every time.
    """
    if (load_texts is None) == (load_hits is None):
        raise TypeError("search() takes one of load_texts and load_hits")
    parsed = parse_query(query)
    _check_limit(limit)
    if not 0 <= offset <= MAX_LIMIT - limit:
        raise InvalidQuery(f"Only the first {MAX_LIMIT:,} results can be shown; narrow the search.")
    condition = item_condition(filters, visibility)
    if condition.impossible:
        return []
    ranked = None
    if index is not None:
        with index.unless_unavailable():
            found = index.find(
                connection, parsed, filters, visibility, offset + limit, titles=load_hits is None
            )
            ranked = found[offset:]
    if ranked is None:
        ranked = _engine(connection).find(connection, parsed, condition, offset + limit)[offset:]
    if not ranked:
        return []
    ids = [item.item_id for item in ranked]
    if load_hits is not None:
        sources = load_hits(ids)
    else:
        assert load_texts is not None
        texts = load_texts(ids)
        sources = {item.item_id: HitSource(None, texts.get(item.item_id, "")) for item in ranked}
    phrases = tuple(dict.fromkeys(parsed.scored_phrases()))
    matcher = KeyMatcher(phrases)
    hits = []
    for item in ranked:
        source = sources.get(item.item_id, _NOTHING)
        # The database's ranking reads titles with the matches; the index leaves them to
        # ``load_hits``.
        title = item.title if item.title is not None else source.title
        snippet = _snippet(source, title or "", matcher, phrases, kept_snippets)
        hits.append(SearchHit(item.item_id, title, item.score, snippet.text, snippet.highlights))
    return hits


def _snippet(
    source: HitSource,
    title: str,
    matcher: KeyMatcher,
    phrases: tuple[Phrase, ...],
    kept: Remembered[Snippet] | None,
) -> Snippet:
    if kept is None or source.read_text is None:
        return make_snippet(source.full_text(), title, matcher)
    key: SnippetKey = (source.text_sha256, title, phrases)
    return kept.answer(key, lambda: make_snippet(source.full_text(), title, matcher))


_NOTHING = HitSource(None, "")


def kept_snippets(kernel: Kernel) -> Remembered[Snippet]:
    """The snippets kept for ``kernel``'s archive in this process (see :func:`search`)."""
    found = kernel.derived.get(_KERNEL_SLOT)
    if isinstance(found, Remembered):
        return found
    # Two threads asking first at once keep the one stored first.
    kept: object = kernel.derived.setdefault(_KERNEL_SLOT, Remembered(SNIPPETS_KEPT))
    assert isinstance(kept, Remembered)
    return kept


_KERNEL_SLOT: Final = "kept_snippets"


def raw_query(
    connection: Connection, query: str, limit: int = 20, index: SearchIndex | None = None
) -> list[tuple[int, float]]:
    """``(item_id, score)`` from the bare ranking statement: no filters, titles or snippets.

    For benchmarks, to tell the cost of the engine from the cost of what :func:`search` adds.
    """
    parsed = parse_query(query)
    _check_limit(limit)
    if index is not None:
        return index.rank(connection, parsed, limit)
    return _engine(connection).rank(connection, parsed, limit)


def _check_limit(limit: int) -> None:
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidQuery(f"The number of results must be between 1 and {MAX_LIMIT}.")


def _engine(connection: Connection) -> _Engine:
    name = connection.dialect.name
    engine = _ENGINES.get(name)
    if engine is None:
        raise DocketError(f"Search does not support {name} databases; use SQLite or PostgreSQL.")
    return engine

"""Answering from the Tantivy index: a query with its filters, the best items, facet counts.

Tantivy ranks top-k with block-max pruning over compressed posting lists and counts facets over
columnar fast fields, so a page costs milliseconds whatever the query. What the index holds and
how a parsed query becomes Tantivy's: :mod:`docket.search.tantivy_fields`; which reader to ask,
caught up with the database: :mod:`docket.search.tantivy_index`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

import tantivy
from sqlalchemy import Connection, select

from docket.db.schema import items
from docket.model.access import Visibility
from docket.search.filters import SearchFilters, item_condition
from docket.search.query import Query
from docket.search.tantivy_errors import IndexUnavailable
from docket.search.tantivy_fields import (
    CITED_FACETS,
    ITEM,
    SCHEMA,
    all_of,
    as_filter,
    both,
    cited_field,
    cited_ids,
    clearance_of,
    facet_parts,
    item_filters,
    node_query,
    one_of,
    record_filters,
    term,
)

# More values of a facet than this in one answer (which no archive of the sizes Docket is made
# for has) and the counts would leave some out: the database counts them instead.
_AGGREGATED: Final = 1_000_000


@dataclass(frozen=True)
class IndexFacets:
    """Facet counts of the items a query matched, as :class:`~docket.search.browse.Facets`.

    ``cited``: the matched items per key of each record facet (``violations``, ``places``,
    ``actors``: stored violation codes and record ids, as text), for every key among the ``top``
    largest counts and every key tied with them; None when the index cannot tell them for the
    viewer (see :func:`~docket.search.tantivy_fields.clearance_of`)."""

    total: int
    media_types: Counter[str]
    languages: Counter[str | None]
    years: Counter[str]
    cited: dict[str, dict[str, int]] | None = None


def matching(
    connection: Connection,
    searcher: tantivy.Searcher,
    query: Query | None,
    filters: SearchFilters,
    visibility: Visibility,
) -> tantivy.Query | None:
    """The whole query with its filters; None when no item can pass them."""
    condition = item_condition(filters, visibility)
    if condition.impossible:
        return None
    restrictions = list(item_filters(filters))
    clearance = clearance_of(visibility)
    if clearance is not None:
        restrictions.extend(record_filters(filters, clearance))
    else:
        found = cited_ids(connection, filters, visibility)
        if found is not None:
            if not found:
                return None
            restrictions.append(tantivy.Query.term_set_query(SCHEMA, "id", sorted(found)))
    if query is None:
        # Selecting the visible levels also leaves out the state document.
        return as_filter(all_of([one_of("level", visibility.levels), *restrictions]))
    clauses = [(tantivy.Occur.Must, node_query(searcher, query.root))]
    if restrictions:
        clauses.append((tantivy.Occur.Must, as_filter(all_of(restrictions))))
    # The permission filter as the levels the viewer may not see, excluded: the same items
    # as selecting the visible ones (every item has one level), at a fraction of the cost
    # (an intersection with the visible levels made ranking and counting visit every
    # match: 15 ms against 7 ms for a word in 600,000 of a million items), and nothing at
    # all when the index holds no level hidden from the viewer. Every level the index
    # holds that is not visible is excluded, so one unknown to this version stays hidden.
    hidden = sorted(_levels(searcher) - set(visibility.levels))
    if hidden:
        clauses.append((tantivy.Occur.MustNot, one_of("level", hidden)))
    return tantivy.Query.boolean_query(clauses)


def ranked(searcher: tantivy.Searcher, query: tantivy.Query, limit: int) -> list[tuple[int, float]]:
    """``(item_id, score)`` of the best ``limit`` items, best first, ties by id as FTS5 has."""
    hits = searcher.search(query, limit, count=False).hits
    ids = _ids(searcher, hits)
    pairs = ((item_id, float(score)) for (score, _a), item_id in zip(hits, ids, strict=True))
    return sorted(pairs, key=lambda pair: (-pair[1], pair[0]))


def ids_within(
    searcher: tantivy.Searcher, matched: tantivy.Query, among: Sequence[int]
) -> set[int]:
    """Which of the items ``among`` ``matched`` matches."""
    within = both(matched, as_filter(tantivy.Query.term_set_query(SCHEMA, "id", list(among))))
    hits = searcher.search(within, len(among), count=False).hits
    return set(_ids(searcher, hits))


def item_count(searcher: tantivy.Searcher) -> int:
    """How many items the index holds."""
    return _count(searcher, term("kind", ITEM))


def item_ids(searcher: tantivy.Searcher) -> list[int]:
    """The ids of every indexed item, in order."""
    everything = term("kind", ITEM)
    total = _count(searcher, everything)
    if not total:
        return []
    hits = searcher.search(everything, total, count=False).hits
    return sorted(_ids(searcher, hits))


def titles(connection: Connection, ids: list[int]) -> dict[int, str | None]:
    """The titles the items ``ids`` are listed by (their file name when untitled)."""
    if not ids:
        return {}
    rows = connection.execute(
        select(items.c.id, items.c.title, items.c.original_name).where(items.c.id.in_(ids))
    )
    return {int(row.id): row.title or row.original_name for row in rows}


def facets(
    searcher: tantivy.Searcher, matched: tantivy.Query | None, visibility: Visibility, top: int
) -> IndexFacets:
    """Counts by media type, language and year of the items ``matched`` matches, and the
    ``top`` keys of each record facet."""
    empty = IndexFacets(0, Counter(), Counter(), Counter())
    if matched is None:
        return empty
    # Every item has one value, so the counts add up to the total: one pass over the
    # matches gives both, and the record facets' terms in the same pass.
    wanted: dict[str, Any] = {"facets": {"terms": {"field": "facets", "size": _AGGREGATED}}}
    clearance = clearance_of(visibility)
    if clearance is not None:
        wanted.update(_top_cited(clearance, top))
    result = searcher.aggregate(matched, wanted)
    media_types: Counter[str] = Counter()
    languages: Counter[str | None] = Counter()
    years: Counter[str] = Counter()
    for bucket in result["facets"]["buckets"]:
        media, language, year = facet_parts(str(bucket["key"]))
        number = int(bucket["doc_count"])
        media_types[media] += number
        languages[language or None] += number
        years[year] += number
    total = sum(media_types.values())
    if not total:
        return empty
    cited = None
    if clearance is not None:
        cited = _cited_counts(searcher, matched, result, clearance, top)
    return IndexFacets(total, media_types, languages, years, cited)


def _top_cited(
    clearance: str, size: int, min_count: int = 1, facets: Sequence[str] = CITED_FACETS
) -> dict[str, Any]:
    """Aggregations of the ``size`` largest counts of each record facet that ``clearance``
    sees, at least ``min_count`` each. Every segment hands over all its values, so the counts
    are exact (by default a segment hands over its largest few, and the counts may miss some).
    """
    return {
        facet: {
            "terms": {
                "field": cited_field(facet, clearance),
                "size": size,
                "segment_size": _AGGREGATED,
                "min_doc_count": min_count,
            }
        }
        for facet in facets
    }


def _cited_counts(
    searcher: tantivy.Searcher,
    matched: tantivy.Query,
    result: Mapping[str, Any],
    clearance: str,
    top: int,
) -> dict[str, dict[str, int]]:
    """Counts by key of each record facet: the ``top`` largest, and every key with as many as
    the smallest of those (which of several tied keys the index kept is its choice, not the
    key order the page sorts by), asked of the index a second time when some may be missing.
    """
    counts: dict[str, dict[str, int]] = {}
    smallest: dict[str, int] = {}
    for facet in CITED_FACETS:
        answer = result[facet]
        counts[facet] = _counts(answer)
        if answer.get("sum_other_doc_count"):
            smallest[facet] = min(counts[facet].values())
    for facet, least in smallest.items():
        again = searcher.aggregate(matched, _top_cited(clearance, _AGGREGATED, least, [facet]))
        counts[facet] = _counts(again[facet])
    return counts


def _counts(answer: Mapping[str, Any]) -> dict[str, int]:
    """Count by key of a terms aggregation, refused unless every count is exact."""
    buckets = answer["buckets"]
    if answer.get("doc_count_error_upper_bound") or len(buckets) >= _AGGREGATED:
        raise IndexUnavailable("too many record facet values to count in the search index")
    return {str(bucket["key"]): int(bucket["doc_count"]) for bucket in buckets}


def _levels(searcher: tantivy.Searcher) -> set[str]:
    """Every confidentiality level an item in the index has (or had, before a deletion)."""
    return {str(level) for level, _count in searcher.terms_with_prefix("level", "")}


def _ids(searcher: tantivy.Searcher, hits: list[tuple[Any, tantivy.DocAddress]]) -> list[int]:
    values = searcher.fast_field_values("id", _addresses(hits))
    return [value for value in values if isinstance(value, int)]


def _count(searcher: tantivy.Searcher, query: tantivy.Query) -> int:
    """How many documents ``query`` matches (counted without scoring)."""
    # The type stubs leave out ``count``, which search() fills when asked.
    counted: object = getattr(searcher.search(query, 1, count=True), "count", None)
    assert isinstance(counted, int)
    return counted


def _addresses(hits: Iterable[tuple[Any, tantivy.DocAddress]]) -> list[tantivy.DocAddress]:
    return [address for _score, address in hits]

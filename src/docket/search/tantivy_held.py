"""Which items the Tantivy index already holds as the database has them now.

A record change reaches the items the record is on a citing path of (:data:`~docket.search.cited.
AFFECTED_ITEMS`), but most changes (a birth year, a description, a note) change nothing the
index keeps of them: the record facets keep violation codes, record ids and the levels of the
records on each path, nothing else a record says. Rather than list which fields and actions
matter, the facet terms each reached item would get now (:func:`~docket.search.tantivy_fields.
cited_terms`) are compared with the terms the index holds for it; only items that differ are
written again. A new field read by the facets is then taken in without a list to keep up.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final

import tantivy
from sqlalchemy import Connection, select

from docket.db.schema import items
from docket.model.access import LEVELS
from docket.search.tantivy_fields import (
    CITED_FACETS,
    ITEM,
    SCHEMA,
    as_filter,
    both,
    cited_field,
    cited_terms,
    term,
)

_BATCH: Final = 500
# Larger than any number of distinct keys a batch of items can hold: every bucket is returned.
_EVERY: Final = 1_000_000
_PRESENT: Final = "present"
_FIELDS: Final = tuple(
    cited_field(facet, clearance) for facet in CITED_FACETS for clearance in LEVELS
)

Terms = frozenset[tuple[str, str]]
_NONE: Final[Terms] = frozenset()


def differing(searcher: tantivy.Searcher, connection: Connection, among: Iterable[int]) -> set[int]:
    """Of the items ``among``, those whose record facet terms in the index (as ``searcher``
    sees it) differ from what the database says now, or that one holds and the other does not.
    """
    ids = sorted(set(among))
    found: set[int] = set()
    for start in range(0, len(ids), _BATCH):
        batch = ids[start : start + _BATCH]
        wanted = cited_terms(connection, batch)
        indexed = _held(searcher, batch)
        if indexed is None:
            found.update(batch)
            continue
        present, held = indexed
        stored = set(connection.execute(select(items.c.id).where(items.c.id.in_(batch))).scalars())
        for item_id in batch:
            same_presence = (item_id in present) == (item_id in stored)
            if not same_presence or frozenset(wanted.get(item_id, ())) != held.get(item_id, _NONE):
                found.add(item_id)
    return found


def _held(
    searcher: tantivy.Searcher, batch: Sequence[int]
) -> tuple[set[int], dict[int, Terms]] | None:
    """The items of ``batch`` the index holds, and their record facet terms ``(field, key)``;
    None if the index did not hand over every term (then every item is written again)."""
    chosen = both(
        term("kind", ITEM), as_filter(tantivy.Query.term_set_query(SCHEMA, "id", list(batch)))
    )
    each_item = {"by_item": _terms("id", len(batch))}
    aggregations = {field: _terms(field, _EVERY, each_item) for field in _FIELDS}
    aggregations[_PRESENT] = _terms("id", len(batch))
    result = searcher.aggregate(chosen, aggregations)
    if not all(_complete(result[name]) for name in aggregations):
        return None
    present = {int(bucket["key"]) for bucket in result[_PRESENT]["buckets"]}
    held: dict[int, set[tuple[str, str]]] = {}
    for field in _FIELDS:
        for bucket in result[field]["buckets"]:
            if not _complete(bucket["by_item"]):
                return None
            for item in bucket["by_item"]["buckets"]:
                held.setdefault(int(item["key"]), set()).add((field, str(bucket["key"])))
    return present, {item_id: frozenset(terms) for item_id, terms in held.items()}


def _terms(field: str, size: int, nested: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """A terms aggregation of ``field`` asking every segment for all its buckets."""
    asked: dict[str, Any] = {"terms": {"field": field, "size": size, "segment_size": _EVERY}}
    if nested is not None:
        asked["aggs"] = dict(nested)
    return asked


def _complete(answer: Mapping[str, Any]) -> bool:
    """Whether a terms aggregation handed over every bucket, each with its exact count."""
    return not answer.get("sum_other_doc_count") and not answer.get("doc_count_error_upper_bound")

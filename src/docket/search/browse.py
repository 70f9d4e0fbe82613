"""Listing items and counting what a query matched, through the same filter as search.

Pages list items newest first and show facets (how many matched items of each media type,
language and year, and how many are cited by records of each violation type, place and actor).
Both go through :func:`~docket.search.filters.item_condition`, so the confidentiality levels
of the viewer restrict them exactly as they restrict search results: an item the viewer may
not see is never listed and never counted, nor is a record it may not see.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import Connection, TextClause, bindparam, text

from docket.errors import DocketError
from docket.model.access import Visibility
from docket.search.cited import PARAMETERS, actors, places, violations
from docket.search.filters import ItemCondition, SearchFilters, item_condition
from docket.search.postgres_fts import tsquery
from docket.search.query import Query, parse_query
from docket.search.sqlite_fts import match_expression

if TYPE_CHECKING:
    from docket.search.tantivy_index import SearchIndex

MAX_PAGE = 500
# Record facets list their most frequent values only; the rest are reached by filtering.
RECORD_FACET_VALUES = 10
_Value = TypeVar("_Value", str, str | None)


@dataclass(frozen=True)
class ItemPage:
    """One page of items (rows of ``items`` as dicts) and how many pass the filter in all."""

    items: list[dict[str, Any]]
    total: int


@dataclass(frozen=True)
class Facets:
    """Counts of matched items by media type (without parameters), language and year.

    ``None`` stands for items whose language is unknown. Each list is sorted by count, largest
    first, then by value. The year is that of the publication date, or of the collection date
    for items without one, as in the date filter.

    ``violations`` (violation code), ``places`` (place record id) and ``actors`` (person or
    organisation record id) count the matched items cited by records, as the ``violation``,
    ``place`` and ``actor`` filters select them; only records visible at the filter's levels and
    not retracted count or appear. Each keeps the :data:`RECORD_FACET_VALUES` largest counts.
    """

    total: int = 0
    media_types: list[tuple[str, int]] = field(default_factory=list)
    languages: list[tuple[str | None, int]] = field(default_factory=list)
    years: list[tuple[str, int]] = field(default_factory=list)
    violations: list[tuple[str, int]] = field(default_factory=list)
    places: list[tuple[int, int]] = field(default_factory=list)
    actors: list[tuple[int, int]] = field(default_factory=list)


def list_items(
    connection: Connection,
    filters: SearchFilters,
    visibility: Visibility,
    *,
    limit: int,
    offset: int = 0,
    parent_id: int | None = None,
) -> ItemPage:
    """Items passing ``filters`` (children of ``parent_id`` only, if given), newest first."""
    if not 1 <= limit <= MAX_PAGE:
        raise DocketError(f"a page holds between 1 and {MAX_PAGE} items, not {limit}")
    if offset < 0:
        raise DocketError(f"the offset cannot be negative, not {offset}")
    condition = item_condition(filters, visibility)
    if condition.impossible:
        return ItemPage([], 0)
    clauses = [condition.sql] if condition.sql else []
    parameters: dict[str, object] = dict(condition.parameters)
    if parent_id is not None:
        clauses.append("i.parent_id = :b_parent")
        parameters["b_parent"] = parent_id
    where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
    total = connection.execute(
        _statement(f"SELECT count(*) FROM items AS i{where}", condition),  # noqa: S608
        parameters,
    ).scalar_one()
    rows = connection.execute(
        _statement(
            f"SELECT i.* FROM items AS i{where} "  # noqa: S608 - code-made SQL, bound values
            "ORDER BY i.collected_at DESC, i.id DESC LIMIT :b_limit OFFSET :b_offset",
            condition,
        ),
        {**parameters, "b_limit": limit, "b_offset": offset},
    ).mappings()
    return ItemPage([dict(row) for row in rows], int(total))


_FACET_COLUMNS = (
    "lower(i.media_type), lower(i.language), "
    "substr(coalesce(i.published, i.collected_at), 1, 4), count(*)"
)
_FACET_GROUPS = " GROUP BY 1, 2, 3"


def facets(
    connection: Connection,
    query: str | None,
    filters: SearchFilters,
    visibility: Visibility,
    index: SearchIndex | None = None,
) -> Facets:
    """Facet counts over every item that matches ``query`` (all items if None) and ``filters``;
    counted by ``index`` when given (the embedded archive's Tantivy index).

    Raises :class:`~docket.errors.InvalidQuery` like :func:`~docket.search.search` does.
    """
    condition = item_condition(filters, visibility)
    parsed = parse_query(query) if query is not None else None
    if condition.impossible:
        return Facets()
    if index is not None:
        with index.unless_unavailable():
            return _indexed_facets(connection, index, parsed, filters, visibility)
    parameters: dict[str, object] = dict(condition.parameters)
    if parsed is None:
        matched = f"FROM items AS i WHERE {condition.sql}" if condition.sql else "FROM items AS i"
    elif connection.dialect.name == "postgresql":
        # The exact tsquery on the whole document matches the same rows that the ranking keeps.
        parameters["b_exact"] = tsquery(parsed.root)
        also = f" AND {condition.sql}" if condition.sql else ""
        matched = (
            "FROM item_search AS s JOIN items AS i ON i.id = s.item_id "
            f"WHERE s.doc @@ CAST(:b_exact AS tsquery){also}"
        )
    else:
        parameters["b_match"] = match_expression(parsed.root)
        also = f" AND {condition.sql}" if condition.sql else ""
        matched = (
            "FROM item_fts CROSS JOIN items AS i "
            f"WHERE item_fts MATCH :b_match AND i.id = item_fts.rowid{also}"
        )
    sql = f"SELECT {_FACET_COLUMNS} {matched}{_FACET_GROUPS}"
    media_types: Counter[str] = Counter()
    languages: Counter[str | None] = Counter()
    years: Counter[str] = Counter()
    total = 0
    for media_type, language, year, count in connection.execute(
        _statement(sql, condition), parameters
    ):
        number = int(count)
        total += number
        media_types[str(media_type).split(";")[0].strip()] += number
        languages[language or None] += number
        years[str(year)] += number
    if not total:
        return Facets()
    parameters.update(PARAMETERS)
    cited_by = {
        name: _top_cited(connection, fragment(visibility), matched, condition, parameters)
        for name, fragment in (("violations", violations), ("places", places), ("actors", actors))
    }
    return _facets(total, media_types, languages, years, cited_by)


def _top_cited(
    connection: Connection,
    fragment: str,
    matched: str,
    condition: ItemCondition,
    parameters: dict[str, object],
) -> list[tuple[Any, int]]:
    """The largest counts of matched items per key of ``fragment`` (see :mod:`.cited`)."""
    sql = (
        "SELECT cx.facet_key, count(DISTINCT cx.item_id) "  # noqa: S608 - bound values only
        f"FROM ({fragment}) AS cx WHERE cx.item_id IN (SELECT i.id {matched}) "
        "GROUP BY cx.facet_key ORDER BY 2 DESC, 1 LIMIT :b_top"
    )
    rows = connection.execute(
        _statement(sql, condition), {**parameters, "b_top": RECORD_FACET_VALUES}
    )
    return [(key, int(count)) for key, count in rows]


def _indexed_facets(
    connection: Connection,
    index: SearchIndex,
    parsed: Query | None,
    filters: SearchFilters,
    visibility: Visibility,
) -> Facets:
    """Item facets counted over the index's fast fields, and record facets over its ``cited``
    terms in the same pass. For a viewer the terms cannot answer for, record facets from the
    citations, whose items the index then matches."""
    counted = index.facets(connection, parsed, filters, visibility, RECORD_FACET_VALUES)
    if not counted.total:
        return Facets()
    if counted.cited is not None:
        top = {
            name: _sorted_keys(counts, str if name == "violations" else int)
            for name, counts in counted.cited.items()
        }
        return _facets(counted.total, counted.media_types, counted.languages, counted.years, top)
    cited_by: dict[str, list[tuple[Any, int]]] = {}
    for name, fragment in (("violations", violations), ("places", places), ("actors", actors)):
        statement = text(f"SELECT cx.facet_key, cx.item_id FROM ({fragment(visibility)}) AS cx")  # noqa: S608
        rows = connection.execute(
            statement.bindparams(bindparam(Visibility.PARAMETER, expanding=True)),
            {**PARAMETERS, **visibility.parameters()},
        ).all()
        among = sorted({int(item_id) for _key, item_id in rows})
        matched = index.matching_ids(connection, parsed, filters, visibility, among)
        items_per_key: dict[Any, set[int]] = {}
        for key, item_id in rows:
            if int(item_id) in matched:
                items_per_key.setdefault(key, set()).add(int(item_id))
        ranked = sorted(items_per_key.items(), key=lambda pair: (-len(pair[1]), pair[0]))
        cited_by[name] = [(key, len(ids)) for key, ids in ranked[:RECORD_FACET_VALUES]]
    return _facets(counted.total, counted.media_types, counted.languages, counted.years, cited_by)


def _sorted_keys(counts: Mapping[str, int], kind: Callable[[str], Any]) -> list[tuple[Any, int]]:
    """The :data:`RECORD_FACET_VALUES` largest counts, ties by key, as the database orders
    them (record ids as numbers)."""
    keyed = [(kind(key), count) for key, count in counts.items() if count]
    keyed.sort(key=lambda pair: (-pair[1], pair[0]))
    return keyed[:RECORD_FACET_VALUES]


def _facets(
    total: int,
    media_types: Counter[str],
    languages: Counter[str | None],
    years: Counter[str],
    cited_by: dict[str, list[tuple[Any, int]]],
) -> Facets:
    return Facets(
        total,
        _sorted(media_types),
        _sorted(languages),
        _sorted(years),
        violations=[(str(json.loads(key)), count) for key, count in cited_by["violations"]],
        places=[(int(key), count) for key, count in cited_by["places"]],
        actors=[(int(key), count) for key, count in cited_by["actors"]],
    )


def _sorted(counts: Counter[_Value]) -> list[tuple[_Value, int]]:
    return sorted(counts.items(), key=lambda pair: (-pair[1], pair[0] or ""))


def _statement(sql: str, condition: ItemCondition) -> TextClause:
    return text(sql).bindparams(*(bindparam(name, expanding=True) for name in condition.expanding))

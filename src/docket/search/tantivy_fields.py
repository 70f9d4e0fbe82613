"""What the Tantivy index holds and how a query reaches it: the fields, one item's document,
and the query tree (:mod:`docket.search.query`) with the filters as Tantivy queries.

``title``, ``meta`` and ``body`` hold the keys of :mod:`docket.search.keys` with their positions
(phrases), weighted 4, 2 and 1 like FTS5's ``bm25()``. Filter terms (confidentiality level, media
types, language codes, item id), a fast field for facets (media type, language and year in one
value) and one for the date filter sit beside them, so the viewer's permission filter and every
item filter run inside the index. One more document, of kind ``state``, holds where the index
stands (:mod:`docket.search.tantivy_index`).

What records say of an item is indexed with it too, for the violation, place and actor facets
and filters: the violation codes, places and actors that current records cite the item for, in
one field per facet and clearance (:func:`cited_field`). A path from the item to a key is seen
by a clearance when every record on it (the citing record, and the one its value refers to) is
at or below that level; the key is in the field of each clearance that sees one of its paths.
A viewer who sees the levels up to their clearance (every role does) then counts the items of
a key with one term, once each, as the database's ``count(DISTINCT item_id)`` does.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, Final

import tantivy
from sqlalchemy import Connection, bindparam, text

from docket.model.access import LEVELS, Visibility
from docket.search import cited
from docket.search.filters import SearchFilters, media_types
from docket.search.query import AnyOf, Node, Phrase
from docket.search.ranking import BODY_WEIGHT, META_WEIGHT, TITLE_WEIGHT

# A prefix that expands to more keys than this is matched unscored rather than ranked.
MAX_PREFIX_EXPANSION: Final = 64
FIELDS: Final = (("title", TITLE_WEIGHT), ("meta", META_WEIGHT), ("body", BODY_WEIGHT))
ITEM: Final = "item"
STATE: Final = "state"
_KEYS_TOKENIZER: Final = "docket_keys"
# The date filter compares ``coalesce(published, collected day)`` as text; this alphabet, in
# ASCII order, lets a 10-character date be an integer with the same order.
_DAY_ALPHABET: Final = "-0123456789"
_DAY_WIDTH: Final = 10
# Between the parts of the facet value; no media type, language tag or year holds it.
FACET_SEPARATOR: Final = "\x1f"


# The record facets (keys: stored violation codes as JSON text, place and actor record ids).
CITED_FACETS: Final = ("violations", "places", "actors")


def cited_field(facet: str, clearance: str) -> str:
    """The field of the keys of ``facet`` a viewer cleared for ``clearance`` sees."""
    return f"{facet}_{clearance}"


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_unsigned_field("id", stored=True, indexed=True, fast=True)
    builder.add_text_field("kind", tokenizer_name="raw")
    for name, _weight in FIELDS:
        builder.add_text_field(name, tokenizer_name=_KEYS_TOKENIZER, index_option="position")
    builder.add_text_field("level", tokenizer_name="raw", index_option="basic")
    builder.add_text_field("media", tokenizer_name="raw", index_option="basic")
    builder.add_text_field("language", tokenizer_name="raw", index_option="basic")
    builder.add_text_field("facets", tokenizer_name="raw", fast=True, index_option="basic")
    for facet in CITED_FACETS:
        for clearance in LEVELS:
            builder.add_text_field(
                cited_field(facet, clearance), tokenizer_name="raw", fast=True, index_option="basic"
            )
    builder.add_unsigned_field("day", indexed=True, fast=True)
    builder.add_text_field("state", stored=True, tokenizer_name="raw")
    return builder.build()


SCHEMA: Final = _schema()


def with_key_tokenizer(index: tantivy.Index) -> tantivy.Index:
    """``index`` ready to take documents: the tokenizer of its key fields registered."""
    # Keys are [a-z0-9] words separated by spaces, at most 64 letters long: split on spaces and
    # keep every word (the default tokenizer would drop words over 40 bytes).
    index.register_tokenizer(
        _KEYS_TOKENIZER, tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).build()
    )
    return index


def day_number(day: str) -> int:
    """``day`` (an ISO date or a prefix of one) as a number that sorts as the text does."""
    base = len(_DAY_ALPHABET) + 2
    number = 0
    for position in range(_DAY_WIDTH):
        if position >= len(day):
            rank = 0  # a shorter text sorts first
        else:
            found = _DAY_ALPHABET.find(day[position])
            rank = found + 1 if found >= 0 else base - 1
        number = number * base + rank
    return number


def item_document(
    row: Mapping[Any, Any], cited: Iterable[tuple[str, str]] = ()
) -> tantivy.Document:
    """The index document of one ``items`` row with its key streams (``title``, ``meta``,
    ``body``: keys separated by spaces, or :func:`positioned` keys) and its record facets
    (``(field, key)`` of :func:`cited_terms`)."""
    document = tantivy.Document()
    document.add_unsigned("id", int(row["id"]))
    document.add_text("kind", ITEM)
    for name, _weight in FIELDS:
        keys = row[name]
        if isinstance(keys, tantivy.PreTokenizedString):
            if keys.tokens:
                document.add_pre_tokenized_text(name, keys)
        elif keys:
            document.add_text(name, keys)
    document.add_text("level", row["confidentiality"])
    media = str(row["media_type"]).lower()
    for term in _media_terms(media):
        document.add_text("media", term)
    language = (row["language"] or "").lower()
    parts = language.split("-")
    # "ru" selects "ru-kg" too: every leading part of a tagged language is a term.
    for end in range(1, len(parts) + 1 if language else 1):
        document.add_text("language", "-".join(parts[:end]))
    year = str(row["published"] or row["collected_at"])[:4]
    document.add_text("facets", facet_value(media.split(";")[0].strip(), language, year))
    day = row["published"] or str(row["collected_at"])[:10]
    document.add_unsigned("day", day_number(day))
    for field, key in cited:
        document.add_text(field, key)
    return document


def clearance_of(visibility: Visibility) -> str | None:
    """The level up to which ``visibility`` sees every level, as every role does: the record
    facet fields of that level answer for it. None for any other set of levels."""
    levels = visibility.levels
    return levels[-1] if levels and levels == LEVELS[: len(levels)] else None


def _rank(level: str) -> int:
    # A level this version does not know ranks above all: no viewer sees its paths.
    return LEVELS.index(level) if level in LEVELS else len(LEVELS)


def cited_terms(
    connection: Connection, among: Sequence[int] | None
) -> dict[int, list[tuple[str, str]]]:
    """The record facets of the items ``among`` (every item when None) as ``(field, key)``
    of :func:`cited_field`, by item id."""
    parameters: dict[str, object] = dict(cited.PARAMETERS)
    span = None if among is None else id_span(among)
    if span is not None:
        parameters[cited.FIRST_PARAMETER], parameters[cited.LAST_PARAMETER] = span
    elif among is not None:
        parameters[cited.ITEMS_PARAMETER] = list(among)
    wanted = None if among is None else set(among)
    # The lowest level that sees some path from the item to the key: the most confidential
    # record of a path decides who sees it.
    best: dict[tuple[int, str, object], int] = {}
    for facet, sql in cited.paths(
        limited=among is not None and span is None, spanned=span is not None
    ):
        statement = text(sql)
        if among is not None and span is None:
            statement = statement.bindparams(bindparam(cited.ITEMS_PARAMETER, expanding=True))
        for key, item_id, level, other in connection.execute(statement, parameters):
            if wanted is not None and int(item_id) not in wanted:
                continue
            rank = max(_rank(str(level)), _rank(str(other)))
            slot = (int(item_id), facet, key)
            best[slot] = min(rank, best.get(slot, rank))
    terms: dict[int, list[tuple[str, str]]] = {}
    for (item_id, facet, key), rank in best.items():
        terms.setdefault(item_id, []).extend(
            (cited_field(facet, clearance), str(key)) for clearance in LEVELS[rank:]
        )
    return terms


def id_span(ids: Sequence[int]) -> tuple[int, int] | None:
    """The first and last of ``ids`` when they fill at least half the span between them (items
    ingested one after another, a step of a rebuild): reading that span by the primary key and
    keeping the rows of ``ids`` costs less than binding thousands of ids one by one, which took
    as long as reading the rows. None otherwise."""
    if not ids:
        return None
    first, last = min(ids), max(ids)
    return (first, last) if last - first < 2 * len(ids) else None


def record_filters(filters: SearchFilters, clearance: str) -> Iterator[tantivy.Query]:
    """The record filters as index queries over the record facet fields of ``clearance``
    (``item_condition`` has validated them)."""
    wanted: list[tuple[str, object]] = []
    if filters.violation is not None:
        wanted.append(("violations", cited.violation_value(filters.violation)))
    if filters.place is not None:
        wanted.append(("places", cited.record_id(filters.place, "place")))
    if filters.actor is not None:
        wanted.append(("actors", cited.record_id(filters.actor, "actor")))
    for facet, key in wanted:
        yield term(cited_field(facet, clearance), str(key))


def facet_value(media: str, language: str, year: str) -> str:
    """The media type, language and year of an item as one value: counting the values of one
    fast field over every match costs a third of counting three."""
    return FACET_SEPARATOR.join((media, language, year))


def facet_parts(value: str) -> tuple[str, str, str]:
    """The media type, language and year :func:`facet_value` joined."""
    media, language, year = value.split(FACET_SEPARATOR)
    return media, language, year


def positioned(keys: Sequence[tuple[str, int]]) -> tantivy.PreTokenizedString:
    """Keys at given positions as a field's tokens (several may share one)."""
    tokens = []
    offset = 0
    for key, position in keys:
        tokens.append(tantivy.Token(key, position, offset, offset + len(key)))
        offset += len(key) + 1
    return tantivy.PreTokenizedString(" ".join(key for key, _position in keys), tokens)


def _media_terms(media: str) -> Iterator[str]:
    """The names a filter may select ``media`` by: itself, without parameters, its family."""
    yield media
    if ";" in media:
        yield media[: media.index(";")]
    if "/" in media:
        yield media[: media.index("/")] + "/*"


def term(field: str, value: str | int) -> tantivy.Query:
    return tantivy.Query.term_query(SCHEMA, field, value)


def one_of(field: str, values: Iterable[str]) -> tantivy.Query:
    return tantivy.Query.term_set_query(SCHEMA, field, list(values))


def all_of(queries: Sequence[tantivy.Query]) -> tantivy.Query:
    if len(queries) == 1:
        return queries[0]
    return tantivy.Query.boolean_query([(tantivy.Occur.Must, query) for query in queries])


def both(scored: tantivy.Query, unscored: tantivy.Query) -> tantivy.Query:
    return tantivy.Query.boolean_query(
        [(tantivy.Occur.Must, scored), (tantivy.Occur.Must, unscored)]
    )


def as_filter(query: tantivy.Query) -> tantivy.Query:
    """``query`` as a filter: it selects items but adds nothing to their score."""
    return tantivy.Query.const_score_query(query, 0.0)


def item_filters(filters: SearchFilters) -> Iterator[tantivy.Query]:
    """The item filters as index queries (``item_condition`` has validated them)."""
    if filters.language is not None:
        yield term("language", filters.language.strip().lower())
    if filters.date_from is not None or filters.date_to is not None:
        yield tantivy.Query.range_query(
            SCHEMA,
            "day",
            tantivy.FieldType.Unsigned,
            day_number(filters.date_from.isoformat()) if filters.date_from else None,
            day_number(filters.date_to.isoformat()) if filters.date_to else None,
        )
    if filters.media_type is not None:
        yield one_of("media", media_types(filters.media_type))
    if filters.level is not None:
        yield term("level", filters.level)


def cited_ids(
    connection: Connection, filters: SearchFilters, visibility: Visibility
) -> set[int] | None:
    """Items cited as the record filters ask (None without record filters).

    Records live in the database, not the index: the citations of one violation type, place
    or actor are few, so the items they cite are fetched and handed to the index as ids.
    """
    wanted: list[tuple[str, object]] = []
    if filters.violation is not None:
        wanted.append((cited.violations(visibility), cited.violation_value(filters.violation)))
    if filters.place is not None:
        wanted.append((cited.places(visibility), cited.record_id(filters.place, "place")))
    if filters.actor is not None:
        wanted.append((cited.actors(visibility), cited.record_id(filters.actor, "actor")))
    if not wanted:
        return None
    found: set[int] | None = None
    for fragment, key in wanted:
        statement = text(
            f"SELECT cx.item_id FROM ({fragment}) AS cx WHERE cx.facet_key = :key"  # noqa: S608
        ).bindparams(bindparam(Visibility.PARAMETER, expanding=True))
        parameters = {**cited.PARAMETERS, **visibility.parameters(), "key": key}
        ids = {int(item_id) for item_id in connection.execute(statement, parameters).scalars()}
        found = ids if found is None else found & ids
    return found


def node_query(searcher: tantivy.Searcher, node: Node) -> tantivy.Query:
    if isinstance(node, Phrase):
        return _phrase_query(searcher, node)
    if isinstance(node, AnyOf):
        return tantivy.Query.boolean_query(
            [(tantivy.Occur.Should, node_query(searcher, option)) for option in node.options]
        )
    clauses = [(tantivy.Occur.Must, node_query(searcher, child)) for child in node.include]
    clauses += [(tantivy.Occur.MustNot, node_query(searcher, child)) for child in node.exclude]
    return tantivy.Query.boolean_query(clauses)


def _phrase_query(searcher: tantivy.Searcher, phrase: Phrase) -> tantivy.Query:
    """The phrase in any field, each field's BM25 score weighted like FTS5's columns."""
    expansions = _expansions(searcher, phrase.keys[-1]) if phrase.prefix else None
    per_field = []
    for field, weight in FIELDS:
        if expansions is None and phrase.prefix:
            # Too many words start with this: matched completely, but unranked.
            query = tantivy.Query.phrase_prefix_query(SCHEMA, field, list(phrase.keys))
        else:
            lasts = expansions if expansions is not None else [phrase.keys[-1]]
            options = [_words_query(field, [*phrase.keys[:-1], last]) for last in lasts]
            if not options:
                continue
            query = (
                options[0]
                if len(options) == 1
                else tantivy.Query.boolean_query(
                    [(tantivy.Occur.Should, option) for option in options]
                )
            )
        per_field.append((tantivy.Occur.Should, tantivy.Query.boost_query(query, weight)))
    if not per_field:
        return tantivy.Query.empty_query()
    return tantivy.Query.boolean_query(per_field)


def _words_query(field: str, words: list[str]) -> tantivy.Query:
    if len(words) == 1:
        return tantivy.Query.term_query(SCHEMA, field, words[0])
    return tantivy.Query.phrase_query(SCHEMA, field, list[str | tuple[int, str]](words))


def _expansions(searcher: tantivy.Searcher, prefix: str) -> list[str] | None:
    """The indexed keys starting with ``prefix``; None when there are too many to rank."""
    keys: set[str] = set()
    for field, _weight in FIELDS:
        for key, _count in searcher.terms_with_prefix(field, prefix):
            keys.add(str(key))
            if len(keys) > MAX_PREFIX_EXPANSION:
                return None
    return sorted(keys)

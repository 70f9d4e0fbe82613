"""The index on PostgreSQL: one tsvector of key streams per item, ranked by BM25 in SQL.

Tables (migration ``0002_search``): ``item_search(item_id, doc, doc_len)`` with a GIN index on
``doc``; ``search_stats``, one row of document and token counts kept by a trigger; and
``search_vocabulary``, every key ever indexed, to expand prefix queries.

The tsvector is built here, not by a text-search parser: each key gets its own positions, so a
field can be told by position alone. Title keys sit at positions 1-998 (weight B), meta keys at
1000-3997 (weight C), body keys from 4000 up to 16383, PostgreSQL's last position (weight D);
longer bodies wrap around, which keeps phrase matching and term counts for every word but can,
rarely, make two words far apart look adjacent. PostgreSQL also keeps at most 256 positions per
word. Weight A is left free: it marks the query's words when a row is scored.

Scoring reproduces FTS5's ``bm25()`` (see :mod:`docket.search.ranking`), so both engines give
the same scores (checked by the tests to 1e-12):

- the row count and token total come from ``search_stats``; the number of rows containing each
  phrase is counted through the GIN index, and prefixes are expanded with the vocabulary;
- candidates come from the GIN index with a phrase-free version of the query, which needs no
  recheck; filters on ``items`` apply before any row is scored;
- per candidate, ``setweight(doc, 'A', query words)`` then ``ts_filter(..., '{a}')`` cuts the
  tsvector down to the query's words in a few memory copies (``unnest`` of the whole tsvector
  would allocate per word). The exact query (phrases, exclusions) is checked on that, so each
  tsvector is decompressed once; term counts per field are read from its positions with
  ``width_bucket``, phrase occurrences by following positions;
- a query that is a single phrase of several words counts its rows in the ranking statement
  itself, since that pass decompresses the same rows anyway.

The cost is that every candidate's tsvector is decompressed: a word found in most items costs
time in proportion to their number, where FTS5 reads only its posting list.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import Connection, TextClause, bindparam, text

from docket.search.filters import ItemCondition
from docket.search.query import AnyOf, Node, Phrase, Query
from docket.search.ranking import (
    BODY_WEIGHT,
    K1,
    META_WEIGHT,
    TITLE_WEIGHT,
    B,
    RankedItem,
    idf,
)
from docket.search.streams import MAX_META_KEYS, MAX_TITLE_KEYS, KeyStreams

TITLE_FIRST = 1
META_FIRST = TITLE_FIRST + MAX_TITLE_KEYS + 1
BODY_FIRST = META_FIRST + MAX_META_KEYS + 2
LAST_POSITION = 16383
BODY_SPAN = LAST_POSITION - BODY_FIRST + 1
MAX_POSITIONS = 256

_UPSERT = text(
    "INSERT INTO item_search (item_id, doc, doc_len) "
    "VALUES (:item_id, CAST(:doc AS tsvector), :doc_len) "
    "ON CONFLICT (item_id) DO UPDATE SET doc = EXCLUDED.doc, doc_len = EXCLUDED.doc_len"
)
# Sorted, so two writers adding the same new words lock them in the same order.
_ADD_VOCABULARY = text(
    "INSERT INTO search_vocabulary (lexeme) "
    "SELECT lexeme FROM unnest(CAST(:lexemes AS text[])) AS lexeme ORDER BY lexeme "
    "ON CONFLICT DO NOTHING"
)
_DELETE = text("DELETE FROM item_search WHERE item_id = :item_id")


def index(connection: Connection, streams: Sequence[KeyStreams]) -> None:
    connection.execute(
        _UPSERT,
        [
            {"item_id": each.item_id, "doc": tsvector_literal(each), "doc_len": each.length}
            for each in streams
        ],
    )
    lexemes = sorted({key for each in streams for key in each.distinct_keys()})
    connection.execute(_ADD_VOCABULARY, {"lexemes": lexemes})


def remove(connection: Connection, item_id: int) -> None:
    connection.execute(_DELETE, {"item_id": item_id})


def tsvector_literal(streams: KeyStreams) -> str:
    """The tsvector of ``streams`` in PostgreSQL's input syntax."""
    positions: dict[str, set[int]] = {}
    for offset, key in enumerate(streams.title):
        positions.setdefault(key, set()).add(TITLE_FIRST + offset)
    for offset, key in enumerate(streams.meta):
        positions.setdefault(key, set()).add(META_FIRST + offset)
    for offset, key in enumerate(streams.body):
        positions.setdefault(key, set()).add(BODY_FIRST + offset % BODY_SPAN)
    entries = []
    for key, places in positions.items():
        listed = ",".join(f"{place}{_weight(place)}" for place in sorted(places)[:MAX_POSITIONS])
        entries.append(f"{_quote(key)}:{listed}")
    return " ".join(entries)


# One ``'lexeme':positions`` entry of a tsvector's text form; keys need no escapes but quotes
# are doubled in that form, so the pattern allows them.
_ENTRY = re.compile(r"'((?:[^']|'')*)':([0-9A-D,]+)")

# A field's keys with their positions, counted from the field's first.
PositionedKeys = list[tuple[str, int]]


def key_fields(doc: str) -> tuple[PositionedKeys, PositionedKeys, PositionedKeys]:
    """The title, meta and body keys of a stored tsvector (its text form) at the positions
    :func:`tsvector_literal` gave them, in order: the streams it was given, as far as
    PostgreSQL kept them (256 positions per key; a long body's words share positions)."""
    title: PositionedKeys = []
    meta: PositionedKeys = []
    body: PositionedKeys = []
    for lexeme, positions in _ENTRY.findall(doc):
        key = lexeme.replace("''", "'")
        for place in map(
            int, positions.replace("A", "").replace("B", "").replace("C", "").split(",")
        ):
            if place >= BODY_FIRST:
                body.append((key, place - BODY_FIRST))
            elif place >= META_FIRST:
                meta.append((key, place - META_FIRST))
            else:
                title.append((key, place - TITLE_FIRST))
    for keys in (title, meta, body):
        keys.sort(key=lambda pair: pair[1])
    return title, meta, body


def key_texts(doc: str) -> tuple[str, str, str] | None:
    """The title, meta and body keys of a stored tsvector (its text form), each field's keys
    separated by spaces, when every field holds one key at each of its positions from its
    first on: then the n-th word of a field is at position n, as a tokenizer splitting on
    spaces numbers it, and the streams need no positions of their own. None when PostgreSQL
    dropped positions (a key repeated over 256 times), a long body's words share positions, or
    the text is not of :func:`tsvector_literal`'s making: :func:`key_fields` reads those.

    Rebuilding the search index reads every item's tsvector, nearly always this case: a field
    given as text, not as one token object per key, made rebuilds take 2.6 times less
    processor time.
    """
    if not doc:
        return "", "", ""
    placed: dict[int, str] = {}
    parsed = 0
    for entry in doc.split(" "):
        quoted, _, positions = entry.rpartition(":")
        key = quoted[1:-1]
        # Keys are [a-z0-9] words (docket.search.keys): nothing to unquote, and anything else
        # (quotes, spaces, a lexeme without positions) is left to the careful reading.
        if not (len(quoted) > 2 and quoted[0] == quoted[-1] == "'" and key.isalnum()):
            return None
        for place in positions.split(","):
            placed[int(place.rstrip("ABCD"))] = key
            parsed += 1
    if parsed != len(placed):
        return None  # two keys at one position: a long body wrapped around
    order = sorted(placed)
    meta_from = bisect_left(order, META_FIRST)
    body_from = bisect_left(order, BODY_FIRST, meta_from)
    texts = []
    for first, places in (
        (TITLE_FIRST, order[:meta_from]),
        (META_FIRST, order[meta_from:body_from]),
        (BODY_FIRST, order[body_from:]),
    ):
        # Distinct positions from ``first`` on, as many as the last one says: no gap.
        if places and (places[0] != first or places[-1] - first + 1 != len(places)):
            return None
        texts.append(" ".join(map(placed.__getitem__, places)))
    title, meta, body = texts
    return title, meta, body


def _weight(position: int) -> str:
    if position < META_FIRST:
        return "B"
    return "C" if position < BODY_FIRST else ""


def _quote(lexeme: str) -> str:
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def tsquery(node: Node, *, loose: bool = False) -> str:
    """The tsquery for a query tree; ``loose`` gives a superset without phrases that the GIN
    index answers exactly (phrases become AND, excluded phrases are dropped)."""
    if isinstance(node, Phrase):
        lexemes = [_quote(key) for key in node.keys]
        if node.prefix:
            lexemes[-1] += ":*"
        if len(lexemes) == 1:
            return lexemes[0]
        return "(" + (" & " if loose else " <-> ").join(lexemes) + ")"
    if isinstance(node, AnyOf):
        return "(" + " | ".join(tsquery(option, loose=loose) for option in node.options) + ")"
    parts = [tsquery(child, loose=loose) for child in node.include]
    for child in node.exclude:
        if not loose:
            parts.append("!" + tsquery(child))
        elif isinstance(child, Phrase) and len(child.keys) == 1:
            parts.append("!" + tsquery(child, loose=True))
    return "(" + " & ".join(parts) + ")"


def rank(connection: Connection, query: Query, limit: int) -> list[tuple[int, float]]:
    """Just the BM25 statements: no filters, no titles."""
    return [(item.item_id, item.score) for item in _ranked(connection, query, None, limit)]


def find(
    connection: Connection, query: Query, condition: ItemCondition, limit: int
) -> list[RankedItem]:
    """The best ``limit`` items matching ``query`` and ``condition``, best first."""
    return _ranked(connection, query, condition, limit)


def _ranked(
    connection: Connection, query: Query, condition: ItemCondition | None, limit: int
) -> list[RankedItem]:
    with _planner_settings(connection):
        plan = _plan(connection, query)
        if plan is None:
            return []
        if plan.idfs is None:
            return _ranked_by_one_phrase(connection, plan, condition, limit)
        statement, parameters = _ranking_statement(plan, condition, limit)
        rows = connection.execute(statement, parameters)
        return [RankedItem(int(row[0]), float(row[1]), _title(row, 2)) for row in rows]


def _title(row: Sequence[object], index: int) -> str | None:
    value = row[index] if len(row) > index else None
    return value if isinstance(value, str) else None


@contextmanager
def _planner_settings(connection: Connection) -> Iterator[None]:
    # The planner cannot see that a tsvector must be decompressed to be tested, so it scans the
    # whole table for common words where the GIN index is many times faster; and the large cost
    # estimates of per-row scoring trigger JIT compilation, which costs more than the query.
    # Both settings are local to the caller's transaction and restored afterwards.
    saved = connection.execute(
        text(
            "SELECT current_setting('jit'), current_setting('enable_seqscan'), "
            "set_config('jit', 'off', true), set_config('enable_seqscan', 'off', true)"
        )
    ).one()
    yield
    connection.execute(
        text("SELECT set_config('jit', :jit, true), set_config('enable_seqscan', :seqscan, true)"),
        {"jit": saved[0], "seqscan": saved[1]},
    )


@dataclass(frozen=True)
class _Plan:
    query: Query
    scored: tuple[Phrase, ...]
    # None when the query is one phrase of several words: counting the rows that contain it
    # means decompressing each row with all its words, which the ranking does anyway, so the
    # count is taken there.
    idfs: tuple[float, ...] | None
    rows: int
    lexemes: tuple[str, ...]
    average_length: float


def _plan(connection: Connection, query: Query) -> _Plan | None:
    """Corpus statistics for the query, in one round trip; ``None`` when the index is empty."""
    scored = tuple(query.scored_phrases())
    one_phrase = isinstance(query.root, Phrase) and len(query.root.keys) > 1
    distinct = [] if one_phrase else list(dict.fromkeys(scored))
    prefixed = [phrase for phrase in dict.fromkeys(query.phrases()) if phrase.prefix]
    columns = ["doc_count", "token_count"]
    parameters: dict[str, object] = {}
    for number, phrase in enumerate(distinct):
        columns.append(
            "(SELECT count(*) FROM item_search "  # noqa: S608 - only bound values vary
            f"WHERE doc @@ CAST(:phrase_{number} AS tsquery))"
        )
        parameters[f"phrase_{number}"] = tsquery(phrase)
    for number, phrase in enumerate(prefixed):
        # Keys are [a-z0-9], all of which sort below "~": this is the range of the prefix.
        columns.append(
            "ARRAY(SELECT lexeme FROM search_vocabulary "  # noqa: S608 - only bound values vary
            f"WHERE lexeme >= :low_{number} AND lexeme < :high_{number})"
        )
        parameters[f"low_{number}"] = phrase.keys[-1]
        parameters[f"high_{number}"] = phrase.keys[-1] + "~"
    row = connection.execute(
        text(f"SELECT {', '.join(columns)} FROM search_stats WHERE id = 1"),  # noqa: S608
        parameters,
    ).one_or_none()
    if row is None or not row[0]:
        return None
    rows, tokens = int(row[0]), int(row[1])
    frequencies = dict(zip(distinct, row[2 : 2 + len(distinct)], strict=True))
    lexemes: set[str] = set()
    for phrase in query.phrases():
        lexemes.update(phrase.keys[:-1] if phrase.prefix else phrase.keys)
    for expansion in row[2 + len(distinct) :]:
        lexemes.update(expansion)
    return _Plan(
        query=query,
        scored=scored,
        idfs=None if one_phrase else tuple(idf(rows, int(frequencies[p])) for p in scored),
        rows=rows,
        lexemes=tuple(sorted(lexemes)),
        average_length=tokens / rows,
    )


_FIELD_COUNTS = (
    f"{TITLE_WEIGHT!r}::float8 * width_bucket({META_FIRST - 1}, u.positions)"
    f" + {META_WEIGHT!r}::float8 * (width_bucket({BODY_FIRST - 1}, u.positions)"
    f" - width_bucket({META_FIRST - 1}, u.positions))"
    f" + {BODY_WEIGHT!r}::float8 * (cardinality(u.positions)"
    f" - width_bucket({BODY_FIRST - 1}, u.positions))"
)
_START_WEIGHT = (
    f"CASE WHEN p.pos < {META_FIRST} THEN {TITLE_WEIGHT!r}::float8 "
    f"WHEN p.pos < {BODY_FIRST} THEN {META_WEIGHT!r}::float8 ELSE {BODY_WEIGHT!r}::float8 END"
)


def _frequency(phrase: Phrase, number: int, parameters: dict[str, object]) -> str:
    """SQL for the weighted occurrence count of ``phrase`` in the cut-down tsvector ``x.iso``."""
    if len(phrase.keys) == 1:
        parameters[f"key_{number}_0"] = phrase.keys[0]
        name = f":key_{number}_0"
        test = f"starts_with(u.lexeme, {name})" if phrase.prefix else f"u.lexeme = {name}"
        return (
            f"(SELECT coalesce(sum({_FIELD_COUNTS}), 0) "  # noqa: S608 - code-made SQL, bound values
            f"FROM unnest(x.iso) AS u WHERE {test})"
        )
    # An occurrence is a position of the first word where each next word follows; positions
    # lists hold at most 256 entries, so = ANY over them is cheap.
    follows = []
    for offset in range(1, len(phrase.keys)):
        parameters[f"key_{number}_{offset}"] = phrase.keys[offset]
        last = phrase.prefix and offset == len(phrase.keys) - 1
        positions = _positions(f":key_{number}_{offset}", last)
        # The CAST makes ANY read one array, not the rows of a subquery.
        follows.append(f"p.pos + {offset} = ANY(CAST({positions} AS smallint[]))")
    parameters[f"key_{number}_0"] = phrase.keys[0]
    return (
        f"(SELECT coalesce(sum({_START_WEIGHT}), 0) "  # noqa: S608 - code-made SQL, bound values
        f"FROM unnest({_positions(f':key_{number}_0', False)}) AS p(pos) "
        f"WHERE {' AND '.join(follows)})"
    )


def _positions(key: str, prefix: bool) -> str:
    """SQL for the positions of a key (of every key with that prefix) in ``x.iso``."""
    if prefix:
        return (
            "(SELECT array_agg(q) FROM unnest(x.iso) AS u, unnest(u.positions) AS q "  # noqa: S608
            f"WHERE starts_with(u.lexeme, {key}))"
        )
    return f"(SELECT u.positions FROM unnest(x.iso) AS u WHERE u.lexeme = {key})"  # noqa: S608


_SCORED_ROWS = (
    "CROSS JOIN LATERAL (SELECT "
    "ts_filter(setweight(h.doc, 'A', CAST(:lexemes AS text[])), '{{a}}') AS iso, "
    f"{K1!r}::float8 * (1 - {B!r}::float8 + {B!r}::float8 * h.doc_len"
    " / CAST(:average_length AS float8)) AS norm OFFSET 0) AS x "
    "CROSS JOIN LATERAL (SELECT {frequencies} OFFSET 0) AS f "
)
"""Scores rows ``h``: ``x.iso`` is the row cut down to the query's words, ``x.norm`` BM25's length
normalisation and ``f.f_N`` the weighted count of phrase N (format with ``frequencies``)."""


def _base_parameters(plan: _Plan, limit: int) -> dict[str, object]:
    return {
        "lexemes": list(plan.lexemes),
        "average_length": plan.average_length,
        "loose": tsquery(plan.query.root, loose=True),
        "exact": tsquery(plan.query.root),
        "limit": limit,
    }


def _ranking_statement(
    plan: _Plan, condition: ItemCondition | None, limit: int
) -> tuple[TextClause, dict[str, object]]:
    assert plan.idfs is not None
    parameters = _base_parameters(plan, limit)
    frequencies = []
    terms = []
    for number, (phrase, weight) in enumerate(zip(plan.scored, plan.idfs, strict=True)):
        frequencies.append(f"{_frequency(phrase, number, parameters)} AS f_{number}")
        parameters[f"idf_{number}"] = weight
        terms.append(
            f"CAST(:idf_{number} AS float8) * (f.f_{number} * {K1 + 1.0!r}::float8)"
            f" / (f.f_{number} + x.norm)"
        )
    if condition is None:
        candidates = (
            "SELECT item_id, doc, doc_len FROM item_search WHERE doc @@ CAST(:loose AS tsquery)"
        )
        title = ""
    else:
        where = f" AND {condition.sql}" if condition.sql else ""
        candidates = (
            "SELECT s.item_id, s.doc, s.doc_len, coalesce(i.title, i.original_name) AS title "  # noqa: S608
            "FROM item_search AS s "
            f"JOIN items AS i ON i.id = s.item_id WHERE s.doc @@ CAST(:loose AS tsquery){where}"
        )
        title = ", h.title"
        parameters.update(condition.parameters)
    # Every piece of this SQL is written here; the query's keys and numbers are bound values.
    # OFFSET 0 fences each subquery: the filters run before any row is scored, and the cut-down
    # tsvector is computed once per row rather than once per use.
    scored_rows = _SCORED_ROWS.format(frequencies=", ".join(frequencies))
    sql = (
        f"SELECT h.item_id, {' + '.join(terms)} AS score{title} "  # noqa: S608
        f"FROM ({candidates} OFFSET 0) AS h {scored_rows}"
        "WHERE x.iso @@ CAST(:exact AS tsquery) ORDER BY score DESC, h.item_id LIMIT :limit"
    )
    return _with_expanding(text(sql), condition), parameters


def _ranked_by_one_phrase(
    connection: Connection, plan: _Plan, condition: ItemCondition | None, limit: int
) -> list[RankedItem]:
    """Rank a one-phrase query, counting the rows that contain the phrase on the way."""
    parameters = _base_parameters(plan, limit)
    frequency = _frequency(plan.scored[0], 0, parameters)
    join = title = ""
    if condition is not None:
        join = "JOIN items AS i ON i.id = m.item_id "
        join += f"WHERE {condition.sql} " if condition.sql else ""
        title = ", coalesce(i.title, i.original_name) AS title"
        parameters.update(condition.parameters)
    # The idf factor is the same for every row, so the order does not need it.
    scored_rows = _SCORED_ROWS.format(frequencies=f"{frequency} AS f_0")
    order = f"m.frequency * {K1 + 1.0!r}::float8 / (m.frequency + m.norm)"
    sql = (
        "WITH matches AS MATERIALIZED (SELECT h.item_id, f.f_0 AS frequency, x.norm "  # noqa: S608
        f"FROM item_search AS h {scored_rows}"
        "WHERE h.doc @@ CAST(:loose AS tsquery) AND x.iso @@ CAST(:exact AS tsquery)) "
        f"SELECT m.item_id, m.frequency, m.norm, (SELECT count(*) FROM matches){title} "
        f"FROM matches AS m {join}ORDER BY {order} DESC, m.item_id LIMIT :limit"
    )
    rows = connection.execute(_with_expanding(text(sql), condition), parameters).all()
    ranked = []
    for row in rows:
        weight = idf(plan.rows, int(row[3]))
        frequency_value, norm = float(row[1]), float(row[2])
        # FTS5's own order of operations, so that both engines give the same float.
        score = weight * (frequency_value * (K1 + 1.0)) / (frequency_value + norm)
        ranked.append(RankedItem(int(row[0]), score, _title(row, 4)))
    return sorted(ranked, key=lambda item: (-item.score, item.item_id))


def _with_expanding(statement: TextClause, condition: ItemCondition | None) -> TextClause:
    if condition is None:
        return statement
    return statement.bindparams(*(bindparam(name, expanding=True) for name in condition.expanding))

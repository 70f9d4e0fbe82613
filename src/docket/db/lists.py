"""``column IN (a list bound when the statement runs)`` as one parameter, on both databases.

SQLAlchemy's expanding ``IN`` writes a bound parameter for each element into the statement every
time it runs: the compiled statement is rewritten on each execution, which cost a record page
about a tenth of its server time. Bound as one value instead (an array on PostgreSQL, a JSON
array on SQLite), the statement compiled once is sent as it is. Both forms keep the column's
index in use: PostgreSQL searches ``= ANY(array)`` in the index like an ``IN`` list, and SQLite
looks up each element of the ``json_each`` list as it would those of a written-out list.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Boolean, ColumnElement, Dialect, String, bindparam
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import TypeDecorator, TypeEngine


class BoundList(TypeDecorator[Sequence[Any]]):
    """A list bound as one parameter: a PostgreSQL array of ``item``, or JSON text for SQLite's
    ``json_each``."""

    impl = String
    cache_ok = True

    def __init__(self, item: TypeEngine[Any]) -> None:
        super().__init__()
        self.item = item

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "postgresql":
            return dialect.type_descriptor(ARRAY(self.item))
        return dialect.type_descriptor(String())

    def process_bind_param(self, value: Sequence[Any] | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if dialect.name == "postgresql":
            return list(value)
        return json.dumps(list(value))


class _InList(FunctionElement[bool]):
    """The column and the bound list; written for each database below."""

    type = Boolean()
    inherit_cache = True
    name = "in_list"
    # A comparison already: without this, SQLite (no boolean type) would be sent "... = 1",
    # which its planner cannot search an index for.
    _is_implicitly_boolean = True


def in_list(column: ColumnElement[Any], name: str) -> ColumnElement[bool]:
    """``column`` is one of the list bound as ``name`` when the statement runs (a list or
    tuple of values of the column's type; an empty one matches nothing)."""
    return _InList(column, bindparam(name, type_=BoundList(column.type)))


@compiles(_InList)
def _in_json_each(element: _InList, compiler: SQLCompiler, **kw: Any) -> str:
    column, values = element.clauses
    # Both parts are compiled SQL (a column and a bound parameter), never a value.
    subquery = f"SELECT value FROM json_each({compiler.process(values, **kw)})"  # noqa: S608
    return f"{compiler.process(column, **kw)} IN ({subquery})"


@compiles(_InList, "postgresql")
def _equals_any(element: _InList, compiler: SQLCompiler, **kw: Any) -> str:
    column, values = element.clauses
    return f"{compiler.process(column, **kw)} = ANY({compiler.process(values, **kw)})"

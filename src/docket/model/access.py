"""Who is reading: a viewer's role decides which items, records and proposals exist for them.

Every store behind ``Archive.as_viewer`` is built with a ``Viewer`` and filters every query with
its ``Visibility``: nothing above the viewer's clearance is ever loaded, so lists, counts,
timelines, exports and custody entries cannot leak it by accident, and a hidden thing is "not
found" exactly like a missing one. There is no viewer that means "everything": the archive's
owner is an admin like any other.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, ClassVar, Final

from sqlalchemy import ColumnElement

from docket.db.lists import in_list
from docket.errors import PermissionDenied
from docket.evidence.custody import current_actor

# Lowest first: a viewer cleared for a level sees every level before it.
LEVELS: Final = ("public", "restricted", "confidential")


class Role(StrEnum):
    """The roles of a documentation team."""

    ADMIN = "admin"
    EDITOR = "editor"
    ANALYST = "analyst"
    VIEWER = "viewer"


# Editors are the documenters who take testimonies, so they work with confidential records;
# analysts count and compare, and need no more than restricted material.
CLEARANCE: Final = {
    Role.ADMIN: "confidential",
    Role.EDITOR: "confidential",
    Role.ANALYST: "restricted",
    Role.VIEWER: "public",
}
WRITERS: Final = frozenset({Role.ADMIN, Role.EDITOR})
MAY_HOLD_PROTECTED: Final = frozenset({Role.ADMIN, Role.EDITOR})


def parse_role(role: Role | str) -> Role:
    """``role`` as a Role; PermissionDenied naming the roles when it is none."""
    try:
        return Role(role)
    except ValueError:
        raise PermissionDenied(
            f"unknown role {str(role)[:40]!r}; roles: {', '.join(r.value for r in Role)}"
        ) from None


def higher_level(*levels: str) -> str:
    """The most confidential of ``levels``."""
    return max(levels, key=LEVELS.index)


# Each column's ``IN (levels)`` per set of levels, with the column itself: a column's id names it
# only while it lives (the schema's tables live as long as the process).
_CLAUSES_KEPT: Final = 512
_CLAUSES: dict[tuple[tuple[str, ...], int], tuple[ColumnElement[Any], ColumnElement[bool]]] = {}


@dataclass(frozen=True)
class Visibility:
    """The one visibility rule: which confidentiality levels a viewer may see.

    Built once from the viewer; every query applies it through ``clause`` (SQLAlchemy Core) or
    ``sql`` (statements written as text, with ``parameters``). A record referred to, counted or
    faceted must also not be retracted nor merged into another: ``current_record_sql`` says so.
    """

    levels: tuple[str, ...]

    PARAMETER: ClassVar[str] = "vis_levels"

    def allows(self, level: str | None) -> bool:
        return level in self.levels

    def clause(self, column: ColumnElement[Any]) -> ColumnElement[bool]:
        # A record page builds this about seven times; composing ``IN`` anew each time cost more
        # than running the statements. Expressions are immutable, so one serves every statement.
        key = (self.levels, id(column))
        found = _CLAUSES.get(key)
        if found is None or found[0] is not column:
            found = (column, column.in_(self.levels))
            if len(_CLAUSES) >= _CLAUSES_KEPT:
                # Columns of aliases made per query would otherwise pile up here.
                _CLAUSES.clear()
            _CLAUSES[key] = found
        return found[1]

    @classmethod
    def bound_clause(cls, column: ColumnElement[Any]) -> ColumnElement[bool]:
        """``column IN (levels)`` with the levels bound when the statement runs (bind
        ``parameters()``): for a statement built once and run for every viewer. The levels
        are one parameter, so the statement is sent as it was compiled."""
        return in_list(column, cls.PARAMETER)

    def sql(self, column: str) -> str:
        """``column IN (levels)`` for a text statement; bind ``parameters()`` with it."""
        return f"{column} IN :{self.PARAMETER}"

    def current_record_sql(self, alias: str) -> str:
        """A record that counts for this viewer: visible, not retracted, not merged away."""
        return (
            f"NOT {alias}.retracted AND {alias}.merged_into IS NULL "
            f"AND {self.sql(f'{alias}.confidentiality')}"
        )

    def parameters(self) -> Mapping[str, object]:
        return {self.PARAMETER: list(self.levels)}


@dataclass(frozen=True)
class Viewer:
    """A person reading or changing the archive.

    ``protected`` is the right to see protected field values (witness and source identities);
    only admins and editors can hold it, and even they see those values only when they ask.
    """

    name: str
    role: Role
    protected: bool = False

    def __post_init__(self) -> None:
        if not isinstance(self.role, Role):
            raise PermissionDenied(
                f"unknown role {self.role!r}; roles: {', '.join(r.value for r in Role)}"
            )
        if not isinstance(self.name, str) or not self.name.strip():
            raise PermissionDenied("a viewer needs a name")
        if self.protected and self.role not in MAY_HOLD_PROTECTED:
            raise PermissionDenied(f"a {self.role} may not see protected fields")

    @classmethod
    def owner(cls, name: str | None = None) -> Viewer:
        """The archive's owner on the local machine: an admin who may see protected fields."""
        return cls(name or current_actor(), Role.ADMIN, protected=True)

    @classmethod
    def as_role(cls, role: str, name: str | None = None) -> Viewer:
        """A viewer with ``role`` and its default rights, to check what others would see."""
        parsed = parse_role(role)
        return cls(name or current_actor(), parsed, protected=parsed is Role.ADMIN)

    @property
    def clearance(self) -> str:
        return CLEARANCE[self.role]

    @functools.cached_property
    def visibility(self) -> Visibility:
        return Visibility(LEVELS[: LEVELS.index(self.clearance) + 1])

    def visible_levels(self) -> tuple[str, ...]:
        """The confidentiality levels this viewer may see, lowest first."""
        return self.visibility.levels

    def can_see(self, level: str | None) -> bool:
        return self.visibility.allows(level)

    @property
    def may_write(self) -> bool:
        return self.role in WRITERS

    def require_writer(self) -> None:
        if not self.may_write:
            raise PermissionDenied(f"a {self.role} may read records but not change them")

    def require_admin(self) -> None:
        if self.role is not Role.ADMIN:
            raise PermissionDenied(f"only an admin may do this, not a {self.role}")

    def require_reveal(self) -> None:
        if not self.protected:
            raise PermissionDenied(
                f"{self.name} ({self.role}) may not see protected fields; they stay [redacted]"
            )

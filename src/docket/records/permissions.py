"""Who is reading: a viewer's role decides which records exist for them and what they may do.

Every read of the record store takes a ``Viewer`` and filters with ``visible_levels``; nothing
above the viewer's clearance is ever loaded, so lists, counts, timelines and exports cannot leak
it by accident, and a hidden record is "not found" exactly like a missing one.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from docket.evidence.custody import current_actor
from docket.ingest.provenance import CONFIDENTIALITY_LEVELS
from docket.records.errors import PermissionDenied

LEVELS: Final = CONFIDENTIALITY_LEVELS


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


@dataclass(frozen=True)
class Viewer:
    """A person reading or changing records.

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
        try:
            parsed = Role(role)
        except ValueError:
            raise PermissionDenied(
                f"unknown role {role!r}; roles: {', '.join(r.value for r in Role)}"
            ) from None
        return cls(name or current_actor(), parsed, protected=parsed is Role.ADMIN)

    @property
    def clearance(self) -> str:
        return CLEARANCE[self.role]

    def visible_levels(self) -> tuple[str, ...]:
        """The confidentiality levels this viewer may see, lowest first."""
        return LEVELS[: LEVELS.index(self.clearance) + 1]

    def can_see(self, level: str) -> bool:
        return level in self.visible_levels()

    def require_writer(self) -> None:
        if self.role not in WRITERS:
            raise PermissionDenied(f"a {self.role} may read records but not change them")

    def require_reveal(self) -> None:
        if not self.protected:
            raise PermissionDenied(
                f"{self.name} ({self.role}) may not see protected fields; they stay [redacted]"
            )

"""What the interfaces see of accounts: frozen snapshots, never a password hash or a secret."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from docket.model.access import Role, Viewer

# What an API token may be used for: ``read`` the GET endpoints, ``write`` changes, ``export``
# exports, ``witness`` hand in and read back another archive's checkpoints. A scope narrows what
# the token's user may do; it never widens the user's role.
SCOPES: Final = ("read", "write", "export", "witness")


@dataclass(frozen=True)
class User:
    """A person who signs in to the web workspace.

    ``require_2fa`` is the effective requirement: always for admins, or set for this user, or
    required of everyone by the archive.
    """

    id: int
    name: str
    display_name: str
    role: Role
    totp_enabled: bool
    require_2fa: bool
    disabled: bool
    language: str | None
    created_at: str

    def viewer(self) -> Viewer:
        """Who this user is to the record store; protected fields stay sealed unless asked for."""
        return Viewer(name=self.name, role=self.role, protected=False)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "display_name": self.display_name,
            "role": self.role.value,
            "totp_enabled": self.totp_enabled,
            "require_2fa": self.require_2fa,
            "disabled": self.disabled,
            "language": self.language,
            "created_at": self.created_at,
        }


@dataclass(frozen=True)
class Session:
    """A signed-in browser. The cookie holds a random token; only its SHA-256 is stored."""

    id: int
    user_id: int
    csrf_token: str
    second_factor_done: bool
    created_at: str
    last_seen_at: str


@dataclass(frozen=True)
class ApiToken:
    """A bearer token for scripts; its text is shown once, only its SHA-256 is stored."""

    id: int
    user_id: int
    name: str
    scopes: frozenset[str]
    created_at: str
    last_used_at: str | None
    revoked: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "user_id": self.user_id,
            "name": self.name,
            "scopes": [scope for scope in SCOPES if scope in self.scopes],
            "created_at": self.created_at,
            "last_used_at": self.last_used_at,
            "revoked": self.revoked,
        }


@dataclass(frozen=True)
class TotpEnrolment:
    """A new authenticator secret, not yet in force: ``confirm_totp`` enables it."""

    secret: str
    uri: str
    qr_svg: str

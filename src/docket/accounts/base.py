"""What every part of ``Accounts`` shares: the archive, the clock, limits and row conversions."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, Final

from argon2 import PasswordHasher
from sqlalchemy import Connection, Engine, insert, select, update

from docket.accounts.errors import AccountError
from docket.accounts.passwords import DEFAULT_MIN_SCORE, Passwords, check_policy
from docket.accounts.views import User
from docket.db.schema import archive_meta, users, web_sessions
from docket.evidence.sealing import SEALED, seal
from docket.model.access import Role
from docket.records.crypto import RecordCipher

if TYPE_CHECKING:
    from docket.kernel import Kernel

Clock = Callable[[], datetime]

REQUIRE_2FA_KEY: Final = "require_2fa"
STAMP_FORMAT: Final = "%Y-%m-%dT%H:%M:%S.%fZ"
# ASCII only: a Cyrillic "а" in "аdmin" would make a second account that reads as the first one.
# The display name carries any script.
NAME_PATTERN: Final = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
# Last-seen times and token use are written at most this often, so reads stay reads.
TOUCH_EVERY: Final = timedelta(minutes=1)
WRONG_CREDENTIALS: Final = "wrong name or password"
PAUSED: Final = (
    "sign-in to this account is paused for a while after too many failed attempts; "
    "try again later or ask an admin"
)


def utc_clock() -> datetime:
    return datetime.now(UTC)


def stamp(moment: datetime) -> str:
    """The stored form of a time: UTC, fixed width, so text order is time order."""
    return moment.astimezone(UTC).strftime(STAMP_FORMAT)


def parse_stamp(text: str) -> datetime:
    # Every stamp is written by ``stamp``: ISO 8601 in UTC, which fromisoformat reads several
    # times faster than strptime (it runs three times on every request of a session).
    return datetime.fromisoformat(text).astimezone(UTC)


def name_key(name: str) -> str:
    return name.casefold()


def check_name(name: str) -> str:
    cleaned = name.strip()
    if not NAME_PATTERN.fullmatch(cleaned):
        raise AccountError(
            f"invalid user name {name!r}: 1-64 characters, ASCII letters, digits, '.', '_' or "
            "'-', starting with a letter or digit"
        )
    return cleaned


def parse_role(role: Role | str) -> Role:
    if isinstance(role, Role):
        return role
    try:
        return Role(role.strip().lower())
    except ValueError:
        raise AccountError(
            f"unknown role {role!r}; roles: {', '.join(r.value for r in Role)}"
        ) from None


def check_actor(actor: str) -> str:
    if not actor or not actor.strip():
        raise AccountError("an account change needs the name of who makes it")
    return actor.strip()


class AccountsBase:
    """State and small operations shared by the user, sign-in, session and token parts."""

    def __init__(
        self,
        kernel: Kernel,
        *,
        idle_minutes: int = 30,
        absolute_hours: int = 12,
        max_failures: int = 5,
        lockout_minutes: int = 15,
        clock: Clock = utc_clock,
        password_hasher: PasswordHasher | None = None,
        min_password_score: int = DEFAULT_MIN_SCORE,
    ) -> None:
        for label, value in (
            ("idle_minutes", idle_minutes),
            ("absolute_hours", absolute_hours),
            ("max_failures", max_failures),
            ("lockout_minutes", lockout_minutes),
        ):
            if value < 1:
                raise AccountError(f"{label} must be at least 1, not {value}")
        if not 0 <= min_password_score <= 4:
            raise AccountError(
                f"min_password_score must be 0-4 (zxcvbn's scale), not {min_password_score}"
            )
        self.min_password_score = min_password_score
        self.kernel = kernel
        self.idle = timedelta(minutes=idle_minutes)
        self.absolute = timedelta(hours=absolute_hours)
        self.max_failures = max_failures
        self.lockout = timedelta(minutes=lockout_minutes)
        self.clock = clock
        self.passwords = Passwords(password_hasher)
        self._cipher: RecordCipher | None = None

    @property
    def engine(self) -> Engine:
        return self.kernel.engine

    def now(self) -> datetime:
        moment = self.clock()
        if moment.tzinfo is None:
            raise AccountError("the accounts clock must give times with a time zone")
        return moment

    # -- the TOTP secret's seal -------------------------------------------------------------

    def cipher(self, *, create: bool = False) -> RecordCipher:
        """The record key also seals TOTP secrets: it already lives outside the database."""
        if self._cipher is None:
            self._cipher = RecordCipher.load(
                self.kernel.keys_dir, create=create, sealed=self.kernel.sealed_record_key
            )
        return self._cipher

    def totp_context(self, user_id: int) -> str:
        # Binds the sealed secret to this archive and user: copied to another row, it won't open.
        return f"{self.kernel.archive_id}/totp:{user_id}"

    def check_password_policy(self, name: str, password: str, display_name: str | None) -> None:
        check_policy(name, password, display_name=display_name, min_score=self.min_password_score)

    # -- rows -------------------------------------------------------------------------------

    def enforced(self, connection: Connection) -> bool:
        value = connection.execute(
            select(archive_meta.c.value).where(archive_meta.c.key == REQUIRE_2FA_KEY)
        ).scalar()
        return value == "on"

    def set_enforced(self, connection: Connection, enforced: bool) -> None:
        value = "on" if enforced else "off"
        changed = connection.execute(
            update(archive_meta).where(archive_meta.c.key == REQUIRE_2FA_KEY).values(value=value)
        )
        if changed.rowcount == 0:
            connection.execute(insert(archive_meta).values(key=REQUIRE_2FA_KEY, value=value))

    def user_row(self, connection: Connection, user_id: int) -> Any:
        return connection.execute(select(users).where(users.c.id == user_id)).first()

    def user_row_by_name(self, connection: Connection, name: str) -> Any:
        return connection.execute(select(users).where(users.c.name_key == name_key(name))).first()

    def named_row(self, connection: Connection, name: str) -> Any:
        row = self.user_row_by_name(connection, name)
        if row is None:
            raise AccountError(f"no user named {name!r}")
        return row

    def to_user(self, row: Any, enforced: bool) -> User:
        role = Role(row.role)
        return User(
            id=int(row.id),
            name=row.name,
            display_name=row.display_name,
            role=role,
            totp_enabled=row.totp_secret is not None,
            require_2fa=role is Role.ADMIN or bool(row.require_2fa) or enforced,
            disabled=bool(row.disabled),
            language=row.language,
            created_at=row.created_at,
        )

    def load_user(self, connection: Connection, user_id: int) -> User:
        row = self.user_row(connection, user_id)
        if row is None:
            raise AccountError(f"no user with id {user_id}")
        return self.to_user(row, self.enforced(connection))

    # -- shared writes ----------------------------------------------------------------------

    def log(
        self,
        connection: Connection,
        actor: str,
        action: str,
        about: str,
        payload: Mapping[str, Any],
        *,
        sealed: Mapping[str, Iterable[int]] | None = None,
    ) -> None:
        """One custody entry, written in the caller's transaction (``about`` is its subject).

        ``sealed`` names the rows the change wrote ({table: ids}); the entry carries their state
        digests, which ``docket verify`` holds the rows to.
        """
        body = dict(payload)
        if sealed:
            body[SEALED] = {
                table: digests
                for table, ids in sealed.items()
                for digests in seal(connection, table, ids).values()
            }
        self.kernel.custody.append(connection, action, about, body, actor=actor)

    def end_live_sessions(self, connection: Connection, user_id: int | None) -> int:
        """End the live sessions of one user (or everyone's); how many were ended.

        Sessions already past their idle or absolute limit are dead anyway and are not counted.
        """
        now = self.now()
        query = update(web_sessions).where(
            web_sessions.c.ended_at.is_(None),
            web_sessions.c.last_seen_at >= stamp(now - self.idle),
            web_sessions.c.created_at >= stamp(now - self.absolute),
        )
        if user_id is not None:
            query = query.where(web_sessions.c.user_id == user_id)
        return int(connection.execute(query.values(ended_at=stamp(now))).rowcount)

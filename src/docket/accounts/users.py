"""Who may sign in: adding, listing, disabling and enabling users; passwords set by an admin;
resetting two-factor sign-in; the archive-wide 2FA requirement; each user's language."""

from __future__ import annotations

import re
from typing import Final

from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from docket.accounts.audit import ARCHIVE_SUBJECT, AccountAction, subject
from docket.accounts.base import (
    AccountsBase,
    check_actor,
    check_name,
    name_key,
    parse_role,
    stamp,
)
from docket.accounts.errors import AccountError
from docket.accounts.views import User
from docket.db.engine import reading, writing
from docket.db.schema import recovery_codes, users
from docket.model.access import Role

MAX_DISPLAY_NAME: Final = 200
# A BCP 47 tag as browsers send it (en, ru, ky, en-GB, zh-Hant-TW).
LANGUAGE_TAG: Final = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,2}")


class UserDirectory(AccountsBase):
    def add(
        self,
        name: str,
        role: Role | str,
        password: str,
        *,
        actor: str,
        display_name: str | None = None,
        require_2fa: bool = False,
    ) -> User:
        """Add a user who can sign in with ``password``; the addition is a custody entry."""
        actor = check_actor(actor)
        name = check_name(name)
        parsed_role = parse_role(role)
        shown = (display_name or name).strip()
        if not shown or len(shown) > MAX_DISPLAY_NAME:
            raise AccountError(f"the display name must have 1-{MAX_DISPLAY_NAME} characters")
        self.check_password_policy(name, password, shown)
        hashed = self.passwords.hash(password)
        at = stamp(self.now())
        try:
            with writing(self.engine) as connection:
                if self.user_row_by_name(connection, name) is not None:
                    raise AccountError(f"a user named {name!r} already exists")
                result = connection.execute(
                    insert(users)
                    .values(
                        name=name,
                        name_key=name_key(name),
                        display_name=shown,
                        role=parsed_role.value,
                        password_hash=hashed,
                        password_changed_at=at,
                        require_2fa=require_2fa,
                        totp_secret=None,
                        totp_last_step=None,
                        disabled=False,
                        language=None,
                        failed_attempts=0,
                        locked_until=None,
                        created_at=at,
                        created_by=actor,
                    )
                    .returning(users.c.id)
                )
                user_id = int(result.scalar_one())
                self.log(
                    connection,
                    actor,
                    AccountAction.USER_ADDED,
                    subject(user_id),
                    {"name": name, "role": parsed_role.value, "require_2fa": require_2fa},
                    sealed={"users": [user_id]},
                )
                user = self.load_user(connection, user_id)
        except IntegrityError:
            # Another admin added the same name between our check and our insert.
            raise AccountError(f"a user named {name!r} already exists") from None
        self.kernel.checkpoint()
        return user

    def get(self, user_id: int) -> User | None:
        with reading(self.engine) as connection:
            row = self.user_row(connection, user_id)
            return None if row is None else self.to_user(row, self.enforced(connection))

    def by_name(self, name: str) -> User | None:
        with reading(self.engine) as connection:
            row = self.user_row_by_name(connection, name.strip())
            return None if row is None else self.to_user(row, self.enforced(connection))

    def users(self) -> list[User]:
        """Every user, disabled ones included, in name order."""
        with reading(self.engine) as connection:
            enforced = self.enforced(connection)
            rows = connection.execute(select(users).order_by(users.c.name_key)).all()
            return [self.to_user(row, enforced) for row in rows]

    def disable(self, name: str, *, actor: str) -> User:
        """Stop a user signing in and end their sessions; their API tokens stop working too."""
        actor = check_actor(actor)
        with writing(self.engine) as connection:
            row = self.named_row(connection, name)
            if row.disabled:
                raise AccountError(f"{row.name} is already disabled")
            connection.execute(update(users).where(users.c.id == row.id).values(disabled=True))
            ended = self.end_live_sessions(connection, row.id)
            self.log(
                connection,
                actor,
                AccountAction.USER_DISABLED,
                subject(row.id),
                {"name": row.name, "sessions_ended": ended},
                sealed={"users": [row.id]},
            )
            user = self.load_user(connection, row.id)
        self.kernel.checkpoint()
        return user

    def enable(self, name: str, *, actor: str) -> User:
        """Let a disabled user sign in again; a sign-in pause on the account is lifted too."""
        actor = check_actor(actor)
        with writing(self.engine) as connection:
            row = self.named_row(connection, name)
            if not row.disabled:
                raise AccountError(f"{row.name} is not disabled")
            connection.execute(
                update(users)
                .where(users.c.id == row.id)
                .values(disabled=False, failed_attempts=0, locked_until=None)
            )
            self.log(
                connection,
                actor,
                AccountAction.USER_ENABLED,
                subject(row.id),
                {"name": row.name},
                sealed={"users": [row.id]},
            )
            user = self.load_user(connection, row.id)
        self.kernel.checkpoint()
        return user

    def set_password(self, name: str, password: str, *, actor: str) -> None:
        """Replace a user's password and lift any sign-in pause. Sessions are left running:
        end them too (``end_sessions``) when the old password may be known to someone else."""
        actor = check_actor(actor)
        with reading(self.engine) as connection:
            row = self.named_row(connection, name)
        self.check_password_policy(row.name, password, row.display_name)
        hashed = self.passwords.hash(password)
        with writing(self.engine) as connection:
            connection.execute(
                update(users)
                .where(users.c.id == row.id)
                .values(
                    password_hash=hashed,
                    password_changed_at=stamp(self.now()),
                    failed_attempts=0,
                    locked_until=None,
                )
            )
            self.log(
                connection,
                actor,
                AccountAction.PASSWORD_SET,
                subject(row.id),
                {"name": row.name},
                sealed={"users": [row.id]},
            )
        self.kernel.checkpoint()

    def reset_2fa(self, name: str, *, actor: str) -> None:
        """Forget a user's authenticator and recovery codes (a lost phone) and end their
        sessions; they set up two-factor sign-in again at their next sign-in."""
        actor = check_actor(actor)
        with writing(self.engine) as connection:
            row = self.named_row(connection, name)
            if row.totp_secret is None:
                raise AccountError(f"{row.name} has no two-factor sign-in to reset")
            connection.execute(
                update(users)
                .where(users.c.id == row.id)
                .values(totp_secret=None, totp_last_step=None)
            )
            connection.execute(delete(recovery_codes).where(recovery_codes.c.user_id == row.id))
            ended = self.end_live_sessions(connection, row.id)
            self.log(
                connection,
                actor,
                AccountAction.TWO_FACTOR_RESET,
                subject(row.id),
                {"name": row.name, "sessions_ended": ended},
                sealed={"users": [row.id]},
            )
        self.kernel.checkpoint()

    def set_language(self, user_id: int, language: str | None) -> None:
        """The language of the user's pages (None: follow the browser). A preference, not an
        admin action, so not a custody entry."""
        if language is not None and not LANGUAGE_TAG.fullmatch(language):
            raise AccountError(f"{language!r} is not a language tag such as en, ru or ky")
        with writing(self.engine) as connection:
            changed = connection.execute(
                update(users).where(users.c.id == user_id).values(language=language)
            )
            if changed.rowcount == 0:
                raise AccountError(f"no user with id {user_id}")

    def two_factor_enforced(self) -> bool:
        """Whether every user must use two-factor sign-in (see :meth:`enforce_2fa`)."""
        with reading(self.engine) as connection:
            return self.enforced(connection)

    def enforce_2fa(self, enforced: bool, *, actor: str) -> None:
        """Require two-factor sign-in of every user (admins always need it)."""
        actor = check_actor(actor)
        with writing(self.engine) as connection:
            if self.enforced(connection) == enforced:
                state = "already required" if enforced else "not required"
                raise AccountError(f"two-factor sign-in is {state} of every user")
            self.set_enforced(connection, enforced)
            self.log(
                connection,
                actor,
                AccountAction.TWO_FACTOR_ENFORCED,
                ARCHIVE_SUBJECT,
                {"enforced": enforced},
            )
        self.kernel.checkpoint()

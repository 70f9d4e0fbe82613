"""Proving who one is: the password, then a TOTP code or a recovery code; and the pause that
follows too many failures.

Every failure of either step counts toward one counter per account. At ``max_failures`` in a
row the account is paused for ``lockout_minutes``: every attempt then fails, even with the right
password, which caps online guessing at a few tries per quarter hour. A success resets the count.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Final

from sqlalchemy import Connection, delete, func, insert, or_, select, update

from docket.accounts import totp
from docket.accounts.audit import AccountAction, subject
from docket.accounts.base import (
    NAME_PATTERN,
    PAUSED,
    WRONG_CREDENTIALS,
    AccountsBase,
    parse_stamp,
    stamp,
)
from docket.accounts.errors import AccountError, LoginRefused
from docket.accounts.tokens import (
    new_recovery_codes,
    normalise_recovery_code,
    recovery_digest,
)
from docket.accounts.views import TotpEnrolment, User
from docket.db.engine import reading, writing
from docket.db.schema import recovery_codes, users, web_sessions

WRONG_CURRENT: Final = "the current password is wrong; nothing was changed"
REPLACEMENT_REFUSED: Final = (
    "the password or the code of the current authenticator is wrong; nothing was changed"
)


class SignIn(AccountsBase):
    # -- the password -----------------------------------------------------------------------

    def check_password(self, name: str, password: str) -> User:
        """The user whose name and password these are, or LoginRefused.

        An unknown name, a wrong password and a disabled account get the same message after the
        same work (an argon2 check against a dummy hash when the name is unknown). A paused
        account gets a message saying so, whatever the password.
        """
        self.passwords.prepare()
        now = self.now()
        cleaned = name.strip()
        row = None
        if NAME_PATTERN.fullmatch(cleaned):
            with reading(self.engine) as connection:
                row = self.user_row_by_name(connection, cleaned)
        if row is None:
            self.passwords.burn(password)
            raise LoginRefused(WRONG_CREDENTIALS)
        if self._paused(row, now):
            raise LoginRefused(PAUSED)
        matches = self.passwords.matches(row.password_hash, password)
        if row.disabled:
            raise LoginRefused(WRONG_CREDENTIALS)
        if not matches:
            if self._count_failure(row.id, now):
                raise LoginRefused(PAUSED)
            raise LoginRefused(WRONG_CREDENTIALS)
        rehashed = None
        if self.passwords.needs_rehash(row.password_hash):
            # The stored hash predates the current argon2 parameters: upgrade it while the
            # password is at hand.
            rehashed = self.passwords.hash(password)
        with writing(self.engine) as connection:
            changes: dict[str, Any] = {}
            if row.failed_attempts or row.locked_until is not None:
                changes.update(failed_attempts=0, locked_until=None)
            if rehashed is not None:
                changes["password_hash"] = rehashed
            if changes:
                connection.execute(update(users).where(users.c.id == row.id).values(**changes))
            if rehashed is not None:
                # The hash is bound to the chain of custody: its upgrade is an entry too.
                self.log(
                    connection,
                    row.name,
                    AccountAction.PASSWORD_REHASHED,
                    subject(row.id),
                    {"name": row.name},
                    sealed={"users": [row.id]},
                )
            return self.load_user(connection, row.id)

    def change_own_password(
        self, user_id: int, current: str, new: str, *, keep_session: int | None
    ) -> None:
        """A user's own change of password: needs the current one (a session alone is not
        enough), meets the same rules as any password, and ends every other session of the
        user. A wrong current password counts toward the sign-in pause."""
        now = self.now()
        with reading(self.engine) as connection:
            row = self.user_row(connection, user_id)
        if row is None or row.disabled:
            raise AccountError("no such user, or the user is disabled")
        if self._paused(row, now):
            raise LoginRefused(PAUSED)
        if not self.passwords.matches(row.password_hash, current):
            if self._count_failure(row.id, now):
                raise LoginRefused(PAUSED)
            raise AccountError(WRONG_CURRENT)
        self.check_password_policy(row.name, new, row.display_name)
        hashed = self.passwords.hash(new)
        with writing(self.engine) as connection:
            connection.execute(
                update(users)
                .where(users.c.id == row.id)
                .values(password_hash=hashed, password_changed_at=stamp(now), failed_attempts=0)
            )
            self._end_other_sessions(connection, row.id, keep_session)
            self.log(
                connection,
                row.name,
                AccountAction.PASSWORD_SET,
                subject(row.id),
                {"name": row.name},
            )
        self.kernel.checkpoint()

    def _end_other_sessions(
        self, connection: Connection, user_id: int, keep_session: int | None
    ) -> None:
        query = update(web_sessions).where(
            web_sessions.c.user_id == user_id, web_sessions.c.ended_at.is_(None)
        )
        if keep_session is not None:
            query = query.where(web_sessions.c.id != keep_session)
        connection.execute(query.values(ended_at=stamp(self.now())))

    # -- enrolling an authenticator ---------------------------------------------------------

    def begin_totp(self, user_id: int) -> TotpEnrolment:
        """A new secret to scan; nothing changes until ``confirm_totp`` sees a code from it."""
        with reading(self.engine) as connection:
            user = self.load_user(connection, user_id)
        if user.disabled:
            raise AccountError(f"{user.name} is disabled")
        return totp.enrolment(user.name)

    def confirm_totp(self, user_id: int, secret: str, code: str) -> list[str]:
        """Turn on two-factor sign-in with ``secret`` once ``code`` proves the app has it.

        Returns ten new recovery codes, to be shown once: only their hashes are kept. Any
        earlier authenticator and recovery codes of the user stop working.
        """
        canonical = totp.check_secret(secret)
        step = totp.matching_step(canonical, code, self.now(), None)
        if step is None:
            raise AccountError(
                "the code does not match the new authenticator; check the phone's clock and "
                "enter the code it shows now"
            )
        with reading(self.engine) as connection:
            user = self.load_user(connection, user_id)
        if user.disabled:
            raise AccountError(f"{user.name} is disabled")
        sealed = self.cipher(create=True).seal(canonical, self.totp_context(user_id))
        codes = new_recovery_codes()
        with writing(self.engine) as connection:
            connection.execute(
                update(users)
                .where(users.c.id == user_id)
                # The confirming code's step counts as used: it cannot sign in a second time.
                .values(totp_secret=sealed, totp_last_step=step)
            )
            connection.execute(delete(recovery_codes).where(recovery_codes.c.user_id == user_id))
            connection.execute(
                insert(recovery_codes),
                [
                    {
                        "user_id": user_id,
                        "code_hash": recovery_digest(user_id, self._normalised(code_text)),
                        "used_at": None,
                    }
                    for code_text in codes
                ],
            )
            self.log(
                connection,
                user.name,
                AccountAction.TWO_FACTOR_ENABLED,
                subject(user_id),
                {"name": user.name},
                sealed={"users": [user_id]},
            )
        self.kernel.checkpoint()
        return codes

    def replace_totp(
        self,
        user_id: int,
        *,
        password: str,
        current_code: str,
        secret: str,
        code: str,
        keep_session: int | None,
    ) -> list[str]:
        """Replace the authenticator of a user who has one: needs their password and a code of
        the current authenticator (or a recovery code), as well as a code from the new one.

        Whoever holds a session alone (a browser left open, a stolen cookie) must not be able
        to move the second factor to their own phone. Every other session of the user ends, so
        a session opened with the old authenticator does not outlive it. Failures count toward
        the sign-in pause; a paused account raises LoginRefused.
        """
        canonical = totp.check_secret(secret)
        if totp.matching_step(canonical, code, self.now(), None) is None:
            raise AccountError(
                "the code does not match the new authenticator; check the phone's clock and "
                "enter the code it shows now"
            )
        now = self.now()
        with reading(self.engine) as connection:
            row = self.user_row(connection, user_id)
        if row is None or row.disabled:
            raise AccountError("no such user, or the user is disabled")
        if row.totp_secret is None:
            raise AccountError("there is no authenticator to replace; set one up instead")
        if self._paused(row, now):
            raise LoginRefused(PAUSED)
        if not self.passwords.matches(row.password_hash, password) or not self._accepted(
            row, current_code, now
        ):
            if self._count_failure(row.id, now):
                raise LoginRefused(PAUSED)
            raise AccountError(REPLACEMENT_REFUSED)
        codes = self.confirm_totp(user_id, canonical, code)
        with writing(self.engine) as connection:
            self._end_other_sessions(connection, user_id, keep_session)
        return codes

    # -- the second step --------------------------------------------------------------------

    def check_second_factor(self, user_id: int, code: str) -> bool:
        """Whether ``code`` is a fresh TOTP code or an unused recovery code of this user.

        A TOTP code is valid for its 30-second step and one either side, once: a step already
        used is refused. A recovery code is spent by the check that accepts it. A failure counts
        toward the pause; a paused account raises LoginRefused instead of answering.
        """
        now = self.now()
        with reading(self.engine) as connection:
            row = self.user_row(connection, user_id)
        if row is None or row.disabled:
            return False
        if self._paused(row, now):
            raise LoginRefused(PAUSED)
        if row.totp_secret is not None and self._accepted(row, code, now):
            return True
        if self._count_failure(row.id, now):
            raise LoginRefused(PAUSED)
        return False

    def recovery_codes_left(self, user_id: int) -> int:
        with reading(self.engine) as connection:
            return int(
                connection.execute(
                    select(func.count())
                    .select_from(recovery_codes)
                    .where(recovery_codes.c.user_id == user_id, recovery_codes.c.used_at.is_(None))
                ).scalar_one()
            )

    def _accepted(self, row: Any, code: str, now: datetime) -> bool:
        if totp.is_code(code):
            secret = self.cipher().open(row.totp_secret, self.totp_context(row.id))
            step = totp.matching_step(secret, code, now, row.totp_last_step)
            if step is None:
                return False
            with writing(self.engine) as connection:
                # Conditional on the step still being new: of two requests racing with the same
                # code, only one moves it.
                moved = connection.execute(
                    update(users)
                    .where(
                        users.c.id == row.id,
                        or_(users.c.totp_last_step.is_(None), users.c.totp_last_step < step),
                    )
                    .values(totp_last_step=step, failed_attempts=0, locked_until=None)
                )
                return bool(moved.rowcount == 1)
        normalised = normalise_recovery_code(code)
        if normalised is None:
            return False
        with writing(self.engine) as connection:
            spent = connection.execute(
                update(recovery_codes)
                .where(
                    recovery_codes.c.user_id == row.id,
                    recovery_codes.c.code_hash == recovery_digest(row.id, normalised),
                    recovery_codes.c.used_at.is_(None),
                )
                .values(used_at=stamp(now))
            )
            if spent.rowcount != 1:
                return False
            connection.execute(
                update(users)
                .where(users.c.id == row.id)
                .values(failed_attempts=0, locked_until=None)
            )
            return True

    # -- the pause --------------------------------------------------------------------------

    @staticmethod
    def _normalised(code: str) -> str:
        normalised = normalise_recovery_code(code)
        assert normalised is not None, "a generated recovery code always normalises"
        return normalised

    @staticmethod
    def _paused(row: Any, now: datetime) -> bool:
        return row.locked_until is not None and parse_stamp(row.locked_until) > now

    def _count_failure(self, user_id: int, now: datetime) -> bool:
        """Count one failure; True when it pauses the account."""
        with writing(self.engine) as connection:
            connection.execute(
                update(users)
                .where(users.c.id == user_id)
                .values(failed_attempts=users.c.failed_attempts + 1)
            )
            failures = connection.execute(
                select(users.c.failed_attempts).where(users.c.id == user_id)
            ).scalar_one()
            if failures < self.max_failures:
                return False
            # The count starts again after the pause, so one more failure does not pause again.
            connection.execute(
                update(users)
                .where(users.c.id == user_id)
                .values(failed_attempts=0, locked_until=stamp(now + self.lockout))
            )
            return True

"""Server-side sessions of the web workspace.

The browser's cookie holds only a random token; the database keeps its SHA-256, so a copy of the
database signs no one in. A session ends when its user signs out, after ``idle_minutes`` without
a request, ``absolute_hours`` after sign-in whatever the activity, when the user is disabled, or
when an admin ends it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, bindparam, delete, insert, or_, select, update

from docket.accounts.audit import EVERYONE_SUBJECT, AccountAction, subject
from docket.accounts.base import (
    REQUIRE_2FA_KEY,
    TOUCH_EVERY,
    AccountsBase,
    check_actor,
    parse_stamp,
    stamp,
)
from docket.accounts.errors import AccountError
from docket.accounts.tokens import digest, new_csrf_token, new_session_token, same
from docket.accounts.views import Session, User
from docket.db.engine import reading, writing
from docket.db.schema import archive_meta, users, web_sessions
from docket.evidence.custody import HEAD_COLUMNS

# Longer than any token we issue; anything longer is not worth hashing.
MAX_TOKEN_LENGTH = 200
SESSION_ENDED = "the session has ended; sign in again"


def _session(row: Any, **override: Any) -> Session:
    values = {
        "id": int(row.id),
        "user_id": int(row.user_id),
        "csrf_token": row.csrf_token,
        "second_factor_done": bool(row.second_factor_done),
        "created_at": row.created_at,
        "last_seen_at": row.last_seen_at,
    }
    values.update(override)
    return Session(**values)


# Built once: composing the statement cost more than running it, on every request.
_SIGNED_IN = (
    select(
        *(column.label(f"s_{column.name}") for column in web_sessions.c),
        users,
        select(archive_meta.c.value)
        .where(archive_meta.c.key == REQUIRE_2FA_KEY)
        .scalar_subquery()
        .label("enforced"),
    )
    .join(users, users.c.id == web_sessions.c.user_id)
    .where(web_sessions.c.token_hash == bindparam("token_hash"))
)
# With the chain of custody's head, from which the archive's position is worked out.
_SIGNED_IN_AT = _SIGNED_IN.add_columns(*HEAD_COLUMNS)


class Sessions(AccountsBase):
    def start_session(self, user_id: int, *, second_factor_done: bool) -> tuple[str, Session]:
        """A new session for a user who just proved their password; returns the cookie token.

        ``second_factor_done`` is False while a user who needs 2FA has not yet given a code.
        """
        now = self.now()
        token = new_session_token()
        at = stamp(now)
        with writing(self.engine) as connection:
            user = self.user_row(connection, user_id)
            if user is None or user.disabled:
                raise AccountError("cannot start a session: no such user, or the user is disabled")
            # Housekeeping: this user's sessions that can never be used again are dropped here,
            # so the table stays the size of the active team.
            connection.execute(
                delete(web_sessions).where(
                    web_sessions.c.user_id == user_id,
                    or_(
                        web_sessions.c.ended_at.is_not(None),
                        web_sessions.c.created_at < stamp(now - self.absolute),
                        web_sessions.c.last_seen_at < stamp(now - self.idle),
                    ),
                )
            )
            result = connection.execute(
                insert(web_sessions)
                .values(
                    user_id=user_id,
                    token_hash=digest(token),
                    csrf_token=new_csrf_token(),
                    second_factor_done=second_factor_done,
                    created_at=at,
                    last_seen_at=at,
                    ended_at=None,
                )
                .returning(web_sessions.c.id)
            )
            session_id = int(result.scalar_one())
            row = self._row_by_id(connection, session_id)
        return token, _session(row)

    def session(self, token: str) -> Session | None:
        """The live session of this cookie token, or None.

        None when the token is unknown, the session ended, was idle too long, is older than the
        absolute limit, or its user is disabled. ``last_seen_at`` moves at most once a minute.
        """
        now = self.now()
        with reading(self.engine) as connection:
            row = self._live_row(connection, token, now)
        if row is None:
            return None
        if now - parse_stamp(row.last_seen_at) < TOUCH_EVERY:
            return _session(row)
        return self._touch(_session(row), now)

    def signed_in(self, token: str) -> tuple[User, Session] | None:
        """The user and live session of this cookie token, or None: what every request of a
        signed-in browser asks first, so it is one query (session, user and the archive's
        two-factor rule together) in one transaction, plus a write once a minute."""
        found = self._signed_in(token, None)
        return None if found is None else (found[0], found[1])

    def signed_in_at(
        self, token: str, reads: Iterable[str]
    ) -> tuple[User, Session, tuple[int, str]] | None:
        """:meth:`signed_in`, and the archive's position (``CustodyLog.last_change`` past
        ``reads``) read by the same query: a page kept at a position is then answered without
        another transaction."""
        found = self._signed_in(token, reads)
        if found is None or found[2] is None:
            return None
        return found[0], found[1], found[2]

    def _signed_in(
        self, token: str, reads: Iterable[str] | None
    ) -> tuple[User, Session, tuple[int, str] | None] | None:
        now = self.now()
        if not token or len(token) > MAX_TOKEN_LENGTH:
            return None
        hashed = digest(token)
        position = None
        custody = self.kernel.custody
        with reading(self.engine) as connection:
            if reads is None:
                row = connection.execute(_SIGNED_IN, {"token_hash": hashed}).first()
            else:
                parameters = custody.head_parameters()
                row = connection.execute(
                    _SIGNED_IN_AT, {"token_hash": hashed, **parameters}
                ).first()
                if row is not None:
                    head = (int(row.head_seq), str(row.head_hash))
                    position = custody.last_change_from(
                        connection, reads, head, row.head_known_hash
                    )
        if row is None or not same(row.s_token_hash, hashed) or row.s_ended_at is not None:
            return None
        if row.disabled:
            return None
        if now - parse_stamp(row.s_created_at) > self.absolute:
            return None
        seen = parse_stamp(row.s_last_seen_at)
        if now - seen > self.idle:
            return None
        session = Session(
            id=int(row.s_id),
            user_id=int(row.s_user_id),
            csrf_token=row.s_csrf_token,
            second_factor_done=bool(row.s_second_factor_done),
            created_at=row.s_created_at,
            last_seen_at=row.s_last_seen_at,
        )
        if now - seen >= TOUCH_EVERY:
            session = self._touch(session, now)
        return self.to_user(row, row.enforced == "on"), session, position

    def _touch(self, session: Session, now: datetime) -> Session:
        seen = stamp(now)
        with writing(self.engine) as connection:
            connection.execute(
                update(web_sessions)
                .where(web_sessions.c.id == session.id, web_sessions.c.ended_at.is_(None))
                .values(last_seen_at=seen)
            )
        return dataclasses.replace(session, last_seen_at=seen)

    def complete_second_factor(self, token: str) -> Session:
        """Mark the session as past its second step (the same token stays in use)."""
        now = self.now()
        with writing(self.engine) as connection:
            row = self._live_row(connection, token, now)
            if row is None:
                raise AccountError(SESSION_ENDED)
            connection.execute(
                update(web_sessions)
                .where(web_sessions.c.id == row.id)
                .values(second_factor_done=True, last_seen_at=stamp(now))
            )
            return _session(self._row_by_id(connection, row.id))

    def rotate_session(self, token: str) -> tuple[str, Session]:
        """A new token (and CSRF token) for the same session; the old token stops working.

        Call it whenever the session gains rights (after sign-in, after the second step), so a
        token planted in the browser before sign-in is worthless after it.
        """
        now = self.now()
        fresh = new_session_token()
        with writing(self.engine) as connection:
            row = self._live_row(connection, token, now)
            if row is None:
                raise AccountError(SESSION_ENDED)
            moved = connection.execute(
                update(web_sessions)
                .where(web_sessions.c.id == row.id, web_sessions.c.token_hash == row.token_hash)
                .values(
                    token_hash=digest(fresh), csrf_token=new_csrf_token(), last_seen_at=stamp(now)
                )
            )
            if moved.rowcount != 1:
                raise AccountError(SESSION_ENDED)
            return fresh, _session(self._row_by_id(connection, row.id))

    def end_session(self, token: str) -> None:
        """Sign out: the token stops working at once. An unknown token is ignored."""
        if not token or len(token) > MAX_TOKEN_LENGTH:
            return
        with writing(self.engine) as connection:
            connection.execute(
                update(web_sessions)
                .where(
                    web_sessions.c.token_hash == digest(token), web_sessions.c.ended_at.is_(None)
                )
                .values(ended_at=stamp(self.now()))
            )

    def end_sessions(self, user_id: int | None = None, *, actor: str) -> int:
        """End every live session of one user, or of everyone; returns how many were ended.

        An admin's answer to a stolen laptop or a seized phone; a custody entry.
        """
        actor = check_actor(actor)
        with writing(self.engine) as connection:
            if user_id is None:
                ended = self.end_live_sessions(connection, None)
                self.log(
                    connection,
                    actor,
                    AccountAction.SESSIONS_ENDED,
                    EVERYONE_SUBJECT,
                    {"everyone": True, "count": ended},
                )
            else:
                user = self.load_user(connection, user_id)
                ended = self.end_live_sessions(connection, user_id)
                self.log(
                    connection,
                    actor,
                    AccountAction.SESSIONS_ENDED,
                    subject(user_id),
                    {"name": user.name, "count": ended},
                )
        self.kernel.checkpoint()
        return ended

    # -- rows -------------------------------------------------------------------------------

    def _row_by_id(self, connection: Connection, session_id: int) -> Any:
        return connection.execute(select(web_sessions).where(web_sessions.c.id == session_id)).one()

    def _live_row(self, connection: Connection, token: str, now: datetime) -> Any:
        if not token or len(token) > MAX_TOKEN_LENGTH:
            return None
        hashed = digest(token)
        row = connection.execute(
            select(web_sessions, users.c.disabled)
            .join(users, users.c.id == web_sessions.c.user_id)
            .where(web_sessions.c.token_hash == hashed)
        ).first()
        if row is None or not same(row.token_hash, hashed):
            return None
        if row.ended_at is not None or row.disabled:
            return None
        if now - parse_stamp(row.created_at) > self.absolute:
            return None
        if now - parse_stamp(row.last_seen_at) > self.idle:
            return None
        return row

"""API tokens: how scripts reach the JSON API as a user, limited to some scopes.

A token's text (``dkt_`` and 32 random bytes) is shown once when it is made; the database keeps
its SHA-256 and finds it by that. A token works only while it is not revoked and its user is not
disabled; it never needs the second factor, so it is made by an admin or by the user after a
full sign-in, and revoked as soon as the script no longer needs it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Final

from sqlalchemy import insert, select, update

from docket.accounts.audit import AccountAction, subject
from docket.accounts.base import TOUCH_EVERY, AccountsBase, check_actor, parse_stamp, stamp
from docket.accounts.errors import AccountError
from docket.accounts.tokens import digest, looks_like_api_token, new_api_token, parse_scopes, same
from docket.accounts.views import SCOPES, ApiToken, User
from docket.db.engine import reading, writing
from docket.db.schema import api_tokens

MAX_LABEL: Final = 100


def _token(row: Any) -> ApiToken:
    return ApiToken(
        id=int(row.id),
        user_id=int(row.user_id),
        name=row.name,
        scopes=frozenset(row.scopes.split()),
        created_at=row.created_at,
        last_used_at=row.last_used_at,
        revoked=row.revoked_at is not None,
    )


class ApiTokens(AccountsBase):
    def create_token(
        self, user_id: int, name: str, scopes: Iterable[str], *, actor: str
    ) -> tuple[str, ApiToken]:
        """A new token for ``user_id``; returns its text (shown once) and its record."""
        actor = check_actor(actor)
        label = name.strip()
        if not label or len(label) > MAX_LABEL:
            raise AccountError(f"a token needs a label of 1-{MAX_LABEL} characters")
        chosen = parse_scopes(scopes)
        ordered = [scope for scope in SCOPES if scope in chosen]
        token = new_api_token()
        at = stamp(self.now())
        with writing(self.engine) as connection:
            user = self.load_user(connection, user_id)
            if user.disabled:
                raise AccountError(f"{user.name} is disabled; enable the user first")
            result = connection.execute(
                insert(api_tokens)
                .values(
                    user_id=user_id,
                    name=label,
                    token_hash=digest(token),
                    scopes=" ".join(ordered),
                    created_at=at,
                    created_by=actor,
                    last_used_at=None,
                    revoked_at=None,
                    revoked_by=None,
                )
                .returning(api_tokens.c.id)
            )
            token_id = int(result.scalar_one())
            self.log(
                connection,
                actor,
                AccountAction.TOKEN_CREATED,
                subject(user_id),
                {"name": user.name, "token_id": token_id, "label": label, "scopes": ordered},
                sealed={"api_tokens": [token_id]},
            )
            row = connection.execute(select(api_tokens).where(api_tokens.c.id == token_id)).one()
        self.kernel.checkpoint()
        return token, _token(row)

    def tokens(self, user_id: int | None = None) -> list[ApiToken]:
        """Every token (revoked ones too) of one user or of everyone, oldest first."""
        query = select(api_tokens).order_by(api_tokens.c.id)
        if user_id is not None:
            query = query.where(api_tokens.c.user_id == user_id)
        with reading(self.engine) as connection:
            return [_token(row) for row in connection.execute(query)]

    def revoke_token(self, token_id: int, *, actor: str) -> None:
        """The token stops working at once; its record stays, marked revoked."""
        actor = check_actor(actor)
        with writing(self.engine) as connection:
            row = connection.execute(select(api_tokens).where(api_tokens.c.id == token_id)).first()
            if row is None:
                raise AccountError(f"no API token {token_id}")
            if row.revoked_at is not None:
                raise AccountError(f"API token {token_id} is already revoked")
            connection.execute(
                update(api_tokens)
                .where(api_tokens.c.id == token_id)
                .values(revoked_at=stamp(self.now()), revoked_by=actor)
            )
            user = self.load_user(connection, row.user_id)
            self.log(
                connection,
                actor,
                AccountAction.TOKEN_REVOKED,
                subject(row.user_id),
                {"name": user.name, "token_id": token_id, "label": row.name},
                sealed={"api_tokens": [token_id]},
            )
        self.kernel.checkpoint()

    def authenticate_token(self, token: str) -> tuple[User, ApiToken] | None:
        """The user and token of a request's bearer token, or None when it must not work.

        ``last_used_at`` is written at most once a minute, so a busy script does not turn every
        request into a write.
        """
        if not looks_like_api_token(token):
            return None
        hashed = digest(token)
        now = self.now()
        with reading(self.engine) as connection:
            row = connection.execute(
                select(api_tokens).where(api_tokens.c.token_hash == hashed)
            ).first()
            if row is None or not same(row.token_hash, hashed) or row.revoked_at is not None:
                return None
            user = self.load_user(connection, row.user_id)
        if user.disabled:
            return None
        if row.last_used_at is not None and now - parse_stamp(row.last_used_at) < TOUCH_EVERY:
            return user, _token(row)
        used = stamp(now)
        with writing(self.engine) as connection:
            connection.execute(
                update(api_tokens)
                .where(api_tokens.c.id == row.id, api_tokens.c.revoked_at.is_(None))
                .values(last_used_at=used)
            )
            fresh = connection.execute(select(api_tokens).where(api_tokens.c.id == row.id)).one()
        if fresh.revoked_at is not None:
            return None
        return user, _token(fresh)

"""``Accounts``: the one object the web app and the CLI use for users, sign-in, sessions and
API tokens of an archive."""

from __future__ import annotations

from docket.accounts.api_tokens import ApiTokens
from docket.accounts.sessions import Sessions
from docket.accounts.signin import SignIn
from docket.accounts.users import UserDirectory


class Accounts(UserDirectory, SignIn, Sessions, ApiTokens):
    """Accounts of one archive.

    ``Accounts(kernel, idle_minutes=30, absolute_hours=12, max_failures=5, lockout_minutes=15,
    clock=..., password_hasher=...)``: the clock (a callable returning an aware ``datetime``)
    and the argon2 hasher can be replaced, so tests move time and hash cheaply. Each part is a
    module of its own: ``users`` (administration), ``signin`` (password, second factor, pause),
    ``sessions`` and ``api_tokens``.
    """

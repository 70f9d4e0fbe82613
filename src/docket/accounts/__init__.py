"""Accounts of the web workspace: users with roles, argon2id passwords, TOTP two-factor sign-in
with recovery codes, server-side sessions, API tokens and a pause after repeated failures.

``Accounts(kernel)`` is the only way in. Admin actions are custody entries.
"""

from __future__ import annotations

from docket.accounts.errors import AccountError, LoginRefused
from docket.accounts.service import Accounts
from docket.accounts.views import SCOPES, ApiToken, Session, TotpEnrolment, User

__all__ = [
    "SCOPES",
    "AccountError",
    "Accounts",
    "ApiToken",
    "LoginRefused",
    "Session",
    "TotpEnrolment",
    "User",
]

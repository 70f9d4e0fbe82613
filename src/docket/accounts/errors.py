"""What can go wrong with accounts, each reaching the user as one line."""

from __future__ import annotations

from docket.errors import DocketError


class AccountError(DocketError):
    """A request about accounts cannot be done: bad name, weak password, unknown user, ..."""


class LoginRefused(AccountError):
    """Sign-in failed. The message never says whether the name exists or the password was wrong."""

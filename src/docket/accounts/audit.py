"""The custody vocabulary of accounts.

Admin actions on accounts are custody entries, written in the same transaction as the change, so
the chain of custody shows who let whom in and when. Payloads never hold a password, hash, token,
secret or recovery code, and not the display name either: the log is append-only and a
documenter's real name must be removable from the archive. An entry that writes a user or token
row carries the digest of the row's bound columns (``docket.evidence.sealing``), not the values.
"""

from __future__ import annotations

from typing import Final


class AccountAction:
    # Words of the log, not secrets (hence the noqa for the password-literal check).
    USER_ADDED: Final = "user_added"
    USER_DISABLED: Final = "user_disabled"
    USER_ENABLED: Final = "user_enabled"
    PASSWORD_SET: Final = "user_password_set"  # noqa: S105
    PASSWORD_REHASHED: Final = "user_password_rehashed"  # noqa: S105
    TWO_FACTOR_ENABLED: Final = "user_2fa_enabled"
    TWO_FACTOR_RESET: Final = "user_2fa_reset"
    TWO_FACTOR_ENFORCED: Final = "archive_2fa_enforced"
    SESSIONS_ENDED: Final = "sessions_ended"
    TOKEN_CREATED: Final = "api_token_created"  # noqa: S105
    TOKEN_REVOKED: Final = "api_token_revoked"  # noqa: S105


# Subjects name users by id: names are up to 64 characters and the subject column holds 64.
ARCHIVE_SUBJECT: Final = "archive"
EVERYONE_SUBJECT: Final = "users"


def subject(user_id: int) -> str:
    return f"user:{user_id}"

"""Random bearer secrets (session cookies, API tokens, recovery codes) and their digests.

Only the SHA-256 of a secret is stored and secrets are looked up by it. A plain hash is enough
because every secret here is random with at least 80 bits of entropy: there is no dictionary to
try, unlike passwords, which get argon2id.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable
from typing import Final

from docket.accounts.errors import AccountError
from docket.accounts.views import SCOPES

API_TOKEN_PREFIX: Final = "dkt_"  # noqa: S105 - a public marker, not a secret
# Base32 letters and digits 2-7: no 0 or 1 to mistake for o or l when copied from paper.
_RECOVERY_ALPHABET: Final = "abcdefghijklmnopqrstuvwxyz234567"
_RECOVERY_LENGTH: Final = 16  # 16 x 5 bits = 80 bits
RECOVERY_CODES: Final = 10


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def same(left: str, right: str) -> bool:
    """Compare two secrets (or their digests) in constant time."""
    return hmac.compare_digest(left.encode("utf-8"), right.encode("utf-8"))


def new_session_token() -> str:
    return secrets.token_urlsafe(32)


def new_csrf_token() -> str:
    return secrets.token_urlsafe(32)


def new_api_token() -> str:
    return API_TOKEN_PREFIX + secrets.token_urlsafe(32)


def looks_like_api_token(text: str) -> bool:
    return text.startswith(API_TOKEN_PREFIX) and 40 <= len(text) <= 100


def new_recovery_codes(count: int = RECOVERY_CODES) -> list[str]:
    """Codes like ``k7qm-2vxd-wr5a-j3ne``: groups of four, easy to write down."""
    codes = []
    for _ in range(count):
        raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(_RECOVERY_LENGTH))
        codes.append("-".join(raw[i : i + 4] for i in range(0, _RECOVERY_LENGTH, 4)))
    return codes


def normalise_recovery_code(text: str) -> str | None:
    """The code as stored (lower case, no dashes or spaces); None if it cannot be one."""
    cleaned = "".join(text.split()).replace("-", "").lower()
    if len(cleaned) != _RECOVERY_LENGTH or any(c not in _RECOVERY_ALPHABET for c in cleaned):
        return None
    return cleaned


def recovery_digest(user_id: int, normalised: str) -> str:
    # The user id is hashed in so one user's code can never match another user's row.
    return digest(f"recovery:{user_id}:{normalised}")


def parse_scopes(scopes: Iterable[str]) -> frozenset[str]:
    chosen = frozenset(scope.strip().lower() for scope in scopes)
    if not chosen:
        raise AccountError(f"a token needs at least one scope: {', '.join(SCOPES)}")
    unknown = sorted(chosen - set(SCOPES))
    if unknown:
        raise AccountError(f"unknown scope {', '.join(unknown)}; scopes are {', '.join(SCOPES)}")
    return chosen

"""Password rules and argon2id hashing.

Hashes are argon2id with argon2-cffi's defaults (RFC 9106 low-memory profile); a hash made with
weaker parameters is replaced at the next successful sign-in. A sign-in for a name that does not
exist is checked against a dummy hash, so it takes as long as a wrong password for a real one.
"""

from __future__ import annotations

from typing import Final

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from docket.accounts.errors import AccountError

MIN_LENGTH: Final = 12
# argon2 takes any length, but a megabyte "password" would be a cheap way to burn server memory.
MAX_LENGTH: Final = 1024


def check_policy(name: str, password: str) -> None:
    """Refuse a password that is too short, absurdly long, or the user's own name."""
    if len(password) < MIN_LENGTH:
        raise AccountError(f"the password must have at least {MIN_LENGTH} characters")
    if len(password) > MAX_LENGTH:
        raise AccountError(f"the password must have at most {MAX_LENGTH} characters")
    if password.strip().casefold() == name.strip().casefold():
        raise AccountError("the password must not be the user name")


class Passwords:
    """Hashes and checks passwords with one ``PasswordHasher``."""

    def __init__(self, hasher: PasswordHasher | None = None) -> None:
        self.hasher = hasher or PasswordHasher()
        self._dummy: str | None = None

    def hash(self, password: str) -> str:
        return self.hasher.hash(password)

    def matches(self, stored: str, password: str) -> bool:
        try:
            return self.hasher.verify(stored, password)
        except (VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, stored: str) -> bool:
        try:
            return self.hasher.check_needs_rehash(stored)
        except InvalidHashError:
            return True

    def prepare(self) -> None:
        """Make the dummy hash now, so the first unknown name is not slower than the rest."""
        if self._dummy is None:
            self._dummy = self.hasher.hash("docket: no such user, the same work as a real check")

    def burn(self, password: str) -> None:
        """Do the work of one check for a name that does not exist, and fail."""
        self.prepare()
        assert self._dummy is not None
        self.matches(self._dummy, password)

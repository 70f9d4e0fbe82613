"""Password rules and argon2id hashing.

Hashes are argon2id with argon2-cffi's defaults (RFC 9106 low-memory profile); a hash made with
weaker parameters is replaced at the next successful sign-in. A sign-in for a name that does not
exist is checked against a dummy hash, so it takes as long as a wrong password for a real one.

Strength is judged by zxcvbn (dictionaries of common passwords, names, keyboard patterns, dates,
repeats), with the user's own names and "docket" as words an attacker would try first.
"""

from __future__ import annotations

import threading
from typing import Final

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from docket.accounts.errors import AccountError

MIN_LENGTH: Final = 12
# argon2 takes any length, but a megabyte "password" would be a cheap way to burn server memory.
MAX_LENGTH: Final = 1024
# zxcvbn's scale: 0 too guessable ... 4 very unguessable. 3 resists an offline attack on a slow
# hash for a long while, which is what a stolen database copy would face.
DEFAULT_MIN_SCORE: Final = 3
# zxcvbn refuses longer input (its matching grows quickly with length). A longer password is
# judged by its first 72 characters: more characters after them can only make it harder to guess.
SCORED_LENGTH: Final = 72
ARCHIVE_WORDS: Final = ("docket",)
# zxcvbn keeps the user inputs of a check in a module-level dictionary: two checks at once on
# the server's threads must not see each other's names.
_scoring = threading.Lock()


def check_policy(
    name: str,
    password: str,
    *,
    display_name: str | None = None,
    min_score: int = DEFAULT_MIN_SCORE,
) -> None:
    """Refuse a password that is too short, absurdly long, the user's own name, or easy to
    guess (a zxcvbn score below ``min_score``; 0 turns the strength check off)."""
    if len(password) < MIN_LENGTH:
        raise AccountError(f"the password must have at least {MIN_LENGTH} characters")
    if len(password) > MAX_LENGTH:
        raise AccountError(f"the password must have at most {MAX_LENGTH} characters")
    if password.strip().casefold() == name.strip().casefold():
        raise AccountError("the password must not be the user name")
    if min_score <= 0:
        return
    inputs = [name, *ARCHIVE_WORDS]
    if display_name:
        inputs.extend([display_name, *display_name.split()])
    # Imported here: zxcvbn builds its dictionaries (11 MiB) when imported, and a web worker
    # that never sets a password should not hold them.
    from zxcvbn import zxcvbn  # type: ignore[import-untyped]

    with _scoring:
        result = zxcvbn(password[:SCORED_LENGTH], user_inputs=inputs)
    if int(result["score"]) < min_score:
        raise AccountError(f"the password is too easy to guess: {_advice(result['feedback'])}")


def _advice(feedback: dict[str, object]) -> str:
    """zxcvbn's warning and suggestions as one line."""
    warning = str(feedback.get("warning") or "").strip()
    suggestions = feedback.get("suggestions") or []
    parts = [warning] if warning else []
    if isinstance(suggestions, list):
        parts.extend(str(s).strip() for s in suggestions if str(s).strip())
    if not parts:
        parts = ["add another word or two; uncommon words are better"]
    text = " ".join(p if p.endswith((".", "!", "?")) else p + "." for p in parts)
    return text[0].lower() + text[1:]


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

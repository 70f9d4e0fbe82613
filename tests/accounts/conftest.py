"""Fixtures of the account tests: a clock the test moves, cheap argon2, the CLI in-process."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pyotp
import pytest
from argon2 import PasswordHasher
from sqlalchemy import select
from typer.testing import CliRunner, Result

from docket.accounts import Accounts, User
from docket.archive import Archive
from docket.cli.app import app
from docket.db.engine import reading
from docket.db.schema import custody
from docket.evidence.custody import Entry

PASSWORD = "correct horse battery staple"
Run = Callable[..., Result]


class Clock:
    """A clock that stands still until the test moves it."""

    def __init__(self) -> None:
        self.now = datetime(2024, 5, 1, 12, 0, 5, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def cheap_hasher(time_cost: int = 1) -> PasswordHasher:
    """argon2id with the least work, so the suite does not spend its time hashing."""
    return PasswordHasher(time_cost=time_cost, memory_cost=8, parallelism=1)


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DOCKET_RECORD_KEY", raising=False)
    monkeypatch.setenv("DOCKET_ACTOR", "tester")


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def accounts(archive: Archive, clock: Clock) -> Accounts:
    return Accounts(archive.kernel, clock=clock, password_hasher=cheap_hasher())


@pytest.fixture
def editor(accounts: Accounts) -> User:
    return accounts.add("aida", "editor", PASSWORD, actor="admin", display_name="Аида Б.")


def code_at(secret: str, moment: datetime) -> str:
    return pyotp.TOTP(secret).at(moment)


def enrol(accounts: Accounts, clock: Clock, user: User) -> tuple[str, list[str]]:
    """Set up an authenticator for ``user``; returns its secret and the recovery codes."""
    enrolment = accounts.begin_totp(user.id)
    codes = accounts.confirm_totp(user.id, enrolment.secret, code_at(enrolment.secret, clock.now))
    # The confirming code's step is spent; the next sign-in happens in a later step.
    clock.advance(seconds=30)
    return enrolment.secret, codes


def custody_entries(archive: Archive) -> list[Entry]:
    with reading(archive.kernel.engine) as connection:
        return list(archive.kernel.custody.entries(connection))


def custody_text(archive: Archive) -> str:
    """Every custody payload, subject and actor as one string, to search for leaked secrets."""
    with reading(archive.kernel.engine) as connection:
        rows = connection.execute(select(custody.c.subject, custody.c.actor, custody.c.payload))
        return "\n".join(f"{row.subject} {row.actor} {row.payload}" for row in rows)


@pytest.fixture
def run(cli_env: dict[str, str]) -> Run:
    """Invoke ``docket ARGS`` against the test archive; asserts the exit code when given."""
    runner = CliRunner()

    def invoke(*args: str, code: int | None = 0, input: str | None = None) -> Result:
        result = runner.invoke(app, list(args), env=cli_env, input=input, catch_exceptions=False)
        if code is not None:
            assert result.exit_code == code, result.output
        return result

    return invoke


def parsed(result: Result) -> Any:
    return json.loads(result.stdout)

"""Password sign-in and the pause after repeated failures, on both backends."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from docket.accounts import Accounts, LoginRefused, User
from docket.archive import Archive
from docket.db.engine import reading
from docket.db.schema import users
from tests.accounts.conftest import PASSWORD, Clock, cheap_hasher

WRONG = "wrong name or password"
PAUSED = "paused for a while"


class CountingHasher(PasswordHasher):
    """A cheap hasher that counts the checks it makes."""

    def __init__(self) -> None:
        super().__init__(time_cost=1, memory_cost=8, parallelism=1)
        self.checks = 0

    def verify(self, hash: str | bytes, password: str | bytes) -> bool:
        self.checks += 1
        return super().verify(hash, password)


def _fail(accounts: Accounts, name: str, times: int) -> list[str]:
    messages = []
    for _ in range(times):
        with pytest.raises(LoginRefused) as refused:
            accounts.check_password(name, "not the password")
        messages.append(str(refused.value))
    return messages


def test_the_right_password_signs_in(accounts: Accounts, editor: User) -> None:
    assert accounts.check_password("aida", PASSWORD) == editor
    assert accounts.check_password(" Aida ", PASSWORD) == editor


def test_unknown_names_wrong_passwords_and_disabled_users_look_the_same(
    archive: Archive, clock: Clock
) -> None:
    hasher = CountingHasher()
    accounts = Accounts(archive.kernel, clock=clock, password_hasher=hasher)
    accounts.add("aida", "editor", PASSWORD, actor="admin")
    accounts.add("bakyt", "viewer", PASSWORD, actor="admin")
    accounts.disable("bakyt", actor="admin")
    messages = []
    for name, password in [
        ("nobody", PASSWORD),
        ("aida", "not the password"),
        ("bakyt", PASSWORD),
        ("not a valid name!", PASSWORD),
    ]:
        before = hasher.checks
        with pytest.raises(LoginRefused) as refused:
            accounts.check_password(name, password)
        messages.append(str(refused.value))
        # The same argon2 work for each: an unknown name is checked against a dummy hash.
        assert hasher.checks == before + 1, name
    assert messages == [WRONG] * 4


def test_the_account_pauses_after_max_failures_even_for_the_right_password(
    accounts: Accounts, editor: User, clock: Clock
) -> None:
    messages = _fail(accounts, "aida", 5)
    assert messages[:4] == [WRONG] * 4
    assert PAUSED in messages[4]
    with pytest.raises(LoginRefused, match=PAUSED):
        accounts.check_password("aida", PASSWORD)

    clock.advance(minutes=14, seconds=59)
    with pytest.raises(LoginRefused, match=PAUSED):
        accounts.check_password("AIDA", PASSWORD)
    clock.advance(seconds=2)
    assert accounts.check_password("aida", PASSWORD) == editor


def test_a_success_resets_the_count(accounts: Accounts, editor: User) -> None:
    _fail(accounts, "aida", 4)
    accounts.check_password("aida", PASSWORD)
    assert _fail(accounts, "aida", 4) == [WRONG] * 4
    assert accounts.check_password("aida", PASSWORD) == editor


def test_the_count_starts_again_after_a_pause(
    accounts: Accounts, editor: User, clock: Clock
) -> None:
    _fail(accounts, "aida", 5)
    clock.advance(minutes=16)
    assert _fail(accounts, "aida", 1) == [WRONG]
    assert accounts.check_password("aida", PASSWORD) == editor


def test_limits_are_configurable(archive: Archive, clock: Clock) -> None:
    accounts = Accounts(
        archive.kernel,
        clock=clock,
        password_hasher=cheap_hasher(),
        max_failures=2,
        lockout_minutes=1,
    )
    accounts.add("aida", "editor", PASSWORD, actor="admin")
    assert PAUSED in _fail(accounts, "aida", 2)[1]
    clock.advance(minutes=1, seconds=1)
    assert accounts.check_password("aida", PASSWORD).name == "aida"


def test_an_admin_lifts_a_pause_by_setting_a_password_or_enabling(
    accounts: Accounts, editor: User
) -> None:
    _fail(accounts, "aida", 5)
    accounts.set_password("aida", "another long passphrase", actor="admin")
    assert accounts.check_password("aida", "another long passphrase") == editor

    _fail(accounts, "aida", 5)
    accounts.disable("aida", actor="admin")
    accounts.enable("aida", actor="admin")
    assert accounts.check_password("aida", "another long passphrase") == editor


def test_failures_of_one_user_do_not_pause_another(accounts: Accounts, editor: User) -> None:
    other = accounts.add("bakyt", "viewer", PASSWORD, actor="admin")
    _fail(accounts, "aida", 5)
    assert accounts.check_password("bakyt", PASSWORD) == other


def test_a_hash_with_old_parameters_is_replaced_at_sign_in(archive: Archive, clock: Clock) -> None:
    Accounts(archive.kernel, clock=clock, password_hasher=cheap_hasher(1)).add(
        "aida", "editor", PASSWORD, actor="admin"
    )
    stronger = Accounts(archive.kernel, clock=clock, password_hasher=cheap_hasher(2))
    stronger.check_password("aida", PASSWORD)
    with reading(archive.kernel.engine) as connection:
        stored = connection.execute(select(users.c.password_hash)).scalar_one()
    assert ",t=2," in stored
    assert stronger.check_password("aida", PASSWORD).name == "aida"

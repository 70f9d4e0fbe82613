"""Replacing an authenticator: the password and a current code, failures counted, sessions ended."""

from __future__ import annotations

import pyotp
import pytest

from docket.accounts import AccountError, Accounts, LoginRefused, User
from tests.accounts.conftest import PASSWORD, Clock, code_at, enrol


def test_wrong_answers_change_nothing_and_count_toward_the_pause(
    accounts: Accounts, clock: Clock, editor: User
) -> None:
    secret, _ = enrol(accounts, clock, editor)
    new = pyotp.random_base32()
    for _ in range(4):
        with pytest.raises(AccountError, match="nothing was changed"):
            accounts.replace_totp(
                editor.id,
                password="not the password at all",
                current_code=code_at(secret, clock.now),
                secret=new,
                code=code_at(new, clock.now),
                keep_session=None,
            )
    with pytest.raises(LoginRefused, match="paused"):
        accounts.replace_totp(
            editor.id,
            password=PASSWORD,
            current_code="000000",
            secret=new,
            code=code_at(new, clock.now),
            keep_session=None,
        )
    clock.advance(minutes=16)
    assert accounts.check_second_factor(editor.id, code_at(secret, clock.now))


def test_a_replacement_keeps_only_the_session_that_made_it(
    accounts: Accounts, clock: Clock, editor: User
) -> None:
    secret, _ = enrol(accounts, clock, editor)
    kept_token, kept = accounts.start_session(editor.id, second_factor_done=True)
    other_token, _ = accounts.start_session(editor.id, second_factor_done=True)
    new = pyotp.random_base32()
    codes = accounts.replace_totp(
        editor.id,
        password=PASSWORD,
        current_code=code_at(secret, clock.now),
        secret=new,
        code=code_at(new, clock.now),
        keep_session=kept.id,
    )
    assert len(codes) == 10
    assert accounts.session(kept_token) is not None
    assert accounts.session(other_token) is None
    clock.advance(seconds=30)
    assert not accounts.check_second_factor(editor.id, code_at(secret, clock.now))
    assert accounts.check_second_factor(editor.id, code_at(new, clock.now))


def test_without_an_authenticator_there_is_nothing_to_replace(
    accounts: Accounts, clock: Clock, editor: User
) -> None:
    new = pyotp.random_base32()
    with pytest.raises(AccountError, match="no authenticator to replace"):
        accounts.replace_totp(
            editor.id,
            password=PASSWORD,
            current_code="123456",
            secret=new,
            code=code_at(new, clock.now),
            keep_session=None,
        )

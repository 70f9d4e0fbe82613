"""Passwords easy to guess are refused with zxcvbn's reason, wherever a password is set."""

from __future__ import annotations

import pytest

from docket.accounts import AccountError, Accounts
from docket.accounts.passwords import check_policy
from docket.archive import Archive
from tests.accounts.conftest import PASSWORD, Run, cheap_hasher


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("password1234", "this is a very common password"),
        ("qwertyuiop123", "this is a very common password"),
        ("abcabcabcabc", "repeats like"),
        ("docketdocket1", "too easy to guess"),
        # The user's own names are the first words an attacker tries.
        ("marat bekov!", "too easy to guess"),
    ],
)
def test_guessable_passwords_are_refused_with_the_reason(password: str, reason: str) -> None:
    with pytest.raises(AccountError, match=reason) as refused:
        check_policy("marat", password, display_name="Marat Bekov")
    message = str(refused.value)
    assert message.startswith("the password is too easy to guess: ")
    assert "\n" not in message


def test_strong_passwords_and_long_phrases_pass() -> None:
    check_policy("marat", PASSWORD, display_name="Marat Bekov")
    check_policy("marat", "Ql3-vb9#wq&z" + "a" * 900)


def test_the_length_limits_come_before_the_strength() -> None:
    with pytest.raises(AccountError, match="at least 12"):
        check_policy("marat", "x1!")
    with pytest.raises(AccountError, match="at most 1024"):
        check_policy("marat", "Ql3-vb9#wq&z" * 100)


def test_the_minimum_score_is_a_setting(archive: Archive) -> None:
    lenient = Accounts(archive.kernel, password_hasher=cheap_hasher(), min_password_score=0)
    assert lenient.add("ana", "viewer", "password1234", actor="admin").name == "ana"
    strict = Accounts(archive.kernel, password_hasher=cheap_hasher(), min_password_score=4)
    with pytest.raises(AccountError, match="too easy to guess"):
        strict.add("bo", "viewer", "twelve chars", actor="admin")
    with pytest.raises(AccountError, match="0-4"):
        Accounts(archive.kernel, min_password_score=5)


def test_adding_and_setting_refuse_a_weak_password(accounts: Accounts) -> None:
    with pytest.raises(AccountError, match="very common password"):
        accounts.add("aida", "editor", "password1234", actor="admin")
    assert accounts.users() == []
    accounts.add("aida", "editor", PASSWORD, actor="admin", display_name="Aida Bekova")
    with pytest.raises(AccountError, match="too easy to guess"):
        accounts.set_password("aida", "aida bekova!", actor="admin")


def test_the_command_line_says_why_in_one_line(run: Run) -> None:
    run("init")
    result = run(
        "user", "add", "bo", "--role", "viewer", "--password-stdin", code=2, input="password1234\n"
    )
    assert result.stderr.startswith("error: the password is too easy to guess: ")
    assert len(result.stderr.strip().splitlines()) == 1
    run("user", "add", "bo", "--role", "viewer", "--password-stdin", input=PASSWORD + "\n")
    result = run("user", "set-password", "bo", "--password-stdin", code=2, input="qwertyuiop123\n")
    assert "very common password" in result.stderr

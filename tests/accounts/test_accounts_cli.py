"""`docket user`, driven like an admin would, on both backends."""

from __future__ import annotations

from collections.abc import Iterator

import pyotp
import pytest

from docket.accounts import Accounts
from docket.archive import Archive
from docket.config import Settings
from tests.accounts.conftest import PASSWORD, Run, custody_entries, parsed


@pytest.fixture
def opened(settings: Settings, run: Run) -> Iterator[Archive]:
    """An archive made by `docket init`, also opened in the test to look inside."""
    run("init")
    archive = Archive.open(settings)
    yield archive
    archive.close()


def test_add_list_and_sign_in(run: Run, opened: Archive) -> None:
    assert "No users yet" in run("user", "list").stdout
    added = run("user", "add", "root", "--role", "admin", "--password-stdin", input=PASSWORD + "\n")
    assert "Added root as admin (two-factor sign-in required)." in added.stdout
    prompted = run(
        "user",
        "add",
        "aida",
        "--role",
        "editor",
        "--display-name",
        "Аида Бекова",
        input=f"{PASSWORD}\nsomething else!\n{PASSWORD}\n{PASSWORD}\n",
    )
    assert "do not match" in prompted.output
    assert "Added aida as editor." in prompted.stdout

    listed = parsed(run("user", "list", "--json"))
    assert [(u["name"], u["role"], u["require_2fa"]) for u in listed] == [
        ("aida", "editor", False),
        ("root", "admin", True),
    ]
    assert listed[0]["display_name"] == "Аида Бекова"
    table = run("user", "list").stdout
    assert "Аида Бекова" in table
    assert "required" in table

    accounts = Accounts(opened.kernel)
    assert accounts.check_password("aida", PASSWORD).name == "aida"
    assert [e.actor for e in custody_entries(opened) if e.action == "user_added"] == [
        "tester",
        "tester",
    ]
    assert "Intact" in run("verify").stdout


def test_errors_are_one_line_and_exit_2(run: Run, opened: Archive) -> None:
    run("user", "add", "aida", "--role", "editor", "--password-stdin", input=PASSWORD + "\n")
    for args, stdin, message in [
        (["add", "AIDA", "--role", "viewer", "--password-stdin"], PASSWORD + "\n", "already"),
        (["add", "bo", "--role", "boss", "--password-stdin"], PASSWORD + "\n", "unknown role"),
        (["add", "bo", "--role", "viewer", "--password-stdin"], "too short\n", "at least 12"),
        (["add", "bo", "--role", "viewer", "--password-stdin"], "", "standard input is empty"),
        (["disable", "ghost"], None, "no user named 'ghost'"),
        (["token", "revoke", "42"], None, "no API token 42"),
        (["enforce-2fa", "off"], None, "two-factor sign-in is not required"),
    ]:
        result = run("user", *args, code=2, input=stdin)
        assert result.stderr.startswith("error: "), args
        assert message in result.stderr, args
        assert len(result.stderr.strip().splitlines()) == 1, args
    assert run("user", "enforce-2fa", "maybe", code=2).exit_code == 2


def test_disable_enable_end_sessions_and_reset_2fa(run: Run, opened: Archive) -> None:
    run("user", "add", "aida", "--role", "editor", "--password-stdin", input=PASSWORD + "\n")
    accounts = Accounts(opened.kernel)
    aida = accounts.by_name("aida")
    assert aida is not None
    first, _ = accounts.start_session(aida.id, second_factor_done=True)
    assert "Disabled aida." in run("user", "disable", "aida").stdout
    assert accounts.session(first) is None
    assert parsed(run("user", "list", "--json"))[0]["disabled"] is True
    assert "Enabled aida." in run("user", "enable", "aida").stdout

    second, _ = accounts.start_session(aida.id, second_factor_done=True)
    assert "Ended 1 of aida's session(s)." in run("user", "end-sessions", "aida").stdout
    assert accounts.session(second) is None
    accounts.start_session(aida.id, second_factor_done=True)
    assert "Ended 1 of everyone's session(s)." in run("user", "end-sessions").stdout

    enrolment = accounts.begin_totp(aida.id)
    accounts.confirm_totp(aida.id, enrolment.secret, pyotp.TOTP(enrolment.secret).now())
    assert parsed(run("user", "list", "--json"))[0]["totp_enabled"] is True
    assert "reset" in run("user", "reset-2fa", "aida").stdout
    assert parsed(run("user", "list", "--json"))[0]["totp_enabled"] is False
    assert accounts.recovery_codes_left(aida.id) == 0


def test_set_password_and_enforce_2fa(run: Run, opened: Archive) -> None:
    run("user", "add", "aida", "--role", "analyst", "--password-stdin", input=PASSWORD + "\n")
    accounts = Accounts(opened.kernel)
    aida = accounts.by_name("aida")
    assert aida is not None
    session, _ = accounts.start_session(aida.id, second_factor_done=True)
    changed = run(
        "user", "set-password", "aida", "--password-stdin", input="a fresh long passphrase\n"
    )
    assert "1 session(s) ended" in changed.stdout
    assert accounts.session(session) is None
    assert accounts.check_password("aida", "a fresh long passphrase").name == "aida"

    assert "Every user now needs" in run("user", "enforce-2fa", "on").stdout
    assert parsed(run("user", "list", "--json"))[0]["require_2fa"] is True
    run("user", "enforce-2fa", "off")
    assert parsed(run("user", "list", "--json"))[0]["require_2fa"] is False


def test_api_tokens(run: Run, opened: Archive) -> None:
    run("user", "add", "aida", "--role", "editor", "--password-stdin", input=PASSWORD + "\n")
    assert "No API tokens." in run("user", "token", "list").stdout
    created = run(
        "user", "token", "create", "aida", "--label", "sync", "--scope", "read", "--scope", "write"
    )
    token = created.stdout.strip()
    assert token.startswith("dkt_")
    assert "shown only now" in created.stderr

    accounts = Accounts(opened.kernel)
    found = accounts.authenticate_token(token)
    assert found is not None
    assert found[0].name == "aida"
    assert found[1].scopes == frozenset({"read", "write"})

    listed = parsed(run("user", "token", "list", "--json"))
    assert [(t["user"], t["name"], t["scopes"], t["revoked"]) for t in listed] == [
        ("aida", "sync", ["read", "write"], False)
    ]
    assert token not in run("user", "token", "list").stdout
    assert parsed(run("user", "token", "list", "--user", "aida", "--json")) == listed

    bad = run("user", "token", "create", "aida", "--label", "x", "--scope", "all", code=2)
    assert "unknown scope all" in bad.stderr
    assert f"Revoked API token {listed[0]['id']}." in (
        run("user", "token", "revoke", str(listed[0]["id"])).stdout
    )
    assert accounts.authenticate_token(token) is None
    assert parsed(run("user", "token", "list", "--json"))[0]["revoked"] is True
    assert "Intact" in run("verify").stdout

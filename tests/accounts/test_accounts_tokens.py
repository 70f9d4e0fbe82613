"""API tokens for scripts: scopes, use, revocation, on both backends."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from docket.accounts import SCOPES, AccountError, Accounts, User
from docket.archive import Archive
from docket.db.engine import reading
from docket.db.schema import api_tokens
from tests.accounts.conftest import PASSWORD, Clock


def test_a_token_is_shown_once_and_stored_as_a_hash(
    archive: Archive, accounts: Accounts, editor: User
) -> None:
    text, token = accounts.create_token(editor.id, "nightly export", ["read", "export"], actor="a")
    assert text.startswith("dkt_")
    assert len(text) == 4 + 43
    assert token.name == "nightly export"
    assert token.scopes == frozenset({"read", "export"})
    assert (token.user_id, token.last_used_at, token.revoked) == (editor.id, None, False)
    with reading(archive.kernel.engine) as connection:
        row = connection.execute(select(api_tokens)).one()
    assert text not in " ".join(str(value) for value in row)
    assert row.scopes == "read export"


def test_a_token_authenticates_its_user_and_records_its_use(
    accounts: Accounts, editor: User, clock: Clock
) -> None:
    text, token = accounts.create_token(editor.id, "script", ["read"], actor="a")
    found = accounts.authenticate_token(text)
    assert found is not None
    user, used = found
    assert user == editor
    assert used.id == token.id
    assert used.last_used_at == "2024-05-01T12:00:05.000000Z"
    clock.advance(minutes=5)
    accounts.authenticate_token(text)
    assert accounts.tokens()[0].last_used_at == "2024-05-01T12:05:05.000000Z"


@pytest.mark.parametrize(
    "text", ["", "dkt_", "dkt_" + "A" * 43, "Bearer dkt_x", "not-a-token", "dkt_" + "x" * 500]
)
def test_unknown_tokens_do_not_authenticate(accounts: Accounts, editor: User, text: str) -> None:
    accounts.create_token(editor.id, "script", ["read"], actor="a")
    assert accounts.authenticate_token(text) is None


def test_scopes_are_checked(accounts: Accounts, editor: User) -> None:
    with pytest.raises(AccountError, match="unknown scope admin, delete; scopes are read"):
        accounts.create_token(editor.id, "x", ["read", "admin", "delete"], actor="a")
    with pytest.raises(AccountError, match="at least one scope"):
        accounts.create_token(editor.id, "x", [], actor="a")
    _, token = accounts.create_token(editor.id, "all", [" WRITE", *SCOPES], actor="a")
    assert token.scopes == frozenset(SCOPES)
    assert token.to_json()["scopes"] == ["read", "write", "export", "witness"]


def test_a_label_is_required(accounts: Accounts, editor: User) -> None:
    with pytest.raises(AccountError, match="label of 1-100 characters"):
        accounts.create_token(editor.id, "  ", ["read"], actor="a")
    with pytest.raises(AccountError, match="no user with id"):
        accounts.create_token(editor.id + 5, "x", ["read"], actor="a")


def test_a_revoked_token_stops_working_and_stays_listed(accounts: Accounts, editor: User) -> None:
    text, token = accounts.create_token(editor.id, "script", ["read"], actor="a")
    kept, _ = accounts.create_token(editor.id, "other", ["write"], actor="a")
    accounts.revoke_token(token.id, actor="a")
    assert accounts.authenticate_token(text) is None
    assert accounts.authenticate_token(kept) is not None
    assert [(t.name, t.revoked) for t in accounts.tokens()] == [("script", True), ("other", False)]
    with pytest.raises(AccountError, match="already revoked"):
        accounts.revoke_token(token.id, actor="a")
    with pytest.raises(AccountError, match="no API token 99"):
        accounts.revoke_token(99, actor="a")


def test_tokens_of_a_disabled_user_do_not_work_until_enabled(
    accounts: Accounts, editor: User
) -> None:
    text, _ = accounts.create_token(editor.id, "script", ["read"], actor="a")
    accounts.disable("aida", actor="a")
    assert accounts.authenticate_token(text) is None
    with pytest.raises(AccountError, match="disabled"):
        accounts.create_token(editor.id, "another", ["read"], actor="a")
    accounts.enable("aida", actor="a")
    assert accounts.authenticate_token(text) is not None


def test_tokens_are_listed_per_user(accounts: Accounts, editor: User) -> None:
    other = accounts.add("bakyt", "viewer", PASSWORD, actor="admin")
    accounts.create_token(editor.id, "mine", ["read"], actor="a")
    accounts.create_token(other.id, "theirs", ["read"], actor="a")
    assert [t.name for t in accounts.tokens(editor.id)] == ["mine"]
    assert [t.name for t in accounts.tokens(other.id)] == ["theirs"]
    assert [t.name for t in accounts.tokens()] == ["mine", "theirs"]

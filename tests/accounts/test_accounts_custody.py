"""Admin actions on accounts are custody entries, hold no secrets, and keep `verify` clean."""

from __future__ import annotations

import pytest

from docket.accounts import AccountError, Accounts, User
from docket.archive import Archive
from tests.accounts.conftest import PASSWORD, Clock, custody_entries, custody_text, enrol


def test_every_admin_action_is_a_custody_entry_without_secrets(
    archive: Archive, accounts: Accounts, editor: User, clock: Clock
) -> None:
    secret, codes = enrol(accounts, clock, editor)
    session, _ = accounts.start_session(editor.id, second_factor_done=True)
    accounts.set_password("aida", "the second passphrase", actor="root")
    accounts.disable("aida", actor="root")
    accounts.enable("aida", actor="root")
    accounts.reset_2fa("aida", actor="root")
    accounts.enforce_2fa(True, actor="root")
    accounts.end_sessions(editor.id, actor="root")
    accounts.end_sessions(actor="root")
    token, created = accounts.create_token(editor.id, "nightly", ["read"], actor="root")
    accounts.revoke_token(created.id, actor="root")

    entries = [e for e in custody_entries(archive) if e.action != "archive_created"]
    user = f"user:{editor.id}"
    assert [(e.action, e.subject, e.actor) for e in entries] == [
        ("user_added", user, "admin"),
        ("user_2fa_enabled", user, "aida"),
        ("user_password_set", user, "root"),
        ("user_disabled", user, "root"),
        ("user_enabled", user, "root"),
        ("user_2fa_reset", user, "root"),
        ("archive_2fa_enforced", "archive", "root"),
        ("sessions_ended", user, "root"),
        ("sessions_ended", "users", "root"),
        ("api_token_created", user, "root"),
        ("api_token_revoked", user, "root"),
    ]
    # Entries that write a user or token row carry its state digest (docs/concepts.md).
    data = [entry.data for entry in entries]
    sealed = [payload.pop("sealed", None) for payload in data]
    assert [sorted(s) if s else None for s in sealed] == [
        ["users"], ["users"], ["users"], ["users"], ["users"], ["users"], None, None, None,
        ["api_tokens"], ["api_tokens"],
    ]  # fmt: skip
    assert all(len(digest) == 64 for s in sealed if s for d in s.values() for digest in d.values())
    assert data[0] == {"name": "aida", "role": "editor", "require_2fa": False}
    assert data[3] == {"name": "aida", "sessions_ended": 1}
    assert data[6] == {"enforced": True}
    assert data[9] == {
        "name": "aida",
        "token_id": created.id,
        "label": "nightly",
        "scopes": ["read"],
    }
    assert all(entry.item_id is None for entry in entries)

    logged = custody_text(archive)
    for secret_text in [PASSWORD, "the second passphrase", secret, token, session, *codes]:
        assert secret_text not in logged
    assert all(code.replace("-", "") not in logged for code in codes)
    # The display name may be a documenter's real name: it stays out of the append-only log.
    assert "Аида" not in logged
    assert list(archive.verify()) == []


def test_a_refused_action_writes_no_entry(
    archive: Archive, accounts: Accounts, editor: User
) -> None:
    before = len(custody_entries(archive))
    with pytest.raises(AccountError):
        accounts.add("AIDA", "viewer", PASSWORD, actor="root")
    with pytest.raises(AccountError):
        accounts.enable("aida", actor="root")
    with pytest.raises(AccountError):
        accounts.enforce_2fa(False, actor="root")
    assert len(custody_entries(archive)) == before


def test_sign_in_activity_is_not_logged_in_custody(
    archive: Archive, accounts: Accounts, editor: User, clock: Clock
) -> None:
    before = len(custody_entries(archive))
    accounts.check_password("aida", PASSWORD)
    token, _ = accounts.start_session(editor.id, second_factor_done=True)
    accounts.session(token)
    accounts.end_session(token)
    assert len(custody_entries(archive)) == before


def test_the_chain_is_signed_after_admin_actions(archive: Archive, accounts: Accounts) -> None:
    accounts.add("root", "admin", PASSWORD, actor="owner")
    entries = custody_entries(archive)
    checkpoint = archive.checkpoint()
    assert checkpoint is not None
    assert checkpoint.seq == entries[-1].seq

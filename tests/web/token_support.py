"""API tokens for workspace tests: a bearer header for a user, made as an admin would."""

from __future__ import annotations

from docket.archive import Archive


def bearer(archive: Archive, user: str, *scopes: str) -> dict[str, str]:
    """An ``Authorization`` header with a new token of ``user`` holding ``scopes``."""
    accounts = archive.accounts
    found = accounts.by_name(user)
    assert found is not None, f"no user {user}: request the people fixture"
    secret, _ = accounts.create_token(found.id, "test script", scopes, actor="tester")
    return {"Authorization": f"Bearer {secret}"}

"""The names and signatures the web app codes against stay as they are."""

from __future__ import annotations

import inspect

import docket.accounts
from docket.accounts import SCOPES, Accounts

EXPECTED = {
    "add": "(self, name, role, password, *, actor, display_name=None, require_2fa=False)",
    "get": "(self, user_id)",
    "by_name": "(self, name)",
    "users": "(self)",
    "disable": "(self, name, *, actor)",
    "enable": "(self, name, *, actor)",
    "set_password": "(self, name, password, *, actor)",
    "reset_2fa": "(self, name, *, actor)",
    "set_language": "(self, user_id, language)",
    "enforce_2fa": "(self, enforced, *, actor)",
    "check_password": "(self, name, password)",
    "begin_totp": "(self, user_id)",
    "confirm_totp": "(self, user_id, secret, code)",
    "check_second_factor": "(self, user_id, code)",
    "recovery_codes_left": "(self, user_id)",
    "start_session": "(self, user_id, *, second_factor_done)",
    "session": "(self, token)",
    "complete_second_factor": "(self, token)",
    "rotate_session": "(self, token)",
    "end_session": "(self, token)",
    "end_sessions": "(self, user_id=None, *, actor)",
    "create_token": "(self, user_id, name, scopes, *, actor)",
    "tokens": "(self, user_id=None)",
    "revoke_token": "(self, token_id, *, actor)",
    "authenticate_token": "(self, token)",
}


def _bare(method: object) -> str:
    signature = inspect.signature(method)  # type: ignore[arg-type]
    plain = signature.replace(
        parameters=[p.replace(annotation=p.empty) for p in signature.parameters.values()],
        return_annotation=inspect.Signature.empty,
    )
    return str(plain)


def test_the_public_names() -> None:
    assert sorted(docket.accounts.__all__) == sorted(
        [
            "SCOPES",
            "AccountError",
            "Accounts",
            "ApiToken",
            "LoginRefused",
            "Session",
            "TotpEnrolment",
            "User",
        ]
    )
    assert SCOPES == ("read", "write", "export", "witness")


def test_the_method_signatures() -> None:
    assert {name: _bare(getattr(Accounts, name)) for name in EXPECTED} == EXPECTED
    constructor = inspect.signature(Accounts.__init__).parameters
    for name, default in [
        ("idle_minutes", 30),
        ("absolute_hours", 12),
        ("max_failures", 5),
        ("lockout_minutes", 15),
    ]:
        assert constructor[name].default == default
        assert constructor[name].kind is inspect.Parameter.KEYWORD_ONLY

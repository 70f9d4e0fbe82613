"""Two-factor sign-in: authenticator set-up, codes, replay, recovery codes, reset."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urlparse

import pytest
from sqlalchemy import select, update

from docket.accounts import AccountError, Accounts, LoginRefused, User
from docket.archive import Archive
from docket.db.engine import reading, writing
from docket.db.schema import recovery_codes, users
from docket.records.crypto import RecordCipher
from docket.records.errors import RecordKeyError
from tests.accounts.conftest import PASSWORD, Clock, code_at, enrol


def test_begin_gives_a_secret_uri_and_qr_but_enables_nothing(
    accounts: Accounts, editor: User
) -> None:
    enrolment = accounts.begin_totp(editor.id)
    uri = urlparse(enrolment.uri)
    query = parse_qs(uri.query)
    assert (uri.scheme, uri.netloc) == ("otpauth", "totp")
    assert uri.path == "/Docket:aida"
    assert query["issuer"] == ["Docket"]
    assert query["secret"] == [enrolment.secret]
    assert len(enrolment.secret) == 32
    assert enrolment.qr_svg.startswith("<svg")
    assert "<path" in enrolment.qr_svg
    assert accounts.begin_totp(editor.id).secret != enrolment.secret
    assert not accounts.get(editor.id).totp_enabled  # type: ignore[union-attr]


def test_confirm_needs_a_valid_code(accounts: Accounts, editor: User, clock: Clock) -> None:
    enrolment = accounts.begin_totp(editor.id)
    stale = code_at(enrolment.secret, clock.now - timedelta(minutes=5))
    with pytest.raises(AccountError, match="does not match"):
        accounts.confirm_totp(editor.id, enrolment.secret, stale)
    with pytest.raises(AccountError, match="not valid base32"):
        accounts.confirm_totp(editor.id, "not base32 at all!", "123456")
    assert not accounts.get(editor.id).totp_enabled  # type: ignore[union-attr]


def test_confirm_enables_and_returns_ten_single_use_recovery_codes(
    accounts: Accounts, editor: User, clock: Clock
) -> None:
    _, codes = enrol(accounts, clock, editor)
    assert accounts.get(editor.id).totp_enabled  # type: ignore[union-attr]
    assert len(codes) == len(set(codes)) == 10
    assert accounts.recovery_codes_left(editor.id) == 10

    assert accounts.check_second_factor(editor.id, codes[0])
    assert accounts.recovery_codes_left(editor.id) == 9
    assert not accounts.check_second_factor(editor.id, codes[0])
    # Written down by hand: case, spaces and dashes do not matter.
    assert accounts.check_second_factor(editor.id, codes[1].upper().replace("-", " "))
    assert accounts.recovery_codes_left(editor.id) == 8


def test_recovery_codes_are_stored_only_as_hashes(
    archive: Archive, accounts: Accounts, editor: User, clock: Clock
) -> None:
    _, codes = enrol(accounts, clock, editor)
    with reading(archive.kernel.engine) as connection:
        stored = list(connection.execute(select(recovery_codes.c.code_hash)).scalars())
    assert len(stored) == 10
    plain = {code.replace("-", "") for code in codes}
    assert not plain & set(stored)
    assert not any(code in hashed for code in plain for hashed in stored)


def test_the_secret_is_sealed_with_the_record_key(
    archive: Archive, accounts: Accounts, editor: User, clock: Clock
) -> None:
    secret, _ = enrol(accounts, clock, editor)
    with reading(archive.kernel.engine) as connection:
        sealed = connection.execute(select(users.c.totp_secret)).scalar_one()
    assert secret not in sealed
    cipher = RecordCipher.load(archive.settings.home / "keys", create=False)
    assert cipher.open(sealed, f"{archive.archive_id}/totp:{editor.id}") == secret
    with pytest.raises(RecordKeyError):
        cipher.open(sealed, f"{archive.archive_id}/totp:{editor.id + 1}")


def test_a_code_works_once_within_one_step_either_side(
    accounts: Accounts, editor: User, clock: Clock
) -> None:
    secret, _ = enrol(accounts, clock, editor)
    code = code_at(secret, clock.now)
    assert accounts.check_second_factor(editor.id, code)
    assert not accounts.check_second_factor(editor.id, code)  # replayed

    clock.advance(seconds=60)
    assert accounts.check_second_factor(
        editor.id, code_at(secret, clock.now - timedelta(seconds=30))
    )
    clock.advance(seconds=60)
    assert accounts.check_second_factor(
        editor.id, code_at(secret, clock.now + timedelta(seconds=30))
    )
    # The step ahead was used: the current step is now older, and refused as a replay.
    assert not accounts.check_second_factor(editor.id, code_at(secret, clock.now))

    clock.advance(seconds=120)
    assert not accounts.check_second_factor(
        editor.id, code_at(secret, clock.now - timedelta(seconds=60))
    )
    assert not accounts.check_second_factor(
        editor.id, code_at(secret, clock.now + timedelta(seconds=60))
    )
    assert accounts.check_second_factor(editor.id, f" {code_at(secret, clock.now)} ")


def test_the_confirming_code_cannot_sign_in(accounts: Accounts, editor: User, clock: Clock) -> None:
    enrolment = accounts.begin_totp(editor.id)
    code = code_at(enrolment.secret, clock.now)
    accounts.confirm_totp(editor.id, enrolment.secret, code)
    assert not accounts.check_second_factor(editor.id, code)


def test_second_factor_failures_pause_the_account(
    accounts: Accounts, editor: User, clock: Clock
) -> None:
    secret, _ = enrol(accounts, clock, editor)
    for _ in range(4):
        assert not accounts.check_second_factor(editor.id, "000000")
    with pytest.raises(LoginRefused, match="paused"):
        accounts.check_second_factor(editor.id, "zzzz-zzzz-zzzz-zzzz")
    with pytest.raises(LoginRefused, match="paused"):
        accounts.check_second_factor(editor.id, code_at(secret, clock.now))
    with pytest.raises(LoginRefused, match="paused"):
        accounts.check_password("aida", PASSWORD)
    assert accounts.recovery_codes_left(editor.id) == 10

    clock.advance(minutes=16)
    assert accounts.check_second_factor(editor.id, code_at(secret, clock.now))


def test_without_an_authenticator_or_user_no_code_passes(accounts: Accounts, editor: User) -> None:
    assert not accounts.check_second_factor(editor.id, "123456")
    assert not accounts.check_second_factor(editor.id + 1, "123456")


def test_a_disabled_user_cannot_pass_the_second_step(
    accounts: Accounts, editor: User, clock: Clock
) -> None:
    secret, codes = enrol(accounts, clock, editor)
    accounts.disable("aida", actor="admin")
    assert not accounts.check_second_factor(editor.id, code_at(secret, clock.now))
    assert not accounts.check_second_factor(editor.id, codes[0])
    with pytest.raises(AccountError, match="disabled"):
        accounts.begin_totp(editor.id)


def test_re_enrolling_replaces_the_secret_and_the_codes(
    accounts: Accounts, editor: User, clock: Clock
) -> None:
    old_secret, old_codes = enrol(accounts, clock, editor)
    new_secret, new_codes = enrol(accounts, clock, editor)
    assert not accounts.check_second_factor(editor.id, old_codes[0])
    assert not accounts.check_second_factor(editor.id, code_at(old_secret, clock.now))
    assert accounts.check_second_factor(editor.id, new_codes[0])
    assert accounts.check_second_factor(editor.id, code_at(new_secret, clock.now))


def test_reset_2fa_forgets_the_authenticator_and_ends_sessions(
    accounts: Accounts, editor: User, clock: Clock
) -> None:
    _, codes = enrol(accounts, clock, editor)
    token, _ = accounts.start_session(editor.id, second_factor_done=True)
    accounts.reset_2fa("aida", actor="admin")
    assert not accounts.get(editor.id).totp_enabled  # type: ignore[union-attr]
    assert accounts.recovery_codes_left(editor.id) == 0
    assert accounts.session(token) is None
    assert not accounts.check_second_factor(editor.id, codes[2])
    with pytest.raises(AccountError, match="no two-factor sign-in to reset"):
        accounts.reset_2fa("aida", actor="admin")


def test_a_sealed_secret_moved_to_another_user_does_not_open(
    archive: Archive, accounts: Accounts, editor: User, clock: Clock
) -> None:
    secret, _ = enrol(accounts, clock, editor)
    other = accounts.add("bakyt", "viewer", PASSWORD, actor="admin")
    with writing(archive.kernel.engine) as connection:
        sealed = connection.execute(
            select(users.c.totp_secret).where(users.c.id == editor.id)
        ).scalar_one()
        connection.execute(update(users).where(users.c.id == other.id).values(totp_secret=sealed))
    with pytest.raises(RecordKeyError, match="does not decrypt"):
        accounts.check_second_factor(other.id, code_at(secret, clock.now))

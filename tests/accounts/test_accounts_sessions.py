"""Server-side sessions: expiry, rotation, sign-out and admins ending them, on both backends."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from docket.accounts import AccountError, Accounts, User
from docket.archive import Archive
from docket.db.engine import reading
from docket.db.schema import web_sessions
from docket.model.access import Viewer
from tests.accounts.conftest import PASSWORD, Clock


def test_a_started_session_is_found_by_its_token(accounts: Accounts, editor: User) -> None:
    token, started = accounts.start_session(editor.id, second_factor_done=False)
    assert started.user_id == editor.id
    assert not started.second_factor_done
    assert started.created_at == started.last_seen_at == "2024-05-01T12:00:05.000000Z"
    assert len(started.csrf_token) >= 43
    assert accounts.session(token) == started
    assert accounts.session(token + "x") is None
    assert accounts.session("") is None


def test_only_the_tokens_hash_is_stored(archive: Archive, accounts: Accounts, editor: User) -> None:
    token, _ = accounts.start_session(editor.id, second_factor_done=True)
    with reading(archive.kernel.engine) as connection:
        row = connection.execute(select(web_sessions)).one()
    assert token not in " ".join(str(value) for value in row)
    assert len(row.token_hash) == 64


def test_an_idle_session_expires(accounts: Accounts, editor: User, clock: Clock) -> None:
    token, _ = accounts.start_session(editor.id, second_factor_done=True)
    clock.advance(minutes=29)
    assert accounts.session(token) is not None
    clock.advance(minutes=29)  # 29 minutes after the last request: still alive
    assert accounts.session(token) is not None
    clock.advance(minutes=30, seconds=1)
    assert accounts.session(token) is None


def test_a_busy_session_still_ends_at_the_absolute_limit(
    accounts: Accounts, editor: User, clock: Clock
) -> None:
    token, _ = accounts.start_session(editor.id, second_factor_done=True)
    for _ in range(12 * 3):
        clock.advance(minutes=20)
        assert accounts.session(token) is not None
    clock.advance(seconds=1)
    assert accounts.session(token) is None


def test_last_seen_moves_at_most_once_a_minute(
    accounts: Accounts, editor: User, clock: Clock
) -> None:
    token, started = accounts.start_session(editor.id, second_factor_done=True)
    clock.advance(seconds=59)
    assert accounts.session(token) == started
    clock.advance(seconds=1)
    assert accounts.session(token).last_seen_at == "2024-05-01T12:01:05.000000Z"  # type: ignore[union-attr]
    clock.advance(seconds=30)
    assert accounts.session(token).last_seen_at == "2024-05-01T12:01:05.000000Z"  # type: ignore[union-attr]


def test_rotation_replaces_the_token_and_keeps_the_session(
    accounts: Accounts, editor: User
) -> None:
    old, started = accounts.start_session(editor.id, second_factor_done=False)
    new, rotated = accounts.rotate_session(old)
    assert new != old
    assert rotated.id == started.id
    assert rotated.csrf_token != started.csrf_token
    assert accounts.session(old) is None
    assert accounts.session(new) == rotated
    with pytest.raises(AccountError, match="session has ended"):
        accounts.rotate_session(old)


def test_completing_the_second_factor_marks_the_session(accounts: Accounts, editor: User) -> None:
    token, _ = accounts.start_session(editor.id, second_factor_done=False)
    done = accounts.complete_second_factor(token)
    assert done.second_factor_done
    assert accounts.session(token) == done
    with pytest.raises(AccountError, match="session has ended"):
        accounts.complete_second_factor("unknown")


def test_sign_out_ends_only_that_session(accounts: Accounts, editor: User) -> None:
    laptop, _ = accounts.start_session(editor.id, second_factor_done=True)
    phone, _ = accounts.start_session(editor.id, second_factor_done=True)
    accounts.end_session(laptop)
    accounts.end_session("never issued")
    assert accounts.session(laptop) is None
    assert accounts.session(phone) is not None
    with pytest.raises(AccountError, match="session has ended"):
        accounts.rotate_session(laptop)


def test_admins_end_one_users_or_everyones_sessions(
    accounts: Accounts, editor: User, clock: Clock
) -> None:
    other = accounts.add("bakyt", "viewer", PASSWORD, actor="admin")
    # Idle for too long: dead already, so not counted as ended below.
    idle = [accounts.start_session(user.id, second_factor_done=True)[0] for user in (editor, other)]
    clock.advance(minutes=31)
    mine = [accounts.start_session(editor.id, second_factor_done=True)[0] for _ in range(2)]
    theirs, _ = accounts.start_session(other.id, second_factor_done=True)

    assert accounts.end_sessions(editor.id, actor="admin") == 2
    assert all(accounts.session(token) is None for token in mine)
    assert accounts.session(theirs) is not None
    assert accounts.end_sessions(actor="admin") == 1
    assert accounts.session(theirs) is None
    assert all(accounts.session(token) is None for token in idle)
    assert accounts.end_sessions(actor="admin") == 0
    with pytest.raises(AccountError, match="no user with id"):
        accounts.end_sessions(other.id + 10, actor="admin")


def test_disabling_a_user_ends_their_sessions(accounts: Accounts, editor: User) -> None:
    token, _ = accounts.start_session(editor.id, second_factor_done=True)
    accounts.disable("aida", actor="admin")
    assert accounts.session(token) is None
    with pytest.raises(AccountError, match="disabled"):
        accounts.start_session(editor.id, second_factor_done=True)
    accounts.enable("aida", actor="admin")
    assert accounts.session(token) is None


def test_finished_sessions_are_cleared_when_the_user_signs_in_again(
    archive: Archive, accounts: Accounts, editor: User, clock: Clock
) -> None:
    for _ in range(3):
        accounts.end_session(accounts.start_session(editor.id, second_factor_done=True)[0])
    accounts.start_session(editor.id, second_factor_done=True)
    clock.advance(hours=13)
    live, _ = accounts.start_session(editor.id, second_factor_done=True)
    with reading(archive.kernel.engine) as connection:
        count = len(connection.execute(select(web_sessions.c.id)).all())
    assert count == 1
    assert accounts.session(live) is not None


def test_the_archive_position_is_read_with_the_session(
    archive: Archive, accounts: Accounts, editor: User
) -> None:
    door = archive.as_viewer(editor.viewer())
    reads = ("item_viewed", "record_viewed")
    token, started = accounts.start_session(editor.id, second_factor_done=True)
    found = accounts.signed_in_at(token, reads)
    assert found is not None
    user, session, position = found
    assert (user, session) == accounts.signed_in(token)
    assert session == started
    assert position == door.position()
    assert accounts.signed_in_at(token + "x", reads) is None
    assert accounts.signed_in_at("", reads) is None
    # A change moves it; an entry saying someone read a record does not.
    made = archive.as_viewer(Viewer.owner("o")).records.create("person", {"name": "Асан"})
    moved = accounts.signed_in_at(token, reads)
    assert moved is not None
    assert moved[2] == door.position() != position
    door.records.get(made.id)
    door.records.log_viewed(door.records.get(made.id))
    again = accounts.signed_in_at(token, reads)
    assert again is not None
    assert again[2] == moved[2]

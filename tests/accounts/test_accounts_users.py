"""Adding and administering users, on both backends."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from docket.accounts import AccountError, Accounts, User
from docket.archive import Archive
from docket.db.engine import reading
from docket.db.schema import users
from docket.model.access import Role, Viewer
from tests.accounts.conftest import PASSWORD, Clock


def test_an_added_user_is_found_by_id_and_by_name_in_any_case(
    accounts: Accounts, editor: User
) -> None:
    assert editor.name == "aida"
    assert editor.display_name == "Аида Б."
    assert editor.role is Role.EDITOR
    assert (editor.totp_enabled, editor.require_2fa, editor.disabled) == (False, False, False)
    assert editor.created_at == "2024-05-01T12:00:05.000000Z"
    assert accounts.get(editor.id) == editor
    assert accounts.by_name("AIDA") == editor
    assert accounts.by_name("nobody") is None
    assert accounts.get(editor.id + 100) is None
    assert editor.viewer() == Viewer(name="aida", role=Role.EDITOR, protected=False)


def test_names_are_unique_whatever_their_case(accounts: Accounts, editor: User) -> None:
    with pytest.raises(AccountError, match="already exists"):
        accounts.add("Aida", Role.VIEWER, PASSWORD, actor="admin")
    assert [user.name for user in accounts.users()] == ["aida"]


@pytest.mark.parametrize(
    "name",
    ["", " ", "a" * 65, "with space", "-dash-first", "аdmin", "semi;colon", "a/b"],
)
def test_invalid_names_are_refused(accounts: Accounts, name: str) -> None:
    with pytest.raises(AccountError, match="invalid user name"):
        accounts.add(name, "viewer", PASSWORD, actor="admin")


def test_the_longest_name_and_every_allowed_character_are_accepted(accounts: Accounts) -> None:
    longest = "a" * 64
    assert accounts.add(longest, "viewer", PASSWORD, actor="admin").name == longest
    assert accounts.add("J.Doe_2-x", "viewer", PASSWORD, actor="admin").name == "J.Doe_2-x"


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short pass", "at least 12 characters"),
        ("elevenchars", "at least 12 characters"),
        ("x" * 1025, "at most 1024"),
        ("Marat.Bekov1", "must not be the user name"),
    ],
)
def test_weak_passwords_are_refused(accounts: Accounts, password: str, message: str) -> None:
    with pytest.raises(AccountError, match=message):
        accounts.add("marat.bekov1", "analyst", password, actor="admin")
    assert accounts.users() == []


def test_roles_are_checked(accounts: Accounts) -> None:
    with pytest.raises(AccountError, match="unknown role 'boss'; roles: admin, editor"):
        accounts.add("boss", "boss", PASSWORD, actor="admin")
    assert accounts.add("ana", " Analyst ", PASSWORD, actor="admin").role is Role.ANALYST


def test_the_password_is_stored_only_as_an_argon2id_hash(
    archive: Archive, accounts: Accounts, editor: User
) -> None:
    with reading(archive.kernel.engine) as connection:
        stored = connection.execute(
            select(users.c.password_hash).where(users.c.id == editor.id)
        ).scalar_one()
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored


def test_the_effective_2fa_requirement(accounts: Accounts, editor: User) -> None:
    admin = accounts.add("root", "admin", PASSWORD, actor="owner")
    marked = accounts.add("zarina", "viewer", PASSWORD, actor="owner", require_2fa=True)
    assert (admin.require_2fa, marked.require_2fa, editor.require_2fa) == (True, True, False)

    accounts.enforce_2fa(True, actor="owner")
    assert all(user.require_2fa for user in accounts.users())
    with pytest.raises(AccountError, match="already required"):
        accounts.enforce_2fa(True, actor="owner")

    accounts.enforce_2fa(False, actor="owner")
    assert {user.name: user.require_2fa for user in accounts.users()} == {
        "aida": False,
        "root": True,
        "zarina": True,
    }


def test_disable_and_enable(accounts: Accounts, editor: User) -> None:
    disabled = accounts.disable("AIDA", actor="admin")
    assert disabled.disabled
    with pytest.raises(AccountError, match="already disabled"):
        accounts.disable("aida", actor="admin")
    assert not accounts.enable("aida", actor="admin").disabled
    with pytest.raises(AccountError, match="is not disabled"):
        accounts.enable("aida", actor="admin")
    with pytest.raises(AccountError, match="no user named 'ghost'"):
        accounts.disable("ghost", actor="admin")


def test_set_password_replaces_the_old_one(accounts: Accounts, editor: User) -> None:
    accounts.set_password("aida", "a brand new passphrase", actor="admin")
    assert accounts.check_password("aida", "a brand new passphrase").id == editor.id
    with pytest.raises(AccountError, match="wrong name or password"):
        accounts.check_password("aida", PASSWORD)
    with pytest.raises(AccountError, match="at least 12"):
        accounts.set_password("aida", "short", actor="admin")


def test_language_preference(accounts: Accounts, editor: User) -> None:
    accounts.set_language(editor.id, "ky")
    assert accounts.get(editor.id) == User(**{**editor.__dict__, "language": "ky"})
    accounts.set_language(editor.id, None)
    assert accounts.by_name("aida") == editor
    with pytest.raises(AccountError, match="not a language tag"):
        accounts.set_language(editor.id, "<script>")
    with pytest.raises(AccountError, match="no user with id"):
        accounts.set_language(editor.id + 1, "ru")


def test_an_actor_is_required_for_admin_actions(accounts: Accounts, editor: User) -> None:
    with pytest.raises(AccountError, match="needs the name of who makes it"):
        accounts.disable("aida", actor=" ")
    assert accounts.get(editor.id) == editor


def test_the_limits_must_be_positive(archive: Archive, clock: Clock) -> None:
    with pytest.raises(AccountError, match="max_failures must be at least 1"):
        Accounts(archive.kernel, max_failures=0, clock=clock)

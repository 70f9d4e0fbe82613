"""User administration (admins only) and API tokens over the pages and /api/tokens."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from token_support import bearer
from web_support import PASSWORD, Person, custody_entries, page_csrf, sign_in

from docket.archive import Archive
from docket.face import SCOPES


def _user_id(archive: Archive, name: str) -> int:
    found = archive.accounts.by_name(name)
    assert found is not None
    return found.id


def _signed_in(client: TestClient) -> bool:
    return client.get("/", follow_redirects=False).status_code == 200


def _actions(archive: Archive) -> list[tuple[str, str]]:
    return [(e.action, e.actor) for e in custody_entries(archive)]


@pytest.mark.parametrize("role", ["editor", "analyst", "viewer"])
def test_others_are_refused(
    role: str, archive: Archive, client_as: Callable[[str], TestClient]
) -> None:
    client = client_as(role)
    csrf = page_csrf(client)
    assert client.get("/admin/users").status_code == 403
    target = _user_id(archive, "viewer-user")
    for path, data in (
        ("/admin/users", {"name": "intruder", "role": "admin", "password": PASSWORD}),
        (f"/admin/users/{target}/disable", {}),
        ("/admin/sessions/end-all", {}),
        ("/admin/2fa", {"enforce": "on"}),
        ("/admin/tokens", {"user_id": str(target), "label": "x", "scopes": "write"}),
    ):
        assert client.post(path, data={"csrf_token": csrf, **data}).status_code == 403, path
    assert archive.accounts.by_name("intruder") is None
    assert not archive.accounts.get(target).disabled  # type: ignore[union-attr]


def test_the_list_shows_role_two_factor_and_state(
    archive: Archive, client_as: Callable[[str], TestClient]
) -> None:
    html = client_as("admin").get("/admin/users").text
    for role in ("admin", "editor", "analyst", "viewer"):
        assert f"{role}-user" in html
    rows = {
        name: row
        for row in re.findall(r"<tr>.*?</tr>", html.split("<tbody>", 1)[1], re.S)
        for name in re.findall(r'<th scope="row">([a-z]+-user)', row)
    }
    assert "<td>On</td>" in rows["admin-user"]
    assert "<td>Off</td>" in rows["viewer-user"]
    assert "Active" in rows["viewer-user"]
    assert "End all sessions" in html
    assert "Require two-factor sign-in for everyone" in html


def test_adding_a_user_who_can_then_sign_in(
    archive: Archive, app: FastAPI, client_as: Callable[[str], TestClient]
) -> None:
    admin = client_as("admin")
    response = admin.post(
        "/admin/users",
        data={
            "csrf_token": page_csrf(admin),
            "name": "aigul",
            "display_name": "Айгуль",
            "role": "analyst",
            "password": PASSWORD,
        },
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert "Айгуль" in admin.get(response.headers["location"]).text
    with TestClient(app) as newcomer:
        sign_in(newcomer, Person("aigul", "analyst"))
        assert _signed_in(newcomer)
    weak = admin.post(
        "/admin/users",
        data={"csrf_token": page_csrf(admin), "name": "bob", "role": "viewer", "password": "x"},
    )
    assert weak.status_code == 400
    guessable = admin.post(
        "/admin/users",
        data={
            "csrf_token": page_csrf(admin),
            "name": "bob",
            "role": "viewer",
            "password": "password1234",
        },
    )
    assert guessable.status_code == 400
    assert "too easy to guess: this is a very common password" in guessable.text
    assert archive.accounts.by_name("bob") is None
    assert ("user_added", "admin-user") in [(a, b) for a, b in _actions(archive)]


def test_a_disabled_user_is_signed_out_and_can_be_enabled(
    archive: Archive, app: FastAPI, client_as: Callable[[str], TestClient]
) -> None:
    admin = client_as("admin")
    editor = client_as("editor")
    target = _user_id(archive, "editor-user")
    admin.post(f"/admin/users/{target}/disable", data={"csrf_token": page_csrf(admin)})
    assert not _signed_in(editor)
    assert "Disabled" in admin.get("/admin/users").text
    admin.post(f"/admin/users/{target}/enable", data={"csrf_token": page_csrf(admin)})
    with TestClient(app) as again:
        sign_in(again, Person("editor-user", "editor"))
        assert _signed_in(again)
    me = _user_id(archive, "admin-user")
    own = admin.post(f"/admin/users/{me}/disable", data={"csrf_token": page_csrf(admin)})
    assert own.status_code == 400
    assert "your own account" in own.text


def test_end_all_sessions_signs_everyone_out(
    archive: Archive, client_as: Callable[[str], TestClient]
) -> None:
    admin = client_as("admin")
    others = [client_as(role) for role in ("editor", "analyst", "viewer")]
    assert all(_signed_in(client) for client in others)
    response = admin.post(
        "/admin/sessions/end-all", data={"csrf_token": page_csrf(admin)}, follow_redirects=False
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/login"
    assert not any(_signed_in(client) for client in others)
    assert not _signed_in(admin)
    assert ("sessions_ended", "admin-user") in _actions(archive)


def test_ending_one_users_sessions(
    archive: Archive, client_as: Callable[[str], TestClient]
) -> None:
    admin = client_as("admin")
    viewer = client_as("viewer")
    analyst = client_as("analyst")
    target = _user_id(archive, "viewer-user")
    admin.post(f"/admin/users/{target}/end-sessions", data={"csrf_token": page_csrf(admin)})
    assert not _signed_in(viewer)
    assert _signed_in(analyst)
    assert _signed_in(admin)


def test_requiring_two_factor_of_everyone(
    archive: Archive, client_as: Callable[[str], TestClient]
) -> None:
    admin = client_as("admin")
    viewer = client_as("viewer")
    admin.post("/admin/2fa", data={"csrf_token": page_csrf(admin), "enforce": "on"})
    refused = viewer.get("/", follow_redirects=False)
    assert refused.status_code == 303
    assert refused.headers["location"] == "/account/2fa"
    assert "Stop requiring it of everyone" in admin.get("/admin/users").text
    admin.post("/admin/2fa", data={"csrf_token": page_csrf(admin), "enforce": "off"})
    assert _signed_in(viewer)


def test_resetting_two_factor(
    archive: Archive, people: dict[str, Person], client_as: Callable[[str], TestClient]
) -> None:
    from web_support import add_person

    add_person(archive, "editor", name="careful", totp=True)
    admin = client_as("admin")
    target = _user_id(archive, "careful")
    admin.post(f"/admin/users/{target}/reset-2fa", data={"csrf_token": page_csrf(admin)})
    found = archive.accounts.get(target)
    assert found is not None
    assert not found.totp_enabled


def test_a_token_made_on_the_page_is_shown_once_and_stops_when_revoked(
    archive: Archive, client_as: Callable[[str], TestClient], anonymous: TestClient
) -> None:
    admin = client_as("admin")
    analyst = _user_id(archive, "analyst-user")
    made = admin.post(
        "/admin/tokens",
        data={
            "csrf_token": page_csrf(admin),
            "user_id": str(analyst),
            "label": "nightly report",
            "scopes": ["read", "export"],
        },
    )
    assert made.status_code == 200
    secret = re.search(r'<code class="secret">(dkt_[^<]+)</code>', made.text)
    assert secret
    headers = {"Authorization": f"Bearer {secret.group(1)}"}
    me = anonymous.get("/api/me", headers=headers).json()
    assert me["name"] == "analyst-user"
    assert me["scopes"] == ["export", "read"]
    listing = admin.get("/admin/users").text
    assert "nightly report" in listing
    assert secret.group(1) not in listing
    (token,) = archive.accounts.tokens(analyst)
    admin.post(f"/admin/tokens/{token.id}/revoke", data={"csrf_token": page_csrf(admin)})
    assert anonymous.get("/api/me", headers=headers).status_code == 401


def test_users_manage_their_own_tokens_through_the_api(
    archive: Archive, client_as: Callable[[str], TestClient], anonymous: TestClient
) -> None:
    editor = client_as("editor")
    csrf = {"X-CSRF-Token": page_csrf(editor)}
    made = editor.post("/api/tokens", json={"name": "sync", "scopes": ["read"]}, headers=csrf)
    assert made.status_code == 201
    secret = made.json()["token"]
    reader = {"Authorization": f"Bearer {secret}"}
    assert anonymous.get("/api/proposals", headers=reader).status_code == 200
    assert (
        anonymous.post("/api/proposals/1/reject", json={"reason": "x"}, headers=reader).status_code
        == 403
    )
    listed = anonymous.get("/api/tokens", headers=reader).json()
    assert [t["name"] for t in listed] == ["sync"]
    assert "token" not in listed[0]

    escalate = anonymous.post(
        "/api/tokens", json={"name": "more", "scopes": ["write"]}, headers=reader
    )
    assert escalate.status_code == 403
    other = bearer(archive, "analyst-user", "read", "write")
    theirs = anonymous.get("/api/tokens", headers=other).json()
    assert [t["name"] for t in theirs] == ["test script"]
    stolen = anonymous.delete(f"/api/tokens/{listed[0]['id']}", headers=other)
    assert stolen.status_code == 404
    assert (
        anonymous.post(
            "/api/tokens",
            json={"name": "x", "scopes": ["read"], "user_id": listed[0]["user_id"]},
            headers=other,
        ).status_code
        == 403
    )

    revoked = editor.delete(f"/api/tokens/{listed[0]['id']}", headers=csrf)
    assert revoked.status_code == 200
    assert revoked.json()["revoked"] is True
    assert anonymous.get("/api/proposals", headers=reader).status_code == 401
    assert editor.delete(f"/api/tokens/{listed[0]['id']}", headers=csrf).status_code == 409


def test_admins_see_and_revoke_everyones_tokens(
    archive: Archive, client_as: Callable[[str], TestClient], anonymous: TestClient
) -> None:
    mine = bearer(archive, "viewer-user", "read")
    admin = client_as("admin")
    everyone = admin.get("/api/tokens").json()
    assert [t["user_id"] for t in everyone] == [_user_id(archive, "viewer-user")]
    response = admin.delete(
        f"/api/tokens/{everyone[0]['id']}", headers={"X-CSRF-Token": page_csrf(admin)}
    )
    assert response.status_code == 200
    assert anonymous.get("/api/me", headers=mine).status_code == 401


def test_the_token_form_offers_every_scope(client_as: Callable[[str], TestClient]) -> None:
    page = client_as("admin").get("/admin/users").text
    for scope in SCOPES:
        assert f'name="scopes" value="{scope}"' in page

"""Signing in and out, the second factor, sessions, CSRF and the protections on every response."""

from __future__ import annotations

from collections.abc import Callable

import pyotp
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from web_support import PASSWORD, Person, a_minute_ago, accounts_of, csrf_of, page_csrf, sign_in

from docket.archive import Archive
from docket.web import WebSettings, create_app


def _login_token(client: TestClient) -> str:
    page = client.get("/login")
    return page.text.split('name="login_token" value="')[1].split('"')[0]


def _post_login(client: TestClient, name: str, password: str) -> object:
    return client.post(
        "/login",
        data={"name": name, "password": password, "login_token": _login_token(client)},
        follow_redirects=False,
    )


def test_pages_send_an_anonymous_visitor_to_sign_in(anonymous: TestClient) -> None:
    response = anonymous.get("/account?tab=security", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=%2Faccount%3Ftab%3Dsecurity"
    assert anonymous.get("/api/me").status_code == 401


def test_an_editor_signs_in_and_out(
    app: FastAPI, people: dict[str, Person], anonymous: TestClient
) -> None:
    sign_in(anonymous, people["editor"])
    page = anonymous.get("/")
    assert page.status_code == 200
    assert "editor-user" in page.text
    assert anonymous.get("/api/me").json()["role"] == "editor"
    response = anonymous.post(
        "/logout", data={"csrf_token": csrf_of(page.text)}, follow_redirects=False
    )
    assert response.status_code == 303
    assert anonymous.get("/", follow_redirects=False).status_code == 303
    assert anonymous.get("/api/me").status_code == 401


def test_a_wrong_password_or_unknown_name_get_the_same_answer(
    people: dict[str, Person], anonymous: TestClient
) -> None:
    wrong = _post_login(anonymous, "editor-user", "not the password at all")
    unknown = _post_login(anonymous, "nobody-here", "not the password at all")
    assert wrong.status_code == unknown.status_code == 401  # type: ignore[attr-defined]
    assert "wrong name or password" in wrong.text.lower()  # type: ignore[attr-defined]
    assert "wrong name or password" in unknown.text.lower()  # type: ignore[attr-defined]


def test_sign_in_without_the_form_token_is_refused(
    people: dict[str, Person], anonymous: TestClient
) -> None:
    response = anonymous.post(
        "/login",
        data={"name": "editor-user", "password": PASSWORD, "login_token": "forged"},
        follow_redirects=False,
    )
    assert response.status_code == 403
    assert anonymous.get("/api/me").status_code == 401


def test_too_many_attempts_from_one_address_are_slowed_down(
    archive: Archive, people: dict[str, Person]
) -> None:
    app = create_app(
        archive,
        WebSettings(secure_cookies=False, login_attempts_per_minute=3),
        accounts=accounts_of(archive),
    )
    with TestClient(app) as client:
        codes = [
            _post_login(client, "viewer-user", "wrong password!!").status_code  # type: ignore[attr-defined]
            for _ in range(4)
        ]
        assert codes == [401, 401, 401, 429]


def test_the_account_is_paused_after_repeated_failures(
    people: dict[str, Person], anonymous: TestClient, app: FastAPI
) -> None:
    app.state.workspace.login_limiter.limit = 1000
    for _ in range(5):
        _post_login(anonymous, "analyst-user", "wrong password!!")
    refused = _post_login(anonymous, "analyst-user", PASSWORD)
    assert refused.status_code == 401  # type: ignore[attr-defined]
    assert anonymous.get("/api/me").status_code == 401


def test_an_admin_needs_the_second_factor(people: dict[str, Person], anonymous: TestClient) -> None:
    admin = people["admin"]
    response = _post_login(anonymous, admin.name, PASSWORD)
    assert response.headers["location"].startswith("/login/2fa")  # type: ignore[attr-defined]
    # Half signed in is not signed in.
    assert anonymous.get("/", follow_redirects=False).headers["location"] == "/login/2fa"
    assert anonymous.get("/api/me").status_code == 401
    page = anonymous.get("/login/2fa")
    bad = anonymous.post(
        "/login/2fa",
        data={"code": "000000", "csrf_token": csrf_of(page.text)},
        follow_redirects=False,
    )
    assert bad.status_code == 401
    assert admin.totp_secret
    good = anonymous.post(
        "/login/2fa",
        data={"code": pyotp.TOTP(admin.totp_secret).now(), "csrf_token": csrf_of(page.text)},
        follow_redirects=False,
    )
    assert good.status_code == 303
    assert anonymous.get("/api/me").json()["role"] == "admin"


def test_the_session_token_changes_once_fully_signed_in(
    people: dict[str, Person], anonymous: TestClient
) -> None:
    admin = people["admin"]
    _post_login(anonymous, admin.name, PASSWORD)
    before = anonymous.cookies.get("docket_session")
    page = anonymous.get("/login/2fa")
    assert admin.totp_secret
    anonymous.post(
        "/login/2fa",
        data={"code": pyotp.TOTP(admin.totp_secret).now(), "csrf_token": csrf_of(page.text)},
    )
    after = anonymous.cookies.get("docket_session")
    assert before
    assert after
    assert before != after
    with TestClient(anonymous.app) as other:
        other.cookies.set("docket_session", before)
        assert other.get("/api/me").status_code == 401


def test_a_recovery_code_works_once(archive: Archive, app: FastAPI) -> None:
    earlier = accounts_of(archive, clock=a_minute_ago)
    user = earlier.add("careful", "editor", PASSWORD, actor="tester")
    enrolment = earlier.begin_totp(user.id)
    codes = earlier.confirm_totp(
        user.id, enrolment.secret, pyotp.TOTP(enrolment.secret).at(a_minute_ago())
    )
    for expected in (303, 401):
        with TestClient(app) as client:
            _post_login(client, "careful", PASSWORD)
            page = client.get("/login/2fa")
            response = client.post(
                "/login/2fa",
                data={"code": codes[0], "csrf_token": csrf_of(page.text)},
                follow_redirects=False,
            )
            assert response.status_code == expected


def test_a_user_who_must_use_two_factor_is_sent_to_set_it_up(
    archive: Archive, app: FastAPI
) -> None:
    accounts = accounts_of(archive)
    accounts.add("newcomer", "editor", PASSWORD, actor="tester", require_2fa=True)
    with TestClient(app) as client:
        sign_in(client, Person("newcomer", "editor"))
        response = client.get("/account", follow_redirects=False)
        assert response.headers["location"] == "/account/2fa"
        page = client.get("/account/2fa")
        assert "<svg" in page.text
        secret = page.text.split('name="secret" value="')[1].split('"')[0]
        done = client.post(
            "/account/2fa",
            data={
                "csrf_token": csrf_of(page.text),
                "secret": secret,
                "code": pyotp.TOTP(secret).now(),
            },
        )
        assert done.status_code == 200
        assert done.text.count("<code>") == 10
        assert client.get("/", follow_redirects=False).status_code == 200


def test_changes_need_the_csrf_token(client_as: Callable[[str], TestClient]) -> None:
    client = client_as("editor")
    refused = client.post("/logout", data={}, follow_redirects=False)
    assert refused.status_code == 403
    assert client.get("/api/me").status_code == 200
    forged = client.post("/logout", data={"csrf_token": "x" * 43}, follow_redirects=False)
    assert forged.status_code == 403
    by_header = client.post(
        "/logout", headers={"X-CSRF-Token": page_csrf(client)}, follow_redirects=False
    )
    assert by_header.status_code == 303


def test_every_response_carries_the_security_headers(anonymous: TestClient) -> None:
    for path in ("/login", "/static/app.css", "/nowhere", "/api/openapi.json"):
        headers = anonymous.get(path).headers
        assert "script-src 'self'" in headers["content-security-policy"], path
        assert "frame-ancestors 'none'" in headers["content-security-policy"], path
        assert "unsafe-inline" not in headers["content-security-policy"], path
        assert headers["referrer-policy"] == "no-referrer", path
        assert headers["x-content-type-options"] == "nosniff", path
    assert anonymous.get("/login").headers["cache-control"] == "no-store"


def test_session_cookies_are_http_only_and_strict(
    people: dict[str, Person], anonymous: TestClient
) -> None:
    token = _login_token(anonymous)
    response = anonymous.post(
        "/login",
        data={"name": "viewer-user", "password": PASSWORD, "login_token": token},
        follow_redirects=False,
    )
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie
    assert "samesite=strict" in cookie


def test_cookies_are_secure_off_loopback(archive: Archive) -> None:
    assert WebSettings(host="0.0.0.0").cookies_secure
    assert WebSettings(host="10.1.2.3").cookies_secure
    assert not WebSettings(host="127.0.0.1").cookies_secure
    assert not WebSettings(host="::1").cookies_secure


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil"])
def test_sign_in_never_redirects_off_site(
    people: dict[str, Person], anonymous: TestClient, target: str
) -> None:
    token = _login_token(anonymous)
    response = anonymous.post(
        "/login",
        data={"name": "viewer-user", "password": PASSWORD, "login_token": token, "next": target},
        follow_redirects=False,
    )
    assert response.headers["location"] == "/"


def test_oversized_form_bodies_are_refused(anonymous: TestClient) -> None:
    response = anonymous.post(
        "/login",
        content=b"x" * (2 * 1024 * 1024),
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 413


def test_the_interface_speaks_russian(people: dict[str, Person], anonymous: TestClient) -> None:
    page = anonymous.get("/login", headers={"accept-language": "ru-KG,ru;q=0.9"})
    assert '<html lang="ru">' in page.text
    assert "Войти" in page.text
    english = anonymous.get("/login?lang=en")
    assert "Sign in" in english.text

"""Replacing the authenticator needs the password and a current code, and ends other sessions."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pyotp
from fastapi import FastAPI
from fastapi.testclient import TestClient
from web_support import PASSWORD, accounts_of, add_person, csrf_of

from docket.archive import Archive

_SECRET = re.compile(r'name="secret" value="([A-Z2-7=]+)"')


def _next_code(secret: str) -> str:
    # A step not used yet and still accepted (one step either side of now is).
    return pyotp.TOTP(secret).at(datetime.now(UTC) + timedelta(seconds=30))


def _signed_in(app: FastAPI, archive: Archive, name: str) -> TestClient:
    """A browser with a fully signed-in session of ``name`` (as after password and code)."""
    accounts = accounts_of(archive)
    user = accounts.by_name(name)
    assert user is not None
    token, _ = accounts.start_session(user.id, second_factor_done=True)
    client = TestClient(app)
    client.cookies.set("docket_session", token)
    return client


def _replace(client: TestClient, **fields: str) -> int:
    page = client.get("/account/2fa")
    assert page.status_code == 200
    found = _SECRET.search(page.text)
    assert found
    secret = found.group(1)
    data = {
        "csrf_token": csrf_of(page.text),
        "secret": secret,
        "code": pyotp.TOTP(secret).now(),
        **fields,
    }
    return client.post("/account/2fa", data=data).status_code


def _old_authenticator_works(archive: Archive, name: str, secret: str) -> bool:
    accounts = accounts_of(archive)
    user = accounts.by_name(name)
    assert user is not None
    return accounts.check_second_factor(user.id, _next_code(secret))


def test_a_session_alone_cannot_move_the_second_factor(app: FastAPI, archive: Archive) -> None:
    person = add_person(archive, "editor", name="eda", totp=True)
    assert person.totp_secret
    with _signed_in(app, archive, "eda") as client:
        page = client.get("/account/2fa").text
        assert 'name="password"' in page and 'name="current_code"' in page
        assert _replace(client) == 400
        assert _replace(client, password=PASSWORD, current_code="000000") == 400
        wrong = {"password": "not the password at all", "current_code": "123456"}
        assert _replace(client, **wrong) == 400
        assert client.get("/", follow_redirects=False).status_code == 200
    assert _old_authenticator_works(archive, "eda", person.totp_secret)


def test_replacing_ends_every_other_session_and_the_old_authenticator(
    app: FastAPI, archive: Archive
) -> None:
    person = add_person(archive, "editor", name="eda", totp=True)
    assert person.totp_secret
    here = _signed_in(app, archive, "eda")
    elsewhere = _signed_in(app, archive, "eda")
    assert elsewhere.get("/", follow_redirects=False).status_code == 200
    answer = _replace(here, password=PASSWORD, current_code=_next_code(person.totp_secret))
    assert answer == 200
    assert here.get("/", follow_redirects=False).status_code == 200
    assert elsewhere.get("/", follow_redirects=False).status_code == 303
    assert elsewhere.get("/api/me").status_code == 401
    assert not _old_authenticator_works(archive, "eda", person.totp_secret)
    here.close()
    elsewhere.close()


def test_a_recovery_code_stands_in_for_the_lost_phone(app: FastAPI, archive: Archive) -> None:
    add_person(archive, "editor", name="lost-phone", totp=True)
    accounts = accounts_of(archive)
    user = accounts.by_name("lost-phone")
    assert user is not None
    # The recovery codes, as shown when the authenticator was set up.
    enrolment = accounts.begin_totp(user.id)
    codes = accounts.confirm_totp(user.id, enrolment.secret, pyotp.TOTP(enrolment.secret).now())
    with _signed_in(app, archive, "lost-phone") as client:
        assert _replace(client, password=PASSWORD, current_code=codes[0]) == 200
    assert accounts.recovery_codes_left(user.id) == 10


def test_setting_up_the_first_authenticator_needs_only_its_code(
    app: FastAPI, archive: Archive
) -> None:
    add_person(archive, "editor", name="first-time")
    with _signed_in(app, archive, "first-time") as client:
        assert 'name="password"' not in client.get("/account/2fa").text
        assert _replace(client) == 200


NEW_PASSWORD = "violet lantern orchard thimble"


def _change(client: TestClient, current: str, new: str, repeat: str | None = None) -> str:
    page = client.get("/account")
    answer = client.post(
        "/account/password",
        data={
            "csrf_token": csrf_of(page.text),
            "current": current,
            "new": new,
            "repeat": new if repeat is None else repeat,
        },
    )
    return f"{answer.status_code} {answer.text}"


def test_changing_ones_own_password_needs_the_current_one_and_a_strong_new_one(
    app: FastAPI, archive: Archive
) -> None:
    add_person(archive, "analyst", name="ana")
    accounts = accounts_of(archive)
    with _signed_in(app, archive, "ana") as client:
        assert _change(client, "not the password at all", NEW_PASSWORD).startswith("400 ")
        assert "The two new passwords differ." in _change(client, PASSWORD, NEW_PASSWORD, "x" * 12)
        weak = _change(client, PASSWORD, "password1234")
        assert weak.startswith("400 ") and "too easy to guess" in weak
    assert accounts.check_password("ana", PASSWORD).name == "ana"


def test_a_changed_password_ends_every_other_session(app: FastAPI, archive: Archive) -> None:
    add_person(archive, "analyst", name="ana")
    here = _signed_in(app, archive, "ana")
    elsewhere = _signed_in(app, archive, "ana")
    answer = _change(here, PASSWORD, NEW_PASSWORD)
    assert answer.startswith("200 ") and "signed out everywhere else" in answer
    assert here.get("/", follow_redirects=False).status_code == 200
    assert elsewhere.get("/", follow_redirects=False).status_code == 303
    assert accounts_of(archive).check_password("ana", NEW_PASSWORD).name == "ana"
    here.close()
    elsewhere.close()

"""Signing in to the workspace in tests, as each role, through the real sign-in pages."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pyotp
from argon2 import PasswordHasher
from fastapi.testclient import TestClient

from docket.archive import Archive
from docket.db.engine import reading
from docket.face import Accounts, Entry

PASSWORD = "correct horse battery staple"
ROLES = ("admin", "editor", "analyst", "viewer")
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
_LOGIN_TOKEN = re.compile(r'name="login_token" value="([^"]+)"')


@dataclass(frozen=True)
class Person:
    name: str
    role: str
    totp_secret: str | None = None


def cheap_hasher() -> PasswordHasher:
    """argon2id with the least work: the suite signs in hundreds of times."""
    return PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


def accounts_of(archive: Archive, **options: object) -> Accounts:
    """The archive's accounts with cheap hashing (and any other options, such as a clock)."""
    return Accounts(archive.kernel, password_hasher=cheap_hasher(), **options)  # type: ignore[arg-type]


def custody_entries(archive: Archive) -> list[Entry]:
    """The whole chain of custody, oldest first."""
    with reading(archive.kernel.engine) as connection:
        return list(archive.kernel.custody.entries(connection))


def a_minute_ago() -> datetime:
    return datetime.now(UTC) - timedelta(minutes=1)


def add_person(
    archive: Archive, role: str, *, name: str | None = None, totp: bool = False
) -> Person:
    """A user with ``role``; with ``totp`` (always for admins) two-factor is set up.

    Enrolment happens "a minute ago", so the code given at sign-in is a new time step and not
    refused as a replay.
    """
    name = name or f"{role}-user"
    earlier = accounts_of(archive, clock=a_minute_ago)
    user = earlier.add(name, role, PASSWORD, actor="tester")
    if not (totp or role == "admin"):
        return Person(name, role)
    enrolment = earlier.begin_totp(user.id)
    code = pyotp.TOTP(enrolment.secret).at(a_minute_ago())
    earlier.confirm_totp(user.id, enrolment.secret, code)
    return Person(name, role, enrolment.secret)


def csrf_of(html: str) -> str:
    found = _CSRF.search(html)
    assert found, "the page has no CSRF token"
    return found.group(1)


def sign_in(client: TestClient, person: Person, password: str = PASSWORD) -> None:
    """Go through /login (and /login/2fa) like a browser; fails the test if refused."""
    page = client.get("/login")
    token = _LOGIN_TOKEN.search(page.text)
    assert token
    response = client.post(
        "/login",
        data={"name": person.name, "password": password, "login_token": token.group(1)},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    if person.totp_secret is None:
        return
    assert response.headers["location"].startswith("/login/2fa")
    page = client.get("/login/2fa")
    response = client.post(
        "/login/2fa",
        data={"code": pyotp.TOTP(person.totp_secret).now(), "csrf_token": csrf_of(page.text)},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text


def page_csrf(client: TestClient) -> str:
    """This session's CSRF token, as a page carries it."""
    return csrf_of(client.get("/account").text)


def finished_job(client: TestClient, response: Any, *, patience: float = 120.0) -> Any:
    """The page of the job an upload or a capture answered with, once the job has ended.

    ``patience`` only keeps a broken job from hanging the suite; it measures nothing.
    """
    assert response.status_code == 200, response.text
    path = response.url.path
    assert path.startswith("/jobs/"), path
    give_up = time.monotonic() + patience
    while client.get(f"/api{path}").json()["state"] not in ("done", "failed"):
        assert time.monotonic() < give_up, f"{path} did not end"
        time.sleep(0.02)
    return client.get(path)
